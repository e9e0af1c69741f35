package bot

import (
	"context"
	"net"
	"net/http"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/tgfake"
)

// Switching from webhook mode back to polling removes the webhook, which
// would otherwise make every getUpdates fail with 409.
func TestSwitchFromWebhookToPolling(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hookURL := "http://" + ln.Addr().String() + "/hook"
	f := newFixture(t, func(o *Options) {
		o.Mode = "webhook"
		o.Webhook = Webhook{Listen: ln.Addr().String(), URL: hookURL, SecretToken: "abc"}
	})
	f.bot.listener = ln
	hooked := newRecorder()
	f.run(t, hooked)
	ctx := testCtx(t)
	if err := f.fake.WaitCalls(ctx, "setWebhook", 1); err != nil {
		t.Fatal(err)
	}
	// Telegram posts an update to the webhook; it is handled.
	if code, err := f.fake.PostWebhook(ctx, models.Update{Message: &models.Message{ID: 1, Date: 1,
		Chat: tgfake.Group(-1001, "一中"), From: &models.User{ID: 42}, Text: "by webhook"}}); err != nil || code != http.StatusOK {
		t.Fatalf("post = %d, %v", code, err)
	}
	hooked.wait(t, 1)
	f.stop(t)
	if w := f.fake.Webhook(); w.URL != hookURL || w.Deleted != 0 {
		t.Fatalf("after the webhook run: %+v", w)
	}

	polling, err := New(Options{Token: tgfake.Token, APIURL: f.fake.URL, PollTimeout: f.bot.opt.PollTimeout}, f.st, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	pctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- polling.Run(pctx, rec) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	f.fake.PushText(tgfake.Group(-1001, "一中"), tgfake.User(42, "A", "a"), "/due")
	if got := rec.wait(t, 1); got[0].Text != "/due" {
		t.Fatalf("handled %v", got)
	}
	if w := f.fake.Webhook(); w.URL != "" || w.Deleted != 1 {
		t.Fatalf("webhook after polling started: %+v", w)
	}
	if f.fake.CallCount("deleteWebhook") != 1 {
		t.Fatalf("deleteWebhook called %d times", f.fake.CallCount("deleteWebhook"))
	}
}
