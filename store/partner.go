package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// indexPartners writes the partner rows of it (item_partners), replacing
// what they were: indexItem calls it whenever an item is written.
func indexPartners(ctx context.Context, tx *sql.Tx, it duban.Item) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM item_partners WHERE item_id = ?`, it.ID); err != nil {
		return fmt.Errorf("index partners: %w", err)
	}
	for _, name := range it.Partners {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO item_partners (name, item_id) VALUES (?, ?)`, name, it.ID); err != nil {
			return fmt.Errorf("index partners: %w", err)
		}
	}
	return nil
}

// Partners returns the partner units (配合单位) whose name contains q, the
// exact match first, then by number of items; all of them when q is empty.
func (s *Store) Partners(ctx context.Context, q string) ([]string, error) {
	names, err := s.unitNames(ctx, "partner_names", q)
	if err != nil {
		return nil, fmt.Errorf("load partners: %w", err)
	}
	return names, nil
}

// PartnerItems returns the open tasks on which any of names is a partner,
// by deadline (items without one last), at most limit (0 = all), and their
// total.
func (s *Store) PartnerItems(ctx context.Context, names []string, limit int) ([]duban.Item, int, error) {
	items, total, err := s.unitItems(ctx, "items_open_id",
		`i.id IN (SELECT item_id FROM item_partners WHERE name IN (`+placeholders(len(names))+`))`, names, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("load partner items: %w", err)
	}
	return items, total, nil
}

// unitNames returns the names in table (owners or partner_names) that
// contain q, the exact match first, then by number of items.
func (s *Store) unitNames(ctx context.Context, table, q string) ([]string, error) {
	var names []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM `+table+` WHERE name LIKE ? ESCAPE '\'
			ORDER BY name = ? DESC, n DESC, name`, "%"+likeEscape(q)+"%", q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			names = append(names, n)
		}
		return rows.Err()
	})
	return names, err
}

// unitItems returns the open tasks that match (an SQL condition on items i
// with one placeholder per name), by deadline, items without one last, at
// most limit, and how many there are. index, when set, is the index the
// items are read through (SQLite would rather read the table rows).
func (s *Store) unitItems(ctx context.Context, index, match string, names []string, limit int) ([]duban.Item, int, error) {
	if len(names) == 0 {
		return nil, 0, nil
	}
	var (
		items []duban.Item
		total int
	)
	args := make([]any, 0, len(names)+1)
	for _, n := range names {
		args = append(args, n)
	}
	from, indexed := itemFrom, ""
	if index != "" {
		indexed = " INDEXED BY " + index
		from = strings.Replace(itemFrom, "items i ", "items i"+indexed+" ", 1)
	}
	where := ` WHERE ` + match + ` AND i.status IN ('todo', 'doing') AND i.deleted_at IS NULL AND i.kind = 'task' ` + scopeClause(ctx) + ` `
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		items, err = queryItems(ctx, tx, `SELECT `+itemColumns+from+where+
			`ORDER BY i.deadline IS NULL, i.deadline, i.number LIMIT ?`, append(args, sqlLimit(limit))...)
		if err != nil {
			return err
		}
		total = len(items)
		if limit > 0 && total == limit { // there may be more: count them
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM items i`+indexed+where, args...).Scan(&total)
		}
		return err
	})
	return items, total, err
}
