package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/scheduler"
)

// TestWeeklyReminderReachesEachServedGroupOnce: a member registers with
// /iam, a plan admin binds a second group with /bind, and the scheduler built as
// "duban run" builds it (the bot's Deliver, access.chats as ServedChats)
// makes up the weekly reminder on start. Each group gets it once, the
// registered member mentioned; firing the job again, also from a second
// scheduler as after a restart, sends nothing more.
func TestWeeklyReminderReachesEachServedGroupOnce(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	ctx := context.Background()
	bound := tgfake.Group(-1001000000003, "城关镇中心校")
	e.fake.SetAdmin(bound.ID, groupAdmin.ID)
	if r := e.say(t, servedGroup, member, "/iam 督导室"); len(r) != 1 || !strings.Contains(r[0], "已登记：张敏 — <b>督导室</b>") {
		t.Fatalf("/iam: %q", r)
	}
	if r := e.say(t, bound, admin, "/bind"); len(r) != 1 {
		t.Fatalf("/bind: %q", r)
	}
	before := map[int64]int{servedGroup.ID: len(e.fake.SentTo(servedGroup.ID)), bound.ID: len(e.fake.SentTo(bound.ID))}

	logger := slog.New(slog.NewTextHandler(&schedulerLog{testLog{t: t}}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	newScheduler := func() *scheduler.Scheduler {
		s := scheduler.New(scheduler.Config{
			// Only the weekly job: today's 09:00 deadline nudge would be
			// made up too.
			Specs:   scheduler.Specs{Weekly: "0 10 * * 3"},
			CatchUp: 6 * time.Hour, StaleDays: 14, DeadlineDays: []int{7, 3, 1},
			GlobalPerSecond: 30, GroupPerMinute: 20, MaxAttempts: 8,
			Loc: shanghai, Lang: "zh", ServedChats: []int64{servedGroup.ID}, Access: e.access,
		}, e.st, e.bot, logger)
		s.Now = func() time.Time { return now.Add(time.Minute) } // Wednesday 10:01, just after the weekly spec fired
		return s
	}
	sched := newScheduler()
	if err := sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sched.Stop) // before the store closes

	wctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	reminders := map[int64]string{}
	for _, chat := range []int64{servedGroup.ID, bound.ID} {
		sent, err := e.fake.WaitSentTo(wctx, chat, before[chat]+1)
		if err != nil {
			t.Fatalf("no reminder in chat %d: %v", chat, err)
		}
		reminders[chat] = sent[before[chat]].Text
	}
	mention := fmt.Sprintf(`<b>督导室</b> <a href="tg://user?id=%d">张敏</a>`, member.ID)
	for chat, text := range reminders {
		if !strings.Contains(text, "每周工作提醒") || !strings.Contains(text, "<b>#7</b> 开展中小学办学水平督导评估") || !strings.Contains(text, "已逾期") {
			t.Errorf("chat %d got:\n%s", chat, text)
		}
		if _, err := tgfake.ParseHTML(text); err != nil {
			t.Errorf("chat %d: reminder is not valid HTML: %v", chat, err)
		}
		if got := strings.Contains(text, mention); got != (chat == servedGroup.ID) {
			t.Errorf("chat %d: mention of the registered member %v:\n%s", chat, got, text)
		}
	}
	if !strings.Contains(reminders[bound.ID], "以下单位在本群尚无成员登记") {
		t.Errorf("the bound group is not told how to register:\n%s", reminders[bound.ID])
	}

	// The sender records each answer just after Telegram gave it.
	for st, err := e.st.OutboxStats(ctx); st.Pending != 0 || err != nil; st, err = e.st.OutboxStats(ctx) {
		if err != nil || wctx.Err() != nil {
			t.Fatalf("outbox not drained: %+v, %v", st, err)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Fired again, and after a restart: nothing more is written.
	for i, s := range []*scheduler.Scheduler{sched, newScheduler()} {
		msgs, err := s.RunNow(ctx, scheduler.Weekly, 0, false)
		if err != nil || len(msgs) != 0 {
			t.Fatalf("firing %d wrote %d messages: %v", i+2, len(msgs), err)
		}
	}
	done, err := e.st.DoneRuns(ctx, string(scheduler.Weekly), "2026-W48")
	if err != nil || len(done) != 2 || !done[servedGroup.ID] || !done[bound.ID] {
		t.Fatalf("done runs %v, %v", done, err)
	}
	if st, err := e.st.OutboxStats(ctx); err != nil || st.Pending != 0 {
		t.Fatalf("outbox %+v, %v", st, err)
	}
	// Nothing is pending and the period is done: what was sent is all
	// there will be.
	for _, chat := range []int64{servedGroup.ID, bound.ID} {
		if n := len(e.fake.SentTo(chat)) - before[chat]; n != 1 {
			t.Errorf("chat %d got %d messages, want the reminder once", chat, n)
		}
	}
}

// schedulerLog is testLog for the scheduler, except that an error caused by
// the test's end is not a failure: Stop cancels the catch-up tick's
// context, and a tick still pruning the outbox then logs "context
// canceled" at level ERROR.
type schedulerLog struct{ testLog }

func (l *schedulerLog) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "level=ERROR") && strings.Contains(string(p), "context canceled") {
		l.t.Log(strings.TrimSpace(string(p)))
		return len(p), nil
	}
	return l.testLog.Write(p)
}
