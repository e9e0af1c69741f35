package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Deliverer sends one message in one attempt: the bot's send, which
// returns the delivery errors of duban/message.go (RetryAfterError,
// ChatGoneError, ChatMigratedError, PermanentError) or any other error for
// a failure worth retrying (5xx, network).
type Deliverer interface {
	Deliver(ctx context.Context, m duban.Outgoing) (int, error)
}

// OutboxStore is what the sender needs of the store.
type OutboxStore interface {
	NextOutbox(ctx context.Context, now time.Time, limit int) ([]duban.OutboxMessage, error)
	NextOutboxAt(ctx context.Context) (time.Time, bool, error)
	OutboxFile(ctx context.Context, id int64) ([]byte, error)
	MarkSent(ctx context.Context, id int64, messageID int) error
	MarkRetry(ctx context.Context, id int64, nextAt time.Time, reason string) error
	MarkDead(ctx context.Context, id int64, reason string) error
	PostponeChat(ctx context.Context, chatID int64, until time.Time) error
	ChatGone(ctx context.Context, id int64, reason string) (int, error)
	OutboxStats(ctx context.Context) (duban.OutboxStats, error)
	PauseChat(ctx context.Context, id int64, paused bool) error
	MigrateChat(ctx context.Context, old, new int64) error
}

// Sender timing.
const (
	senderBatch       = 64               // outbox heads read at once
	senderPoll        = 5 * time.Second  // longest sleep: picks up rows other processes wrote
	senderSendTimeout = 2 * time.Minute  // one attempt, a file upload included
	retryBase         = 5 * time.Second  // first retry after a failure
	retryCap          = 30 * time.Minute // longest wait between retries
)

// Sender drains the outbox: at most GlobalPerSecond messages a second and
// GroupPerMinute a minute to one group, one message in flight per chat (so
// a chat's messages arrive in order) and at most Inflight at once.
//
// Delivery is at least once. A message is marked sent after Telegram
// answered; if the process dies between the answer and the mark, the
// message goes again after the restart. So a crash repeats at most the
// messages in flight at that instant: at most one per chat, at most
// Inflight in all. Nothing is lost: a message leaves the outbox only when
// it was sent, given up on (logged), or its chat removed the bot.
type Sender struct {
	// Now and After are the clock; tests replace them.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	// Jitter returns a number in [0, 1) that spreads retries.
	Jitter func() float64
	// RetryBase is the wait after a first failure; it doubles with each
	// failure up to 30 minutes.
	RetryBase time.Duration
	// Metrics counts the attempts; set it before Run. Nil counts nothing.
	Metrics Metrics

	// privateGone is told of a message a person's private chat refused
	// (403): the scheduler tells the groups about a 催办单 that could not
	// reach a 分管领导.
	privateGone func(ctx context.Context, m duban.OutboxMessage, reason string)

	st          OutboxStore
	d           Deliverer
	log         *slog.Logger
	maxAttempts int
	slots       chan struct{}
	wake        chan struct{} // new messages, or a send answered: look again
	answered    chan struct{} // a send answered: a pace slot may be free

	mu      sync.Mutex
	global  *window
	chats   map[int64]*window
	perChat int
	busy    map[int64]bool // chats with a send in flight
	// answeredIn lists the chats whose send was answered during the
	// current pass: the pass's batch was read before, so their row in it
	// may be one that is no longer pending.
	answeredIn map[int64]bool
	pause      time.Time // a 429 without a chat of its own holds everything until then
	lastTrim   time.Time
	wg         sync.WaitGroup
}

// SenderConfig paces a Sender.
type SenderConfig struct {
	GlobalPerSecond float64 // delivery.global_per_second (30)
	GroupPerMinute  int     // delivery.group_per_minute (20)
	MaxAttempts     int     // delivery.max_attempts (8)
	Inflight        int     // sends at once (4); 1 makes a crash repeat at most one message
}

