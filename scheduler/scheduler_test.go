package scheduler

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/xuri/excelize/v2"
)

// TestWeeklyReachesEveryGroupOnce fans the weekly reminder out to 40
// groups through the real bot adapter and a fake Bot API that enforces
// Telegram's limits and fails some sends: a 429, server errors, a group
// that removed the bot and a group that became a supergroup.
func TestWeeklyReachesEveryGroupOnce(t *testing.T) {
	f := newFixture(t, 40)
	f.fake.SetLimits(tgfake.Limits{PerSecond: 200, PerChatMinute: 20})
	busy, flaky, kicked, upgraded := f.groups[1], f.groups[2], f.groups[3], f.groups[4]
	const super = -1009999999999
	f.fake.Inject(tgfake.TooManyRequests(busy, 1, 1))
	f.fake.Inject(tgfake.ServerError(flaky, 2))
	f.fake.Inject(tgfake.Kicked(kicked))
	f.fake.Inject(tgfake.Migrated(upgraded, super))

	s := f.scheduler(nil, nil)
	ctx := context.Background()
	s.tick(ctx, Weekly)
	drain(t, s)

	got := f.sentTo()
	for _, g := range f.groups {
		want := 1
		if g == kicked || g == upgraded {
			want = 0
		}
		if n := len(got[g]); n != want {
			t.Errorf("group %d got %d messages, want %d", g, n, want)
		}
	}
	if n := len(got[super]); n != 1 {
		t.Errorf("the supergroup got %d messages, want 1", n)
	}
	t.Run("what the group reads", func(t *testing.T) {
		m := got[f.groups[0]][0]
		for _, want := range []string{"每周工作提醒", "<b>#1</b> 开展校园安全隐患排查", `<a href="tg://user?id=500">督导员0</a>`, "已逾期", "未报送"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("missing %q in\n%s", want, m.Text)
			}
		}
		if m.ParseMode != "HTML" {
			t.Errorf("parse mode %q", m.ParseMode)
		}
	})
	t.Run("the kicked group is paused and the upgraded one moved", func(t *testing.T) {
		served, _ := f.st.ServedChats(ctx, nil)
		ids := map[int64]bool{}
		for _, c := range served {
			ids[c.ID] = true
		}
		if ids[kicked] || ids[upgraded] || !ids[super] {
			t.Errorf("served: kicked %v, old id %v, new id %v", ids[kicked], ids[upgraded], ids[super])
		}
		st, _ := f.st.OutboxStats(ctx)
		if st.Pending != 0 || st.Dead != 0 {
			t.Errorf("outbox: %+v", st)
		}
	})
	t.Run("limits were kept", func(t *testing.T) {
		if st := f.fake.Stats(); st.RateLimited != 0 {
			t.Errorf("the fake refused %d sends for going too fast", st.RateLimited)
		}
	})
	t.Run("firing again in the week sends nothing", func(t *testing.T) {
		before := f.fake.SentCount()
		for i := 0; i < 10; i++ {
			f.clock.Set(monday.Add(time.Duration(i) * 13 * time.Hour))
			s.tick(ctx, Jobs...)
		}
		if msgs, err := s.RunNow(ctx, Weekly, 0, false); err != nil || len(msgs) != 0 {
			t.Errorf("RunNow in a done week: %d messages, %v", len(msgs), err)
		}
		drain(t, s)
		for _, m := range f.fake.Sent()[before:] {
			if strings.Contains(m.Text, "每周工作提醒") {
				t.Fatalf("a second weekly reminder went to %d", m.ChatID)
			}
		}
	})
}

// TestFiredTenTimesInAWeek: ten ticks and a RunNow in one week send one
// weekly reminder per group; the next week sends the next one.
func TestFiredTenTimesInAWeek(t *testing.T) {
	f := newFixture(t, 5)
	f.cfg.Specs = Specs{Weekly: "@every 30s"} // fires at every tick
	s := f.scheduler(nil, nil)
	ctx := context.Background()
	for i := 0; i < 10; i++ {
		f.clock.Set(monday.Add(time.Duration(i) * 15 * time.Hour))
		s.tick(ctx, Jobs...)
		s.RunNow(ctx, Weekly, 0, false)
	}
	drain(t, s)
	weekly := func() map[int64]int {
		n := map[int64]int{}
		for _, m := range f.fake.Sent() {
			if strings.Contains(m.Text, "每周工作提醒") {
				n[m.ChatID]++
			}
		}
		return n
	}
	for _, g := range f.groups {
		if got := weekly()[g]; got != 1 {
			t.Errorf("group %d: %d weekly reminders in one week", g, got)
		}
	}
	f.clock.Set(monday.Add(7 * 24 * time.Hour))
	s.tick(ctx, Weekly)
	drain(t, s)
	for _, g := range f.groups {
		if got := weekly()[g]; got != 2 {
			t.Errorf("group %d: %d weekly reminders after two weeks", g, got)
		}
	}
}

