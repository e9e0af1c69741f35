package e2e

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
)

// A month of events under a moving clock: the 月度通报 and ledger of
// October, made at the month's last moment, are what they are when made
// again weeks later, after November's reports, closings, extensions,
// edits and deletions.
func TestOctoberAsItStoodAtItsEnd(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clock := time.Date(2026, 9, 1, 9, 0, 0, 0, shanghai)
	st.Now = func() time.Time { return clock }
	on := func(day string, hour int) {
		d, err := duban.ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		clock = time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, shanghai)
	}
	day := func(s string) duban.Date {
		d, _ := duban.ParseDate(s)
		return d
	}
	p := duban.Plan{Name: "2026年教育工作要点", Year: 2026}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreatePlan(ctx, &p))
	for _, it := range []duban.Item{
		{Kind: duban.KindSection, Code: "一", Title: "安全与后勤"},
		{ParentNumber: 1, Title: "完成校舍安全排查", Owner: "安全稳定科", Deadline: day("2026-10-20")},    // #2 closed on time
		{ParentNumber: 1, Title: "推进食堂明厨亮灶改造", Owner: "后勤保障中心", Deadline: day("2026-10-25")}, // #3 overdue at the end of October
		{ParentNumber: 1, Title: "建成智慧校园平台", Owner: "电教馆", Deadline: day("2026-12-31")},      // #4 reports late
		{ParentNumber: 1, Title: "开展教师全员培训", Owner: "教师发展中心", Deadline: day("2026-11-30")},   // #5 extended in November
		{ParentNumber: 1, Title: "修订学生资助办法", Owner: "计划财务科", Deadline: day("2026-10-31")},    // #6 deleted in November
	} {
		it.PlanID = p.ID
		must(st.CreateItem(ctx, &it))
	}
	report1 := func(n int, text string, percent int, done bool) {
		t.Helper()
		_, _, err := st.AddProgress(ctx, &duban.Progress{ItemNumber: n, Text: text, Percent: percent, Done: done, UserName: "张敏"}, 0)
		must(err)
	}
	// October.
	on("2026-10-09", 16)
	report1(2, "排查过半", 50, false)
	report1(3, "完成招标", 30, false)
	report1(5, "完成第一期培训", 40, false)
	report1(6, "起草完成", 60, false)
	on("2026-10-16", 10)
	report1(2, "排查完毕，整改到位", 100, true)
	report1(5, "第二期培训进行中", 60, false)
	on("2026-10-18", 11) // a Sunday: 电教馆 late for the week of the 16th
	report1(4, "平台部署中", 30, false)
	evidence := func(n int, id, caption string) {
		t.Helper()
		_, _, err := st.AddEvidence(ctx, &duban.Evidence{ItemNumber: n, Caption: caption, UserName: "张敏",
			Attachment: duban.Attachment{Kind: duban.AttachPhoto, FileID: id, UniqueID: "u-" + id, Size: 1000}}, 0, 0)
		must(err)
	}
	evidence(2, "p1", "整改前后照片")
	on("2026-10-23", 15)
	report1(5, "第三期培训", 70, false)
	report1(6, "征求意见中", 80, false)
	_, err = st.UpdateItem(ctx, 4, func(it *duban.Item) error {
		it.Milestones = []duban.Milestone{{Seq: 1, Date: day("2026-10-31"), Text: "部署完成"}, {Seq: 2, Date: day("2026-12-15"), Text: "上线运行"}}
		return nil
	})
	must(err)

	std := duban.Standards{Rules: duban.DefaultRules(), Cycle: duban.DefaultCycle(), Weights: duban.DefaultWeights()}
	monthEnd := time.Date(2026, 10, 31, 23, 59, 59, int(999*time.Millisecond), shanghai)
	render := func() (string, [][]string) {
		t.Helper()
		m, err := report.GatherMonth(ctx, st, "", monthEnd, std, shanghai)
		must(err)
		text := strings.Join(report.MonthlyBriefing(report.BriefingInput{Month: m, Ledger: true}, "zh"), "\n")
		file, err := report.LedgerOfMonth(m, "zh")
		must(err)
		return text, ledgerCells(t, file.File.Data)
	}
	on("2026-10-31", 23)
	clock = monthEnd
	atEnd, cellsAtEnd := render()
	for _, want := range []string{"10月", "推进食堂明厨亮灶改造", "后勤保障中心"} {
		if !strings.Contains(atEnd, want) {
			t.Errorf("the briefing at October's end lacks %q:\n%s", want, atEnd)
		}
	}
	if !strings.Contains(atEnd, "延期0项") {
		t.Errorf("nothing was extended in October:\n%s", atEnd)
	}

	// November changes everything it can.
	on("2026-11-02", 9)
	report1(3, "改造完成", 100, true)
	report1(4, "部署完成，试运行", 70, false)
	evidence(2, "p2", "复查记录")
	_, err = st.UpdateItem(ctx, 4, func(it *duban.Item) error { it.Milestones[0].Done = true; return nil })
	must(err)
	ext := duban.Extension{ItemNumber: 5, UserName: "张敏", Deadline: day("2026-12-31"), Reason: "培训场地改造"}
	must(st.RequestExtension(ctx, &ext, day("2026-11-02")))
	_, _, err = st.DecideExtension(ctx, ext.ID, true)
	must(err)
	on("2026-11-10", 9)
	_, err = st.DeleteItem(ctx, 6)
	must(err)
	_, err = st.UpdateItem(ctx, 2, func(it *duban.Item) error {
		it.Title = "完成校舍及附属设施安全排查"
		it.Owner = "后勤保障中心"
		return nil
	})
	must(err)
	must(st.CreateItem(ctx, &duban.Item{PlanID: p.ID, ParentNumber: 1, Title: "新增：冬季供暖检查", Owner: "后勤保障中心", Deadline: day("2026-11-20")}))
	on("2026-11-30", 18)

	later, cellsLater := render()
	if later != atEnd {
		t.Errorf("October's briefing changed after November:\n--- at the end of October\n%s\n--- on November 30\n%s", atEnd, later)
	}
	if !reflect.DeepEqual(cellsLater, cellsAtEnd) {
		t.Errorf("October's ledger changed after November:\n%v\n---\n%v", cellsAtEnd, cellsLater)
	}
	for _, gone := range []string{"冬季供暖检查", "附属设施", "部署完成，试运行", "复查记录"} {
		if strings.Contains(later, gone) || strings.Contains(flat(cellsLater), gone) {
			t.Errorf("November's %q shows in October's briefing or ledger", gone)
		}
	}
	if !strings.Contains(flat(cellsLater), "1件：整改前后照片") {
		t.Errorf("October's evidence is missing from its ledger")
	}
	if !strings.Contains(flat(cellsLater), "修订学生资助办法") {
		t.Errorf("the item deleted in November is missing from October's ledger")
	}
	// And November's own figures do show the changes.
	m, err := report.GatherMonth(ctx, st, "", clock, std, shanghai)
	must(err)
	now := strings.Join(report.MonthlyBriefing(report.BriefingInput{Month: m}, "zh"), "\n")
	if now == atEnd || strings.Contains(now, "修订学生资助办法") {
		t.Errorf("November's briefing:\n%s", now)
	}
}

// ledgerCells reads every sheet's cells of an .xlsx file.
func ledgerCells(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, []string{"== " + sheet})
		out = append(out, rows...)
	}
	return out
}

func flat(cells [][]string) string {
	var b strings.Builder
	for _, r := range cells {
		b.WriteString(strings.Join(r, "|"))
		b.WriteByte('\n')
	}
	return b.String()
}
