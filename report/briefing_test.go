package report_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/report"
)

// testMonth is a month of items as GatherMonth leaves it: the items judged
// at the end of day to (Asia/Shanghai), the units ranked, no report cycles
// counted (counts gives them).
func testMonth(items []duban.Item, latest map[int64]duban.Progress, reports []duban.Progress, changes []duban.Change,
	from, to duban.Date, counts map[string]duban.ReportCounts) report.Month {
	asOf := to.AddDays(1).In(shanghai).Add(-time.Millisecond)
	std := duban.DefaultStandards()
	items = append([]duban.Item(nil), items...)
	std.Rules.Judge(items, asOf, shanghai)
	m := report.Month{From: from, To: to, AsOf: asOf, Items: items, Latest: latest, Reports: reports, Changes: changes,
		Units: duban.RankUnits(items, to, shanghai, counts, std.Weights), Loc: shanghai}
	m.SoFar = to.AddDays(1).Month == to.Month
	for _, it := range items {
		if it.Kind == duban.KindTask {
			m.Tasks++
		}
	}
	return m
}

func briefingInput() report.BriefingInput {
	items, _ := remindPlan()
	for i := range items {
		items[i].PlanYear = 2026
		if items[i].Number == 15 { // closed in November, on time
			items[i].DoneAt = time.Date(2026, 11, 12, 3, 0, 0, 0, time.UTC)
		}
	}
	// #15 was closed by a report; #16 was reported on, once late.
	reports := []duban.Progress{
		{ItemID: 5, ItemNumber: 15, Text: "完成", Done: true, Percent: duban.NoPercent, CreatedAt: time.Date(2026, 11, 12, 3, 0, 0, 0, time.UTC)},
		{ItemID: 6, ItemNumber: 16, Text: "培训两期", Percent: 40, CreatedAt: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)},
		{ItemID: 6, ItemNumber: 16, Text: "培训三期", Percent: 50, CreatedAt: time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)},
	}
	counts := map[string]duban.ReportCounts{"人事科": {Late: 1}, "计财科": {Missed: 2}}
	m := testMonth(items, nil, reports, nil, day("2026-11-01"), day("2026-11-25"), counts)
	return report.BriefingInput{Month: m, Opening: "11月份，各单位<认真>落实工作要点。", Ledger: true}
}

func TestMonthlyBriefing(t *testing.T) {
	msgs := report.MonthlyBriefing(briefingInput(), report.LangZH)
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	text := msgs[0]
	if _, err := tgfake.ParseHTML(text); err != nil {
		t.Fatalf("bad HTML: %v\n%s", err, text)
	}
	// As of Nov 25: #13 (计财科) is overdue; #12 is 3 days from its
	// deadline (yellow) and 60% against a 序时进度 of 98% (red); #15 was
	// closed on time; #16 and #17 are behind.
	tests := []struct {
		name string
		want string
	}{
		{"title", "📊 <b>2026年11月工作通报（截至11月25日）</b>"},
		{"opening escaped", "11月份，各单位&lt;认真&gt;落实工作要点。"},
		{"overall", "全部任务6项：按期办结1项，超期办结0项，逾期未办结1项，未到期未办结4项；完成率17%。"},
		{"reports", "本月收到进展报送3条，涉及任务2项、单位2个；迟报1次，漏报2次。"},
		{"closed", "<b>二、本月办结</b>（1项）\n✅ <b>#15</b> 已完成的事（督导室）"},
		{"ranking", "<b>三、各单位排名</b>（按得分）\n1. <b>督导室</b>"},
		{"ranking order", "1. <b>督导室</b> 得分53.3 · 完成率33%"},
		{"ranked last", "3. <b>计财科</b> 得分-10 · 完成率0% · 任务1项：按期办结0，超期办结0，逾期1 · 🔴1 🟡0 🟢0 · 延期0 迟报0 漏报2"},
		{"named", "对督导室、人事科、计财科予以通报"},
		{"overdue", "<b>五、逾期未办结</b>（1项）\n🔴 <b>#13</b> 落实&lt;资助&gt;政策（计财科）"},
		{"ledger", "详细情况见台账（附件，含“单位统计”表）。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(text, tt.want) {
				t.Errorf("missing %q in\n%s", tt.want, text)
			}
		})
	}
	t.Run("english", func(t *testing.T) {
		text := report.MonthlyBriefing(briefingInput(), report.LangEN)[0]
		for _, w := range []string{"Briefing for November 2026 (as of Nov 25)", "6 tasks: 1 closed on time, 0 closed late, 1 overdue"} {
			if !strings.Contains(text, w) {
				t.Errorf("missing %q in\n%s", w, text)
			}
		}
	})
}

