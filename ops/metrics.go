// Package ops is what running duban in production needs besides the bot:
// the metrics it exports, the /healthz and /metrics HTTP listener
// (http.listen), scheduled database backups with rotation, and a log
// handler that counts warnings and errors.
//
// The other packages count through narrow interfaces of their own
// (bot.Metrics, scheduler.Metrics, llm.Metrics); *Metrics implements them
// all, and main hands it to each constructor. Nothing here is global: the
// metrics live in a private prometheus.Registry, not client_golang's
// default one, so that tests and two Metrics in one process never collide.
package ops

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds duban's metrics and records what the bot, the scheduler's
// sender and the model client report. Its methods are safe for concurrent
// use; a nil *Metrics is not valid (pass nil interfaces instead).
type Metrics struct {
	// Now is the clock of the timestamps; tests pin it.
	Now func() time.Time

	reg *prometheus.Registry

	updates     *prometheus.CounterVec
	panics      prometheus.Counter
	replies     prometheus.Counter
	sendErrors  *prometheus.CounterVec
	sendLatency *prometheus.HistogramVec
	lastContact prometheus.Gauge
	outbox      *prometheus.CounterVec
	outboxNow   *outboxCollector
	modelCalls  *prometheus.CounterVec
	modelTime   prometheus.Histogram
	fallbacks   *prometheus.CounterVec
	logs        *prometheus.CounterVec
	backups     *prometheus.CounterVec
	lastBackup  prometheus.Gauge
	webhookPend prometheus.Gauge

	mu      sync.Mutex
	contact time.Time
}

// Label values declared up front, so that their series read 0 from the
// start instead of appearing with the first event.
var (
	updateKinds   = []string{"command", "message", "callback", "member", "edit", "other"}
	sendErrKinds  = []string{"rate_limited", "forbidden", "migrated", "bad_request", "server", "network"}
	outboxResults = []string{"sent", "retry", "dead", "rate_limited", "chat_gone", "migrated"}
)

// sendBuckets suit a Bot API call in seconds, from 5 ms to the minute a
// reply may wait out a 429.
var sendBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// NewMetrics declares duban's metrics beside client_golang's Go and
// process collectors (memory, GC, goroutines, open files); version is
// shown in duban_build_info.
func NewMetrics(version string) *Metrics {
	m := &Metrics{Now: time.Now, reg: prometheus.NewRegistry()}
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
		m.reg.MustRegister(c)
		return c
	}
	counterVec := func(name, help, label string, values []string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{label})
		m.reg.MustRegister(c)
		for _, v := range values {
			c.WithLabelValues(v)
		}
		return c
	}
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		m.reg.MustRegister(g)
		return g
	}

	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "duban_build_info", Help: "The running version; always 1."}, []string{"version"})
	m.reg.MustRegister(buildInfo)
	// A label value must be UTF-8; the version comes from the build flags.
	buildInfo.WithLabelValues(strings.ToValidUTF8(version, "\uFFFD")).Set(1)
	m.updates = counterVec("duban_updates_handled_total", "Telegram updates handled (first delivery only), by kind.", "kind", updateKinds)
	m.panics = counter("duban_handler_panics_total", "Panics recovered while handling an update.")
	m.replies = counter("duban_replies_sent_total", "Interactive replies sent.")
	m.sendErrors = counterVec("duban_telegram_send_errors_total", "Failed Bot API send attempts, by kind.", "kind", sendErrKinds)
	m.sendLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "duban_send_duration_seconds",
		Help:    "Time to send a message: a reply (429 waits included) or one outbox attempt.",
		Buckets: sendBuckets}, []string{"via"})
	m.reg.MustRegister(m.sendLatency)
	m.lastContact = gauge("duban_telegram_last_contact_timestamp_seconds", "When the Bot API last answered a call (Unix time).")
	m.outbox = counterVec("duban_outbox_sends_total", "Outbox delivery attempts, by result.", "result", outboxResults)
	m.outboxNow = newOutboxCollector()
	m.reg.MustRegister(m.outboxNow)
	m.modelCalls = counterVec("duban_model_calls_total", "Summary drafts asked of the model, by result.", "result", []string{"ok", "failed"})
	m.modelTime = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "duban_model_call_duration_seconds",
		Help:    "Time the model took to draft (retry included).",
		Buckets: []float64{0.5, 1, 2.5, 5, 10, 20, 30, 60, 120}})
	m.reg.MustRegister(m.modelTime)
	m.fallbacks = counterVec("duban_model_fallbacks_total", "Summaries given from the template instead of the model, by reason.", "reason", []string{"off", "failed"})
	m.logs = counterVec("duban_log_messages_total", "Warnings and errors logged, by level.", "level", []string{"warn", "error"})
	m.backups = counterVec("duban_backups_total", "Scheduled database backups, by result.", "result", []string{"ok", "failed"})
	m.lastBackup = gauge("duban_backup_last_success_timestamp_seconds", "When the last scheduled backup was written (Unix time); 0 before the first.")
	m.webhookPend = gauge("duban_webhook_pending_updates", "Updates Telegram holds for the webhook (webhook mode, probed every minute).")

	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry that /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// OutboxStatser reads the outbox figures; *store.Store is one.
