package scheduler

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// BenchmarkEscalate is the daily escalation pass over 10,000 tasks of 50
// units, 2,000 of them overdue by 1 to 40 days, with one served group and
// a 分管领导 per unit: every step taken and queued, before anything is
// sent. Between passes the 催办 and the queue are cleared, so each pass
// does the whole work.
func BenchmarkEscalate(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "duban.db")
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	today := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { return today }
	items := make([]duban.Item, 0, 10000)
	var units duban.Units
	for u := range 50 {
		units = append(units, duban.Unit{Name: fmt.Sprintf("单位%02d", u), Leaders: []int64{int64(9000 + u)}})
	}
	for i := range 10000 {
		d := duban.DateOf(today).AddDays(10 + i%300)
		if i%5 == 0 {
			d = duban.DateOf(today).AddDays(-(1 + i%40)) // overdue
		}
		items = append(items, duban.Item{Kind: duban.KindTask, Title: fmt.Sprintf("第%d项重点工作任务", i+1), Owner: units[i%50].Name, Deadline: d})
	}
	if _, err := st.ImportPlan(ctx, duban.Plan{Name: "2026年工作要点", Year: 2026}, items); err != nil {
		b.Fatal(err)
	}
	const group = int64(-100777)
	if err := st.BindChat(ctx, group, true, 1); err != nil {
		b.Fatal(err)
	}
	pol := access.New(access.Config{Admins: []int64{1}, Chats: []int64{group}, Units: units}, st, nil, nil)
	s := New(Config{Loc: time.UTC, Lang: "zh", ServedChats: []int64{group}, Access: pol, UrgeSteps: duban.DefaultUrgeSteps()}, st, nil, nil)
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	n := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		for _, q := range []string{`DELETE FROM urges`, `DELETE FROM outbox`, `DELETE FROM runs`} {
			if _, err := raw.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		c := cpuTime()
		if n, err = s.Escalate(ctx, today); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c
	}
	// On a shared machine the wall time includes waiting for a core.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	// Overdue 1, 6, 11, … 36 days: 2,000 lines, 1,750 催办单 (3 days and
	// more), 1,500 for the leaders (7 and more), recorded undelivered
	// since no leader started the bot.
	if n != 2000+1750+1500 {
		b.Fatalf("%d 催办 recorded, want 5250", n)
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
