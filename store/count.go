package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/duban-bot/duban/duban"
)

// OverdueCount returns how many open tasks are past their deadline, for
// the line under a due list; it reads only the open-deadline index.
func (s *Store) OverdueCount(ctx context.Context, today duban.Date) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM items i WHERE status IN ('todo', 'doing') AND deleted_at IS NULL
			AND kind = 'task' AND deadline IS NOT NULL AND deadline < ?`+scopeClause(ctx), today.String()).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count overdue items: %w", err)
	}
	return n, nil
}
