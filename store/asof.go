package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// itemColumnsAsOf is itemColumns with the time of each item's last report
// made up to the moment ?1 (unix milliseconds).
var itemColumnsAsOf = strings.Replace(itemColumns, "i.last_report_at,", `CASE WHEN i.last_report_at > ?1
	THEN (SELECT MAX(created_at) FROM progress WHERE item_id = i.id AND created_at <= ?1) ELSE i.last_report_at END,`, 1)

// PlanItemsAsOf returns the items of a plan (every plan when planID is 0)
// as they stood at the instant at, in plan order: the items that existed
// then and were not deleted, each in the state the audit trail gives for
// that moment — the state before its first change after at, or its
// present state when nothing changed since — with the time of its last
// report up to at. It is how the 月度通报 describes a month as it stood at
// its end; at now it is PlanItems.
func (s *Store) PlanItemsAsOf(ctx context.Context, planID int64, at time.Time) ([]duban.Item, error) {
	ms := at.UTC().UnixMilli()
	var items []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		// The time of each item's last report up to at: where its last report
		// is later, the newest one up to at, found by item in the same query
		// (progress_item_created) rather than a query per item.
		items, err = queryItems(ctx, tx, `SELECT `+itemColumnsAsOf+itemFrom+
			`WHERE i.created_at <= ?1 AND (i.deleted_at IS NULL OR i.deleted_at > ?1) AND (?2 = 0 OR i.plan_id = ?2)`+
			scopeClause(ctx)+` ORDER BY i.plan_id, i.position`, ms, planID)
		if err != nil {
			return err
		}
		// The state before each item's first change after at: each item's
		// first row after at is a range of audit_at, which holds the item
		// ("+item_id" keeps the planner from walking audit_item's whole trail
		// for the GROUP BY instead). Every item row with a before holds an
		// ItemSnapshot; the rows that changed nothing of the item (an
		// extension asked or refused) have none, and then the next row with
		// one tells.
		listed := make(map[int64]bool, len(items))
		for _, it := range items {
			listed[it.ID] = true
		}
		before := map[int64]duban.ItemSnapshot{}
		var lacking []int64
		err = scanSnapshots(ctx, tx, `SELECT a.item_id, a.before FROM audit a WHERE a.id IN (
			SELECT MIN(id) FROM audit WHERE at > ? AND item_id IS NOT NULL GROUP BY +item_id)`, []any{ms},
			func(id int64, sn *duban.ItemSnapshot) {
				switch {
				case sn != nil:
					before[id] = *sn
				case listed[id]:
					lacking = append(lacking, id)
				}
			})
		if err != nil {
			return err
		}
		for _, id := range lacking {
			err := scanSnapshots(ctx, tx, `SELECT item_id, before FROM audit WHERE item_id = ? AND +at > ? AND before IS NOT NULL
				ORDER BY id LIMIT 1`, []any{id, ms}, func(id int64, sn *duban.ItemSnapshot) { before[id] = *sn })
			if err != nil {
				return err
			}
		}
		for i := range items {
			if sn, ok := before[items[i].ID]; ok {
				sn.Restore(&items[i])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load items as of %s: %w", at.Format(time.RFC3339), err)
	}
	return items, nil
}

// scanSnapshots runs query, which selects an item id and an audit row's
// before, and calls fn with each, the snapshot nil when before is NULL.
func scanSnapshots(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(id int64, sn *duban.ItemSnapshot)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id   int64
			snap []byte
		)
		if err := rows.Scan(&id, &snap); err != nil {
			return err
		}
		if snap == nil {
			fn(id, nil)
			continue
		}
		var sn duban.ItemSnapshot
		if err := json.Unmarshal(snap, &sn); err != nil {
			return fmt.Errorf("audit snapshot of item %d: %w", id, err)
		}
		fn(id, &sn)
	}
	return rows.Err()
}

// LatestReportsAsOf returns, by item id, the newest report made up to the
// instant at on each live item of a plan (every plan when planID is 0): the
// ledger's 最新进展 as it stood then.
func (s *Store) LatestReportsAsOf(ctx context.Context, planID int64, at time.Time) (map[int64]duban.Progress, error) {
	out := map[int64]duban.Progress{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		list, err := queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM items i JOIN progress r ON r.id = (
				SELECT id FROM progress WHERE item_id = i.id AND created_at <= ?1 ORDER BY created_at DESC, id DESC LIMIT 1)
			WHERE (i.deleted_at IS NULL OR i.deleted_at > ?1) AND (?2 = 0 OR i.plan_id = ?2)`+scopeClause(ctx),
			at.UTC().UnixMilli(), planID)
		for _, p := range list {
			out[p.ItemID] = p
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load latest reports as of %s: %w", at.Format(time.RFC3339), err)
	}
	return out, nil
}
