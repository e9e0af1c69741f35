package planimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// testNow pins the clock: the fallback year of documents without one.
var testNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func decodeBytes(t testing.TB, data []byte, name string, opt Options) *Document {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	doc, err := Decode(bytes.NewReader(data), name, opt)
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	checkInvariants(t, doc)
	return doc
}

func decodeFile(t testing.TB, name string) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return decodeBytes(t, data, name, Options{})
}

// checkInvariants asserts what every decoded document must satisfy.
func checkInvariants(t testing.TB, doc *Document) {
	t.Helper()
	level := map[int]int{0: 0}
	for i, it := range doc.Items {
		if it.Number != i+1 {
			t.Fatalf("item %d has number %d", i+1, it.Number)
		}
		if it.ParentNumber < 0 || it.ParentNumber >= it.Number {
			t.Fatalf("item %d has parent %d", it.Number, it.ParentNumber)
		}
		if it.Level != level[it.ParentNumber]+1 {
			t.Fatalf("item %d level %d under parent level %d", it.Number, it.Level, level[it.ParentNumber])
		}
		level[it.Number] = it.Level
		if strings.TrimSpace(it.Title) == "" {
			t.Fatalf("item %d has an empty title", it.Number)
		}
		if it.Kind != duban.KindSection && it.Kind != duban.KindTask {
			t.Fatalf("item %d has kind %q", it.Number, it.Kind)
		}
		if !it.Status.Valid() || it.Percent < 0 || it.Percent > 100 {
			t.Fatalf("item %d has status %q percent %d", it.Number, it.Status, it.Percent)
		}
		if it.Code == "" {
			t.Fatalf("item %d has no code", it.Number)
		}
	}
	if _, err := doc.JSON(); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	if doc.Outline() == "" {
		t.Fatal("empty outline")
	}
}

// find returns the first item whose title starts with prefix.
func find(t testing.TB, doc *Document, prefix string) Item {
	t.Helper()
	for _, it := range doc.Items {
		if strings.HasPrefix(it.Title, prefix) {
			return it
		}
	}
	t.Fatalf("no item titled %q in\n%s", prefix, doc.Outline())
	return Item{}
}

// want describes the fields of one expected item; empty fields are not
// checked, "-" means "must be empty".
type want struct {
	title    string // prefix of the title
	code     string
	kind     duban.Kind
	owner    string
	partners string // joined with 、
	deadline string // YYYY-MM-DD
	dlText   string
	target   string // substring
	parent   string // prefix of the parent's title
	status   duban.Status
	percent  int
}

func checkItem(t *testing.T, doc *Document, w want) {
	t.Helper()
	it := find(t, doc, w.title)
	field := func(name, got, want string) {
		t.Helper()
		switch {
		case want == "":
		case want == "-" && got != "":
			t.Errorf("%s: %s = %q, want empty", w.title, name, got)
		case want != "-" && got != want:
			t.Errorf("%s: %s = %q, want %q", w.title, name, got, want)
		}
	}
	field("code", it.Code, w.code)
	field("kind", string(it.Kind), string(w.kind))
	field("owner", it.Owner, w.owner)
	field("partners", strings.Join(it.Partners, "、"), w.partners)
	field("deadline", it.Deadline.String(), w.deadline)
	field("deadline text", it.DeadlineText, w.dlText)
	field("status", string(it.Status), string(w.status))
	if w.target == "-" && it.Target != "" {
		t.Errorf("%s: target = %q, want empty", w.title, it.Target)
	} else if w.target != "" && w.target != "-" && !strings.Contains(it.Target, w.target) {
		t.Errorf("%s: target = %q, want it to contain %q", w.title, it.Target, w.target)
	}
	if w.parent != "" {
		var parent string
		for _, p := range doc.Items {
			if p.Number == it.ParentNumber {
				parent = p.Title
			}
		}
		if !strings.HasPrefix(parent, w.parent) {
			t.Errorf("%s: parent = %q, want %q", w.title, parent, w.parent)
		}
	}
	if w.percent != 0 && it.Percent != w.percent {
		t.Errorf("%s: percent = %d, want %d", w.title, it.Percent, w.percent)
	}
}

