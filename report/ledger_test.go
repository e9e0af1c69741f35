package report_test

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/planimport"
	"github.com/duban-bot/duban/report"
	"github.com/xuri/excelize/v2"
)

func day(s string) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var shanghai = time.FixedZone("CST", 8*3600)

// ledgerPlan is a small plan as the store returns it: sections and tasks in
// plan order.
func ledgerPlan() []duban.Item {
	at := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	return []duban.Item{
		{ID: 1, Number: 1, Code: "一", Kind: duban.KindSection, Title: "校园安全"},
		{ID: 2, Number: 2, Code: "一.1", ParentNumber: 1, Kind: duban.KindTask, Title: "开展校园安全隐患排查", Owner: "安全科",
			Partners: []string{"督导室", "各学校"}, Deadline: day("2026-11-30"), DeadlineText: "11月底前", Target: "排查覆盖率100%",
			Status: duban.StatusDoing, Percent: 60, UpdatedAt: at},
		{ID: 3, Number: 3, Code: "一.2", ParentNumber: 1, Kind: duban.KindTask, Title: "落实学生资助政策", Owner: "计财科",
			Deadline: day("2026-11-20"), DeadlineText: "11月20日前", Status: duban.StatusTodo, UpdatedAt: at},
		{ID: 4, Number: 4, Code: "二", Kind: duban.KindSection, Title: "教育质量"},
		{ID: 5, Number: 5, Code: "二.(一)", ParentNumber: 4, Kind: duban.KindSection, Title: "基础教育"},
		{ID: 6, Number: 6, Code: "二.(一).1", ParentNumber: 5, Kind: duban.KindTask, Title: "完成营养餐供餐招标", Owner: "督导室",
			Deadline: day("2026-12-31"), Target: "学生营养餐覆盖率达到95%", Status: duban.StatusDone, Percent: 100, UpdatedAt: at},
		{ID: 7, Number: 7, Code: "二.(一).2", ParentNumber: 5, Kind: duban.KindTask, Title: "组织教师培训", Owner: "人事科",
			Partners: []string{"教研室"}, Deadline: day("2026-09-30"), DeadlineText: "9月底以前", Status: duban.StatusCancelled, UpdatedAt: at},
	}
}

