package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/duban-bot/duban/duban"
)

// Backup writes a consistent copy of the live database to path with
// VACUUM INTO: a snapshot of one read transaction, so writes may go on
// meanwhile and the copy has every transaction committed before it began
// and none after. The copy is written under a temporary name beside path,
// synced, and then moved into place, so that path is never a half-written
// file. An existing path is an ECONFLICT error unless overwrite is set.
func (s *Store) Backup(ctx context.Context, path string, overwrite bool) error {
	if path == "" {
		return duban.Errorf(duban.EINVALID, "the backup needs a file name")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if self, err := filepath.Abs(s.path); err == nil && self == abs {
		return duban.Errorf(duban.EINVALID, "the backup cannot replace the database itself")
	}
	if !overwrite {
		if _, err := os.Lstat(abs); err == nil {
			return duban.Errorf(duban.ECONFLICT, "%s exists already (use --force to replace it)", path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("backup: %w", err)
		}
	}
	dir := filepath.Dir(abs)
	// VACUUM INTO refuses an existing non-empty file, so reserve a unique
	// name and hand it over empty.
	f, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	defer os.Remove(tmp) // after a failure; a no-op after the move
	if err := s.vacuumInto(ctx, tmp); err != nil {
		return err
	}
	// SQLite creates the copy under the umask; it holds everything the
	// database does.
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if overwrite {
		err = os.Rename(tmp, abs)
	} else {
		// A link fails when path appeared meanwhile, where a rename would
		// replace it.
		err = os.Link(tmp, abs)
		if errors.Is(err, fs.ErrExist) {
			return duban.Errorf(duban.ECONFLICT, "%s exists already (use --force to replace it)", path)
		}
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(dir); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO on a connection of its own: the readers run
// with query_only, which refuses it, and the writer's connection would hold
// up every write for as long as the copy takes.
func (s *Store) vacuumInto(ctx context.Context, target string) error {
	db, err := sql.Open(driverName, dsn(s.path, "deferred", false))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, target); err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", target, err)
	}
	return nil
}

// syncFile flushes a file or a directory (the entry of a renamed file) to
// disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
