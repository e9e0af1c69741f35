package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func summaryItems() []duban.Item {
	return []duban.Item{
		{Number: 1, Kind: duban.KindSection, Title: "一、加强基础建设"},
		{ID: 12, Number: 12, Kind: duban.KindTask, Title: "新建城东小学教学楼", Owner: "基建科", Status: duban.StatusDoing, Percent: 60},
		{ID: 13, Number: 13, Kind: duban.KindTask, Title: "营养餐改善计划全覆盖", Owner: "计财科", Status: duban.StatusDone, Percent: 100},
		{ID: 14, Number: 14, Kind: duban.KindTask, Title: "校园安全隐患排查", Owner: "督导室", Status: duban.StatusTodo},
		{ID: 15, Number: 15, Kind: duban.KindTask, Title: "教师培训", Owner: "人事科", Status: duban.StatusDoing, Percent: 30},
	}
}

func at(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }

func summaryReports() []duban.Progress {
	return []duban.Progress{
		{ItemID: 12, ItemNumber: 12, UserName: "张三", Text: "#12 已完成施工招标", Percent: 40, CreatedAt: at(3, 2)},
		{ItemID: 13, ItemNumber: 13, UserName: "李四", Text: "营养餐已覆盖全部学校", Percent: 100, Done: true, CreatedAt: at(5, 2)},
		{ItemID: 12, ItemNumber: 12, UserName: "张三", Text: "#12 主体结构封顶", Percent: 60, CreatedAt: at(20, 2)},
		{ItemID: 99, ItemNumber: 99, UserName: "王五", Text: "不在范围内的事项", Percent: 10, CreatedAt: at(21, 2)},
	}
}

func TestTemplateSummary(t *testing.T) {
	nov1 := duban.Date{Year: 2026, Month: time.November, Day: 1}
	nov30 := duban.Date{Year: 2026, Month: time.November, Day: 30}
	tests := []struct {
		name     string
		scope    string
		items    []duban.Item
		reports  []duban.Progress
		from, to duban.Date
		lang     string
		want     string   // exact text, when set
		contains []string // fragments, when want is not set
		absent   []string
	}{
		{
			name: "zh some done", scope: "2026年11月", items: summaryItems(), reports: summaryReports(),
			from: nov1, to: nov30, lang: "zh",
			want: "本次总结范围为2026年11月（2026年11月1日至11月30日），共涉及工作事项4项，其中已完成1项、进行中2项、未开始1项。" +
				"期间各单位共报送进展3次，涉及事项2项，主要情况如下：" +
				"一是新建城东小学教学楼（#12，基建科牵头，报送2次），主体结构封顶，目前进度60%；" +
				"二是营养餐改善计划全覆盖（#13，计财科牵头，报送1次），营养餐已覆盖全部学校，已完成销号。" +
				"另有2项未完成事项本期未报送进展（#14、#15）。",
		},
		{
			name: "zh no reports", scope: "督导室", items: summaryItems()[3:4], lang: "",
			want: "本次总结范围为督导室，共涉及工作事项1项，其中未开始1项。期间暂无进展报送记录。另有1项未完成事项本期未报送进展（#14）。",
		},
		{
			name: "zh no items", scope: "督导室", from: nov1, to: nov30, lang: "zh",
			want: "本次总结范围为督导室（2026年11月1日至11月30日），暂无工作事项记录。",
		},
		{
			name: "en some done", scope: "November 2026", items: summaryItems(), reports: summaryReports(),
			from: nov1, to: nov30, lang: "en",
			want: "This summary covers November 2026 (from 2026-11-01 to 2026-11-30). It includes 4 items: 1 done, 2 in progress, 1 not started. " +
				"3 progress reports were received on 2 items. " +
				"First, 新建城东小学教学楼 (#12, led by 基建科, 2 reports): 主体结构封顶; progress 60%. " +
				"Second, 营养餐改善计划全覆盖 (#13, led by 计财科, 1 report): 营养餐已覆盖全部学校; completed. " +
				"2 open items had no report in the period (#14, #15).",
		},
		{
			name: "en no reports", scope: "", items: summaryItems()[3:5], to: nov30, lang: "en",
			want: "This summary covers all items (up to 2026-11-30). It includes 2 items: 1 in progress, 1 not started. " +
				"No progress was reported in the period. 2 open items had no report in the period (#14, #15).",
		},
		{
			name: "report closes an item the row still shows open", scope: "#15 教师培训", items: summaryItems()[4:5],
			reports: []duban.Progress{{ItemNumber: 15, Text: "培训已结束", Percent: duban.NoPercent, Done: true, CreatedAt: at(9, 1)}},
			from:    nov1, lang: "zh",
			contains: []string{"2026年11月1日以来", "其中已完成1项", "一是教师培训（#15，人事科牵头，报送1次），培训已结束，已完成销号。"},
			absent:   []string{"进度30%", "未报送"},
		},
		{
			name: "percent falls back to the item when reports state none", scope: "人事科", items: summaryItems()[4:5],
			reports: []duban.Progress{{ItemNumber: 15, Text: "正在组织第二批", Percent: duban.NoPercent, CreatedAt: at(9, 1)}},
			lang:    "zh", contains: []string{"正在组织第二批，目前进度30%"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TemplateSummary(tt.scope, tt.items, tt.reports, tt.from, tt.to, tt.lang)
			if tt.want != "" && got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			for _, c := range tt.contains {
				if !strings.Contains(got, c) {
					t.Errorf("missing %q in\n%s", c, got)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(got, a) {
					t.Errorf("unexpected %q in\n%s", a, got)
				}
			}
			if again := TemplateSummary(tt.scope, tt.items, tt.reports, tt.from, tt.to, tt.lang); again != got {
				t.Errorf("not deterministic:\n%s\n%s", got, again)
			}
		})
	}
}

// TestTemplateSummaryBounded checks that a whole year's worth of items stays
// one readable message: ten described, the rest pointed to the ledger.
func TestTemplateSummaryBounded(t *testing.T) {
	var items []duban.Item
	var reports []duban.Progress
	for n := 1; n <= 40; n++ {
		items = append(items, duban.Item{Number: n, Kind: duban.KindTask, Title: fmt.Sprintf("事项%d", n), Status: duban.StatusDoing})
		if n <= 14 {
			reports = append(reports, duban.Progress{ItemNumber: n, Text: "推进中", Percent: duban.NoPercent, CreatedAt: at(2, n)})
		}
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			got := TemplateSummary("全年", items, reports, duban.Date{}, duban.Date{}, lang)
			want := map[string][]string{
				"zh": {"十是事项10（#10", "此外，另有4项事项有进展报送，详见台账。", "另有26项未完成事项本期未报送进展（#15、", "#29等）。"},
				"en": {"Tenth, 事项10 (#10", "In addition, 4 more items had reports; see the ledger.", "26 open items had no report in the period (#15, ", "#29, …)."},
			}[lang]
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			if strings.Contains(got, "事项11（#11") || strings.Contains(got, "事项11 (#11") || strings.Contains(got, "#30") {
				t.Errorf("listing not bounded:\n%s", got)
			}
		})
	}
}

