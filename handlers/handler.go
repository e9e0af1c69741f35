// Package handlers answers what people say to the bot: it parses a message
// (a /command or plain Chinese), checks who may ask what, calls the store
// and replies through a Sender with texts from package report. It never
// opens the database or touches Telegram itself; the bot adapter and the
// terminal console both call Handle.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/summary"
)

// Store is what the handlers need of the database (*store.Store).
type Store interface {
	Chat(ctx context.Context, id int64) (duban.Chat, error)
	SeeChat(ctx context.Context, id int64, typ, title string) error
	SeeUser(ctx context.Context, u duban.User, servedGroup bool) error
	User(ctx context.Context, id int64) (duban.User, error)
	BindChat(ctx context.Context, id int64, served bool, by int64) error

	Item(ctx context.Context, number int) (duban.Item, error)
	Children(ctx context.Context, number int) ([]duban.Item, error)
	Reports(ctx context.Context, number, limit int) ([]duban.Progress, error)
	DueItems(ctx context.Context, from, to duban.Date, limit int) ([]duban.Item, int, error)
	OverdueItems(ctx context.Context, today duban.Date, limit int) ([]duban.Item, int, error)
	OverdueCount(ctx context.Context, today duban.Date) (int, error)
	Owners(ctx context.Context, q string) ([]string, error)
	OwnerItems(ctx context.Context, owners []string, limit int) ([]duban.Item, int, error)
	Search(ctx context.Context, q string, limit, countCap int) (duban.SearchResult, error)
	Outline(ctx context.Context, today duban.Date) ([]duban.Plan, map[int64][]duban.SectionCount, error)

	AddProgress(ctx context.Context, p *duban.Progress, updateID int64) (duban.Item, bool, error)
	CreateItem(ctx context.Context, it *duban.Item) error
	UpdateItem(ctx context.Context, number int, fn func(*duban.Item) error) (duban.Item, error)
	DeleteItem(ctx context.Context, number int) (duban.Item, error)
	summary.Store // /summary (summary.go)

	GroupStore    // /iam, /who, /settings (members.go)
	LedgerStore   // /export (export.go)
	ImportStore   // /import, /deadline (import.go, deadline.go)
	HistoryStore  // /history (history.go)
	AccessStore   // /grant, /revoke, membership (access.go)
	StandingStore // /node, /extend, /lights, /missing
	LightsStore   // /lights (lights.go)
	ReportStore   // /undo, partner units, /count (undo.go, ask.go)

	EvidenceStore // evidence, /evidence (evidence.go)
	WorkflowStore // /urge, /leader, /mine, 签收 (urge.go, mine.go)
	ReviewStore   // 申请办结, 销号, 退回, /review (review.go)
}

// Deps are what a Handler works with. Main builds them from the config.
type Deps struct {
	Store  Store
	Sender duban.Sender
	// Access decides who may see and change the plan (*access.Policy).
	Access Access
	// Roles know the 督办员, units and 分管领导 (*access.Policy); nil: none
	// beside the plan admins.
	Roles Roles
	// Standards judge the items (lights), the reporting cycle and the
	// units, as the scheduler does (Scheduler.Standards); the zero value
	// means duban.DefaultStandards.
	Standards duban.Standards
	Lang      string // "zh" (default) or "en"
	Loc       *time.Location
	// BotUsername is the bot's @handle without the @, for /cmd@bot and mentions.
	BotUsername string
	Now         func() time.Time
	Logger      *slog.Logger

	// Drafter drafts /summary (*llm.Client); nil: the template summary only.
	Drafter Drafter
	// SummaryCooldown is the least time between two drafts by the model in
	// one chat (llm.cooldown); 0: none.
	SummaryCooldown time.Duration

	// Scheduler renders /briefing and reads /settings (the scheduler);
	// nil: neither is available.
	Scheduler Scheduler
	// Schedule are the global reminder specs (schedule.*) /settings shows.
	Schedule duban.ScheduleSpecs
	// Files downloads the documents sent with /import; nil where files
	// cannot be received.
	Files Files
	// ImportMaxBytes is the largest file /import takes (import.max_bytes);
	// 0 means planimport's default.
	ImportMaxBytes int64

	// Evidence are the limits and local copies of evidence (evidence.*).
	Evidence EvidenceOptions
	// Review says whether and where closing is reviewed (workflow.*); the
	// zero value closes on /done.
	Review ReviewOptions

	// Charts draws /chart's picture (*chart.Renderer, built once from
	// chart.*); nil: /chart is not available.
	Charts report.ChartDrawer
}

