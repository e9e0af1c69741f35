package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"github.com/robfig/cron/v3"
)

// Backuper writes a consistent copy of the database; *store.Store is one.
type Backuper interface {
	Backup(ctx context.Context, path string, overwrite bool) error
}

// Backups makes the scheduled backups (schedule.backup) into Dir
// (backup.dir), named duban-YYYYMMDD-HHMMSS.db in Loc, and keeps the
// newest Keep (backup.keep) of them.
//
// It runs on a timer of its own rather than as a scheduler job: the
// scheduler's jobs write messages to the outbox and are made up per chat
// and period, none of which a backup has, and a backup must go on when
// the sender is stuck. The files themselves are the record of what was
// done: a backup missed while the process was down is made when it starts
// again (see NextBackup).
type Backups struct {
	Dir   string
	Keep  int
	Spec  string // a cron spec as in schedule.*; empty = no scheduled backups
	Loc   *time.Location
	Store Backuper

	Log     *slog.Logger // may be nil
	Metrics *Metrics     // may be nil
	// Now and After are the clock; tests replace them.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// BackupFile is one backup found in Dir.
type BackupFile struct {
	Path string
	At   time.Time
}

// backupName matches the names Backups writes, and nothing else: rotation
// deletes only these.
var backupName = regexp.MustCompile(`^duban-(\d{8}-\d{6})\.db$`)

const backupLayout = "20060102-150405"

// Name returns the file name of a backup made at t.
func (b *Backups) Name(t time.Time) string {
	return "duban-" + t.In(b.loc()).Format(backupLayout) + ".db"
}

func (b *Backups) loc() *time.Location {
	if b.Loc == nil {
		return time.Local
	}
	return b.Loc
}

// List returns the backups in Dir, oldest first.
func (b *Backups) List() ([]BackupFile, error) {
	entries, err := os.ReadDir(b.Dir)
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []BackupFile
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		at, err := time.ParseInLocation(backupLayout, m[1], b.loc())
		if err != nil {
			continue // duban-99999999-999999.db is not ours
		}
		out = append(out, BackupFile{Path: filepath.Join(b.Dir, e.Name()), At: at})
	}
	slices.SortFunc(out, func(x, y BackupFile) int { return x.At.Compare(y.At) })
	return out, nil
}

// BackupNow writes a backup named for the current time into Dir, then
// rotates. It returns the new file's path.
func (b *Backups) BackupNow(ctx context.Context) (string, error) {
	if b.Dir == "" {
		return "", errors.New("backup.dir is not set")
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	path := filepath.Join(b.Dir, b.Name(b.Now()))
	if err := b.Store.Backup(ctx, path, false); err != nil {
		return "", err
	}
	removed, err := b.Rotate()
	if b.Log != nil {
		for _, r := range removed {
			b.Log.Info("old backup removed", "file", r)
		}
	}
	return path, err
}

// Rotate deletes all but the newest Keep backups (at least one is always
// kept) and returns the paths it deleted.
func (b *Backups) Rotate() ([]string, error) {
	all, err := b.List()
	if err != nil {
		return nil, err
	}
	keep := max(b.Keep, 1)
	var removed []string
	var errs []error
	for _, f := range all[:max(len(all)-keep, 0)] {
		if err := os.Remove(f.Path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, f.Path)
	}
	if len(errs) > 0 {
		return removed, fmt.Errorf("rotate backups: %w", errors.Join(errs...))
	}
	return removed, nil
}

// NextBackup decides when the next scheduled backup is due: now when a
// fire time of the schedule has passed since the newest backup (or there is
// none), otherwise that fire time. It is a pure function of
// its arguments.
func NextBackup(sched cron.Schedule, newest, now time.Time) time.Time {
	if newest.IsZero() {
		return now
	}
	// The first fire time after the newest backup: past, so missed and due
	// now; or still ahead, and then it is also the first one after now
	// ("@every 6h" counts from the newest backup).
	if due := sched.Next(newest); due.After(now) {
		return due
	}
	return now
}

// ParseSpec parses a schedule.* cron spec in loc.
func ParseSpec(spec string, loc *time.Location) (cron.Schedule, error) {
	if loc == nil {
		loc = time.Local
	}
	p := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	s, err := p.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule.backup: %w", err)
	}
	return inZone{s, loc}, nil
}

// inZone reads a spec's hours in loc whatever the zone of the time given:
// robfig/cron reads them in the zone of its argument.
type inZone struct {
	s   cron.Schedule
	loc *time.Location
}

func (z inZone) Next(t time.Time) time.Time { return z.s.Next(t.In(z.loc)) }

// Run makes the scheduled backups until ctx ends. A failure is logged and
// counted; the next fire time tries again.
func (b *Backups) Run(ctx context.Context) error {
	if b.Spec == "" {
		return nil
	}
	sched, err := ParseSpec(b.Spec, b.loc())
	if err != nil {
		return err
	}
	if b.Dir == "" {
		return errors.New("schedule.backup is set but backup.dir is empty")
	}
	after := b.After
	if after == nil {
		after = time.After
	}
	for {
		var newest time.Time
		if all, err := b.List(); err == nil && len(all) > 0 {
			newest = all[len(all)-1].At
		}
		now := b.Now()
		next := NextBackup(sched, newest, now)
		// A failed backup leaves newest behind, which would make NextBackup
		// answer "now" again at once; retry at the next fire time instead.
		if wait := next.Sub(now); wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-after(wait):
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		path, err := b.BackupNow(ctx)
		if b.Metrics != nil {
			b.Metrics.BackupDone(err)
		}
		switch {
		case err != nil && ctx.Err() == nil:
			if b.Log != nil {
				b.Log.Error("scheduled backup failed", "dir", b.Dir, "err", err)
			}
			select {
			case <-ctx.Done():
				return nil
			case <-after(sched.Next(b.Now()).Sub(b.Now())):
			}
		case err == nil && b.Log != nil:
			b.Log.Info("backup written", "file", path)
		}
	}
}
