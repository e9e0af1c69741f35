package bigdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// small is a history small enough to build in a test.
var small = Spec{Items: 600, Reports: 30_000, Plans: 2, Today: YearToday, History: true}

func buildSmall(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.db")
	if err := build(context.Background(), path, small); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHistoryTrail checks that the generated audit trail tells each item's
// story as the store would have written it: every report has its audit
// row, each change starts from where the one before left the item, and the
// trail ends in the item's present state.
func TestHistoryTrail(t *testing.T) {
	path := buildSmall(t)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM progress`); n != small.Reports {
		t.Errorf("%d reports, want %d", n, small.Reports)
	}
	if n, m := count(`SELECT COUNT(*) FROM audit WHERE action IN ('progress', 'done')`), count(`SELECT COUNT(*) FROM progress`); n != m {
		t.Errorf("%d audit rows of reports, want one per report (%d)", n, m)
	}
	if n := count(`SELECT COUNT(*) FROM progress r JOIN audit a ON a.item_id = r.item_id AND a.at = r.created_at AND a.action IN ('progress', 'done')`); n < small.Reports {
		t.Errorf("%d reports match an audit row of the same item and moment, want %d", n, small.Reports)
	}
	if n := count(`SELECT COUNT(*) FROM progress WHERE before_status IS NULL OR before_percent IS NULL`); n != 0 {
		t.Errorf("%d reports without the state they found their item in", n)
	}
	if n := count(`SELECT COUNT(*) FROM items WHERE last_report_at IS NOT (SELECT MAX(created_at) FROM progress WHERE item_id = items.id)`); n != 0 {
		t.Errorf("%d items whose last report time is not their newest report's", n)
	}
	if n := count(`SELECT COUNT(*) FROM audit a JOIN audit b ON b.item_id = a.item_id AND b.id > a.id WHERE b.at < a.at`); n != 0 {
		t.Errorf("%d audit rows out of time order", n)
	}
	// What happened, in some measure: a history without closings,
	// extensions, milestones or deletions would not exercise the as-of code.
	for q, min := range map[string]int{
		`SELECT COUNT(*) FROM items WHERE status = 'done'`:                                  50,
		`SELECT COUNT(*) FROM items WHERE status IN ('todo', 'doing') AND kind = 'task'`:    20,
		`SELECT COUNT(*) FROM items WHERE deleted_at IS NOT NULL`:                           1,
		`SELECT COUNT(*) FROM items WHERE status = 'cancelled'`:                             1,
		`SELECT COUNT(*) FROM items WHERE original_deadline IS NOT NULL`:                    5,
		`SELECT COUNT(*) FROM items WHERE milestones LIKE '%"done":true%'`:                  20,
		`SELECT COUNT(*) FROM extensions WHERE state = 'refused'`:                           1,
		`SELECT COUNT(*) FROM evidence`:                                                     10,
		`SELECT COUNT(*) FROM items WHERE created_at > (SELECT MIN(created_at) FROM plans)`: 100,
		`SELECT COUNT(*) FROM item_partners`:                                                50,
	} {
		if n := count(q); n < min {
			t.Errorf("%s: %d, want at least %d", q, n, min)
		}
	}

	// Each item's trail: before of a change = after of the one before it;
	// the last after (or before, for a deletion) = the item now.
	rows, err := db.Query(`SELECT item_id, action, before, after FROM audit WHERE item_id IS NOT NULL
		AND action NOT IN ('extend_ask', 'extend_refuse') ORDER BY item_id, id`)
	if err != nil {
		t.Fatal(err)
	}
	last := map[int64]duban.ItemSnapshot{}
	deleted := map[int64]bool{}
	breaks := 0
	for rows.Next() {
		var (
			id            int64
			action        string
			before, after sql.NullString
		)
		if err := rows.Scan(&id, &action, &before, &after); err != nil {
			t.Fatal(err)
		}
		snap := func(s sql.NullString) duban.ItemSnapshot {
			var sn duban.ItemSnapshot
			if err := json.Unmarshal([]byte(s.String), &sn); err != nil {
				t.Fatalf("item %d %s: %v", id, action, err)
			}
			sn.Report, sn.Evidence = "", ""
			return sn
		}
		if before.Valid {
			if prev, ok := last[id]; ok && !same(prev, snap(before)) {
				breaks++
				if breaks < 3 {
					t.Errorf("item %d %s: before %+v, the change before left %+v", id, action, snap(before), prev)
				}
			}
		}
		if after.Valid {
			last[id] = snap(after)
		} else {
			last[id], deleted[id] = snap(before), true
		}
	}
	rows.Close()
	if breaks > 0 {
		t.Errorf("%d changes do not start where the one before ended", breaks)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	items, err := st.PlanItemsAsOf(context.Background(), 0, YearToday)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if deleted[it.ID] {
			t.Errorf("#%d was deleted, yet listed", it.Number)
		}
		if !same(last[it.ID], duban.SnapshotOf(it)) {
			t.Errorf("#%d is %+v, its trail ends with %+v", it.Number, duban.SnapshotOf(it), last[it.ID])
		}
	}
	if want := small.Items - len(deleted); len(items) != want {
		t.Errorf("%d items, want %d live", len(items), want)
	}
}

func same(a, b duban.ItemSnapshot) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
