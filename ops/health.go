package ops

import (
	"context"
	"fmt"
	"time"
)

// Pinger checks the database answers; *store.Store is one.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Health decides whether the service works, for /healthz:
//
//   - database: a ping answers within two seconds;
//   - telegram: the Bot API answered a call within ContactWithin (in
//     polling mode each long poll is such a call; in webhook mode the probe
//     makes one a minute), counted from the start before the first answer;
//   - outbox: the oldest scheduled message waiting to be sent is younger
//     than OutboxMaxAge (a stuck sender, or Telegram refusing us);
//   - webhook (webhook mode): Telegram does not report failing to deliver
//     updates to us within the last WebhookErrorWithin while updates wait.
type Health struct {
	DB     Pinger
	Outbox OutboxStatser
	// LastContact returns when the Bot API last answered; nil skips the
	// telegram check (no bot running).
	LastContact   func() time.Time
	ContactWithin time.Duration // e.g. 3 × the poll timeout
	// Connecting, when set, reports that the bot is still trying to reach
	// Telegram at start (and why it failed): the telegram check fails at
	// once rather than after ContactWithin.
	Connecting   func() (waiting bool, detail string)
	OutboxMaxAge time.Duration // e.g. 1 h
	// Webhook returns the last probe's view of the webhook; nil in polling
	// mode.
	Webhook            func() (WebhookInfo, bool)
	WebhookErrorWithin time.Duration // e.g. 10 min

	// Now and Started are the clock and the process start; tests pin them.
	Now     func() time.Time
	Started time.Time
}

// WebhookInfo is what Telegram says of the webhook (getWebhookInfo).
type WebhookInfo struct {
	Pending     int
	LastError   string
	LastErrorAt time.Time
}

// Check is one rule's outcome.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// Report is /healthz's answer.
type Report struct {
	Status string  `json:"status"` // "ok" or "unhealthy"
	Checks []Check `json:"checks"`
}

// OK reports whether every check passed.
func (r Report) OK() bool { return r.Status == "ok" }

// Check runs every rule.
func (h *Health) Check(ctx context.Context) Report {
	now := h.Now()
	var checks []Check
	if h.DB != nil {
		checks = append(checks, h.database(ctx))
	}
	if h.LastContact != nil {
		c := telegramCheck(h.LastContact(), h.Started, now, h.ContactWithin)
		if h.Connecting != nil {
			if waiting, detail := h.Connecting(); waiting {
				c = Check{Name: "telegram", Detail: detail}
			}
		}
		checks = append(checks, c)
	}
	if h.Webhook != nil {
		info, probed := h.Webhook()
		checks = append(checks, webhookCheck(info, probed, now, h.WebhookErrorWithin))
	}
	if h.Outbox != nil {
		checks = append(checks, h.outbox(ctx))
	}
	r := Report{Status: "ok", Checks: checks}
	for _, c := range checks {
		if !c.OK {
			r.Status = "unhealthy"
		}
	}
	return r
}

func (h *Health) database(ctx context.Context) Check {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := h.DB.Ping(ctx); err != nil {
		return Check{Name: "database", Detail: "database does not answer: " + err.Error()}
	}
	return Check{Name: "database", OK: true}
}

// telegramCheck fails when the Bot API has not answered for longer than
// within: since the last answer, or since the start before the first one.
func telegramCheck(last, started, now time.Time, within time.Duration) Check {
	c := Check{Name: "telegram"}
	since := last
	if since.IsZero() {
		since = started
	}
	ago := now.Sub(since).Round(time.Second)
	switch {
	case now.Sub(since) <= within:
		c.OK = true
		if !last.IsZero() {
			c.Detail = fmt.Sprintf("last answer %s ago", ago)
		}
	case last.IsZero():
		c.Detail = fmt.Sprintf("no answer from the Bot API since the start %s ago", ago)
	default:
		c.Detail = fmt.Sprintf("no answer from the Bot API for %s (limit %s)", ago, within)
	}
	return c
}

// webhookCheck fails when Telegram reported a delivery error recently and
// updates are waiting: it cannot reach us (proxy down, TLS certificate
// refused, wrong secret).
func webhookCheck(info WebhookInfo, probed bool, now time.Time, within time.Duration) Check {
	c := Check{Name: "webhook", OK: true}
	switch {
	case !probed:
		c.Detail = "not probed yet"
	case info.LastError != "" && now.Sub(info.LastErrorAt) <= within && info.Pending > 0:
		c.OK = false
		c.Detail = fmt.Sprintf("Telegram cannot deliver updates (%d waiting), %s ago: %s",
			info.Pending, now.Sub(info.LastErrorAt).Round(time.Second), info.LastError)
	default:
		c.Detail = fmt.Sprintf("%d updates waiting", info.Pending)
	}
	return c
}

func (h *Health) outbox(ctx context.Context) Check {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s, err := h.Outbox.OutboxStats(ctx)
	if err != nil {
		return Check{Name: "outbox", Detail: "cannot read the outbox: " + err.Error()}
	}
	c := Check{Name: "outbox", OK: true, Detail: fmt.Sprintf("%d waiting", s.Pending)}
	if s.Pending > 0 {
		c.Detail += fmt.Sprintf(", oldest %s", s.Oldest.Round(time.Second))
	}
	if s.Pending > 0 && s.Oldest > h.OutboxMaxAge {
		c.OK = false
		c.Detail = fmt.Sprintf("%d messages waiting, the oldest for %s (limit %s)",
			s.Pending, s.Oldest.Round(time.Second), h.OutboxMaxAge)
	}
	return c
}
