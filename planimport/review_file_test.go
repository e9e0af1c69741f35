package planimport

import (
	"testing"

	"github.com/duban-bot/duban/duban"
)

// TestDocxSummaryWithPlan: a Word summary-and-plan whose parts are numbered
// by Word itself.
func TestDocxSummaryWithPlan(t *testing.T) {
	body := p("", "Title", "某县教育局2025年工作总结和2026年工作计划") +
		p("1:0", "", "2025年工作回顾") +
		p("1:2", "", "建成了城南小学，新增学位900个。") +
		p("1:2", "", "3月，组织了全县教师全员培训。") +
		p("1:0", "", "存在的主要问题") +
		p("1:2", "", "农村学校教师结构性缺编。") +
		p("1:0", "", "2026年工作计划") +
		p("1:1", "", "推进学位建设") +
		p("1:2", "", "城北幼儿园8月底前投入使用（责任股室：基建股）") +
		p("1:2", "", "启动第三中学扩建，年内完成立项。") +
		p("1:1", "", "加强队伍建设") +
		p("1:2", "", "招聘新教师120名，7月31日前完成。人事股牵头，各学校配合。")
	doc := decodeBytes(t, buildDocx(t, document(body), testNumbering, testStyles), "计划.docx", Options{})
	if doc.Year != 2026 {
		t.Errorf("year %d", doc.Year)
	}
	if s := doc.Stats(); s.Sections != 3 || s.Tasks != 3 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "2025年工作回顾", "建成了城南小学", "存在的主要问题")
	warned(t, doc, "2025年工作回顾", "存在的主要问题")
	for _, w := range []want{
		{title: "2026年工作计划", code: "三", kind: duban.KindSection},
		{title: "城北幼儿园8月底前投入使用", code: "三.(一).1", owner: "基建股", deadline: "2026-08-31"},
		{title: "启动第三中学扩建", code: "三.(一).2", deadline: "2026-12-31"},
		{title: "招聘新教师120名", code: "三.(二).1", owner: "人事股", partners: "各学校", deadline: "2026-07-31", target: "120名"},
	} {
		checkItem(t, doc, w)
	}
}

// TestLedgerIsNeverAReview: a ledger at the year's end reports every task
// as done; its rows are still the plan's tasks.
func TestLedgerIsNeverAReview(t *testing.T) {
	rows := [][]any{
		{"某区教育局2026年重点工作台账"},
		{"序号", "工作任务", "牵头单位", "完成时限", "进展情况", "状态"},
		{1, "召开了全区教育工作会议，部署全年工作", "办公室", "2月底前", "已于2月20日召开", "已完成"},
		{2, "完成了2026年教师招聘计划编制", "人事科", "3月31日前", "已报区人社局备案", "已完成"},
		{3, "2026年校舍维修工程", "计财科", "8月底前", "已完成招标，正在施工", "进行中"},
	}
	doc := decodeBytes(t, writeSheet(t, "台账", rows, [][2]string{{"A1", "F1"}}), "台账.xlsx", Options{})
	if s := doc.Stats(); s.Tasks != 3 || len(doc.Warnings) != 0 {
		t.Errorf("stats %+v warnings %q\n%s", s, doc.Warnings, doc.Outline())
	}
	for _, w := range []want{
		{title: "召开了全区教育工作会议", owner: "办公室", deadline: "2026-02-28", status: duban.StatusDone},
		{title: "完成了2026年教师招聘计划编制", owner: "人事科", deadline: "2026-03-31", status: duban.StatusDone},
		{title: "2026年校舍维修工程", owner: "计财科", deadline: "2026-08-31", dlText: "8月底前", status: duban.StatusDoing},
	} {
		checkItem(t, doc, w)
	}
}
