package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/bigdb"
	"github.com/duban-bot/duban/store"
)

// BenchmarkAddProgress records progress reports on the open tasks of a
// copy of the Year database (10,000 items, 1,000,000 reports and their
// audit trail), with and without the events a report stores:
//
//   - events: store.AddProgress as it is — the report, its full-text row,
//     the item's new state and the audit row;
//   - no-audit: the same without the audit row;
//   - report-only: the same without the audit row and the item's update
//     (the item is still read, the report and its full-text row written);
//   - insert-only: a bare INSERT of the report row in a transaction.
//
// The slowdown from storing events is events / report-only; the
// interleaved run measures it with the three in turn.
//
//	go test ./store -run ^$ -bench AddProgress -count 6
func BenchmarkAddProgress(b *testing.B) {
	ctx := context.Background()
	st := bigdb.OpenCopy(b, bigdb.Year)
	path := st.Path()
	var tick int64
	st.Now = func() time.Time { tick++; return bigdb.YearToday.Add(time.Duration(tick) * time.Second) }
	items, err := st.PlanItems(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	var open []int
	for _, it := range items {
		if it.Kind == duban.KindTask && it.Open() {
			open = append(open, it.Number)
		}
	}
	if len(open) < 1000 {
		b.Fatalf("%d open tasks", len(open))
	}
	n := 0
	report := func(i int) duban.Progress {
		return duban.Progress{ItemNumber: open[i%len(open)], ChatID: bigdb.ChatID, UserID: 1001, UserName: "王芳",
			Text: fmt.Sprintf("本周已完成%d所学校的排查，正在整改。", i%50+1), Percent: 10 * (i%9 + 1)}
	}
	// Warm up: the copy's pages into the cache, the write-ahead log to its
	// working size.
	for range 1000 {
		n++
		p := report(n)
		if _, _, err := st.AddProgress(ctx, &p, int64(50_000_000+n)); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name              string
		audit, itemUpdate bool // skipped
	}{{"events", false, false}, {"no-audit", true, false}, {"report-only", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			store.SkipEvents(st, c.audit, c.itemUpdate)
			defer store.SkipEvents(st, false, false)
			b.ReportAllocs()
			cpu := bigdb.CPUTime()
			for b.Loop() {
				n++
				p := report(n)
				if _, _, err := st.AddProgress(ctx, &p, int64(50_000_000+n)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
	// The same three in turn, report by report, so that what the database
	// does now and then (a checkpoint, a merge of the full-text index)
	// falls on each alike: the mean time of each, and events / report-only.
	// The median shows the common report; the mean also carries the
	// occasional checkpoint, which more pages written bring sooner.
	b.Run("interleaved", func(b *testing.B) {
		var spent [3][]time.Duration
		skips := [3][2]bool{{false, false}, {true, false}, {true, true}}
		for b.Loop() {
			for k, sk := range skips {
				store.SkipEvents(st, sk[0], sk[1])
				n++
				p := report(n)
				start := time.Now()
				if _, _, err := st.AddProgress(ctx, &p, int64(50_000_000+n)); err != nil {
					b.Fatal(err)
				}
				spent[k] = append(spent[k], time.Since(start))
			}
		}
		store.SkipEvents(st, false, false)
		var mean, median [3]float64
		for k, name := range []string{"events", "no-audit", "report-only"} {
			var sum time.Duration
			for _, d := range spent[k] {
				sum += d
			}
			slices.Sort(spent[k])
			mean[k] = float64(sum.Nanoseconds()) / float64(len(spent[k]))
			median[k] = float64(spent[k][len(spent[k])/2].Nanoseconds())
			b.ReportMetric(mean[k], name+"-ns/report")
			b.ReportMetric(median[k], name+"-p50-ns")
		}
		b.ReportMetric(mean[0]/mean[2], "events/report-only")
		b.ReportMetric(mean[1]/mean[2], "no-audit/report-only")
		b.ReportMetric(median[0]/median[2], "p50:events/report-only")
	})
	b.Run("insert-only", func(b *testing.B) {
		db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		ids := map[int]int64{}
		for _, it := range items {
			ids[it.Number] = it.ID
		}
		b.ReportAllocs()
		cpu := bigdb.CPUTime()
		for b.Loop() {
			n++
			p := report(n)
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO progress (item_id, chat_id, user_id, user_name, text, percent, done, update_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ids[p.ItemNumber], p.ChatID, p.UserID, p.UserName, p.Text, p.Percent, false,
				50_000_000+n, st.Now().UnixMilli()); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	})
}
