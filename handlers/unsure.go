package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// A message about an item that is neither clearly a question nor a report
// ("#5 下周召开部署会") is not guessed at: the bot asks whether to record it,
// with two buttons. The words wait in memory under a token (button data
// is at most 64 bytes) until one is pressed or pendingTTL passes; a
// restart forgets them, and the button then says so.

// Button data prefixes of the question.
const (
	recordYesPrefix = "rec:"
	recordNoPrefix  = "rec-no:"
)

// pendingTTL is how long the buttons of a question work.
const pendingTTL = 30 * time.Minute

// maxPending bounds the questions waiting at once; the oldest go first.
const maxPending = 500

// pendingReport is a message waiting for its author to say whether it is
// progress.
type pendingReport struct {
	chatID   int64
	userID   int64
	userName string
	updateID int64
	number   int
	text     string
	expires  time.Time
}

// pendingCache holds the waiting messages by token. Its zero value is ready.
type pendingCache struct {
	mu    sync.Mutex
	m     map[string]pendingReport
	order []string // tokens oldest first: all wait pendingTTL, so they expire in this order
}

// put keeps p under a new token, forgetting the expired ones and, past
// maxPending, the oldest.
func (c *pendingCache) put(p pendingReport, now time.Time) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("pending token: %w", err)
	}
	token := hex.EncodeToString(b[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]pendingReport{}
	}
	for len(c.order) > 0 {
		q, ok := c.m[c.order[0]]
		if ok && now.Before(q.expires) && len(c.m) < maxPending {
			break
		}
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	p.expires = now.Add(pendingTTL)
	c.m[token] = p
	c.order = append(c.order, token)
	return token, nil
}

// take removes and returns the message of token, when it is still waiting
// in chat and who may answer for it pressed the button.
func (c *pendingCache) take(token string, chat int64, now time.Time, mayAnswer func(pendingReport) bool) (pendingReport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[token]
	if !ok || p.chatID != chat || !now.Before(p.expires) {
		delete(c.m, token)
		return p, problem("这个按钮已失效，如需记录请重新发送进展。", "This button has expired: send the report again to record it.")
	}
	if !mayAnswer(p) {
		return p, problem(fmt.Sprintf("只有发消息的%s或计划管理员可以选择。", report.Esc(p.userName)),
			fmt.Sprintf("Only %s, who wrote it, or a plan admin can answer.", report.Esc(p.userName)))
	}
	delete(c.m, token)
	return p, nil
}

// askToRecord asks whether text is progress on item n.
func (h *Handler) askToRecord(ctx context.Context, r *request, n int, text string) error {
	if err := checkLength(r, text); err != nil {
		return err
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		if r.m.IsGroup() {
			return nil // "#99 下周再说" in chatter: no item, no question
		}
		return err
	}
	if it.Kind != duban.KindTask || !it.Open() {
		return nil // nothing could be recorded on it anyway
	}
	token, err := h.pending.put(pendingReport{chatID: r.m.ChatID, userID: r.m.UserID, userName: r.m.UserName,
		updateID: r.m.UpdateID, number: n, text: text}, h.d.Now())
	if err != nil {
		return err
	}
	h.reply(ctx, r, report.RecordPrompt(it, text, r.lang), []duban.Button{
		{Text: report.Tr(r.lang, fmt.Sprintf("记为 #%d 的进展", n), fmt.Sprintf("Record on #%d", n)), Data: recordYesPrefix + token},
		{Text: report.Tr(r.lang, "不用", "No"), Data: recordNoPrefix + token},
	})
	return nil
}

// mayAnswer reports whether the presser of r may answer for p: its author
// or a plan admin.
func (h *Handler) mayAnswer(ctx context.Context, r *request) func(pendingReport) bool {
	return func(p pendingReport) bool {
		return p.userID == r.m.UserID || h.allowed(ctx, r, planAdmin)
	}
}

// recordConfirmed is the press of "记为 #N 的进展": the message is recorded
// as its author's report.
func (h *Handler) recordConfirmed(ctx context.Context, r *request) error {
	p, err := h.pending.take(r.args, r.m.ChatID, h.d.Now(), h.mayAnswer(ctx, r))
	if err != nil {
		return err
	}
	author := *r
	author.m.UserID, author.m.UserName, author.m.UpdateID = p.userID, p.userName, p.updateID
	author.cut = 0
	ctx = duban.WithActor(ctx, duban.Actor{UserID: p.userID, Name: p.userName, ChatID: p.chatID, Via: duban.ActorFrom(ctx).Via})
	return h.record(ctx, &author, p.number, p.text, false)
}

// recordDeclined is the press of "不用".
func (h *Handler) recordDeclined(ctx context.Context, r *request) error {
	if _, err := h.pending.take(r.args, r.m.ChatID, h.d.Now(), h.mayAnswer(ctx, r)); err != nil {
		return err
	}
	h.reply(ctx, r, report.Tr(r.lang, "好的，没有记录。", "OK, nothing was recorded."))
	return nil
}