// crashingDeliverer delivers through the bot; once after sends have gone
// out it "crashes": every later send reaches Telegram but its answer never
// comes back, like a process killed between Telegram's answer and the
// outbox mark.
type crashingDeliverer struct {
	d       Deliverer
	after   int64
	sent    atomic.Int64
	crashed chan struct{}
	once    sync.Once
	hold    chan struct{} // closed at the end of the test
	lost    atomic.Int64  // sends that reached Telegram unrecorded
}

func (c *crashingDeliverer) Deliver(ctx context.Context, m duban.Outgoing) (int, error) {
	if c.sent.Load() >= c.after {
		c.once.Do(func() { close(c.crashed) })
		id, err := c.d.Deliver(ctx, m)
		if err == nil {
			c.lost.Add(1)
		}
		<-c.hold
		return id, errors.New("process died")
	}
	id, err := c.d.Deliver(ctx, m)
	if err == nil {
		c.sent.Add(1)
	}
	return id, err
}

// TestRestartMidFanOut stops the sender after some sends — gracefully,
// and by a simulated crash — and restarts a new scheduler on the same
// database file: every group gets its reminder, none twice except the
// messages in flight at a crash (at most one per group).
func TestRestartMidFanOut(t *testing.T) {
	const groups = 30
	t.Run("graceful stop repeats nothing", func(t *testing.T) {
		f := newFixture(t, groups)
		ctx, cancel := context.WithCancel(context.Background())
		counting := &countingDeliverer{d: f.bot, stopAfter: 12, stop: cancel}
		s := f.scheduler(nil, counting)
		s.tick(ctx, Weekly)
		s.Sender().Run(ctx) // returns after the 12th send, in-flight ones answered
		if n := f.fake.SentCount(); n < 12 || n >= groups {
			t.Fatalf("%d sent before the stop", n)
		}
		restarted := f.scheduler(f.openStore(t), nil)
		restarted.tick(context.Background(), Weekly) // the period is done: nothing new
		drain(t, restarted)
		for _, g := range f.groups {
			if n := len(f.sentTo()[g]); n != 1 {
				t.Errorf("group %d got %d messages", g, n)
			}
		}
		if t.Failed() {
			t.Log(f.logs.String())
		}
	})
	t.Run("crash repeats at most the messages in flight", func(t *testing.T) {
		f := newFixture(t, groups)
		crash := &crashingDeliverer{d: f.bot, after: 10, crashed: make(chan struct{}), hold: make(chan struct{})}
		defer close(crash.hold)
		s := f.scheduler(nil, crash)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s.tick(ctx, Weekly)
		go s.Sender().Run(ctx)
		select {
		case <-crash.crashed:
		case <-time.After(90 * time.Second):
			t.Fatal("no crash")
		}
		// Let every send slot fill with a send that reaches Telegram and
		// never hears back.
		for deadline := time.Now().Add(10 * time.Second); crash.lost.Load() < int64(f.cfg.Inflight); {
			if time.Now().After(deadline) {
				t.Fatalf("only %d sends in flight at the crash", crash.lost.Load())
			}
			runtime.Gosched()
			time.Sleep(time.Millisecond)
		}
		// The "dead" process is abandoned as it is; a new one opens the file.
		restarted := f.scheduler(f.openStore(t), nil)
		restarted.tick(context.Background(), Weekly)
		drain(t, restarted)
		twice := 0
		for _, g := range f.groups {
			switch n := len(f.sentTo()[g]); n {
			case 1:
			case 2:
				twice++
			default:
				t.Errorf("group %d got %d messages", g, n)
			}
		}
		if twice != int(crash.lost.Load()) || twice > f.cfg.Inflight {
			t.Errorf("%d groups got the reminder twice; %d were in flight at the crash, at most %d may be", twice, crash.lost.Load(), f.cfg.Inflight)
		}
		t.Logf("crash after 10 sends: %d in-flight messages repeated", twice)
	})
}

// countingDeliverer stops the sender's context after stopAfter sends.
type countingDeliverer struct {
	d         Deliverer
	stopAfter int64
	n         atomic.Int64
	stop      context.CancelFunc
}

