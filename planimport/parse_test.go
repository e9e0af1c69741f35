package planimport

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestParseMarker(t *testing.T) {
	tests := []struct {
		in    string
		style string
		value int
		seg   string
		rest  string
	}{
		{"一、加强管理", styleCn, 1, "一", "加强管理"},
		{"十二、附则", styleCn, 12, "十二", "附则"},
		{"二十三．其他", styleCn, 23, "二十三", "其他"},
		{"（三）强化督导", styleCnParen, 3, "(三)", "强化督导"},
		{"(三)强化督导", styleCnParen, 3, "(三)", "强化督导"},
		{"（ 四 ）、强化督导", styleCnParen, 4, "(四)", "强化督导"},
		{"4.完善制度", styleAr, 4, "4", "完善制度"},
		{"4．完善制度", styleAr, 4, "4", "完善制度"},
		{"1.10月底前完成排查", styleAr, 1, "1", "10月底前完成排查"},
		{"2.2026年完成改造", styleAr, 2, "2", "2026年完成改造"},
		{"12、完善制度", styleArDun, 12, "12", "完善制度"},
		{"2、、扎实推进", styleArDun, 2, "2", "扎实推进"},
		{"3)完善制度", styleArHalf, 3, "3", "完善制度"},
		{"（1）召开会议", styleArParen, 1, "(1)", "召开会议"},
		{"(10)召开会议", styleArParen, 10, "(10)", "召开会议"},
		{"⑵召开会议", styleArParen, 2, "(2)", "召开会议"},
		{"①完善台账", styleCircled, 1, "①", "完善台账"},
		{"⑳完善台账", styleCircled, 20, "⑳", "完善台账"},
		{"第一部分 总体要求", stylePart, 1, "第一部分", "总体要求"},
		{"第二章 附则", styleChapter, 2, "第二章", "附则"},
		{"第三条 本办法", styleArticle, 3, "第三条", "本办法"},
		{"第一，加强领导", styleDi, 1, "第一", "加强领导"},
		{"第二、完善机制", styleDi, 2, "第二", "完善机制"},
		{"一是机制集团化", styleRunIn + "是", 1, "一是", "机制集团化"},
		{"三要加强管理", styleRunIn + "要", 3, "三要", "加强管理"},
		{"三抓课堂促高效", styleRunIn + "抓", 3, "三抓", "抓课堂促高效"},
		{"1.1 工作目标", styleDotted + "2", 1, "1.1", "工作目标"},
		{"2.3.1、细则", styleDotted + "3", 1, "2.3.1", "细则"},
		{"A.总体要求", styleUpper, 1, "A", "总体要求"},
		{"Ⅱ、主要任务", styleRoman, 2, "Ⅱ", "主要任务"},
		{"● 加强安全", styleBullet + "●", 0, "", "加强安全"},
		{"- 加强安全", styleBullet + "-", 0, "", "加强安全"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, rest, ok := parseMarker(tt.in)
			if !ok {
				t.Fatalf("no marker in %q", tt.in)
			}
			if m.style != tt.style || m.value != tt.value || m.seg != tt.seg || rest != tt.rest {
				t.Errorf("got style %q value %d seg %q rest %q", m.style, m.value, m.seg, rest)
			}
		})
	}
}

func TestParseMarkerNone(t *testing.T) {
	for _, in := range []string{
		"一二年级学生", "一、二年级学生要参加", "2013年全县", "1.5亿元投入", "2013.9.1开学", "十分重要",
		"第一幼儿园", "三要素", "一是否落实", "统一要求", "-2-", "*注", "**加粗**", "A股", "500、", "（一年级）",
		"首先要明确", "其次", "(1.5)", "",
	} {
		if m, _, ok := parseMarker(in); ok {
			t.Errorf("%q: unexpected marker %+v", in, m)
		}
	}
}

