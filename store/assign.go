package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// AddLeader records user as a 分管领导 of unit; false when they were one
// already.
func (s *Store) AddLeader(ctx context.Context, unit string, user duban.User) (bool, error) {
	unit = strings.TrimSpace(unit)
	if unit == "" || user.ID == 0 {
		return false, duban.Errorf(duban.EINVALID, "a leader needs a unit and a user")
	}
	var added bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO unit_leaders (unit, user_id, user_name, added_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			unit, user.ID, user.Name, duban.ActorFrom(ctx).UserID, s.nowMilli())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		return s.audit(ctx, tx, duban.ChangeLeader, 0, unit, nil, map[string]any{"unit": unit, "user_id": user.ID, "name": user.Name})
	})
	if err != nil {
		return false, fmt.Errorf("add leader of %s: %w", unit, err)
	}
	return added, nil
}

// RemoveLeader removes user from unit's 分管领导 added in chat; false when
// they were not one.
func (s *Store) RemoveLeader(ctx context.Context, unit string, userID int64) (bool, error) {
	var removed bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM unit_leaders WHERE unit = ? AND user_id = ?`, unit, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		removed = true
		return s.audit(ctx, tx, duban.ChangeLeader, 0, unit, map[string]any{"unit": unit, "user_id": userID}, nil)
	})
	if err != nil {
		return false, fmt.Errorf("remove leader of %s: %w", unit, err)
	}
	return removed, nil
}

// Leaders returns the 分管领导 added in chat, by unit, with their names.
func (s *Store) Leaders(ctx context.Context) (map[string][]duban.User, error) {
	out := map[string][]duban.User{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.unit, l.user_id, COALESCE(NULLIF(u.name, ''), l.user_name), COALESCE(u.username, '')
			FROM unit_leaders l LEFT JOIN users u ON u.id = l.user_id ORDER BY l.unit, l.created_at`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				unit string
				u    duban.User
			)
			if err := rows.Scan(&unit, &u.ID, &u.Name, &u.Username); err != nil {
				return err
			}
			out[unit] = append(out[unit], u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load leaders: %w", err)
	}
	return out, nil
}

// Assign records that the given items were assigned to their lead units in
// chat (imported, added, or given a new lead unit), to be acknowledged
// (签收). Items already assigned to the same unit, sections and items
// without a lead unit are left out. It returns the new assignments'
// items by unit, and for each unit the batch id its 签收 button names.
func (s *Store) Assign(ctx context.Context, numbers []int, chatID int64) (map[string][]duban.Item, map[string]int64, error) {
	items := map[string][]duban.Item{}
	batches := map[string]int64{}
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.nowMilli()
		for _, n := range numbers {
			it, err := itemByNumber(ctx, tx, n)
			if duban.ErrorCode(err) == duban.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			if it.Kind != duban.KindTask || it.Owner == "" || !it.Open() {
				continue
			}
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO assignments (item_id, unit, batch, chat_id, created_at) VALUES (?, ?, ?, ?, ?)`,
				it.ID, it.Owner, batches[it.Owner], chatID, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			if batches[it.Owner] == 0 {
				id, err := res.LastInsertId()
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE assignments SET batch = id WHERE id = ?`, id); err != nil {
					return err
				}
				batches[it.Owner] = id
			}
			items[it.Owner] = append(items[it.Owner], it)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("assign items: %w", err)
	}
	return items, batches, nil
}

