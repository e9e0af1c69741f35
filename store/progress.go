package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// AddProgress records a report on item p.ItemNumber and applies it to the
// item in the same transaction (duban.Item.ApplyReport): a stated percent becomes
// the item's, a closing report (p.Done) marks it done at 100%, any other
// report but a note (p.Note) moves a not-started item to in progress. When
// updateID is set and a report from that update exists already (or was
// withdrawn), nothing is written and dup is true: a redelivered update
// records one report.
func (s *Store) AddProgress(ctx context.Context, p *duban.Progress, updateID int64) (it duban.Item, dup bool, err error) {
	it, _, dup, err = s.addProgress(ctx, p, updateID, false)
	return it, dup, err
}

// addProgress records report p; with claim it is a closing request
// (申请办结) instead of a closing: see RequestClose.
func (s *Store) addProgress(ctx context.Context, p *duban.Progress, updateID int64, claim bool) (it duban.Item, c duban.Closing, dup bool, err error) {
	p.Text = strings.TrimSpace(p.Text)
	switch {
	case p.Percent != duban.NoPercent && (p.Percent < 0 || p.Percent > 100):
		return it, c, false, duban.Errorf(duban.EINVALID, "percent must be between 0 and 100")
	case len([]rune(p.Text)) > duban.MaxReportRunes:
		return it, c, false, duban.Errorf(duban.EINVALID, "report is longer than %d characters", duban.MaxReportRunes)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if it, err = itemByNumber(ctx, tx, p.ItemNumber); err != nil {
			return err
		}
		if it.Kind != duban.KindTask {
			return duban.Errorf(duban.EINVALID, "#%d is a section, not a task", it.Number)
		}
		if updateID != 0 {
			var existing int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM progress WHERE update_id = ?1
				UNION ALL SELECT id FROM withdrawn_progress WHERE update_id = ?1`, updateID).Scan(&existing)
			if err == nil {
				dup = true
				p.ID = existing
				if claim && it.Review != 0 {
					c, err = closingByID(ctx, tx, it.Review)
				}
				return err
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("check update: %w", err)
			}
		}
		if claim && it.Review != 0 {
			c, err = closingByID(ctx, tx, it.Review)
			if err != nil {
				return err
			}
			return duban.Errorf(duban.ECONFLICT, "#%d awaits review already", it.Number)
		}
		if claim {
			// The request is a report in words; the percent it states, if
			// any, is the claim of 100% that the review accepts or not.
			p.Done, p.Note, p.Percent = false, false, duban.NoPercent
		}
		now := s.Now().UTC()
		if p.CreatedAt.IsZero() {
			p.CreatedAt = now
		}
		p.ItemID = it.ID
		var percent any
		if p.Percent != duban.NoPercent {
			percent = p.Percent
		}
		var upd any
		if updateID != 0 {
			upd = updateID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO progress (item_id, chat_id, user_id, user_name, text, percent, done, note,
			update_id, created_at, before_status, before_percent, message_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			it.ID, p.ChatID, p.UserID, p.UserName, p.Text, percent, p.Done, p.Note && !p.Done, upd, p.CreatedAt.UnixMilli(),
			it.Status, it.Percent, p.MessageID)
		if err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		p.ID, _ = res.LastInsertId()
		before := duban.SnapshotOf(it)
		if claim {
			if c, err = s.openClosing(ctx, tx, &it, *p); err != nil {
				return err
			}
		} else {
			it.ApplyReport(*p)
		}
		it.LastReportAt = p.CreatedAt
		markDone(&it, p.CreatedAt)
		if !claim && !it.Open() {
			it.Review = 0 // closed directly: a pending request no longer applies
		}
		if !s.skip.itemUpdate {
			// The status is in most of the item indexes, which SQLite rewrites
			// whenever an UPDATE sets it: set it only when it changes (a
			// report on a task in progress leaves it so).
			q := `UPDATE items SET percent = ?2, last_report_at = ?3, updated_at = ?4, done_at = ?5, review_id = ?6 WHERE id = ?7`
			if string(it.Status) != before.Status {
				q = `UPDATE items SET status = ?1, percent = ?2, last_report_at = ?3, updated_at = ?4, done_at = ?5, review_id = ?6 WHERE id = ?7`
			}
			if _, err := tx.ExecContext(ctx, q, it.Status, it.Percent, p.CreatedAt.UnixMilli(), now.UnixMilli(), nullMilli(it.DoneAt),
				it.Review, it.ID); err != nil {
				return fmt.Errorf("update item: %w", err)
			}
		}
		if p.Text != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO progress_fts (docid, tokens) VALUES (?, ?)`, p.ID, Tokens(p.Text)); err != nil {
				return fmt.Errorf("index report: %w", err)
			}
		}
		action := duban.ChangeProgress
		switch {
		case claim:
			action = duban.ChangeCloseAsk
		case it.Status == duban.StatusDone && before.Status != string(duban.StatusDone):
			action = duban.ChangeDone
		}
		if s.skip.audit {
			return nil
		}
		after := duban.SnapshotOf(it)
		after.Report = p.Text
		return s.audit(ctx, tx, action, it.ID, "", before, after)
	})
	return it, c, dup, err
}

