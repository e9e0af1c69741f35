package store

import (
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// TestPlanItemsAsOf follows three tasks through November — reports, a
// closing, an edit, an extension asked and approved, a deletion, an item
// added late — and reads the plan back as it stood at moments between:
// each item in its state then, with the time of its last report up to
// then.
func TestPlanItemsAsOf(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	clock := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	_, tasks := seed(t, s)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 2, 0, 0, 0, time.UTC) }
	report := func(n int, text string, pct int, done bool) {
		t.Helper()
		p := duban.Progress{ItemNumber: tasks[n].Number, Text: text, Percent: pct, Done: done}
		if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
			t.Fatal(err)
		}
	}
	clock = day(5)
	report(0, "已排查12所学校", 60, false)
	report(1, "已下发通知", duban.NoPercent, false)
	clock = day(10)
	ext := duban.Extension{ItemNumber: tasks[2].Number, Deadline: date("2027-01-31"), DeadlineText: "明年1月底前", Reason: "资金未到位"}
	if err := s.RequestExtension(ctx, &ext, duban.DateOf(clock)); err != nil {
		t.Fatal(err)
	}
	clock = day(12)
	report(0, "排查完毕", duban.NoPercent, true)
	if _, err := s.UpdateItem(ctx, tasks[1].Number, func(it *duban.Item) error { it.Owner = "督导室"; return nil }); err != nil {
		t.Fatal(err)
	}
	clock = day(15)
	if _, err := s.DeleteItem(ctx, tasks[1].Number); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DecideExtension(ctx, ext.ID, true); err != nil {
		t.Fatal(err)
	}
	late := duban.Item{PlanID: tasks[0].PlanID, Title: "补充任务", Owner: "办公室"}
	if err := s.CreateItem(ctx, &late); err != nil {
		t.Fatal(err)
	}
	clock = day(20)

	type state struct {
		present    bool
		status     duban.Status
		percent    int
		owner      string
		deadline   string
		lastReport time.Time
	}
	open, doing, done := duban.StatusTodo, duban.StatusDoing, duban.StatusDone
	for _, c := range []struct {
		at   time.Time
		want map[int]state // by item number
	}{
		{day(1).Add(time.Hour), map[int]state{
			tasks[0].Number: {true, open, 0, "安全科", "2026-11-30", time.Time{}},
			tasks[1].Number: {true, open, 0, "计财科", "2026-11-20", time.Time{}},
			tasks[2].Number: {true, open, 0, "督导室", "2026-12-31", time.Time{}},
			late.Number:     {},
		}},
		{day(6), map[int]state{
			tasks[0].Number: {true, doing, 60, "安全科", "2026-11-30", day(5)},
			tasks[1].Number: {true, doing, 0, "计财科", "2026-11-20", day(5)},
			tasks[2].Number: {true, open, 0, "督导室", "2026-12-31", time.Time{}},
		}},
		{day(5).Add(-time.Millisecond), map[int]state{ // the last moment before the reports
			tasks[0].Number: {true, open, 0, "安全科", "2026-11-30", time.Time{}},
		}},
		{day(13), map[int]state{
			tasks[0].Number: {true, done, 100, "安全科", "2026-11-30", day(12)},
			tasks[1].Number: {true, doing, 0, "督导室", "2026-11-20", day(5)},
			tasks[2].Number: {true, open, 0, "督导室", "2026-12-31", time.Time{}},
			late.Number:     {},
		}},
		{day(20), map[int]state{
			tasks[0].Number: {true, done, 100, "安全科", "2026-11-30", day(12)},
			tasks[1].Number: {},
			tasks[2].Number: {true, open, 0, "督导室", "2027-01-31", time.Time{}},
			late.Number:     {true, open, 0, "办公室", "", time.Time{}},
		}},
	} {
		items, err := s.PlanItemsAsOf(ctx, 0, c.at)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]duban.Item{}
		for _, it := range items {
			got[it.Number] = it
		}
		for n, w := range c.want {
			it, ok := got[n]
			if ok != w.present {
				t.Errorf("as of %s: #%d listed %v, want %v", c.at, n, ok, w.present)
				continue
			}
			if !ok {
				continue
			}
			if it.Status != w.status || it.Percent != w.percent || it.Owner != w.owner || it.Deadline.String() != w.deadline ||
				!it.LastReportAt.Equal(w.lastReport) {
				t.Errorf("as of %s: #%d is %s %d%% %s due %s last report %s, want %s %d%% %s due %s last report %s", c.at, n,
					it.Status, it.Percent, it.Owner, it.Deadline, it.LastReportAt, w.status, w.percent, w.owner, w.deadline, w.lastReport)
			}
		}
	}

	// Now, the past is the present.
	asOf, err := s.PlanItemsAsOf(ctx, 0, clock)
	if err != nil {
		t.Fatal(err)
	}
	now, err := s.PlanItems(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(asOf) != len(now) {
		t.Fatalf("%d items as of now, %d now", len(asOf), len(now))
	}
	for i := range now {
		if a, b := duban.SnapshotOf(asOf[i]), duban.SnapshotOf(now[i]); !sameSnapshot(a, b) || !asOf[i].LastReportAt.Equal(now[i].LastReportAt) {
			t.Errorf("#%d as of now %+v, now %+v", now[i].Number, asOf[i], now[i])
		}
	}
}

// TestPlanItemsAsOfClockBack: when the clock went back, a change recorded
// later with an earlier time still counts by its time.
func TestPlanItemsAsOfClockBack(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	clock := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	_, tasks := seed(t, s)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 2, 0, 0, 0, time.UTC) }
	report := func(n, pct int) {
		t.Helper()
		p := duban.Progress{ItemNumber: tasks[n].Number, Text: "进展", Percent: pct}
		if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
			t.Fatal(err)
		}
	}
	clock = day(20)
	report(1, 10) // another task, first after the 19th
	clock = day(18)
	report(0, 30) // the clock went back: recorded after, dated before
	clock = day(21)
	report(0, 50)
	items, err := s.PlanItemsAsOf(ctx, 0, day(19))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Number == tasks[0].Number && (it.Percent != 30 || !it.LastReportAt.Equal(day(18))) {
			t.Errorf("as of the 19th #%d is at %d%%, last report %s; want 30%% on the 18th", it.Number, it.Percent, it.LastReportAt)
		}
	}
}
