package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/duban-bot/duban/duban"
)

// RunKey names one run of a job for a chat in a period, e.g.
// "weekly:-100123:2026-W48".
func RunKey(job string, chatID int64, period string) string {
	return job + ":" + strconv.FormatInt(chatID, 10) + ":" + period
}

// EnqueueRun marks job done for chatID in period and writes msgs to the
// outbox, in one transaction. It returns false, writing nothing, when the
// period was done already: a job fired twice in a period sends once. An
// empty msgs still marks the period done ("nothing to say" is an answer).
// Every message goes to chatID whatever its own ChatID says.
func (s *Store) EnqueueRun(ctx context.Context, job string, chatID int64, period string, msgs []duban.Outgoing) (bool, error) {
	if job == "" || period == "" {
		return false, duban.Errorf(duban.EINVALID, "a run needs a job and a period")
	}
	var created bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.nowMilli()
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO runs (job, chat_id, period, messages, done_at) VALUES (?, ?, ?, ?, ?)`,
			job, chatID, period, len(msgs), now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		created = true
		run := RunKey(job, chatID, period)
		for _, m := range msgs {
			if err := insertOutbox(ctx, tx, run, chatID, m, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", RunKey(job, chatID, period), err)
	}
	return created, nil
}

func insertOutbox(ctx context.Context, tx *sql.Tx, run string, chatID int64, m duban.Outgoing, now int64) error {
	var buttons string
	if len(m.Buttons) > 0 {
		b, err := json.Marshal(m.Buttons)
		if err != nil {
			return fmt.Errorf("encode buttons: %w", err)
		}
		buttons = string(b)
	}
	var (
		fileID   any
		fileName string
		photo    bool
	)
	if m.File != nil {
		id, err := putOutboxFile(ctx, tx, m.File.Data)
		if err != nil {
			return err
		}
		fileID, fileName, photo = id, m.File.Name, m.File.Photo
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (run, chat_id, text, reply_to, buttons, file_name, file_id, photo, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, run, chatID, m.Text, m.ReplyTo, buttons, fileName, fileID, photo, now, now)
	if err != nil {
		return fmt.Errorf("insert outbox message: %w", err)
	}
	return nil
}

// putOutboxFile stores data once by content and returns its id.
func putOutboxFile(ctx context.Context, tx *sql.Tx, data []byte) (int64, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO outbox_files (hash, data) VALUES (?, ?)`, hash, data); err != nil {
		return 0, fmt.Errorf("store outbox file: %w", err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM outbox_files WHERE hash = ?`, hash).Scan(&id); err != nil {
		return 0, fmt.Errorf("store outbox file: %w", err)
	}
	return id, nil
}

// DoneRuns returns the chats for which job is done in period.
func (s *Store) DoneRuns(ctx context.Context, job, period string) (map[int64]bool, error) {
	done := map[int64]bool{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT chat_id FROM runs WHERE job = ? AND period = ?`, job, period)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			done[id] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load runs of %s %s: %w", job, period, err)
	}
	return done, nil
}

// NextOutbox returns up to limit messages ready to send at now: the head of
// each chat's queue (its oldest pending message) whose time has come, oldest
// first. Taking only heads keeps a chat's messages in order: a briefing's
// ledger never overtakes its text, even when the text is being retried.
func (s *Store) NextOutbox(ctx context.Context, now time.Time, limit int) ([]duban.OutboxMessage, error) {
	var out []duban.OutboxMessage
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.run, o.chat_id, o.text, o.reply_to, o.buttons, o.file_name,
			COALESCE(o.file_id, 0), o.photo, o.attempts, o.next_at, o.created_at
			FROM outbox o WHERE o.state = 'pending' AND o.next_at <= ?
			AND o.id = (SELECT MIN(h.id) FROM outbox h WHERE h.chat_id = o.chat_id AND h.state = 'pending')
			ORDER BY o.next_at, o.id LIMIT ?`, now.UTC().UnixMilli(), sqlLimit(limit))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				m               duban.OutboxMessage
				buttons, file   string
				photo           bool
				nextAt, created int64
			)
			if err := rows.Scan(&m.ID, &m.Run, &m.Msg.ChatID, &m.Msg.Text, &m.Msg.ReplyTo, &buttons, &file,
				&m.FileID, &photo, &m.Attempts, &nextAt, &created); err != nil {
				return err
			}
			if buttons != "" {
				if err := json.Unmarshal([]byte(buttons), &m.Msg.Buttons); err != nil {
					return fmt.Errorf("outbox message %d buttons: %w", m.ID, err)
				}
			}
			if m.FileID != 0 {
				m.Msg.File = &duban.File{Name: file, Photo: photo}
			}
			m.NextAt = time.UnixMilli(nextAt).UTC()
			m.CreatedAt = time.UnixMilli(created).UTC()
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load outbox: %w", err)
	}
	return out, nil
}

// NextOutboxAt returns when the earliest head of a chat's queue becomes
// ready (the messages behind a head wait for it), and false when nothing
// is pending.
func (s *Store) NextOutboxAt(ctx context.Context) (time.Time, bool, error) {
	var at sql.NullInt64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT MIN(o.next_at) FROM outbox o WHERE o.state = 'pending'
			AND o.id = (SELECT MIN(h.id) FROM outbox h WHERE h.chat_id = o.chat_id AND h.state = 'pending')`).Scan(&at)
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("load outbox: %w", err)
	}
	return fromMilli(at), at.Valid, nil
}

