package llm

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var testSources = []string{
	"#12 新建城东小学教学楼",
	"#13 营养餐改善计划覆盖全县38所学校",
	"2026-11-03 张三：已完成施工招标，进度60%",
	"2026-11-20 张三：主体结构封顶，完成投资1500万元",
	"培训教师3124人次，组织专题讲座十五场",
	"9月底以前",
	"事项共5项，已完成2项",
}

func TestGround(t *testing.T) {
	tests := []struct {
		name  string
		draft string
		lang  string
		want  string
		n     int
	}{
		{"nothing to check", "各项工作稳步推进。", "zh", "各项工作稳步推进。", 0},
		{"figures from the sources pass", "一是#12已于11月3日完成施工招标，进度60%；二是#13覆盖38所学校。", "zh",
			"一是#12已于11月3日完成施工招标，进度60%；二是#13覆盖38所学校。", 0},
		{"invented percentage", "#12进度达到80%。", "zh", "#12进度达到80%【待核实】。", 1},
		{"invented count and date", "新增7所学校，11月5日通过验收。", "zh", "新增7所【待核实】学校，11月5日【待核实】通过验收。", 2},
		{"citation out of scope", "#12和#99均已完成。", "zh", "#12和#99【待核实】均已完成。", 1},
		{"chinese percent", "进度达到百分之六十。", "zh", "进度达到百分之六十。", 0},
		{"chinese percent invented", "进度达到百分之七十。", "zh", "进度达到百分之七十【待核实】。", 1},
		{"money in another magnitude", "完成投资1500万元，即0.15亿元，合15000000元。", "zh", "完成投资1500万元，即0.15亿元，合15000000元。", 0},
		{"money invented", "完成投资2000万元。", "zh", "完成投资2000万元【待核实】。", 1},
		{"chinese numerals", "组织讲座十五场，覆盖三十八所学校，共五项事项。", "zh", "组织讲座十五场，覆盖三十八所学校，共五项事项。", 0},
		{"chinese numerals invented", "组织讲座二十场。", "zh", "组织讲座二十场【待核实】。", 1},
		{"approximate count", "培训教师3000多人次，3100余人次。", "zh", "培训教师3000多人次，3100余人次。", 0},
		{"approximate count invented", "培训教师4000多人次。", "zh", "培训教师4000多人次【待核实】。", 1},
		{"order of magnitude backed", "培训教师逾千人次。", "zh", "培训教师逾千人次。", 0},
		{"order of magnitude invented", "惠及师生近万人。", "zh", "惠及师生近万人【待核实】。", 1},
		{"ten thousands", "培训教师0.3124万人次。", "zh", "培训教师0.3124万人次。", 0},
		{"ordinals are not figures", "一是抓落实，二是抓督办。第一，第3批，其一。", "zh", "一是抓落实，二是抓督办。第一，第3批，其一。", 0},
		{"list markers are not figures", "1. 完成招标\n(2) 封顶\n三、其他", "zh", "1. 完成招标\n(2) 封顶\n三、其他", 0},
		{"idioms are not figures", "十分重视，进一步压实一项项任务，做到一校一策，树牢四个意识，十四五期间。", "zh",
			"十分重视，进一步压实一项项任务，做到一校一策，树牢四个意识，十四五期间。", 0},
		{"durations with 两 are counts, not dates", "历时两月，用时两日；二日完成。", "zh", "历时两月，用时两日；二日【待核实】完成。", 1},
		{"grades are not figures", "三年级和初二学生", "zh", "三年级和初二学生", 0},
		{"month and year from dates", "2026年11月，工作按期推进；9月底前完成。", "zh", "2026年11月，工作按期推进；9月底前完成。", 0},
		{"invented year", "2025年已完成。", "zh", "2025年【待核实】已完成。", 1},
		{"chinese date", "十一月三日完成招标，二〇二六年十一月二十日封顶。", "zh", "十一月三日完成招标，二〇二六年十一月二十日封顶。", 0},
		{"chinese date invented", "十一月四日完成招标。", "zh", "十一月四日【待核实】完成招标。", 1},
		{"bare number invented", "累计完成77。", "zh", "累计完成77【待核实】。", 1},
		{"already marked is counted once", "进度80%【待核实】。", "zh", "进度80%【待核实】。", 1},
		{"full-width digits", "进度６０％，新增７所。", "zh", "进度６０％，新增７所【待核实】。", 1},
		{"english passes", "#12 reached 60% on November 3, 2026; 38 schools are covered.", "en",
			"#12 reached 60% on November 3, 2026; 38 schools are covered.", 0},
		{"english invented", "#12 reached 75 percent on 4 Nov; 15 million yuan were spent.", "en",
			"#12 reached 75 percent [unverified] on 4 Nov [unverified]; 15 million yuan were spent.", 2},
		{"english identifiers", "Using 5G and H5 pages, in May we may.", "en", "Using 5G and H5 pages, in May we may.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := Ground(tt.draft, testSources, tt.lang)
			if got != tt.want || n != tt.n {
				t.Errorf("Ground(%q)\n got %q, %d\nwant %q, %d", tt.draft, got, n, tt.want, tt.n)
			}
		})
	}
}

// FuzzGround checks the properties callers rely on: no panic, the draft is
// kept byte for byte apart from the inserted marks, the count covers every
// mark, and a second pass changes nothing.
func FuzzGround(f *testing.F) {
	for _, s := range []string{
		"一是#12已于11月3日完成施工招标，进度60%；二是#13覆盖38所学校。",
		"新增5所学校，投资1.5万元，百分之七十，十一月四日，二〇二六年",
		"#12 reached 75 percent on 4 Nov 2026; ¥3,000; 15 million yuan",
		"3000多人次，第3批，1. 完成\n(2) 封顶",
		"进度80%【待核实】 60 [unverified]",
		"1,2,3,,4.5.6%%万万亿元",
	} {
		f.Add(s, "zh")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, draft, lang string) {
		marked, n := Ground(draft, testSources, lang)
		if n < 0 {
			t.Fatalf("negative count %d", n)
		}
		mark := Mark(lang)
		if !strings.Contains(draft, MarkZH) && !strings.Contains(draft, MarkEN) {
			if got := strings.Count(marked, mark); got != n {
				t.Fatalf("%d marks in %q, count %d", got, marked, n)
			}
			if strings.ReplaceAll(marked, mark, "") != draft {
				t.Fatalf("draft changed beyond the marks:\n%q\n%q", draft, marked)
			}
		}
		if utf8.ValidString(draft) != utf8.ValidString(marked) {
			t.Fatalf("validity changed: %q -> %q", draft, marked)
		}
		again, n2 := Ground(marked, testSources, lang)
		if again != marked || n2 != n {
			t.Fatalf("not idempotent:\n%q %d\n%q %d", marked, n, again, n2)
		}
	})
}
