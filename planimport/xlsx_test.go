package planimport

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
	"github.com/xuri/excelize/v2"
)

// writeSheet builds a workbook from rows (nil cells are skipped) with the
// given merged ranges on a sheet named name; more sheets come before it.
func writeSheet(t testing.TB, name string, rows [][]any, merges [][2]string, before ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := f.GetSheetName(0)
	sheets := append(append([]string(nil), before...), name)
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName(first, s); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range before {
		if err := f.SetCellValue(s, "A1", "填表说明：本表每月5日前更新"); err != nil {
			t.Fatal(err)
		}
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue(name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range merges {
		if err := f.MergeCell(name, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ledgerRows is a ledger as bureaus lay it out: a merged title row, a
// two-row header whose "责任单位" spans 牵头/配合, columns in an odd order,
// a merged group row and an owner merged over two rows.
func ledgerRows() ([][]any, [][2]string) {
	rows := [][]any{
		{"某县教育局2026年重点任务推进台账"},
		{"完成时限", "序号", "重点任务", "责任单位", nil, "状态", "工作目标", "进展情况", "完成进度"},
		{nil, nil, nil, "牵头单位", "配合单位"},
		{"一、办学条件", nil, nil, nil, nil, nil, nil, nil, nil},
		{"9月底以前", 1, "城南小学新校区投入使用", "基建办", "计财股、安全办", "进行中", "新增学位1350个", "主体完工，正在装修", "60%"},
		{"2026-11-30", 2, "完成农村学校旱厕改造", nil, "各乡镇中心校", "未开始", "改造旱厕30座", "", "0%"},
		{"年内", 3, "建设智慧校园平台", "装备中心", "", "已完成", "", "已验收", "100%"},
		{nil, nil, nil, nil, nil, nil, nil, nil, nil},
		{"二、队伍建设", nil, nil, nil, nil, nil, nil, nil, nil},
		{"7月31日前", 4, "招聘新教师", "人事股", "", "已取消", "", "", ""},
	}
	merges := [][2]string{
		{"A1", "I1"},
		{"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "E2"}, {"F2", "F3"}, {"G2", "G3"}, {"H2", "H3"}, {"I2", "I3"},
		{"A4", "I4"}, {"A9", "I9"},
		{"D5", "D6"},
	}
	return rows, merges
}

func TestDecodeXLSX(t *testing.T) {
	rows, merges := ledgerRows()
	data := writeSheet(t, "台账", rows, merges, "说明")
	doc := decodeBytes(t, data, "台账.xlsx", Options{})
	if doc.Title != "某县教育局2026年重点任务推进台账" || doc.Format != "xlsx" || doc.Year != 2026 {
		t.Errorf("title %q format %q year %d", doc.Title, doc.Format, doc.Year)
	}
	if s := doc.Stats(); s.Sections != 2 || s.Tasks != 4 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		{title: "办学条件", code: "一", kind: duban.KindSection},
		{title: "城南小学新校区投入使用", code: "一.1", owner: "基建办", partners: "计财股、安全办", deadline: "2026-09-30", dlText: "9月底以前", target: "新增学位1350个", status: duban.StatusDoing, percent: 60},
		// The owner cell is merged over this row and the one above.
		{title: "完成农村学校旱厕改造", owner: "基建办", partners: "各乡镇中心校", deadline: "2026-11-30", status: duban.StatusTodo},
		{title: "建设智慧校园平台", owner: "装备中心", partners: "-", deadline: "2026-12-31", status: duban.StatusDone, percent: 100, target: "-"},
		{title: "招聘新教师", code: "二.4", parent: "队伍建设", status: duban.StatusCancelled, deadline: "2026-07-31"},
	} {
		checkItem(t, doc, w)
	}
	if it := find(t, doc, "城南小学"); it.Progress != "主体完工，正在装修" {
		t.Errorf("progress %q", it.Progress)
	}
	if len(doc.Warnings) == 0 || !strings.Contains(doc.Warnings[0], "台账") {
		t.Errorf("warnings %q", doc.Warnings)
	}
}

func TestDecodeXLSXWithoutHeader(t *testing.T) {
	data := writeSheet(t, "Sheet1", [][]any{
		{"全县教育工作要点"},
		{"一、加强安全管理"},
		{1, "开展校园安全排查", "9月底前"},
		{2, "组织应急演练"},
	}, nil)
	doc := decodeBytes(t, data, "a.xlsx", Options{})
	checkItem(t, doc, want{title: "开展校园安全排查", code: "一.1", deadline: "2026-09-30"})
	checkItem(t, doc, want{title: "组织应急演练", code: "一.2"})
	if len(doc.Warnings) == 0 {
		t.Error("no warning about the missing header")
	}
}

// TestLedgerRoundTrip writes the ledger duban itself exports (序号, 工作任务,
// 牵头单位, 配合单位, 完成时限, 目标, 最新进展, 进度, 状态, 更新时间) from
// decoded items and checks that decoding it gives the same items back.
func TestLedgerRoundTrip(t *testing.T) {
	orig := decodeFile(t, "plan_utf8.txt")
	statuses := []struct {
		word    string
		status  duban.Status
		percent int
	}{
		{"未开始", duban.StatusTodo, 0}, {"进行中", duban.StatusDoing, 60}, {"已完成", duban.StatusDone, 100}, {"已取消", duban.StatusCancelled, 0},
	}
	rows := [][]any{
		{"某县教育局2026年工作要点台账"},
		{"序号", "工作任务", "牵头单位", "配合单位", "完成时限", "目标", "最新进展", "进度", "状态", "更新时间"},
	}
	var tasks []Item
	for _, it := range orig.Items {
		if it.Kind != duban.KindTask {
			continue
		}
		st := statuses[len(tasks)%len(statuses)]
		it.Status, it.Percent = st.status, st.percent
		deadline := it.DeadlineText
		if len(tasks)%2 == 1 && !it.Deadline.IsZero() {
			deadline = it.Deadline.String() // the exporter may write a date
		}
		rows = append(rows, []any{
			it.Number, it.Title, it.Owner, strings.Join(it.Partners, "、"), deadline, it.Target,
			"", fmt.Sprintf("%d%%", it.Percent), st.word, "2026-02-01 10:00",
		})
		tasks = append(tasks, it)
	}
	data := writeSheet(t, "台账", rows, [][2]string{{"A1", "J1"}})
	doc := decodeBytes(t, data, "台账.xlsx", Options{})
	if len(doc.Items) != len(tasks) {
		t.Fatalf("%d items back for %d rows\n%s", len(doc.Items), len(tasks), doc.Outline())
	}
	for i, got := range doc.Items {
		w := tasks[i]
		if got.Title != w.Title || got.Owner != w.Owner || strings.Join(got.Partners, "、") != strings.Join(w.Partners, "、") ||
			got.Deadline != w.Deadline || got.Target != w.Target || got.Status != w.Status || got.Percent != w.Percent {
			t.Errorf("row %d:\n got %q %q %q %s %q %s %d\nwant %q %q %q %s %q %s %d", i+1,
				got.Title, got.Owner, got.Partners, got.Deadline, got.Target, got.Status, got.Percent,
				w.Title, w.Owner, w.Partners, w.Deadline, w.Target, w.Status, w.Percent)
		}
		if got.Code != fmt.Sprint(w.Number) {
			t.Errorf("row %d: code %q, want the 序号 %d", i+1, got.Code, w.Number)
		}
	}
}

func TestLargeSheet(t *testing.T) {
	rows := [][]any{{"序号", "工作任务", "牵头单位", "完成时限"}}
	for i := 1; i <= 10000; i++ {
		rows = append(rows, []any{i, fmt.Sprintf("第%d项常规工作任务", i), "办公室", "12月底前"})
	}
	doc := decodeBytes(t, writeSheet(t, "Sheet1", rows, nil), "big.xlsx", Options{})
	if s := doc.Stats(); s.Tasks != 10000 || s.WithOwner != 10000 || s.WithDeadline != 10000 {
		t.Errorf("stats %+v", s)
	}
}