// NewSender returns a sender over the outbox of st.
func NewSender(cfg SenderConfig, st OutboxStore, d Deliverer, log *slog.Logger) *Sender {
	if cfg.GroupPerMinute < 1 {
		cfg.GroupPerMinute = 20
	}
	if cfg.MaxAttempts < 1 {
		cfg.MaxAttempts = 8
	}
	if cfg.Inflight < 1 {
		cfg.Inflight = 4
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{
		Now:         time.Now,
		After:       time.After,
		Jitter:      rand.Float64,
		RetryBase:   retryBase,
		st:          st,
		d:           d,
		log:         log,
		maxAttempts: cfg.MaxAttempts,
		slots:       make(chan struct{}, cfg.Inflight),
		wake:        make(chan struct{}, 1),
		answered:    make(chan struct{}, 1),
		global:      newRateWindow(cfg.GlobalPerSecond),
		chats:       map[int64]*window{},
		perChat:     cfg.GroupPerMinute,
		busy:        map[int64]bool{},
		answeredIn:  map[int64]bool{},
	}
}

// Notify wakes the sender: new messages are in the outbox.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done, then waits for the messages in flight to be
// answered and recorded (they are not cut off: cutting one off after
// Telegram took it would send it twice).
func (s *Sender) Run(ctx context.Context) {
	defer s.wg.Wait()
	for ctx.Err() == nil {
		n, wait, err := s.pass(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("outbox: read failed", "err", err)
			wait = senderPoll
		}
		if n > 0 {
			continue
		}
		s.sleep(ctx, wait)
	}
}

// Drain sends until the outbox is empty or ctx is done (the caller's
// deadline decides how long to wait for retries), and returns how many
// messages are still pending. The CLI uses it when no service runs.
func (s *Sender) Drain(ctx context.Context) (int, error) {
	for ctx.Err() == nil {
		n, wait, err := s.pass(ctx)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			s.wg.Wait()
			return 0, err
		}
		if n > 0 {
			continue
		}
		s.mu.Lock()
		inFlight := len(s.busy)
		s.mu.Unlock()
		if inFlight == 0 {
			if _, ok, err := s.st.NextOutboxAt(ctx); err == nil && !ok {
				return 0, nil
			}
		}
		s.sleep(ctx, wait)
	}
	s.wg.Wait()
	st, err := s.st.OutboxStats(context.WithoutCancel(ctx))
	if err != nil {
		return 0, err
	}
	return st.Pending, ctx.Err()
}

// untilAnswer is a wait that ends with the answer of a send in flight.
const untilAnswer = time.Duration(-1)

// sleep waits d, or until woken: new messages or an answer. untilAnswer
// waits for an answer alone while a send is in flight, so that a held
// queue costs no polling.
func (s *Sender) sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
		return
	case <-s.wake:
		return
	default:
	}
	if d == untilAnswer {
		s.mu.Lock()
		inFlight := len(s.busy)
		s.mu.Unlock()
		if inFlight > 0 {
			select {
			case <-ctx.Done():
			case <-s.wake:
			}
			return
		}
		d = time.Millisecond
	}
	if d <= 0 {
		d = time.Millisecond
	}
	if d > senderPoll {
		d = senderPoll
	}
	select {
	case <-ctx.Done():
	case <-s.wake:
	case <-s.After(d):
	}
}

