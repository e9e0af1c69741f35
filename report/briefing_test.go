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

func briefingInput() report.BriefingInput {
	items, cutoff := remindPlan()
	// #15 was closed in October by a report; #16 was reported on.
	reports := []duban.Progress{
		{ItemID: 5, ItemNumber: 15, Text: "完成", Done: true, Percent: duban.NoPercent, CreatedAt: time.Date(2026, 10, 12, 3, 0, 0, 0, time.UTC)},
		{ItemID: 6, ItemNumber: 16, Text: "培训两期", Percent: 40, CreatedAt: time.Date(2026, 10, 20, 3, 0, 0, 0, time.UTC)},
		{ItemID: 6, ItemNumber: 16, Text: "培训三期", Percent: 50, CreatedAt: time.Date(2026, 10, 28, 3, 0, 0, 0, time.UTC)},
	}
	return report.BriefingInput{
		From: day("2026-10-01"), To: day("2026-10-31"), Today: day("2026-11-25"),
		Items: items, Reports: reports, StaleCutoff: cutoff, StaleDays: 14,
		Opening: "10月份，各单位<认真>落实工作要点。", Ledger: true,
	}
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
	tests := []struct {
		name string
		want string
	}{
		{"title", "📊 <b>2026年10月工作通报</b>"},
		{"opening escaped", "10月份，各单位&lt;认真&gt;落实工作要点。"},
		{"overall", "全部任务6项：已完成1项，进行中3项，未开始2项，已取消0项；逾期1项，未报送2项；完成率16%。"},
		{"reports", "本期收到进展报送3条，涉及任务2项、单位2个；本期完成（销号）1项。"},
		{"completed", "<b>二、本期完成</b>（1项）\n<b>#15</b> 已完成的事（督导室）"},
		{"unit line", "<b>督导室</b>：任务3项，完成1，进行中1，逾期0，未报送1，完成率33%"},
		{"unit line 2", "<b>计财科</b>：任务1项，完成0，进行中0，逾期1，未报送1，完成率0%"},
		{"overdue", "<b>四、逾期任务</b>（1项）\n<b>#13</b> 落实&lt;资助&gt;政策（计财科）"},
		{"ledger", "详细情况见台账（附件）。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(text, tt.want) {
				t.Errorf("missing %q in\n%s", tt.want, text)
			}
		})
	}
	t.Run("so far", func(t *testing.T) {
		in := briefingInput()
		in.From, in.To, in.SoFar, in.Opening, in.Ledger = day("2026-11-01"), day("2026-11-25"), true, "", false
		in.Reports = nil
		text := report.MonthlyBriefing(in, report.LangZH)[0]
		for _, w := range []string{"2026年11月工作通报（截至11月25日）", "本期没有任务销号。"} {
			if !strings.Contains(text, w) {
				t.Errorf("missing %q in\n%s", w, text)
			}
		}
	})
	t.Run("english", func(t *testing.T) {
		text := report.MonthlyBriefing(briefingInput(), report.LangEN)[0]
		for _, w := range []string{"Briefing for October 2026", "6 tasks: 1 done, 3 in progress", "<b>督导室</b>: 3 tasks, 1 done"} {
			if !strings.Contains(text, w) {
				t.Errorf("missing %q in\n%s", w, text)
			}
		}
	})
}

func TestDepartmentFigures(t *testing.T) {
	in := briefingInput()
	units, total := report.DepartmentFigures(in.Items, in.Today, in.StaleCutoff)
	var order []string
	for _, u := range units {
		order = append(order, u.Owner)
	}
	if got := strings.Join(order, ","); got != "督导室,计财科,人事科" {
		t.Errorf("units in plan order = %s", got)
	}
	if total.Items != 6 || total.Rate() != 16 {
		t.Errorf("total = %+v rate %d", total, total.Rate())
	}
	if (report.DeptFigures{Items: 2, Cancelled: 2}).Rate() != 0 {
		t.Error("all cancelled should rate 0")
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

// BenchmarkMonthlyBriefingAndLedger builds what the monthly job builds for
// a plan of 10,000 tasks: the briefing texts and the ledger file.
func BenchmarkMonthlyBriefingAndLedger(b *testing.B) {
	items, latest, month := bigPlan(10000)
	today := day("2026-11-01")
	in := report.BriefingInput{From: day("2026-10-01"), To: day("2026-10-31"), Today: today, Items: items,
		Reports: month, StaleCutoff: time.Date(2026, 10, 18, 0, 0, 0, 0, time.UTC), StaleDays: 14, Ledger: true}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		if msgs := report.MonthlyBriefing(in, report.LangZH); len(msgs) == 0 {
			b.Fatal("no briefing")
		}
		data, err := report.LedgerWithChanges(items, latest, month, nil, "", today, shanghai, report.LangZH)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size)/1024, "ledger-KiB")
}
