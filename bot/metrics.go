package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Metrics is what the adapter counts; main passes *ops.Metrics. Options
// with a nil Metrics count nothing.
type Metrics interface {
	// Contact: the Bot API answered a call (any call, the long poll
	// included), which /healthz reads as "Telegram is reachable".
	Contact()
	// UpdateHandled: an update was handed on for the first time; kind is
	// "command", "message", "callback", "member", "edit" or "other".
	UpdateHandled(kind string)
	// HandlerPanicked: a panic was recovered while handling an update.
	HandlerPanicked()
	// ReplySent: an interactive reply was sent, in took (429 waits
	// included).
	ReplySent(took time.Duration)
	// SendFailed: one send attempt failed; kind is "rate_limited",
	// "forbidden", "migrated", "bad_request", "server" or "network".
	SendFailed(kind string)
}

type nopMetrics struct{}

func (nopMetrics) Contact()                {}
func (nopMetrics) UpdateHandled(string)    {}
func (nopMetrics) HandlerPanicked()        {}
func (nopMetrics) ReplySent(time.Duration) {}
func (nopMetrics) SendFailed(string)       {}

// contactTransport reports every answer of the Bot API below 500 as
// contact: the one place every call goes through.
type contactTransport struct {
	rt http.RoundTripper
	m  Metrics
}

// RoundTrip sends req and records the contact.
func (t contactTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.rt.RoundTrip(req)
	if err == nil && resp.StatusCode < 500 {
		t.m.Contact()
	}
	return resp, err
}

// updateKind names an update for duban_updates_handled_total.
func updateKind(u *models.Update) string {
	switch {
	case u.Message != nil && strings.HasPrefix(u.Message.Text, "/"):
		return "command"
	case u.Message != nil:
		return "message"
	case u.CallbackQuery != nil:
		return "callback"
	case u.MyChatMember != nil || u.ChatMember != nil:
		return "member"
	case u.EditedMessage != nil:
		return "edit"
	}
	return "other"
}

// sendErrorKind names a failed Bot API call for
// duban_telegram_send_errors_total.
func sendErrorKind(err error) string {
	var (
		tooMany *tgbot.TooManyRequestsError
		moved   *tgbot.MigrateError
	)
	switch {
	case errors.As(err, &tooMany):
		return "rate_limited"
	case errors.As(err, &moved):
		return "migrated"
	case errors.Is(err, tgbot.ErrorForbidden):
		return "forbidden"
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound),
		errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorConflict):
		return "bad_request"
	case strings.Contains(err.Error(), "error response from telegram"),
		strings.Contains(err.Error(), "error decode response body"):
		// go-telegram/bot's words for a 5xx, and for a page that is not
		// JSON (a proxy's 502).
		return "server"
	}
	return "network"
}

// WebhookStatus is Telegram's view of the webhook (getWebhookInfo).
type WebhookStatus struct {
	URL         string
	Pending     int       // updates waiting to be delivered
	LastError   string    // the last delivery error, if any
	LastErrorAt time.Time // zero when none
}

// WebhookStatus asks Telegram about the webhook. In webhook mode the bot
// makes no call while its groups are quiet; this cheap one shows that the
// Bot API still answers, and whether Telegram can reach us.
func (b *Bot) WebhookStatus(ctx context.Context) (WebhookStatus, error) {
	info, err := b.api.GetWebhookInfo(ctx)
	if err != nil {
		return WebhookStatus{}, b.redact(err)
	}
	s := WebhookStatus{URL: info.URL, Pending: info.PendingUpdateCount, LastError: info.LastErrorMessage}
	if info.LastErrorDate > 0 {
		s.LastErrorAt = time.Unix(int64(info.LastErrorDate), 0)
	}
	return s, nil
}
