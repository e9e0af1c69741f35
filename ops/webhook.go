package ops

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// WebhookProbe asks Telegram about the webhook every Every (getWebhookInfo).
// In webhook mode the bot calls Telegram only to answer, so in a quiet night
// nothing would show whether the Bot API still answers; the probe's call
// does (it counts as contact), and its answer tells whether Telegram can
// reach us through the proxy.
type WebhookProbe struct {
	Probe   func(ctx context.Context) (WebhookInfo, error)
	Every   time.Duration // 1 min when zero
	Metrics *Metrics      // may be nil
	Log     *slog.Logger  // may be nil
	// After is the timer; tests replace it.
	After func(time.Duration) <-chan time.Time

	mu       sync.Mutex
	last     WebhookInfo
	probed   bool
	reported time.Time // LastErrorAt already logged
}

// Run probes at once, then every Every, until ctx ends.
func (p *WebhookProbe) Run(ctx context.Context) {
	every := p.Every
	if every <= 0 {
		every = time.Minute
	}
	after := p.After
	if after == nil {
		after = time.After
	}
	for {
		p.probeOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-after(every):
		}
	}
}

func (p *WebhookProbe) probeOnce(ctx context.Context) {
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	info, err := p.Probe(pctx)
	if err != nil {
		if ctx.Err() == nil && p.Log != nil {
			p.Log.Warn("webhook probe", "err", err)
		}
		return
	}
	p.mu.Lock()
	p.last, p.probed = info, true
	fresh := info.LastError != "" && info.LastErrorAt.After(p.reported)
	if fresh {
		p.reported = info.LastErrorAt
	}
	p.mu.Unlock()
	if p.Metrics != nil {
		p.Metrics.WebhookPending(info.Pending)
	}
	if fresh && p.Log != nil {
		p.Log.Warn("Telegram reports failing to deliver updates to the webhook",
			"error", info.LastError, "at", info.LastErrorAt, "pending", info.Pending)
	}
}

// Last returns the last answer, and whether there was one yet.
func (p *WebhookProbe) Last() (WebhookInfo, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last, p.probed
}