// pass dispatches the outbox heads that may go now. It returns how many
// it dispatched and, when none, how long to wait before looking again.
func (s *Sender) pass(ctx context.Context) (int, time.Duration, error) {
	now := s.Now()
	s.mu.Lock()
	pause := s.pause
	s.trimLocked(now)
	// A chat in flight now, or answered while the batch is being read and
	// sent, is left to the next pass: its row in this batch may have been
	// sent already.
	stale := make(map[int64]bool, len(s.busy))
	for c := range s.busy {
		stale[c] = true
	}
	clear(s.answeredIn)
	s.mu.Unlock()
	if pause.After(now) {
		return 0, pause.Sub(now), nil
	}
	rows, err := s.st.NextOutbox(ctx, now, senderBatch)
	if err != nil {
		return 0, 0, err
	}
	dispatched := 0
	for _, m := range rows {
		if ctx.Err() != nil {
			break
		}
		if stale[m.Msg.ChatID] {
			continue
		}
		ok, err := s.dispatch(ctx, m)
		if err != nil {
			return dispatched, 0, err
		}
		if ok {
			dispatched++
		}
	}
	if dispatched > 0 {
		return dispatched, 0, nil
	}
	// Nothing went: wait for the next retry or pacing time. A head that is
	// ready but held (its chat in flight) waits for the answer: untilAnswer.
	next, ok, err := s.st.NextOutboxAt(ctx)
	switch d := next.Sub(s.Now()); {
	case err != nil:
		return 0, 0, err
	case !ok:
		return 0, senderPoll, nil
	case d <= 0:
		return 0, untilAnswer, nil
	case d < senderPoll:
		return 0, d, nil
	}
	return 0, senderPoll, nil
}

// dispatch starts sending m when its chat and the global pace allow,
// waiting for the global pace; a chat over its own pace is postponed in
// the store so that the other chats go meanwhile. It takes a send slot
// first, so that the pace is judged with the answers of earlier sends in.
func (s *Sender) dispatch(ctx context.Context, m duban.OutboxMessage) (bool, error) {
	chat := m.Msg.ChatID
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return false, nil
	}
	started := false
	defer func() {
		if !started {
			<-s.slots
		}
	}()
	for {
		now := s.Now()
		s.mu.Lock()
		if s.busy[chat] || s.answeredIn[chat] || s.pause.After(now) {
			s.mu.Unlock()
			return false, nil
		}
		cw := s.chatWindowLocked(chat)
		if at, blocked := cw.readyAt(now); blocked || at.After(now) {
			s.mu.Unlock()
			if blocked {
				return false, nil
			}
			return false, s.st.PostponeChat(ctx, chat, at)
		}
		at, blocked := s.global.readyAt(now)
		if !blocked && !at.After(now) {
			gi, ci := s.global.take(), cw.take()
			s.busy[chat] = true
			s.mu.Unlock()
			started = true
			s.wg.Add(1)
			go s.send(ctx, m, cw, gi, ci)
			return true, nil
		}
		s.mu.Unlock()
		// Wait for the global pace: a slot's time, or a send's answer.
		wait := time.Millisecond
		if !blocked {
			wait = at.Sub(now)
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-s.answered:
		case <-s.After(wait):
		}
	}
}

func (s *Sender) chatWindowLocked(chat int64) *window {
	w, ok := s.chats[chat]
	if !ok {
		w = newWindow(s.perChat, time.Minute)
		s.chats[chat] = w
	}
	return w
}

// trimLocked forgets the windows of chats not sent to for a minute.
func (s *Sender) trimLocked(now time.Time) {
	if now.Sub(s.lastTrim) < time.Minute {
		return
	}
	s.lastTrim = now
	for id, w := range s.chats {
		if !s.busy[id] && w.idle(now) {
			delete(s.chats, id)
		}
	}
}

// send delivers one message and records the outcome. It runs on its own
// context so that stopping the sender lets the answer come back and be
// recorded.
func (s *Sender) send(ctx context.Context, m duban.OutboxMessage, cw *window, gi, ci int) {
	defer s.wg.Done()
	chat := m.Msg.ChatID
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), senderSendTimeout)
	defer cancel()
	start := s.Now()
	id, err := s.deliver(sctx, m)
	now := s.Now()
	if s.Metrics != nil {
		s.Metrics.Delivered(outcome(err, chat, m.Attempts+1, s.maxAttempts), now.Sub(start))
	}
	s.mu.Lock()
	s.global.finish(gi, now)
	cw.finish(ci, now)
	chatRecent := cw.recent(now)
	s.mu.Unlock()

	// Record on a fresh context: the attempt's may have run out.
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer rcancel()
	s.record(rctx, m, id, err, now, chatRecent)

	s.mu.Lock()
	delete(s.busy, chat)
	s.answeredIn[chat] = true
	s.mu.Unlock()
	<-s.slots
	select {
	case s.answered <- struct{}{}:
	default:
	}
	s.Notify()
}

