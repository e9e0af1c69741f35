package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
)

// allowedUpdates are the update kinds the bot asks Telegram for. Edited
// messages are left out on purpose: treating an edit as a new message
// would answer a question twice or record a second report for a message
// people see once, and ignoring them silently is what users expect of a
// chat bot; a corrected report is sent again as a new message.
var allowedUpdates = []string{
	models.AllowedUpdateMessage,
	models.AllowedUpdateCallbackQuery,
	models.AllowedUpdateMyChatMember,
	// Someone's standing in a group changed (joined, left, promoted,
	// demoted): access drops what it knew of them at once. Telegram sends
	// these only where the bot is an administrator.
	models.AllowedUpdateChatMember,
	// A message edited by its author: a report it recorded is corrected.
	models.AllowedUpdateEditedMessage,
}

// chatOf returns the chat an update belongs to, which orders its handling;
// 0 when it has none.
func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message.Message; m != nil {
			return m.Chat.ID
		}
		if m := u.CallbackQuery.Message.InaccessibleMessage; m != nil {
			return m.Chat.ID
		}
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	case u.ChatMember != nil:
		return u.ChatMember.Chat.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	}
	return 0
}

// toMessage converts an update into the message the handlers get; ok is
// false for updates that carry nothing for them (service messages,
// stickers, edited captions, other bots).
func toMessage(u *models.Update, botID int64) (duban.Message, bool) {
	switch {
	case u.Message != nil:
		return fromMessage(u.ID, u.Message, botID)
	case u.CallbackQuery != nil:
		return fromCallback(u.ID, u.CallbackQuery, botID)
	case u.ChatMember != nil:
		return fromChatMember(u.ID, u.ChatMember)
	case u.EditedMessage != nil:
		// Only the words of an edit matter: a file or a photo whose
		// caption changed is evidence already kept.
		m := u.EditedMessage
		if m.Text == "" || m.Document != nil || len(m.Photo) > 0 || m.Video != nil {
			return duban.Message{}, false
		}
		out, ok := fromMessage(u.ID, m, botID)
		out.Edited = true
		return out, ok
	}
	return duban.Message{}, false
}

// fromChatMember turns a chat_member update into a message that carries
// the change and no text.
func fromChatMember(updateID int64, cm *models.ChatMemberUpdated) (duban.Message, bool) {
	who := memberUser(&cm.NewChatMember)
	if who == nil || cm.Chat.ID == 0 {
		return duban.Message{}, false
	}
	return duban.Message{
		UpdateID: updateID, ChatID: cm.Chat.ID, ChatType: string(cm.Chat.Type), ChatTitle: chatTitle(cm.Chat),
		UserID: cm.From.ID, UserName: userName(&cm.From), Username: cm.From.Username,
		Time:   time.Unix(int64(cm.Date), 0),
		Member: &duban.MemberChange{UserID: who.ID, Status: memberStatus(&cm.NewChatMember)},
	}, true
}