// OutboxFile returns the data of an outbox attachment.
func (s *Store) OutboxFile(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT data FROM outbox_files WHERE id = ?`, id).Scan(&data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duban.Errorf(duban.ENOTFOUND, "outbox file %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("load outbox file %d: %w", id, err)
	}
	return data, nil
}

// MarkSent records that outbox message id was delivered as messageID.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID int) error {
	return s.finishOutbox(ctx, id, "sent", messageID, "")
}

// MarkDead gives up on outbox message id; reason is kept for the operator.
func (s *Store) MarkDead(ctx context.Context, id int64, reason string) error {
	return s.finishOutbox(ctx, id, "dead", 0, reason)
}

func (s *Store) finishOutbox(ctx context.Context, id int64, state string, messageID int, reason string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = ?, message_id = ?, last_error = CASE WHEN ? = '' THEN last_error ELSE ? END,
			attempts = attempts + (? = 'dead'), done_at = ? WHERE id = ? AND state = 'pending'`,
			state, messageID, reason, reason, state, s.nowMilli(), id)
		if err != nil {
			return fmt.Errorf("mark outbox message %d %s: %w", id, state, err)
		}
		return mustTouch(res, id)
	})
}

// MarkRetry counts a failed attempt at outbox message id and holds it until
// nextAt.
func (s *Store) MarkRetry(ctx context.Context, id int64, nextAt time.Time, reason string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ?
			WHERE id = ? AND state = 'pending'`, nextAt.UTC().UnixMilli(), reason, id)
		if err != nil {
			return fmt.Errorf("mark outbox message %d for retry: %w", id, err)
		}
		return mustTouch(res, id)
	})
}

// mustTouch turns an update that matched no pending row into ENOTFOUND.
func mustTouch(res sql.Result, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return duban.Errorf(duban.ENOTFOUND, "pending outbox message %d not found", id)
	}
	return nil
}

// PostponeChat holds every pending message of a chat until at least until,
// without counting an attempt: the chat is being paced or Telegram asked to
// wait (429).
func (s *Store) PostponeChat(ctx context.Context, chatID int64, until time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET next_at = MAX(next_at, ?) WHERE chat_id = ? AND state = 'pending'`,
			until.UTC().UnixMilli(), chatID)
		if err != nil {
			return fmt.Errorf("postpone chat %d: %w", chatID, err)
		}
		return nil
	})
}

// OutboxStats returns the outbox depth and the age of its oldest message.
func (s *Store) OutboxStats(ctx context.Context) (duban.OutboxStats, error) {
	var (
		st     duban.OutboxStats
		oldest sql.NullInt64
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM outbox WHERE state = 'pending'),
			(SELECT COUNT(*) FROM outbox WHERE state = 'dead'),
			(SELECT MIN(created_at) FROM outbox WHERE state = 'pending')`).Scan(&st.Pending, &st.Dead, &oldest)
	})
	if err != nil {
		return st, fmt.Errorf("load outbox stats: %w", err)
	}
	if oldest.Valid {
		if age := s.Now().Sub(fromMilli(oldest)); age > 0 {
			st.Oldest = age
		}
	}
	return st, nil
}

// PruneOutbox forgets finished messages (sent, dead, dropped) and runs
// older than before, and the files no message refers to any more. A run
// older than its job's catch-up window can never be due again, so keeping
// a few months of them is plenty.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) error {
	cut := before.UTC().UnixMilli()
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM outbox WHERE state <> 'pending' AND done_at < ?`,
			`DELETE FROM runs WHERE done_at < ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, cut); err != nil {
				return fmt.Errorf("prune outbox: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_files WHERE id NOT IN (SELECT file_id FROM outbox WHERE file_id IS NOT NULL)`); err != nil {
			return fmt.Errorf("prune outbox files: %w", err)
		}
		return nil
	})
}

// moveOutbox moves a chat's pending messages and done periods to its new id
// in tx, for MigrateChat.
func moveOutbox(ctx context.Context, tx *sql.Tx, old, new int64) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND state = 'pending'`, new, old)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	// A period done under both ids stays done once.
	if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE runs SET chat_id = ? WHERE chat_id = ?`, new, old); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE chat_id = ?`, old); err != nil {
		return 0, err
	}
	return int(n), nil
}
