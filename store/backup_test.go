package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestBackupWhileWriting(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()

	// A writer claims update ids one after the other during the backup.
	var (
		committed atomic.Int64 // highest id whose claim has returned
		stop      = make(chan struct{})
		wg        sync.WaitGroup
	)
	halt := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer halt()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for id := int64(1); ; id++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.SeeUser(ctx, duban.User{ID: id, Name: "user"}, false); err != nil {
				t.Errorf("write user %d: %v", id, err)
				return
			}
			committed.Store(id)
		}
	}()
	for committed.Load() < 50 { // let the writer get going
		if t.Failed() {
			t.FailNow()
		}
	}
	before := committed.Load()
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, dst, false); err != nil {
		t.Fatal(err)
	}
	halt()
	after := committed.Load()

	// The copy opens as a store and holds every claim committed before the
	// backup began, and a gap-free prefix of the ones made during it.
	c, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n, maxID int64
	if err := c.rdb.QueryRow(`SELECT COUNT(*), COALESCE(MAX(id), 0) FROM users`).Scan(&n, &maxID); err != nil {
		t.Fatal(err)
	}
	if maxID < before || maxID > after || n != maxID {
		t.Fatalf("copy has %d claims up to %d; %d were committed before the backup, %d by its end", n, maxID, before, after)
	}
	it, err := c.Item(ctx, tasks[2].Number)
	if err != nil || it.Title != tasks[2].Title {
		t.Fatalf("item #%d in the copy: %+v, %v", tasks[2].Number, it, err)
	}
	var check string
	if err := c.rdb.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".copy.db.tmp-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestBackupRefusals(t *testing.T) {
	s := newTestStore(t)
	seed(t, s)
	ctx := context.Background()
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		path      string
		overwrite bool
		code      string
	}{
		{"empty name", "", false, duban.EINVALID},
		{"the database itself", s.Path(), true, duban.EINVALID},
		{"existing file", existing, false, duban.ECONFLICT},
		{"missing directory", filepath.Join(dir, "no", "such", "x.db"), false, duban.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Backup(ctx, tt.path, tt.overwrite)
			if duban.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "keep me" {
		t.Fatalf("existing file changed: %q", data)
	}
	t.Run("force replaces", func(t *testing.T) {
		if err := s.Backup(ctx, existing, true); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open(driverName, dsn(existing, "deferred", true))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM items`).Scan(&n); err != nil || n != 4 {
			t.Fatalf("items in the replaced copy: %d, %v", n, err)
		}
	})
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