func TestCnNumber(t *testing.T) {
	for in, want := range map[string]int{"一": 1, "九": 9, "十": 10, "十一": 11, "二十": 20, "二十三": 23, "九十九": 99} {
		if v, n := cnNumber(in); v != want || n != len(in) {
			t.Errorf("cnNumber(%q) = %d, %d", in, v, n)
		}
		if s := cnString(want); s != in {
			t.Errorf("cnString(%d) = %q, want %q", want, s, in)
		}
	}
}

func TestSplitRunIn(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		pre   string
		items []string // "seg:text"
	}{
		{"shi", "加强管理。一是健全制度；二是强化考核；三是严格问责。", "加强管理。", []string{"一是:健全制度；", "二是:强化考核；", "三是:严格问责。"}},
		{"yao", "一要抓学习，二要抓落实", "", []string{"一要:抓学习，", "二要:抓落实"}},
		{"zhua keeps verb", "一抓课堂，二抓教研", "", []string{"一抓:抓课堂，", "二抓:抓教研"}},
		{"paren", "做了以下工作：(1)召开会议。（2）印发通知。", "做了以下工作：", []string{"(1):召开会议。", "(2):印发通知。"}},
		{"circled", "①制定方案；②组织实施", "", []string{"①:制定方案；", "②:组织实施"}},
		{"di", "第一，加强领导；第二，完善机制。", "", []string{"第一:加强领导；", "第二:完善机制。"}},
		{"shouxian", "首先，明确目标；其次，细化任务；最后，严格考核。", "", []string{"首先:明确目标；", "其次:细化任务；", "最后:严格考核。"}},
		{"not inside words", "坚持统一要求，唯一是从。二要", "坚持统一要求，唯一是从。二要", nil},
		{"needs two", "一是加强管理。", "一是加强管理。", nil},
		{"must start at one", "二是加强管理，三是完善制度", "二是加强管理，三是完善制度", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pre, items := splitRunIn(tt.in, 0)
			var got []string
			for _, it := range items {
				got = append(got, it.m.seg+":"+it.text)
			}
			if pre != tt.pre || strings.Join(got, "|") != strings.Join(tt.items, "|") {
				t.Errorf("got pre %q items %q", pre, got)
			}
		})
	}
}

func TestSplitRunInNested(t *testing.T) {
	pre, items := splitRunIn("抓四风。一是开展活动。(1)校风建设。(2)教风建设。二是落实规范。", 0)
	if pre != "抓四风。" || len(items) != 2 || len(items[0].kids) != 2 || items[0].text != "开展活动。" || items[1].text != "落实规范。" {
		t.Errorf("pre %q items %+v", pre, items)
	}
}

