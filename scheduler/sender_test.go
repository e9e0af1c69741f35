package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// fakeClock is a clock whose waits return at once, moving its time on:
// the sender's pacing and backoff run in fake time without sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.t = c.t.Add(d)
	}
	ch := make(chan time.Time, 1)
	ch <- c.t
	return ch
}

// delivery is one attempt the fake deliverer saw.
type delivery struct {
	chat int64
	text string
	at   time.Time
	err  error
}

// scriptDeliverer answers by a script of errors per chat (nil = sent) and
// records every attempt with the fake time.
type scriptDeliverer struct {
	clock  *fakeClock
	mu     sync.Mutex
	script map[int64][]error
	always map[int64]error
	log    []delivery
}

func (d *scriptDeliverer) Deliver(ctx context.Context, m duban.Outgoing) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var err error
	if e, ok := d.always[m.ChatID]; ok {
		err = e
	} else if s := d.script[m.ChatID]; len(s) > 0 {
		err, d.script[m.ChatID] = s[0], s[1:]
	}
	d.log = append(d.log, delivery{chat: m.ChatID, text: m.Text, at: d.clock.Now(), err: err})
	return len(d.log), err
}

func (d *scriptDeliverer) sent(chat int64) []delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []delivery
	for _, x := range d.log {
		if x.err == nil && (chat == 0 || x.chat == chat) {
			out = append(out, x)
		}
	}
	return out
}

func (d *scriptDeliverer) attempts(chat int64) []delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []delivery
	for _, x := range d.log {
		if x.chat == chat {
			out = append(out, x)
		}
	}
	return out
}

type senderFixture struct {
	st    *store.Store
	clock *fakeClock
	d     *scriptDeliverer
	s     *Sender
	logs  *logBuffer
}

func newSenderFixture(t *testing.T, cfg SenderConfig) *senderFixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "outbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &fakeClock{t: monday}
	st.Now = c.Now
	d := &scriptDeliverer{clock: c, script: map[int64][]error{}, always: map[int64]error{}}
	logs := &logBuffer{}
	if cfg.Inflight == 0 {
		cfg.Inflight = 1 // one at a time keeps the fake time's order exact
	}
	s := NewSender(cfg, st, d, slog.New(slog.NewTextHandler(logs, nil)))
	s.Now, s.After = c.Now, c.After
	s.Jitter = func() float64 { return 0.5 } // backoff exactly 5 s, 10 s, 20 s…
	return &senderFixture{st: st, clock: c, d: d, s: s, logs: logs}
}

func (f *senderFixture) enqueue(t *testing.T, chat int64, texts ...string) {
	t.Helper()
	var msgs []duban.Outgoing
	for _, x := range texts {
		msgs = append(msgs, duban.Outgoing{Text: x})
	}
	if _, err := f.st.EnqueueRun(context.Background(), "weekly", chat, strings.Join(texts, ","), msgs); err != nil {
		t.Fatal(err)
	}
}

func (f *senderFixture) drain(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if _, err := f.s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
}

// maxInWindow is the most sends in any window of length span.
func maxInWindow(ds []delivery, span time.Duration) int {
	best := 0
	for i := range ds {
		n := 0
		for j := i; j < len(ds) && ds[j].at.Sub(ds[i].at) < span; j++ {
			n++
		}
		best = max(best, n)
	}
	return best
}

