package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// AddUpdates writes a batch of received updates to the inbox in one
// transaction and reports, for each, whether it is new. An update already
// there (pending or handled) is left as it was and reported as not new: a
// redelivered update is handled once. The caller confirms the batch to
// Telegram only after this returns without error.
//
// The commit is synced to disk (synchronous=FULL for this transaction,
// one fsync per batch) where other writes only survive a process crash
// (NORMAL): what Telegram was told the bot has must survive a power cut.
// The write-ahead log keeps order, so what a power cut undoes is only
// what came after, and an update whose handling was undone is pending
// again.
func (s *Store) AddUpdates(ctx context.Context, ups []duban.InboxUpdate) ([]bool, error) {
	fresh := make([]bool, len(ups))
	if len(ups) == 0 {
		return fresh, nil
	}
	err := s.writeSynced(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO inbox (update_id, chat_id, raw, received_at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := s.nowMilli()
		for i, u := range ups {
			res, err := stmt.ExecContext(ctx, u.ID, u.ChatID, string(u.Raw), now)
			if err != nil {
				return fmt.Errorf("update %d: %w", u.ID, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			fresh[i] = n == 1
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add updates to the inbox: %w", err)
	}
	return fresh, nil
}

// writeSynced runs fn in a write transaction whose commit is synced to
// disk. The writer is one connection, taken here for the pragma, the
// transaction and the pragma's reset.
func (s *Store) writeSynced(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return err
	}
	// Left FULL, later writes would only be slower.
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = NORMAL`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// PendingUpdates returns up to limit updates not yet handled whose id is
// above after, in update order: what a crash left behind, to be handled
// first at start.
func (s *Store) PendingUpdates(ctx context.Context, after int64, limit int) ([]duban.InboxUpdate, error) {
	var out []duban.InboxUpdate
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT update_id, chat_id, raw FROM inbox
			WHERE done_at IS NULL AND update_id > ? ORDER BY update_id LIMIT ?`, after, sqlLimit(limit))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				u   duban.InboxUpdate
				raw string
			)
			if err := rows.Scan(&u.ID, &u.ChatID, &raw); err != nil {
				return err
			}
			u.Raw = []byte(raw)
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load pending updates: %w", err)
	}
	return out, nil
}

// MarkUpdatesDone records that the updates were handled, in one
// transaction, so that a batch of handled updates costs one commit.
func (s *Store) MarkUpdatesDone(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.nowMilli()
		// SQLite allows 32766 parameters; chunks stay well under it.
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			var q strings.Builder
			q.WriteString(`UPDATE inbox SET done_at = ` + strconv.FormatInt(now, 10) + ` WHERE done_at IS NULL AND update_id IN (`)
			args := make([]any, len(chunk))
			for i, id := range chunk {
				if i > 0 {
					q.WriteByte(',')
				}
				q.WriteByte('?')
				args[i] = id
			}
			q.WriteByte(')')
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark %d updates handled: %w", len(ids), err)
	}
	return nil
}

// InboxOffset returns the getUpdates offset that confirms every update in
// the inbox (the highest update id + 1), or 0 when the inbox is empty:
// what a restarted poller resumes from.
func (s *Store) InboxOffset(ctx context.Context) (int64, error) {
	var max sql.NullInt64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT MAX(update_id) FROM inbox`).Scan(&max)
	})
	if err != nil {
		return 0, fmt.Errorf("read the inbox offset: %w", err)
	}
	if !max.Valid {
		return 0, nil
	}
	return max.Int64 + 1, nil
}

// InboxStats describes the inbox for health checks and metrics.
type InboxStats struct {
	Pending int // updates received and not yet handled
	Done    int // handled updates still remembered
}

// InboxStats counts the inbox's rows.
func (s *Store) InboxStats(ctx context.Context) (InboxStats, error) {
	var st InboxStats
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE done_at IS NULL), COUNT(*) FILTER (WHERE done_at IS NOT NULL) FROM inbox`).
			Scan(&st.Pending, &st.Done)
	})
	if err != nil {
		return st, fmt.Errorf("count the inbox: %w", err)
	}
	return st, nil
}

// PruneInbox forgets handled updates done before the cut-off (unix ms) and
// returns how many. Pending updates are never pruned. Telegram drops an
// unconfirmed update after 24 hours, so a cut-off older than that never
// lets a redelivery through.
func (s *Store) PruneInbox(ctx context.Context, beforeMilli int64) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?`, beforeMilli)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune the inbox: %w", err)
	}
	return n, nil
}
