package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// The long poll is done here rather than by go-telegram/bot's Start,
// because that one decodes a whole batch at once: a single update it cannot
// decode would fail every poll from then on. Here each update is decoded on
// its own and a malformed one is logged and skipped.

// apiError is a Bot API error answer.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram error %d: %s", e.Code, e.Description)
}

// maxBackoff bounds the wait between failed polls.
const maxBackoff = 5 * time.Second

// poll long-polls getUpdates until ctx ends and dispatches each update.
// An offset confirms updates to Telegram only on the next poll, after they
// were queued, so an update is never confirmed before it was queued.
func (b *Bot) poll(ctx context.Context, d *dispatcher) error {
	// A webhook left from an earlier run would make getUpdates fail (409).
	if _, err := b.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		b.log.Warn("delete webhook", "err", b.redact(err))
	}
	b.log.Info("receiving updates by long polling", "bot", b.Username(), "workers", b.opt.Workers)
	var (
		offset  int64
		backoff time.Duration
	)
	for ctx.Err() == nil {
		raws, err := b.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			var ae *apiError
			switch {
			case errors.As(err, &ae) && (ae.Code == http.StatusUnauthorized || ae.Code == http.StatusNotFound):
				return fmt.Errorf("telegram refused the bot token (check DUBAN_TELEGRAM_TOKEN): %w", err)
			case errors.As(err, &ae) && ae.RetryAfter > 0:
				backoff = time.Duration(ae.RetryAfter) * time.Second
			default:
				backoff = min(max(2*backoff, 100*time.Millisecond), maxBackoff)
			}
			b.log.Warn("get updates", "err", err, "retry_in", backoff)
			if !sleep(ctx, backoff) {
				return nil
			}
			continue
		}
		backoff = 0
		for _, raw := range raws {
			u, id, ok := b.decodeUpdate(raw)
			if id >= offset {
				offset = id + 1
			}
			if !ok {
				continue
			}
			if !d.dispatch(ctx, u) {
				return nil
			}
		}
	}
	return nil
}

// getUpdates makes one long-poll request.
func (b *Bot) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"limit":           100,
		"timeout":         int(b.opt.PollTimeout / time.Second),
		"allowed_updates": allowedUpdates,
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.opt.APIURL+"/bot"+b.opt.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, b.redact(fmt.Errorf("get updates: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, b.redact(fmt.Errorf("get updates: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, b.redact(fmt.Errorf("get updates: read: %w", err))
	}
	var env struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("get updates: decode answer (HTTP %d): %w", resp.StatusCode, err)
	}
	if !env.OK {
		code := env.ErrorCode
		if code == 0 {
			code = resp.StatusCode
		}
		return nil, &apiError{Code: code, Description: env.Description, RetryAfter: env.Parameters.RetryAfter}
	}
	return env.Result, nil
}

// decodeUpdate decodes one update; ok is false (and it is logged) when it
// is malformed. id is its update id when that much could be read.
func (b *Bot) decodeUpdate(raw []byte) (u *models.Update, id int64, ok bool) {
	var head struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		b.log.Warn("malformed update skipped", "err", err, "size", len(raw))
		return nil, 0, false
	}
	u = new(models.Update)
	if err := json.Unmarshal(raw, u); err != nil {
		b.log.Warn("malformed update skipped", "update", head.ID, "err", err)
		return nil, head.ID, false
	}
	return u, head.ID, true
}

// sleep waits for d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
