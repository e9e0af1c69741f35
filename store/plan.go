package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// CreatePlan adds a plan; the name must be new.
func (s *Store) CreatePlan(ctx context.Context, p *duban.Plan) error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return duban.Errorf(duban.EINVALID, "plan name is empty")
	}
	return s.write(ctx, func(tx *sql.Tx) error { return s.insertPlan(ctx, tx, p) })
}

func (s *Store) insertPlan(ctx context.Context, tx *sql.Tx, p *duban.Plan) error {
	if p.Year == 0 {
		p.Year = s.Now().Year()
	}
	now := s.nowMilli()
	res, err := tx.ExecContext(ctx, `INSERT INTO plans (name, year, source, created_at) VALUES (?, ?, ?, ?)`,
		p.Name, p.Year, p.Source, now)
	if isConstraint(err) {
		return duban.Errorf(duban.ECONFLICT, "plan %q already exists", p.Name)
	} else if err != nil {
		return fmt.Errorf("insert plan: %w", err)
	}
	p.ID, _ = res.LastInsertId()
	p.CreatedAt = fromMilli(sql.NullInt64{Int64: now, Valid: true})
	return nil
}

// Plans returns every plan, oldest first.
func (s *Store) Plans(ctx context.Context) ([]duban.Plan, error) {
	var plans []duban.Plan
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		plans, err = listPlans(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load plans: %w", err)
	}
	return plans, nil
}

func listPlans(ctx context.Context, tx *sql.Tx) ([]duban.Plan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, year, source, created_at FROM plans ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plans []duban.Plan
	for rows.Next() {
		var (
			p  duban.Plan
			at int64
		)
		if err := rows.Scan(&p.ID, &p.Name, &p.Year, &p.Source, &at); err != nil {
			return nil, err
		}
		p.CreatedAt = fromMilli(sql.NullInt64{Int64: at, Valid: true})
		plans = append(plans, p)
	}
	return plans, rows.Err()
}

// PlanByName returns the plan with that name.
func (s *Store) PlanByName(ctx context.Context, name string) (duban.Plan, error) {
	var p duban.Plan
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = planByName(ctx, tx, name)
		return err
	})
	return p, err
}

func planByName(ctx context.Context, tx *sql.Tx, name string) (duban.Plan, error) {
	var (
		p  duban.Plan
		at int64
	)
	err := tx.QueryRowContext(ctx, `SELECT id, name, year, source, created_at FROM plans WHERE name = ?`, name).
		Scan(&p.ID, &p.Name, &p.Year, &p.Source, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, duban.Errorf(duban.ENOTFOUND, "plan %q not found", name)
	} else if err != nil {
		return p, fmt.Errorf("load plan %q: %w", name, err)
	}
	p.CreatedAt = fromMilli(sql.NullInt64{Int64: at, Valid: true})
	return p, nil
}

// defaultPlan returns the newest plan, creating "<year>年工作计划" when the
// database has none, so that /add works on an empty database.
func (s *Store) defaultPlan(ctx context.Context, tx *sql.Tx) (duban.Plan, error) {
	plans, err := listPlans(ctx, tx)
	if err != nil {
		return duban.Plan{}, fmt.Errorf("load plans: %w", err)
	}
	if len(plans) > 0 {
		return plans[len(plans)-1], nil
	}
	p := duban.Plan{Year: s.Now().Year()}
	p.Name = fmt.Sprintf("%d年工作计划", p.Year)
	return p, s.insertPlan(ctx, tx, &p)
}

