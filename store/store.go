// Package store keeps duban's data in SQLite (mattn/go-sqlite3): plans,
// items, progress reports, chats, members and handled updates. SQL is raw;
// every exported method runs in one transaction. Writes go through a single
// connection (one writer, immediate transactions); reads use a separate pool
// so that they never wait for a write lock.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// driverName is mattn/go-sqlite3 with a connect hook for the settings the
// DSN cannot carry.
const driverName = "sqlite3_duban"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		// Read pages through a memory map instead of a pread per page
		// miss: list queries touch rows spread over the items table. The
		// map is address space, not memory: pages count as resident only
		// while the OS keeps them cached.
		_, err := c.Exec(`PRAGMA mmap_size = 268435456`, nil)
		return err
	}})
}

// Store is the SQLite database.
type Store struct {
	path string
	wdb  *sql.DB // one connection: the single writer
	rdb  *sql.DB // readers

	// Now returns the current time; tests pin it.
	Now func() time.Time

	cache readCache // reads kept while the items stand (generation.go)

	// skip leaves out what AddProgress stores besides the report, so that
	// a benchmark can measure what storing it costs (export_test.go); the
	// zero value, always outside tests, stores everything.
	skip struct{ audit, itemUpdate bool }
}

// Open opens (creating if needed) the database at path and applies the
// pending migrations.
func Open(path string) (*Store, error) {
	if path == "" || path == ":memory:" {
		// Each pooled connection to :memory: would be a different database.
		return nil, fmt.Errorf("open store: a database file is required")
	}
	if err := private(path); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	wdb, err := sql.Open(driverName, dsn(path, "immediate", false))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	s := &Store{path: path, wdb: wdb, Now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		wdb.Close()
		return nil, err
	}
	rdb, err := sql.Open(driverName, dsn(path, "deferred", true))
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	rdb.SetMaxOpenConns(8)
	rdb.SetMaxIdleConns(8)
	s.rdb = rdb
	return s, nil
}

// private creates the database file readable by its owner only, whatever
// the umask, or makes an existing one so, with its WAL and shared-memory
// files: it holds the bureau's plan and who reported what. SQLite creates
// the WAL and shared-memory files with the database file's mode.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// dsn builds the connection string; the options are in the DSN so that every
// pooled connection gets them.
func dsn(path, txlock string, readonly bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", txlock)
	// Reuse prepared statements per connection: preparing the item queries
	// costs about as much as running them.
	q.Set("_stmt_cache_size", "64")
	if readonly {
		q.Set("_query_only", "1")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path returns the database file name.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	errs = append(errs, s.wdb.Close())
	return errors.Join(errs...)
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.rdb.QueryRowContext(ctx, `SELECT 1`).Scan(&n)
}

// migrate applies the embedded migrations not yet recorded, in name order,
// each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.wdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.migrateFile(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) migrateFile(ctx context.Context, name string) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	} else if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, s.Now().UnixMilli()); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	return tx.Commit()
}

// write runs fn in an immediate write transaction.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// read runs fn in a read transaction: one consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// withRoom returns an empty slice with room for n elements; nil for none,
// as a query that finds nothing returns.
func withRoom[T any](n int) []T {
	if n <= 0 {
		return nil
	}
	return make([]T, 0, n)
}

func (s *Store) nowMilli() int64 { return s.Now().UTC().UnixMilli() }

// SetNow replaces the store's clock and returns the one it had: the demo
// writes its history at the times it tells of. Not for concurrent use
// with other writes.
func (s *Store) SetNow(now func() time.Time) (old func() time.Time) {
	old, s.Now = s.Now, now
	return old
}

func fromMilli(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

func nullMilli(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().UnixMilli()
}

func nullDate(d duban.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func scanDate(s sql.NullString) duban.Date {
	if !s.Valid || s.String == "" {
		return duban.Date{}
	}
	d, err := duban.ParseDate(s.String)
	if err != nil {
		return duban.Date{}
	}
	return d
}

// isConstraint reports whether err is a SQLite constraint violation.
func isConstraint(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint
}

// likeEscape escapes s for a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
