package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// itemColumns is the select list scanItem reads, in order.
const itemColumns = `i.id, i.plan_id, i.number, i.code, COALESCE(p.number, 0), i.kind, i.title, i.body,
	i.owner, i.partners, i.deadline, i.deadline_text, i.target, i.status, i.percent, i.position,
	i.created_at, i.updated_at, i.last_report_at,
	i.start, i.original_deadline, i.original_deadline_text, i.milestones, i.done_at,
	(SELECT year FROM plans WHERE id = i.plan_id), i.review_id`

// itemFrom joins the parent so that its number can be shown.
const itemFrom = ` FROM items i LEFT JOIN items p ON p.id = i.parent_id `

type scanner interface{ Scan(...any) error }

func scanItem(row scanner) (duban.Item, error) {
	var (
		it                 duban.Item
		partners           string
		deadline           sql.NullString
		created, updated   int64
		lastReport, doneAt sql.NullInt64
		kind, status, code string
		start, original    sql.NullString
		milestones         string
		planYear           sql.NullInt64
	)
	err := row.Scan(&it.ID, &it.PlanID, &it.Number, &code, &it.ParentNumber, &kind, &it.Title, &it.Body,
		&it.Owner, &partners, &deadline, &it.DeadlineText, &it.Target, &status, &it.Percent, &it.Position,
		&created, &updated, &lastReport,
		&start, &original, &it.OriginalDeadlineText, &milestones, &doneAt, &planYear, &it.Review)
	if err != nil {
		return it, err
	}
	it.Start, it.OriginalDeadline = scanDate(start), scanDate(original)
	it.DoneAt, it.PlanYear = fromMilli(doneAt), int(planYear.Int64)
	if milestones != "" {
		if err := json.Unmarshal([]byte(milestones), &it.Milestones); err != nil {
			return it, fmt.Errorf("item #%d milestones: %w", it.Number, err)
		}
	}
	it.Code = code
	it.Kind = duban.Kind(kind)
	it.Status = duban.Status(status)
	it.Partners = splitPartners(partners)
	it.Deadline = scanDate(deadline)
	it.CreatedAt = fromMilli(sql.NullInt64{Int64: created, Valid: true})
	it.UpdatedAt = fromMilli(sql.NullInt64{Int64: updated, Valid: true})
	it.LastReportAt = fromMilli(lastReport)
	return it, nil
}

func queryItems(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]duban.Item, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []duban.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

func joinPartners(p []string) string {
	var out []string
	for _, s := range p {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "、")
}

func splitPartners(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "、")
}

// validateItem checks the fields a user can set.
func validateItem(it *duban.Item) error {
	it.Title = strings.TrimSpace(it.Title)
	it.Owner = duban.NormalizeOwner(it.Owner)
	switch {
	case it.Title == "":
		return duban.Errorf(duban.EINVALID, "item title is empty")
	case len([]rune(it.Title)) > 500:
		return duban.Errorf(duban.EINVALID, "item title is longer than 500 characters")
	case len([]rune(it.Body)) > 20000:
		return duban.Errorf(duban.EINVALID, "item body is longer than 20000 characters")
	case it.Percent < 0 || it.Percent > 100:
		return duban.Errorf(duban.EINVALID, "percent must be between 0 and 100")
	}
	if it.Kind == "" {
		it.Kind = duban.KindTask
	}
	if it.Kind != duban.KindTask && it.Kind != duban.KindSection {
		return duban.Errorf(duban.EINVALID, "unknown item kind %q", it.Kind)
	}
	if it.Status == "" {
		it.Status = duban.StatusTodo
	}
	if !it.Status.Valid() {
		return duban.Errorf(duban.EINVALID, "unknown status %q", it.Status)
	}
	return nil
}

// CreateItem adds a task or section to plan it.PlanID (the default plan when
// zero) and sets its Number, ID and timestamps. A ParentNumber must name an
// existing item.
func (s *Store) CreateItem(ctx context.Context, it *duban.Item) error {
	if err := validateItem(it); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if it.PlanID == 0 {
			p, err := s.defaultPlan(ctx, tx)
			if err != nil {
				return err
			}
			it.PlanID = p.ID
		}
		if err := s.insertItem(ctx, tx, it); err != nil {
			return err
		}
		return s.audit(ctx, tx, duban.ChangeAdd, it.ID, "", nil, duban.SnapshotOf(*it))
	})
}

