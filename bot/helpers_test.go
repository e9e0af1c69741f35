package bot

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// logBuffer collects the bot's log lines; tests read it to check what was
// logged (and that the token never is).
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type fixture struct {
	fake *tgfake.Server
	st   *store.Store
	bot  *Bot
	logs *logBuffer
	stop func(t testing.TB) // stops a bot started by run, once
}

func newStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newFixture starts a fake Bot API, a store and a bot connected to both.
func newFixture(t testing.TB, edit ...func(*Options)) *fixture {
	t.Helper()
	f := &fixture{fake: tgfake.New(t), st: newStore(t), logs: &logBuffer{}}
	opt := Options{Token: tgfake.Token, APIURL: f.fake.URL, PollTimeout: 2 * time.Second, Workers: 3}
	for _, e := range edit {
		e(&opt)
	}
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := New(opt, f.st, logger)
	if err != nil {
		t.Fatal(err)
	}
	f.bot = b
	return f
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// run runs the bot with h until f.stop or the end of the test.
func (f *fixture) run(t testing.TB, h Handler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.bot.Run(ctx, h) }()
	var once sync.Once
	f.stop = func(t testing.TB) {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
		})
	}
	t.Cleanup(func() { f.stop(t) })
}

// recorder is a Handler that records what it is given and can be told to
// act on a message (panic, block, reply).
type recorder struct {
	mu   sync.Mutex
	msgs []duban.Message
	ch   chan duban.Message
	act  func(ctx context.Context, m duban.Message)
}

func newRecorder() *recorder { return &recorder{ch: make(chan duban.Message, 1000)} }

func (r *recorder) Handle(ctx context.Context, m duban.Message) {
	if r.act != nil {
		r.act(ctx, m)
	}
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	r.ch <- m
}

// wait returns the next n handled messages.
func (r *recorder) wait(t testing.TB, n int) []duban.Message {
	t.Helper()
	var out []duban.Message
	timeout := time.After(90 * time.Second)
	for len(out) < n {
		select {
		case m := <-r.ch:
			out = append(out, m)
		case <-timeout:
			t.Fatalf("handled %d messages, want %d", len(out), n)
		}
	}
	return out
}

func (r *recorder) all() []duban.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]duban.Message(nil), r.msgs...)
}
