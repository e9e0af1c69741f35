package ops

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

type fakeDB struct{ err error }

func (f fakeDB) Ping(context.Context) error { return f.err }

type fakeOutbox struct {
	st  duban.OutboxStats
	err error
}

func (f fakeOutbox) OutboxStats(context.Context) (duban.OutboxStats, error) { return f.st, f.err }

var t0 = time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC)

func TestHealthRules(t *testing.T) {
	healthy := func() *Health {
		return &Health{
			DB:                 fakeDB{},
			Outbox:             fakeOutbox{st: duban.OutboxStats{Pending: 2, Oldest: 3 * time.Minute}},
			LastContact:        func() time.Time { return t0.Add(-20 * time.Second) },
			ContactWithin:      90 * time.Second,
			OutboxMaxAge:       time.Hour,
			WebhookErrorWithin: 10 * time.Minute,
			Now:                func() time.Time { return t0 },
			Started:            t0.Add(-time.Hour),
		}
	}
	tests := []struct {
		name   string
		edit   func(h *Health)
		failed string // the check that fails; "" = healthy
		detail string // in the failing check's detail
	}{
		{"all well", func(*Health) {}, "", ""},
		{"database down", func(h *Health) { h.DB = fakeDB{errors.New("disk I/O error")} }, "database", "disk I/O error"},
		{"telegram silent", func(h *Health) { h.LastContact = func() time.Time { return t0.Add(-5 * time.Minute) } }, "telegram", "for 5m0s"},
		{"telegram never answered, just started", func(h *Health) {
			h.LastContact = func() time.Time { return time.Time{} }
			h.Started = t0.Add(-time.Minute)
		}, "", ""},
		{"telegram never answered since start", func(h *Health) {
			h.LastContact = func() time.Time { return time.Time{} }
		}, "telegram", "since the start 1h0m0s ago"},
		{"outbox stuck", func(h *Health) {
			h.Outbox = fakeOutbox{st: duban.OutboxStats{Pending: 40, Oldest: 2 * time.Hour}}
		}, "outbox", "40 messages waiting, the oldest for 2h0m0s"},
		{"old dead messages do not count", func(h *Health) {
			h.Outbox = fakeOutbox{st: duban.OutboxStats{Dead: 3}}
		}, "", ""},
		{"outbox unreadable", func(h *Health) { h.Outbox = fakeOutbox{err: errors.New("locked")} }, "outbox", "locked"},
		{"webhook failing", func(h *Health) {
			h.Webhook = func() (WebhookInfo, bool) {
				return WebhookInfo{Pending: 5, LastError: "SSL error", LastErrorAt: t0.Add(-2 * time.Minute)}, true
			}
		}, "webhook", "SSL error"},
		{"webhook error long ago", func(h *Health) {
			h.Webhook = func() (WebhookInfo, bool) {
				return WebhookInfo{Pending: 5, LastError: "SSL error", LastErrorAt: t0.Add(-time.Hour)}, true
			}
		}, "", ""},
		{"webhook error but nothing waits", func(h *Health) {
			h.Webhook = func() (WebhookInfo, bool) {
				return WebhookInfo{LastError: "Connection refused", LastErrorAt: t0.Add(-time.Minute)}, true
			}
		}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := healthy()
			tt.edit(h)
			rep := h.Check(context.Background())
			var failed []Check
			for _, c := range rep.Checks {
				if !c.OK {
					failed = append(failed, c)
				}
			}
			switch {
			case tt.failed == "" && (len(failed) > 0 || !rep.OK()):
				t.Fatalf("unhealthy: %+v", rep)
			case tt.failed != "" && (len(failed) != 1 || failed[0].Name != tt.failed || rep.OK()):
				t.Fatalf("failed %+v, want only %s", failed, tt.failed)
			case tt.failed != "" && !strings.Contains(failed[0].Detail, tt.detail):
				t.Fatalf("detail %q, want %q in it", failed[0].Detail, tt.detail)
			}
		})
	}
}

