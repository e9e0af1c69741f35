package planimport

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// The documents of these tests are written for them: a school's summary
// with its next year's plan, a district's 工作要点, a department-task
// plan, a page of three articles, a summary alone.

// noItem fails when an item's title starts with one of the prefixes.
func noItem(t *testing.T, doc *Document, prefixes ...string) {
	t.Helper()
	for _, p := range prefixes {
		for _, it := range doc.Items {
			if strings.HasPrefix(it.Title, p) {
				t.Errorf("item #%d %q should not be imported\n%s", it.Number, it.Title, doc.Outline())
			}
		}
	}
}

func warned(t *testing.T, doc *Document, parts ...string) {
	t.Helper()
	all := strings.Join(doc.Warnings, "\n")
	for _, p := range parts {
		if !strings.Contains(all, p) {
			t.Errorf("warnings %q lack %q", doc.Warnings, p)
		}
	}
}

func TestSummaryWithPlan(t *testing.T) {
	doc := decodeFile(t, "summary_plan.txt")
	if doc.Year != 2026 {
		t.Errorf("year %d, want 2026 (the plan's, not the summary's)", doc.Year)
	}
	if s := doc.Stats(); s.Tasks != 7 {
		t.Errorf("stats %+v, want 7 tasks\n%s", s, doc.Outline())
	}
	noItem(t, doc, "2025年主要工作及成效", "教学质量稳步提升", "校园安全持续巩固", "存在的不足", "部分教师教学方法陈旧")
	warned(t, doc, "“一、2025年主要工作及成效”（5项）", "“二、存在的不足”（3项）")
	for _, w := range []want{
		{title: "2026年工作计划", code: "三", kind: duban.KindSection},
		{title: "提高教学质量", code: "三.(一)", kind: duban.KindSection},
		{title: "开展“一师一优课”活动", code: "三.(一).1", owner: "教导处", deadline: "2026-11-30"},
		// "去年11月，学校组织了期中联考" dates what was done; the plan is
		// "6月底前形成…方案".
		{title: "完善学业质量监测", owner: "教导处", partners: "各年级组", deadline: "2026-06-30", dlText: "6月底前"},
		{title: "落实校园安全“日巡查、周报告”制度", code: "三.(二).3", parent: "加强安全管理", deadline: "2026-08-31", dlText: "9月开学前"},
		{title: "开展防溺水专题教育", code: "三.(二).4", deadline: "2026-07-10", target: "100%"},
		{title: "推进学校运动场改造", code: "三.(三).5", deadline: "2026-12-31", dlText: "2026年"},
		// "2026年校园绿化美化方案" names the plan's year, not a date.
		{title: "实施2026年校园绿化美化方案", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
}

func TestSummaryOnly(t *testing.T) {
	summary, err := readTestdata("summary_only.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The same summary under a neutral title is recognised by its words.
	neutral := bytes.Replace(summary, []byte("2025年度工作总结"), []byte("2025年工作情况"), 1)
	unnumbered := []byte("学校2025年工作\n3月，学校启动了课堂改革，举办了两轮全员赛课。\n全年组织了6次应急疏散演练，开展了安全隐患排查。\n")
	for name, data := range map[string][]byte{"titled": summary, "by its words": neutral, "unnumbered": unnumbered} {
		t.Run(name, func(t *testing.T) {
			doc, err := Decode(bytes.NewReader(data), "a.txt", Options{Now: testNow})
			if err == nil {
				t.Fatalf("decoded a summary:\n%s", doc.Outline())
			}
			var de *duban.Error
			if !errors.Is(err, ErrNoItems) || !errors.Is(err, ErrSummaryOnly) || !errors.As(err, &de) || de.Message != ErrSummaryOnly.Message {
				t.Errorf("error %v, want ErrSummaryOnly and ErrNoItems", err)
			}
		})
	}
	// A summary that ends with next year's plan keeps the plan.
	withPlan := append(append([]byte(nil), summary...), []byte("四、2026年工作打算\n1.推广“学案导学”课堂模式，10月底前完成校级示范课评比。\n2.新建心理辅导室1间。\n")...)
	doc := decodeBytes(t, withPlan, "a.txt", Options{})
	if s := doc.Stats(); s.Sections != 1 || s.Tasks != 2 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	checkItem(t, doc, want{title: "推广“学案导学”课堂模式", code: "四.1", deadline: "2026-10-31"})
	warned(t, doc, "抓实常规管理", "深化课堂改革", "加强安全教育")
}

func TestReviewBesidePlanBelowTop(t *testing.T) {
	text := "某校2026年德育工作计划\n" +
		"一、德育工作\n（一）2025年工作回顾\n1.开展了“文明班级”评比。\n2.组织了学生志愿服务。\n" +
		"（二）2026年工作打算\n1.完善“文明班级”评比细则，3月底前印发。\n2.每月开展一次志愿服务。\n" +
		"二、安全工作\n1.每学期开展两次应急演练。\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	noItem(t, doc, "2025年工作回顾", "开展了“文明班级”评比")
	checkItem(t, doc, want{title: "完善“文明班级”评比细则", code: "一.(二).1", deadline: "2026-03-31"})
	checkItem(t, doc, want{title: "每学期开展两次应急演练", code: "二.1"})
	warned(t, doc, "2025年工作回顾")
}

func TestPlanIsNotAReview(t *testing.T) {
	// Plans mention what exists and what was done as context; that does
	// not make their sections reviews.
	for _, name := range []string{"plan_utf8.txt", "district_points.txt", "dept_tasks.txt"} {
		doc := decodeFile(t, name)
		for _, w := range doc.Warnings {
			if strings.Contains(w, "总结") {
				t.Errorf("%s: warning %q", name, w)
			}
		}
	}
}

func TestDistrictPoints(t *testing.T) {
	doc := decodeFile(t, "district_points.txt")
	if doc.Title != "某区教育局2026年工作要点" || doc.Year != 2026 {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	if s := doc.Stats(); s.Sections != 8 || s.Tasks != 11 || s.WithOwner != 10 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		{title: "组建区中小学思政课教研共同体", code: "一.(一).1", owner: "基础教育科", deadline: "2026-10-31", dlText: "10月底前"},
		{title: "实施2026年“红色研学”实践方案", owner: "德育科", partners: "团区委、各学校", deadline: "-", target: "5个"},
		// "用3到5年时间" is a long-term aim, not this year's deadline.
		{title: "落实学生每天校内外体育活动2小时要求", owner: "体卫艺科", deadline: "-"},
		// The item opens with last year's meeting; its task is the
		// games, and its date is the opening day.
		{title: "今年要在此基础上举办第八届中小学生运动会", code: "一.(二).4", deadline: "2026-05-20"},
		{title: "加快实验二小、城东幼儿园建设", owner: "区教育局计财科", partners: "区发展改革局、区住房城乡建设局", deadline: "2026-08-31", target: "新增学位1620个"},
		// "在“十五五”期间" and "本年度" are periods; the deadline is the
		// dated one.
		{title: "在“十五五”期间", owner: "基础教育科", partners: "人事科", deadline: "2026-06-30"},
		{title: "区编办、区财政局、区人力资源和社会保障局、区教育局人事科、计财科…", deadline: "2026-09-30"},
		// "2025年底前已完成试点" is done; "年内完成…竞聘" is the deadline.
		{title: "开展“县管校聘”管理改革", owner: "人事科", deadline: "2026-12-31", dlText: "年内"},
		// A bracketed aside is left out of the title, not cut through.
		{title: "构建教师专业发展“三级梯队”", owner: "教师发展中心", deadline: "-"},
		{title: "开展校园安全隐患大排查", owner: "安全办", deadline: "2026-12-31", dlText: "12月31日前"},
	} {
		checkItem(t, doc, w)
	}
	for _, it := range doc.Items {
		if strings.HasPrefix(it.Title, "构建教师专业发展") && it.Title != "构建教师专业发展“三级梯队”" {
			t.Errorf("title %q", it.Title)
		}
	}
}

func TestDepartmentTasks(t *testing.T) {
	doc := decodeFile(t, "dept_tasks.txt")
	for _, w := range []want{
		{title: "区教育局工作任务", code: "一", kind: duban.KindSection, owner: "区教育局"},
		{title: "制定城乡学校共同体建设评估办法", code: "一.1", owner: "区教育局", deadline: "2026-03-31"},
		{title: "统筹安排共同体建设专项经费", owner: "区教育局", target: "不少于20万元"},
		{title: "区财政局工作任务", kind: duban.KindTask, owner: "区财政局", deadline: "2026-06-30"},
		{title: "各学校工作任务", kind: duban.KindSection, owner: "各学校"},
		{title: "各学校于12月15日前报送年度共同体建设总结", owner: "各学校", deadline: "2026-12-15"},
		{title: "督导室", owner: "督导室"},
	} {
		checkItem(t, doc, w)
	}
}

func TestCompilation(t *testing.T) {
	doc := decodeFile(t, "compilation.txt")
	// The page is dated by none of its articles.
	if doc.Title != "学校工作计划范文" || doc.Year != testNow.Year() {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	for _, w := range []want{
		// Its own title names the article and its year.
		{title: "东湖小学2024年工作计划", code: "第1篇", kind: duban.KindSection},
		{title: "开展教学常规月活动", code: "第1篇.一.1", deadline: "2024-04-30"},
		{title: "暑假前召开家长会", deadline: "2024-07-10"},
		// Untitled: the page's title and the article's number; its
		// signature dates this article only.
		{title: "学校工作计划范文（第2篇）", code: "第2篇", kind: duban.KindSection},
		{title: "组织教师参加信息技术应用能力培训", code: "第2篇.一.1", deadline: "2019-06-30"},
		{title: "严格执行课程计划", deadline: "2019-09-30"},
	} {
		checkItem(t, doc, w)
	}
	// The third article is a summary.
	noItem(t, doc, "南山中学", "教学成绩稳中有升", "安全工作扎实开展")
	warned(t, doc, "第3篇（4项）")
}

func TestChatter(t *testing.T) {
	for _, text := range []string{
		"今天下午三点开会，请准时参加。",
		"各位老师：\n明天上午九点在三楼会议室开会，请准时参加。\n收到请回复。",
		"通知\n请各校于9月底前报送材料。",
	} {
		if doc, err := Decode(strings.NewReader(text), "a.txt", Options{Now: testNow}); !errors.Is(err, ErrNoItems) {
			t.Errorf("%q: error %v, want ErrNoItems; decoded %v", text, err, doc)
		}
	}
	// Two sentences of work are a plan, however short.
	doc := decodeBytes(t, []byte("安全工作安排\n9月底前完成校舍安全排查。\n10月组织一次消防演练。"), "a.txt", Options{})
	if s := doc.Stats(); s.Tasks != 2 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
}