// planWants are the items of testdata/plan_utf8.txt (and its GB18030 copy).
var planWants = []want{
	{title: "强化党建引领", code: "一", kind: duban.KindSection, owner: "-"},
	{title: "抓实理论学习", code: "一.(一)", owner: "办公室", partners: "人事股、党建办", parent: "强化党建引领"},
	{title: "制定年度理论学习计划", code: "一.(一).1", kind: duban.KindTask, owner: "办公室", partners: "人事股、党建办", deadline: "2026-03-31", dlText: "3月底前"},
	{title: "开展“清廉学校”创建", owner: "纪检组", partners: "-", deadline: "2026-12-31", target: "清廉示范校12所"},
	{title: "加强基层党组织建设", code: "一.(二)", kind: duban.KindTask, owner: "党建办", deadline: "2026-06-30"},
	{title: "扩充学位资源", owner: "计财股", deadline: "2026-09-30", dlText: "9月底以前", target: "新增学位1350个"},
	{title: "深化集团化办学", kind: duban.KindSection, owner: "基教股", partners: "人事股、督导室"},
	{title: "新组建教育集团3个", code: "二.(二).一是", owner: "基教股", parent: "深化集团化办学", deadline: "-"},
	{title: "推行集团内教师交流轮岗", code: "二.(二).二是", target: "不低于15%"},
	{title: "建立集团捆绑考核办法", code: "二.(二).三是", deadline: "2026-10-31", owner: "基教股"},
	{title: "完善控辍保学台账", code: "二.(三).①", target: "99%以上", owner: "-"},
	{title: "送教上门", code: "二.(三).③", parent: "关爱特殊群体"},
	{title: "督导室工作任务", code: "三.1", owner: "督导室", target: "32所学校"},
	{title: "教研室工作任务", owner: "教研室", deadline: "2026-11-15"},
	{title: "各学校工作任务", owner: "各学校", target: "作业公示率达到100%"},
	{title: "守牢安全底线", kind: duban.KindSection},
	{title: "抓隐患排查", code: "四.一抓", parent: "守牢安全底线"},
	{title: "抓心理健康", code: "四.三抓", deadline: "2026-12-31"},
	{title: "加强队伍建设", kind: duban.KindSection, owner: "人事股", partners: "教研室"},
	{title: "实施青年教师培养工程", code: "五.首先", owner: "人事股", target: "2000人次"},
	{title: "开展县级骨干教师评选", code: "五.其次", deadline: "2026-07-31"},
	{title: "落实教师减负清单", code: "五.最后", owner: "人事股"},
}

func TestDecodeText(t *testing.T) {
	for _, name := range []string{"plan_utf8.txt", "plan_gb18030.txt"} {
		t.Run(name, func(t *testing.T) {
			doc := decodeFile(t, name)
			if doc.Title != "某县教育局2026年工作要点" || doc.Year != 2026 || doc.Format != "txt" {
				t.Errorf("title %q year %d format %q", doc.Title, doc.Year, doc.Format)
			}
			s := doc.Stats()
			if s.Sections != 8 || s.Tasks != 19 {
				t.Errorf("stats %+v, want 8 sections and 19 tasks\n%s", s, doc.Outline())
			}
			for _, w := range planWants {
				checkItem(t, doc, w)
			}
			out := doc.Outline()
			for _, noise := range []string{"首页", "发布时间", "阅读提示", "第2页", "NextPage", "版权", "ICP", "联系我们", "文档下载", "总体要求", "2026年1月6日"} {
				if strings.Contains(out, noise) {
					t.Errorf("outline contains noise %q", noise)
				}
			}
		})
	}
}

func TestDecodeTextEncodings(t *testing.T) {
	utf8Plan, err := os.ReadFile("testdata/plan_utf8.txt")
	if err != nil {
		t.Fatal(err)
	}
	base := decodeBytes(t, utf8Plan, "a.txt", Options{}).Outline()
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range string(utf8Plan) {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"bom", append([]byte("\xEF\xBB\xBF"), utf8Plan...)},
		{"crlf", bytes.ReplaceAll(utf8Plan, []byte("\n"), []byte("\r\n"))},
		{"cr", bytes.ReplaceAll(utf8Plan, []byte("\n"), []byte("\r"))},
		{"utf16le", utf16},
		{"stray byte", append(append([]byte(nil), utf8Plan...), 0xFF)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeBytes(t, tt.data, "a.txt", Options{}).Outline()
			if got != base {
				t.Errorf("outline differs from UTF-8 LF:\n%s", got)
			}
		})
	}
}

