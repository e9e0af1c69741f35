package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/duban-bot/duban/console"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/scheduler"
)

// The console has no attachments, so "/import PATH [计划名称]" stands for
// sending the local file PATH with the caption "/import [计划名称]": the
// handler then previews it and answers the buttons exactly as in a group.
// It is the console's user who reads the file, on their own machine.

// localFiles are the console's Files: a file id is a local path.
type localFiles struct{}

// Download reads the file at path, refusing one over max bytes with an
// EINVALID error as the bot adapter does.
func (localFiles) Download(_ context.Context, path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if fi.Size() > max {
		return nil, duban.Errorf(duban.EINVALID, "the file has %d bytes, more than the limit of %d", fi.Size(), max)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// consoleImports attaches the file of an "/import PATH" line to the
// message before the handler sees it, and answers "/remind JOB" (a
// console-only command) with what the reminder would send to the group.
type consoleImports struct {
	h     console.Handler
	out   duban.Sender
	lang  string
	sched *scheduler.Scheduler
}

// Handle implements console.Handler.
func (c consoleImports) Handle(ctx context.Context, m duban.Message) {
	if m.Callback == nil && c.remind(ctx, m) {
		return
	}
	if m.Callback == nil {
		if path, rest, ok := importPathLine(m.Text); ok {
			fi, err := os.Stat(path)
			if err != nil || fi.IsDir() {
				text := report.Tr(c.lang, "找不到文件 ", "No such file: ") + report.Esc(path)
				if err == nil || !errors.Is(err, fs.ErrNotExist) {
					text = report.Tr(c.lang, "无法读取文件 ", "Cannot read the file ") + report.Esc(path)
				}
				c.out.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: text})
				return
			}
			m.Document = &duban.Document{FileID: path, FileName: filepath.Base(path), Size: fi.Size()}
			m.Text = strings.TrimSpace("/import " + rest)
		}
	}
	c.h.Handle(ctx, m)
}

// importPathLine reads "/import PATH [名称]" (or /import@bot): the path is
// the first word after the command when it names a file with an extension
// or a directory part; anything else is left to the handler.
func importPathLine(text string) (path, rest string, ok bool) {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return "", "", false
	}
	cmd, _, _ := strings.Cut(fields[0], "@")
	if cmd != "/import" {
		return "", "", false
	}
	path = fields[1]
	if filepath.Ext(path) == "" && !strings.ContainsRune(path, os.PathSeparator) {
		return "", "", false // "/import 2026年工作要点": a plan name, not a file
	}
	return path, strings.Join(fields[2:], " "), true
}

// remind answers "/remind weekly|deadlines|monthly" with the messages the
// job would send to this group now, writing nothing (a dry run); it
// reports whether the line was such a command.
func (c consoleImports) remind(ctx context.Context, m duban.Message) bool {
	fields := strings.Fields(m.Text)
	if len(fields) == 0 || fields[0] != "/remind" || c.sched == nil {
		return false
	}
	usage := report.Tr(c.lang, "用法：/remind weekly（每周提醒）、/remind deadlines（到期提醒）或 /remind monthly（月度通报），预览本群会收到的提醒。",
		"Usage: /remind weekly, /remind deadlines or /remind monthly: what this group would get now.")
	if len(fields) != 2 {
		c.out.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: usage})
		return true
	}
	job, err := scheduler.ParseJob(fields[1])
	if err != nil {
		c.out.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: usage})
		return true
	}
	msgs, err := c.sched.RunNow(ctx, job, m.ChatID, true)
	if err != nil {
		c.out.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: report.Esc(err.Error())})
		return true
	}
	if len(msgs) == 0 {
		c.out.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: report.Tr(c.lang,
			"（本群现在不会收到这条提醒：没有需要提醒的事项，或已在 /settings 中关闭。）",
			"(This group would get nothing now: nothing to remind of, or it is off in /settings.)")})
	}
	for _, msg := range msgs {
		c.out.Send(ctx, msg)
	}
	return true
}
