// Package e2e tests duban end to end: the real bot adapter, handlers and
// SQLite store, with the real go-telegram/bot client talking to the fake
// Bot API server. Tests push updates as Telegram would and read what the
// bot sent, as group members would.
package e2e

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
)

// now is Wednesday 25 November 2026, 10:00 in Shanghai: this week runs
// from Monday the 23rd to Sunday the 29th.
var now = time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// The chats and people of the tests.
var (
	servedGroup = tgfake.Group(-1001000000001, "县教育局重点工作推进群")
	otherGroup  = tgfake.Group(-1001000000002, "家长群")
	member      = tgfake.User(10002, "张敏", "zhangmin")
	groupAdmin  = tgfake.User(10001, "刘洋", "liuyang")  // a Telegram administrator of the groups it is made one of
	admin       = tgfake.User(10000, "王芳", "wangfang") // a plan admin (access.admins)
)

type env struct {
	fake   *tgfake.Server
	st     *store.Store
	bot    *bot.Bot
	access *access.Policy
	done   *doneHandler
	clock  atomic.Pointer[time.Time] // the store's time when set; now otherwise
}

// now is the store's clock: the fixed test day unless a test moves it
// with setNow, which is safe while the bot runs.
func (e *env) now() time.Time {
	if c := e.clock.Load(); c != nil {
		return *c
	}
	return now
}

func (e *env) setNow(t time.Time) { e.clock.Store(&t) }

// doneHandler wraps the real handler and tells when an update was handled:
// the replies are sent by then, since Send returns after Telegram accepted
// them.
type doneHandler struct {
	h    *handlers.Handler
	mu   sync.Mutex
	seen map[int64]chan struct{}
	n    chan struct{}
}

func (d *doneHandler) Handle(ctx context.Context, m duban.Message) {
	d.h.Handle(ctx, m)
	close(d.ch(m.UpdateID))
	if d.n != nil {
		d.n <- struct{}{}
	}
}

func (d *doneHandler) ch(id int64) chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.seen[id]
	if !ok {
		c = make(chan struct{})
		d.seen[id] = c
	}
	return c
}

// seed writes a small plan:
//
//	#1 一 校园安全
//	  #2 开展校园安全隐患排查   安全稳定科   11-27 (this week)
//	  #3 落实学生资助政策       计划财务科   11-20 (overdue)
//	  #4 完成营养餐供餐招标     督导室       12-02 (next week)
//	#5 二 教师队伍
//	  #6 组织新教师岗前培训     教师发展中心 12-31
//	  #7 开展中小学办学水平督导评估 督导室   11-29 (Sunday, this week)
func seed(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	p := duban.Plan{Name: "2026年教育工作要点", Year: 2026}
	if err := st.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	d := func(s string) duban.Date {
		v, err := duban.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, it := range []duban.Item{
		{Kind: duban.KindSection, Code: "一", Title: "校园安全"},
		{ParentNumber: 1, Code: "一.1", Title: "开展校园安全隐患排查", Owner: "安全稳定科", Deadline: d("2026-11-27"), DeadlineText: "11月27日前"},
		{ParentNumber: 1, Code: "一.2", Title: "落实学生资助政策", Owner: "计划财务科", Deadline: d("2026-11-20"), DeadlineText: "11月20日前"},
		{ParentNumber: 1, Code: "一.3", Title: "完成营养餐供餐招标", Owner: "督导室", Deadline: d("2026-12-02"), DeadlineText: "12月2日前"},
		{Kind: duban.KindSection, Code: "二", Title: "教师队伍"},
		{ParentNumber: 5, Code: "二.1", Title: "组织新教师岗前培训", Owner: "教师发展中心", Deadline: d("2026-12-31"), DeadlineText: "年内"},
		{ParentNumber: 5, Code: "二.2", Title: "开展中小学办学水平督导评估", Owner: "督导室", Deadline: d("2026-11-29"), DeadlineText: "11月底前"},
	} {
		it.PlanID = p.ID
		if err := st.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
	}
}

// newEnv starts the fake Bot API and runs the bot on a seeded store until
// the test ends, wired as "duban run" wires it (files for /import
// included). served are the groups served without /bind.
func newEnv(t testing.TB, workers int, served ...int64) *env {
	t.Helper()
	return newEnvWith(t, workers, nil, served...)
}

// newEnvWith is newEnv with the handlers' dependencies changed by deps
// (evidence options, for one) before the bot starts.
func newEnvWith(t testing.TB, workers int, deps func(*handlers.Deps), served ...int64) *env {
	t.Helper()
	e := &env{fake: tgfake.New(t)}
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = e.now
	e.st = st
	seed(t, st)
	logger := slog.New(slog.NewTextHandler(&testLog{t: t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	b, err := bot.New(bot.Options{Token: tgfake.Token, APIURL: e.fake.URL, PollTimeout: 2 * time.Second, Workers: workers}, st, logger)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	e.bot = b
	e.access = access.New(access.Config{Admins: []int64{admin.ID}, Chats: served}, st, b, logger)
	// The scheduler renders /briefing and reads /settings; its sender is
	// not started here.
	sched := scheduler.New(scheduler.Config{Loc: shanghai, Lang: "zh", ServedChats: served, Access: e.access}, st, b, logger)
	sched.Now = func() time.Time { return now }
	d := handlers.Deps{
		Store: st, Sender: b, Access: e.access, Files: b, ImportMaxBytes: 1 << 20, Lang: "zh", Loc: shanghai,
		BotUsername: b.Username(), Now: func() time.Time { return now }, Logger: logger, Scheduler: sched,
	}
	if deps != nil {
		deps(&d)
	}
	h := handlers.New(d)
	e.done = &doneHandler{h: h, seen: map[int64]chan struct{}{}}
	ran := make(chan error, 1)
	go func() { ran <- b.Run(ctx, e.done) }()
	// Cleanups run last-in first-out: stop the bot, then close the store.
	t.Cleanup(func() { st.Close() })
	t.Cleanup(func() {
		cancel()
		if err := <-ran; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return e
}

// say sends text from user in chat and returns the bot's replies, as HTML,
// once the update was handled.
func (e *env) say(t testing.TB, chat models.Chat, user models.User, text string) []string {
	t.Helper()
	before := len(e.fake.SentTo(chat.ID))
	id := e.fake.PushText(chat, user, text)
	e.wait(t, id)
	var out []string
	for _, s := range e.fake.SentTo(chat.ID)[before:] {
		out = append(out, s.Text)
	}
	return out
}

// wait waits until update id was handled.
func (e *env) wait(t testing.TB, id int64) {
	t.Helper()
	select {
	case <-e.done.ch(id):
	case <-time.After(90 * time.Second):
		t.Fatalf("update %d not handled", id)
	}
}

// testLog writes the bot's warnings and errors into the test log; the
// test fails on an error.
type testLog struct {
	t  testing.TB
	mu sync.Mutex
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	line := strings.TrimSpace(string(p))
	if strings.Contains(line, "level=ERROR") {
		l.t.Errorf("bot logged an error: %s", line)
	} else {
		l.t.Log(line)
	}
	return len(p), nil
}
