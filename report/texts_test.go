package report

import (
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

var (
	textToday = duban.Date{Year: 2026, Month: time.November, Day: 25}
	textLoc   = time.FixedZone("CST", 8*3600)
)

func textItems() []duban.Item {
	return []duban.Item{
		{Number: 3, Title: "落实学生资助政策", Owner: "计划财务科", Deadline: duban.Date{Year: 2026, Month: 11, Day: 20}, Status: duban.StatusDoing, Percent: 40, Kind: duban.KindTask},
		{Number: 2, Title: "排查<b>隐患</b>&整改", Owner: "安全稳定科", Deadline: duban.Date{Year: 2026, Month: 11, Day: 27}, DeadlineText: "11月底前", Status: duban.StatusTodo, Kind: duban.KindTask},
		{Number: 9, Title: "完成营养餐招标", Owner: "计划财务科", Deadline: duban.Date{Year: 2026, Month: 11, Day: 28}, Status: duban.StatusTodo, Kind: duban.KindTask},
		{Number: 11, Title: "整理档案", Status: duban.StatusTodo, Kind: duban.KindTask},
	}
}

func TestTexts(t *testing.T) {
	items := textItems()
	tests := []struct {
		name   string
		got    string
		has    []string
		hasNot []string
		order  []string // substrings that must appear in this order
	}{
		{"due grouped", DueList(items[1:3], 5, "本周（11月25日—11月29日）", textToday, LangZH),
			[]string{"本周（11月25日—11月29日）到期的任务</b>（共5项）", "&lt;b&gt;隐患&lt;/b&gt;&amp;整改", "……另有3项未列出"},
			[]string{"<b>隐患</b>", "（安全稳定科）"},
			[]string{"<b>安全稳定科</b>", "#2", "<b>计划财务科</b>", "#9"}},
		{"due empty", DueList(nil, 0, "下周", textToday, LangZH), []string{"下周没有到期的任务"}, nil, nil},
		{"due en", DueList(items[1:2], 1, "this week", textToday, LangEN), []string{"Due this week</b> (1)", "2 days left"}, []string{"未开始"}, nil},
		{"overdue", OverdueList(items[:1], 1, textToday, LangZH), []string{"逾期未完成的任务</b>（共1项）", "#3", "逾期5天", "进行中 40%"}, nil, nil},
		{"overdue none", OverdueList(nil, 0, textToday, LangEN), []string{"Nothing is overdue"}, nil, nil},
		{"overdue note", OverdueNote(2, LangZH), []string{"另有2项已逾期", "/overdue"}, nil, nil},
		{"no unit owner", OverdueList(items[3:], 1, textToday, LangZH), []string{"未定牵头单位", "#11"}, nil, nil},
		{"owner several", OwnerList("督导", []string{"督导室", "督导组"}, items[:1], 1, textToday, LangZH), []string{"督导的未完成任务", "匹配的单位：督导室、督导组"}, nil, nil},
		{"owner none", NoOwner("<x>", []string{"督导室", "办公室"}, LangZH), []string{"没有找到单位“&lt;x&gt;”", "已知单位：督导室、办公室"}, nil, nil},
		{"search", SearchResults(SearchView{Query: "资助", Items: items[:1], ItemTotal: 1,
			Reports:     []duban.Progress{{ItemNumber: 3, UserName: "王芳", Text: "资金已拨付<90%>", Percent: 90, CreatedAt: time.Date(2026, 11, 24, 2, 30, 0, 0, time.UTC)}},
			ReportTotal: 1500, ReportTitles: map[int]string{3: "落实学生资助政策"}, Cap: 1000}, textToday, textLoc, LangZH),
			[]string{"搜索“资助”", "事项</b>（1项）", "进展</b>（1000+条）", "11月24日 10:30 王芳：资金已拨付&lt;90%&gt;", "超过1000"}, []string{"（90%）"},
			[]string{"<b>#3</b> 落实学生资助政策", "进展", "<b>#3</b> 落实学生资助政策"}},
		{"search none", SearchResults(SearchView{Query: "x&y"}, textToday, textLoc, LangZH), []string{"没有找到包含“x&amp;y”"}, nil, nil},
		{"outline", Outline([]OutlinePlan{{Plan: duban.Plan{Name: "2026年工作要点"}, Sections: []OutlineSection{
			{Section: duban.Item{Number: 1, Code: "一", Title: "校园安全"}, Done: 1, Open: 3, Overdue: 1},
			{Done: 0, Open: 2}}}}, LangZH),
			[]string{"2026年工作要点", "共6项任务：已完成1，未完成5，逾期1（完成率16%）", "#1</b> 一 校园安全：完成1 / 未完成3 / <b>逾期1</b>", "其他事项：完成0 / 未完成2"}, nil, nil},
		{"outline empty", Outline(nil, LangEN), []string{"No plan has been imported yet"}, nil, nil},
		{"help unserved", HelpText([]HelpLine{{Usage: "/due", Text: "到期"}, {Usage: "/add", Text: "添加", Admin: true}}, false, LangZH),
			[]string{"本群尚未启用", "/due — 到期", "管理员</b>\n/add — 添加", "#12 已完成招标"}, nil, nil},
		{"partners", PartnerList("交警", []string{"县交警大队"}, items[:1], 1, textToday, LangZH),
			[]string{"县交警大队配合的未完成任务</b>（共1项", "#3</b> 落实学生资助政策（计划财务科）"}, nil, nil},
		{"partners none", PartnerList("县交警大队", []string{"县交警大队"}, nil, 0, textToday, LangEN),
			[]string{"县交警大队 supports no open task as a partner"}, nil, nil},
		{"counts", CountsText(duban.TaskCounts{Plans: 2, Done: 3, Open: 5, Overdue: 1}, "open", LangZH),
			[]string{"还有<b>5项</b>任务未完成（其中逾期1项）", "共8项（2份计划合计）", "完成率37%"}, nil, nil},
		{"item answer", ItemAnswer(items[1], AspectDeadline, textToday, LangZH),
			[]string{"时限：11月27日（11月底前） 还剩2天", "状态：未开始"}, []string{"状态：未开始 ·"}, nil},
		{"progress", ProgressRecorded(items[0], duban.Progress{Percent: 60}, textToday, LangZH), []string{"#3 进度更新为60%"}, nil, nil},
		{"closed", ProgressRecorded(duban.Item{Number: 3, Status: duban.StatusDone, Title: "x"}, duban.Progress{Done: true, Percent: duban.NoPercent}, textToday, LangEN), []string{"Closed #3"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.has {
				if !strings.Contains(tt.got, s) {
					t.Errorf("lacks %q:\n%s", s, tt.got)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(tt.got, s) {
					t.Errorf("has %q:\n%s", s, tt.got)
				}
			}
			at := 0
			for _, s := range tt.order {
				i := strings.Index(tt.got[at:], s)
				if i < 0 {
					t.Errorf("%q not after position %d:\n%s", s, at, tt.got)
					break
				}
				at += i + len(s)
			}
		})
	}
}

func TestItemDetail(t *testing.T) {
	parent := duban.Item{Number: 1, Title: "校园安全", Kind: duban.KindSection}
	it := duban.Item{Number: 3, Code: "一.2", Title: "落实资助", Body: "按月拨付", Owner: "计划财务科", Partners: []string{"督导室", "各学校"},
		Deadline: duban.Date{Year: 2026, Month: 11, Day: 20}, DeadlineText: "11月20日前", Target: "到位率100%", Status: duban.StatusDoing, Percent: 60, Kind: duban.KindTask}
	reports := []duban.Progress{
		{UserName: "王芳", Text: "已拨付60%", Percent: 60, CreatedAt: time.Date(2026, 11, 24, 16, 5, 0, 0, time.UTC)},
		{UserName: "", Text: strings.Repeat("长", 400), Percent: duban.NoPercent, CreatedAt: time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)},
	}
	got := ItemDetail(ItemView{Item: it, Parent: &parent, Reports: reports}, textToday, textLoc, LangZH)
	for _, s := range []string{"<b>#3</b> 一.2 <b>落实资助</b>", "所属：#1 校园安全", "内容：按月拨付", "牵头单位：计划财务科", "配合单位：督导室、各学校",
		"时限：11月20日 <b>逾期5天</b>", "目标：到位率100%", "状态：进行中 60%", "11月25日 00:05 王芳：已拨付60%\n", "某人", "…"} {
		if !strings.Contains(got, s) {
			t.Errorf("detail lacks %q:\n%s", s, got)
		}
	}
	// Neither the deadline's words nor the percent are said twice.
	for _, s := range []string{"（11月20日前）", "（60%）"} {
		if strings.Contains(got, s) {
			t.Errorf("detail repeats %q:\n%s", s, got)
		}
	}
	// Words that add something to the date stay, and a percent the words
	// do not state is shown.
	it.DeadlineText, reports[0].Text = "11月下旬", "资金已拨付"
	got = ItemDetail(ItemView{Item: it, Reports: reports[:1]}, textToday, textLoc, LangZH)
	for _, s := range []string{"时限：11月20日（11月下旬）", "王芳：资金已拨付（60%）"} {
		if !strings.Contains(got, s) {
			t.Errorf("detail lacks %q:\n%s", s, got)
		}
	}
	sec := ItemDetail(ItemView{Item: parent, Children: textItems()}, textToday, textLoc, LangEN)
	for _, s := range []string{"0 done, 4 open, 1 of them overdue", "#9", "#11"} {
		if !strings.Contains(sec, s) {
			t.Errorf("section lacks %q:\n%s", s, sec)
		}
	}
}
