package scheduler

import (
	"errors"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Metrics counts the sender's attempts; main passes *ops.Metrics through
// Sender.Metrics. A nil Metrics counts nothing.
type Metrics interface {
	// Delivered reports one attempt and how long the Bot API took; result
	// is "sent", "retry", "dead", "rate_limited", "chat_gone" or
	// "migrated".
	Delivered(result string, took time.Duration)
}

// outcome names the result of an attempt the way record treats it;
// attempts counts this attempt too.
func outcome(err error, chat int64, attempts, maxAttempts int) string {
	var (
		retry    *duban.RetryAfterError
		gone     *duban.ChatGoneError
		migrated *duban.ChatMigratedError
		refused  *duban.PermanentError
	)
	switch {
	case err == nil:
		return "sent"
	case errors.As(err, &retry):
		return "rate_limited"
	case errors.As(err, &gone):
		return "chat_gone"
	case errors.As(err, &migrated) && migrated.NewChatID != 0 && migrated.NewChatID != chat:
		return "migrated"
	case errors.As(err, &refused) || errors.As(err, &migrated):
		return "dead"
	case attempts >= maxAttempts:
		return "dead"
	}
	return "retry"
}
