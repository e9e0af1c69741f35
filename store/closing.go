package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
)

// RequestClose records p as a closing request (申请办结) on item
// p.ItemNumber, in one transaction: the report is kept (without its
// percent: the request claims the whole), the item goes to in progress at
// 100% and awaits review (Item.Review), and a pending Closing remembers
// its status and percent before, to restore on 退回. An item awaiting
// review already is an ECONFLICT error with that request in c. A
// redelivered update (updateID) writes nothing and returns dup.
func (s *Store) RequestClose(ctx context.Context, p *duban.Progress, updateID int64) (it duban.Item, c duban.Closing, dup bool, err error) {
	it, c, dup, err = s.addProgress(ctx, p, updateID, true)
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		err = fmt.Errorf("request closing #%d: %w", p.ItemNumber, err)
	}
	return it, c, dup, err
}

// openClosing writes the pending closing of report p on it and marks it
// awaiting review at 100%.
func (s *Store) openClosing(ctx context.Context, tx *sql.Tx, it *duban.Item, p duban.Progress) (duban.Closing, error) {
	c := duban.Closing{ItemID: it.ID, ItemNumber: it.Number, ProgressID: p.ID, ChatID: p.ChatID, UserID: p.UserID,
		UserName: p.UserName, Text: p.Text, PrevStatus: it.Status, PrevPercent: it.Percent, State: duban.ClosingPending,
		CreatedAt: p.CreatedAt}
	res, err := tx.ExecContext(ctx, `INSERT INTO closings (item_id, progress_id, chat_id, user_id, user_name, text, prev_status, prev_percent, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ItemID, c.ProgressID, c.ChatID, c.UserID, c.UserName, c.Text, c.PrevStatus, c.PrevPercent,
		c.CreatedAt.UnixMilli())
	if err != nil {
		return c, fmt.Errorf("insert closing: %w", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return c, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE items SET review_id = ? WHERE id = ?`, c.ID, it.ID); err != nil {
		return c, fmt.Errorf("mark review: %w", err)
	}
	it.Review, it.Status, it.Percent = c.ID, duban.StatusDoing, 100
	return c, nil
}

const closingColumns = `c.id, c.item_id, i.number, c.progress_id, c.chat_id, c.user_id, c.user_name, c.text, c.prev_status, c.prev_percent,
	c.state, c.reason, c.decided_by, c.decided_name, c.decided_at, c.reminded_at, c.created_at`

const closingFrom = ` FROM closings c JOIN items i ON i.id = c.item_id `

func scanClosing(row scanner) (duban.Closing, error) {
	var (
		c                 duban.Closing
		prev, state       string
		decided, reminded sql.NullInt64
		created           int64
	)
	err := row.Scan(&c.ID, &c.ItemID, &c.ItemNumber, &c.ProgressID, &c.ChatID, &c.UserID, &c.UserName, &c.Text, &prev, &c.PrevPercent,
		&state, &c.Reason, &c.DecidedBy, &c.DecidedName, &decided, &reminded, &created)
	if err != nil {
		return c, err
	}
	c.PrevStatus, c.State = duban.Status(prev), duban.ClosingState(state)
	c.DecidedAt, c.RemindedAt = fromMilli(decided), fromMilli(reminded)
	c.CreatedAt = fromMilli(sql.NullInt64{Int64: created, Valid: true})
	return c, nil
}

