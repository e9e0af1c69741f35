// Package ops is what running duban in production needs besides the bot:
// the metrics it exports, the /healthz and /metrics HTTP listener
// (http.listen), scheduled database backups with rotation, and a log
// handler that counts warnings and errors.
//
// The other packages count through narrow interfaces of their own
// (bot.Metrics, scheduler.Metrics, llm.Metrics); *Metrics implements them
// all, and main hands it to each constructor. Nothing here is global.
package ops

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/duban-bot/duban/metrics"
	"github.com/duban-bot/duban/store"
)

// Metrics holds duban's metrics and records what the bot, the scheduler's
// sender and the model client report. Its methods are safe for concurrent
// use; a nil *Metrics is not valid (pass nil interfaces instead).
type Metrics struct {
	// Now is the clock of the timestamps; tests pin it.
	Now func() time.Time

	reg *metrics.Registry

	updates     *metrics.Counter
	panics      *metrics.Counter
	replies     *metrics.Counter
	sendErrors  *metrics.Counter
	sendLatency *metrics.Histogram
	lastContact *metrics.Gauge
	outbox      *metrics.Counter
	pending     *metrics.Gauge
	dead        *metrics.Gauge
	oldest      *metrics.Gauge
	modelCalls  *metrics.Counter
	modelTime   *metrics.Histogram
	fallbacks   *metrics.Counter
	logs        *metrics.Counter
	backups     *metrics.Counter
	lastBackup  *metrics.Gauge
	webhookPend *metrics.Gauge

	mu      sync.Mutex
	contact time.Time
}

// Label values declared up front, so that their series read 0 from the
// start instead of appearing with the first event.
var (
	updateKinds   = []string{"command", "message", "callback", "member", "other"}
	sendErrKinds  = []string{"rate_limited", "forbidden", "migrated", "bad_request", "server", "network"}
	outboxResults = []string{"sent", "retry", "dead", "rate_limited", "chat_gone", "migrated"}
)

// NewMetrics declares duban's metrics; version is shown in duban_build_info.
func NewMetrics(version string) *Metrics {
	r := metrics.NewRegistry()
	m := &Metrics{Now: time.Now, reg: r}
	r.Gauge("duban_build_info", "The running version; always 1.", "version").Set(1, version)
	m.updates = r.Counter("duban_updates_handled_total", "Telegram updates handled (first delivery only), by kind.", "kind")
	m.panics = r.Counter("duban_handler_panics_total", "Panics recovered while handling an update.")
	m.replies = r.Counter("duban_replies_sent_total", "Interactive replies sent.")
	m.sendErrors = r.Counter("duban_telegram_send_errors_total", "Failed Bot API send attempts, by kind.", "kind")
	m.sendLatency = r.Histogram("duban_send_duration_seconds",
		"Time to send a message: a reply (429 waits included) or one outbox attempt.", nil, "via")
	m.lastContact = r.Gauge("duban_telegram_last_contact_timestamp_seconds", "When the Bot API last answered a call (Unix time).")
	m.outbox = r.Counter("duban_outbox_sends_total", "Outbox delivery attempts, by result.", "result")
	m.pending = r.Gauge("duban_outbox_pending", "Scheduled messages waiting to be sent.")
	m.dead = r.Gauge("duban_outbox_dead", "Scheduled messages given up on (kept for 90 days).")
	m.oldest = r.Gauge("duban_outbox_oldest_age_seconds", "Age of the oldest message waiting to be sent; 0 when none.")
	m.modelCalls = r.Counter("duban_model_calls_total", "Summary drafts asked of the model, by result.", "result")
	m.modelTime = r.Histogram("duban_model_call_duration_seconds", "Time the model took to draft (retry included).",
		[]float64{0.5, 1, 2.5, 5, 10, 20, 30, 60, 120})
	m.fallbacks = r.Counter("duban_model_fallbacks_total", "Summaries given from the template instead of the model, by reason.", "reason")
	m.logs = r.Counter("duban_log_messages_total", "Warnings and errors logged, by level.", "level")
	m.backups = r.Counter("duban_backups_total", "Scheduled database backups, by result.", "result")
	m.lastBackup = r.Gauge("duban_backup_last_success_timestamp_seconds", "When the last scheduled backup was written (Unix time); 0 before the first.")
	m.webhookPend = r.Gauge("duban_webhook_pending_updates", "Updates Telegram holds for the webhook (webhook mode, probed every minute).")
	goroutines := r.Gauge("go_goroutines", "Goroutines that currently exist.")
	r.Collect(func() { goroutines.Set(float64(runtime.NumGoroutine())) })

	for _, k := range updateKinds {
		m.updates.With(k)
	}
	for _, k := range sendErrKinds {
		m.sendErrors.With(k)
	}
	for _, k := range outboxResults {
		m.outbox.With(k)
	}
	for _, k := range []string{"ok", "failed"} {
		m.modelCalls.With(k)
		m.backups.With(k)
	}
	for _, k := range []string{"off", "failed"} {
		m.fallbacks.With(k)
	}
	for _, k := range []string{"warn", "error"} {
		m.logs.With(k)
	}
	m.lastBackup.With()
	return m
}

