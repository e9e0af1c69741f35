package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/go-telegram/bot/models"
)

// The inbox: every update is written to the store (store.AddUpdates, one
// transaction per received batch) before Telegram is told it arrived — the
// next getUpdates offset, or the webhook's 200 — and marked done once
// handled. What is pending at start, left by a crash, is handled first.
// The in-memory queues of the dispatcher hold exactly the pending updates
// of this run, each once.

// received is an update decoded from what Telegram sent.
type received struct {
	u   *models.Update
	raw []byte
}

// store writes a batch to the inbox and returns the updates in it that are
// new: those already there (pending or handled) were delivered again and
// must not be handled twice.
func (b *Bot) store(ctx context.Context, batch []received) ([]*models.Update, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	ups := make([]duban.InboxUpdate, len(batch))
	for i, r := range batch {
		ups[i] = duban.InboxUpdate{ID: r.u.ID, ChatID: chatOf(r.u), Raw: r.raw}
	}
	fresh, err := b.st.AddUpdates(ctx, ups)
	if err != nil {
		return nil, err
	}
	out := make([]*models.Update, 0, len(batch))
	for i, r := range batch {
		if fresh[i] {
			out = append(out, r.u)
		} else {
			b.logFor(refOf(r.u)).Debug("update delivered again, skipped")
		}
	}
	return out, nil
}

// recoverPage is how many pending updates are read at a time at start.
const recoverPage = 500

// recoverPending queues the updates a previous run received but did not
// finish handling, in update order, before anything new is received. It
// returns how many there were; it stops early when ctx ends (they stay
// pending for the next start).
func (b *Bot) recoverPending(ctx context.Context, d *dispatcher) (int, error) {
	var after int64
	n := 0
	for {
		page, err := b.st.PendingUpdates(ctx, after, recoverPage)
		if err != nil {
			return n, err
		}
		for _, p := range page {
			after = p.ID
			u, _, ok := b.decodeUpdate(p.Raw)
			if !ok || u.ID != p.ID {
				// Nothing to handle (a row carried over from before the
				// inbox, or a library that reads it differently now).
				b.log.Warn("pending update unreadable, dropped", "update", p.ID, "chat", p.ChatID, "user", 0)
				d.done(p.ID)
				continue
			}
			n++
			if !d.dispatch(ctx, u) {
				return n, nil
			}
		}
		if len(page) < recoverPage {
			return n, nil
		}
	}
}

// marker records handled updates as done. Workers hand it ids; it writes
// whatever has gathered in one transaction, so that under load many marks
// cost one commit and when idle a mark is written at once.
type marker struct {
	b    *Bot
	ch   chan int64
	done chan struct{}
}

// markBatch bounds the ids written at once, and the marks waiting: a crash
// can repeat the handling of at most the updates in hand plus twice this.
const markBatch = 64

func (b *Bot) startMarker() *marker {
	m := &marker{b: b, ch: make(chan int64, markBatch), done: make(chan struct{})}
	go m.run()
	return m
}

func (m *marker) run() {
	defer close(m.done)
	batch := make([]int64, 0, markBatch)
	for id := range m.ch {
		batch = append(batch[:0], id)
	gather:
		for len(batch) < markBatch {
			select {
			case id, ok := <-m.ch:
				if !ok {
					break gather
				}
				batch = append(batch, id)
			default:
				break gather
			}
		}
		// Marks are written even after Run's context ended: they finish
		// what was handled. A failure only means the updates are handled
		// again after a restart.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := m.b.st.MarkUpdatesDone(ctx, batch); err != nil {
			m.b.log.Error("mark updates handled", "updates", fmt.Sprint(batch), "err", err)
		}
		cancel()
	}
}

// stop writes the marks still waiting and returns; nothing may be marked
// after.
func (m *marker) stop() {
	close(m.ch)
	<-m.done
}

// decodeUpdate decodes one update; ok is false (and it is logged, with
// whatever ids could be read) when it is malformed. id is its update id
// when that much could be read.
func (b *Bot) decodeUpdate(raw []byte) (u *models.Update, id int64, ok bool) {
	u = new(models.Update)
	err := json.Unmarshal(raw, u)
	if err == nil && u.ID > 0 {
		return u, u.ID, true
	}
	if err == nil {
		err = errors.New("no update_id")
	}
	h := readHead(raw)
	b.log.Warn("malformed update skipped", "update", h.ID, "chat", h.chat(), "user", h.user(), "err", err, "size", len(raw))
	return nil, h.ID, false
}

// head is what can be read of an update that does not decode: its ids,
// for the log line.
type head struct {
	ID            int64     `json:"update_id"`
	Message       *headPart `json:"message"`
	CallbackQuery *headPart `json:"callback_query"`
	MyChatMember  *headPart `json:"my_chat_member"`
}

type headPart struct {
	Chat    *struct{ ID int64 } `json:"chat"`
	From    *struct{ ID int64 } `json:"from"`
	Message *headPart           `json:"message"` // a callback's message
}

// readHead reads the ids of a malformed update as far as it can: all of
// them, else the update id only, else nothing.
func readHead(raw []byte) head {
	var h head
	if json.Unmarshal(raw, &h) == nil {
		return h
	}
	var id struct {
		ID int64 `json:"update_id"`
	}
	json.Unmarshal(raw, &id)
	return head{ID: id.ID}
}

func (h head) part() *headPart {
	switch {
	case h.Message != nil:
		return h.Message
	case h.CallbackQuery != nil:
		return h.CallbackQuery
	}
	return h.MyChatMember
}

func (h head) chat() int64 {
	p := h.part()
	if p != nil && p.Message != nil {
		p = p.Message
	}
	if p == nil || p.Chat == nil {
		return 0
	}
	return p.Chat.ID
}

func (h head) user() int64 {
	if p := h.part(); p != nil && p.From != nil {
		return p.From.ID
	}
	return 0
}
