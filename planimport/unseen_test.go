package planimport

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// Documents the importer had not seen when it was written, in the styles
// a county bureau and its schools send (testdata/unseen_* and the
// builders of unseen_docs_test.go), read as the office staff would.

func TestUnseenPointsWithLabelLines(t *testing.T) {
	doc := decodeFile(t, "unseen_points_labels.txt")
	if doc.Year != 2026 {
		t.Errorf("year %d", doc.Year)
	}
	for _, w := range []want{
		{title: "开展“一支部一品牌”创建活动", code: "一.(一).1", owner: "机关党委", partners: "办公室、组织人事科", deadline: "2026-12-31", dlText: "年底前"},
		{title: "落实意识形态工作责任制", owner: "宣传科", deadline: "-"},
		{title: "制定清廉学校建设评价细则", owner: "纪检组", partners: "各学校", deadline: "2026-06-30"},
		// The owner line under （1）（2） speaks for item 2 and both steps.
		{title: "开展校园餐专项整治", code: "一.(二).2", kind: duban.KindSection, owner: "后勤保障科", partners: "纪检组", deadline: "2026-09-30"},
		{title: "学校自查", code: "一.(二).2.(1)", owner: "后勤保障科", deadline: "2026-05-31"},
		{title: "县级抽查", code: "一.(二).2.(2)", owner: "后勤保障科", deadline: "2026-08-31"},
		{title: "新建城北幼儿园", owner: "计划财务科", deadline: "2026-08-31", dlText: "秋季开学前", target: "360"},
		{title: "普惠性幼儿园覆盖率稳定在92%以上", owner: "基础教育科"},
		// The owner line under ①②③ speaks for all three.
		{title: "义务教育优质均衡", kind: duban.KindSection, owner: "基础教育科", partners: "组织人事科、督导室"},
		{title: "完善义务教育招生入学办法", code: "二.(二).①", owner: "基础教育科", partners: "组织人事科、督导室", deadline: "2026-04-30"},
		{title: "推进“县管校聘”改革", owner: "基础教育科", deadline: "2026-09-30", dlText: "第三季度"},
		{title: "加强控辍保学动态监测", owner: "基础教育科", deadline: "-"},
		{title: "开展防溺水专项行动", owner: "安全稳定科", partners: "各乡镇中心校", dlText: "端午节前", deadline: "2026-06-18"},
		{title: "国庆节前完成校舍安全隐患排查", owner: "-", deadline: "2026-09-30"},
		{title: "元旦前组织冬季消防安全大检查", owner: "安全稳定科", partners: "后勤保障科", deadline: "2026-12-31"},
		{title: "落实校园安全“日巡查”制度", deadline: "-"},
		{title: "11月中旬举办全县中小学教师教学技能大赛", owner: "教研室", partners: "组织人事科", deadline: "2026-11-20"},
		{title: "次年3月前完成教师职称评审推荐工作", owner: "组织人事科", deadline: "2027-03-31"},
		{title: "每月开展一次青年教师读书沙龙", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
}

func TestOwnerLineScope(t *testing.T) {
	// A list that goes on after the owner line: the line is its item's.
	text := "某校2026年工作计划\n一、教学\n1.修订作业管理办法。\n2.开展推门听课。\n责任科室：教导处\n3.组织期中质量分析。\n二、安全\n1.开展应急演练。\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	checkItem(t, doc, want{title: "开展推门听课", owner: "教导处"})
	checkItem(t, doc, want{title: "修订作业管理办法", owner: "-"})
	checkItem(t, doc, want{title: "组织期中质量分析", owner: "-"})
	checkItem(t, doc, want{title: "教学", owner: "-"})
	// A top-level list has no heading to speak for: the line stays.
	text = "某校2026年安全工作要点\n1.开展应急演练。\n2.排查校舍隐患。\n责任科室：总务处\n"
	doc = decodeBytes(t, []byte(text), "a.txt", Options{})
	checkItem(t, doc, want{title: "排查校舍隐患", owner: "总务处"})
}

func TestUnseenPointsWithOwnerClauses(t *testing.T) {
	doc := decodeFile(t, "unseen_points_brackets.md")
	if doc.Title != "松川区教育局2026年重点工作安排" || doc.Year != 2026 {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	for _, w := range []want{
		{title: "实施中小学生体质健康提升工程", owner: "体卫艺科", partners: "教研室", deadline: "-"},
		{title: "建设劳动教育实践基地3个", owner: "德育科", deadline: "2026-10-31"},
		{title: "开展“书香校园”评选，年内评出书香校园10所", owner: "教研室", partners: "各中小学", deadline: "2026-12-31"},
		{title: "组织“新课标”全员培训", owner: "教研室", deadline: "2026-07-31"},
		{title: "制定课后服务质量评价办法", owner: "基础教育科", partners: "教研室、督导室", deadline: "2026-06-30"},
		{title: "推进数字教育应用", owner: "电教馆", partners: "各学校"},
		{title: "完成12所农村学校厕所改造", owner: "计财科", partners: "后勤中心", deadline: "2026-08-31", dlText: "秋季开学前"},
		{title: "更新教室照明设备", owner: "装备中心"},
		// Printed on 2026-02-20, after that year's 春节: the next one.
		{title: "做好学生资助工作", owner: "资助中心", deadline: "2027-02-05", dlText: "春节前"},
		{title: "开展特殊儿童送教上门", owner: "特教中心", deadline: "-"},
		{title: "开展中小学校责任督学挂牌督导", owner: "督导室"},
		{title: "对各镇街教育工作进行年度考核", owner: "督导室", partners: "办公室", deadline: "2026-12-20"},
	} {
		checkItem(t, doc, w)
	}
	for _, it := range doc.Items {
		if strings.ContainsAny(it.Title, "（(") || strings.Contains(it.Title, "牵头") || strings.Contains(it.Title, "负责") {
			t.Errorf("title %q keeps its owner", it.Title)
		}
	}
}

func TestOwnerClause(t *testing.T) {
	for _, c := range []struct{ in, title, owner, partners string }{
		{"由教研室负责，组织全员培训", "组织全员培训", "教研室", ""},
		{"基教科牵头，教研室、督导室配合，制定评价办法", "制定评价办法", "基教科", "教研室、督导室"},
		{"开展校园欺凌专项治理，由德育科负责", "开展校园欺凌专项治理", "德育科", ""},
		{"开展校园欺凌专项治理，德育科牵头，各学校配合", "开展校园欺凌专项治理", "德育科", "各学校"},
		{"修订考核细则，由督导室负责，6月底前印发", "修订考核细则，6月底前印发", "督导室", ""},
		{"组织“阳光体育”联赛，体卫艺股牵头、各学校配合，每学期一次", "组织“阳光体育”联赛，每学期一次", "体卫艺股", "各学校"},
		{"由教研室牵头组织全区优质课评选，10月下旬完成", "组织全区优质课评选，10月下旬完成", "教研室", ""},
		{"各学校负责落实国家课程方案，开齐开足课程", "落实国家课程方案，开齐开足课程", "各学校", ""},
		{"学校负责人签订安全责任书", "", "", ""},
		{"由基教科负责制定课后服务管理办法", "制定课后服务管理办法", "基教科", ""},
		{"落实校长负责制，完善内部治理", "", "", ""},
		// Not an owner: people, or too little left.
		{"落实首问负责，明确专人负责", "", "", ""},
		{"教研室负责，培训", "", "", ""},
	} {
		rest, o, ps, ok := ownerClause(c.in)
		if c.owner == "" {
			if ok {
				t.Errorf("ownerClause(%q) = %q, %q", c.in, rest, o)
			}
			continue
		}
		if !ok || rest != c.title || o != c.owner || strings.Join(ps, "、") != c.partners {
			t.Errorf("ownerClause(%q) = %q, %q, %q, %v", c.in, rest, o, ps, ok)
		}
	}
}

func TestDatedTitleLine(t *testing.T) {
	for _, line := range []string{"印发日期：2026年2月20日", "（2026年2月20日）", "2026年2月20日印发"} {
		text := "某县教育局2026年工作要点\n" + line + "\n一、资助\n1.做好学生资助工作，资助金春节前发放到位。\n"
		doc := decodeBytes(t, []byte(text), "a.txt", Options{})
		if doc.Title != "某县教育局2026年工作要点" {
			t.Errorf("%s: title %q", line, doc.Title)
		}
		checkItem(t, doc, want{title: "做好学生资助工作", deadline: "2027-02-05"})
	}
}

func TestUnseenSchoolPlanByMonth(t *testing.T) {
	doc := decodeFile(t, "unseen_school_months.txt")
	if doc.Year != 2026 {
		t.Errorf("year %d", doc.Year)
	}
	if s := doc.Stats(); s.Sections != 8 || s.Tasks != 18 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		{title: "德育工作", code: "一", kind: duban.KindSection, owner: "政教处"},
		{title: "组建家长委员会", owner: "政教处", deadline: "2026-10-20", dlText: "10月中旬"},
		{title: "每周一举行升旗仪式", deadline: "-"},
		// "元旦后第二周" says when it starts: no deadline rather than 元旦.
		{title: "组织期末质量检测", owner: "教导处", deadline: "-"},
		// Each month is a section of its own under 三, its month the
		// deadline of the work that states none.
		{title: "九月", code: "三.九月", kind: duban.KindSection, parent: "具体工作安排", deadline: "2026-09-30"},
		{title: "制定各学科教学计划", code: "三.九月.2", parent: "九月", deadline: "2026-09-10"},
		{title: "10月份", code: "三.10月份", kind: duban.KindSection, parent: "具体工作安排"},
		// The holiday the work is about is not its deadline.
		{title: "国庆假期安全教育", code: "三.10月份.1", parent: "10月份", deadline: "2026-10-31"},
		{title: "校园秋季运动会", parent: "10月份", deadline: "2026-10-31"},
		{title: "期中质量检测与分析", parent: "十一月", deadline: "2026-11-30"},
		{title: "冬季安全大检查", code: "三.十二月.2", parent: "十二月", deadline: "2026-12-31"},
		{title: "2027年1月", code: "三.2027年1月", parent: "具体工作安排"},
		{title: "寒假安全教育", parent: "2027年1月", deadline: "2027-01-31"},
		{title: "学期工作总结", parent: "2027年1月", deadline: "2027-01-31"},
	} {
		checkItem(t, doc, w)
	}
}

func TestUnseenTermWeeks(t *testing.T) {
	doc := decodeFile(t, "unseen_term_weeks.txt")
	for _, w := range []want{
		{title: "第1-2周", code: "第1-2周", kind: duban.KindSection},
		{title: "学生返校收心教育", code: "第1-2周.2", parent: "第1-2周"},
		{title: "寒假作业检查", parent: "第1-2周", deadline: "-"},
		// A spring term's third week is in March, not last autumn.
		{title: "学雷锋志愿服务月启动", parent: "第3周", deadline: "2026-03-08"},
		{title: "第6周（3月30日—4月3日）", code: "第6周", kind: duban.KindSection, deadline: "2026-04-03"},
		{title: "春季运动会", code: "第6周.1", deadline: "2026-04-03"},
		{title: "“五四”青年节入团仪式", parent: "五月份", deadline: "2026-05-04"},
		{title: "母亲节感恩主题班会", parent: "五月份", deadline: "2026-05-31"},
		{title: "期末安全教育", parent: "6月", deadline: "2026-06-20"},
	} {
		checkItem(t, doc, w)
	}
}

func TestPeriodHeading(t *testing.T) {
	for _, c := range []struct {
		line, seg string
		work      int
	}{
		{"九月：", "九月", 0}, {"10月份：", "10月份", 0}, {"十一月份", "十一月份", 0}, {"2027年1月：", "2027年1月", 0},
		{"第1-2周：开学教育；收心教育", "第1-2周", 2}, {"第三周", "第三周", 0}, {"第一季度：制定方案", "第一季度", 1},
		{"下半年：", "下半年", 0},
	} {
		m, _, work, ok := periodHeading(c.line)
		if !ok || m.seg != c.seg || len(work) != c.work {
			t.Errorf("periodHeading(%q) = %q %q %v", c.line, m.seg, work, ok)
		}
	}
	for _, line := range []string{"9月", "九月开学", "9月底前完成", "第3周开展演练", "10月份召开推进会"} {
		if _, _, _, ok := periodHeading(line); ok {
			t.Errorf("periodHeading(%q) is a heading", line)
		}
	}
}

func TestUnseenLedgerWorkbook(t *testing.T) {
	doc := decodeBytes(t, unseenLedgerXLSX(t), "任务分解表.xlsx", Options{})
	if doc.Title != "石门县教育局2026年度重点工作任务分解表" || doc.Year != 2026 {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	if s := doc.Stats(); s.Sections != 3 || s.Tasks != 7 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "填表说明", "填报单位")
	for _, w := range []want{
		{title: "学校建设", code: "一", kind: duban.KindSection},
		{title: "实施城区学校扩容工程", code: "一.1", owner: "计划财务股", partners: "基础教育股、安全股", deadline: "2026-08-31", dlText: "秋季开学前", target: "新增学位900个"},
		{title: "推进农村寄宿制学校改造", owner: "后勤服务中心", partners: "-", deadline: "2026-11-30"},
		{title: "开展课堂教学质量提升年活动", parent: "教育教学", owner: "教研室", partners: "各中小学", deadline: "-"},
		{title: "做好中考组织工作", owner: "考试中心", partners: "公安局、卫健局", deadline: "2026-06-20", dlText: "6月中旬"},
		{title: "加强学生近视防控", owner: "体卫艺股", deadline: "-", dlText: "长期坚持"},
		{title: "开展校园安全隐患排查整治", owner: "安全股", deadline: "-", dlText: "每月"},
		{title: "完成校车更新", code: "三.7", owner: "安全股", deadline: "2026-09-30"},
	} {
		checkItem(t, doc, w)
	}
	// 责任领导 is who answers for it; merged over two rows, for both.
	for _, title := range []string{"实施城区学校扩容工程", "推进农村寄宿制学校改造"} {
		if it := find(t, doc, title); it.Person != "李副局长" {
			t.Errorf("%s: person %q", title, it.Person)
		}
	}
	if it := find(t, doc, "实施城区学校扩容工程"); !strings.Contains(it.Body, "新建城东小学教学楼1栋") {
		t.Errorf("body %q lacks the 具体措施", it.Body)
	}
	if it := find(t, doc, "推进农村寄宿制学校改造"); it.Note != "跨年度项目" {
		t.Errorf("note %q", it.Note)
	}
}

func TestUnseenScheduleWorkbook(t *testing.T) {
	doc := decodeBytes(t, unseenScheduleXLSX(t), "台账.xlsx", Options{})
	checkItem(t, doc, want{title: "第二实验小学新建项目", owner: "计财股", partners: "县住建局", deadline: "2026-08-31"})
	if it := find(t, doc, "第二实验小学新建项目"); steps(it.Milestones) != "03-31 3月底前|完成招标；06-30 6月底前|主体封顶；08-31 8月底前|竣工验收" {
		t.Errorf("milestones %s", steps(it.Milestones))
	}
	if it := find(t, doc, "教育信息化2.0提升工程"); len(it.Milestones) != 2 || it.Deadline.String() != "2026-12-31" {
		t.Errorf("milestones %s deadline %s", steps(it.Milestones), it.Deadline)
	}
	// "常态化推进" schedules nothing.
	if it := find(t, doc, "校园足球特色学校创建"); len(it.Milestones) != 0 || !it.Deadline.IsZero() {
		t.Errorf("milestones %s deadline %s", steps(it.Milestones), it.Deadline)
	}
}

func TestUnseenSchoolCalendarTable(t *testing.T) {
	doc := decodeBytes(t, unseenCalendarDocx(t), "行事历.docx", Options{})
	if doc.Year != 2026 {
		t.Errorf("year %d", doc.Year)
	}
	if s := doc.Stats(); s.Tasks != 6 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "国庆放假")
	for _, w := range []want{
		{title: "开学典礼", code: "第1周", owner: "政教处", deadline: "2026-09-05"},
		{title: "教师节庆祝活动", owner: "工会", deadline: "2026-09-12"},
		{title: "秋季田径运动会", code: "第8周", owner: "体育组", deadline: "2026-10-24"},
		// The week runs over New Year: it ends in the next year.
		{title: "元旦文艺汇演", owner: "团委", partners: "政教处", deadline: "2027-01-02"},
	} {
		checkItem(t, doc, w)
	}
}

func TestUnseenSummaryDocx(t *testing.T) {
	_, err := Decode(bytes.NewReader(unseenSummaryDocx(t)), "总结.docx", Options{Now: testNow})
	if !errors.Is(err, ErrSummaryOnly) {
		t.Errorf("error %v, want ErrSummaryOnly", err)
	}
}

func TestUnseenSummaryThenPlanDocx(t *testing.T) {
	doc := decodeBytes(t, unseenSummaryPlanDocx(t), "总结和打算.docx", Options{})
	if doc.Year != 2026 {
		t.Errorf("year %d", doc.Year)
	}
	if s := doc.Stats(); s.Tasks != 4 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "2025年工作回顾", "规范办学行为", "改善办学条件")
	warned(t, doc, "2025年工作回顾")
	for _, w := range []want{
		{title: "加强教师队伍建设", kind: duban.KindSection, owner: "人事股"},
		{title: "开展新入职教师岗前培训", owner: "人事股", deadline: "2026-08-31"},
		{title: "实施教师读书工程", owner: "人事股", deadline: "-"},
		{title: "创建市级文明校园1所", owner: "德育室", deadline: "2026-12-31"},
		{title: "推进“一校一品”建设", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
}

func TestUnseenLedgerCSV(t *testing.T) {
	for _, gbk := range []bool{false, true} {
		doc := decodeBytes(t, unseenLedgerCSV(t, gbk), "督办台账.csv", Options{})
		if doc.Title != "平原县教育局2026年督办事项台账" || doc.Year != 2026 {
			t.Errorf("gbk %v: title %q year %d", gbk, doc.Title, doc.Year)
		}
		if s := doc.Stats(); s.Tasks != 5 {
			t.Errorf("gbk %v: stats %+v\n%s", gbk, s, doc.Outline())
		}
		noItem(t, doc, "填表说明")
		for _, w := range []want{
			{title: "制定中小学作业管理实施细则", code: "1", owner: "基础教育股", partners: "教研室", deadline: "2026-03-31"},
			{title: "开展教师违规有偿补课专项治理", owner: "人事股", partners: "纪检组、督导室", deadline: "2026-08-31", dlText: "暑假期间"},
			{title: "完成学前教育普及普惠县创建", deadline: "2026-12-31", dlText: "年内"},
			{title: "建立教育系统安全风险分级管控机制", owner: "安全股", deadline: "2026-06-30"},
			{title: "落实教师工资待遇保障", deadline: "-", dlText: "每月"},
		} {
			checkItem(t, doc, w)
		}
		if it := find(t, doc, "制定中小学作业管理实施细则"); it.Progress != "已起草初稿" {
			t.Errorf("progress %q", it.Progress)
		}
	}
}

func TestUnseenDeadlineWords(t *testing.T) {
	// An undated plan: every holiday falls within the plan year, or
	// closes it.
	doc := decodeFile(t, "unseen_deadline_words.txt")
	for _, w := range []want{
		{title: "迎接市对县政府履行教育职责评价", owner: "督导室", deadline: "2026-09-30", dlText: "9月底以前"},
		{title: "完善县级督学管理办法", deadline: "2026-12-31", dlText: "年内"},
		{title: "配合市级开展义务教育质量监测", owner: "督导室", partners: "教研室", deadline: "2026-05-10"},
		{title: "开展开学工作专项督导", owner: "-", deadline: "2026-08-31", dlText: "秋季开学前"},
		{title: "寒假前完成对各学校的年度综合督导评估", deadline: "2027-01-19"},
		{title: "元旦前发布年度督导报告", deadline: "2026-12-31"},
		{title: "落实责任督学挂牌督导制度", deadline: "-"},
		{title: "次年3月底前完成全县学校年度考核结果认定", deadline: "2027-03-31"},
		{title: "加强督学队伍建设", deadline: "-"},
		{title: "组织督学业务培训", deadline: "-"},
		{title: "开展督导干部作风评议", deadline: "2026-06-18", dlText: "端午节前"},
		{title: "编制督导经费预算", deadline: "2026-11-20", dlText: "11月中旬"},
	} {
		checkItem(t, doc, w)
	}
	// The same plan issued in July: 端午 has passed, the next one is meant.
	data := append(mustRead(t, "unseen_deadline_words.txt"), []byte("\n滨江县教育局\n2026年7月2日\n")...)
	doc = decodeBytes(t, data, "a.txt", Options{})
	checkItem(t, doc, want{title: "开展督导干部作风评议", deadline: "2027-06-08"})
	checkItem(t, doc, want{title: "元旦前发布年度督导报告", deadline: "2026-12-31"})
}

func TestUnseenSummaryThenPlanText(t *testing.T) {
	doc := decodeFile(t, "unseen_summary_plan.txt")
	if doc.Year != 2026 {
		t.Errorf("year %d", doc.Year)
	}
	if s := doc.Stats(); s.Tasks != 5 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "2025年工作完成情况", "办学条件持续改善", "存在的困难和问题", "城区学位依然紧张")
	for _, w := range []want{
		{title: "2026年工作思路", code: "三", kind: duban.KindSection},
		{title: "开工建设县第三高级中学", code: "三.(一).一是", owner: "计财股", partners: "基建办", deadline: "2026-12-31"},
		{title: "完成城西幼儿园建设", owner: "计财股", partners: "基建办", deadline: "2026-09-30", dlText: "9月底以前"},
		{title: "着力提高教育质量", owner: "教研室", partners: "基教股", deadline: "2026-06-30"},
		{title: "加强教师队伍管理", owner: "人事股", deadline: "2026-09-30"},
		{title: "守住安全稳定底线", owner: "安全股", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
	if it := find(t, doc, "守住安全稳定底线"); it.Person != "刘副局长" {
		t.Errorf("person %q", it.Person)
	}
}

func TestUnseenPointsDocx(t *testing.T) {
	doc := decodeBytes(t, unseenPointsDocx(t), "安全工作要点.docx", Options{})
	if doc.Title != "云溪县教育局2026年学校安全工作要点" || doc.Year != 2026 {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	noItem(t, doc, "为切实保障师生生命安全")
	for _, w := range []want{
		{title: "健全安全责任体系", code: "一", kind: duban.KindSection, owner: "-"},
		{title: "落实“党政同责、一岗双责”", code: "一.(一)", owner: "办公室", partners: "安全股"},
		// A bracket of labels states the leader, the units and the time.
		{title: "签订安全目标责任书", code: "一.(一).1", owner: "安全股", partners: "各学校", deadline: "2026-03-31"},
		{title: "修订学校安全工作考核细则，6月底前印发", owner: "督导室", partners: "-", deadline: "2026-06-30"},
		{title: "每校配备专职安全管理人员", owner: "人事股", partners: "安全股", deadline: "2026-12-31"},
		{title: "推进“互联网+明厨亮灶”", kind: duban.KindSection, owner: "后勤股", partners: "县市场监管局"},
		{title: "上半年完成城区学校改造", code: "二.(一).1.①", owner: "后勤股", deadline: "2026-06-30"},
		{title: "下半年完成农村学校改造", code: "二.(一).1.②", deadline: "2026-12-31"},
		{title: "开展食堂从业人员培训", owner: "后勤股", deadline: "-"},
		{title: "联合县交警大队开展校车安全检查", owner: "安全股"},
		{title: "每月开展一次应急疏散演练", code: "三.(一)", owner: "各学校", deadline: "-"},
		{title: "国庆节前完成应急预案修订", owner: "安全股", deadline: "2026-09-30"},
	} {
		checkItem(t, doc, w)
	}
	if it := find(t, doc, "签订安全目标责任书"); it.Person != "周副局长" {
		t.Errorf("person %q", it.Person)
	}
	for _, it := range doc.Items {
		if containsAny(it.Title, "牵头", "负责", "（") {
			t.Errorf("title %q keeps its owner", it.Title)
		}
	}
}

func TestUnseenCategoryWorkbook(t *testing.T) {
	doc := decodeBytes(t, unseenCategoryXLSX(t), "实事项目.xlsx", Options{})
	if doc.Title != "白沙区教育系统2026年为民办实事项目推进表" || doc.Year != 2026 {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	if s := doc.Stats(); s.Sections != 2 || s.Tasks != 4 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		{title: "学位建设", kind: duban.KindSection},
		{title: "新建白沙二中", parent: "学位建设", owner: "区教育局基建科", deadline: "2026-12-31", target: "1800"},
		{title: "改扩建滨湖幼儿园", parent: "学位建设", deadline: "2026-12-31"},
		{title: "实施学生营养改善计划", parent: "民生保障", owner: "区教育局后勤科", deadline: "-"},
		{title: "建设学校心理辅导室", parent: "民生保障", deadline: "2026-09-30"},
	} {
		checkItem(t, doc, w)
	}
	if it := find(t, doc, "新建白沙二中"); len(it.Milestones) != 3 || it.Progress != "已完成招标" {
		t.Errorf("milestones %s progress %q", steps(it.Milestones), it.Progress)
	}
}

func TestUnseenActionPlan(t *testing.T) {
	doc := decodeFile(t, "unseen_action_plan.txt")
	noItem(t, doc, "工作目标", "通过集中排查整治")
	warned(t, doc, "“一、工作目标”（1项）")
	for _, w := range []want{
		{title: "动员部署阶段", code: "二.(一)", deadline: "2026-03-10"},
		{title: "自查自纠阶段", deadline: "2026-04-30"},
		{title: "督查整改阶段", owner: "安全股", partners: "督导室", deadline: "2026-06-30"},
		{title: "总结验收阶段", deadline: "2026-07-15"},
		{title: "加强组织领导", code: "三.(一)"},
	} {
		checkItem(t, doc, w)
	}
}

func TestFramingParts(t *testing.T) {
	text := "某区教育局2026年教育改革实施方案\n一、总体思路\n（一）指导思想\n以立德树人为根本任务。\n（二）基本原则\n1.坚持问题导向。\n2.坚持统筹推进。\n（三）总体目标\n到2026年底，改革取得突破。\n" +
		"二、主要任务\n1.出台教师评价改革方案，6月底前印发。（人事股）\n2.推进集团化办学。（基教股）\n" +
		"三、工作目标\n1.课后服务覆盖率达到100%。\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	noItem(t, doc, "总体思路", "指导思想", "基本原则", "坚持问题导向", "总体目标")
	warned(t, doc, "“一、总体思路”（6项）")
	checkItem(t, doc, want{title: "出台教师评价改革方案", code: "二.1", owner: "人事股", deadline: "2026-06-30"})
	// A 目标 part that numbers its items keeps them.
	checkItem(t, doc, want{title: "课后服务覆盖率达到100%", code: "三.1"})
	// A document of nothing but principles keeps them rather than nothing.
	doc = decodeBytes(t, []byte("某校办学理念\n一、基本原则\n1.坚持育人为本。\n2.坚持特色发展。\n"), "a.txt", Options{})
	checkItem(t, doc, want{title: "坚持育人为本"})
}

func TestUnseenTaskList(t *testing.T) {
	doc := decodeBytes(t, unseenListXLSX(t), "清单.xlsx", Options{})
	if s := doc.Stats(); s.Sections != 2 || s.Tasks != 5 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		// The group's name merged over the row is a section, not a task
		// owned by "党的建设".
		{title: "党的建设", code: "一", kind: duban.KindSection, owner: "-"},
		{title: "开展党纪学习教育", code: "一.1", owner: "机关党委", partners: "各基层党组织", deadline: "-", dlText: "按上级要求"},
		{title: "推进清廉学校建设", owner: "纪检组", deadline: "2026-10-31"},
		{title: "推进县域普通高中振兴", parent: "教育发展", owner: "基教股", partners: "计财股、人事股", deadline: "-"},
		{title: "建设教育数字化平台", deadline: "2026-12-31"},
		{title: "开展教师全员培训", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
	if it := find(t, doc, "推进清廉学校建设"); len(it.Milestones) != 3 || it.Milestones[2].Date.String() != "2026-10-31" {
		t.Errorf("milestones %s", steps(it.Milestones))
	}
	if it := find(t, doc, "建设教育数字化平台"); len(it.Milestones) != 3 || it.Milestones[0].Date.String() != "2026-03-31" || it.Milestones[1].Date.String() != "2026-06-30" {
		t.Errorf("milestones %s", steps(it.Milestones))
	}
}

func TestLabelLinesUnderHeading(t *testing.T) {
	// Labels right under the second heading, before its items, are its
	// own; labels after the last item of a list that ends are the list's.
	text := "某县2026年工作要点\n一、教学\n（一）课程建设\n1.开齐开足课程。\n（二）质量监测\n责任单位：教研室\n完成时限：11月底前\n1.组织学业质量抽测。\n2.发布质量报告。\n" +
		"二、队伍\n1.评选区级名师20名。\n2.组建名师工作室10个。\n完成时限：8月底前\n责任单位：教师发展中心\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	checkItem(t, doc, want{title: "质量监测", owner: "教研室", deadline: "2026-11-30"})
	checkItem(t, doc, want{title: "发布质量报告", owner: "教研室", deadline: "2026-11-30"})
	checkItem(t, doc, want{title: "开齐开足课程", owner: "-", deadline: "-"})
	checkItem(t, doc, want{title: "教学", owner: "-"})
	checkItem(t, doc, want{title: "队伍", owner: "教师发展中心", deadline: "2026-08-31"})
	checkItem(t, doc, want{title: "评选区级名师20名", owner: "教师发展中心", deadline: "2026-08-31"})
}

func TestUnseenTeachingPoints(t *testing.T) {
	doc := decodeFile(t, "unseen_teaching_points.txt")
	for _, w := range []want{
		{title: "组织全区优质课评选", owner: "教研室", deadline: "2026-10-31", dlText: "10月下旬"},
		{title: "制定课后服务管理办法", owner: "基教科", deadline: "-"},
		{title: "落实国家课程方案", owner: "各学校"},
		{title: "2026年9月前完成义务教育质量监测结果反馈", deadline: "2026-09-30"},
		{title: "2027年春季开学前完成教材征订工作", deadline: "2027-02-19"},
		{title: "9月份召开全区教学工作会议", deadline: "2026-09-30"},
		{title: "实施“名师工程”", kind: duban.KindSection, owner: "教师发展中心"},
		{title: "组建名师工作室10个", code: "三.1.(2)", owner: "教师发展中心", deadline: "2026-08-31"},
		{title: "开展新教师入职培训", owner: "教师发展中心", deadline: "2026-08-31"},
	} {
		checkItem(t, doc, w)
	}
}

func TestUnseenCalendarWorkbook(t *testing.T) {
	doc := decodeBytes(t, unseenCalendarXLSX(t), "行事历.xlsx", Options{})
	if s := doc.Stats(); s.Sections != 4 || s.Tasks != 7 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "国庆节放假")
	for _, w := range []want{
		{title: "九月", kind: duban.KindSection},
		{title: "开学典礼、入学教育", code: "1.第1周", parent: "九月", owner: "德育处", deadline: "2026-09-04", dlText: "9.1-9.4"},
		{title: "秋季运动会", parent: "十月", owner: "体育组", deadline: "2026-10-16"},
		// January of a 2026—2027 school year is in 2027.
		{title: "期末检测", parent: "一月", deadline: "2027-01-08"},
		{title: "学期总结、寒假安全教育", owner: "办公室", deadline: "2027-01-15"},
	} {
		checkItem(t, doc, w)
	}
}

func TestDottedDates(t *testing.T) {
	for in, want := range map[string]string{"9.1-9.4": "9月1日至9月4日", "12.28—1.1": "12月28日至1月1日", "10.12": "10月12日", "9.1-4": "9月1日至9月4日", "6.30前": "6月30日前"} {
		if got, ok := dottedDates(in); !ok || got != want {
			t.Errorf("dottedDates(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"13.1", "2.5万", "9.1-9.4日", "100.5"} {
		if got, ok := dottedDates(in); ok {
			t.Errorf("dottedDates(%q) = %q", in, got)
		}
	}
}

func TestUnseenHalfYearSummaryWithPlan(t *testing.T) {
	doc := decodeFile(t, "unseen_halfyear_summary.txt")
	if s := doc.Stats(); s.Sections != 1 || s.Tasks != 3 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "主要工作", "扎实开展了", "存在问题", "部分教师")
	for _, w := range []want{
		{title: "下半年工作打算", code: "三", kind: duban.KindSection},
		{title: "9月底前完成新学期课后服务课程调整", owner: "教导处", deadline: "2026-09-30"},
		{title: "开展教师信息技术能力提升培训", owner: "办公室", deadline: "2026-11-30"},
		// Kept up every term: the half year is no deadline for it.
		{title: "加强学生视力健康管理", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
}

func TestLedgerGroupRowIsNoHeader(t *testing.T) {
	// A group row whose words end like a header ("重点工作") is still a
	// group; only a header row may name the task column by such words.
	csv := "台账,,,\n完成时限,工作任务,序号,牵头单位\n,第1部分 重点工作,,\n9月底前,完成校舍排查,1,后勤股\n,二、民生实事,,\n年内,新建幼儿园,2,计财股\n"
	doc := decodeBytes(t, []byte(csv), "a.csv", Options{})
	checkItem(t, doc, want{title: "重点工作", code: "第1部分", kind: duban.KindSection})
	checkItem(t, doc, want{title: "完成校舍排查", parent: "重点工作", owner: "后勤股", deadline: "2026-09-30"})
	checkItem(t, doc, want{title: "新建幼儿园", parent: "民生实事"})
}

func TestUnseenNoticeWithTable(t *testing.T) {
	doc := decodeBytes(t, unseenNoticeDocx(t), "通知.docx", Options{})
	if s := doc.Stats(); s.Sections != 2 || s.Tasks != 3 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	noItem(t, doc, "各股室")
	for _, w := range []want{
		// "布局" ends like 局 but names no unit.
		{title: "优化教育布局", code: "一", kind: duban.KindSection, owner: "-"},
		{title: "启动城北九年一贯制学校建设", code: "一.1", owner: "计财股", partners: "县自然资源局", deadline: "2026-10-31"},
		{title: "撤并小规模学校3所", owner: "基教股", partners: "各乡镇", deadline: "2026-08-31"},
		{title: "开展“五项管理”专项督导", parent: "提升育人质量", owner: "督导室", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
	for title, person := range map[string]string{"启动城北九年一贯制学校建设": "陈副局长", "撤并小规模学校3所": "陈副局长", "开展“五项管理”专项督导": "刘副局长"} {
		if it := find(t, doc, title); it.Person != person {
			t.Errorf("%s: person %q, want %q", title, it.Person, person)
		}
	}
	if it := find(t, doc, "启动城北九年一贯制学校建设"); len(it.Milestones) != 2 {
		t.Errorf("milestones %s", steps(it.Milestones))
	}
}

func TestNotUnits(t *testing.T) {
	for _, s := range []string{"优化教育布局", "学科", "校园", "社会"} {
		if isUnit(s) || strongUnit(s) {
			t.Errorf("%q reads as a unit", s)
		}
	}
	for _, s := range []string{"县教育局", "教研室", "各中小学", "第一中学"} {
		if !isUnit(s) {
			t.Errorf("%q does not read as a unit", s)
		}
	}
}

func TestUnseenMarkdownDutyList(t *testing.T) {
	doc := decodeFile(t, "unseen_duty_list.md")
	if s := doc.Stats(); s.Sections != 2 || s.Tasks != 6 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		{title: "基础教育", code: "一", kind: duban.KindSection},
		{title: "完成城区小学学区划分调整", code: "一.1", owner: "基教科", deadline: "2026-06-30", dlText: "6.30前"},
		{title: "开展“双减”督查", owner: "督导室", partners: "基教科", deadline: "-"},
		{title: "举办中小学生运动会", deadline: "2026-10-31"},
		{title: "完成教师职称评审", parent: "队伍建设", deadline: "2026-11-30"},
		{title: "组织新教师岗前培训", owner: "人事科", partners: "教师发展中心", deadline: "2026-08-20"},
	} {
		checkItem(t, doc, w)
	}
}

func TestUnseenTitleDates(t *testing.T) {
	// The deadline is shown beside the title: a clause or a bracket that
	// only states it leaves the title.
	doc := decodeFile(t, "unseen_title_dates.txt")
	for _, w := range []want{
		{title: "完成教师职称评审工作", deadline: "2026-11-30"},
		{title: "制定校园欺凌防治工作方案", deadline: "2026-03-31", dlText: "3月底前"},
		{title: "开展校园安全大检查", deadline: "2026-06-30"},
		{title: "修订教师考核办法", deadline: "2026-06-30"},
		{title: "推进课后服务提质增效，确保9月底前全覆盖", deadline: "2026-09-30"},
		{title: "组织中小学生艺术展演", deadline: "2026-05-20", dlText: "5月中旬"},
		{title: "举办校长论坛（时间待定）", deadline: "-"},
		// Two weeks from the spring term's start, not the start itself.
		{title: "完成学籍清理核查", deadline: "2026-03-06", dlText: "春季开学后两周内"},
	} {
		checkItem(t, doc, w)
	}
	for _, it := range doc.Items {
		if strings.HasSuffix(it.Title, "时间") {
			t.Errorf("title %q", it.Title)
		}
	}
	text := "某校2026年秋季学期工作计划\n一、常规\n1.开学后两周内完成学籍核查。\n2.国庆节后10日内上报安全台账。\n"
	doc = decodeBytes(t, []byte(text), "a.txt", Options{})
	checkItem(t, doc, want{title: "开学后两周内完成学籍核查", deadline: "2026-09-15"})
	checkItem(t, doc, want{title: "国庆节后10日内上报安全台账", deadline: "2026-10-11"})
}

func TestChineseDigitYear(t *testing.T) {
	text := "某县教育局二〇二五年工作要点\n一、安全\n1.国庆节前完成校舍排查。\n2.9月底前完成消防设施更新。\n\n某县教育局\n二〇二五年二月十日\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	if doc.Year != 2025 || doc.Title != "某县教育局二〇二五年工作要点" {
		t.Errorf("year %d title %q", doc.Year, doc.Title)
	}
	if s := doc.Stats(); s.Tasks != 2 {
		t.Errorf("stats %+v: the signature became items\n%s", s, doc.Outline())
	}
	checkItem(t, doc, want{title: "9月底前完成消防设施更新", deadline: "2025-09-30"})
	if got := arabicYears("二〇二六年二月十日，一二三四年"); got != "2026年二月十日，一二三四年" {
		t.Errorf("arabicYears = %q", got)
	}
}

func TestNumberedMonthWithWork(t *testing.T) {
	text := "某小学2026年秋季学期工作安排\n一、月工作安排\n1.九月：开学工作；教师节表彰；新生入学教育。\n2.十一月份：期中检测；家长会。\n二、其他\n1.每周五开展大扫除。\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	if s := doc.Stats(); s.Tasks != 6 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	checkItem(t, doc, want{title: "九月", code: "一.1", kind: duban.KindSection, deadline: "2026-09-30"})
	checkItem(t, doc, want{title: "新生入学教育", code: "一.1.3", parent: "九月", deadline: "2026-09-30"})
	checkItem(t, doc, want{title: "家长会", parent: "十一月份", deadline: "2026-11-30"})
	checkItem(t, doc, want{title: "每周五开展大扫除", deadline: "-"})
}

func TestLabelValuesWithBrackets(t *testing.T) {
	text := "某县教育局2026年工作要点\n一、教学\n1.开展课堂教学改革。（责任领导：张三 责任单位：基教科）\n2.推进集团化办学。责任单位：基教科（牵头）、督导室、各学校\n3.实施教师培训。牵头单位：人事科 配合单位：教研室\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	checkItem(t, doc, want{title: "开展课堂教学改革", owner: "基教科", partners: "-"})
	// A bracket inside the value notes a role; the list goes on after it.
	checkItem(t, doc, want{title: "推进集团化办学", owner: "基教科", partners: "督导室、各学校"})
	checkItem(t, doc, want{title: "实施教师培训", owner: "人事科", partners: "教研室"})
	if it := find(t, doc, "开展课堂教学改革"); it.Person != "张三" {
		t.Errorf("person %q", it.Person)
	}
}
