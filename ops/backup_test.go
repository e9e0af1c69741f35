package ops

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

var shanghai = time.FixedZone("CST", 8*3600)

func TestNextBackup(t *testing.T) {
	daily, err := ParseSpec("0 3 * * *", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	hourly, err := ParseSpec("@every 1h", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name        string
		spec        string
		newest, now string
		want        string
	}{
		{"no backup yet: now", "daily", "", "2026-11-25 10:00:00", "2026-11-25 10:00:00"},
		{"made today: tomorrow 03:00", "daily", "2026-11-25 03:00:00", "2026-11-25 10:00:00", "2026-11-26 03:00:00"},
		{"missed last night: now", "daily", "2026-11-24 03:00:00", "2026-11-25 10:00:00", "2026-11-25 10:00:00"},
		{"just before the fire", "daily", "2026-11-24 03:00:00", "2026-11-25 02:59:59", "2026-11-25 03:00:00"},
		{"at the fire", "daily", "2026-11-24 03:00:00", "2026-11-25 03:00:00", "2026-11-25 03:00:00"},
		{"every hour, made 20 min ago", "hourly", "2026-11-25 09:40:00", "2026-11-25 10:00:00", "2026-11-25 10:40:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched := daily
			if tt.spec == "hourly" {
				sched = hourly
			}
			var newest time.Time
			if tt.newest != "" {
				newest = at(tt.newest)
			}
			if got := NextBackup(sched, newest, at(tt.now)); !got.Equal(at(tt.want)) {
				t.Fatalf("next = %s, want %s", got.In(shanghai), tt.want)
			}
		})
	}
	if _, err := ParseSpec("every day", shanghai); err == nil {
		t.Fatal("a bad spec parsed")
	}
}

func newBackupStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := duban.Plan{Name: "2026年工作要点", Year: 2026}
	if err := st.CreatePlan(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestBackupRotationKeepsNewest(t *testing.T) {
	st := newBackupStore(t)
	dir := filepath.Join(t.TempDir(), "backups")
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, shanghai)
	b := &Backups{Dir: dir, Keep: 3, Loc: shanghai, Store: st, Now: func() time.Time { return now }}
	// Files that are not ours stay whatever their age.
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"duban-20200101-000000.db.bak", "notes.txt", "duban-2020-01-01.db"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for day := range 5 {
		now = time.Date(2026, 11, 20+day, 3, 0, 0, 0, shanghai)
		path, err := b.BackupNow(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(dir, "duban-202611"+[]string{"20", "21", "22", "23", "24"}[day]+"-030000.db"); path != want {
			t.Fatalf("path %s, want %s", path, want)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"duban-20200101-000000.db.bak", "duban-2020-01-01.db", "duban-20261122-030000.db",
		"duban-20261123-030000.db", "duban-20261124-030000.db", "notes.txt"}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("left %v, want %v", names, want)
	}
	// Each kept copy is a database with the plan in it.
	c, err := store.Open(filepath.Join(dir, "duban-20261124-030000.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if plans, err := c.Plans(context.Background()); err != nil || len(plans) != 1 {
		t.Fatalf("plans in the copy: %v, %v", plans, err)
	}
}

// fakeTimer hands the Run loop's waits to the test.
type fakeTimer struct {
	mu    sync.Mutex
	now   time.Time
	waits chan time.Duration
	fire  chan time.Time
}

func (f *fakeTimer) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTimer) After(d time.Duration) <-chan time.Time {
	f.waits <- d
	return f.fire
}

// advance moves the clock by d and fires the pending wait.
func (f *fakeTimer) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	now := f.now
	f.mu.Unlock()
	f.fire <- now
}

