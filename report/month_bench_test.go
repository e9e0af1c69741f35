package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/bigdb"
	"github.com/duban-bot/duban/report"
)

// BenchmarkMonthAsOf is the whole 月度通报 of October over the Year
// database (10,000 items, 1,000,000 reports and their audit trail), as
// the monthly job makes it on November 1st: the month gathered as it stood
// at its last moment (GatherMonth), the briefing texts and the ledger file.
//
//	go test ./report -run ^$ -bench MonthAsOf
func BenchmarkMonthAsOf(b *testing.B) {
	ctx := context.Background()
	st := bigdb.Open(b, bigdb.Year)
	asOf := time.Date(2026, time.November, 1, 0, 0, 0, 0, bigdb.Shanghai).Add(-time.Millisecond)
	std := duban.DefaultStandards()
	b.ReportAllocs()
	cpu := bigdb.CPUTime()
	var size, tasks int
	for b.Loop() {
		m, err := report.GatherMonth(ctx, st, "", asOf, std, bigdb.Shanghai)
		if err != nil {
			b.Fatal(err)
		}
		if msgs := report.MonthlyBriefing(report.BriefingInput{Month: m, Ledger: true}, report.LangZH); len(msgs) == 0 {
			b.Fatal("no briefing")
		}
		data, err := report.LedgerOf(m, report.LangZH)
		if err != nil {
			b.Fatal(err)
		}
		size, tasks = len(data), m.Tasks
	}
	b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(size)/1024, "ledger-KiB")
	b.ReportMetric(float64(tasks), "tasks")
}

// nopDrawer draws nothing: BenchmarkMonthTrend measures what the chart is
// drawn from.
type nopDrawer struct{}

func (nopDrawer) Briefing(string, string, []chart.Unit, []chart.TrendPoint) ([]byte, error) {
	return []byte{}, nil
}

// BenchmarkMonthTrend is what the monthly job adds for the briefing's chart
// over the Year database on November 1st: the completion trend, each month
// of the plan year as it stood at its end (PlanItemsAsOf, ten of them),
// without the drawing.
func BenchmarkMonthTrend(b *testing.B) {
	ctx := context.Background()
	st := bigdb.Open(b, bigdb.Year)
	asOf := time.Date(2026, time.November, 1, 0, 0, 0, 0, bigdb.Shanghai).Add(-time.Millisecond)
	std := duban.DefaultStandards()
	m, err := report.GatherMonth(ctx, st, "", asOf, std, bigdb.Shanghai)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := bigdb.CPUTime()
	for b.Loop() {
		if _, err := report.MonthChart(ctx, st, m, std, nopDrawer{}, report.LangZH); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}
