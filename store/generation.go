package store

import (
	"context"
	"database/sql"
	"slices"
	"sync"

	"github.com/duban-bot/duban/duban"
)

// readCache keeps what was last read from the items and plans tables, by
// key, with the generation they were read at (migration 010): a counter
// that every change of those tables bumps in the change's own
// transaction, from any connection or process. While the generation
// stands, nothing such a read depends on has changed, so the value kept
// is what reading again would give. Only reads of those two tables alone
// may be kept (itemColumns and scopeClause read nothing else): a read that
// joins another table needs that table's changes counted too.
type readCache struct {
	mu      sync.Mutex
	entries map[string]cached
}

type cached struct {
	gen   int64
	value any
}

// readCacheSize bounds the keys kept: a few per scope of the groups served.
const readCacheSize = 64

// generation reads the generation of the items and plans in tx.
func generation(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT n FROM generation WHERE id = 1`).Scan(&n)
	return n, err
}

// cachedRead returns the value kept under key when it was read at the
// generation tx sees, else reads it with fn in tx and keeps it.
func cachedRead[T any](ctx context.Context, c *readCache, tx *sql.Tx, key string, fn func() (T, error)) (T, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		var zero T
		return zero, err
	}
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen {
		return e.value.(T), nil
	}
	v, err := fn()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= readCacheSize {
		c.entries = map[string]cached{}
	}
	c.entries[key] = cached{gen, v}
	return v, nil
}

// cloneItems copies items deep enough that the caller may change them
// (judge them, edit a milestone) without touching what is kept.
func cloneItems(items []duban.Item) []duban.Item {
	out := slices.Clone(items)
	for i := range out {
		out[i].Partners = slices.Clone(out[i].Partners)
		out[i].Milestones = slices.Clone(out[i].Milestones)
	}
	return out
}
