package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Run receives updates until ctx ends and hands each to h: once, even when
// Telegram delivers it again (the update id is claimed in the store first),
// in order within a chat and in parallel across chats (Options.Workers). A
// panic in h is logged and the bot goes on. When ctx ends, Run stops
// receiving, lets the updates already received be handled (for at most
// ShutdownGrace) and returns, so that the caller may close the store.
func (b *Bot) Run(ctx context.Context, h Handler) error {
	if b.ID() == 0 {
		if err := b.Connect(ctx); err != nil {
			return err
		}
	}
	b.setCommands(ctx)

	// Handlers outlive ctx a little: what was received is finished.
	hctx, hcancel := context.WithCancel(context.WithoutCancel(ctx))
	defer hcancel()
	d := b.startWorkers(hctx, h)
	pruned := make(chan struct{})
	go func() { defer close(pruned); b.pruneLoop(ctx) }()

	var err error
	if b.opt.Mode == "webhook" {
		err = b.serveWebhook(ctx, d)
	} else {
		err = b.poll(ctx, d)
	}

	grace := time.AfterFunc(b.ShutdownGrace, hcancel)
	d.stop()
	grace.Stop()
	<-pruned
	b.log.Info("bot stopped")
	return err
}

// keepUpdates is how long handled update ids are remembered: Telegram
// gives up on an unconfirmed update after 24 hours.
const keepUpdates = 48 * time.Hour

// pruneLoop forgets old handled update ids every hour until ctx ends.
func (b *Bot) pruneLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		b.prune(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (b *Bot) prune(ctx context.Context) {
	if err := b.st.PruneUpdates(ctx, b.Now().Add(-keepUpdates).UnixMilli()); err != nil && ctx.Err() == nil {
		b.log.Warn("prune handled updates", "err", err)
	}
}

// setCommands sets the command menu in Chinese (the default) and English.
// A failure only costs the menu, so it is logged, not returned.
func (b *Bot) setCommands(ctx context.Context) {
	if len(b.opt.Commands) == 0 {
		return
	}
	zh := make([]models.BotCommand, 0, len(b.opt.Commands))
	en := make([]models.BotCommand, 0, len(b.opt.Commands))
	for _, c := range b.opt.Commands {
		zh = append(zh, models.BotCommand{Command: c.Name, Description: c.ZH})
		en = append(en, models.BotCommand{Command: c.Name, Description: c.EN})
	}
	if _, err := b.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: zh}); err != nil {
		b.log.Warn("set command menu", "lang", "zh", "err", b.redact(err))
	}
	if _, err := b.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: en, LanguageCode: "en"}); err != nil {
		b.log.Warn("set command menu", "lang", "en", "err", b.redact(err))
	}
}

// dispatcher orders updates: each chat with pending updates has a queue
// drained by one goroutine, so a chat's updates are handled one after the
// other, while at most Workers updates of different chats are handled at
// once. Unlike fixed shards, a slow answer (a drafted summary) holds up
// only its own chat.
type dispatcher struct {
	handle func(*models.Update)
	slots  chan struct{} // updates queued or in hand; bounds memory
	busy   chan struct{} // updates being handled; bounds parallelism
	wg     sync.WaitGroup

	mu    sync.Mutex
	chats map[int64][]*models.Update
}

// maxQueued bounds the updates received but not yet handled; polling
// waits beyond it, leaving the rest with Telegram.
const maxQueued = 1000

func (b *Bot) startWorkers(ctx context.Context, h Handler) *dispatcher {
	return &dispatcher{
		handle: func(u *models.Update) { b.handleUpdate(ctx, h, u) },
		slots:  make(chan struct{}, maxQueued),
		busy:   make(chan struct{}, b.opt.Workers),
		chats:  map[int64][]*models.Update{},
	}
}

// dispatch queues u behind the earlier updates of its chat; it gives up
// (false) when ctx ends first, leaving u unconfirmed for Telegram to send
// again.
func (d *dispatcher) dispatch(ctx context.Context, u *models.Update) bool {
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	chat := chatOf(u)
	d.mu.Lock()
	q, running := d.chats[chat]
	d.chats[chat] = append(q, u)
	d.mu.Unlock()
	if !running {
		d.wg.Add(1)
		go d.drain(chat)
	}
	return true
}

// drain handles a chat's queue until it is empty.
func (d *dispatcher) drain(chat int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.chats[chat]
		if len(q) == 0 {
			delete(d.chats, chat)
			d.mu.Unlock()
			return
		}
		u := q[0]
		q[0] = nil
		d.chats[chat] = q[1:]
		d.mu.Unlock()

		d.busy <- struct{}{}
		d.handle(u)
		<-d.busy
		<-d.slots
	}
}

// stop waits until every queued update was handled; nothing may be
// dispatched any more.
func (d *dispatcher) stop() { d.wg.Wait() }

// handleUpdate claims the update and hands it to h, recovering any panic so
// that one bad update never stops the bot.
func (b *Bot) handleUpdate(ctx context.Context, h Handler, u *models.Update) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while handling an update", "update", u.ID, "chat", chatOf(u), "user", userOf(u),
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	if ctx.Err() != nil {
		// Shutdown took longer than the grace period.
		b.log.Warn("update dropped at shutdown", "update", u.ID, "chat", chatOf(u))
		return
	}
	first, err := b.st.ClaimUpdate(ctx, u.ID)
	if err != nil {
		b.log.Error("claim update", "update", u.ID, "chat", chatOf(u), "err", err)
		return
	}
	if !first {
		b.log.Debug("update delivered again, skipped", "update", u.ID)
		return
	}
	if err := b.applyService(ctx, u); err != nil {
		b.log.Error("service update", "update", u.ID, "chat", chatOf(u), "err", err)
	}
	if q := u.CallbackQuery; q != nil {
		// Telegram shows a spinner on the button until the press is answered.
		defer b.answerCallback(ctx, q.ID)
	}
	m, ok := toMessage(u, b.ID())
	if !ok {
		return
	}
	h.Handle(ctx, m)
}

func (b *Bot) answerCallback(ctx context.Context, id string) {
	if _, err := b.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
		b.log.Warn("answer callback query", "err", b.redact(err))
	}
}

func userOf(u *models.Update) int64 {
	switch {
	case u.Message != nil && u.Message.From != nil:
		return u.Message.From.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.From.ID
	}
	return 0
}