func (s *Store) insertItem(ctx context.Context, tx *sql.Tx, it *duban.Item) error {
	var parentID, topID sql.NullInt64
	if it.ParentNumber != 0 {
		var pTop sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, top_id FROM items WHERE number = ? AND deleted_at IS NULL`, it.ParentNumber).Scan(&parentID, &pTop)
		if errors.Is(err, sql.ErrNoRows) {
			return duban.Errorf(duban.ENOTFOUND, "parent item #%d not found", it.ParentNumber)
		} else if err != nil {
			return fmt.Errorf("find parent: %w", err)
		}
		topID = pTop
		if !topID.Valid {
			topID = parentID
		}
	}
	if it.Number == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM items`).Scan(&it.Number); err != nil {
			return fmt.Errorf("next item number: %w", err)
		}
	}
	if it.Position == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM items WHERE plan_id = ?`, it.PlanID).Scan(&it.Position); err != nil {
			return fmt.Errorf("next position: %w", err)
		}
	}
	now := s.nowMilli()
	created := now // unless the caller knows better (the demo's plan began in January)
	if !it.CreatedAt.IsZero() {
		created = it.CreatedAt.UTC().UnixMilli()
	}
	ms, err := milestonesJSON(it.Milestones)
	if err != nil {
		return err
	}
	markDone(it, s.Now())
	res, err := tx.ExecContext(ctx, `INSERT INTO items (plan_id, number, code, parent_id, top_id, kind, title, body, owner,
		partners, deadline, deadline_text, target, status, percent, position, created_at, updated_at, last_report_at,
		start, original_deadline, original_deadline_text, milestones, done_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.PlanID, it.Number, it.Code, parentID, topID, it.Kind, it.Title, it.Body, it.Owner,
		joinPartners(it.Partners), nullDate(it.Deadline), it.DeadlineText, it.Target, it.Status, it.Percent,
		it.Position, created, now, nullMilli(it.LastReportAt),
		nullDate(it.Start), nullDate(it.OriginalDeadline), it.OriginalDeadlineText, ms, nullMilli(it.DoneAt))
	if isConstraint(err) {
		return duban.Errorf(duban.ECONFLICT, "item #%d already exists", it.Number)
	} else if err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	if it.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	it.CreatedAt = fromMilli(sql.NullInt64{Int64: created, Valid: true})
	it.UpdatedAt = fromMilli(sql.NullInt64{Int64: now, Valid: true})
	return indexItem(ctx, tx, *it)
}

// Item returns the item with the number users type.
func (s *Store) Item(ctx context.Context, number int) (duban.Item, error) {
	var it duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		it, err = itemByNumber(ctx, tx, number)
		return err
	})
	return it, err
}

func itemByNumber(ctx context.Context, tx *sql.Tx, number int) (duban.Item, error) {
	it, err := scanItem(tx.QueryRowContext(ctx, `SELECT `+itemColumns+itemFrom+`WHERE i.number = ? AND i.deleted_at IS NULL`+scopeClause(ctx), number))
	if errors.Is(err, sql.ErrNoRows) {
		return it, duban.Errorf(duban.ENOTFOUND, "item #%d not found", number)
	} else if err != nil {
		return it, fmt.Errorf("load item #%d: %w", number, err)
	}
	return it, nil
}

// UpdateItem loads item number, lets fn change it and saves it, in one
// transaction. fn's error aborts the update and is returned as is.
func (s *Store) UpdateItem(ctx context.Context, number int, fn func(*duban.Item) error) (duban.Item, error) {
	var it duban.Item
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if it, err = itemByNumber(ctx, tx, number); err != nil {
			return err
		}
		before := duban.SnapshotOf(it)
		if err := fn(&it); err != nil {
			return err
		}
		if err := validateItem(&it); err != nil {
			return err
		}
		if err := s.saveItem(ctx, tx, &it); err != nil {
			return err
		}
		if after := duban.SnapshotOf(it); !sameSnapshot(before, after) {
			return s.audit(ctx, tx, duban.ChangeEdit, it.ID, "", before, after)
		}
		return nil
	})
	return it, err
}