// Handler answers messages. It is safe for concurrent use.
type Handler struct {
	d        Deps
	commands []command
	byName   map[string]*command
	seen     seenCache
	drafts   draftGate
	imports  importCache  // /import previews waiting for a button
	albums   albumCache   // the item of each album of evidence (evidence.go)
	pending  pendingCache // messages asked about: record as progress?

	importGate  chan struct{} // held while a file is read: one at a time
	importQueue atomic.Int32  // files waiting for the gate
}

// New returns a Handler; zero Deps fields get defaults (Chinese, Asia/
// Shanghai or UTC, time.Now, a discarding logger).
func New(d Deps) *Handler {
	if d.Lang != report.LangEN {
		d.Lang = report.LangZH
	}
	if d.Loc == nil {
		d.Loc = time.UTC
		if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
			d.Loc = loc
		}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Roles == nil {
		// *access.Policy knows both; without roles only plan admins review.
		if r, ok := d.Access.(Roles); ok {
			d.Roles = r
		} else {
			d.Roles = noRoles{}
		}
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Standards.Rules == (duban.Rules{}) {
		d.Standards = duban.DefaultStandards()
	}
	if j, ok := d.Store.(judged); ok {
		d.Store = j.Store // judged again below, by these Deps' clock and rules
	}
	if d.Store != nil {
		d.Store = judged{Store: d.Store, std: d.Standards, now: d.Now, loc: d.Loc}
	}
	h := &Handler{d: d, commands: commands, byName: map[string]*command{}, importGate: make(chan struct{}, 1)}
	for i := range h.commands {
		h.byName[h.commands[i].name] = &h.commands[i]
	}
	h.seen.entries = map[seenKey]time.Time{}
	return h
}

// request is one message being answered.
type request struct {
	m      duban.Message
	intent Intent
	args   string
	lang   string
	today  duban.Date
	served bool
	cut    int // runes cleanText removed from an over-long text
	// collect, when set, gathers the replies without buttons of one part
	// of a message about several items (reports.go).
	collect *[]string
}

// Problem is an error the user should read, in both languages: bad input,
// a missing item, a refused right. Handlers return it; Handle replies with
// it and logs nothing.
type Problem struct{ ZH, EN string }

// Error implements error.
func (p *Problem) Error() string { return p.EN }

func problem(zh, en string) *Problem { return &Problem{ZH: zh, EN: en} }

// Handle answers one message or button press. It never returns an error
// and never lets a panic out: a failure is logged and answered with a short
// apology.
func (h *Handler) Handle(ctx context.Context, m duban.Message) {
	defer func() {
		if p := recover(); p != nil {
			h.d.Logger.ErrorContext(ctx, "handler panic", "panic", p, "chat", m.ChatID, "update", m.UpdateID, "stack", string(debug.Stack()))
			h.apologize(ctx, m)
		}
	}()
	raw := utf8.RuneCountInString(m.Text)
	m.Text = cleanText(m.Text)
	m.UserName, m.ChatTitle = cleanText(m.UserName), cleanText(m.ChatTitle)
	// Whatever this message changes is recorded as done by its sender; the
	// caller may have named the channel (the console does).
	via := duban.ActorFrom(ctx).Via
	if via == "" {
		via = "telegram"
	}
	ctx = duban.WithActor(ctx, duban.Actor{UserID: m.UserID, Name: m.UserName, ChatID: m.ChatID, Via: via})
	r := &request{m: m, lang: h.d.Lang, today: duban.DateOf(h.d.Now().In(h.d.Loc))}
	r.cut = max(0, raw-utf8.RuneCountInString(m.Text))
	r.served = h.served(ctx, m)
	h.see(ctx, m, r.served)
	// Whatever this message reads is limited to the group's scope.
	ctx = duban.WithScope(ctx, h.d.Access.Scope(m.ChatID))
	if m.Member != nil {
		h.memberChanged(ctx, m)
		return
	}
	if m.Callback != nil {
		h.handleCallback(ctx, r)
		return
	}
	if m.Edited {
		h.edited(ctx, r)
		return
	}
	r.intent = Parse(m.Text, h.d.BotUsername)
	h.route(ctx, r)
}

// route picks what to do with a parsed message.
func (h *Handler) route(ctx context.Context, r *request) {
	in := r.intent
	m := r.m
	if m.Attachment != nil && h.routeEvidence(ctx, r) { // a photo or file: evidence (evidence.go)
		return
	}
	switch {
	case in.Other, in.Quiet:
		return // a command for another bot, or "#5 收到"
	case in.Unknown != "":
		if m.IsGroup() && !in.Mention {
			return // a bare unknown command in a group may be another bot's
		}
		if m.IsGroup() && !r.served {
			h.notServedHint(ctx, r)
			return
		}
		h.reply(ctx, r, report.Tr(r.lang,
			fmt.Sprintf("没有 /%s 这个命令。发送 /help 查看用法。", report.Esc(in.Unknown)),
			fmt.Sprintf("There is no /%s command. Send /help for the list.", report.Esc(in.Unknown))))
		return
	case in.Command != "":
		h.run(ctx, r, h.byName[in.Command], in.Args)
		return
	}
	// Not understood: a reply to the bot may be a progress report.
	if m.ReplyTo != nil && m.ReplyTo.FromBot {
		if !r.served {
			if !m.IsGroup() {
				h.reply(ctx, r, h.notAllowedText(r))
			}
			return
		}
		h.run(ctx, r, replyCommand, m.Text)
		return
	}
	switch {
	case in.Mention && m.IsGroup() && !r.served:
		h.notServedHint(ctx, r)
	case in.Mention || !m.IsGroup() && m.Text != "":
		h.reply(ctx, r, report.ShortHelp(r.lang))
	}
	// Group chatter: no reply.
}

// replyCommand reads a plain reply to one of the bot's messages
// (replyReport).
var replyCommand = &command{name: "reply", served: true, run: (*Handler).replyReport}

// run checks the rights a command needs and runs it.
func (h *Handler) run(ctx context.Context, r *request, c *command, args string) {
	if c == nil {
		return
	}
	r.args = args
	if c.served && !r.served {
		switch {
		case r.m.IsGroup() && r.intent.Source == SourceCommand:
			h.notServedHint(ctx, r)
		case !r.m.IsGroup():
			h.reply(ctx, r, h.notAllowedText(r))
		}
		return // plain-language questions in an unserved group get nothing
	}
	if !h.allowed(ctx, r, c.role) {
		h.refuse(ctx, r, c.role, c.name)
		return
	}
	h.answer(ctx, r, c.run(h, ctx, r))
}

// answer turns a handler's error into the reply the user reads.
func (h *Handler) answer(ctx context.Context, r *request, err error) {
	if err == nil {
		return
	}
	var p *Problem
	if errors.As(err, &p) {
		h.reply(ctx, r, report.Tr(r.lang, p.ZH, p.EN))
		return
	}
	h.d.Logger.ErrorContext(ctx, "handle message", "err", err, "chat", r.m.ChatID, "user", r.m.UserID, "update", r.m.UpdateID)
	h.apologize(ctx, r.m)
}

// handleCallback routes a button press by the prefix of its data.
func (h *Handler) handleCallback(ctx context.Context, r *request) {
	data := r.m.Callback.Data
	for _, cb := range callbacks {
		if len(data) < len(cb.prefix) || data[:len(cb.prefix)] != cb.prefix {
			continue
		}
		if cb.served && !r.served {
			return
		}
		if !h.allowed(ctx, r, cb.role) {
			h.refuse(ctx, r, cb.role, "")
			return
		}
		r.args = data[len(cb.prefix):]
		h.answer(ctx, r, cb.run(h, ctx, r))
		return
	}
	h.d.Logger.WarnContext(ctx, "unknown button", "data", data, "chat", r.m.ChatID)
}

// reply sends an HTML text to the message's chat (threaded under the
// message in groups).
func (h *Handler) reply(ctx context.Context, r *request, text string, buttons ...[]duban.Button) {
	if r.collected(text, buttons) {
		return
	}
	out := duban.Outgoing{ChatID: r.m.ChatID, Text: text, Buttons: buttons}
	if r.m.IsGroup() && r.m.Callback == nil {
		out.ReplyTo = r.m.MessageID
	}
	if _, err := h.d.Sender.Send(ctx, out); err != nil {
		h.d.Logger.WarnContext(ctx, "send reply", "err", err, "chat", r.m.ChatID)
	}
}

// apologize tells the user something went wrong, without details.
func (h *Handler) apologize(ctx context.Context, m duban.Message) {
	defer func() {
		if p := recover(); p != nil {
			h.d.Logger.ErrorContext(ctx, "apology panic", "panic", p)
		}
	}()
	text := report.Tr(h.d.Lang, "抱歉，出了点问题，请稍后再试。", "Sorry, something went wrong. Please try again later.")
	if _, err := h.d.Sender.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: text}); err != nil {
		h.d.Logger.WarnContext(ctx, "send apology", "err", err, "chat", m.ChatID)
	}
}