// TestSummaryClause: a report becomes a clause of the summary's prose, not
// a quotation of what was typed.
func TestSummaryClause(t *testing.T) {
	tests := []struct {
		text string
		done bool
		want string
	}{
		{"#12 已完成施工招标，进度60%。", false, "已完成施工招标"},
		{"目前进度达到45%，第二批设备已到货", false, "第二批设备已到货"},
		{"覆盖率达95%，进度80%", false, "覆盖率达95%"},
		{"进度60%", false, ""},
		{"已完成", true, ""},
		{"已完成", false, "已完成"},
		{"主体结构封顶\n外墙施工中", false, "主体结构封顶，外墙施工中"},
		{"已完成全县32所中小学校园安全隐患排查，发现问题15处，已整改12处，其余3处正在整改，预计月底前全部完成销号，后续将开展复查", false,
			"已完成全县32所中小学校园安全隐患排查，发现问题15处，已整改12处，其余3处正在整改，预计月底前全部完成销号等"},
	}
	for _, tt := range tests {
		got := summaryClause(duban.Progress{ItemNumber: 12, Text: tt.text}, tt.done)
		if got != tt.want {
			t.Errorf("summaryClause(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	// No quotation marks around what people typed.
	got := TemplateSummary("本月", summaryItems(), summaryReports(), duban.Date{}, duban.Date{}, LangZH)
	if strings.ContainsAny(got, "“”") || strings.Contains(got, "最新进展为") {
		t.Errorf("the summary quotes the reports:\n%s", got)
	}
}

func TestSummaryOrdinalZH(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 35: "三十五"} {
		if got := summaryOrdinalZH(n); got != want {
			t.Errorf("summaryOrdinalZH(%d) = %q, want %q", n, got, want)
		}
	}
}