type OutboxStatser interface {
	OutboxStats(ctx context.Context) (duban.OutboxStats, error)
}

// WatchOutbox makes every scrape read the outbox's depth and age from st
// (one small query); a failure leaves the last figures.
func (m *Metrics) WatchOutbox(st OutboxStatser) { m.outboxNow.watch(st) }

// Contact records that the Bot API answered a call (bot.Metrics).
func (m *Metrics) Contact() {
	now := m.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.After(m.contact) {
		m.contact = now
		m.lastContact.Set(unix(now))
	}
}

// LastContact returns when the Bot API last answered; zero before it did.
func (m *Metrics) LastContact() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.contact
}

// UpdateHandled counts an update handled for the first time (bot.Metrics).
func (m *Metrics) UpdateHandled(kind string) { m.updates.WithLabelValues(kind).Inc() }

// HandlerPanicked counts a recovered panic (bot.Metrics).
func (m *Metrics) HandlerPanicked() { m.panics.Inc() }

// ReplySent counts a reply sent and how long it took (bot.Metrics).
func (m *Metrics) ReplySent(took time.Duration) {
	m.replies.Inc()
	m.sendLatency.WithLabelValues("reply").Observe(took.Seconds())
}

// SendFailed counts a failed send attempt (bot.Metrics).
func (m *Metrics) SendFailed(kind string) { m.sendErrors.WithLabelValues(kind).Inc() }

// Delivered counts one outbox attempt and its latency (scheduler.Metrics).
func (m *Metrics) Delivered(result string, took time.Duration) {
	m.outbox.WithLabelValues(result).Inc()
	m.sendLatency.WithLabelValues("outbox").Observe(took.Seconds())
}

// ModelCall counts a draft asked of the model (llm.Metrics).
func (m *Metrics) ModelCall(ok bool, took time.Duration) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.modelCalls.WithLabelValues(result).Inc()
	m.modelTime.Observe(took.Seconds())
}

// Fallback counts a summary given from the template (llm.Metrics): reason
// "off" (no model configured) or "failed".
func (m *Metrics) Fallback(reason string) { m.fallbacks.WithLabelValues(reason).Inc() }

// BackupDone counts a scheduled backup.
func (m *Metrics) BackupDone(err error) {
	if err != nil {
		m.backups.WithLabelValues("failed").Inc()
		return
	}
	m.backups.WithLabelValues("ok").Inc()
	m.lastBackup.Set(unix(m.Now()))
}

// WebhookPending records the updates Telegram holds for the webhook.
func (m *Metrics) WebhookPending(n int) { m.webhookPend.Set(float64(n)) }

func unix(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// outboxCollector exports the outbox gauges, read from the store at each
// scrape: one query serves all three, which three GaugeFuncs could not.
type outboxCollector struct {
	pending, dead, oldest *prometheus.Desc

	mu   sync.Mutex
	st   OutboxStatser
	last duban.OutboxStats // what the last successful read said
}

func newOutboxCollector() *outboxCollector {
	return &outboxCollector{
		pending: prometheus.NewDesc("duban_outbox_pending", "Scheduled messages waiting to be sent.", nil, nil),
		dead:    prometheus.NewDesc("duban_outbox_dead", "Scheduled messages given up on (kept for 90 days).", nil, nil),
		oldest:  prometheus.NewDesc("duban_outbox_oldest_age_seconds", "Age of the oldest message waiting to be sent; 0 when none.", nil, nil),
	}
}

func (c *outboxCollector) watch(st OutboxStatser) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.st = st
}

// Describe sends the three gauges' descriptions (prometheus.Collector).
func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.dead
	ch <- c.oldest
}

// Collect reads the outbox and sends the three gauges
// (prometheus.Collector). Before WatchOutbox they read 0.
func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	// The lock also keeps concurrent scrapes from querying twice at once.
	c.mu.Lock()
	if c.st != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if s, err := c.st.OutboxStats(ctx); err == nil {
			c.last = s
		}
		cancel()
	}
	s := c.last
	c.mu.Unlock()
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(s.Pending))
	ch <- prometheus.MustNewConstMetric(c.dead, prometheus.GaugeValue, float64(s.Dead))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, s.Oldest.Seconds())
}