func TestRunInOutline(t *testing.T) {
	text := "某县教育局2026年工作要点\n" +
		"一、加强安全管理\n" +
		"1.排查隐患。一是每月自查；二是重点时段日报告；三是年内完成整改。\n" +
		"一是新建学校3所。二是改造校舍12栋。\n" +
		"2.提升质量\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	for _, w := range []want{
		{title: "排查隐患", code: "一.1", kind: duban.KindSection},
		{title: "每月自查", code: "一.1.一是", kind: duban.KindTask, parent: "排查隐患"},
		{title: "年内完成整改", code: "一.1.三是", deadline: "2026-12-31"},
		// A line starting "一是" with "二是" inside is two siblings.
		{title: "新建学校3所", code: "一.1.一是", target: "新建学校3所"},
		{title: "改造校舍12栋", code: "一.1.二是"},
		{title: "提升质量", code: "一.2", parent: "加强安全管理"},
	} {
		checkItem(t, doc, w)
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		codes []string
	}{
		{"official", "一、甲\n（一）乙\n1.丙\n（1）丁\n①戊\n（二）己\n二、庚", []string{"一", "一.(一)", "一.(一).1", "一.(一).1.(1)", "一.(一).1.(1).①", "一.(二)", "二"}},
		{"by first appearance", "1.甲\n一、乙\n一、丙\n2.丁\n一、戊", []string{"1", "1.一", "1.一", "2", "2.一"}},
		{"numbering continues across sections", "一、甲\n（一）乙\n1.丙\n2.丁\n（二）戊\n3.己", []string{"一", "一.(一)", "一.(一).1", "一.(一).2", "一.(二)", "一.(二).3"}},
		{"restart under a heading nests", "一、甲\n二、乙\n三、丙\n一、丁\n二、戊\n四、己", []string{"一", "二", "三", "三.一", "三.二", "四"}},
		{"mixed look-alike styles", "1.甲\n2、乙\n3.丙", []string{"1", "2", "3"}},
		{"mid-sequence start climbs", "三抓课堂\n四抓教研\n（三）机制\n一是集团化\n（四）队伍", []string{"三抓", "四抓", "(三)", "(三).一是", "(四)"}},
		{"gap in numbering", "一、甲\n（一）乙\n（三）丙", []string{"一", "一.(一)", "一.(三)"}},
		{"bare lines under a heading", "一、基础设施\n抓好规划。编制专项规划。\n推进标准化建设。改造校舍。\n二、体制机制", []string{"一", "一.1", "一.2", "二"}},
		{"one bare line is the body", "一、基础设施\n抓好规划，编制专项规划。\n二、体制机制", []string{"一", "二"}},
		{"no numbering at all", "加强安全管理。\n提升教学质量。\n完善督导制度。", []string{"1", "2", "3"}},
		{"closing paragraphs are no work", "一、甲\n完成乙。细化。\n完成丙。细化。\n总之，我们将继续努力。\n新的一年，为办好人民满意的教育而努力奋斗！", []string{"一", "一.1", "一.2"}},
		{"depth is bounded", strings.Repeat("五、甲\n一、乙\n", 20), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte("标题不算事项\n"+tt.text), "a.txt", Options{})
			var got []string
			for _, it := range doc.Items {
				got = append(got, it.Code)
				if it.Level > maxDepth {
					t.Fatalf("item %d at level %d", it.Number, it.Level)
				}
			}
			if tt.codes != nil && strings.Join(got, " ") != strings.Join(tt.codes, " ") {
				t.Errorf("codes %q, want %q\n%s", got, tt.codes, doc.Outline())
			}
		})
	}
}

func TestSplitTitle(t *testing.T) {
	tests := []struct{ in, title, body string }{
		{"加强管理。完善制度。", "加强管理", "完善制度。"},
		{"抓实理论学习：每月一次", "抓实理论学习", "每月一次"},
		{"以“说课、上课；评课”为重点。其他", "以“说课、上课；评课”为重点", "其他"},
		{"一年来，依据《义务教育法》、《教育法》、《教师法》，切实加强依法治教水平，结合我校实际开展了大量卓有成效的工作并取得显著成效。", "一年来，依据《义务教育法》、《教育法》、《教师法》", "切实加强依法治教水平，结合我校实际开展了大量卓有成效的工作并取得显著成效。"},
		{strings.Repeat("长", 50), strings.Repeat("长", 40) + "…", strings.Repeat("长", 50)},
		{"。只有正文", "只有正文", ""},
		{"会议8:30开始", "会议8:30开始", ""},
	}
	for _, tt := range tests {
		title, body := splitTitle(tt.in)
		if title != tt.title || body != tt.body {
			t.Errorf("splitTitle(%q) = %q, %q", tt.in, title, body)
		}
	}
}

