package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
)

// Run receives updates until ctx ends and hands each to h: once, even when
// Telegram delivers it again, in order within a chat and in parallel across
// chats (Options.Workers). Each update is written to the inbox before
// Telegram is told it arrived, and marked done once h returned; the
// updates a crash left pending are handled first. A panic in h is logged
// and the bot goes on. When ctx ends, Run stops receiving, lets the updates
// already received be handled (for at most ShutdownGrace; the rest stay
// pending for the next start) and returns, so that the caller may close
// the store.
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
	marks := b.startMarker()
	d := b.startWorkers(hctx, h, marks)
	pruned := make(chan struct{})
	go func() { defer close(pruned); b.pruneLoop(ctx) }()

	n, err := b.recoverPending(ctx, d)
	if n > 0 {
		b.log.Info("updates left pending by the previous run queued", "updates", n)
	}
	if err == nil && ctx.Err() == nil {
		if b.opt.Mode == "webhook" {
			err = b.serveWebhook(ctx, d)
		} else {
			err = b.poll(ctx, d)
		}
	}

	grace := time.AfterFunc(b.ShutdownGrace, hcancel)
	d.stop()
	grace.Stop()
	marks.stop()
	<-pruned
	b.log.Info("bot stopped")
	return err
}

// keepUpdates is how long handled updates stay in the inbox, so that a
// redelivery is known: Telegram gives up on an unconfirmed update after 24
// hours. It must stay under a week, after which Telegram may start update
// ids afresh.
const keepUpdates = 48 * time.Hour

// pruneLoop forgets old handled updates every hour until ctx ends.
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
	n, err := b.st.PruneInbox(ctx, b.Now().Add(-keepUpdates).UnixMilli())
	if err != nil && ctx.Err() == nil {
		b.log.Warn("prune handled updates", "err", err)
	} else if n > 0 {
		b.log.Debug("handled updates pruned", "updates", n)
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
// other in update order, while at most Workers updates of different chats
// are handled at once. Unlike fixed shards, a slow answer (a drafted
// summary) holds up only its own chat.
type dispatcher struct {
	handle func(*models.Update) bool // reports whether the update is done
	done   func(id int64)            // records an update as handled
	slots  chan struct{}             // updates queued or in hand; bounds memory
	busy   chan struct{}             // updates being handled; bounds parallelism
	wg     sync.WaitGroup

	mu    sync.Mutex
	chats map[int64][]*models.Update
}

// maxQueued bounds the updates received but not yet handled; polling
// waits beyond it, leaving the rest with Telegram.
const maxQueued = 1000

func (b *Bot) startWorkers(ctx context.Context, h Handler, marks *marker) *dispatcher {
	return &dispatcher{
		handle: func(u *models.Update) bool { return b.handleUpdate(ctx, h, u) },
		done:   func(id int64) { marks.ch <- id },
		slots:  make(chan struct{}, maxQueued),
		busy:   make(chan struct{}, b.opt.Workers),
		chats:  map[int64][]*models.Update{},
	}
}

// dispatch queues u among the waiting updates of its chat, in update order;
// it gives up (false) when ctx ends first, leaving u pending in the inbox.
func (d *dispatcher) dispatch(ctx context.Context, u *models.Update) bool {
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	chat := chatOf(u)
	d.mu.Lock()
	q, running := d.chats[chat]
	// Updates come in order but for webhook posts made at once; put u
	// before the later ones not yet started.
	i := len(q)
	for i > 0 && q[i-1].ID > u.ID {
		i--
	}
	d.chats[chat] = slices.Insert(q, i, u)
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
		if d.handle(u) {
			// Still holding the busy slot: while marks wait, no other
			// update is handled, which bounds what a crash can repeat.
			d.done(u.ID)
		}
		<-d.busy
		<-d.slots
	}
}

// stop waits until every queued update was handled; nothing may be
// dispatched any more.
func (d *dispatcher) stop() { d.wg.Wait() }

// handleUpdate hands the update to h, recovering any panic so that one bad
// update never stops the bot. It reports whether the update is done with:
// false only when shutdown cut it off, leaving it for the next start.
func (b *Bot) handleUpdate(ctx context.Context, h Handler, u *models.Update) (done bool) {
	ref := refOf(u)
	log := b.logFor(ref)
	defer func() {
		if r := recover(); r != nil {
			// Done all the same: handling it again would panic again.
			log.Error("panic while handling an update", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			b.opt.Metrics.HandlerPanicked()
			done = true
		}
	}()
	if ctx.Err() != nil {
		// Shutdown took longer than the grace period.
		log.Warn("update left for the next start: shutting down")
		return false
	}
	ctx = withUpdate(ctx, ref)
	if n, err := b.st.StartUpdate(ctx, u.ID); err != nil {
		log.Warn("count the update's attempts", "err", err)
	} else if n > maxUpdateAttempts {
		// It was in hand when the process died, twice: handling it again
		// would likely kill the process again, at every start.
		log.Error("update skipped: the process died twice while handling it", "attempts", n-1)
		b.skipped(ctx, log, u)
		return true
	}
	b.opt.Metrics.UpdateHandled(updateKind(u))
	if err := b.applyService(ctx, log, u); err != nil {
		log.Error("service update", "err", err)
	}
	if q := u.CallbackQuery; q != nil {
		// Telegram shows a spinner on the button until the press is answered.
		defer b.answerCallback(ctx, log, q.ID)
	}
	m, ok := toMessage(u, b.ID())
	if !ok {
		return true
	}
	h.Handle(ctx, m)
	// Cut off by the end of the grace period, the answer may be missing:
	// handle it again at the next start.
	return ctx.Err() == nil
}

// maxUpdateAttempts is how many times an update may be taken in hand: one that
// was in hand at two crashes is skipped at the third start.
const maxUpdateAttempts = 2

// skipped tells the chat of a skipped update that its message was not
// handled, so that nobody waits for an answer that will not come.
func (b *Bot) skipped(ctx context.Context, log *slog.Logger, u *models.Update) {
	chat := chatOf(u)
	if chat == 0 || b.opt.SkippedText == "" || u.MyChatMember != nil || u.ChatMember != nil {
		return
	}
	out := duban.Outgoing{ChatID: chat, Text: b.opt.SkippedText}
	if u.Message != nil && u.Message.Chat.Type != models.ChatTypePrivate {
		out.ReplyTo = u.Message.ID
	}
	if _, err := b.Send(ctx, out); err != nil {
		log.Warn("tell the chat an update was skipped", "err", err)
	}
}

func (b *Bot) answerCallback(ctx context.Context, log *slog.Logger, id string) {
	if _, err := b.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
		log.Warn("answer callback query", "err", b.redact(err))
	}
}
