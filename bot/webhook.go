package bot

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// serveWebhook listens for Telegram's posts at the webhook URL's path until
// ctx ends, after telling Telegram where to post (setWebhook).
func (b *Bot) serveWebhook(ctx context.Context, d *dispatcher) error {
	u, err := url.Parse(b.opt.Webhook.URL)
	if err != nil {
		return fmt.Errorf("webhook url: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	ln := b.listener
	if ln == nil {
		if ln, err = net.Listen("tcp", b.opt.Webhook.Listen); err != nil {
			return fmt.Errorf("webhook: %w", err)
		}
	}
	srv := &http.Server{
		Handler:           b.webhookHandler(path, d),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	if _, err := b.api.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            b.opt.Webhook.URL,
		SecretToken:    b.opt.Webhook.SecretToken,
		AllowedUpdates: allowedUpdates,
	}); err != nil {
		srv.Close()
		return fmt.Errorf("set webhook: %w", b.redact(err))
	}
	b.log.Info("receiving updates by webhook", "bot", b.Username(), "listen", ln.Addr().String(), "path", path)

	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("webhook server: %w", err)
	}
	// Let the posts in flight finish queuing their update; Telegram posts
	// again what got no answer.
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("webhook shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("webhook server: %w", err)
	}
	return nil
}

// maxWebhookBody bounds one posted update.
const maxWebhookBody = 1 << 20

// webhookHandler accepts Telegram's posts. go-telegram/bot's own handler
// answers 200 to a wrong secret token; this one answers 401 so that a
// misconfiguration shows in Telegram's getWebhookInfo.
func (b *Bot) webhookHandler(path string, d *dispatcher) http.Handler {
	secret := []byte(b.opt.Webhook.SecretToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			b.log.Warn("webhook post with a wrong secret token", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		u, _, ok := b.decodeUpdate(raw)
		if !ok {
			// Posting it again would not make it readable.
			w.WriteHeader(http.StatusOK)
			return
		}
		fresh, err := b.store(r.Context(), []received{{u: u, raw: raw}})
		if err != nil {
			// Not acknowledged: Telegram posts it again.
			b.logFor(refOf(u)).Error("write update to the inbox", "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		// Stored, it is Telegram's no more: a dispatch cut short by
		// shutdown leaves it pending for the next start.
		for _, u := range fresh {
			d.dispatch(r.Context(), u)
		}
		w.WriteHeader(http.StatusOK)
	})
}