func TestOwners(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		owner    string
		partners string
		title    string
	}{
		{"label", "完善资助体系。牵头单位：资助中心", "资助中心", "", "完善资助体系"},
		{"label fullwidth", "完善资助体系。责任单位：资助中心，配合单位：计财股、基教股", "资助中心", "计财股、基教股", "完善资助体系"},
		{"bracket", "完善资助体系（责任科室：资助中心）", "资助中心", "", "完善资助体系"},
		{"bracket both", "完善资助体系（牵头单位：资助中心；配合单位：计财股、基教股）", "资助中心", "计财股、基教股", "完善资助体系"},
		{"bracket halfwidth", "完善资助体系(责任单位:区委宣传部、团区委、区教体局)", "区委宣传部", "团区委、区教体局", "完善资助体系"},
		{"by", "完善资助体系，由资助中心负责。", "资助中心", "", ""},
		{"by lead", "完善资助体系，由资助中心牵头负责。", "资助中心", "", ""},
		{"lead assist comma", "完善资助体系，资助中心牵头，计财股、基教股配合。", "资助中心", "计财股、基教股", ""},
		{"lead assist dun", "完善资助体系（资助中心牵头、计财股配合）", "资助中心", "计财股", ""},
		{"lead alone", "完善资助体系，资助中心牵头。", "资助中心", "", ""},
		{"department task", "区财政局工作任务：确保教育经费足额拨付", "区财政局", "", "区财政局工作任务"},
		{"department list", "区委办公室、区政府办公室工作任务：收集资料", "区委办公室", "区政府办公室", ""},
		{"department colon", "督导室：完成挂牌督导", "督导室", "", "督导室"},
		{"not a person", "召开由相关部门负责人参加的会议", "", "", ""},
		{"not a unit", "组织学科带头人牵头开展教研", "", "", ""},
		{"not a label inside a word", "总体目标：到2025年完成", "", "", "总体目标"},
		{"person", "完善资助体系。责任人：王明", "", "", "完善资助体系"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte("某县教育局工作计划\n一、"+tt.text), "a.txt", Options{})
			it := doc.Items[0]
			if it.Owner != tt.owner || strings.Join(it.Partners, "、") != tt.partners {
				t.Errorf("owner %q partners %q", it.Owner, it.Partners)
			}
			if tt.title != "" && it.Title != tt.title {
				t.Errorf("title %q, want %q", it.Title, tt.title)
			}
			if tt.name == "person" && it.Person != "王明" {
				t.Errorf("person %q", it.Person)
			}
		})
	}
}

func TestOwnerInheritance(t *testing.T) {
	text := "某县教育局工作计划\n督导室：\n1.挂牌督导\n2.专项督导（牵头单位：基教股）\n" +
		"计财股工作任务：\n1.经费保障（完成时限：6月底前）\n（1）拨付公用经费\n（2）审计专项资金，9月底前完成\n"
	doc := decodeBytes(t, []byte(text), "a.txt", Options{})
	for _, w := range []want{
		{title: "督导室", code: "督导室", kind: duban.KindSection, owner: "督导室"},
		{title: "挂牌督导", code: "督导室.1", owner: "督导室"},
		{title: "专项督导", owner: "基教股"},
		{title: "计财股工作任务", code: "计财股", kind: duban.KindSection, owner: "计财股"},
		{title: "经费保障", code: "计财股.1", deadline: "2026-06-30", dlText: "6月底前", owner: "计财股"},
		{title: "拨付公用经费", deadline: "2026-06-30", owner: "计财股"},
		{title: "审计专项资金", deadline: "2026-09-30"},
	} {
		checkItem(t, doc, w)
	}
}

