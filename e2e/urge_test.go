package e2e

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/scheduler"
)

// The escalating 催办 of one overdue task across ten days with an injected
// clock, over the fake Bot API: day 1 a line, day 3 the 催办单 to the group
// — but day 3 is National Day, so it goes on the first workday after, with
// the leaders' step that is due by then — each step once, a restart the
// same day repeats nothing. One 分管领导 never opened a private chat with
// the bot: the group is asked once to have him /start. The other did, and
// then blocked the bot: Telegram answers 403, the 催办 is marked
// undelivered and the group is asked once, and the group is not paused.
func TestEscalationAcrossTenDays(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	ctx := context.Background()
	never := tgfake.User(20001, "赵局长", "zhaojz")   // never wrote to the bot
	blocked := tgfake.User(20002, "钱局长", "qianjz") // wrote once, then blocked it
	e.say(t, servedGroup, never, "大家好")            // seen in the group: his name is known
	e.say(t, tgfake.Private(blocked), blocked, "/start")
	e.say(t, servedGroup, member, "/iam 督导室")

	e.setNow(time.Date(2026, 9, 20, 9, 0, 0, 0, shanghai))
	task := duban.Item{PlanID: 1, ParentNumber: 1, Title: "完成校舍维修验收", Owner: "督导室", Deadline: duban.Date{Year: 2026, Month: 9, Day: 28}}
	if err := e.st.CreateItem(ctx, &task); err != nil {
		t.Fatal(err)
	}
	e.fake.Inject(tgfake.Fault{ChatID: blocked.ID, Code: 403, Description: "Forbidden: bot was blocked by the user"})

	logger := slog.New(slog.NewTextHandler(&schedulerLog{testLog{t: t}}, &slog.HandlerOptions{Level: slog.LevelError}))
	pol := access.New(access.Config{Admins: []int64{admin.ID}, Chats: []int64{servedGroup.ID},
		Units: duban.Units{{Name: "督导室", Aliases: []string{"督导"}, Leaders: []int64{never.ID, blocked.ID}}}}, e.st, e.bot, logger)
	// runDay starts a scheduler as "duban run" does at 09:01 of day, waits
	// for the outbox to drain and stops it: a day, or a restart.
	runDay := func(day string) {
		t.Helper()
		d, err := duban.ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		e.setNow(time.Date(d.Year, d.Month, d.Day, 9, 1, 0, 0, shanghai))
		s := scheduler.New(scheduler.Config{
			Specs: scheduler.Specs{Deadlines: "0 9 * * *"}, CatchUp: 6 * time.Hour, StaleDays: 14,
			GlobalPerSecond: 30, GroupPerMinute: 20, MaxAttempts: 3, Official: true,
			Loc: shanghai, Lang: "zh", ServedChats: []int64{servedGroup.ID}, Access: pol,
			UrgeSteps: duban.DefaultUrgeSteps(),
		}, e.st, e.bot, logger)
		s.Now = e.now
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		wctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		// The pass runs in the catch-up tick; the day is done once its mark
		// is written and the outbox is empty.
		for {
			done, err := e.st.DoneRuns(ctx, "urge", day)
			st, err2 := e.st.OutboxStats(ctx)
			if err != nil || err2 != nil {
				t.Fatal(err, err2)
			}
			workday := scheduler.NewCalendar(nil, nil, true).Workday(d)
			if (done[0] || !workday) && st.Pending == 0 {
				if !workday {
					time.Sleep(50 * time.Millisecond) // a holiday: give a wrong pass the time to show
				}
				return
			}
			if wctx.Err() != nil {
				t.Fatalf("%s: the pass did not finish: %+v", day, st)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	notices := func() (group, private int, hints []string) {
		for _, s := range e.fake.SentTo(servedGroup.ID) {
			switch {
			case strings.Contains(s.Text, "督办催办单") && strings.Contains(s.Text, "完成校舍维修验收"):
				group++
			case strings.Contains(s.Text, "未能私信"):
				hints = append(hints, s.Text)
			}
		}
		for _, s := range e.fake.SentTo(blocked.ID) {
			if strings.Contains(s.Text, "督办催办单") {
				private++
			}
		}
		return
	}
	steps := func() map[duban.UrgeKind]int {
		us, err := e.st.Urges(ctx, task.Number)
		if err != nil {
			t.Fatal(err)
		}
		out := map[duban.UrgeKind]int{}
		for _, u := range us {
			out[u.Kind]++
		}
		return out
	}

	runDay("2026-09-28") // due today: nothing
	if s := steps(); len(s) != 0 {
		t.Fatalf("on the deadline: %v", s)
	}
	runDay("2026-09-29") // day 1: the line
	runDay("2026-09-29") // a restart the same day
	if s := steps(); s[duban.UrgeLine] != 1 || s[duban.UrgeNotice] != 0 {
		t.Fatalf("day 1: %v", s)
	}
	runDay("2026-09-30") // day 2: nothing new
	for _, day := range []string{"2026-10-01", "2026-10-03", "2026-10-05", "2026-10-07"} {
		runDay(day) // National Day: no 催办 on a holiday
	}
	if s := steps(); s[duban.UrgeNotice] != 0 {
		t.Fatalf("a 催办单 went out on a holiday: %v", s)
	}
	if g, p, _ := notices(); g != 0 || p != 0 {
		t.Fatalf("before the holiday ended: %d group, %d private notices", g, p)
	}
	runDay("2026-10-08") // day 10, the first workday: the group's 催办单 and the leaders'
	runDay("2026-10-08") // a restart
	s := steps()
	if s[duban.UrgeLine] != 1 || s[duban.UrgeNotice] != 1 || s[duban.UrgeLeader] != 1 {
		t.Fatalf("day 10: %v", s)
	}
	group, private, hints := notices()
	if group != 1 {
		t.Errorf("%d 催办单 in the group, want 1", group)
	}
	if private != 0 {
		t.Errorf("the blocked leader got %d (the fake refuses them)", private)
	}
	// The group's 催办单: numbered, the unit's registered member mentioned,
	// the days overdue.
	for _, m := range e.fake.SentTo(servedGroup.ID) {
		if strings.Contains(m.Text, "督办催办单") {
			for _, want := range []string{"督办〔2026〕1号", "#8</b> 完成校舍维修验收", `tg://user?id=10002`, "逾期：<b>10天</b>", "尚无进展报送"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("催办单 lacks %q:\n%s", want, m.Text)
				}
			}
		}
	}
	// Each leader the bot could not reach is named to the group once.
	if len(hints) != 2 || !strings.Contains(strings.Join(hints, "\n"), "赵局长") || !strings.Contains(strings.Join(hints, "\n"), "钱局长") {
		t.Errorf("hints: %q", hints)
	}
	us, _ := e.st.Urges(ctx, task.Number)
	for _, u := range us {
		if u.Kind == duban.UrgeLeader && u.Failed == "" {
			t.Errorf("the leaders' 催办 is not marked undelivered: %+v", u)
		}
	}
	if c, err := e.st.Chat(ctx, servedGroup.ID); err != nil || c.Paused {
		t.Errorf("the group was paused: %+v %v", c, err)
	}
	if got := strings.Join(e.say(t, servedGroup, member, "/history 8"), "\n"); !strings.Contains(got, "催办：督办〔2026〕1号 催办单发到群里（逾期10天）") {
		t.Errorf("history:\n%s", got)
	}
	// A later day sends nothing more for the same deadline.
	runDay("2026-10-09")
	if g, _, h := notices(); g != 1 || len(h) != 2 {
		t.Errorf("the day after: %d notices, %d hints", g, len(h))
	}
}

// /urge: a plan admin's 催办单 now, once per item and day; a member may not.
func TestUrgeTwiceInOneDay(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	if got := e.say(t, servedGroup, member, "/urge 3"); len(got) != 1 || !strings.Contains(got[0], "只有计划管理员") {
		t.Fatalf("member's /urge: %q", got)
	}
	got := e.say(t, servedGroup, admin, "/urge 3 请本周五前办结")
	if len(got) != 1 || !strings.Contains(got[0], "督办催办单") || !strings.Contains(got[0], "督办〔2026〕1号") ||
		!strings.Contains(got[0], "附言：请本周五前办结") || !strings.Contains(got[0], "逾期：<b>5天</b>") {
		t.Fatalf("/urge: %q", got)
	}
	again := e.say(t, servedGroup, admin, "/urge 3")
	if len(again) != 1 || !strings.Contains(again[0], "今天已经催办过了（督办〔2026〕1号") {
		t.Fatalf("second /urge: %q", again)
	}
	us, err := e.st.Urges(context.Background(), 3)
	if err != nil || len(us) != 1 || us[0].Kind != duban.UrgeManual || us[0].ByName != "王芳" {
		t.Fatalf("urges on record: %+v %v", us, err)
	}
}