// saveItem writes the user-editable fields of it back.
func (s *Store) saveItem(ctx context.Context, tx *sql.Tx, it *duban.Item) error {
	now := s.nowMilli()
	ms, err := milestonesJSON(it.Milestones)
	if err != nil {
		return err
	}
	markDone(it, s.Now())
	// ?10 is the status: a closed or cancelled item awaits no review.
	_, err = tx.ExecContext(ctx, `UPDATE items SET code = ?, kind = ?, title = ?, body = ?, owner = ?, partners = ?,
		deadline = ?, deadline_text = ?, target = ?, status = ?, percent = ?, position = ?, updated_at = ?,
		start = ?, original_deadline = ?, original_deadline_text = ?, milestones = ?, done_at = ?,
		review_id = CASE WHEN ?10 IN ('done', 'cancelled') THEN 0 ELSE review_id END
		WHERE id = ?`,
		it.Code, it.Kind, it.Title, it.Body, it.Owner, joinPartners(it.Partners), nullDate(it.Deadline),
		it.DeadlineText, it.Target, it.Status, it.Percent, it.Position, now,
		nullDate(it.Start), nullDate(it.OriginalDeadline), it.OriginalDeadlineText, ms, nullMilli(it.DoneAt), it.ID)
	if err != nil {
		return fmt.Errorf("save item #%d: %w", it.Number, err)
	}
	if !it.Open() {
		it.Review = 0 // closed or cancelled by an edit: a pending request no longer applies
	}
	it.UpdatedAt = fromMilli(sql.NullInt64{Int64: now, Valid: true})
	return indexItem(ctx, tx, *it)
}

// DeleteItem removes item number from every view. Its row and reports are
// kept (reports are never lost) and its number is never reused. Items under
// a deleted section move up to the section's parent.
func (s *Store) DeleteItem(ctx context.Context, number int) (duban.Item, error) {
	var it duban.Item
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if it, err = itemByNumber(ctx, tx, number); err != nil {
			return err
		}
		var parent sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM items WHERE id = ?`, it.ID).Scan(&parent); err != nil {
			return fmt.Errorf("delete item: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET parent_id = ? WHERE parent_id = ?`, parent, it.ID); err != nil {
			return fmt.Errorf("delete item: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET top_id = CASE WHEN ? IS NULL THEN NULL ELSE top_id END
			WHERE top_id = ?`, parent, it.ID); err != nil {
			return fmt.Errorf("delete item: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET deleted_at = ?, updated_at = ? WHERE id = ?`, s.nowMilli(), s.nowMilli(), it.ID); err != nil {
			return fmt.Errorf("delete item: %w", err)
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM items_fts WHERE docid = ?`, it.ID); err != nil {
			return fmt.Errorf("delete item: %w", err)
		}
		return s.audit(ctx, tx, duban.ChangeDelete, it.ID, "", duban.SnapshotOf(it), nil)
	})
	return it, err
}

// DueItems returns open tasks with a deadline in [from, to], by deadline then
// owner, at most limit of them (0 = all), and how many there are in all.
func (s *Store) DueItems(ctx context.Context, from, to duban.Date, limit int) ([]duban.Item, int, error) {
	return s.deadlineRange(ctx, from.String(), to.String(), limit)
}

// OverdueItems returns open tasks whose deadline is before today, oldest
// deadline first, and their total.
func (s *Store) OverdueItems(ctx context.Context, today duban.Date, limit int) ([]duban.Item, int, error) {
	return s.deadlineRange(ctx, "0000-00-00", today.AddDays(-1).String(), limit)
}

func (s *Store) deadlineRange(ctx context.Context, from, to string, limit int) ([]duban.Item, int, error) {
	var (
		items []duban.Item
		total int
	)
	where := ` WHERE i.status IN ('todo', 'doing') AND i.deleted_at IS NULL AND i.kind = 'task'
		AND i.deadline IS NOT NULL AND i.deadline BETWEEN ? AND ? ` + scopeClause(ctx) + ` `
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+where+`ORDER BY i.deadline, i.owner, i.number LIMIT ?`,
			from, to, sqlLimit(limit))
		if err != nil {
			return err
		}
		total = len(items)
		if limit > 0 && total == limit { // there may be more: count them
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM items i`+where, from, to).Scan(&total)
		}
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("load items due %s..%s: %w", from, to, err)
	}
	return items, total, nil
}

