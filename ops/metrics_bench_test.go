package ops

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// BenchmarkScrape measures one GET /metrics: the outbox read, every
// family written in the text format.
func BenchmarkScrape(b *testing.B) {
	m := NewMetrics("bench")
	m.WatchOutbox(fakeOutbox{st: duban.OutboxStats{Pending: 3, Oldest: time.Minute}})
	for range 100 {
		m.UpdateHandled("command")
		m.ReplySent(120 * time.Millisecond)
		m.Delivered("sent", 40*time.Millisecond)
	}
	h := (&Server{Metrics: m.Registry()}).Handler()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkCount measures what the bot pays per update and reply: one
// labelled counter and one histogram observation.
func BenchmarkCount(b *testing.B) {
	m := NewMetrics("bench")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.UpdateHandled("message")
			m.ReplySent(80 * time.Millisecond)
		}
	})
}