// Registry returns the registry that /metrics writes out.
func (m *Metrics) Registry() *metrics.Registry { return m.reg }

// OutboxStatser reads the outbox figures; *store.Store is one.
type OutboxStatser interface {
	OutboxStats(ctx context.Context) (store.OutboxStats, error)
}

// WatchOutbox makes every scrape read the outbox's depth and age from st
// (one small query); a failure leaves the last figures.
func (m *Metrics) WatchOutbox(st OutboxStatser) {
	m.reg.Collect(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s, err := st.OutboxStats(ctx)
		if err != nil {
			return
		}
		m.pending.Set(float64(s.Pending))
		m.dead.Set(float64(s.Dead))
		m.oldest.Set(s.Oldest.Seconds())
	})
}

// Contact records that the Bot API answered a call (bot.Metrics).
func (m *Metrics) Contact() {
	now := m.Now()
	m.mu.Lock()
	if now.After(m.contact) {
		m.contact = now
	}
	m.mu.Unlock()
	m.lastContact.Set(unix(now))
}

// LastContact returns when the Bot API last answered; zero before it did.
func (m *Metrics) LastContact() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.contact
}

// UpdateHandled counts an update handled for the first time (bot.Metrics).
func (m *Metrics) UpdateHandled(kind string) { m.updates.Inc(kind) }

// HandlerPanicked counts a recovered panic (bot.Metrics).
func (m *Metrics) HandlerPanicked() { m.panics.Inc() }

// ReplySent counts a reply sent and how long it took (bot.Metrics).
func (m *Metrics) ReplySent(took time.Duration) {
	m.replies.Inc()
	m.sendLatency.Observe(took.Seconds(), "reply")
}

// SendFailed counts a failed send attempt (bot.Metrics).
func (m *Metrics) SendFailed(kind string) { m.sendErrors.Inc(kind) }

// Delivered counts one outbox attempt and its latency (scheduler.Metrics).
func (m *Metrics) Delivered(result string, took time.Duration) {
	m.outbox.Inc(result)
	m.sendLatency.Observe(took.Seconds(), "outbox")
}

// ModelCall counts a draft asked of the model (llm.Metrics).
func (m *Metrics) ModelCall(ok bool, took time.Duration) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.modelCalls.Inc(result)
	m.modelTime.Observe(took.Seconds())
}

// Fallback counts a summary given from the template (llm.Metrics): reason
// "off" (no model configured) or "failed".
func (m *Metrics) Fallback(reason string) { m.fallbacks.Inc(reason) }

// BackupDone counts a scheduled backup.
func (m *Metrics) BackupDone(err error) {
	if err != nil {
		m.backups.Inc("failed")
		return
	}
	m.backups.Inc("ok")
	m.lastBackup.Set(unix(m.Now()))
}

// WebhookPending records the updates Telegram holds for the webhook.
func (m *Metrics) WebhookPending(n int) { m.webhookPend.Set(float64(n)) }

func unix(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
