package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
)

// Retry bounds of one message part.
const (
	maxAttempts = 5
	// maxReplyWait is the longest 429 wait an interactive reply accepts;
	// after a longer one the answer would come too late to help.
	maxReplyWait = time.Minute
	// replyAttempts bounds the tries of an interactive reply after a 5xx or
	// a network error.
	replyAttempts = 3
)

// part is one Bot API message of an Outgoing: a long text becomes several.
type part struct {
	text    string
	replyTo int
	buttons [][]duban.Button
	file    *duban.File
	remote  *duban.RemoteFile // sent by file id when file is nil
}

// parts cuts m into the messages Telegram accepts: text over MaxTextLen in
// several messages, a document's caption over MaxCaptionLen as messages of
// its own before the document. The reply goes on the first part, the
// buttons on the last.
func parts(m duban.Outgoing) ([]part, error) {
	// Telegram refuses invalid UTF-8, which a file's bytes may carry into
	// a text; a replacement character is better than no message.
	m.Text = strings.ToValidUTF8(m.Text, "\uFFFD")
	if m.File != nil {
		f := *m.File
		f.Name = strings.ToValidUTF8(f.Name, "\uFFFD")
		m.File = &f
	}
	remote := m.Remote
	if m.File != nil {
		remote = nil
	}
	attached := m.File != nil || remote != nil
	var ps []part
	if attached && visibleLen(m.Text) <= MaxCaptionLen {
		ps = append(ps, part{text: strings.TrimSpace(m.Text), file: m.File, remote: remote})
	} else {
		for _, chunk := range splitHTML(m.Text, MaxTextLen) {
			ps = append(ps, part{text: chunk})
		}
		if attached {
			ps = append(ps, part{file: m.File, remote: remote})
		}
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("message to chat %d is empty", m.ChatID)
	}
	ps[0].replyTo = m.ReplyTo
	ps[len(ps)-1].buttons = m.Buttons
	return ps, nil
}

// Send delivers an interactive reply and returns the id of its first
// message. A 429 is waited out (up to maxReplyWait, within ctx) and the
// part sent again; a group that became a supergroup is moved in the store
// and the message sent to its new id; a chat that removed the bot is paused
// in the store and reported as *duban.ChatGoneError.
func (b *Bot) Send(ctx context.Context, m duban.Outgoing) (int, error) {
	ps, err := parts(m)
	if err != nil {
		return 0, err
	}
	chat, first, start := m.ChatID, 0, b.Now()
	for i, p := range ps {
		id, err := b.sendRetrying(ctx, &chat, p, false)
		if err != nil {
			return first, err
		}
		if i == 0 {
			first = id
		}
	}
	b.opt.Metrics.ReplySent(b.Now().Sub(start))
	return first, nil
}

// Deliver makes one attempt at m for the scheduler's outbox, which paces
// and retries itself; failures are the domain's errors:
// *duban.RetryAfterError (429), *duban.ChatGoneError (403, chat not found),
// *duban.ChatMigratedError, *duban.PermanentError (other 400s), and any
// other error for a transient failure. Deliver writes nothing to the store.
//
// A message of several parts is one attempt until its first part is sent;
// the rest is then sent with retries, since repeating the whole message
// would show its start twice. If the rest still fails, Deliver returns a
// *duban.PermanentError so that the outbox does not repeat the start.
func (b *Bot) Deliver(ctx context.Context, m duban.Outgoing) (int, error) {
	ps, err := parts(m)
	if err != nil {
		return 0, &duban.PermanentError{Reason: err.Error()}
	}
	first, err := b.sendOnce(ctx, m.ChatID, ps[0])
	if err != nil {
		return 0, b.translate(err)
	}
	chat := m.ChatID
	for i, p := range ps[1:] {
		if _, err := b.sendRetrying(ctx, &chat, p, true); err != nil {
			var gone *duban.ChatGoneError
			if errors.As(err, &gone) {
				return first, err
			}
			return first, &duban.PermanentError{Reason: fmt.Sprintf("sent %d of %d parts, then: %v", i+1, len(ps), err)}
		}
	}
	return first, nil
}

// sendRetrying sends one part, waiting out 429s and following migrations.
// For Send (deliver false) it records migrations and removals in the
// store; for the rest of a Deliver it retries transient failures instead.
func (b *Bot) sendRetrying(ctx context.Context, chat *int64, p part, deliver bool) (int, error) {
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		id, err := b.sendOnce(ctx, *chat, p)
		if err == nil {
			return id, nil
		}
		var (
			tooMany *tgbot.TooManyRequestsError
			moved   *tgbot.MigrateError
		)
		last := attempt >= maxAttempts
		switch {
		case errors.As(err, &tooMany) && !last:
			wait := max(time.Duration(tooMany.RetryAfter)*time.Second, time.Second)
			if !deliver && wait > maxReplyWait {
				return 0, &duban.RetryAfterError{After: wait}
			}
			b.logCtx(ctx).Info("telegram asks to wait", "chat", *chat, "retry_after", wait)
			if !sleep(ctx, wait) {
				return 0, fmt.Errorf("send to chat %d: %w", *chat, ctx.Err())
			}
		case errors.As(err, &moved) && !last:
			to := int64(moved.MigrateToChatID)
			if !deliver {
				if err := b.migrate(ctx, *chat, to); err != nil {
					b.logCtx(ctx).Error("record chat migration", "old", *chat, "new", to, "err", err)
				}
			}
			*chat = to
		case errors.Is(err, tgbot.ErrorForbidden):
			if !deliver {
				b.chatGone(ctx, *chat, b.redact(err).Error())
			}
			return 0, &duban.ChatGoneError{Reason: b.redact(err).Error()}
		case (deliver || attempt < replyAttempts) && !last && !errors.Is(err, tgbot.ErrorBadRequest) && ctx.Err() == nil:
			// A 5xx or a network error: the outbox's Deliver keeps trying;
			// an interactive reply tries a little (1 s, 2 s) rather than
			// leave a question unanswered.
			if !sleep(ctx, backoff) {
				return 0, fmt.Errorf("send to chat %d: %w", *chat, ctx.Err())
			}
			backoff *= 2
		default:
			return 0, fmt.Errorf("send to chat %d: %w", *chat, b.redact(err))
		}
	}
}