// ImportPlan writes a decoded plan in one transaction. items carry local
// numbers 1..N in document order, and ParentNumber refers to those local
// numbers. Importing into an existing plan of the same name updates items in
// place, matched by section code and title (or by title alone when unique),
// and keeps their numbers, codes and reports (and their body when the
// document gives none); new items get new numbers. Items of the plan
// missing from the document are left as they are.
func (s *Store) ImportPlan(ctx context.Context, plan duban.Plan, items []duban.Item) (duban.ImportResult, error) {
	var res duban.ImportResult
	plan.Name = strings.TrimSpace(plan.Name)
	if plan.Name == "" {
		return res, duban.Errorf(duban.EINVALID, "plan name is empty")
	}
	for i := range items {
		if err := validateItem(&items[i]); err != nil {
			return res, err
		}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		p, err := planByName(ctx, tx, plan.Name)
		if duban.ErrorCode(err) == duban.ENOTFOUND {
			p = plan
			err = s.insertPlan(ctx, tx, &p)
		} else if err == nil && plan.Year != 0 && plan.Year != p.Year {
			p.Year = plan.Year
			_, err = tx.ExecContext(ctx, `UPDATE plans SET year = ? WHERE id = ?`, p.Year, p.ID)
		}
		if err != nil {
			return err
		}
		res.Plan = p
		existing, err := queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+
			`WHERE i.plan_id = ? AND i.deleted_at IS NULL ORDER BY i.position`, p.ID)
		if err != nil {
			return fmt.Errorf("load plan items: %w", err)
		}
		m := newMatcher(existing)
		global := map[int]int{} // local number -> global number
		for i, in := range items {
			in.PlanID = p.ID
			in.Position = i + 1
			local := in.Number
			in.ParentNumber = global[in.ParentNumber]
			if old, ok := m.match(in); ok {
				global[local] = old.Number
				// What the document does not say stays as it was: an item
				// keeps the code people know it by (a ledger numbers its rows
				// by item number, not by section code), and its body when the
				// document has none (a ledger has no body column).
				if old.Code != "" {
					in.Code = old.Code
				}
				if in.Body == "" {
					in.Body = old.Body
				}
				if sameImported(old, in) {
					res.Unchanged = append(res.Unchanged, old.Number)
					continue
				}
				merged := old
				merged.Code, merged.Kind, merged.Title, merged.Body = in.Code, in.Kind, in.Title, in.Body
				merged.Owner, merged.Partners, merged.Target = in.Owner, in.Partners, in.Target
				merged.Deadline, merged.DeadlineText, merged.Position = in.Deadline, in.DeadlineText, in.Position
				if in.Status != duban.StatusTodo || in.Percent != 0 { // a ledger states them
					merged.Status, merged.Percent = in.Status, in.Percent
				}
				if len(in.Milestones) > 0 { // else the milestones added in chat stay
					merged.Milestones = in.Milestones
				}
				if err := s.saveItem(ctx, tx, &merged); err != nil {
					return err
				}
				if err := s.audit(ctx, tx, duban.ChangeImport, merged.ID, p.Name, duban.SnapshotOf(old), duban.SnapshotOf(merged)); err != nil {
					return err
				}
				if err := s.reparent(ctx, tx, merged.ID, in.ParentNumber); err != nil {
					return err
				}
				res.Changed = append(res.Changed, old.Number)
				continue
			}
			in.Number = 0
			if err := s.insertItem(ctx, tx, &in); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, duban.ChangeImport, in.ID, p.Name, nil, duban.SnapshotOf(in)); err != nil {
				return err
			}
			global[local] = in.Number
			res.Added = append(res.Added, in.Number)
		}
		return nil
	})
	if err != nil {
		return duban.ImportResult{}, err
	}
	return res, nil
}

// reparent points an item at a new parent (by global number, 0 = top level)
// and refreshes the top-level section of it.
func (s *Store) reparent(ctx context.Context, tx *sql.Tx, id int64, parentNumber int) error {
	var parentID, topID sql.NullInt64
	if parentNumber != 0 {
		var pTop sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT id, top_id FROM items WHERE number = ?`, parentNumber).Scan(&parentID, &pTop); err != nil {
			return fmt.Errorf("reparent: %w", err)
		}
		topID = pTop
		if !topID.Valid {
			topID = parentID
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE items SET parent_id = ?, top_id = ? WHERE id = ?`, parentID, topID, id); err != nil {
		return fmt.Errorf("reparent: %w", err)
	}
	return nil
}

func sameImported(old, in duban.Item) bool {
	same := old.Code == in.Code && old.Kind == in.Kind && old.Title == in.Title && old.Body == in.Body &&
		old.Owner == in.Owner && joinPartners(old.Partners) == joinPartners(in.Partners) &&
		old.Target == in.Target && old.Deadline == in.Deadline && old.DeadlineText == in.DeadlineText &&
		old.ParentNumber == in.ParentNumber
	if len(in.Milestones) > 0 {
		same = same && sameMilestones(old.Milestones, in.Milestones)
	}
	if in.Status != duban.StatusTodo || in.Percent != 0 {
		same = same && old.Status == in.Status && old.Percent == in.Percent
	}
	return same
}

// matcher pairs imported items with the plan's existing ones: first by
// section code and title, then by title when only one item has it. Each
// existing item is matched at most once.
type matcher struct {
	byCodeTitle map[string][]duban.Item
	byTitle     map[string][]duban.Item
	used        map[int64]bool
}

func newMatcher(items []duban.Item) *matcher {
	m := &matcher{byCodeTitle: map[string][]duban.Item{}, byTitle: map[string][]duban.Item{}, used: map[int64]bool{}}
	for _, it := range items {
		m.byCodeTitle[it.Code+"\x00"+it.Title] = append(m.byCodeTitle[it.Code+"\x00"+it.Title], it)
		m.byTitle[it.Title] = append(m.byTitle[it.Title], it)
	}
	return m
}

func (m *matcher) match(in duban.Item) (duban.Item, bool) {
	for _, it := range m.byCodeTitle[in.Code+"\x00"+in.Title] {
		if !m.used[it.ID] {
			m.used[it.ID] = true
			return it, true
		}
	}
	if c := m.byTitle[in.Title]; len(c) == 1 && !m.used[c[0].ID] {
		m.used[c[0].ID] = true
		return c[0], true
	}
	return duban.Item{}, false
}

// sameMilestones compares the steps an import states (dates and words).
func sameMilestones(a, b []duban.Milestone) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Date != b[i].Date || a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}
