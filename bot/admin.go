package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
)

type adminKey struct{ chat, user int64 }

type adminEntry struct {
	admin bool
	until int64 // unix ms
}

// maxAdminCache bounds the cache; expired entries are dropped when it is
// reached.
const maxAdminCache = 4096

// IsChatAdmin reports whether user may administer the bot in chat: a user
// of Options.AdminIDs, or a creator or administrator of the chat as
// Telegram says. Telegram's answer is reused for AdminTTL, so that a burst
// of admin commands costs one request.
func (b *Bot) IsChatAdmin(ctx context.Context, chatID, userID int64) (bool, error) {
	if slices.Contains(b.opt.AdminIDs, userID) {
		return true, nil
	}
	key := adminKey{chatID, userID}
	now := b.Now().UnixMilli()
	b.mu.Lock()
	e, ok := b.admins[key]
	b.mu.Unlock()
	if ok && now < e.until {
		return e.admin, nil
	}
	m, err := b.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chatID, UserID: userID})
	if err != nil {
		return false, fmt.Errorf("check admin %d of chat %d: %w", userID, chatID, b.redact(err))
	}
	admin := m.Type == models.ChatMemberTypeOwner || m.Type == models.ChatMemberTypeAdministrator
	b.mu.Lock()
	if len(b.admins) >= maxAdminCache {
		for k, e := range b.admins {
			if now >= e.until {
				delete(b.admins, k)
			}
		}
		if len(b.admins) >= maxAdminCache {
			clear(b.admins)
		}
	}
	b.admins[key] = adminEntry{admin: admin, until: now + b.AdminTTL.Milliseconds()}
	b.mu.Unlock()
	return admin, nil
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
