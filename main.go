// Command duban is the 督办 bot: it follows a county education bureau's
// work plan in Telegram groups. Subcommands live in cmd_*.go files and
// register themselves, so that adding one never edits this file:
//
//	duban [--config FILE] [subcommand] [flags]
//
// With no subcommand it runs the bot ("run").
package main

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
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/config"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/store"
)

// command is one subcommand. A cmd_*.go file registers it from init.
type command struct {
	name     string
	help     string // one line for "duban help"
	noConfig bool   // runs without loading the configuration (version, help)
	run      func(ctx context.Context, m *Main, args []string) error
}

// defaultCommand runs when no subcommand is given.
const defaultCommand = "run"

var registry = map[string]command{}

// register adds a subcommand; a duplicate name is a programming error.
func register(c command) {
	if _, dup := registry[c.name]; dup {
		panic("duban: subcommand registered twice: " + c.name)
	}
	registry[c.name] = c
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	err := m.ParseFlags(ctx, os.Args[1:])
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
		os.Exit(1)
	}
}

// Main is the program: flags, configuration, the chosen subcommand, and
// what must be closed at the end.
type Main struct {
	ConfigPath string
	Config     config.Config
	Logger     *slog.Logger

	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string

	cmd     command
	args    []string
	closers []func() error
	drafter handlers.Drafter // built once by Drafter (cmd_summary.go)
}

// NewMain returns a Main on the process's standard streams.
func NewMain() *Main {
	return &Main{
		Config: config.Default(), Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
}

// ParseFlags reads the global flags, picks the subcommand and loads the
// configuration it needs: --config FILE, else $DUBAN_CONFIG, else
// config.yaml in the working directory when present, else the defaults.
func (m *Main) ParseFlags(ctx context.Context, args []string) error {
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
	c, ok := registry[name]
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
func (m *Main) Run(ctx context.Context) error {
	if m.cmd.run == nil {
		return errors.New("no command chosen")
	}
	// Whatever the process writes (the database, backups, ledgers) is
	// for its owner only, whatever umask it was started with.
	ops.RestrictUmask()
	return m.cmd.run(ctx, m, m.args)
}

// Close closes what the subcommand opened, in reverse order.
func (m *Main) Close() error {
	var errs []error
	for _, fn := range slices.Backward(m.closers) {
		errs = append(errs, fn())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// AddCloser schedules fn for Close.
func (m *Main) AddCloser(fn func() error) { m.closers = append(m.closers, fn) }

// OpenStore opens the database at path (config db when empty) and closes
// it with Main.
func (m *Main) OpenStore(path string) (*store.Store, error) {
	if path == "" {
		path = m.Config.DB
	}
	st, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	m.AddCloser(st.Close)
	return st, nil
}

// Access builds the access rules from the configuration (access.*); tg
// tells standings in Telegram chats (the bot), nil where there is none.
func (m *Main) Access(st *store.Store, tg access.Telegram) *access.Policy {
	c := m.Config.Access
	scopes := map[int64]duban.Scope{}
	for _, g := range c.GroupsScope {
		scopes[g.Chat] = duban.Scope{Units: slices.Clone(g.Units), Plans: slices.Clone(g.Plans)}
	}
	return access.New(access.Config{Admins: slices.Clone(c.Admins), Chats: slices.Clone(c.Chats), Scopes: scopes},
		st, tg, m.Logger.With("component", "access"))
}

// HandlerDeps builds the handlers' dependencies from the configuration.
// The bot adapter sets BotUsername; the console sets its own.
func (m *Main) HandlerDeps(st *store.Store, sender duban.Sender, acc *access.Policy) (handlers.Deps, error) {
	loc, err := m.Config.Location()
	if err != nil {
		return handlers.Deps{}, err
	}
	return handlers.Deps{
		Store: st, Sender: sender, Lang: m.Config.Language, Loc: loc, Access: acc,
		Now: time.Now, Logger: m.Logger, ImportMaxBytes: m.Config.Import.MaxBytes,
		Drafter: m.Drafter(), SummaryCooldown: m.Config.LLM.Cooldown,
		Schedule: m.scheduleSpecs(),
	}, nil
}

func (m *Main) usage(fs *flag.FlagSet) {
	fmt.Fprintln(m.Stderr, "usage: duban [--config FILE] [command] [flags]")
	fmt.Fprintln(m.Stderr)
	m.listCommands(m.Stderr)
	fmt.Fprintln(m.Stderr)
	fs.PrintDefaults()
}

func (m *Main) listCommands(w io.Writer) {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "commands:")
	for _, n := range names {
		def := ""
		if n == defaultCommand {
			def = " (default)"
		}
		fmt.Fprintf(w, "  %-10s %s%s\n", n, registry[n].help, def)
	}
}

func init() {
	register(command{name: "help", help: "list the commands", noConfig: true,
		run: func(_ context.Context, m *Main, args []string) error {
			fmt.Fprintln(m.Stdout, "usage: duban [--config FILE] [command] [flags]")
			fmt.Fprintln(m.Stdout, strings.Repeat("-", 8))
			m.listCommands(m.Stdout)
			fmt.Fprintln(m.Stdout, "\n\"duban COMMAND -h\" shows the flags of a command.")
			return nil
		}})
}
