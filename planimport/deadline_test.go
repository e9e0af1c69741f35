package planimport

import (
	"strings"
	"testing"
	"time"
)

// TestDeadlineInContext reads the deadline of one task worded in many
// ways: what sets a deadline, and what only looks like one.
func TestDeadlineInContext(t *testing.T) {
	tests := []struct {
		name, task string
		want       string // YYYY-MM-DD, or "" for none
		words      string // the deadline's words, when set
	}{
		{"before", "修订学生资助管理办法，9月底前印发。", "2026-09-30", "9月底前"},
		{"within the year", "完成标准化考场改造，年内投入使用。", "2026-12-31", "年内"},
		{"by year end", "到2026年底，建成智慧校园示范校10所。", "2026-12-31", "到2026年底"},
		{"month plan", "10月举办全县中小学生艺术节。", "2026-10-31", "10月"},
		{"deadline before plain date", "5月启动摸底，8月31日前完成全部改造。", "2026-08-31", "8月31日前"},
		{"year with completion", "力争2026年完成全部旱厕改造。", "2026-12-31", "2026年"},
		{"year span with completion", "三年内完成全部薄弱学校改造。", "2029-01-01", "三年内"},

		{"year as attribute", "制定2026年教师招聘计划，报人社局审核。", "", ""},
		{"year and beyond", "2026年及今后一个时期，要把学前教育摆在优先位置。", "", ""},
		{"this year as attribute", "做好今年的招生宣传工作。", "", ""},
		{"next year's budget", "科学编制明年预算，提高资金使用效益。", "", ""},
		{"years of effort", "经过3至5年的努力，形成一批特色学校。", "", ""},
		{"years of time", "用两年时间实现城乡学校结对全覆盖。", "", ""},
		{"five-year period", "在“十五五”期间建成一批现代化学校。", "", ""},
		{"year range", "落实《2024—2027年学前教育发展提升行动计划》。", "", ""},
		{"days from an unknown day", "接到通知30日内完成整改。", "", ""},

		{"past meeting", "5月20日，教研室组织了全县数学教研活动，今后要常态开展。", "", ""},
		{"past month", "在十一月份成功举办了读书节，明年继续举办。", "", ""},
		{"past year start", "今年年初，教育局召开了安全工作会议，部署全年安全工作。", "", ""},
		{"already done", "3月底前已完成全部教师信息采集。", "", ""},
		{"past then plan", "去年11月完成了招标，今年6月底前竣工。", "2026-06-30", "今年6月底前"},
		{"event in a report", "完成了开学初、寒假前的校园安全检查。", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte("某县教育局2026年工作要点\n一、重点工作\n1."+tt.task+"\n2.其他工作。\n"), "a.txt", Options{})
			it := doc.Items[1]
			got := ""
			if !it.Deadline.IsZero() {
				got = it.Deadline.String()
			}
			if got != tt.want || (tt.words != "" && it.DeadlineText != tt.words) {
				t.Errorf("deadline %q (%q), want %q (%q)", got, it.DeadlineText, tt.want, tt.words)
			}
		})
	}
}

// TestRelativeWords: words relative to the day of writing count from the
// document's date, else (for a current document) from now, and mean
// nothing in an undated old one.
func TestRelativeWords(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text string
		opt        Options
		want       string
	}{
		{"dated", "某校工作安排\n一、本周五前上报课表。\n某校\n2026年4月13日\n", Options{Now: now}, "2026-04-17"},
		{"undated current", "某校工作安排\n一、本月底前上报课表。\n", Options{Now: now}, "2026-03-31"},
		{"undated old", "某校2019年工作安排\n一、本月底前上报课表。\n", Options{Now: now}, ""},
		{"next year dated", "某校工作安排\n一、明年3月底前完成改造。\n某校\n2025年11月20日\n", Options{Now: now}, "2026-03-31"},
		{"next year undated", "某校工作安排\n一、明年3月底前完成改造。\n", Options{Now: now}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte(tt.text), "a.txt", tt.opt)
			got := ""
			if d := doc.Items[0].Deadline; !d.IsZero() {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("deadline %q (%q), want %q\n%s", got, doc.Items[0].DeadlineText, tt.want, doc.Outline())
			}
		})
	}
}

// TestSchoolYearDates: a school-year plan's months without a year fall in
// the school year.
func TestSchoolYearDates(t *testing.T) {
	text := "某校2025-2026学年第一学期工作计划\n一、教学\n1.10月底前完成期中检测。\n2.1月10日前完成期末检测。\n3.寒假前召开家长会。\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	if doc.Year != 2025 {
		t.Errorf("year %d", doc.Year)
	}
	checkItem(t, doc, want{title: "10月底前完成期中检测", deadline: "2025-10-31"})
	checkItem(t, doc, want{title: "1月10日前完成期末检测", deadline: "2026-01-10"})
	if d := find(t, doc, "寒假前召开家长会").Deadline; d.Year != 2026 || d.Month != time.January {
		t.Errorf("寒假前: %s", d)
	}
}

func TestCutTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		// Before the next name of a list.
		{"区编办、区发展改革局、区财政局、区人力资源和社会保障局、区住房城乡建设局、区卫生健康委员会等有关部门工作任务", "区编办、区发展改革局、区财政局、区人力资源和社会保障局、区住房城乡建设局…"},
		// Before an aside in brackets, which is not cut through.
		{"健全校园安全“三防”体系（人防配备到位、物防设施到位、技防系统到位、制度落实到位）", "健全校园安全“三防”体系"},
		// Not inside quotes: before the last 、 outside them.
		{"持续开展“书香校园”、“文明校园”、“平安校园”、“绿色校园”、“智慧校园”创建活动并推广经验", "持续开展“书香校园”、“文明校园”、“平安校园”、“绿色校园”…"},
		// Before a joining word.
		{"全面落实义务教育阶段学生课后服务全覆盖要求和中小学校教师弹性上下班制度的各项具体保障措施", "全面落实义务教育阶段学生课后服务全覆盖要求和中小学校教师弹性上下班制度…"},
		{"短标题", "短标题"},
	}
	for _, tt := range tests {
		got, _ := cutTitle(tt.in)
		if got != tt.want {
			t.Errorf("cutTitle(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
		if runeLen(got) > maxCutRunes+1 {
			t.Errorf("cutTitle(%q) is %d runes", tt.in, runeLen(got))
		}
	}
	// A hard cut never leaves a quote or bracket open.
	hard := "以“" + strings.Repeat("说课上课评课", 10) + "”为重点"
	if got, _ := cutTitle(hard); strings.Count(got, "“") != strings.Count(got, "”") || !strings.HasSuffix(got, "…") {
		t.Errorf("cutTitle(%q) = %q", hard, got)
	}
}

func TestDateWithWords(t *testing.T) {
	tests := []struct {
		cell  string
		date  string
		words string
		ok    bool
	}{
		{"2026-09-30（9月底以前）", "2026-09-30", "9月底以前", true},
		{"2029-02-12 (三年内)", "2029-02-12", "三年内", true},
		{"2026-09-30", "", "", false},
		{"9月底以前", "", "", false},
		{"2026-09-30（）", "", "", false},
		{"2026-13-01（年内）", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			d, words, ok := dateWithWords(tt.cell)
			if ok != tt.ok || ok && (d.String() != tt.date || words != tt.words) {
				t.Errorf("dateWithWords(%q) = %s %q %v", tt.cell, d, words, ok)
			}
		})
	}
}