// deliver loads the attachment and calls the Deliverer; a panic in it is
// an error like any other.
func (s *Sender) deliver(ctx context.Context, m duban.OutboxMessage) (id int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("deliver panicked: %v", r)
		}
	}()
	msg := m.Msg
	if m.FileID != 0 {
		data, err := s.st.OutboxFile(ctx, m.FileID)
		if err != nil {
			return 0, err
		}
		msg.File = &duban.File{Name: m.Msg.File.Name, Data: data, Photo: m.Msg.File.Photo}
	}
	return s.d.Deliver(ctx, msg)
}

// record applies the outcome of one attempt to the outbox.
func (s *Sender) record(ctx context.Context, m duban.OutboxMessage, id int, err error, now time.Time, chatRecent int) {
	chat := m.Msg.ChatID
	log := s.log.With("outbox", m.ID, "run", m.Run, "chat", chat)
	var (
		retry    *duban.RetryAfterError
		gone     *duban.ChatGoneError
		migrated *duban.ChatMigratedError
		refused  *duban.PermanentError
		stErr    error
	)
	switch {
	case err == nil:
		stErr = s.st.MarkSent(ctx, m.ID, id)
	case errors.As(err, &retry):
		wait := retry.After
		if wait < time.Second {
			wait = time.Second
		}
		until := now.Add(wait)
		// A 429 on a chat we sent little to lately cannot be that chat's
		// own limit: it is the bot's global one, so everything waits.
		global := chatRecent <= s.perChat/2
		if global {
			s.mu.Lock()
			if until.After(s.pause) {
				s.pause = until
			}
			s.mu.Unlock()
		}
		log.Warn("outbox: too many requests, waiting", "retry_after", wait, "everything", global)
		stErr = s.st.PostponeChat(ctx, chat, until)
	case errors.As(err, &gone):
		// The bot may have recorded it already (a reply found out first):
		// recording it again changes nothing.
		n, err := s.st.ChatGone(ctx, chat, gone.Error())
		stErr = err
		log.Warn("outbox: chat gone, paused and its messages dropped", "reason", gone.Reason, "dropped", n)
		if chat > 0 && s.privateGone != nil {
			// A person's private chat: whoever queued it may tell a group.
			s.privateGone(ctx, m, gone.Reason)
		}
	case errors.As(err, &migrated) && migrated.NewChatID != 0 && migrated.NewChatID != chat:
		// The chat, its settings, members and pending messages move in one
		// transaction, however many times it is recorded.
		stErr = s.st.MigrateChat(ctx, chat, migrated.NewChatID)
		log.Info("outbox: group became a supergroup, resending there", "new_chat", migrated.NewChatID)
	case errors.As(err, &refused) || errors.As(err, &migrated):
		log.Error("outbox: message refused, giving up", "err", err)
		stErr = s.st.MarkDead(ctx, m.ID, err.Error())
	default:
		attempts := m.Attempts + 1
		if attempts >= s.maxAttempts {
			log.Error("outbox: giving up after repeated failures", "attempts", attempts, "err", err)
			stErr = s.st.MarkDead(ctx, m.ID, err.Error())
			break
		}
		next := now.Add(s.backoff(attempts))
		log.Warn("outbox: send failed, will retry", "attempt", attempts, "next", next, "err", err)
		stErr = s.st.MarkRetry(ctx, m.ID, next, err.Error())
	}
	if stErr != nil {
		log.Error("outbox: could not record the outcome of a send", "err", stErr, "send_err", err)
	}
}

// backoff is the wait before attempt n+1 after n failures: 5 s doubling
// up to 30 min, times a jitter between 0.5 and 1.5 so that many chats
// failing together do not retry together.
func (s *Sender) backoff(n int) time.Duration {
	d := s.RetryBase << min(n-1, 20)
	if d > retryCap || d <= 0 {
		d = retryCap
	}
	return time.Duration(float64(d) * (0.5 + s.Jitter()))
}