func TestLedgerSheets(t *testing.T) {
	items := ledgerPlan()
	latest := map[int64]duban.Progress{
		2: {ItemID: 2, ItemNumber: 2, Text: "已排查学校32所", Percent: 60, UserName: "张三", CreatedAt: time.Date(2026, 11, 19, 17, 30, 0, 0, time.UTC)},
	}
	month := []duban.Progress{
		{ItemID: 2, ItemNumber: 2, Text: "已排查学校32所", Percent: 60, UserName: "张三", CreatedAt: time.Date(2026, 11, 19, 17, 30, 0, 0, time.UTC)},
		{ItemID: 6, ItemNumber: 6, Text: "招标完成", Percent: duban.NoPercent, Done: true, UserName: "李四", CreatedAt: time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)},
	}
	m := testMonth(items, latest, month, nil, day("2026-11-01"), day("2026-11-25"), nil)
	m.Evidence = map[int64][]duban.Evidence{2: {
		{ItemID: 2, Seq: 1, Attachment: duban.Attachment{Kind: duban.AttachPhoto}, Caption: "排查现场照片"},
		{ItemID: 2, Seq: 2, Attachment: duban.Attachment{Kind: duban.AttachDocument, Name: "隐患清单.xlsx"}},
	}}
	data, err := report.LedgerOf(m, report.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"台账", "本月进展", "单位统计"}) {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows("台账")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		row  int
		want []string
	}{
		{"header", 0, []string{"序号", "工作任务", "牵头单位", "配合单位", "完成时限", "目标", "最新进展", "进度", "状态", "预警", "更新时间", "原定时限", "佐证材料"}},
		{"section keeps its marker", 1, []string{"一、校园安全"}},
		{"task with report", 2, []string{"2", "开展校园安全隐患排查", "安全科", "督导室、各学校", "2026-11-30（11月底前）", "排查覆盖率100%", "已排查学校32所", "60%", "进行中", "红灯", "2026-11-20 01:30", "", "2件：排查现场照片；隐患清单.xlsx"}},
		{"overdue task", 3, []string{"3", "落实学生资助政策", "计财科", "", "2026-11-20（11月20日前）", "", "", "0%", "未开始", "红灯", "2026-11-02 09:00"}},
		{"nested section", 5, []string{"（一）基础教育"}},
		{"deadline without words is a date", 6, []string{"6", "完成营养餐供餐招标", "督导室", "", "2026-12-31", "学生营养餐覆盖率达到95%", "", "100%", "已完成", "已完成", "2026-11-02 09:00"}},
		{"cancelled", 7, []string{"7", "组织教师培训", "人事科", "教研室", "2026-09-30（9月底以前）", "", "", "0%", "已取消", "", "2026-11-02 09:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rows[tt.row]
			if len(tt.want) == 1 {
				got = got[:1] // a merged section row repeats nothing
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("row %d = %q\nwant     %q", tt.row+1, got, tt.want)
			}
		})
	}
	if len(rows) != len(items)+1 {
		t.Errorf("%d rows, want %d", len(rows), len(items)+1)
	}
	t.Run("overdue rows are filled, others not", func(t *testing.T) {
		fill := func(cell string) string {
			id, _ := f.GetCellStyle("台账", cell)
			s, _ := f.GetStyle(id)
			if s == nil || len(s.Fill.Color) == 0 {
				return ""
			}
			return s.Fill.Color[0]
		}
		if got := fill("B4"); got != "FCE4E4" {
			t.Errorf("overdue row fill = %q", got)
		}
		if got := fill("B3"); got != "" {
			t.Errorf("on-time row fill = %q", got)
		}
		if got := fill("A1"); got == "" {
			t.Error("header is not styled")
		}
	})
	t.Run("header is frozen", func(t *testing.T) {
		p, err := f.GetPanes("台账")
		if err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("panes = %+v, %v", p, err)
		}
	})
	t.Run("month sheet", func(t *testing.T) {
		rows, _ := f.GetRows("本月进展")
		want := [][]string{
			{"日期", "序号", "工作任务", "报送人", "进展", "进度"},
			{"2026-11-20", "2", "开展校园安全隐患排查", "张三", "已排查学校32所", "60%"},
			{"2026-11-03", "6", "完成营养餐供餐招标", "李四", "招标完成", "100%（销号）"},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("month rows = %q", rows)
		}
	})
}

// TestLedgerRoundTrip exports the ledger and imports it with planimport:
// titles, owners, partners, deadlines, targets, statuses, percents and the
// outline come back as they were.
func TestLedgerRoundTrip(t *testing.T) {
	items := ledgerPlan()
	for _, lang := range []string{report.LangZH, report.LangEN} {
		t.Run(lang, func(t *testing.T) {
			data, err := report.LedgerOf(testMonth(items, nil, nil, nil, day("2026-11-01"), day("2026-11-25"), nil), lang)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := planimport.Decode(bytes.NewReader(data), "台账.xlsx", planimport.Options{Year: 2026, Now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Items) != len(items) {
				for _, it := range doc.Items {
					t.Logf("decoded %s %q", it.Kind, it.Title)
				}
				t.Fatalf("decoded %d items, want %d", len(doc.Items), len(items))
			}
			byNumber := map[int]int{}
			for i, it := range items {
				byNumber[it.Number] = i + 1 // decoded numbers are 1..N in order
			}
			for i, want := range items {
				got := doc.Items[i].Item
				key := func(it duban.Item, parent int) string {
					if it.Kind == duban.KindSection {
						return fmt.Sprintf("section %q under %d", it.Title, parent)
					}
					return fmt.Sprintf("task %q under %d owner=%q partners=%q deadline=%s target=%q status=%s percent=%d",
						it.Title, parent, it.Owner, it.Partners, it.Deadline, it.Target, it.Status, it.Percent)
				}
				if g, w := key(got, got.ParentNumber), key(want, byNumber[want.ParentNumber]); g != w {
					t.Errorf("item %d:\n got %s\nwant %s", i+1, g, w)
				}
			}
		})
	}
}

func TestLedgerEnglishHeaders(t *testing.T) {
	data, err := report.LedgerOf(testMonth(ledgerPlan(), nil, nil, nil, day("2026-11-01"), day("2026-11-25"), nil), report.LangEN)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("台账")
	if rows[0][1] != "Task/工作任务" || rows[2][8] != "in progress" {
		t.Errorf("english ledger: header %q, status %q", rows[0][1], rows[2][8])
	}
}
