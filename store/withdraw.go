package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/duban-bot/duban/duban"
)

// LastReportBy returns the newest report userID made since the given time,
// on item number (any item when number is 0), among the items the context's
// scope sees; ENOTFOUND when there is none. /undo uses it.
func (s *Store) LastReportBy(ctx context.Context, userID int64, number int, since time.Time) (duban.Progress, error) {
	var p duban.Progress
	err := s.read(ctx, func(tx *sql.Tx) error {
		list, err := queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.user_id = ? AND r.created_at >= ? AND (? = 0 OR i.number = ?) AND i.deleted_at IS NULL`+scopeClause(ctx)+`
			ORDER BY r.created_at DESC, r.id DESC LIMIT 1`, userID, since.UTC().UnixMilli(), number, number)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return duban.Errorf(duban.ENOTFOUND, "no report by %d since %s", userID, since.UTC().Format(time.RFC3339))
		}
		p = list[0]
		return nil
	})
	if err != nil && duban.ErrorCode(err) != duban.ENOTFOUND {
		return p, fmt.Errorf("load last report of %d: %w", userID, err)
	}
	return p, err
}

// WithdrawReport takes report id back, in one transaction: the report
// leaves the progress table (and so every list, search, summary and
// ledger) and is kept in withdrawn_progress; the item's status, percent and
// last report time become what its remaining reports and edits say; the
// audit trail records a "withdraw" change with the report's text. It
// returns the report and the item as it now stands; ENOTFOUND when the
// report does not exist (withdrawn already) or its item is not visible.
func (s *Store) WithdrawReport(ctx context.Context, id int64) (duban.Progress, duban.Item, error) {
	var (
		p  duban.Progress
		it duban.Item
	)
	err := s.write(ctx, func(tx *sql.Tx) error {
		list, err := queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.id = ? AND i.deleted_at IS NULL`+scopeClause(ctx), id)
		if err != nil {
			return fmt.Errorf("load report: %w", err)
		}
		if len(list) == 0 {
			return duban.Errorf(duban.ENOTFOUND, "report %d not found", id)
		}
		p = list[0]
		if it, err = itemByNumber(ctx, tx, p.ItemNumber); err != nil {
			return err
		}
		before := duban.SnapshotOf(it)
		before.Report = p.Text
		a := duban.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO withdrawn_progress (id, item_id, chat_id, user_id, user_name, text, percent,
			done, note, update_id, created_at, withdrawn_at, withdrawn_by, withdrawn_by_name, message_id)
			SELECT id, item_id, chat_id, user_id, user_name, text, percent, done, note, update_id, created_at, ?, ?, ?, message_id
			FROM progress WHERE id = ?`, s.nowMilli(), a.UserID, a.Name, id); err != nil {
			return fmt.Errorf("keep withdrawn report: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM progress_fts WHERE docid = ?`, id); err != nil {
			return fmt.Errorf("unindex report: %w", err)
		}
		var baseStatus sql.NullString
		var basePercent sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT before_status, before_percent FROM progress WHERE id = ?`, id).
			Scan(&baseStatus, &basePercent); err != nil {
			return fmt.Errorf("load report: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM progress WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete report: %w", err)
		}
		base := it
		if st := duban.Status(baseStatus.String); baseStatus.Valid && st.Valid() && basePercent.Valid {
			base.Status, base.Percent = st, int(basePercent.Int64)
		}
		if err := s.replay(ctx, tx, &base, p); err != nil {
			return err
		}
		it.Status, it.Percent, it.LastReportAt = base.Status, base.Percent, base.LastReportAt
		// A closing request taken back: nothing awaits review any more.
		if _, err := withdrawClosing(ctx, tx, &it, p.ID); err != nil {
			return fmt.Errorf("withdraw closing request: %w", err)
		}
		markDone(&it, s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE items SET status = ?, percent = ?, last_report_at = ?, updated_at = ?, done_at = ? WHERE id = ?`,
			it.Status, it.Percent, nullMilli(it.LastReportAt), s.nowMilli(), nullMilli(it.DoneAt), it.ID); err != nil {
			return fmt.Errorf("update item: %w", err)
		}
		return s.audit(ctx, tx, duban.ChangeWithdraw, it.ID, "", before, duban.SnapshotOf(it))
	})
	if err != nil && duban.ErrorCode(err) != duban.ENOTFOUND {
		return p, it, fmt.Errorf("withdraw report %d: %w", id, err)
	}
	return p, it, err
}

// replay brings it, in the state it had just before the withdrawn report
// w, forward over what happened after w: the remaining later reports apply
// as they did (duban.Item.ApplyReport), and edits that changed the status or the
// percent set them again. Each later report's before state is rewritten,
// so that withdrawing it too starts from the right place. it.LastReportAt
// becomes the newest remaining report's time.
func (s *Store) replay(ctx context.Context, tx *sql.Tx, it *duban.Item, w duban.Progress) error {
	type event struct {
		at     int64
		report *duban.Progress
		edit   *[2]duban.ItemSnapshot
	}
	var events []event
	rows, err := tx.QueryContext(ctx, `SELECT id, percent, done, note, created_at FROM progress
		WHERE item_id = ? AND id > ? ORDER BY id`, it.ID, w.ID)
	if err != nil {
		return fmt.Errorf("load later reports: %w", err)
	}
	for rows.Next() {
		var (
			p       = duban.Progress{Percent: duban.NoPercent}
			percent sql.NullInt64
			at      int64
		)
		if err := rows.Scan(&p.ID, &percent, &p.Done, &p.Note, &at); err != nil {
			rows.Close()
			return fmt.Errorf("load later reports: %w", err)
		}
		if percent.Valid {
			p.Percent = int(percent.Int64)
		}
		events = append(events, event{at: at, report: &p})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load later reports: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT at, before, after FROM audit WHERE item_id = ? AND at >= ?
		AND action NOT IN ('progress', 'done', 'withdraw') AND before IS NOT NULL AND after IS NOT NULL ORDER BY id`,
		it.ID, w.CreatedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("load later edits: %w", err)
	}
	for rows.Next() {
		var (
			at            int64
			before, after string
			snaps         [2]duban.ItemSnapshot
		)
		if err := rows.Scan(&at, &before, &after); err != nil {
			rows.Close()
			return fmt.Errorf("load later edits: %w", err)
		}
		if json.Unmarshal([]byte(before), &snaps[0]) == nil && json.Unmarshal([]byte(after), &snaps[1]) == nil {
			events = append(events, event{at: at, edit: &snaps})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load later edits: %w", err)
	}
	// Reports are in id order and edits in audit order; merge them by
	// time, an edit first when both carry the same millisecond.
	slices.SortStableFunc(events, func(a, b event) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(btoi(a.report != nil), btoi(b.report != nil))
	})
	for _, e := range events {
		if e.edit != nil {
			before, after := e.edit[0], e.edit[1]
			if after.Status != before.Status && duban.Status(after.Status).Valid() {
				it.Status = duban.Status(after.Status)
			}
			if after.Percent != before.Percent && after.Percent >= 0 && after.Percent <= 100 {
				it.Percent = after.Percent
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE progress SET before_status = ?, before_percent = ? WHERE id = ?`,
			it.Status, it.Percent, e.report.ID); err != nil {
			return fmt.Errorf("update later report: %w", err)
		}
		it.ApplyReport(*e.report)
	}
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(created_at) FROM progress WHERE item_id = ?`, it.ID).Scan(&last); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("last report time: %w", err)
	}
	it.LastReportAt = fromMilli(last)
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
