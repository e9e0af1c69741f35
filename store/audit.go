package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
)

// audit writes one entry in tx, with the actor from ctx. before and after
// are marshalled to JSON; nil stays NULL.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, action string, itemID int64, subject string, before, after any) error {
	a := duban.ActorFrom(ctx)
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	}
	b, err := enc(before)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	af, err := enc(after)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	var item any
	if itemID != 0 {
		item = itemID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_id, user_name, chat_id, via, action, item_id, subject, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.nowMilli(), a.UserID, a.Name, a.ChatID, a.Via, action, item, subject, b, af); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

const auditColumns = `a.id, a.at, a.user_id, a.user_name, a.chat_id, a.via, a.action, COALESCE(i.number, 0), a.subject, a.before, a.after`

// queryAudit runs query, which selects auditColumns, appending the changes
// to out (which may be nil, or made with room for them).
func queryAudit(ctx context.Context, tx *sql.Tx, out []duban.Change, query string, args ...any) ([]duban.Change, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e  duban.Change
			at int64
		)
		// Scanned straight into []byte: one copy of each snapshot, nil for
		// NULL.
		if err := rows.Scan(&e.ID, &at, &e.Actor.UserID, &e.Actor.Name, &e.Actor.ChatID, &e.Actor.Via, &e.Action,
			&e.ItemNumber, &e.Subject, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// ItemHistory returns the recorded changes of item number, newest first,
// at most limit (0 = all). A deleted item keeps its history.
func (s *Store) ItemHistory(ctx context.Context, number, limit int) ([]duban.Change, error) {
	var out []duban.Change
	err := s.read(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM items i WHERE number = ?`+scopeClause(ctx), number).Scan(&id)
		if err == sql.ErrNoRows {
			return duban.Errorf(duban.ENOTFOUND, "item #%d not found", number)
		} else if err != nil {
			return err
		}
		out, err = queryAudit(ctx, tx, nil, `SELECT `+auditColumns+` FROM audit a LEFT JOIN items i ON i.id = a.item_id
			WHERE a.item_id = ? ORDER BY a.id DESC LIMIT ?`, id, sqlLimit(limit))
		return err
	})
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("load history of #%d: %w", number, err)
	}
	return out, nil
}

// AuditBetween returns every change recorded in [from, to), oldest first;
// for reviews.
func (s *Store) AuditBetween(ctx context.Context, from, to time.Time) ([]duban.Change, error) {
	return s.auditBetween(ctx, from, to, "")
}

// ChangesBetween is AuditBetween without the progress reports (报送进展,
// 销号 by a report): the ledger's 变更记录 sheet, whose reports are on its
// 本月进展 sheet already.
func (s *Store) ChangesBetween(ctx context.Context, from, to time.Time) ([]duban.Change, error) {
	return s.auditBetween(ctx, from, to, ` AND a.action NOT IN ('progress', 'done')`)
}

func (s *Store) auditBetween(ctx context.Context, from, to time.Time, filter string) ([]duban.Change, error) {
	var out []duban.Change
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		// The rows are read in id order straight from the table, between
		// the first and the last id in the time range (audit_at), instead
		// of sorting a month of rows with their snapshots by id.
		// A month of a big plan is tens of thousands of rows: counted first
		// (audit_at alone), they are read into a slice of their size.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit WHERE at >= ? AND at < ?`, from.UTC().UnixMilli(), to.UTC().UnixMilli()).Scan(&n); err != nil {
			return err
		}
		out, err = queryAudit(ctx, tx, withRoom[duban.Change](n), `SELECT `+auditColumns+` FROM audit a LEFT JOIN items i ON i.id = a.item_id
			WHERE a.id BETWEEN (SELECT MIN(id) FROM audit WHERE at >= ?1 AND at < ?2) AND (SELECT MAX(id) FROM audit WHERE at >= ?1 AND at < ?2)
			AND +a.at >= ?1 AND +a.at < ?2`+filter+` ORDER BY a.id`, from.UTC().UnixMilli(), to.UTC().UnixMilli())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load audit: %w", err)
	}
	return out, nil
}

func sameSnapshot(a, b duban.ItemSnapshot) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// chatState is what the audit keeps of a chat's binding.
type chatState struct {
	Served bool `json:"served"`
	Paused bool `json:"paused"`
}

func chatStateOf(ctx context.Context, tx *sql.Tx, id int64) (*chatState, error) {
	var c chatState
	err := tx.QueryRowContext(ctx, `SELECT served, paused FROM chats WHERE id = ?`, id).Scan(&c.Served, &c.Paused)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return &c, err
}