func sqlLimit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// Owners returns the owner names that contain q (all when q is empty), the
// exact match first, then by number of items.
func (s *Store) Owners(ctx context.Context, q string) ([]string, error) {
	names, err := s.unitNames(ctx, "owners", q)
	if err != nil {
		return nil, fmt.Errorf("load owners: %w", err)
	}
	return names, nil
}

// OwnerItems returns the open tasks owned by any of owners, by deadline
// (items without one last), at most limit, and their total.
func (s *Store) OwnerItems(ctx context.Context, owners []string, limit int) ([]duban.Item, int, error) {
	items, total, err := s.unitItems(ctx, "", `i.owner IN (`+placeholders(len(owners))+`)`, owners, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("load owner items: %w", err)
	}
	return items, total, nil
}

// Children returns the items directly under item number, in plan order.
func (s *Store) Children(ctx context.Context, number int) ([]duban.Item, error) {
	var items []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
			`WHERE p.number = ? AND i.deleted_at IS NULL`+scopeClause(ctx)+` ORDER BY i.position`, number)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load children of #%d: %w", number, err)
	}
	return items, nil
}

// PlanItems returns every live item of a plan (all plans when planID is 0)
// in plan order. It is for the ledger, the briefing and summaries, not for
// the message hot path.
func (s *Store) PlanItems(ctx context.Context, planID int64) ([]duban.Item, error) {
	var items []duban.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
			`WHERE i.deleted_at IS NULL AND (? = 0 OR i.plan_id = ?)`+scopeClause(ctx)+` ORDER BY i.plan_id, i.position`, planID, planID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load plan items: %w", err)
	}
	return items, nil
}

// Outline returns the top-level sections of every plan with the counts of
// the tasks under them (tasks at top level form a section of their own with
// a zero Section.Number).
func (s *Store) Outline(ctx context.Context, today duban.Date) ([]duban.Plan, map[int64][]duban.SectionCount, error) {
	var plans []duban.Plan
	out := map[int64][]duban.SectionCount{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if plans, err = listPlans(ctx, tx); err != nil {
			return err
		}
		sections, err := queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
			`WHERE i.parent_id IS NULL AND i.deleted_at IS NULL AND i.kind = 'section'`+scopeClause(ctx)+` ORDER BY i.plan_id, i.position`)
		if err != nil {
			return err
		}
		index := map[int64]int{} // section id -> position in out[plan]
		loose := map[int64]int{} // plan id -> position of its top-level tasks
		for _, sec := range sections {
			index[sec.ID] = len(out[sec.PlanID])
			out[sec.PlanID] = append(out[sec.PlanID], duban.SectionCount{Section: sec})
		}
		rows, err := tx.QueryContext(ctx, `SELECT plan_id, COALESCE(top_id, 0),
			SUM(status = 'done'),
			SUM(status IN ('todo', 'doing')),
			SUM(status IN ('todo', 'doing') AND deadline IS NOT NULL AND deadline < ?)
			FROM items i WHERE deleted_at IS NULL AND kind = 'task'`+scopeClause(ctx)+`
			GROUP BY plan_id, COALESCE(top_id, 0)`, today.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				planID, top         int64
				done, open, overdue int
			)
			if err := rows.Scan(&planID, &top, &done, &open, &overdue); err != nil {
				return err
			}
			i, ok := index[top]
			if !ok { // tasks outside any section
				if i, ok = loose[planID]; !ok {
					out[planID] = append(out[planID], duban.SectionCount{Section: duban.Item{PlanID: planID}})
					i = len(out[planID]) - 1
					loose[planID] = i
				}
			}
			sc := &out[planID][i]
			sc.Done += done
			sc.Open += open
			sc.Overdue += overdue
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load outline: %w", err)
	}
	return plans, out, nil
}

// milestonesJSON is how milestones are stored: a JSON array, "" for none.
func milestonesJSON(ms []duban.Milestone) (string, error) {
	if len(ms) == 0 {
		return "", nil
	}
	data, err := json.Marshal(ms)
	if err != nil {
		return "", fmt.Errorf("encode milestones: %w", err)
	}
	return string(data), nil
}

// markDone keeps DoneAt with the status: set when the item is closed (now,
// unless the caller set it), cleared when it is open again.
func markDone(it *duban.Item, now time.Time) {
	switch {
	case it.Status == duban.StatusDone && it.DoneAt.IsZero():
		it.DoneAt = now
	case it.Status != duban.StatusDone:
		it.DoneAt = time.Time{}
	}
}