func TestBackupsRunOnSchedule(t *testing.T) {
	st := newBackupStore(t)
	dir := t.TempDir()
	clock := &fakeTimer{now: time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai), waits: make(chan time.Duration), fire: make(chan time.Time)}
	m := NewMetrics("test")
	m.Now = clock.Now
	b := &Backups{Dir: dir, Keep: 2, Spec: "0 3 * * *", Loc: shanghai, Store: st, Metrics: m, Now: clock.Now, After: clock.After}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()

	names := func() []string {
		all, err := b.List()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range all {
			out = append(out, filepath.Base(f.Path))
		}
		return out
	}
	nextWait := func() time.Duration {
		t.Helper()
		select {
		case d := <-clock.waits:
			return d
		case err := <-done:
			t.Fatalf("run ended: %v", err)
		case <-time.After(90 * time.Second):
			t.Fatal("run is not waiting")
		}
		return 0
	}
	// No backup yet: one at once, then a wait until 03:00 tomorrow.
	if d := nextWait(); d != 17*time.Hour {
		t.Fatalf("first wait %s, want 17h", d)
	}
	if got := names(); !slices.Equal(got, []string{"duban-20261125-100000.db"}) {
		t.Fatalf("after start: %v", got)
	}
	for day := range 3 {
		step := 24 * time.Hour
		if day == 0 {
			step = 17 * time.Hour
		}
		clock.advance(step)
		if d := nextWait(); d != 24*time.Hour {
			t.Fatalf("day %d: wait %s, want 24h", day, d)
		}
	}
	if got := names(); !slices.Equal(got, []string{"duban-20261127-030000.db", "duban-20261128-030000.db"}) {
		t.Fatalf("kept %v", got)
	}
	fams := scrapeMetrics(t, m)
	if v := fams["duban_backups_total"].Samples[`duban_backups_total{result="ok"}`]; v != 4 {
		t.Fatalf("backups ok = %v, want 4", v)
	}
	if v := fams["duban_backup_last_success_timestamp_seconds"].Samples["duban_backup_last_success_timestamp_seconds"]; v != float64(clock.Now().Unix()) {
		t.Fatalf("last success %v, want %v", v, clock.Now().Unix())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestBackupsRunRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name string
		b    Backups
	}{
		{"bad spec", Backups{Spec: "at three", Dir: "x"}},
		{"no dir", Backups{Spec: "0 3 * * *"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.b.Run(context.Background()); err == nil {
				t.Fatal("ran")
			}
		})
	}
	if err := (&Backups{}).Run(context.Background()); err != nil {
		t.Fatalf("no spec: %v", err)
	}
}

// failingStore fails its first backups, then writes through to st.
type failingStore struct {
	st    *store.Store
	fails int
}

func (f *failingStore) Backup(ctx context.Context, path string, overwrite bool) error {
	if f.fails > 0 {
		f.fails--
		return errors.New("disk full")
	}
	return f.st.Backup(ctx, path, overwrite)
}

func TestBackupsRetryAtNextFire(t *testing.T) {
	clock := &fakeTimer{now: time.Date(2026, 11, 25, 3, 0, 0, 0, shanghai), waits: make(chan time.Duration), fire: make(chan time.Time)}
	m := NewMetrics("test")
	var logs bytes.Buffer
	b := &Backups{Dir: t.TempDir(), Keep: 2, Spec: "0 3 * * *", Loc: shanghai, Store: &failingStore{st: newBackupStore(t), fails: 1},
		Metrics: m, Now: clock.Now, After: clock.After, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	// The first backup fails: the next try is at the next fire time, not
	// at once.
	if d := <-clock.waits; d != 24*time.Hour {
		t.Fatalf("wait after a failure %s, want 24h", d)
	}
	if all, _ := b.List(); len(all) != 0 || !strings.Contains(logs.String(), "scheduled backup failed") || !strings.Contains(logs.String(), "disk full") {
		t.Fatalf("backups %v, log %s", all, logs.String())
	}
	clock.advance(24 * time.Hour)
	if d := <-clock.waits; d != 24*time.Hour {
		t.Fatalf("wait after success %s", d)
	}
	if all, _ := b.List(); len(all) != 1 || filepath.Base(all[0].Path) != "duban-20261126-030000.db" {
		t.Fatalf("backups %v", all)
	}
	fams := scrapeMetrics(t, m)
	if ok, failed := fams["duban_backups_total"].Samples[`duban_backups_total{result="ok"}`], fams["duban_backups_total"].Samples[`duban_backups_total{result="failed"}`]; ok != 1 || failed != 1 {
		t.Fatalf("ok %v failed %v", ok, failed)
	}
	cancel()
	<-done
}
