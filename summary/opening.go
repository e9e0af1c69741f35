package summary

import (
	"context"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/llm"
)

// Drafter drafts a summary (*llm.Client).
type Drafter interface {
	Draft(ctx context.Context, req llm.Request) (llm.Draft, error)
	Enabled() bool
}

// Opening returns the monthly briefing's opening-paragraph hook
// (scheduler.Scheduler.Opening): the model's draft of every item reported
// on in the month, with its unverified figures marked and counted. It
// returns nil when no model is configured: the briefing's own figures say
// what the template summary would. When the model fails, or nothing was
// reported, the hook returns no paragraph (the model's failure as an
// error, which the scheduler logs) rather than repeat the figures.
func Opening(d Drafter, st Store, lang string, loc *time.Location) func(ctx context.Context, from, to duban.Date) (string, error) {
	if d == nil || !d.Enabled() {
		return nil
	}
	return func(ctx context.Context, from, to duban.Date) (string, error) {
		req, err := Gather(ctx, st, Scope{From: from, To: to}, lang, loc)
		if err != nil {
			return "", err
		}
		draft, err := d.Draft(ctx, req)
		if err != nil {
			return "", fmt.Errorf("draft the briefing's opening: %w", err)
		}
		if draft.Model == "" {
			return "", nil // the template: nothing reported this month
		}
		text := draft.Text
		if draft.Unverified > 0 {
			text += "\n" + CheckLine(draft.Unverified, lang)
		}
		return text, nil
	}
}