func TestNoise(t *testing.T) {
	noise := []string{
		"首页 > 范文 > 工作计划", "首页范文工作总结教学工作总结", "导航", "当前位置：首页 > 工作总结",
		"下载", "文档下载", "免费下载", "上传", "原创力文档", "展开阅读全文",
		"阅读提示:本篇共有4844个字,预计阅读时间为13分钟,共有175位用户关注,21人点赞!",
		"本篇共有3000字", "发布时间:2011/7/28", "工作总结范文 发布时间:2011/7/28", "点赞",
		"第2页", "某县教育局工作总结及2011年工作计划第2页", "计划.docx_第1页", "第 3 页 共 5 页", "[NextPage]", "- 2 -",
		"版权所有 © 2026", "Copyright 2026 example", "京ICP备12345678号", "联系我们", "word版本可编辑",
		"教学工作总结大全", "统计代码", "------",
	}
	for _, line := range noise {
		if !isNoise(normalize(line)) {
			t.Errorf("%q is not noise", line)
		}
	}
	keep := []string{
		"一、加强安全管理", "学生在家下载学习资料，教师做好指导，每周检查一次作业完成情况并记录在案。",
		"某县教育局2026年工作要点", "完成第2批校舍改造",
	}
	for _, line := range keep {
		if isNoise(normalize(line)) {
			t.Errorf("%q was taken for noise", line)
		}
	}
	if got := stripNoiseTokens("加强管理[NextPage]完善制度"); got != "加强管理完善制度" {
		t.Errorf("stripNoiseTokens = %q", got)
	}
}

func TestStatusAndPercent(t *testing.T) {
	for in, want := range map[string]duban.Status{
		"未开始": duban.StatusTodo, "进行中": duban.StatusDoing, "已完成": duban.StatusDone, "完成": duban.StatusDone,
		"已销号": duban.StatusDone, "已取消": duban.StatusCancelled, "未完成": duban.StatusDoing, "办结": duban.StatusDone,
		"done": duban.StatusDone,
	} {
		if got, ok := parseStatus(in); !ok || got != want {
			t.Errorf("parseStatus(%q) = %q, %v", in, got, ok)
		}
	}
	for in, want := range map[string]int{"60%": 60, "60％": 60, "60": 60, "0.6": 60, "1.0": 100, "150%": 100, "33.5%": 34} {
		if got, ok := parsePercent(in); !ok || got != want {
			t.Errorf("parsePercent(%q) = %d, %v", in, got, ok)
		}
	}
	if _, ok := parsePercent("已完成招标"); ok {
		t.Error("words read as a percent")
	}
}

func TestParseDateCell(t *testing.T) {
	for in, want := range map[string]string{
		"2026-09-30": "2026-09-30", "2026/9/30": "2026-09-30", "2026.9.30": "2026-09-30",
		"2026年9月30日": "2026-09-30", "09-30-26": "2026-09-30", "46295": "2026-09-30",
	} {
		if got, ok := parseDateCell(in); !ok || got.String() != want {
			t.Errorf("parseDateCell(%q) = %s, %v", in, got, ok)
		}
	}
	for _, in := range []string{"2026-02-30", "9月底前", "100", "12345"} {
		if got, ok := parseDateCell(in); ok {
			t.Errorf("parseDateCell(%q) = %s", in, got)
		}
	}
}

func TestFindTarget(t *testing.T) {
	tests := []struct{ in, want string }{
		{"加强学前教育，毛入园率达到95%，普惠率稳步提升", "毛入园率达到95%"},
		{"完成包干学校总数的30%", "完成包干学校总数的30%"},
		{"新建幼儿园12所，新增学位1800个", "新建幼儿园12所"},
		{"覆盖率百分之百", "覆盖率百分之百"},
		{"5月20日召开会议", ""},
		{"2026年全面推进", ""},
		{"认真组织学习", ""},
	}
	for _, tt := range tests {
		if got := findTarget(tt.in); got != tt.want {
			t.Errorf("findTarget(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanUnit(t *testing.T) {
	for in, want := range map[string]string{
		"各镇(街道)": "各镇(街道)", "（督导室）": "督导室", "督导室负责": "督导室", "由基教股牵头": "基教股",
		"区教体局等单位": "区教体局", "人事股)": "人事股", "各学校（幼儿园）。": "各学校（幼儿园）",
	} {
		if got := cleanUnit(in); got != want {
			t.Errorf("cleanUnit(%q) = %q, want %q", in, got, want)
		}
	}
}