func TestServer(t *testing.T) {
	m := NewMetrics("v1.2.3")
	m.Now = func() time.Time { return t0 }
	out := &fakeOutbox{st: duban.OutboxStats{Pending: 1, Oldest: 90 * time.Second}}
	m.WatchOutbox(out)
	db := &fakeDB{}
	h := &Health{
		DB: db, Outbox: out, LastContact: m.LastContact, ContactWithin: 90 * time.Second, OutboxMaxAge: time.Hour,
		Now: func() time.Time { return t0 }, Started: t0,
	}
	srv := &Server{Health: h, Metrics: m.Registry()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.StartOn(ln)
	defer srv.Shutdown(context.Background())
	get := func(path string) (int, string, string) {
		t.Helper()
		resp, err := http.Get("http://" + srv.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}

	m.Contact()
	code, ctype, body := get("/healthz")
	var rep Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil || code != 200 || ctype != "application/json" || rep.Status != "ok" {
		t.Fatalf("healthy: %d %s %s (%v)", code, ctype, body, err)
	}
	if len(rep.Checks) != 3 || rep.Checks[2].Detail != "1 waiting, oldest 1m30s" {
		t.Fatalf("checks: %+v", rep.Checks)
	}

	db.err = errors.New("database is closed")
	code, _, body = get("/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"status": "unhealthy"`) || !strings.Contains(body, "database is closed") {
		t.Fatalf("unhealthy: %d %s", code, body)
	}

	m.UpdateHandled("command")
	m.ReplySent(120 * time.Millisecond)
	m.SendFailed("rate_limited")
	m.Delivered("sent", 40*time.Millisecond)
	m.Delivered("retry", 3*time.Second)
	m.ModelCall(false, 61*time.Second)
	m.Fallback("failed")
	code, ctype, body = get("/metrics")
	if code != 200 || !strings.HasPrefix(ctype, "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %s", code, ctype)
	}
	fams, err := readMetrics(body)
	if err != nil {
		t.Fatalf("metrics do not parse: %v\n%s", err, body)
	}
	for _, line := range []string{
		`duban_build_info{version="v1.2.3"} 1`,
		`duban_updates_handled_total{kind="command"} 1`,
		`duban_updates_handled_total{kind="message"} 0`,
		`duban_replies_sent_total 1`,
		`duban_telegram_send_errors_total{kind="rate_limited"} 1`,
		`duban_telegram_last_contact_timestamp_seconds 1.7955954e+09`,
		`duban_outbox_sends_total{result="retry"} 1`,
		`duban_outbox_sends_total{result="sent"} 1`,
		`duban_outbox_sends_total{result="dead"} 0`,
		`duban_outbox_pending 1`,
		`duban_outbox_oldest_age_seconds 90`,
		`duban_send_duration_seconds_bucket{via="outbox",le="0.05"} 1`,
		`duban_send_duration_seconds_bucket{via="outbox",le="2.5"} 1`,
		`duban_send_duration_seconds_bucket{via="outbox",le="5"} 2`,
		`duban_send_duration_seconds_count{via="reply"} 1`,
		`duban_model_calls_total{result="failed"} 1`,
		`duban_model_call_duration_seconds_bucket{le="60"} 0`,
		`duban_model_call_duration_seconds_bucket{le="120"} 1`,
		`duban_model_fallbacks_total{reason="failed"} 1`,
		`duban_backups_total{result="ok"} 0`,
		`duban_handler_panics_total 0`,
	} {
		if !strings.Contains(body, "\n"+line+"\n") {
			t.Errorf("missing line %s", line)
		}
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "duban_log_messages_total", "duban_webhook_pending_updates", "duban_backup_last_success_timestamp_seconds"} {
		if fams[name] == nil {
			t.Errorf("no family %s", name)
		}
	}
	if t.Failed() {
		t.Log(body)
	}

	if code, _, _ := get("/nothing"); code != http.StatusNotFound {
		t.Fatalf("/nothing: %d", code)
	}
	resp, err := http.Post("http://"+srv.Addr()+"/metrics", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST /metrics: %d", resp.StatusCode)
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still serving after Shutdown")
	}
}
