package report_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/bigdb"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
)

// The chart part of the monthly briefing: gather the month, the trend over
// the plan year (one as-of load per month), and the drawing.
//
//	go test ./report -run ^$ -bench MonthChart -benchmem

// benchChart runs the chart part of the briefing of the month holding asOf
// over st, with sub-benchmarks for each step.
func benchChart(b *testing.B, st *store.Store, asOf time.Time, loc *time.Location) {
	ctx := context.Background()
	std := duban.DefaultStandards()
	r, err := chart.New(nil, chart.Options{})
	if err != nil {
		b.Fatal(err)
	}
	m, err := report.GatherMonth(ctx, st, "", asOf, std, loc)
	if err != nil {
		b.Fatal(err)
	}
	pts, err := report.Trend(ctx, st, "", asOf, std, loc, report.LangZH)
	if err != nil {
		b.Fatal(err)
	}
	data := 0
	for _, p := range pts {
		if !p.NoData {
			data++
		}
	}
	b.Logf("%d items, %d units, %d months with data", len(m.Items), len(m.Units), data)
	b.Run("gather", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.GatherMonth(ctx, st, "", asOf, std, loc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("trend", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.Trend(ctx, st, "", asOf, std, loc, report.LangZH); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("render", func(b *testing.B) {
		b.ReportAllocs()
		units := report.ChartUnits(m)
		for b.Loop() {
			if _, err := r.Briefing("2026年教育工作要点 · 11月工作进展", "2026年11月30日", units, pts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m, err := report.GatherMonth(ctx, st, "", asOf, std, loc)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := report.MonthChart(ctx, st, m, std, r, report.LangZH); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMonthChartCounty is a large county's year: 1,200 tasks of 40
// units created in February, reported on and closed month by month under
// a moving clock (each change in the audit trail), charted at the end of
// November.
func BenchmarkMonthChartCounty(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(b.TempDir(), "county.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	clock := time.Date(2026, 2, 10, 9, 0, 0, 0, shanghai)
	st.Now = func() time.Time { return clock }
	p := duban.Plan{Name: "2026年教育工作要点", Year: 2026}
	if err := st.CreatePlan(ctx, &p); err != nil {
		b.Fatal(err)
	}
	const tasks, units = 1200, 40
	var items []duban.Item
	for i := range tasks {
		items = append(items, duban.Item{Kind: duban.KindTask, Code: fmt.Sprint(i + 1), Title: fmt.Sprintf("推进第%d项重点工作", i+1),
			Owner:    fmt.Sprintf("城关第%d学区", i%units+1),
			Deadline: duban.Date{Year: 2026, Month: time.Month(3 + i%10), Day: 1 + i%28}})
	}
	if _, err := st.ImportPlan(ctx, p, items); err != nil {
		b.Fatal(err)
	}
	// Each month from March, a report on a tenth of the tasks and the
	// closing of those due that month, most on time.
	for month := time.March; month <= time.November; month++ {
		for i := range tasks {
			it := items[i]
			if i%10 != int(month)%10 && it.Deadline.Month != month {
				continue
			}
			clock = time.Date(2026, month, 1+i%27, 10, 0, 0, 0, shanghai)
			done := it.Deadline.Month == month && i%7 != 0
			if _, _, err := st.AddProgress(ctx, &duban.Progress{ItemNumber: i + 1, UserID: 7, UserName: "张敏",
				Text: "按计划推进", Percent: 50, Done: done}, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	clock = time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai)
	benchChart(b, st, report.MonthAsOf(duban.Date{Year: 2026, Month: time.November, Day: 1}, clock, shanghai), shanghai)
}

// BenchmarkMonthChartBigDB is the big database (100,000 items, 1,000,000
// reports, all created on bigdb.Today, June 15): its December, whose trend
// loads the whole database for each month from June on.
func BenchmarkMonthChartBigDB(b *testing.B) {
	path, err := bigdb.Path(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.Now = func() time.Time { return bigdb.Today }
	benchChart(b, st, time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), time.UTC)
}
