package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
)

// TestRunSendsTheWeeklyReminderOnce runs "duban run" with a weekly spec
// that fired within the catch-up window, so that the scheduler started by
// run makes it up at once: both served groups get it. Fired again by
// "duban remind weekly", it sends nothing more.
func TestRunSendsTheWeeklyReminderOnce(t *testing.T) {
	fake := tgfake.New(t)
	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	db := demoDB(t)
	// Every midnight, caught up for 25 hours: due whenever the test runs.
	cfg := fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\ndb: %s\naccess:\n  admins: [%d]\n  chats: [%d]\n"+
		"schedule:\n  weekly: \"0 0 * * *\"\n  deadlines: \"\"\n  monthly: \"\"\n  catch_up: 25h\n", fake.URL, db, demo.AdminID, secondGroup)
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := writeFile(path, cfg); err != nil {
		t.Fatal(err)
	}
	m := cli.NewProgram()
	m.Getenv = func(string) string { return "" }
	m.Stderr = &strings.Builder{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.ParseFlags(ctx, []string{"--config", path, "run"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	wctx, wcancel := context.WithTimeout(ctx, 90*time.Second)
	defer wcancel()
	for _, chat := range []int64{demo.ChatID, secondGroup} {
		sent, err := fake.WaitSentTo(wctx, chat, 1)
		if err != nil {
			t.Fatalf("no reminder in chat %d: %v", chat, err)
		}
		if !strings.Contains(sent[0].Text, "每周工作提醒") {
			t.Fatalf("chat %d got %q", chat, sent[0].Text)
		}
	}
	// /briefing answers from the scheduler run wired in.
	admin := tgfake.User(demo.AdminID, "刘洋", "liuyang_bgs")
	group := tgfake.Group(demo.ChatID, demo.ChatTitle)
	fake.PushText(group, admin, "/briefing")
	sent, err := fake.WaitSentTo(wctx, demo.ChatID, 4) // the reminder, the chart, the briefing, its ledger
	if err != nil {
		t.Fatalf("no briefing: %v", err)
	}
	if sent[1].Method != "sendPhoto" || !strings.HasPrefix(sent[1].FileName, "工作进展图-") {
		t.Errorf("the briefing does not open with its chart: %s %q", sent[1].Method, sent[1].FileName)
	}
	if last := sent[len(sent)-1]; !strings.HasPrefix(last.FileName, "台账-") || last.Method != "sendDocument" {
		t.Errorf("the briefing's last message is %+v, want the ledger", last)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	before := fake.SentCount()
	out, _, err := runConfig(t, cfg, "remind", "weekly")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "没有新的内容要发送") || fake.SentCount() != before {
		t.Errorf("fired again, it sent %d more:\n%s", fake.SentCount()-before, out)
	}
	for _, chat := range []int64{demo.ChatID, secondGroup} {
		n := 0
		for _, s := range fake.SentTo(chat) {
			if strings.Contains(s.Text, "每周工作提醒") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("chat %d got the weekly reminder %d times", chat, n)
		}
	}
}

// TestMigrationMovesTheOutbox: when Telegram tells the bot that a group
// became a supergroup, the group's pending reminders and done runs follow
// it to the new id, so the new id neither misses them nor gets them twice.
func TestMigrationMovesTheOutbox(t *testing.T) {
	fake := tgfake.New(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const old, new = int64(-5), int64(-1005)
	if err := st.BindChat(ctx, old, true, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnqueueRun(ctx, string(scheduler.Weekly), old, "2026-W48", []duban.Outgoing{{Text: "📋 每周工作提醒"}}); err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Options{Token: tgfake.Token, APIURL: fake.URL, PollTimeout: 2 * time.Second}, st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	seen := make(chan duban.Message, 4)
	ran := make(chan error, 1)
	go func() { ran <- b.Run(ctx, handlerFunc(func(_ context.Context, m duban.Message) { seen <- m })) }()

	group := models.Chat{ID: old, Type: models.ChatTypeGroup, Title: "城关镇中心校"}
	user := tgfake.User(7, "张三", "")
	fake.Push(models.Update{Message: &models.Message{Chat: group, From: &user, MigrateToChatID: new}})
	fake.PushText(group, user, "收到") // handled after the notice: the chat's updates are in order
	select {
	case <-seen:
	case <-time.After(90 * time.Second):
		t.Fatal("the message after the notice was not handled")
	}
	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}

	ctx = context.Background()
	msgs, err := st.NextOutbox(ctx, time.Now().Add(time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0].Msg.ChatID != new {
		t.Errorf("outbox after the migration: %+v", msgs)
	}
	done, err := st.DoneRuns(ctx, string(scheduler.Weekly), "2026-W48")
	if err != nil || !done[new] || done[old] {
		t.Errorf("done runs after the migration: %v %v", done, err)
	}
	if c, err := st.Chat(ctx, new); err != nil || !c.Served {
		t.Errorf("the supergroup is not served: %+v %v", c, err)
	}
}

// handlerFunc adapts a function to bot.Handler.
type handlerFunc func(ctx context.Context, m duban.Message)

func (f handlerFunc) Handle(ctx context.Context, m duban.Message) { f(ctx, m) }
