package ops

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestCountLogs(t *testing.T) {
	m := NewMetrics("test")
	var buf bytes.Buffer
	log := slog.New(CountLogs(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}), m)).With("component", "bot")
	log.Info("started")
	log.Warn("get updates", "err", "timeout") // below the level: not written, still counted
	log.WithGroup("g").Error("claim update", "update", 5)
	log.Error("pause chat")
	fams := scrapeMetrics(t, m)
	s := fams["duban_log_messages_total"].Samples
	if s[`duban_log_messages_total{level="warn"}`] != 1 || s[`duban_log_messages_total{level="error"}`] != 2 {
		t.Fatalf("counted %v", s)
	}
	out := buf.String()
	if strings.Contains(out, "started") || strings.Contains(out, "get updates") || strings.Count(out, "component=bot") != 2 || !strings.Contains(out, "g.update=5") {
		t.Fatalf("written:\n%s", out)
	}
}

func TestWebhookProbe(t *testing.T) {
	m := NewMetrics("test")
	var logs bytes.Buffer
	answers := []WebhookInfo{
		{Pending: 0},
		{Pending: 4, LastError: "Connection refused", LastErrorAt: t0},
		{Pending: 6, LastError: "Connection refused", LastErrorAt: t0}, // same error: logged once
	}
	calls := 0
	waits := make(chan time.Duration)
	fire := make(chan time.Time)
	p := &WebhookProbe{
		Probe: func(context.Context) (WebhookInfo, error) {
			info := answers[min(calls, len(answers)-1)]
			calls++
			return info, nil
		},
		Metrics: m, Log: slog.New(slog.NewTextHandler(&logs, nil)),
		After: func(d time.Duration) <-chan time.Time { waits <- d; return fire },
	}
	if _, ok := p.Last(); ok {
		t.Fatal("probed before running")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); p.Run(ctx) }()
	for i := range 3 {
		if d := <-waits; d != time.Minute {
			t.Fatalf("wait %s", d)
		}
		if info, ok := p.Last(); !ok || info != answers[i] {
			t.Fatalf("probe %d: last %+v", i, info)
		}
		if i < 2 {
			fire <- t0
		}
	}
	cancel()
	<-done
	if n := strings.Count(logs.String(), "failing to deliver"); n != 1 {
		t.Fatalf("logged %d times:\n%s", n, logs.String())
	}
	if v := scrapeMetrics(t, m)["duban_webhook_pending_updates"].Samples["duban_webhook_pending_updates"]; v != 6 {
		t.Fatalf("pending %v", v)
	}
}
