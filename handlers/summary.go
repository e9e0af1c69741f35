package handlers

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/summary"
)

// Drafter drafts a summary paragraph (*summary.Writer). Draft always
// returns a usable text: the template when the model is off or fails (then
// with an error saying why).
type Drafter = duban.Drafter

// Typer shows "typing…" in a chat while a slow answer is prepared
// (*bot.Bot). A Sender that implements it gets the typing action.
type Typer interface {
	Typing(ctx context.Context, chatID int64) error
}

// typingEvery repeats the typing action: Telegram shows it for about five
// seconds.
const typingEvery = 4 * time.Second

// typingWait bounds the first typing action, sent before drafting.
const typingWait = 2 * time.Second

// summary answers /summary [#N | 单位 | 本周 | 本月 | 上月 | 全年] [详细]: a
// draft paragraph in the style of a 工作总结, made only from the records of
// the scope, by the model when one is configured and by the template
// otherwise.
func (h *Handler) summary(ctx context.Context, r *request) error {
	a, err := parseSummaryArgs(r.args, r.today, r.lang)
	if err != nil {
		return err
	}
	req, err := summary.Gather(ctx, h.d.Store, a.scope, r.lang, h.d.Loc)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return h.summaryNotFound(ctx, r, a)
	} else if err != nil {
		return err
	}
	d := h.d.Drafter
	if d == nil {
		d = &summary.Writer{} // no model: the template
	}
	if d.Enabled() {
		if wait := h.drafts.take(r.m.ChatID, h.d.Now(), h.d.SummaryCooldown); wait > 0 {
			secs := int((wait + time.Second - 1) / time.Second)
			return problem(fmt.Sprintf("刚起草过一份总结，请稍后再试（%d秒）。", secs),
				fmt.Sprintf("A summary was just drafted here; please try again in %d seconds.", secs))
		}
		stop := h.typing(ctx, r.m.ChatID)
		draft, err := d.Draft(ctx, req)
		stop()
		if err != nil {
			h.d.Logger.WarnContext(ctx, "summary: the model failed, sending the template", "err", err, "chat", r.m.ChatID, "scope", req.Scope)
		}
		h.reply(ctx, r, summary.Words(draft, err != nil, summaryLabel(req.Scope, a.period), r.lang).HTML())
		return nil
	}
	draft, _ := d.Draft(ctx, req) // off: the template, never an error
	h.reply(ctx, r, summary.Words(draft, false, summaryLabel(req.Scope, a.period), r.lang).HTML())
	return nil
}

func summaryLabel(scope, period string) string {
	if period == "" {
		return scope
	}
	return scope + " · " + period
}

// summaryNotFound answers a scope that names nothing: the missing item, or
// the unknown unit with the known ones (silence for a unit only guessed
// from chatter in a group).
func (h *Handler) summaryNotFound(ctx context.Context, r *request, a summaryArgs) error {
	if a.scope.Item != 0 {
		return notFound(a.scope.Item)
	}
	if r.intent.Tentative && r.m.IsGroup() {
		return nil
	}
	known, err := h.d.Store.Owners(ctx, "")
	if err != nil {
		return err
	}
	h.reply(ctx, r, report.NoOwner(a.scope.Owner, known, r.lang))
	return nil
}

// typing shows "typing…" in chat until the returned stop is called, when
// the Sender can; stop returns once nothing more will be sent.
func (h *Handler) typing(ctx context.Context, chat int64) (stop func()) {
	t, ok := h.d.Sender.(Typer)
	if !ok {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	show := func(limit time.Duration) {
		tctx, tcancel := context.WithTimeout(ctx, limit)
		defer tcancel()
		if err := t.Typing(tctx, chat); err != nil && ctx.Err() == nil {
			h.d.Logger.DebugContext(ctx, "typing action", "err", err, "chat", chat)
		}
	}
	// The first one before drafting starts, so that it is seen even when
	// the draft comes quickly; a slow Bot API delays the draft by at most
	// typingWait.
	show(typingWait)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(typingEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				show(typingEvery)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// draftGate keeps the per-chat cooldown between two drafts by the model,
// so that one chat cannot keep the model busy. The zero value is ready.
type draftGate struct {
	mu   sync.Mutex
	last map[int64]time.Time
}

// maxGateEntries bounds the chats remembered; old entries are dropped.
const maxGateEntries = 10000

// take reports how long chat must still wait at now; when it need not, it
// starts the chat's cooldown and returns 0.
func (g *draftGate) take(chat int64, now time.Time, cooldown time.Duration) time.Duration {
	if cooldown <= 0 {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if at, ok := g.last[chat]; ok {
		if wait := at.Add(cooldown).Sub(now); wait > 0 && wait <= cooldown {
			return wait
		}
	}
	if g.last == nil {
		g.last = map[int64]time.Time{}
	}
	if len(g.last) >= maxGateEntries {
		for c, at := range g.last {
			if now.Sub(at) >= cooldown {
				delete(g.last, c)
			}
		}
		if len(g.last) >= maxGateEntries {
			clear(g.last)
		}
	}
	g.last[chat] = now
	return 0
}
