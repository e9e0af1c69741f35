package bot

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/tgfake"
)

func TestWebhook(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hookURL := "http://" + ln.Addr().String() + "/tg/hook"
	f := newFixture(t, func(o *Options) {
		o.Mode = "webhook"
		o.Webhook = Webhook{Listen: ln.Addr().String(), URL: hookURL, SecretToken: "s3cret-Token_1"}
	})
	f.bot.listener = ln
	rec := newRecorder()
	f.run(t, rec)
	ctx := testCtx(t)
	if err := f.fake.WaitCalls(ctx, "setWebhook", 1); err != nil {
		t.Fatal(err)
	}
	if w := f.fake.Webhook(); w.URL != hookURL || w.SecretToken != "s3cret-Token_1" {
		t.Fatalf("webhook set to %+v", w)
	}

	upd := models.Update{ID: 500, Message: &models.Message{ID: 1, Date: 1, Chat: tgfake.Group(-1001, "一中"), From: &models.User{ID: 42}, Text: "/due"}}
	post := func(path, secret string, u models.Update) int {
		body, _ := json.Marshal(u)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+ln.Addr().String()+path, bytes.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name, path, secret string
		want               int
	}{
		{"no secret", "/tg/hook", "", http.StatusUnauthorized},
		{"wrong secret", "/tg/hook", "guess", http.StatusUnauthorized},
		{"other path", "/other", "s3cret-Token_1", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(tt.path, tt.secret, upd); got != tt.want {
				t.Fatalf("status %d, want %d", got, tt.want)
			}
		})
	}
	// Telegram posts with the secret it was given: handled, once.
	for range 2 {
		if code, err := f.fake.PostWebhook(ctx, upd); err != nil || code != http.StatusOK {
			t.Fatalf("post = %d, %v", code, err)
		}
	}
	upd.ID, upd.Message.Text = 501, "end"
	if code, err := f.fake.PostWebhook(ctx, upd); err != nil || code != http.StatusOK {
		t.Fatalf("post = %d, %v", code, err)
	}
	got := rec.wait(t, 2)
	if got[0].Text != "/due" || got[1].Text != "end" || len(rec.all()) != 2 {
		t.Fatalf("handled %v", rec.all())
	}
	// Each post was in the inbox before it was answered.
	if st, err := f.st.InboxStats(ctx); err != nil || st.Pending+st.Done != 2 {
		t.Fatalf("inbox %+v, %v; want the two updates", st, err)
	}
}
