package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// TestOpenTasks: the open tasks in plan order — no section, no closed,
// cancelled or deleted task — and, asked for, those closed since a moment;
// in a group's scope, only that scope's.
func TestOpenTasks(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	clock := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	_, tasks := seed(t, s) // 安全科, 计财科 (督导室 partners), 督导室
	more := []duban.Item{{Title: "开展教师培训", Owner: "人事科"}, {Title: "完成校舍维修", Owner: "安全科"}}
	for i := range more {
		more[i].PlanID = tasks[0].PlanID
		if err := s.CreateItem(ctx, &more[i]); err != nil {
			t.Fatal(err)
		}
	}
	closeTask := func(n int) {
		t.Helper()
		p := duban.Progress{ItemNumber: n, Text: "已完成", Percent: duban.NoPercent, Done: true}
		if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
			t.Fatal(err)
		}
	}
	clock = time.Date(2026, 11, 5, 2, 0, 0, 0, time.UTC)
	closeTask(tasks[0].Number)
	clock = time.Date(2026, 11, 9, 2, 0, 0, 0, time.UTC)
	closeTask(tasks[1].Number)
	if _, err := s.UpdateItem(ctx, more[0].Number, func(it *duban.Item) error { it.Status = duban.StatusCancelled; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteItem(ctx, more[1].Number); err != nil {
		t.Fatal(err)
	}
	numbers := func(items []duban.Item) []int {
		var out []int
		for _, it := range items {
			out = append(out, it.Number)
		}
		return out
	}
	for _, c := range []struct {
		name  string
		ctx   context.Context
		since time.Time
		want  []int
	}{
		{"open", ctx, time.Time{}, []int{tasks[2].Number}},
		{"and closed since the 6th", ctx, time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC), []int{tasks[1].Number, tasks[2].Number}},
		{"and closed since the 5th", ctx, time.Date(2026, 11, 5, 2, 0, 0, 0, time.UTC), []int{tasks[0].Number, tasks[1].Number, tasks[2].Number}},
		{"in 安全科's scope", duban.WithScope(ctx, duban.Scope{Units: []string{"安全科"}}), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), []int{tasks[0].Number}},
	} {
		t.Run(c.name, func(t *testing.T) {
			items, err := s.OpenTasks(c.ctx, c.since)
			if err != nil {
				t.Fatal(err)
			}
			if got := numbers(items); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if n, err := s.DoneCount(ctx); err != nil || n != 2 {
		t.Errorf("done count %d, %v; want 2", n, err)
	}
	if n, err := s.DoneCount(duban.WithScope(ctx, duban.Scope{Units: []string{"督导室"}})); err != nil || n != 1 {
		t.Errorf("done count in 督导室's scope %d, %v; want 1 (it supports 计财科's task)", n, err)
	}
}

// TestFirstReports: when each item was first reported in a window.
func TestFirstReports(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	for _, r := range []struct {
		task int
		at   time.Time
	}{{0, day(2, 9)}, {0, day(4, 9)}, {0, day(9, 9)}, {1, day(6, 9)}, {1, day(5, 9)}, {2, day(12, 9)}} {
		at := r.at
		s.Now = func() time.Time { return at }
		p := duban.Progress{ItemNumber: tasks[r.task].Number, Text: "进展", Percent: duban.NoPercent}
		if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FirstReports(ctx, day(3, 0), day(12, 9))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]time.Time{tasks[0].ID: day(4, 9), tasks[1].ID: day(5, 9)} // the 12th at 9:00 is outside
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for id, at := range want {
		if !got[id].Equal(at) {
			t.Errorf("item %d first reported %s, want %s", id, got[id], at)
		}
	}
}