func (c *countingDeliverer) Deliver(ctx context.Context, m duban.Outgoing) (int, error) {
	id, err := c.d.Deliver(ctx, m)
	if err == nil && c.n.Add(1) == c.stopAfter {
		c.stop()
	}
	return id, err
}

// TestCatchUpOnStart starts the scheduler after the weekly 08:30 was
// missed: back at 10:00 it runs; back after the 6 h window it is skipped
// and logged.
func TestCatchUpOnStart(t *testing.T) {
	tests := []struct {
		name   string
		back   time.Time
		sent   bool
		logged bool
	}{
		{"back at 10:00", at("2026-11-30 10:00"), true, false},
		{"back at 15:00", at("2026-11-30 15:00"), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 3)
			f.cfg.Specs = Specs{Weekly: "30 8 * * 1"}
			f.clock.Set(tt.back)
			s := f.scheduler(nil, nil)
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			if tt.sent {
				if _, err := f.fake.WaitSent(ctx, 3); err != nil {
					t.Fatalf("catch-up did not send: %v", err)
				}
			} else {
				for !strings.Contains(f.logs.String(), "run missed while down") && ctx.Err() == nil {
					time.Sleep(10 * time.Millisecond)
				}
			}
			s.Stop()
			if got := f.fake.SentCount(); (got == 3) != tt.sent {
				t.Errorf("sent %d", got)
			}
			logged := strings.Contains(f.logs.String(), "run missed while down")
			if logged != tt.logged {
				t.Errorf("missed run logged = %v\n%s", logged, f.logs.String())
			}
			if tt.logged && !strings.Contains(f.logs.String(), "chats=3") {
				t.Errorf("the log does not say how many chats missed it:\n%s", f.logs.String())
			}
		})
	}
}

// TestMonthlyBriefingWithLedger: the monthly job sends the briefing and
// then the ledger file, which opens; /briefing renders without marking.
func TestMonthlyBriefingWithLedger(t *testing.T) {
	f := newFixture(t, 2)
	f.clock.Set(at("2026-12-01 09:00"))
	s := f.scheduler(nil, nil)
	s.Opening = func(ctx context.Context, from, to duban.Date) (string, error) {
		return "11月份，各单位扎实推进<工作>。", nil
	}
	ctx := context.Background()

	t.Run("on demand marks nothing", func(t *testing.T) {
		msgs, err := s.Briefing(ctx, f.groups[0], date("2026-12-01"))
		if err != nil || len(msgs) != 2 || !strings.Contains(msgs[0].Text, "2026年12月工作通报（截至12月1日）") {
			t.Fatalf("Briefing = %d messages, %v: %+v", len(msgs), err, msgs)
		}
		if msgs[1].File == nil || msgs[1].ChatID != f.groups[0] {
			t.Errorf("ledger message: %+v", msgs[1])
		}
		if done, _ := f.st.DoneRuns(ctx, "monthly", "2026-11"); len(done) != 0 {
			t.Errorf("Briefing marked runs: %v", done)
		}
	})
	t.Run("dry run writes nothing", func(t *testing.T) {
		msgs, err := s.RunNow(ctx, Monthly, 0, true)
		if err != nil || len(msgs) != 4 {
			t.Fatalf("dry run = %d messages, %v", len(msgs), err)
		}
		if st, _ := f.st.OutboxStats(ctx); st.Pending != 0 {
			t.Errorf("dry run enqueued %d", st.Pending)
		}
	})
	s.tick(ctx, Monthly)
	drain(t, s)
	for _, g := range f.groups {
		msgs := f.sentTo()[g]
		if len(msgs) != 2 {
			t.Fatalf("group %d got %d messages", g, len(msgs))
		}
		if !strings.Contains(msgs[0].Text, "2026年11月工作通报") || !strings.Contains(msgs[0].Text, "11月份，各单位扎实推进&lt;工作&gt;。") {
			t.Errorf("briefing:\n%s", msgs[0].Text)
		}
		// The ledger of November as it stood on its last day.
		if msgs[1].Method != "sendDocument" || msgs[1].FileName != "台账-2026-11-30.xlsx" || !strings.Contains(msgs[1].Text, "台账（截至11月30日）") {
			t.Errorf("ledger: %s %q %q", msgs[1].Method, msgs[1].FileName, msgs[1].Text)
		}
		x, err := excelize.OpenReader(bytes.NewReader(msgs[1].File))
		if err != nil {
			t.Fatalf("the ledger does not open: %v", err)
		}
		rows, _ := x.GetRows("台账")
		x.Close()
		if len(rows) != 4 || rows[1][1] != "开展校园安全隐患排查" {
			t.Errorf("ledger rows: %q", rows)
		}
	}
	if n, err := s.RunNow(ctx, Monthly, 0, false); err != nil || len(n) != 0 {
		t.Errorf("second monthly run: %d, %v", len(n), err)
	}
}