// sendOnce makes one Bot API call for a part and returns the message id.
func (b *Bot) sendOnce(ctx context.Context, chat int64, p part) (int, error) {
	var reply *models.ReplyParameters
	if p.replyTo != 0 {
		// The question may have been deleted meanwhile; answer anyway.
		reply = &models.ReplyParameters{MessageID: p.replyTo, AllowSendingWithoutReply: true}
	}
	var markup models.ReplyMarkup
	if len(p.buttons) > 0 {
		markup = keyboard(p.buttons)
	}
	var (
		msg *models.Message
		err error
	)
	if p.file != nil {
		msg, err = b.sendUpload(ctx, chat, p, reply, markup)
	} else if p.remote != nil {
		msg, err = b.sendRemote(ctx, chat, p, reply, markup)
	} else {
		off := true
		msg, err = b.api.SendMessage(ctx, &tgbot.SendMessageParams{
			ChatID:             chat,
			Text:               p.text,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: &off},
			ReplyParameters:    reply,
			ReplyMarkup:        markup,
		})
	}
	if err != nil {
		b.opt.Metrics.SendFailed(sendErrorKind(err))
		return 0, err
	}
	return msg.ID, nil
}

// sendUpload uploads the part's file (multipart) as a photo when it is
// one (File.Photo: shown inline, Telegram recompresses it) or else as a
// document, with the part's text as caption.
func (b *Bot) sendUpload(ctx context.Context, chat int64, p part, reply *models.ReplyParameters, markup models.ReplyMarkup) (*models.Message, error) {
	// A fresh reader per attempt: a retried upload sends the whole file.
	file := &models.InputFileUpload{Filename: p.file.Name, Data: bytes.NewReader(p.file.Data)}
	var mode models.ParseMode
	if p.text != "" {
		mode = models.ParseModeHTML
	}
	if p.file.Photo {
		return b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chat, Photo: file, Caption: p.text, ParseMode: mode,
			ReplyParameters: reply, ReplyMarkup: markup})
	}
	return b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chat, Document: file, Caption: p.text, ParseMode: mode,
		ReplyParameters: reply, ReplyMarkup: markup})
}

// sendRemote sends a file Telegram holds by its file id (InputFileString),
// as a photo, a video or a document, with the part's text as caption.
func (b *Bot) sendRemote(ctx context.Context, chat int64, p part, reply *models.ReplyParameters, markup models.ReplyMarkup) (*models.Message, error) {
	file := &models.InputFileString{Data: p.remote.FileID}
	var mode models.ParseMode
	if p.text != "" {
		mode = models.ParseModeHTML
	}
	switch p.remote.Kind {
	case duban.AttachPhoto:
		return b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chat, Photo: file, Caption: p.text, ParseMode: mode,
			ReplyParameters: reply, ReplyMarkup: markup})
	case duban.AttachVideo:
		return b.api.SendVideo(ctx, &tgbot.SendVideoParams{ChatID: chat, Video: file, Caption: p.text, ParseMode: mode,
			ReplyParameters: reply, ReplyMarkup: markup})
	}
	return b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chat, Document: file, Caption: p.text, ParseMode: mode,
		ReplyParameters: reply, ReplyMarkup: markup})
}

func keyboard(rows [][]duban.Button) models.InlineKeyboardMarkup {
	kb := models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		r := make([]models.InlineKeyboardButton, 0, len(row))
		for _, btn := range row {
			r = append(r, models.InlineKeyboardButton{Text: btn.Text, CallbackData: btn.Data})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// translate turns a Bot API failure into the domain's delivery errors.
func (b *Bot) translate(err error) error {
	var (
		tooMany *tgbot.TooManyRequestsError
		moved   *tgbot.MigrateError
	)
	reason := b.redact(err).Error()
	switch {
	case errors.As(err, &tooMany):
		return &duban.RetryAfterError{After: max(time.Duration(tooMany.RetryAfter)*time.Second, time.Second)}
	case errors.As(err, &moved):
		return &duban.ChatMigratedError{NewChatID: int64(moved.MigrateToChatID)}
	case errors.Is(err, tgbot.ErrorForbidden):
		return &duban.ChatGoneError{Reason: reason}
	case errors.Is(err, tgbot.ErrorBadRequest):
		if strings.Contains(strings.ToLower(reason), "chat not found") {
			return &duban.ChatGoneError{Reason: reason}
		}
		return &duban.PermanentError{Reason: reason}
	}
	return fmt.Errorf("deliver: %w", b.redact(err))
}

// Typing shows "typing…" in the chat while a slow answer is prepared.
func (b *Bot) Typing(ctx context.Context, chatID int64) error {
	if _, err := b.api.SendChatAction(ctx, &tgbot.SendChatActionParams{ChatID: chatID, Action: models.ChatActionTyping}); err != nil {
		return fmt.Errorf("typing in chat %d: %w", chatID, b.redact(err))
	}
	return nil
}
