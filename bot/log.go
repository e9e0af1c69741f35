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

// LogHandler wraps h so that a line logged with the context of an update
// being handled (InfoContext, WarnContext… with the ctx the bot handed to
// the Handler) carries the update's "update", "chat" and "user" ids, the
// ones the line does not name itself. main builds the program's logger
// with it, so that the handlers' lines about an update carry its ids too.
func LogHandler(h slog.Handler) slog.Handler { return updateAttrs{h} }

type updateAttrs struct{ slog.Handler }

// Handle adds the ids of the update in ctx, if any.
func (u updateAttrs) Handle(ctx context.Context, r slog.Record) error {
	ref, ok := ctx.Value(updateKey{}).(updateRef)
	if !ok {
		return u.Handler.Handle(ctx, r)
	}
	var has [3]bool
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "update":
			has[0] = true
		case "chat":
			has[1] = true
		case "user":
			has[2] = true
		}
		return true
	})
	r = r.Clone()
	for i, a := range []slog.Attr{slog.Int64("update", ref.update), slog.Int64("chat", ref.chat), slog.Int64("user", ref.user)} {
		if !has[i] {
			r.AddAttrs(a)
		}
	}
	return u.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapping.
func (u updateAttrs) WithAttrs(as []slog.Attr) slog.Handler {
	return updateAttrs{u.Handler.WithAttrs(as)}
}

// WithGroup keeps the wrapping.
func (u updateAttrs) WithGroup(name string) slog.Handler {
	return updateAttrs{u.Handler.WithGroup(name)}
}
