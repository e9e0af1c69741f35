package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// The long poll is done here rather than by go-telegram/bot's Start,
// because that one confirms an update to Telegram as soon as it is queued
// in memory, and decodes a whole batch at once: a single update it cannot
// decode would fail every poll from then on. Here each update is decoded on
// its own, a malformed one is logged and skipped, and a batch is written to
// the inbox before the next getUpdates (whose offset confirms it) is made.

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

// pollLimit is how many updates one getUpdates asks for, Telegram's most.
const pollLimit = 100

// poll long-polls getUpdates until ctx ends: it writes each batch to the
// inbox, then queues its new updates. The offset, which confirms updates
// to Telegram, moves past a batch only once the batch is in the inbox, and
// starts where the inbox ends, so that a restart neither loses nor repeats
// an update.
func (b *Bot) poll(ctx context.Context, d *dispatcher) error {
	// A webhook left from an earlier run would make getUpdates fail (409).
	if _, err := b.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		b.log.Warn("delete webhook", "err", b.redact(err))
	}
	offset, err := b.st.InboxOffset(ctx)
	if err != nil {
		return fmt.Errorf("poll: %w", err)
	}
	b.log.Info("receiving updates by long polling", "bot", b.Username(), "workers", b.opt.Workers, "offset", offset)
	var (
		backoff  time.Duration
		oneByOne int // polls left to make one update at a time
	)
	for ctx.Err() == nil {
		limit := pollLimit
		if oneByOne > 0 {
			limit = 1
		}
		raws, err := b.getUpdates(ctx, offset, limit)
		if ctx.Err() != nil {
			return nil
		}
		var bad *badAnswerError
		switch {
		case errors.As(err, &bad) && limit > 1:
			// One update in the batch broke the answer: take them one by
			// one to find it, and keep the others.
			b.log.Warn("get updates: answer unreadable, polling one update at a time", "offset", offset, "err", err)
			oneByOne = pollLimit
			continue
		case errors.As(err, &bad) && bad.firstID() >= offset:
			// The one update at offset is unreadable: skip it, or every
			// poll would fail on it from now on.
			id := bad.firstID()
			b.log.Error("unreadable update skipped", "update", id, "chat", 0, "user", 0, "size", len(bad.body), "err", err)
			offset, oneByOne = id+1, 0
			continue
		case err != nil:
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
		if oneByOne > 0 {
			oneByOne--
		}
		next, batch := offset, make([]received, 0, len(raws))
		for _, raw := range raws {
			u, id, ok := b.decodeUpdate(raw)
			if id >= next {
				next = id + 1
			}
			if ok {
				batch = append(batch, received{u: u, raw: raw})
			}
		}
		fresh, err := b.store(ctx, batch)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// Not confirmed: the next poll gets the same batch again.
			backoff = min(max(2*backoff, 100*time.Millisecond), maxBackoff)
			b.log.Error("write updates to the inbox", "updates", len(batch), "err", err, "retry_in", backoff)
			if !sleep(ctx, backoff) {
				return nil
			}
			continue
		}
		backoff = 0
		offset = next
		for _, u := range fresh {
			if !d.dispatch(ctx, u) {
				// It stays pending in the inbox for the next start.
				return nil
			}
		}
	}
	return nil
}

// getUpdates makes one long-poll request.
func (b *Bot) getUpdates(ctx context.Context, offset int64, limit int) ([]json.RawMessage, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"limit":           limit,
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
		if resp.StatusCode == http.StatusOK {
			return nil, &badAnswerError{body: data, err: err}
		}
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

// badAnswerError is a getUpdates answer with status 200 that is not valid
// JSON: an update in it is broken.
type badAnswerError struct {
	body []byte
	err  error
}

func (e *badAnswerError) Error() string {
	return fmt.Sprintf("get updates: decode answer: %v", e.err)
}

func (e *badAnswerError) Unwrap() error { return e.err }

// updateIDRE finds update ids in an answer that does not decode.
var updateIDRE = regexp.MustCompile(`"update_id"\s*:\s*(\d+)`)

// firstID returns the first update id the broken answer names, 0 when none.
func (e *badAnswerError) firstID() int64 {
	m := updateIDRE.FindSubmatch(e.body)
	if m == nil {
		return 0
	}
	id, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return id
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