func fromMessage(updateID int64, m *models.Message, botID int64) (duban.Message, bool) {
	if m.From != nil && m.From.IsBot && !isAnonymousAdmin(m.From) {
		return duban.Message{}, false // never talk to other bots: no loops
	}
	if l := m.LeftChatMember; l != nil && !l.IsBot {
		// "X left the group" (or was removed): the same as a chat_member
		// update, seen where the bot is no administrator.
		return duban.Message{UpdateID: updateID, ChatID: m.Chat.ID, ChatType: string(m.Chat.Type), ChatTitle: chatTitle(m.Chat),
			MessageID: m.ID, Time: time.Unix(int64(m.Date), 0),
			Member: &duban.MemberChange{UserID: l.ID, Status: duban.MemberLeft}}, true
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	doc := toDocument(m.Document)
	if doc == nil && m.ReplyToMessage != nil {
		doc = toDocument(m.ReplyToMessage.Document)
	}
	att := toAttachment(m)
	if strings.TrimSpace(text) == "" && doc == nil && att == nil {
		return duban.Message{}, false
	}
	out := duban.Message{
		UpdateID:  updateID,
		ChatID:    m.Chat.ID,
		ChatType:  string(m.Chat.Type),
		ChatTitle: chatTitle(m.Chat),
		MessageID: m.ID,
		Text:      text,
		Time:      time.Unix(int64(m.Date), 0),
		Document:  doc,
		// A photo, video or document sent with the message: evidence.
		Attachment: att,
	}
	if m.From != nil {
		out.UserID, out.UserName, out.Username = m.From.ID, userName(m.From), m.From.Username
	}
	if m.SenderChat != nil {
		out.SenderChatID = m.SenderChat.ID
	}
	if r := m.ReplyToMessage; r != nil {
		rt := r.Text
		if rt == "" {
			rt = r.Caption
		}
		out.ReplyTo = &duban.Reply{MessageID: r.ID, FromBot: r.From != nil && botID != 0 && r.From.ID == botID, Text: rt}
		out.ReplyTo.Attachment = toAttachment(r)
		if r.From != nil {
			out.ReplyTo.UserID, out.ReplyTo.UserName, out.ReplyTo.Username = r.From.ID, userName(r.From), r.From.Username
		}
	}
	return out, true
}

func fromCallback(updateID int64, q *models.CallbackQuery, botID int64) (duban.Message, bool) {
	out := duban.Message{
		UpdateID: updateID,
		UserID:   q.From.ID,
		UserName: userName(&q.From),
		Username: q.From.Username,
		Callback: &duban.Callback{ID: q.ID, Data: q.Data},
	}
	switch m := q.Message; {
	case m.Message != nil:
		out.ChatID, out.ChatType, out.ChatTitle = m.Message.Chat.ID, string(m.Message.Chat.Type), chatTitle(m.Message.Chat)
		out.MessageID = m.Message.ID
		out.Time = time.Unix(int64(m.Message.Date), 0)
		out.ReplyTo = &duban.Reply{MessageID: m.Message.ID, FromBot: m.Message.From != nil && m.Message.From.ID == botID, Text: m.Message.Text}
	case m.InaccessibleMessage != nil && m.InaccessibleMessage.Chat.ID != 0:
		out.ChatID, out.ChatType, out.ChatTitle = m.InaccessibleMessage.Chat.ID, string(m.InaccessibleMessage.Chat.Type), chatTitle(m.InaccessibleMessage.Chat)
		out.MessageID = m.InaccessibleMessage.MessageID
	default:
		return duban.Message{}, false // a button of an inline message: no chat to answer in
	}
	return out, true
}

// isAnonymousAdmin tells Telegram's stand-in for a group admin who posts
// as the group, a bot account that must be listened to.
func isAnonymousAdmin(u *models.User) bool {
	return u.Username == "GroupAnonymousBot"
}

func toDocument(d *models.Document) *duban.Document {
	if d == nil {
		return nil
	}
	return &duban.Document{FileID: d.FileID, FileName: d.FileName, Size: d.FileSize, MimeType: d.MimeType}
}

// toAttachment returns the photo (its largest size, by pixels), video or document a
// message carries, nil when none. An animation comes with its document.
func toAttachment(m *models.Message) *duban.Attachment {
	a := attachmentOf(m)
	if a == nil || a.FileID == "" || a.UniqueID == "" {
		return nil // Telegram always sends both: not a file to keep
	}
	a.Album = m.MediaGroupID
	return a
}

func attachmentOf(m *models.Message) *duban.Attachment {
	switch {
	case m.Document != nil:
		d := m.Document
		return &duban.Attachment{Kind: duban.AttachDocument, FileID: d.FileID, UniqueID: d.FileUniqueID,
			Name: d.FileName, Size: d.FileSize, MimeType: d.MimeType}
	case m.Video != nil:
		v := m.Video
		return &duban.Attachment{Kind: duban.AttachVideo, FileID: v.FileID, UniqueID: v.FileUniqueID,
			Name: v.FileName, Size: v.FileSize, MimeType: v.MimeType}
	case len(m.Photo) > 0:
		best := m.Photo[0]
		for _, p := range m.Photo[1:] {
			if a, b := p.Width*p.Height, best.Width*best.Height; a > b || a == b && p.FileSize > best.FileSize {
				best = p
			}
		}
		return &duban.Attachment{Kind: duban.AttachPhoto, FileID: best.FileID, UniqueID: best.FileUniqueID,
			Size: int64(best.FileSize), MimeType: "image/jpeg"}
	}
	return nil
}

func userName(u *models.User) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

func chatTitle(c models.Chat) string {
	if c.Title != "" {
		return c.Title
	}
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// applyService records what service updates tell about chats: the bot was
// removed from (or added back to) a chat, a group became a supergroup.
func (b *Bot) applyService(ctx context.Context, log *slog.Logger, u *models.Update) error {
	if cm := u.MyChatMember; cm != nil {
		switch cm.NewChatMember.Type {
		case models.ChatMemberTypeLeft, models.ChatMemberTypeBanned:
			b.chatGone(ctx, cm.Chat.ID, "the bot was removed from the chat")
			return nil
		case models.ChatMemberTypeMember, models.ChatMemberTypeAdministrator:
			if old := cm.OldChatMember.Type; old == models.ChatMemberTypeLeft || old == models.ChatMemberTypeBanned {
				log.Info("bot added to chat")
				return b.st.PauseChat(ctx, cm.Chat.ID, false)
			}
		}
		return nil
	}
	if m := u.Message; m != nil {
		switch {
		case m.MigrateToChatID != 0:
			return b.migrate(ctx, m.Chat.ID, m.MigrateToChatID)
		case m.MigrateFromChatID != 0:
			return b.migrate(ctx, m.MigrateFromChatID, m.Chat.ID)
		}
	}
	return nil
}

// migrate records that a group became a supergroup with a new id. Telegram
// announces it twice (in the old group and in the new supergroup) and a
// send may discover it too; store.MigrateChat moves everything in one
// transaction and does nothing when the move was recorded already. The
// outbox sender records a migration it finds the same way.
func (b *Bot) migrate(ctx context.Context, old, new int64) error {
	if old == 0 || new == 0 || old == new {
		return nil
	}
	b.logCtx(ctx).Info("group became a supergroup", "old", old, "new", new)
	if err := b.st.MigrateChat(ctx, old, new); err != nil {
		return fmt.Errorf("migrate chat %d to %d: %w", old, new, err)
	}
	return nil
}

// chatGone records that a chat can no longer be written to (store.ChatGone:
// paused, its scheduled messages dropped), as the outbox sender does.
func (b *Bot) chatGone(ctx context.Context, chat int64, reason string) {
	n, err := b.st.ChatGone(ctx, chat, reason)
	if err != nil {
		b.logCtx(ctx).Error("record a chat gone", "chat", chat, "err", err)
		return
	}
	b.logCtx(ctx).Info("chat no longer reachable, paused", "chat", chat, "reason", reason, "dropped", n)
}
