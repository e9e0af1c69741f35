package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/report"
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
	lang := m.Config.Language
	if fs.NArg() > 1 {
		fs.Usage()
		return errors.New(report.Tr(lang, "backup：只能给一个文件名", "backup: one file at most"))
	}
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	if fs.NArg() == 1 {
		if err := st.Backup(ctx, fs.Arg(0), *force); err != nil {
			return userError(err, fs.Arg(0), lang)
		}
		fmt.Fprintln(m.Stdout, fs.Arg(0))
		return nil
	}
	if m.Config.Backup.Dir == "" {
		return errors.New(report.Tr(lang, "backup：请给出备份文件名，或在配置中设置 backup.dir",
			"backup: give a file name, or set backup.dir in the config"))
	}
	loc := m.Loc
	b := &ops.Backups{Dir: m.Config.Backup.Dir, Keep: m.Config.Backup.Keep, Loc: loc, Store: st, Now: time.Now}
	path, err := b.BackupNow(ctx)
	if err != nil {
		return userError(err, "", lang)
	}
	fmt.Fprintln(m.Stdout, path)
	return nil
}

// userError shows a refusal (the file exists) as its message alone, in
// the configured language.
func userError(err error, path, lang string) error {
	var e *duban.Error
	if !errors.As(err, &e) {
		return err
	}
	zh := e.Message
	switch e.Code {
	case duban.ECONFLICT:
		zh = fmt.Sprintf("%s 已存在（加 --force 覆盖）", path)
	case duban.EINVALID:
		zh = "备份不能写在数据库文件本身，也不能没有文件名"
	}
	return errors.New(report.Tr(lang, "backup："+zh, "backup: "+e.Message))
}
