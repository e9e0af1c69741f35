package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/duban-bot/duban/console"
	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/handlers"
)

// consoleBot is the bot's name in the console, for "@duban_bot" and
// "/due@duban_bot".
const consoleBot = "duban_bot"

// runConsole is "duban console [--demo] [--admin] [--db FILE]".
func runConsole(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("console", "console [--demo] [--admin] [--out DIR] [--db FILE]",
		"A chat with the bot in the terminal, answered as a served group would be. Files the bot would send\n(/export, /briefing) are written to --out. /remind weekly|deadlines|monthly previews a reminder.",
		"duban console --demo", true)
	useDemo := fs.Bool("demo", false, "use a fresh temporary database seeded with a demo plan")
	admin := fs.Bool("admin", false, "write as a plan admin (may /add, /edit, /delete, /import…)")
	out := fs.String("out", ".", "folder to write the files the bot sends (ledgers, charts) into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *useDemo && m.dbSet {
		return errors.New("console: --demo and --db exclude each other")
	}
	loc := m.Loc
	path := ""
	if *useDemo {
		dir, err := os.MkdirTemp("", "duban-demo-")
		if err != nil {
			return fmt.Errorf("console: %w", err)
		}
		m.AddCloser(func() error { return os.RemoveAll(dir) })
		path = filepath.Join(dir, "demo.db")
	}
	st, err := m.OpenStore(path)
	if err != nil {
		return err
	}
	if *useDemo {
		if err := demo.Seed(ctx, st, time.Now(), loc); err != nil {
			return err
		}
	}
	printer := console.NewPrinter(m.Stdout)
	printer.Dir = *out
	user := demo.Members[1] // 张敏, 督导室
	if *admin {
		user = demo.Members[0] // 刘洋, 办公室
		m.Config.Access.Admins = append(m.Config.Access.Admins, user.UserID)
	}
	// The console's group is served whatever the database says, so that a
	// real database can be questioned without binding anything.
	m.Config.Access.Chats = append(m.Config.Access.Chats, demo.ChatID)
	acc := m.Access(st, nil)
	deps, err := m.HandlerDeps(st, printer, acc)
	if err != nil {
		return err
	}
	deps.BotUsername = consoleBot
	deps.Files = localFiles{} // "/import PATH" reads a local file (cmd_import_console.go)
	// The scheduler renders /briefing; nothing is sent from the console.
	sched, err := m.newScheduler(st, nil, acc)
	if err != nil {
		return err
	}
	deps.Scheduler, deps.Standards = sched, sched.Standards()
	if isTerminal(m.Stdin) {
		fmt.Fprintf(m.Stdout, "督办控制台：你是%s（%s），在“%s”里发言。试试：/due、本周到期的任务、逾期、/item 3、#3 进度50%%、督导室的任务、/help。Ctrl-D 退出。\n\n",
			user.Name, user.Department, demo.ChatTitle)
	}
	h := consoleImports{h: handlers.New(deps), out: printer, lang: deps.Lang, sched: sched}
	return console.Run(ctx, h, printer, console.Session{
		ChatID: demo.ChatID, ChatType: duban.ChatSupergroup, ChatTitle: demo.ChatTitle,
		UserID: user.UserID, UserName: user.Name, Username: user.Username,
	}, m.Stdin)
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
