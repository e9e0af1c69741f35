package scheduler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// The fixture's week: Monday 30 November 2026, 08:30 in Shanghai.
var monday = at("2026-11-30 08:30")

// logBuffer collects log lines for tests that check what was logged.
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

// clock is a settable time for the scheduler's decisions.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fixture is a database with a plan and served groups, a fake Bot API and
// the real bot adapter delivering to it.
type fixture struct {
	path   string
	st     *store.Store
	fake   *tgfake.Server
	bot    *bot.Bot
	clock  *clock
	logs   *logBuffer
	groups []int64
	cfg    Config
}

// groupID is the id of the i-th served group.
func groupID(i int) int64 { return -1001000000000 - int64(i) }

// newFixture serves n groups; each has a member of 督导室 registered.
func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "duban.db"), fake: tgfake.New(t), clock: &clock{t: monday}, logs: &logBuffer{}}
	f.st = f.openStore(t)
	ctx := context.Background()
	f.st.Now = func() time.Time { return at("2026-10-01 09:00") }
	p := duban.Plan{Name: "2026年工作要点", Year: 2026}
	if err := f.st.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	for _, it := range []duban.Item{
		{Title: "开展校园安全隐患排查", Owner: "督导室", Deadline: date("2026-12-03"), DeadlineText: "12月3日前"},
		{Title: "落实学生资助政策", Owner: "计财科", Deadline: date("2026-11-20")},
		{Title: "完成营养餐供餐招标", Owner: "督导室", Deadline: date("2026-12-31"), DeadlineText: "年内"},
	} {
		it.PlanID = p.ID
		if err := f.st.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
	}
	f.st.Now = time.Now
	for i := 0; i < n; i++ {
		id := groupID(i)
		f.groups = append(f.groups, id)
		if err := f.st.BindChat(ctx, id, true, 42); err != nil {
			t.Fatal(err)
		}
		if err := f.st.SetMember(ctx, duban.Member{ChatID: id, UserID: 500 + int64(i), Name: fmt.Sprintf("督导员%d", i), Department: "督导室"}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := bot.New(bot.Options{Token: tgfake.Token, APIURL: f.fake.URL}, f.st, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.bot = b
	f.cfg = Config{
		Specs:           Specs{Weekly: "30 8 * * 1", Deadlines: "0 9 * * *", Monthly: "0 9 1 * *"},
		CatchUp:         6 * time.Hour,
		StaleDays:       14,
		DeadlineDays:    []int{7, 3, 1},
		GlobalPerSecond: 200,
		GroupPerMinute:  20,
		MaxAttempts:     4,
		Inflight:        4,
		Loc:             shanghai,
		Lang:            "zh",
	}
	return f
}

func (f *fixture) openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// scheduler returns a scheduler over st (the fixture's store when nil)
// delivering through d (the bot when nil), deciding by the fixture's
// clock and retrying after 20 ms rather than 5 s.
func (f *fixture) scheduler(st *store.Store, d Deliverer) *Scheduler {
	if st == nil {
		st = f.st
	}
	if d == nil {
		d = f.bot
	}
	s := New(f.cfg, st, d, slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	s.Now = f.clock.Now
	s.Sender().RetryBase = 20 * time.Millisecond
	return s
}

// drain sends what the outbox holds, failing the test after 30 s.
func drain(t testing.TB, s *Scheduler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if n, err := s.Sender().Drain(ctx); err != nil || n != 0 {
		t.Fatalf("drain: %d pending, %v", n, err)
	}
}

// sentTo counts what the fake accepted per chat.
func (f *fixture) sentTo() map[int64][]tgfake.Sent {
	out := map[int64][]tgfake.Sent{}
	for _, m := range f.fake.Sent() {
		out[m.ChatID] = append(out[m.ChatID], m)
	}
	return out
}
