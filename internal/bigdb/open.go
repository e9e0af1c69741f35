package bigdb

import (
	"context"
	"io"
	"os"
	"path/filepath"
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
	return openAt(tb, path, spec)
}

// openAt opens the database at path with its clock at spec.Today.
func openAt(tb testing.TB, path string, spec Spec) *store.Store {
	tb.Helper()
	st, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return spec.Today }
	return st
}

// OpenCopy opens a copy of the database of spec, made in tb's temporary
// folder, for benchmarks that write; as Open otherwise.
func OpenCopy(tb testing.TB, spec Spec) *store.Store {
	tb.Helper()
	src, err := PathOf(context.Background(), spec)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "copy.db")
	if err := copyFile(src, path); err != nil {
		tb.Fatal(err)
	}
	return openAt(tb, path, spec)
}

// copyFile copies the file at src to dst, which must not exist.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
