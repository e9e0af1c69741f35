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
// sections and the tasks closed long ago that PlanItems brings too.
func (s *Store) OpenTasks(ctx context.Context, closedSince time.Time) ([]duban.Item, error) {
	since := int64(-1) // no task is closed at a negative time: none
	if !closedSince.IsZero() {
		since = closedSince.UTC().UnixMilli()
	}
	var items []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
			`WHERE i.deleted_at IS NULL AND i.kind = 'task'
			AND (i.status IN ('todo', 'doing') OR (?1 >= 0 AND i.status = 'done' AND i.done_at >= ?1))`+
			scopeClause(ctx)+` ORDER BY i.plan_id, i.position`, since)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load open tasks: %w", err)
	}
	return items, nil
}

// DoneCount returns how many live tasks are closed (销号).
func (s *Store) DoneCount(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		// INDEXED BY: without statistics the planner would walk items_owner
		// and read every row for its kind.
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM items i INDEXED BY items_done WHERE i.status = 'done'
			AND i.deleted_at IS NULL AND i.kind = 'task'`+scopeClause(ctx)).Scan(&n)
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
		rows, err := tx.QueryContext(ctx, `SELECT item_id, MIN(created_at) FROM progress
			WHERE created_at >= ? AND created_at < ? GROUP BY item_id`, from.UTC().UnixMilli(), to.UTC().UnixMilli())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id int64
				at int64
			)
			if err := rows.Scan(&id, &at); err != nil {
				return err
			}
			out[id] = time.UnixMilli(at).UTC()
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load first reports: %w", err)
	}
	return out, nil
}
