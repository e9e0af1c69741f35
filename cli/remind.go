package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/console"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
)

// remindUsage is the help of "duban remind".
const remindUsage = `usage: duban remind weekly|deadlines|monthly [--chat ID] [--dry-run] [--queue-only] [--wait 2m]

Runs a scheduled job now, for the current period (this week, today, or
last month for the briefing), in every served group where it is on, or in
--chat ID alone. A group that had this period's message already gets
nothing: the period is marked done with the messages, in one transaction.

  --dry-run     print the messages as plain text; write and send nothing
  --queue-only  write them to the outbox and leave the sending to the
                running "duban run", which picks them up within seconds
  (neither)     write them to the outbox and send them now with the bot
                token, waiting at most --wait; what is left is sent by the
                next "duban run"

While "duban run" is up, use --queue-only: the outbox has no lock on a
message being sent, so two processes sending at once may deliver a message
twice. Writing to it from both is safe.
`

// runRemind is "duban remind JOB [flags]"; flags may come before or after
// the job's name.
func runRemind(ctx context.Context, m *Program, args []string) error {
	fs := flag.NewFlagSet("remind", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	chat := fs.Int64("chat", 0, "only this group (default: every served group where the job is on)")
	dry := fs.Bool("dry-run", false, "print the messages; write and send nothing")
	queueOnly := fs.Bool("queue-only", false, "write the messages to the outbox; let the running service send them")
	wait := fs.Duration("wait", 2*time.Minute, "longest time to keep sending, retries included")
	fs.Usage = func() {
		fmt.Fprint(m.Stderr, remindUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("remind: which job? weekly, deadlines or monthly")
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
	if *dry && *queueOnly {
		return errors.New("remind: --dry-run and --queue-only exclude each other")
	}
	send := !*dry && !*queueOnly
	if send && ops.DatabaseLocked(m.Config.DB) {
		// Two senders of one outbox could deliver a message twice.
		fmt.Fprintln(m.Stdout, "A \"duban run\" is using this database: the messages are left to it to send (as --queue-only).")
		send, *queueOnly = false, true
	}
	tg := m.Config.Telegram
	if send && strings.TrimSpace(tg.Token) == "" {
		return errors.New("remind: no Telegram bot token to send with: set DUBAN_TELEGRAM_TOKEN (or telegram.token), " +
			"or use --dry-run to see the messages, or --queue-only to leave them to a running \"duban run\"")
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
	if *dry {
		return printMessages(ctx, m.Stdout, st, msgs)
	}
	if len(msgs) == 0 {
		fmt.Fprintf(m.Stdout, "%s: nothing new to send: the period is done in those groups already, or there is nothing to remind of.\n", job)
	} else {
		fmt.Fprintf(m.Stdout, "%s: %d message(s) written to the outbox.\n", job, len(msgs))
	}
	if !send {
		fmt.Fprintln(m.Stdout, "The running \"duban run\" sends them.")
		return nil
	}
	dctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	pending, err := sched.Sender().Drain(dctx)
	switch {
	case err != nil && !errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("remind: send: %w", err)
	case pending > 0:
		return fmt.Errorf("remind: %d message(s) still waiting after %s (Telegram asked to wait, or failed); the next \"duban run\" sends them", pending, *wait)
	}
	fmt.Fprintln(m.Stdout, "Outbox sent.")
	return nil
}

// printMessages writes messages as their readers see them, under the name
// of the group each goes to.
func printMessages(ctx context.Context, w io.Writer, st *store.Store, msgs []duban.Outgoing) error {
	if len(msgs) == 0 {
		_, err := fmt.Fprintln(w, "(nothing to send)")
		return err
	}
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
			fmt.Fprintf(&b, "[文件] %s (%d 字节)\n", msg.File.Name, len(msg.File.Data))
		}
		b.WriteString(console.PlainText(msg.Text))
		b.WriteString("\n\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
