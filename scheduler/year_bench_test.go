package scheduler

import (
	"context"
	"testing"

	"github.com/duban-bot/duban/internal/bigdb"
)

// BenchmarkWeeklyLights is the weekly reminder's work for one group over
// the Year database (10,000 items, 1,000,000 reports): every item loaded
// and judged (lights), the last reporting cycle's unreported and late
// tasks, the members to address, and the reminder rendered — the
// scheduler's weekly run, dry (nothing enqueued).
//
//	go test ./scheduler -run ^$ -bench WeeklyLights
func BenchmarkWeeklyLights(b *testing.B) {
	ctx := context.Background()
	st := bigdb.Open(b, bigdb.Year)
	s := New(Config{Loc: bigdb.Shanghai, Official: true, ServedChats: []int64{bigdb.ChatID}}, st, nil, nil)
	s.Now = st.Now
	chats, err := s.ServedChats(ctx)
	if err != nil || len(chats) != 1 {
		b.Fatalf("served chats: %v, %v", chats, err)
	}
	targets := []target{{chat: chats[0], period: "2026-W47"}}
	b.ReportAllocs()
	cpu := bigdb.CPUTime()
	var msgs int
	for b.Loop() {
		out, err := s.run(ctx, Weekly, targets, bigdb.YearToday, true)
		if err != nil || len(out) == 0 {
			b.Fatalf("weekly: %d messages, %v", len(out), err)
		}
		msgs = len(out)
	}
	b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(msgs), "msgs")
}