func TestSenderPacesAGroup(t *testing.T) {
	f := newSenderFixture(t, SenderConfig{GlobalPerSecond: 100, GroupPerMinute: 20})
	var texts []string
	for i := 0; i < 45; i++ {
		texts = append(texts, fmt.Sprintf("m%02d", i))
	}
	f.enqueue(t, -1, texts...)
	f.enqueue(t, -2, "other group")
	f.drain(t)
	sent := f.d.sent(-1)
	if len(sent) != 45 {
		t.Fatalf("sent %d of 45", len(sent))
	}
	for i, d := range sent {
		if d.text != texts[i] {
			t.Fatalf("message %d is %q: out of order", i, d.text)
		}
	}
	if n := maxInWindow(sent, time.Minute); n != 20 {
		t.Errorf("at most %d sends in a minute to one group, want 20", n)
	}
	if took := sent[44].at.Sub(sent[0].at); took < 2*time.Minute || took > 2*time.Minute+time.Second {
		t.Errorf("45 messages at 20 a minute took %s", took)
	}
	if other := f.d.sent(-2); len(other) != 1 || other[0].at.Sub(monday) > time.Second {
		t.Errorf("a paced group held up the others: %+v", other)
	}
}

func TestSenderPacesOverall(t *testing.T) {
	f := newSenderFixture(t, SenderConfig{GlobalPerSecond: 10, GroupPerMinute: 20})
	for i := 0; i < 35; i++ {
		f.enqueue(t, int64(-100-i), "hi")
	}
	f.drain(t)
	sent := f.d.sent(0)
	if len(sent) != 35 {
		t.Fatalf("sent %d", len(sent))
	}
	if n := maxInWindow(sent, time.Second); n != 10 {
		t.Errorf("at most %d sends in a second, want 10", n)
	}
}

func TestSenderFailures(t *testing.T) {
	transient := errors.New("502 bad gateway")
	tests := []struct {
		name      string
		script    []error
		always    error
		sent      bool
		attempts  int
		gaps      []time.Duration // between attempts
		dead      int
		logged    string
		secondToo bool // the chat's second message goes out
	}{
		{"server errors are retried with backoff", []error{transient, transient}, nil, true, 3,
			[]time.Duration{5 * time.Second, 10 * time.Second}, 0, "will retry", true},
		{"given up after max attempts", nil, transient, false, 4,
			[]time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second}, 2, "giving up after repeated failures", false},
		{"a refused message is dead at once", []error{&duban.PermanentError{Reason: "400 can't parse entities"}}, nil, false, 1,
			nil, 1, "message refused", true},
		{"a chat's 429 waits retry_after", []error{&duban.RetryAfterError{After: 7 * time.Second}}, nil, true, 2,
			[]time.Duration{7 * time.Second}, 0, "too many requests", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t, SenderConfig{GlobalPerSecond: 30, GroupPerMinute: 20, MaxAttempts: 4})
			f.d.script[-1] = tt.script
			if tt.always != nil {
				f.d.always[-1] = tt.always
			}
			f.enqueue(t, -1, "first", "second")
			f.drain(t)
			att := f.d.attempts(-1)
			firsts := 0
			var times []time.Time
			for _, a := range att {
				if a.text == "first" {
					firsts++
					times = append(times, a.at)
				}
			}
			if firsts != tt.attempts {
				t.Errorf("%d attempts at the first message, want %d", firsts, tt.attempts)
			}
			for i, gap := range tt.gaps {
				if i+1 < len(times) {
					if got := times[i+1].Sub(times[i]); got < gap || got > gap+time.Second {
						t.Errorf("gap %d = %s, want %s", i, got, gap)
					}
				}
			}
			st, _ := f.st.OutboxStats(context.Background())
			if st.Dead != tt.dead || st.Pending != 0 {
				t.Errorf("outbox %+v, want %d dead", st, tt.dead)
			}
			second := false
			for _, a := range f.d.sent(-1) {
				second = second || a.text == "second"
			}
			if second != tt.secondToo {
				t.Errorf("second message sent = %v", second)
			}
			if !strings.Contains(f.logs.String(), tt.logged) {
				t.Errorf("log lacks %q:\n%s", tt.logged, f.logs.String())
			}
		})
	}
}