const progressColumns = `r.id, r.item_id, i.number, r.chat_id, r.user_id, r.user_name, r.text, r.percent, r.done, r.note, r.created_at, r.message_id`

func queryProgress(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]duban.Progress, error) {
	return queryProgressInto(ctx, tx, nil, query, args...)
}

// queryProgressInto is queryProgress appending to out, which may be made
// with room for the reports.
func queryProgressInto(ctx context.Context, tx *sql.Tx, out []duban.Progress, query string, args ...any) ([]duban.Progress, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			p       duban.Progress
			percent sql.NullInt64
			at      int64
		)
		if err := rows.Scan(&p.ID, &p.ItemID, &p.ItemNumber, &p.ChatID, &p.UserID, &p.UserName, &p.Text, &percent, &p.Done, &p.Note, &at,
			&p.MessageID); err != nil {
			return nil, err
		}
		p.Percent = duban.NoPercent
		if percent.Valid {
			p.Percent = int(percent.Int64)
		}
		p.CreatedAt = time.UnixMilli(at).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// ReportsOfMessage returns the reports that chat message recorded (one,
// or one per item of a message about several), oldest first.
func (s *Store) ReportsOfMessage(ctx context.Context, chatID int64, messageID int) ([]duban.Progress, error) {
	if messageID == 0 {
		return nil, nil
	}
	var out []duban.Progress
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.chat_id = ? AND r.message_id = ? AND i.deleted_at IS NULL`+scopeClause(ctx)+` ORDER BY r.id`, chatID, messageID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reports of message %d: %w", messageID, err)
	}
	return out, nil
}

// Reports returns the latest reports on item number, newest first.
func (s *Store) Reports(ctx context.Context, number, limit int) ([]duban.Progress, error) {
	var out []duban.Progress
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE i.number = ?`+scopeClause(ctx)+` ORDER BY r.id DESC LIMIT ?`, number, sqlLimit(limit))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load reports on #%d: %w", number, err)
	}
	return out, nil
}

// ReportsBetween returns the reports made in [from, to), oldest first, on
// the items that existed at to (deleted later or not at all); for
// briefings, ledgers and summaries, which describe a period as it stood at
// its end.
func (s *Store) ReportsBetween(ctx context.Context, from, to time.Time) ([]duban.Progress, error) {
	var out []duban.Progress
	err := s.read(ctx, func(tx *sql.Tx) error {
		// A month of a big plan is tens of thousands of reports: counted
		// first (progress_created alone), they are read into a slice with
		// room for them.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM progress WHERE created_at >= ? AND created_at < ?`,
			from.UTC().UnixMilli(), to.UTC().UnixMilli()).Scan(&n); err != nil {
			return err
		}
		var err error
		out, err = queryProgressInto(ctx, tx, withRoom[duban.Progress](n), `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.created_at >= ?1 AND r.created_at < ?2 AND (i.deleted_at IS NULL OR i.deleted_at >= ?2)`+scopeClause(ctx)+` ORDER BY r.created_at, r.id`,
			from.UTC().UnixMilli(), to.UTC().UnixMilli())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load reports: %w", err)
	}
	return out, nil
}

// LatestReports returns the newest report of each of the given items, by
// item id; for the ledger's 最新进展 column.
func (s *Store) LatestReports(ctx context.Context, planID int64) (map[int64]duban.Progress, error) {
	out := map[int64]duban.Progress{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		list, err := queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.id IN (SELECT MAX(id) FROM progress GROUP BY item_id)
			AND i.deleted_at IS NULL AND (? = 0 OR i.plan_id = ?)`+scopeClause(ctx), planID, planID)
		for _, p := range list {
			out[p.ItemID] = p
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load latest reports: %w", err)
	}
	return out, nil
}