func TestDecodeMarkdown(t *testing.T) {
	doc := decodeFile(t, "plan.md")
	if doc.Title != "城区教育局2026年春季学期重点工作清单" || doc.Format != "md" {
		t.Errorf("title %q format %q", doc.Title, doc.Format)
	}
	for _, w := range []want{
		{title: "教学质量提升", code: "一", kind: duban.KindSection},
		{title: "开展期中教学质量监测", code: "一.1", owner: "教研室", deadline: "2026-04-20"},
		{title: "举办青年教师基本功大赛", kind: duban.KindSection, target: "不少于60人"},
		{title: "初赛由各学校组织", code: "一.2.1", parent: "举办青年教师"},
		{title: "编印《课堂常规十条》", code: "一.3", parent: "教学质量提升"},
		{title: "实验中学风雨操场6月底前完工", code: "二.1", owner: "基建办", deadline: "2026-06-30"},
		{title: "完成智慧校园平台二期建设", target: "42所"},
		{title: "修订学生资助管理办法", parent: "督办台账", owner: "资助中心", partners: "计财股、基教股", deadline: "2026-03-31"},
		{title: "推进课后服务提质扩面", owner: "基教股", partners: "各学校", deadline: "2026-06-30", dlText: "2026-06-30"},
	} {
		checkItem(t, doc, w)
	}
	if out := doc.Outline(); strings.Contains(out, "代码块") || strings.Contains(out, "说明") || strings.Contains(out, "https") || strings.Contains(out, "**") {
		t.Errorf("markup or skipped text in outline:\n%s", out)
	}
}