// TestDeadlinesQuietDay: with nothing due in 7, 3 or 1 days and nothing
// overdue, no message goes out and the day is done.
func TestDeadlinesQuietDay(t *testing.T) {
	f := newFixture(t, 2)
	ctx := context.Background()
	// Close the overdue task; on 2026-11-25 the others are due in 8 and 36 days.
	if _, err := f.st.UpdateItem(ctx, 2, func(it *duban.Item) error { it.Status = duban.StatusDone; return nil }); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(at("2026-11-25 09:00"))
	s := f.scheduler(nil, nil)
	s.tick(ctx, Deadlines)
	drain(t, s)
	if n := f.fake.SentCount(); n != 0 {
		t.Errorf("a quiet day sent %d messages", n)
	}
	if done, _ := f.st.DoneRuns(ctx, "deadlines", "2026-11-25"); len(done) != 2 {
		t.Errorf("quiet day not marked done: %v", done)
	}
	f.clock.Set(at("2026-11-30 09:00")) // #1 due in 3 days
	s.tick(ctx, Deadlines)
	drain(t, s)
	// Not started three days before its deadline: far behind, red.
	if got := f.sentTo()[f.groups[0]]; len(got) != 1 || !strings.Contains(got[0].Text, "🔴 <b>#1</b>") {
		t.Errorf("deadline nudge: %+v", got)
	}
}

// TestRunNowOneChat: RunNow for a chat id sends there only, even when the
// chat switched the job off.
func TestRunNowOneChat(t *testing.T) {
	f := newFixture(t, 3)
	ctx := context.Background()
	f.st.SetChatSettings(ctx, f.groups[1], duban.ChatSettings{WeeklyOff: true})
	s := f.scheduler(nil, nil)
	msgs, err := s.RunNow(ctx, Weekly, f.groups[1], false)
	if err != nil || len(msgs) != 1 || msgs[0].ChatID != f.groups[1] {
		t.Fatalf("RunNow = %+v, %v", msgs, err)
	}
	all, _ := s.RunNow(ctx, Weekly, 0, true)
	if len(all) != 2 {
		t.Errorf("dry run for all chats: %d messages, want 2 (one chat is off)", len(all))
	}
	for _, g := range f.groups {
		f.st.BindChat(ctx, g, false, 42)
	}
	if msgs, err := s.RunNow(ctx, Monthly, 0, false); err != nil || len(msgs) != 0 {
		t.Errorf("RunNow with no served chat: %d, %v", len(msgs), err)
	}
	if _, err := s.RunNow(ctx, Job("hourly"), 0, true); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("unknown job: %v", err)
	}
	drain(t, s)
	if n := f.fake.SentCount(); n != 1 {
		t.Errorf("sent %d", n)
	}
}

// blockingDeliverer holds every send until released.
type blockingDeliverer struct {
	d       Deliverer
	entered chan struct{}
	release chan struct{}
}

func (b *blockingDeliverer) Deliver(ctx context.Context, m duban.Outgoing) (int, error) {
	b.entered <- struct{}{}
	<-b.release
	return b.d.Deliver(ctx, m)
}

// TestStopWaitsForTheMessageInFlight: Stop returns only after the message
// being sent was answered and recorded, so a stop repeats nothing.
func TestStopWaitsForTheMessageInFlight(t *testing.T) {
	f := newFixture(t, 1)
	f.cfg.Specs = Specs{Weekly: "30 8 * * 1"}
	bd := &blockingDeliverer{d: f.bot, entered: make(chan struct{}, 1), release: make(chan struct{})}
	s := f.scheduler(nil, bd)
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-bd.entered:
	case <-time.After(60 * time.Second):
		t.Fatal("nothing was sent")
	}
	stopped := make(chan struct{})
	go func() { s.Stop(); close(stopped) }()
	close(bd.release)
	<-stopped
	st, err := f.st.OutboxStats(context.Background())
	if err != nil || st.Pending != 0 || f.fake.SentCount() != 1 {
		t.Errorf("after Stop: %+v, %v, %d sent", st, err, f.fake.SentCount())
	}
}
