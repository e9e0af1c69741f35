package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
)

// OpenTasks returns the live tasks that are open (to do or in progress)
// and, unless closedSince is zero, those closed at or after closedSince,
// in plan order: what the reminders and /lights judge, without the
// sections and the tasks closed long ago that PlanItems brings too. The
// open tasks alone are kept while the items stand (readCache): /lights
// asks for them again and again.
func (s *Store) OpenTasks(ctx context.Context, closedSince time.Time) ([]duban.Item, error) {
	since := int64(-1) // no task is closed at a negative time: none
	if !closedSince.IsZero() {
		since = closedSince.UTC().UnixMilli()
	}
	var items []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		load := func() ([]duban.Item, error) {
			return queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
				`WHERE i.deleted_at IS NULL AND i.kind = 'task'
				AND (i.status IN ('todo', 'doing') OR (?1 >= 0 AND i.status = 'done' AND i.done_at >= ?1))`+
				scopeClause(ctx)+` ORDER BY i.plan_id, i.position`, since)
		}
		if since >= 0 {
			var err error
			items, err = load()
			return err
		}
		kept, err := cachedRead(ctx, &s.cache, tx, "open"+scopeClause(ctx), load)
		items = cloneItems(kept)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load open tasks: %w", err)
	}
	return items, nil
}

// DoneCount returns how many live tasks are closed (销号); kept while the
// items stand, as OpenTasks.
func (s *Store) DoneCount(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = cachedRead(ctx, &s.cache, tx, "done"+scopeClause(ctx), func() (int, error) {
			// INDEXED BY: without statistics the planner would walk
			// items_owner and read every row for its kind.
			var n int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM items i INDEXED BY items_done WHERE i.status = 'done'
				AND i.deleted_at IS NULL AND i.kind = 'task'`+scopeClause(ctx)).Scan(&n)
			return n, err
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count closed tasks: %w", err)
	}
	return n, nil
}

// FirstReports returns, by item id, when each item was first reported in
// [from, to): all that a reporting cycle's compliance looks at
// (duban.Comply: a report by the due day is on time, else the first one
// after it is late), without reading every report of the cycle.
func (s *Store) FirstReports(ctx context.Context, from, to time.Time) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		ms, err := queryPairs[int64, int64](ctx, tx, `SELECT item_id, MIN(created_at) FROM progress
			WHERE created_at >= ? AND created_at < ? GROUP BY item_id`, from.UTC().UnixMilli(), to.UTC().UnixMilli())
		for id, at := range ms {
			out[id] = time.UnixMilli(at).UTC()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load first reports: %w", err)
	}
	return out, nil
}