func TestSenderGlobal429HoldsEverything(t *testing.T) {
	f := newSenderFixture(t, SenderConfig{GlobalPerSecond: 100, GroupPerMinute: 20})
	f.d.script[-5] = []error{&duban.RetryAfterError{After: 3 * time.Second}}
	for i := 1; i <= 10; i++ {
		f.enqueue(t, int64(-i), "hi")
	}
	f.drain(t)
	var hit time.Time
	for _, a := range f.d.attempts(-5) {
		if a.err != nil {
			hit = a.at
		}
	}
	if hit.IsZero() {
		t.Fatal("no 429")
	}
	for _, d := range f.d.sent(0) {
		if d.at.After(hit) && d.at.Before(hit.Add(3*time.Second)) {
			t.Errorf("chat %d sent %s after a 429 asking for 3s", d.chat, d.at.Sub(hit))
		}
	}
	if n := len(f.d.sent(0)); n != 10 {
		t.Errorf("sent %d of 10", n)
	}
}

func TestSenderGoneAndMigratedChats(t *testing.T) {
	f := newSenderFixture(t, SenderConfig{GlobalPerSecond: 100, GroupPerMinute: 20})
	ctx := context.Background()
	f.st.BindChat(ctx, -1, true, 1)
	f.st.BindChat(ctx, -2, true, 1)
	f.d.always[-1] = &duban.ChatGoneError{Reason: "bot was kicked"}
	f.d.always[-2] = &duban.ChatMigratedError{NewChatID: -1002}
	f.enqueue(t, -1, "a", "b")
	f.enqueue(t, -2, "c", "d")
	f.drain(t)
	if att := f.d.attempts(-1); len(att) != 1 {
		t.Errorf("gone chat: %d attempts, want 1", len(att))
	}
	if got := f.d.sent(-1002); len(got) != 2 || got[0].text != "c" || got[1].text != "d" {
		t.Errorf("migrated chat got %+v", got)
	}
	served, _ := f.st.ServedChats(ctx, nil)
	if len(served) != 1 || served[0].ID != -1002 {
		t.Errorf("served after: %+v", served)
	}
	if done, _ := f.st.DoneRuns(ctx, "weekly", "c,d"); !done[-1002] {
		t.Errorf("the run mark did not follow the migration: %v", done)
	}
}

func TestWindow(t *testing.T) {
	w := newWindow(2, time.Minute)
	t0 := monday
	steps := []struct {
		do      string // "take" answers at once at now
		now     time.Duration
		ready   time.Duration
		blocked bool
	}{
		{"take", 0, 0, false},
		{"take", time.Second, time.Second, false},
		{"check", 2 * time.Second, time.Minute, false},           // the first answer + a minute
		{"check", 61 * time.Second, 61 * time.Second, false},     // free again
		{"check", 30 * time.Second, time.Minute, false},          // still waiting
		{"check", 60*time.Second + 1, 60*time.Second + 1, false}, // just free
	}
	for i, s := range steps {
		now := t0.Add(s.now)
		at, blocked := w.readyAt(now)
		if blocked != s.blocked || (!blocked && !at.Equal(t0.Add(s.ready))) {
			t.Errorf("step %d: readyAt = %s, %v; want %s, %v", i, at.Sub(t0), blocked, s.ready, s.blocked)
		}
		if s.do == "take" {
			w.finish(w.take(), now)
		}
	}
	// A send in flight blocks the send n places later.
	w2 := newWindow(1, time.Second)
	slot := w2.take()
	if _, blocked := w2.readyAt(t0.Add(time.Hour)); !blocked {
		t.Error("an unanswered send did not block")
	}
	w2.finish(slot, t0)
	if at, _ := w2.readyAt(t0); !at.Equal(t0.Add(time.Second)) {
		t.Errorf("after the answer: %s", at.Sub(t0))
	}
	if r := newRateWindow(0.5); r.n != 1 || r.span != 2*time.Second {
		t.Errorf("0.5/s = %d per %s", r.n, r.span)
	}
	if r := newRateWindow(300); r.n != 300 || r.span != time.Second {
		t.Errorf("300/s = %d per %s", r.n, r.span)
	}
}
