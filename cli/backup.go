package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/ops"
)

// runBackup is "duban backup [--force] [--db FILE] [FILE]": a consistent
// copy of the database (VACUUM INTO), safe while "duban run" writes to it.
// Without FILE it writes duban-YYYYMMDD-HHMMSS.db into backup.dir and
// keeps the newest backup.keep there, as the scheduled backups do.
func runBackup(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("backup", "backup [--force] [--db FILE] [FILE]",
		"Copies the database safely, also while duban run writes to it. Without FILE: a dated copy in backup.dir,\nkeeping the newest backup.keep there.",
		"duban backup /mnt/usb/duban-copy.db", true)
	force := fs.Bool("force", false, "replace FILE when it exists")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errors.New("backup: one file at most")
	}
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	if fs.NArg() == 1 {
		if err := st.Backup(ctx, fs.Arg(0), *force); err != nil {
			return userError(err)
		}
		fmt.Fprintln(m.Stdout, fs.Arg(0))
		return nil
	}
	if m.Config.Backup.Dir == "" {
		return errors.New("backup: give a file name, or set backup.dir in the config")
	}
	loc := m.Loc
	b := &ops.Backups{Dir: m.Config.Backup.Dir, Keep: m.Config.Backup.Keep, Loc: loc, Store: st, Now: time.Now}
	path, err := b.BackupNow(ctx)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(m.Stdout, path)
	return nil
}

// userError shows a refusal (the file exists) as its message alone.
func userError(err error) error {
	var e *duban.Error
	if errors.As(err, &e) {
		return errors.New("backup: " + e.Message)
	}
	return err
}
