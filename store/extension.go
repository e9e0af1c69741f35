package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/duban-bot/duban/duban"
)

const extensionColumns = `e.id, i.number, e.chat_id, e.user_id, e.user_name, e.deadline, e.deadline_text, e.reason,
	e.old_deadline, e.late, e.state, COALESCE(e.decided_by, 0), e.decided_at, e.created_at`

func scanExtension(row scanner) (duban.Extension, error) {
	var (
		e             duban.Extension
		deadline, old sql.NullString
		state         string
		decidedAt     sql.NullInt64
		created       int64
	)
	if err := row.Scan(&e.ID, &e.ItemNumber, &e.ChatID, &e.UserID, &e.UserName, &deadline, &e.DeadlineText, &e.Reason,
		&old, &e.Late, &state, &e.DecidedBy, &decidedAt, &created); err != nil {
		return e, err
	}
	e.Deadline, e.OldDeadline = scanDate(deadline), scanDate(old)
	e.State = duban.ExtensionState(state)
	e.DecidedAt = fromMilli(decidedAt)
	e.CreatedAt = fromMilli(sql.NullInt64{Int64: created, Valid: true})
	return e, nil
}

// RequestExtension records a request to move item e.ItemNumber's deadline
// to e.Deadline, pending an admin's decision; it sets e's ID, OldDeadline,
// Late (asked after the deadline had passed, as of today) and CreatedAt.
func (s *Store) RequestExtension(ctx context.Context, e *duban.Extension, today duban.Date) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		it, err := itemByNumber(ctx, tx, e.ItemNumber)
		if err != nil {
			return err
		}
		e.OldDeadline = it.Deadline
		e.Late = !it.Deadline.IsZero() && it.Deadline.Before(today)
		e.State = duban.ExtensionPending
		now := s.nowMilli()
		res, err := tx.ExecContext(ctx, `INSERT INTO extensions (item_id, chat_id, user_id, user_name, deadline, deadline_text,
			reason, old_deadline, late, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			it.ID, e.ChatID, e.UserID, e.UserName, e.Deadline.String(), e.DeadlineText, e.Reason, nullDate(it.Deadline), e.Late, now)
		if err != nil {
			return fmt.Errorf("request extension of #%d: %w", e.ItemNumber, err)
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		e.CreatedAt = fromMilli(sql.NullInt64{Int64: now, Valid: true})
		type request struct {
			Deadline string `json:"deadline"`
			Words    string `json:"words,omitempty"`
			Reason   string `json:"reason,omitempty"`
			Late     bool   `json:"late,omitempty"`
		} // read back by report.ChangeText
		return s.audit(ctx, tx, duban.ChangeExtendAsk, it.ID, fmt.Sprint(e.ID), nil, request{e.Deadline.String(), e.DeadlineText, e.Reason, e.Late})
	})
}

// Extension returns the extension request with that id.
func (s *Store) Extension(ctx context.Context, id int64) (duban.Extension, error) {
	var e duban.Extension
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = scanExtension(tx.QueryRowContext(ctx, `SELECT `+extensionColumns+` FROM extensions e JOIN items i ON i.id = e.item_id WHERE e.id = ?`, id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return e, duban.Errorf(duban.ENOTFOUND, "extension request %d not found", id)
	}
	return e, err
}

// Extensions returns the extension requests of item number, newest first.
func (s *Store) Extensions(ctx context.Context, number int) ([]duban.Extension, error) {
	var out []duban.Extension
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+extensionColumns+` FROM extensions e JOIN items i ON i.id = e.item_id
			WHERE i.number = ? ORDER BY e.id DESC`, number)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanExtension(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load extensions of #%d: %w", number, err)
	}
	return out, nil
}

// DecideExtension approves or refuses a pending request, in one
// transaction with what it changes: approved, the item's deadline moves to
// the one asked for and the original is kept (Item.MoveDeadline). A request
// decided already is an ECONFLICT error: a second press changes nothing.
func (s *Store) DecideExtension(ctx context.Context, id int64, approve bool) (duban.Extension, duban.Item, error) {
	var (
		e  duban.Extension
		it duban.Item
	)
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = scanExtension(tx.QueryRowContext(ctx, `SELECT `+extensionColumns+` FROM extensions e JOIN items i ON i.id = e.item_id WHERE e.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return duban.Errorf(duban.ENOTFOUND, "extension request %d not found", id)
		} else if err != nil {
			return err
		}
		if e.State != duban.ExtensionPending {
			return duban.Errorf(duban.ECONFLICT, "extension request %d was %s already", id, e.State)
		}
		state := duban.ExtensionRefused
		if approve {
			state = duban.ExtensionApproved
		}
		now := s.nowMilli()
		actor := duban.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE extensions SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			state, actor.UserID, now, id); err != nil {
			return err
		}
		e.State, e.DecidedBy, e.DecidedAt = state, actor.UserID, fromMilli(sql.NullInt64{Int64: now, Valid: true})
		if it, err = itemByNumber(ctx, tx, e.ItemNumber); err != nil {
			return err
		}
		if !approve {
			return s.audit(ctx, tx, duban.ChangeExtendRefuse, it.ID, fmt.Sprint(id), nil, nil)
		}
		before := duban.SnapshotOf(it)
		it.MoveDeadline(e.Deadline, e.DeadlineText)
		if err := s.saveItem(ctx, tx, &it); err != nil {
			return err
		}
		return s.audit(ctx, tx, duban.ChangeExtend, it.ID, fmt.Sprint(id), before, duban.SnapshotOf(it))
	})
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		err = fmt.Errorf("decide extension %d: %w", id, err)
	}
	return e, it, err
}
