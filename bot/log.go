package bot

import (
	"context"
	"log/slog"

	"github.com/go-telegram/bot/models"
)

// Every log line about an update carries its update, chat and user ids
// (slog attributes "update", "chat", "user"), so that one person's message
// can be followed through the logs. The ids travel in the context to the
// sends a handler makes while answering.

type updateKey struct{}

// updateRef names the update being handled.
type updateRef struct {
	update, chat, user int64
}

func refOf(u *models.Update) updateRef {
	return updateRef{update: u.ID, chat: chatOf(u), user: userOf(u)}
}

func (r updateRef) attrs() []any {
	return []any{"update", r.update, "chat", r.chat, "user", r.user}
}

// withUpdate returns ctx carrying r, for the logs of what is done while
// handling the update.
func withUpdate(ctx context.Context, r updateRef) context.Context {
	return context.WithValue(ctx, updateKey{}, r)
}

// logFor returns the logger for a line about the update r.
func (b *Bot) logFor(r updateRef) *slog.Logger { return b.log.With(r.attrs()...) }

// logCtx returns the logger for work done on behalf of ctx: with the ids of
// the update being handled, when there is one. Attributes a caller adds
// (say a send's "chat") come after and name what the line is about.
func (b *Bot) logCtx(ctx context.Context) *slog.Logger {
	if r, ok := ctx.Value(updateKey{}).(updateRef); ok {
		return b.log.With("update", r.update, "user", r.user)
	}
	return b.log
}

func userOf(u *models.Update) int64 {
	switch {
	case u.Message != nil && u.Message.From != nil:
		return u.Message.From.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.From.ID
	case u.EditedMessage != nil && u.EditedMessage.From != nil:
		return u.EditedMessage.From.ID
	}
	return 0
}
