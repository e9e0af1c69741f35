// Package cli is duban's command line: the subcommands, one file each and
// listed in one table (commands, below), and the wiring of "duban run"
// (wire.go). The root main.go hands it os.Args.
//
//	duban [--config FILE] [subcommand] [flags]
//
// With no subcommand it runs the bot ("run").
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/config"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/ops"
)

// command is one subcommand.
type command struct {
	name     string
	help     string // one line for "duban help"
	noConfig bool   // runs without loading the configuration (version, help)
	run      func(ctx context.Context, m *Program, args []string) error
}

// commands are all the subcommands, in the order "duban help" lists them.
// Each has its file: run.go, console.go, import.go…
var commands = []command{
	{name: "run", help: "run the bot in Telegram (token from DUBAN_TELEGRAM_TOKEN)", run: runBot},
	{name: "console", help: "chat with the bot in the terminal (--demo: on a demo plan)", run: runConsole},
	{name: "import", help: "import the work plan from .docx/.txt/.md/.xlsx/.csv files (--dry-run: show it only)", run: runImport},
	{name: "export", help: "write the ledger (台账) as an .xlsx (or .csv) file", run: runExport},
	{name: "chart", help: "draw the month's progress chart (工作进展图) as a PNG file", run: runChart},
	{name: "summary", help: "draft a work summary (工作总结) from the recorded reports", run: runSummary},
	{name: "remind", help: "send a reminder now: weekly, deadlines or monthly (--dry-run prints it)", run: runRemind},
	{name: "backup", help: "copy the database safely while the bot runs: duban backup [--force] [FILE]", run: runBackup},
	{name: "calendar", help: "show the days off and make-up workdays (调休) the reminders follow: duban calendar [YEAR]", run: runCalendar},
	{name: "health", help: "ask the running bot whether it is healthy (exit 1 if not), for Docker's HEALTHCHECK", run: runHealth},
	{name: "version", help: "print the version", noConfig: true, run: runVersion},
}

// defaultCommand runs when no subcommand is given.
const defaultCommand = "run"

// lookup finds a subcommand by name ("help" is answered apart: it lists
// the table).
func lookup(name string) (command, bool) {
	if name == "help" {
		return command{name: "help", noConfig: true, run: runHelp}, true
	}
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// Main runs duban with args (os.Args without the program name) on the
// process's standard streams until it is done or interrupted (SIGINT,
// SIGTERM), and returns the exit code.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewProgram()
	err := m.ParseFlags(ctx, args)
	if err == nil {
		err = m.Run(ctx)
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(m.Stderr, "duban:", err)
		return 1
	}
	return 0
}

// Program is the program: flags, configuration, the chosen subcommand, and
// what must be closed at the end.
type Program struct {
	ConfigPath string
	Config     config.Config
	Loc        *time.Location // Config's time zone
	dbSet      bool           // --db was given
	Logger     *slog.Logger

	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string

	cmd     command
	args    []string
	closers []func() error
	drafter handlers.Drafter // built once by Drafter (cmd_summary.go)
	charts  *chart.Renderer  // built once by Charts (wire.go)
}

// NewProgram returns a Program on the process's standard streams.
func NewProgram() *Program {
	return &Program{
		Config: config.Default(), Loc: time.UTC, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
}

// ParseFlags reads the global flags, picks the subcommand and loads the
// configuration it needs: --config FILE, else $DUBAN_CONFIG, else
// config.yaml in the working directory when present, else the defaults.
func (m *Program) ParseFlags(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("duban", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.StringVar(&m.ConfigPath, "config", "", "configuration file (default: $DUBAN_CONFIG, else ./config.yaml when present)")
	fs.Usage = func() { m.usage(fs) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	name := defaultCommand
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	c, ok := lookup(name)
	if !ok {
		return fmt.Errorf("unknown command %q: see \"duban help\"", name)
	}
	m.cmd, m.args = c, rest
	if c.noConfig {
		return nil
	}
	if m.ConfigPath == "" {
		m.ConfigPath = m.Getenv("DUBAN_CONFIG")
	}
	cfg, err := config.Load(m.ConfigPath)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	m.Config = cfg
	// The time zone, resolved once: deadlines, schedules and times shown.
	if m.Loc, err = cfg.Location(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	m.Logger = newLogger(cfg.Log, m.Stderr)
	return nil
}

// newLogger builds the slog logger config.Log asks for.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	// A line logged with the context of a Telegram update names its ids.
	if c.Format == "json" {
		return slog.New(bot.LogHandler(slog.NewJSONHandler(w, opts)))
	}
	return slog.New(bot.LogHandler(slog.NewTextHandler(w, opts)))
}

// Run runs the chosen subcommand.
func (m *Program) Run(ctx context.Context) error {
	if m.cmd.run == nil {
		return errors.New("no command chosen")
	}
	// Whatever the process writes (the database, backups, ledgers) is
	// for its owner only, whatever umask it was started with.
	ops.RestrictUmask()
	return m.cmd.run(ctx, m, m.args)
}

// Close closes what the subcommand opened, in reverse order.
func (m *Program) Close() error {
	var errs []error
	for _, fn := range slices.Backward(m.closers) {
		errs = append(errs, fn())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// AddCloser schedules fn for Close.
func (m *Program) AddCloser(fn func() error) { m.closers = append(m.closers, fn) }

func (m *Program) usage(fs *flag.FlagSet) {
	fmt.Fprintln(m.Stderr, "usage: duban [--config FILE] [command] [flags]")
	fmt.Fprintln(m.Stderr)
	m.listCommands(m.Stderr)
	fmt.Fprintln(m.Stderr)
	fs.PrintDefaults()
}

func (m *Program) listCommands(w io.Writer) {
	fmt.Fprintln(w, "commands:")
	for _, c := range append(commands, command{name: "help", help: "list the commands"}) {
		def := ""
		if c.name == defaultCommand {
			def = " (default)"
		}
		fmt.Fprintf(w, "  %-10s %s%s\n", c.name, c.help, def)
	}
}

// flagSet returns the flags of a subcommand with its --help: the usage
// line, what it does, an example. With db the subcommand touches the
// database and takes --db FILE (default: the config's db).
func (m *Program) flagSet(name, usage, what, example string, db bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	if db {
		fs.Func("db", "database `file` (default: the config's db, "+m.Config.DB+")", func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("--db needs a file name")
			}
			m.Config.DB, m.dbSet = v, true
			return nil
		})
	}
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: duban %s\n\n%s\n\nExample:\n  %s\n\nFlags:\n", usage, strings.TrimSpace(what), example)
		fs.PrintDefaults()
	}
	return fs
}

// runHelp is "duban help".
func runHelp(_ context.Context, m *Program, _ []string) error {
	fmt.Fprintln(m.Stdout, "usage: duban [--config FILE] [command] [flags]")
	fmt.Fprintln(m.Stdout, strings.Repeat("-", 8))
	m.listCommands(m.Stdout)
	fmt.Fprintln(m.Stdout, "\n\"duban COMMAND -h\" shows the flags of a command, with an example.")
	return nil
}
