package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/internal/tgfake"
)

func TestRunWithoutTokenSaysWhatToDo(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	_, err := runMain(t, "", "run")
	if err == nil || !strings.Contains(err.Error(), "DUBAN_TELEGRAM_TOKEN") || !strings.Contains(err.Error(), "console --demo") {
		t.Fatalf("err = %v", err)
	}
}

func TestRunServesTelegramUntilStopped(t *testing.T) {
	fake := tgfake.New(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := writeFile(cfg, fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\ndb: %s\naccess:\n  admins: [7]\n",
		fake.URL, filepath.Join(dir, "duban.db"))); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	m := cli.NewProgram()
	m.Getenv = func(string) string { return "" }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.ParseFlags(ctx, []string{"--config", cfg}); err != nil { // no subcommand: run
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	admin := tgfake.User(7, "刘洋", "liuyang")
	fake.PushText(tgfake.Private(admin), admin, "/help")
	wctx, wcancel := context.WithTimeout(ctx, 90*time.Second)
	defer wcancel()
	sent, err := fake.WaitSentTo(wctx, admin.ID, 1)
	if err != nil {
		t.Fatalf("no answer to /help: %v", err)
	}
	if !strings.Contains(sent[0].Text, "/due") {
		t.Fatalf("help text: %q", sent[0].Text)
	}
	if n := fake.CallCount("setMyCommands"); n != 2 {
		t.Fatalf("command menu set %d times, want 2 (zh, en)", n)
	}

	cancel() // what SIGTERM does through signal.NotifyContext
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}
