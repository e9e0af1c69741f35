package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/console"
	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
)

// remindWhat is the help of "duban remind".
const remindWhat = `Runs a scheduled job now, for the current period (this week, today, or
last month for the briefing), in every served group where it is on, or in
--chat ID alone. A group that had this period's message already gets
nothing: the period is marked done with the messages, in one transaction.

  --dry-run     print the messages as plain text; write and send nothing
  --demo        the same, on the demo plan (no database needed)
  --queue-only  write them to the outbox and leave the sending to the
                running "duban run", which picks them up within seconds
  (neither)     write them to the outbox and send them now with the bot
                token, waiting at most --wait; what is left is sent by the
                next "duban run"

While "duban run" is up, the messages are left to it (as --queue-only):
two processes sending one outbox could deliver a message twice.`

// runRemind is "duban remind JOB [flags]"; flags may come before or after
// the job's name.
func runRemind(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("remind", "remind weekly|deadlines|monthly [--chat ID] [--dry-run|--demo|--queue-only] [--wait 2m] [--db FILE]",
		remindWhat, "duban remind weekly --dry-run", true)
	chat := fs.Int64("chat", 0, "only this group (default: every served group where the job is on)")
	dry := fs.Bool("dry-run", false, "print the messages; write and send nothing")
	useDemo := fs.Bool("demo", false, "print the messages on the demo plan; no database needed")
	queueOnly := fs.Bool("queue-only", false, "write the messages to the outbox; let the running service send them")
	wait := fs.Duration("wait", 2*time.Minute, "longest time to keep sending, retries included")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New(report.Tr(m.Config.Language, "remind：要发哪一项？weekly（每周提醒）、deadlines（到期提醒）或 monthly（月度通报）",
			"remind: which job? weekly, deadlines or monthly"))
	}
	name := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("remind: unexpected %q after the job", fs.Arg(0))
	}
	job, err := scheduler.ParseJob(name)
	if err != nil {
		return fmt.Errorf("remind: %s", duban.ErrorMessage(err))
	}
	if (*dry || *useDemo) && *queueOnly {
		return errors.New("remind: --dry-run or --demo and --queue-only exclude each other")
	}
	lang := m.Config.Language
	if *useDemo {
		return remindDemo(ctx, m, job)
	}
	if *dry {
		// A dry run writes nothing, not even an empty database.
		if _, err := os.Stat(m.Config.DB); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(m.Stdout, report.Tr(lang,
				fmt.Sprintf("没有可发送的内容：数据库 %s 还不存在（尚未导入计划）。先用 duban import 导入计划；想看看提醒的样子，可运行 duban remind %s --demo。", m.Config.DB, job),
				fmt.Sprintf("Nothing to send: the database %s does not exist yet (no plan imported). Import one with duban import; to see what a reminder looks like, run duban remind %s --demo.", m.Config.DB, job)))
			return nil
		}
	}
	send := !*dry && !*queueOnly
	if send && ops.DatabaseLocked(m.Config.DB) {
		// Two senders of one outbox could deliver a message twice.
		fmt.Fprintln(m.Stdout, report.Tr(lang, "有一个 duban run 正在使用这个数据库：消息交给它发送（同 --queue-only）。",
			"A \"duban run\" is using this database: the messages are left to it to send (as --queue-only)."))
		send, *queueOnly = false, true
	}
	tg := m.Config.Telegram
	if send && strings.TrimSpace(tg.Token) == "" {
		return errors.New(report.Tr(lang, "remind：没有可用于发送的机器人令牌：请设置 DUBAN_TELEGRAM_TOKEN（或配置 telegram.token），"+
			"或用 --dry-run 只看消息，或用 --queue-only 交给正在运行的 duban run 发送",
			"remind: no Telegram bot token to send with: set DUBAN_TELEGRAM_TOKEN (or telegram.token), "+
				"or use --dry-run to see the messages, or --queue-only to leave them to a running \"duban run\""))
	}
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	var d scheduler.Deliverer
	if send {
		b, err := bot.New(bot.Options{Token: tg.Token, APIURL: tg.APIURL, Mode: "polling", PollTimeout: tg.PollTimeout,
			Workers: tg.Workers}, st, m.Logger.With("component", "bot"))
		if err != nil {
			return err
		}
		if err := b.Connect(ctx); err != nil {
			return err
		}
		d = b
	}
	sched, err := m.newScheduler(st, d, m.Access(st, nil))
	if err != nil {
		return err
	}
	msgs, err := sched.RunNow(ctx, job, *chat, *dry)
	if err != nil {
		return fmt.Errorf("remind %s: %w", job, err)
	}
	if len(msgs) == 0 {
		fmt.Fprintln(m.Stdout, nothingToSend(ctx, m, st, sched, job, *chat, *dry))
		return nil
	}
	if *dry {
		return printMessages(ctx, m.Stdout, st, msgs)
	}
	fmt.Fprintln(m.Stdout, report.Tr(lang, fmt.Sprintf("%s：已写入发件箱 %d 条消息。", job, len(msgs)),
		fmt.Sprintf("%s: %d message(s) written to the outbox.", job, len(msgs))))
	if !send {
		fmt.Fprintln(m.Stdout, report.Tr(lang, "由正在运行的 duban run 发送。", "The running \"duban run\" sends them."))
		return nil
	}
	dctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	pending, err := sched.Sender().Drain(dctx)
	switch {
	case err != nil && !errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("remind: send: %w", err)
	case pending > 0:
		return errors.New(report.Tr(lang, fmt.Sprintf("remind：%s 后仍有 %d 条消息未发出（Telegram 要求等待或发送失败），下次 duban run 会发送", *wait, pending),
			fmt.Sprintf("remind: %d message(s) still waiting after %s (Telegram asked to wait, or failed); the next \"duban run\" sends them", pending, *wait)))
	}
	fmt.Fprintln(m.Stdout, report.Tr(lang, "发件箱已发送完毕。", "Outbox sent."))
	return nil
}

