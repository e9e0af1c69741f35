package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

// counts is what countingMetrics recorded.
type counts struct {
	contacts int
	updates  map[string]int
	panics   int
	replies  int
	failures map[string]int
}

// countingMetrics records what the bot reports.
type countingMetrics struct {
	mu sync.Mutex
	counts
}

func newCountingMetrics() *countingMetrics {
	return &countingMetrics{counts: counts{updates: map[string]int{}, failures: map[string]int{}}}
}

func (c *countingMetrics) Contact()                  { c.mu.Lock(); c.contacts++; c.mu.Unlock() }
func (c *countingMetrics) UpdateHandled(kind string) { c.mu.Lock(); c.updates[kind]++; c.mu.Unlock() }
func (c *countingMetrics) HandlerPanicked()          { c.mu.Lock(); c.panics++; c.mu.Unlock() }
func (c *countingMetrics) ReplySent(time.Duration)   { c.mu.Lock(); c.replies++; c.mu.Unlock() }
func (c *countingMetrics) SendFailed(kind string)    { c.mu.Lock(); c.failures[kind]++; c.mu.Unlock() }

func (c *countingMetrics) snapshot() counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := counts{contacts: c.contacts, panics: c.panics, replies: c.replies, updates: map[string]int{}, failures: map[string]int{}}
	for k, v := range c.updates {
		s.updates[k] = v
	}
	for k, v := range c.failures {
		s.failures[k] = v
	}
	return s
}

func TestMetricsHooks(t *testing.T) {
	cm := newCountingMetrics()
	f := newFixture(t, func(o *Options) { o.Metrics = cm })
	const group = -1001
	f.fake.Inject(tgfake.TooManyRequests(group, 1, 1))
	f.fake.Inject(tgfake.Fault{Method: "sendMessage", ChatID: -1002, Code: 403, Description: "Forbidden: bot was kicked from the group chat"})
	rec := newRecorder()
	rec.act = func(ctx context.Context, m duban.Message) {
		switch m.Text {
		case "boom":
			panic("handler bug")
		case "/due":
			if _, err := f.bot.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: "本周到期"}); err != nil {
				t.Errorf("send: %v", err)
			}
		case "kicked":
			f.bot.Send(ctx, duban.Outgoing{ChatID: -1002, Text: "x"})
		}
	}
	f.run(t, rec)
	alice := tgfake.User(42, "Alice", "alice")
	f.fake.PushText(tgfake.Group(group, "一中"), alice, "/due")
	f.fake.PushText(tgfake.Group(group, "一中"), alice, "#12 进度60%")
	f.fake.PushText(tgfake.Group(group, "一中"), alice, "boom")
	f.fake.PushText(tgfake.Group(group, "一中"), alice, "kicked")
	rec.wait(t, 3) // the panicking one is never recorded
	f.stop(t)

	got := cm.snapshot()
	if got.updates["command"] != 1 || got.updates["message"] != 3 {
		t.Errorf("updates %v, want 1 command and 3 messages", got.updates)
	}
	if got.panics != 1 {
		t.Errorf("panics %d, want 1", got.panics)
	}
	if got.replies != 1 {
		t.Errorf("replies %d, want 1 (the 429 was waited out, the kicked chat failed)", got.replies)
	}
	if got.failures["rate_limited"] != 1 || got.failures["forbidden"] != 1 {
		t.Errorf("failures %v", got.failures)
	}
	// getMe, setMyCommands, deleteWebhook, polls, sends: all answered.
	if got.contacts < 5 {
		t.Errorf("contacts %d", got.contacts)
	}
}

func TestSendErrorKinds(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&tgbot.TooManyRequestsError{RetryAfter: 3}, "rate_limited"},
		{&tgbot.MigrateError{MigrateToChatID: -100}, "migrated"},
		{fmt.Errorf("%w, bot was kicked", tgbot.ErrorForbidden), "forbidden"},
		{fmt.Errorf("%w, message is too long", tgbot.ErrorBadRequest), "bad_request"},
		{errors.New("error response from telegram for method sendMessage, 502 Bad Gateway"), "server"},
		{errors.New("error decode response body for method sendMessage, <html>, invalid character"), "server"},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, "network"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := sendErrorKind(tt.err); got != tt.want {
				t.Fatalf("%v: %s, want %s", tt.err, got, tt.want)
			}
		})
	}
}

func TestUpdateKinds(t *testing.T) {
	tests := []struct {
		u    models.Update
		want string
	}{
		{models.Update{Message: &models.Message{Text: "/due@duban_bot"}}, "command"},
		{models.Update{Message: &models.Message{Text: "本周到期的任务"}}, "message"},
		{models.Update{Message: &models.Message{}}, "message"},
		{models.Update{CallbackQuery: &models.CallbackQuery{Data: "import:ok"}}, "callback"},
		{models.Update{MyChatMember: &models.ChatMemberUpdated{}}, "member"},
		{models.Update{EditedMessage: &models.Message{Text: "x"}}, "edit"},
		{models.Update{}, "other"},
	}
	for _, tt := range tests {
		if got := updateKind(&tt.u); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.u, got, tt.want)
		}
	}
}

func TestWebhookStatus(t *testing.T) {
	cm := newCountingMetrics()
	f := newFixture(t, func(o *Options) { o.Metrics = cm })
	ctx := testCtx(t)
	f.fake.PushText(tgfake.Group(-1001, "一中"), tgfake.User(1, "A", "a"), "waiting")
	s, err := f.bot.WebhookStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Pending != 1 || s.LastError != "" || !s.LastErrorAt.IsZero() {
		t.Fatalf("status %+v", s)
	}
	if cm.snapshot().contacts != 1 {
		t.Fatalf("contacts %d, want 1", cm.snapshot().contacts)
	}
	f.fake.Inject(tgfake.Fault{Method: "getWebhookInfo", Code: 500})
	if _, err := f.bot.WebhookStatus(ctx); err == nil {
		t.Fatal("no error on a 500")
	}
	if cm.snapshot().contacts != 1 {
		t.Fatal("a 500 counted as contact")
	}
}
