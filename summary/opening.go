package summary

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Drafter drafts a summary (*Writer).
type Drafter = duban.Drafter

// OpeningTTL is how long a drafted opening is reused for the same period:
// /briefing asked again and again in a group costs one draft, not one
// each time.
const OpeningTTL = 30 * time.Minute

// Opening returns the monthly briefing's opening-paragraph hook
// (scheduler.Scheduler.Opening): the model's draft of every item reported
// on in the month, with its unverified figures marked and counted. It
// returns nil when no model is configured: the briefing's own figures say
// what the template summary would. When the model fails, or nothing was
// reported, the hook returns no paragraph (the model's failure as an
// error, which the scheduler logs) rather than repeat the figures. now
// dates the drafts it remembers (OpeningTTL); nil means time.Now.
func Opening(d Drafter, st Store, lang string, loc *time.Location, now func() time.Time) func(ctx context.Context, from, to duban.Date) (string, error) {
	if d == nil || !d.Enabled() {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	o := &opener{d: d, st: st, lang: lang, loc: loc, now: now, memo: map[[2]duban.Date]opening{}}
	return o.opening
}

type opener struct {
	d    Drafter
	st   Store
	lang string
	loc  *time.Location
	now  func() time.Time

	mu   sync.Mutex
	memo map[[2]duban.Date]opening
}

type opening struct {
	text string
	at   time.Time
}

func (o *opener) opening(ctx context.Context, from, to duban.Date) (string, error) {
	key := [2]duban.Date{from, to}
	o.mu.Lock()
	m, ok := o.memo[key]
	o.mu.Unlock()
	if age := o.now().Sub(m.at); ok && age >= 0 && age < OpeningTTL {
		return m.text, nil
	}
	req, err := Gather(ctx, o.st, Scope{From: from, To: to}, o.lang, o.loc)
	if err != nil {
		return "", err
	}
	draft, err := o.d.Draft(ctx, req)
	if err != nil {
		return "", fmt.Errorf("draft the briefing's opening: %w", err)
	}
	text := ""
	if draft.Model != "" { // else the template: nothing reported in the period
		text = draft.Text
		if draft.Unverified > 0 {
			text += "\n" + CheckLine(draft.Unverified, o.lang)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, m := range o.memo {
		if o.now().Sub(m.at) >= OpeningTTL {
			delete(o.memo, k)
		}
	}
	o.memo[key] = opening{text: text, at: o.now()}
	return text, nil
}
