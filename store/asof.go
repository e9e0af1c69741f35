package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
)

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
		items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
			`WHERE i.created_at <= ? AND (i.deleted_at IS NULL OR i.deleted_at > ?) AND (? = 0 OR i.plan_id = ?)`+
			scopeClause(ctx)+` ORDER BY i.plan_id, i.position`, ms, ms, planID, planID)
		if err != nil {
			return err
		}
		// The state before each item's first change after at. Rows that
		// changed nothing of the item (an extension asked or refused) have no
		// before; every item row with one holds an ItemSnapshot.
		rows, err := tx.QueryContext(ctx, `SELECT a.item_id, a.before FROM audit a WHERE a.id IN (
			SELECT MIN(id) FROM audit WHERE at > ? AND item_id IS NOT NULL AND before IS NOT NULL GROUP BY item_id)`, ms)
		if err != nil {
			return err
		}
		before := map[int64]duban.ItemSnapshot{}
		for rows.Next() {
			var (
				id   int64
				snap sql.NullString
			)
			if err := rows.Scan(&id, &snap); err != nil {
				rows.Close()
				return err
			}
			if !snap.Valid {
				continue
			}
			var sn duban.ItemSnapshot
			if err := json.Unmarshal([]byte(snap.String), &sn); err != nil {
				rows.Close()
				return fmt.Errorf("audit snapshot of item %d: %w", id, err)
			}
			before[id] = sn
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		last, err := tx.PrepareContext(ctx, `SELECT MAX(created_at) FROM progress WHERE item_id = ? AND created_at <= ?`)
		if err != nil {
			return err
		}
		defer last.Close()
		for i := range items {
			it := &items[i]
			if sn, ok := before[it.ID]; ok {
				sn.Restore(it)
			}
			if !it.LastReportAt.IsZero() && it.LastReportAt.After(at) {
				var t sql.NullInt64
				if err := last.QueryRowContext(ctx, it.ID, ms).Scan(&t); err != nil {
					return err
				}
				it.LastReportAt = fromMilli(t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load items as of %s: %w", at.Format(time.RFC3339), err)
	}
	return items, nil
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
