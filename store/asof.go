package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
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
//
// One query reads every item with what it needs of the moment, found per
// item through an index: its last report up to at (progress_item_created),
// and the before of its first audit row after at that has one
// (audit_item, from the first audit id after at). Rows that changed
// nothing of the item (an extension asked or refused) have no before;
// every other item row holds an ItemSnapshot. The work is about the same
// for a moment a week or a year ago: the completion trend of the monthly
// briefing asks for each month of the plan year.
func (s *Store) PlanItemsAsOf(ctx context.Context, planID int64, at time.Time) ([]duban.Item, error) {
	ms := at.UTC().UnixMilli()
	var items []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		// The first audit id after at: every row after at has one as large
		// or larger. INDEXED BY: without statistics the planner would walk
		// the table from its first row to the first one after at.
		var first sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MIN(id) FROM audit INDEXED BY audit_at WHERE at > ?`, ms).Scan(&first); err != nil {
			return err
		}
		if !first.Valid {
			first.Int64 = math.MaxInt64 // nothing changed since
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+itemColumnsAsOf+`,
			(SELECT a.before FROM audit a WHERE a.item_id = i.id AND a.id >= ?3 AND a.at > ?1 AND a.before IS NOT NULL
				ORDER BY a.id LIMIT 1)`+itemFrom+
			`WHERE i.created_at <= ?1 AND (i.deleted_at IS NULL OR i.deleted_at > ?1) AND (?2 = 0 OR i.plan_id = ?2)`+
			scopeClause(ctx)+` ORDER BY i.plan_id, i.position`, ms, planID, first.Int64)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var before []byte
			it, err := scanItem(extraColumn{rows, &before})
			if err != nil {
				return err
			}
			if before != nil {
				var sn duban.ItemSnapshot
				if err := json.Unmarshal(before, &sn); err != nil {
					return fmt.Errorf("audit snapshot of item #%d: %w", it.Number, err)
				}
				sn.Restore(&it)
			}
			items = append(items, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load items as of %s: %w", at.Format(time.RFC3339), err)
	}
	return items, nil
}

// extraColumn scans a row of scanItem's columns followed by one more.
type extraColumn struct {
	rows  *sql.Rows
	extra any
}

func (e extraColumn) Scan(dest ...any) error { return e.rows.Scan(append(dest, e.extra)...) }

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