// served reports whether the chat may see plan data (see package access):
// a served group; a private chat of a plan admin or of someone who belongs
// to a served group now.
func (h *Handler) served(ctx context.Context, m duban.Message) bool {
	if m.IsGroup() {
		return h.d.Access.GroupServed(ctx, m.ChatID)
	}
	return h.d.Access.PrivateServed(ctx, m.UserID)
}

func (h *Handler) notServedHint(ctx context.Context, r *request) {
	h.reply(ctx, r, report.Tr(r.lang,
		"本群尚未启用督办，计划管理员发送 /bind 即可启用。",
		"This group is not served yet: a plan admin can send /bind."))
}

func (h *Handler) notAllowedText(r *request) string {
	return report.Tr(r.lang,
		"你还不能在私聊中查询计划：私聊只对已启用督办的工作群的成员开放。请先在所在的工作群里发一条消息，或联系计划管理员。",
		"You cannot use the plan here yet: write once in a served work group first, or ask an admin.")
}

// see notes the chat and the user, at most once per seenTTL for the same
// facts: a private chat opens for a user once they wrote in a served group.
func (h *Handler) see(ctx context.Context, m duban.Message, served bool) {
	now := h.d.Now()
	servedGroup := served && m.IsGroup()
	if m.ChatID != 0 && h.seen.fresh(seenKey{id: m.ChatID, kind: 'c', text: m.ChatType + "\x00" + m.ChatTitle}, now) {
		if err := h.d.Store.SeeChat(ctx, m.ChatID, m.ChatType, m.ChatTitle); err != nil {
			h.d.Logger.WarnContext(ctx, "record chat", "err", err, "chat", m.ChatID)
		}
	}
	if m.UserID != 0 {
		key := seenKey{id: m.UserID, kind: 'u', text: m.UserName + "\x00" + m.Username, served: servedGroup, chat: m.ChatID}
		if h.seen.fresh(key, now) {
			u := duban.User{ID: m.UserID, Name: m.UserName, Username: m.Username}
			if err := h.d.Store.SeeUser(ctx, u, servedGroup); err != nil {
				h.d.Logger.WarnContext(ctx, "record user", "err", err, "user", m.UserID)
			}
			if servedGroup && m.SenderChatID == 0 {
				if err := h.d.Store.SeeUserInChat(ctx, m.UserID, m.ChatID); err != nil {
					h.d.Logger.WarnContext(ctx, "record user in chat", "err", err, "user", m.UserID)
				}
			}
		}
	}
}

// seenTTL is how long a recorded chat or user is not written again.
const seenTTL = 10 * time.Minute

type seenKey struct {
	id     int64
	kind   byte
	text   string
	served bool
	chat   int64
}

// seenCache remembers what record wrote lately, so that every message does
// not cost two database writes.
type seenCache struct {
	mu      sync.Mutex
	entries map[seenKey]time.Time
}

// fresh reports whether key needs writing now, and marks it written.
func (c *seenCache) fresh(key seenKey, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if at, ok := c.entries[key]; ok && now.Sub(at) < seenTTL && now.Sub(at) >= 0 {
		return false
	}
	if len(c.entries) > 10000 {
		clear(c.entries)
	}
	c.entries[key] = now
	return true
}