// AckBatch acknowledges (签收) the assignments of batch for user, a member
// of the unit. It returns the unit, the items acknowledged now, and those
// acknowledged before (by whom is in the items' history). An unknown
// batch is ENOTFOUND.
func (s *Store) AckBatch(ctx context.Context, batch int64, user duban.User) (unit string, now, before []duban.Item, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.unit, a.acked_at IS NOT NULL, i.number FROM assignments a JOIN items i ON i.id = a.item_id
			WHERE a.batch = ? AND i.deleted_at IS NULL ORDER BY i.position`, batch)
		if err != nil {
			return err
		}
		type row struct {
			id     int64
			acked  bool
			number int
		}
		var list []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &unit, &r.acked, &r.number); err != nil {
				rows.Close()
				return err
			}
			list = append(list, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(list) == 0 {
			return duban.Errorf(duban.ENOTFOUND, "assignment batch %d not found", batch)
		}
		at := s.nowMilli()
		for _, r := range list {
			it, err := itemByNumber(ctx, tx, r.number)
			if err != nil {
				return err
			}
			if r.acked {
				before = append(before, it)
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE assignments SET acked_at = ?, acked_by = ?, acked_name = ? WHERE id = ?`,
				at, user.ID, user.Name, r.id); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, duban.ChangeAck, it.ID, unit, nil, map[string]string{"unit": unit, "by": user.Name}); err != nil {
				return err
			}
			now = append(now, it)
		}
		return nil
	})
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		err = fmt.Errorf("acknowledge batch %d: %w", batch, err)
	}
	return unit, now, before, err
}

// BatchUnit returns the unit a 签收 batch was sent to.
func (s *Store) BatchUnit(ctx context.Context, batch int64) (string, error) {
	var unit string
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT unit FROM assignments WHERE batch = ? LIMIT 1`, batch).Scan(&unit)
		if err == sql.ErrNoRows {
			return duban.Errorf(duban.ENOTFOUND, "assignment batch %d not found", batch)
		}
		return err
	})
	return unit, err
}

// OpenBatches returns the 签收 batches asked in chat that no one has
// acknowledged yet, with their units, oldest first.
func (s *Store) OpenBatches(ctx context.Context, chatID int64) ([]int64, []string, error) {
	var (
		batches []int64
		units   []string
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT batch, MIN(unit) FROM assignments WHERE chat_id = ? AND acked_at IS NULL
			GROUP BY batch ORDER BY batch`, chatID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				b int64
				u string
			)
			if err := rows.Scan(&b, &u); err != nil {
				return err
			}
			batches, units = append(batches, b), append(units, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("open 签收 batches of chat %d: %w", chatID, err)
	}
	return batches, units, nil
}

// Unacknowledged returns the open tasks assigned before the instant
// before and not acknowledged (签收) by their unit since, in plan order,
// in the context's scope: what the weekly reminder lists.
func (s *Store) Unacknowledged(ctx context.Context, before time.Time) ([]duban.Item, error) {
	var out []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+`WHERE i.id IN (
				SELECT a.item_id FROM assignments a WHERE a.acked_at IS NULL AND a.created_at < ? AND a.unit = (SELECT owner FROM items WHERE id = a.item_id))
			AND i.deleted_at IS NULL AND i.status IN ('todo', 'doing')`+scopeClause(ctx)+` ORDER BY i.plan_id, i.position`,
			before.UTC().UnixMilli())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load unacknowledged items: %w", err)
	}
	return out, nil
}

// Acknowledged returns when and by whom item number's present lead unit
// acknowledged it; ok is false when it was not assigned in chat or not
// acknowledged yet (assigned tells which).
func (s *Store) Acknowledged(ctx context.Context, number int) (by string, at time.Time, assigned, ok bool, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var (
			ackAt sql.NullInt64
			e     error
		)
		e = tx.QueryRowContext(ctx, `SELECT a.acked_name, a.acked_at FROM assignments a JOIN items i ON i.id = a.item_id
			WHERE i.number = ? AND i.deleted_at IS NULL AND a.unit = i.owner`, number).Scan(&by, &ackAt)
		if e == sql.ErrNoRows {
			return nil
		} else if e != nil {
			return e
		}
		assigned, ok, at = true, ackAt.Valid, fromMilli(ackAt)
		return nil
	})
	return by, at, assigned, ok, err
}