// printMessages writes messages as their readers see them, under the name
// of the group each goes to.
func printMessages(ctx context.Context, w io.Writer, st *store.Store, msgs []duban.Outgoing) error {
	last := int64(0)
	for i, msg := range msgs {
		var b strings.Builder
		if i == 0 || msg.ChatID != last {
			to := fmt.Sprint(msg.ChatID)
			if c, err := st.Chat(ctx, msg.ChatID); err == nil && strings.TrimSpace(c.Title) != "" {
				to = fmt.Sprintf("%s (%d)", strings.TrimSpace(c.Title), msg.ChatID)
			}
			fmt.Fprintf(&b, "── %s ──\n", to)
			last = msg.ChatID
		}
		if msg.File != nil {
			kind := "文件"
			if msg.File.Photo {
				kind = "图片"
			}
			fmt.Fprintf(&b, "[%s] %s (%d 字节)\n", kind, msg.File.Name, len(msg.File.Data))
		}
		b.WriteString(console.PlainText(msg.Text))
		b.WriteString("\n\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// nothingToSend says why a run of job writes or would write nothing: no
// served group (and how to serve one), the job off in every group, the
// period done already, or nothing to remind of.
func nothingToSend(ctx context.Context, m *Program, st *store.Store, sched *scheduler.Scheduler, job scheduler.Job, chat int64, dry bool) string {
	lang := m.Config.Language
	served, err := sched.ServedChats(ctx)
	switch {
	case err != nil:
		return report.Tr(lang, "没有可发送的内容。", "Nothing to send.")
	case len(served) == 0 && chat == 0:
		return report.Tr(lang,
			"没有可发送的内容：还没有启用督办的群。计划管理员（配置 access.admins）在群里发送 /bind 即可启用，或把群号写进配置的 access.chats。",
			"Nothing to send: no group is served yet. A plan admin (access.admins) sends /bind in the group, or list its id under access.chats.")
	}
	if !dry {
		return report.Tr(lang,
			fmt.Sprintf("%s：没有新的内容要发送：这些群本期已发过，或本期没有需要提醒的事项。", job),
			fmt.Sprintf("%s: nothing new to send: those groups had this period's message already, or there is nothing to remind of.", job))
	}
	return report.Tr(lang,
		fmt.Sprintf("没有可发送的内容：%s 本期没有需要提醒的事项（近期没有到期、逾期或未报送的任务），或各群已在 /settings 中关闭了它。", job),
		fmt.Sprintf("Nothing to send: %s has nothing to remind of this period (nothing due soon, overdue or unreported), or every group switched it off in /settings.", job))
}

// remindDemo prints what job would send to the demo group, on the demo
// plan in a temporary database.
func remindDemo(ctx context.Context, m *Program, job scheduler.Job) error {
	dir, err := os.MkdirTemp("", "duban-demo-")
	if err != nil {
		return fmt.Errorf("remind: %w", err)
	}
	m.AddCloser(func() error { return os.RemoveAll(dir) })
	st, err := m.OpenStore(filepath.Join(dir, "demo.db"))
	if err != nil {
		return err
	}
	if err := demo.Seed(ctx, st, time.Now(), m.Loc); err != nil {
		return err
	}
	m.Config.Access.Chats = append(m.Config.Access.Chats, demo.ChatID)
	sched, err := m.newScheduler(st, nil, m.Access(st, nil))
	if err != nil {
		return err
	}
	msgs, err := sched.RunNow(ctx, job, demo.ChatID, true)
	if err != nil {
		return fmt.Errorf("remind %s: %w", job, err)
	}
	if len(msgs) == 0 {
		fmt.Fprintln(m.Stdout, nothingToSend(ctx, m, st, sched, job, demo.ChatID, true))
		return nil
	}
	return printMessages(ctx, m.Stdout, st, msgs)
}