// A unit with everything on time is praised; ranking ties go to the better
// completion rate, then to fewer overdue tasks, then by name.
func TestBriefingPraiseAndTies(t *testing.T) {
	old := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	done := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	task := func(id int64, owner string, deadline string, status duban.Status, pct int) duban.Item {
		it := duban.Item{ID: id, Number: int(id), Kind: duban.KindTask, Title: fmt.Sprintf("任务%d", id), Owner: owner,
			Deadline: day(deadline), Status: status, Percent: pct, CreatedAt: old, LastReportAt: recent, PlanYear: 2026}
		if status == duban.StatusDone {
			it.DoneAt = done
		}
		return it
	}
	items := []duban.Item{
		task(1, "乙科", "2026-11-15", duban.StatusDone, 100),
		task(2, "甲科", "2026-11-15", duban.StatusDone, 100),
		task(3, "丙科", "2026-11-05", duban.StatusDone, 100), // closed late: after its deadline
	}
	m := testMonth(items, nil, nil, nil, day("2026-11-01"), day("2026-11-30"), nil)
	var order []string
	for _, u := range m.Units {
		order = append(order, u.Unit)
	}
	if got := strings.Join(order, ","); got != "乙科,甲科,丙科" {
		t.Errorf("ranking %s, want the tie of 甲科 and 乙科 by name (乙 sorts after 甲 in Go? no: by bytes)", got)
	}
	text := report.MonthlyBriefing(report.BriefingInput{Month: m}, report.LangZH)[0]
	if !strings.Contains(text, "对乙科、甲科予以表扬") || strings.Contains(text, "丙科予以表扬") {
		t.Errorf("praise:\n%s", text)
	}
}

// bigPlan is a plan of n tasks under n/20 sections with a report on half
// of them.
func bigPlan(n int) ([]duban.Item, map[int64]duban.Progress, []duban.Progress) {
	owners := []string{"督导室", "安全科", "计财科", "人事科", "基教科", "职成科", "教研室", "办公室"}
	statuses := []duban.Status{duban.StatusTodo, duban.StatusDoing, duban.StatusDone, duban.StatusDoing}
	created := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	var items []duban.Item
	latest := map[int64]duban.Progress{}
	var month []duban.Progress
	num := 0
	for i := 0; i < n; i++ {
		if i%20 == 0 {
			num++
			items = append(items, duban.Item{ID: int64(num), Number: num, Code: fmt.Sprint(num), Kind: duban.KindSection, Title: fmt.Sprintf("第%d部分", num)})
		}
		num++
		it := duban.Item{ID: int64(num), Number: num, Kind: duban.KindTask, Title: fmt.Sprintf("推进第%d项重点工作任务", num),
			Owner: owners[i%len(owners)], Partners: []string{owners[(i+1)%len(owners)]}, Deadline: day("2026-01-01").AddDays(i % 365),
			DeadlineText: "", Target: "完成率达到95%", Status: statuses[i%len(statuses)], Percent: (i * 7) % 100,
			CreatedAt: created, UpdatedAt: created}
		if i%2 == 0 {
			p := duban.Progress{ID: int64(i), ItemID: it.ID, ItemNumber: it.Number, UserName: "张三",
				Text: "已完成阶段性工作，正在推进下一步", Percent: it.Percent, CreatedAt: time.Date(2026, 10, 1+i%30, 2, 0, 0, 0, time.UTC)}
			latest[it.ID] = p
			month = append(month, p)
			it.LastReportAt = p.CreatedAt
		}
		items = append(items, it)
	}
	return items, latest, month
}

// BenchmarkMonthlyBriefingAndLedger renders what the monthly job renders
// for a plan of 10,000 tasks, from the month gathered: the briefing texts
// and the ledger file (GatherMonth's reading of the store is benchmarked
// in package store).
func BenchmarkMonthlyBriefingAndLedger(b *testing.B) {
	items, latest, month := bigPlan(10000)
	m := testMonth(items, latest, month, nil, day("2026-10-01"), day("2026-10-31"), nil)
	in := report.BriefingInput{Month: m, Ledger: true}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		if msgs := report.MonthlyBriefing(in, report.LangZH); len(msgs) == 0 {
			b.Fatal("no briefing")
		}
		data, err := report.LedgerOf(m, report.LangZH)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size)/1024, "ledger-KiB")
}
