package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
)

// ChatMember returns a user's standing in a chat, as Telegram says now
// (getChatMember). It is not cached here: package access reuses answers
// for a bounded time and drops them on chat_member updates.
func (b *Bot) ChatMember(ctx context.Context, chatID, userID int64) (duban.MemberStatus, error) {
	m, err := b.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chatID, UserID: userID})
	if err != nil {
		return "", fmt.Errorf("get member %d of chat %d: %w", userID, chatID, b.redact(err))
	}
	return memberStatus(m), nil
}

// memberStatus reduces a ChatMember to its standing; a restricted user who
// is no longer in the chat has left it.
func memberStatus(m *models.ChatMember) duban.MemberStatus {
	if m == nil {
		return duban.MemberLeft
	}
	if m.Type == models.ChatMemberTypeRestricted && (m.Restricted == nil || !m.Restricted.IsMember) {
		return duban.MemberLeft
	}
	return duban.MemberStatus(m.Type)
}

// memberUser returns the user a ChatMember is about.
func memberUser(m *models.ChatMember) *models.User {
	switch {
	case m.Owner != nil:
		return m.Owner.User
	case m.Administrator != nil:
		return &m.Administrator.User
	case m.Member != nil:
		return m.Member.User
	case m.Restricted != nil:
		return m.Restricted.User
	case m.Left != nil:
		return m.Left.User
	case m.Banned != nil:
		return m.Banned.User
	}
	return nil
}

// Download fetches a file sent to the bot, refusing one over max bytes
// with an EINVALID error: by the size Telegram reports before fetching, and
// by counting while reading, since the reported size may be missing.
func (b *Bot) Download(ctx context.Context, fileID string, max int64) ([]byte, error) {
	f, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("get file: %w", b.redact(err))
	}
	if f.FileSize > max {
		return nil, tooLarge(f.FileSize, max)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, fmt.Errorf("download file: %w", b.redact(err))
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download file: %w", b.redact(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download file: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > max {
		return nil, tooLarge(resp.ContentLength, max)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("download file: %w", b.redact(err))
	}
	if int64(len(data)) > max {
		return nil, tooLarge(-1, max)
	}
	return data, nil
}

func tooLarge(size, max int64) error {
	if size < 0 {
		return duban.Errorf(duban.EINVALID, "the file is larger than %d bytes", max)
	}
	return duban.Errorf(duban.EINVALID, "the file has %d bytes, more than the limit of %d", size, max)
}
