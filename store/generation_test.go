package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// TestOpenTasksKept: the open tasks and the closed count are kept between
// reads, and every change of the items or plans shows at the next read,
// whoever made it — the store, or another connection to the file.
func TestOpenTasksKept(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	open := func(ctx context.Context) map[int]duban.Item {
		t.Helper()
		items, err := s.OpenTasks(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int]duban.Item{}
		for _, it := range items {
			out[it.Number] = it
		}
		return out
	}
	n := tasks[0].Number
	if _, err := s.UpdateItem(ctx, n, func(it *duban.Item) error {
		it.Milestones = []duban.Milestone{{Seq: 1, Date: date("2026-11-20"), Text: "完成排查"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	first := open(ctx)
	if len(first) != 3 || len(first[n].Milestones) != 1 {
		t.Fatalf("open tasks %v", first)
	}
	// What a caller does to what it got stays with it.
	it := first[n]
	it.Milestones[0].Done, it.Partners = true, append(it.Partners, "某校")
	it.Standing.Light = duban.LightRed
	if again := open(ctx)[n]; again.Milestones[0].Done || len(again.Partners) != 0 || again.Standing.Light != "" {
		t.Errorf("a change to what was returned shows in the next read: %+v", again)
	}

	// A report through the store.
	p := duban.Progress{ItemNumber: n, Text: "已排查", Percent: 70}
	if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
		t.Fatal(err)
	}
	if got := open(ctx)[n].Percent; got != 70 {
		t.Errorf("after a report of 70%%: %d%%", got)
	}
	// A change by another connection to the file (the command line, a script).
	db, err := sql.Open("sqlite3", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE items SET title = '开展校园安全隐患大排查' WHERE number = ?`, n); err != nil {
		t.Fatal(err)
	}
	if got := open(ctx)[n].Title; got != "开展校园安全隐患大排查" {
		t.Errorf("after another connection renamed it: %q", got)
	}
	// A plan renamed: a group scoped to the new name sees its tasks.
	scoped := duban.WithScope(ctx, duban.Scope{Plans: []string{"2027年工作要点"}})
	if got := open(scoped); len(got) != 0 {
		t.Errorf("no plan has that name yet, yet %d tasks", len(got))
	}
	if _, err := db.Exec(`UPDATE plans SET name = '2027年工作要点'`); err != nil {
		t.Fatal(err)
	}
	if got := open(scoped); len(got) != 3 {
		t.Errorf("after the plan was renamed: %d tasks in its scope, want 3", len(got))
	}
	// Closing a task, and deleting one.
	done := func() int {
		t.Helper()
		n, err := s.DoneCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if d := done(); d != 0 {
		t.Errorf("%d closed at first", d)
	}
	p = duban.Progress{ItemNumber: n, Text: "完成", Percent: duban.NoPercent, Done: true}
	if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
		t.Fatal(err)
	}
	if _, ok := open(ctx)[n]; ok || done() != 1 {
		t.Errorf("after closing #%d: still open %v, %d closed", n, ok, done())
	}
	if _, err := db.Exec(`UPDATE items SET deleted_at = 1 WHERE number = ?`, tasks[1].Number); err != nil {
		t.Fatal(err)
	}
	if _, ok := open(ctx)[tasks[1].Number]; ok {
		t.Errorf("#%d deleted by another connection, yet open", tasks[1].Number)
	}
}
