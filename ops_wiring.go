package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/llm"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/store"
	"github.com/duban-bot/duban/summary"
)

// Health limits (see ops.Health).
const (
	outboxMaxAge       = time.Hour        // the oldest scheduled message waiting longer: unhealthy
	webhookProbeEvery  = time.Minute      // getWebhookInfo in webhook mode
	webhookErrorWithin = 10 * time.Minute // a delivery error Telegram reported this recently counts
)

// newOpsMetrics declares the metrics and makes the logger count warnings
// and errors; it runs before anything takes the logger. The model client
// counts its drafts.
func (m *Main) newOpsMetrics() *ops.Metrics {
	met := ops.NewMetrics(version)
	m.Logger = slog.New(ops.CountLogs(m.Logger.Handler(), met))
	if w, ok := m.Drafter().(*summary.Writer); ok {
		w.Fallbacks = met.Fallback
		if c, ok := w.Model.(*llm.Client); ok {
			c.Metrics = met
		}
	}
	return met
}

// startOps starts what runs beside the bot: the /healthz and /metrics
// listener on http.listen (when set), the webhook probe in webhook mode and
// the scheduled backups (schedule.backup). The returned stop ends them and
// waits; call it before the store is closed.
func (m *Main) startOps(ctx context.Context, st *store.Store, b *bot.Bot, met *ops.Metrics) (stop func(), err error) {
	c := m.Config
	loc, err := c.Location()
	if err != nil {
		return nil, err
	}
	log := m.Logger.With("component", "ops")
	met.WatchOutbox(st)
	health := &ops.Health{
		DB: st, Outbox: st, LastContact: met.LastContact, Connecting: b.Connecting,
		ContactWithin: max(3*c.Telegram.PollTimeout, 90*time.Second),
		OutboxMaxAge:  outboxMaxAge,
		Now:           time.Now, Started: time.Now(),
	}
	backups := &ops.Backups{Dir: c.Backup.Dir, Keep: c.Backup.Keep, Spec: c.Schedule.Backup, Loc: loc, Store: st,
		Log: m.Logger.With("component", "backup"), Metrics: met, Now: time.Now}
	if backups.Spec != "" {
		// Found out now rather than at the first fire time.
		if _, err := ops.ParseSpec(backups.Spec, loc); err != nil {
			return nil, err
		}
		if backups.Dir == "" {
			return nil, errors.New("backup.dir: is required when schedule.backup is set")
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if c.Telegram.Mode == "webhook" {
		probe := &ops.WebhookProbe{Every: webhookProbeEvery, Metrics: met, Log: log,
			Probe: func(ctx context.Context) (ops.WebhookInfo, error) {
				s, err := b.WebhookStatus(ctx)
				return ops.WebhookInfo{Pending: s.Pending, LastError: s.LastError, LastErrorAt: s.LastErrorAt}, err
			}}
		health.Webhook = probe.Last
		health.WebhookErrorWithin = webhookErrorWithin
		health.ContactWithin = max(health.ContactWithin, 3*webhookProbeEvery)
		wg.Go(func() { probe.Run(ctx) })
	}
	var srv *ops.Server
	if c.HTTP.Listen != "" {
		srv = &ops.Server{Health: health, Metrics: met.Registry(), Log: log}
		if err := srv.Start(c.HTTP.Listen); err != nil {
			// The groups matter more than their monitoring: serve them,
			// and say so loudly (a scraper also finds the address dead).
			log.Error("health and metrics listener not started", "err", err)
			srv = nil
		}
	}
	if backups.Spec != "" {
		wg.Go(func() {
			if err := backups.Run(ctx); err != nil {
				log.Error("scheduled backups stopped", "err", err)
			}
		})
	}
	return func() {
		cancel()
		wg.Wait()
		if srv != nil {
			sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer scancel()
			if err := srv.Shutdown(sctx); err != nil {
				log.Warn("stop the health listener", "err", err)
			}
		}
	}, nil
}
