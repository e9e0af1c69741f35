package bigdb

import (
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/store"
)

// Open opens the cached database of spec (PathOf, building it when
// missing) as a store whose clock stands at spec.Today, closed when tb
// ends. The file is shared: write nothing a benchmark would notice.
func Open(tb testing.TB, spec Spec) *store.Store {
	tb.Helper()
	path, err := PathOf(context.Background(), spec)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return spec.Today }
	return st
}