func TestDecodeCSV(t *testing.T) {
	for _, name := range []string{"ledger.csv", "ledger_gbk.csv"} {
		t.Run(name, func(t *testing.T) {
			doc := decodeFile(t, name)
			if doc.Title != "某区教育局2026年重点工作任务台账" || doc.Year != 2026 {
				t.Errorf("title %q year %d", doc.Title, doc.Year)
			}
			if s := doc.Stats(); s.Sections != 2 || s.Tasks != 4 {
				t.Errorf("stats %+v\n%s", s, doc.Outline())
			}
			for _, w := range []want{
				{title: "安全稳定", code: "一", kind: duban.KindSection},
				{title: "完成校舍安全隐患排查", code: "一.1", owner: "后勤保障中心", partners: "各学校", deadline: "2026-06-30", target: "排查覆盖率100%", status: duban.StatusDoing, percent: 40},
				{title: "建成校园视频监控平台", owner: "装备中心", partners: "安全办、计财股", deadline: "2026-09-30", status: duban.StatusTodo, target: "58所"},
				{title: "组织初中学业水平考试", code: "二.3", parent: "教育教学", status: duban.StatusDone, percent: 100, deadline: "2026-12-31"},
				{title: "开展义务教育质量监测", status: duban.StatusDone, owner: "教研室", target: "-"},
			} {
				checkItem(t, doc, w)
			}
			it := find(t, doc, "建成校园视频监控平台")
			if it.Body != "接入全部学校" || it.Person != "李华" || it.Note != "需财政配套" {
				t.Errorf("body %q person %q note %q", it.Body, it.Person, it.Note)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	doc := decodeFile(t, "plan_utf8.txt")
	data, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(doc.Items) {
		t.Fatalf("%d objects for %d items", len(got), len(doc.Items))
	}
	first, third := got[0], got[2]
	if first["parent"] != nil || first["deadline"] != nil || first["number"] != 1.0 {
		t.Errorf("first object %v", first)
	}
	if _, ok := first["partners"].([]any); !ok {
		t.Errorf("partners must be an array, got %T", first["partners"])
	}
	if third["parent"] != 2.0 || third["deadline"] != "2026-03-31" || third["deadline_text"] != "3月底前" || third["owner"] != "办公室" || third["code"] != "一.(一).1" {
		t.Errorf("third object %v", third)
	}
}

func TestOutline(t *testing.T) {
	doc := decodeFile(t, "plan_utf8.txt")
	out := doc.Outline()
	for _, line := range []string{
		"某县教育局2026年工作要点（2026年，txt）",
		"#1 一 强化党建引领，压实全面从严治党责任",
		"    #3 一.(一).1 制定年度理论学习计划，每月开展一次集中学习，3月底前印发学习安排｜牵头：办公室｜配合：人事股、党建办｜时限：3月底前(2026-03-31)",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("outline lacks line %q:\n%s", line, out)
		}
	}
}

func TestYear(t *testing.T) {
	tests := []struct {
		name string
		text string
		opt  Options
		want int
	}{
		{"title", "某县教育局2025年工作计划\n一、加强安全管理\n", Options{}, 2025},
		{"school year", "某校2025-2026学年工作计划\n一、加强安全管理\n", Options{}, 2025},
		{"option wins", "某县教育局2025年工作计划\n一、加强安全管理\n", Options{Year: 2030}, 2030},
		{"placeholder", "某县教育局xx年工作计划\n一、加强安全管理\n", Options{}, 2026},
		{"signature", "某县教育局工作计划\n一、加强安全管理\n某县教育局\n2024年3月2日\n", Options{}, 2024},
		{"signed in december", "某县教育局工作计划\n一、加强安全管理\n某县教育局\n2024年12月20日\n", Options{}, 2025},
		{"now", "某县教育局工作计划\n一、加强安全管理\n", Options{}, 2026},
		{"summary and plan", "某县教育局2024年工作总结和2025年工作打算\n一、加强安全管理\n", Options{}, 2025},
		{"summary and next year's plan", "某校2024年工作总结及明年工作打算\n一、加强安全管理\n", Options{}, 2025},
		{"half year stated in the text", "某校上半年工作总结及下半年工作计划\n2023年上半年，我校较好地完成了各项任务。\n一、加强安全管理\n", Options{}, 2023},
		{"next year's plan part", "某校工作总结\n2024年，我校较好地完成了各项任务。\n一、主要成绩\n1.中考成绩位列全县第一。\n二、明年工作计划\n1.加强安全管理。\n", Options{}, 2025},
		{"opening line", "某县教育局工作要点\n2024年是全面深化改革的关键之年。\n一、加强安全管理\n", Options{}, 2024},
		{"dated under the title", "某县教育局工作要点\n（2024年2月8日）\n一、加强安全管理\n", Options{}, 2024},
		// A date in the middle of the text is some event's, not the plan's.
		{"date mid-text", "某县教育局工作计划\n一、加强安全管理\n2019年3月5日\n二、提升教学质量\n三、规范办学行为\n四、强化队伍建设\n", Options{}, 2026},
		{"signed mid-text", "某县教育局工作计划\n一、加强安全管理\n某县教育局\n2024年3月2日\n附件：分工表\n一、安全管理由安全股负责\n", Options{}, 2024},
		{"a year inside a sentence", "某县教育局工作计划\n落实《2019-2022年行动计划》。\n一、加强安全管理\n", Options{}, 2026},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte(tt.text), "a.txt", tt.opt)
			if doc.Year != tt.want {
				t.Errorf("year %d, want %d", doc.Year, tt.want)
			}
		})
	}
}

func TestErrorsAreDubanErrors(t *testing.T) {
	for _, err := range []error{ErrTooLarge, ErrEmpty, ErrNoItems, ErrUnsupported, ErrLegacyWord, ErrLegacyExcel, ErrPDF, ErrDocx, ErrXlsx, ErrCSV, ErrText, ErrEncoding, ErrPackageTooLarge, ErrRead} {
		wrapped := fail(err.(*duban.Error), errors.New("cause"))
		if duban.ErrorCode(wrapped) != duban.EINVALID || duban.ErrorMessage(wrapped) != err.(*duban.Error).Message || !errors.Is(wrapped, err) {
			t.Errorf("%v does not survive wrapping", err)
		}
	}
}

func readTestdata(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", name))
}