func closingByID(ctx context.Context, tx *sql.Tx, id int64) (duban.Closing, error) {
	c, err := scanClosing(tx.QueryRowContext(ctx, `SELECT `+closingColumns+closingFrom+`WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, duban.Errorf(duban.ENOTFOUND, "closing request %d not found", id)
	}
	return c, err
}

// Closing returns closing request id.
func (s *Store) Closing(ctx context.Context, id int64) (duban.Closing, error) {
	var c duban.Closing
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = closingByID(ctx, tx, id)
		return err
	})
	return c, err
}

// ErrClosingStale is the code of deciding a request whose item changed
// since (closed, reopened or deleted by other means): nothing is done.
const ErrClosingStale = duban.EINVALID

// DecideClose reviews pending closing request id, in one transaction with
// what it changes. Approved (销号): the item is done at 100%, closed as of
// the request (the unit finished then), its review cleared. Returned (退回)
// with a reason: the item goes back to in progress at its percent before
// the request. A request decided already is an ECONFLICT error; one whose
// item changed since (it no longer awaits this request) is an EINVALID
// one; both change nothing, and c holds the request as it stands.
func (s *Store) DecideClose(ctx context.Context, id int64, approve bool, reason string, by duban.User) (c duban.Closing, it duban.Item, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = closingByID(ctx, tx, id); err != nil {
			return err
		}
		if c.State != duban.ClosingPending {
			return duban.Errorf(duban.ECONFLICT, "closing request %d was %s already", id, c.State)
		}
		it, err = scanItem(tx.QueryRowContext(ctx, `SELECT `+itemColumns+itemFrom+`WHERE i.id = ? AND i.deleted_at IS NULL`, c.ItemID))
		if errors.Is(err, sql.ErrNoRows) || err == nil && it.Review != id {
			return duban.Errorf(ErrClosingStale, "closing request %d: the item changed since", id)
		} else if err != nil {
			return err
		}
		now := s.nowMilli()
		before := duban.SnapshotOf(it)
		action := duban.ChangeClose
		if approve {
			c.State = duban.ClosingApproved
			it.Status, it.Percent, it.DoneAt = duban.StatusDone, 100, c.CreatedAt
		} else {
			c.State, c.Reason = duban.ClosingReturned, reason
			action = duban.ChangeReturn
			it.Status, it.Percent, it.DoneAt = duban.StatusDoing, c.PrevPercent, time.Time{}
		}
		it.Review = 0
		c.DecidedBy, c.DecidedName, c.DecidedAt = by.ID, by.Name, fromMilli(sql.NullInt64{Int64: now, Valid: true})
		if _, err := tx.ExecContext(ctx, `UPDATE closings SET state = ?, reason = ?, decided_by = ?, decided_name = ?, decided_at = ? WHERE id = ?`,
			c.State, c.Reason, c.DecidedBy, c.DecidedName, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET status = ?, percent = ?, done_at = ?, review_id = 0, updated_at = ? WHERE id = ?`,
			it.Status, it.Percent, nullMilli(it.DoneAt), now, it.ID); err != nil {
			return err
		}
		after := duban.SnapshotOf(it)
		after.Report = reason
		return s.audit(ctx, tx, action, it.ID, fmt.Sprint(id), before, after)
	})
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		err = fmt.Errorf("decide closing %d: %w", id, err)
	}
	return c, it, err
}

// PendingClosings returns the requests awaiting review, oldest first, on
// live items in the context's scope.
func (s *Store) PendingClosings(ctx context.Context) ([]duban.Closing, error) {
	return s.closings(ctx, `WHERE c.state = 'pending' AND i.deleted_at IS NULL AND i.review_id = c.id`+scopeClause(ctx)+` ORDER BY c.created_at, c.id`)
}

func (s *Store) closings(ctx context.Context, where string, args ...any) ([]duban.Closing, error) {
	var out []duban.Closing
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryRows(ctx, tx, scanClosing, `SELECT `+closingColumns+closingFrom+where, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load closing requests: %w", err)
	}
	return out, nil
}

// ClosingsToRemind returns the pending requests made before the instant
// before and not reminded of since then: those the reviewers are reminded
// of (workflow.review_days), once per that many days.
func (s *Store) ClosingsToRemind(ctx context.Context, before time.Time) ([]duban.Closing, error) {
	ms := before.UTC().UnixMilli()
	return s.closings(ctx, `WHERE c.state = 'pending' AND i.deleted_at IS NULL AND i.review_id = c.id AND c.created_at < ?1
		AND (c.reminded_at IS NULL OR c.reminded_at < ?1) ORDER BY c.created_at, c.id`, ms)
}

// MarkReminded records that the reviewers were reminded of the requests
// ids now.
func (s *Store) MarkReminded(ctx context.Context, ids []int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE closings SET reminded_at = ? WHERE id = ?`, s.nowMilli(), id); err != nil {
				return err
			}
		}
		return nil
	})
}

// withdrawClosing cancels the pending request whose report, id, is being
// withdrawn: the item no longer awaits review and goes back to its
// status and percent before the request. It reports whether there was one.
func withdrawClosing(ctx context.Context, tx *sql.Tx, it *duban.Item, reportID int64) (bool, error) {
	c, err := scanClosing(tx.QueryRowContext(ctx, `SELECT `+closingColumns+closingFrom+`WHERE c.progress_id = ? AND c.state = 'pending'`, reportID))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE closings SET state = 'withdrawn' WHERE id = ?`, c.ID); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE items SET review_id = 0 WHERE id = ? AND review_id = ?`, it.ID, c.ID); err != nil {
		return false, err
	}
	it.Review, it.Status, it.Percent = 0, c.PrevStatus, c.PrevPercent
	return true, nil
}
