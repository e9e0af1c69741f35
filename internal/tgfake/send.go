package tgfake

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	_ "image/jpeg" // photos Telegram takes
	_ "image/png"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// Telegram's limits on what one message may hold, counted in UTF-16 code
// units of the text after the HTML markup is parsed.
const (
	MaxTextLen    = 4096
	MaxCaptionLen = 1024
)

// Sent is a message the bot sent or edited.
type Sent struct {
	Method    string // sendMessage, sendDocument, sendPhoto, sendVideo, editMessageText, editMessageReplyMarkup
	ChatID    int64
	MessageID int
	Text      string // text, or the caption of a document, as sent (HTML)
	ParseMode string
	ReplyTo   int // message id replied to, 0 for none
	NoPreview bool
	Buttons   [][]models.InlineKeyboardButton
	FileName  string
	File      []byte
	// FileID is the file sent by its id (a file Telegram holds already)
	// rather than uploaded.
	FileID string
	// Width and Height are an uploaded photo's size in pixels.
	Width, Height int
	At            time.Time
}

// Sent returns every message sent so far, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// SentTo returns the messages sent to chat, in order.
func (s *Server) SentTo(chat int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, m := range s.sent {
		if m.ChatID == chat {
			out = append(out, m)
		}
	}
	return out
}

// SentCount returns how many messages were sent so far.
func (s *Server) SentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// WaitSent waits until at least n messages were sent in all and returns
// them; it fails when ctx ends first.
func (s *Server) WaitSent(ctx context.Context, n int) ([]Sent, error) {
	return s.waitFor(ctx, func() bool { return len(s.sent) >= n })
}

// WaitSentTo waits until at least n messages were sent to chat and returns
// them.
func (s *Server) WaitSentTo(ctx context.Context, chat int64, n int) ([]Sent, error) {
	if _, err := s.waitFor(ctx, func() bool {
		k := 0
		for _, m := range s.sent {
			if m.ChatID == chat {
				k++
			}
		}
		return k >= n
	}); err != nil {
		return s.SentTo(chat), err
	}
	return s.SentTo(chat), nil
}

// waitFor waits until cond, evaluated with s.mu held, is true.
func (s *Server) waitFor(ctx context.Context, cond func() bool) ([]Sent, error) {
	for {
		s.mu.Lock()
		ok := cond()
		changed := s.changed
		sent := append([]Sent(nil), s.sent...)
		s.mu.Unlock()
		if ok {
			return sent, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return sent, ctx.Err()
		}
	}
}

// send fakes the sending and editing methods: it validates the text as
// Telegram does, applies injected faults and rate limits, then records the
// message.
func (s *Server) send(method string, params map[string]string, files map[string]upload) (any, *apiError) {
	chat, aerr := chatID(params)
	if aerr != nil {
		return nil, aerr
	}
	m := Sent{Method: method, ChatID: chat, ParseMode: params["parse_mode"], At: time.Now()}
	switch method {
	case "sendMessage", "editMessageText":
		m.Text = params["text"]
	case "sendDocument", "sendPhoto", "sendVideo":
		field := strings.ToLower(strings.TrimPrefix(method, "send"))
		m.Text = params["caption"]
		if f, ok := files[field]; ok {
			m.FileName, m.File = f.Name, f.Data
			if method == "sendPhoto" {
				var aerr *apiError
				if m.Width, m.Height, aerr = checkPhoto(f.Data); aerr != nil {
					return nil, aerr
				}
			}
		} else if id := params[field]; id != "" {
			m.FileID = id
		} else {
			return nil, &apiError{Code: 400, Description: "Bad Request: there is no " + field + " in the request"}
		}
	}
	if method == "editMessageText" || method == "editMessageReplyMarkup" {
		id, err := strconv.Atoi(params["message_id"])
		if err != nil || id <= 0 {
			return nil, &apiError{Code: 400, Description: "Bad Request: message to edit not found"}
		}
		m.MessageID = id
	}
	if aerr := s.validateText(method, m.Text, m.ParseMode); aerr != nil {
		return nil, aerr
	}
	if v := params["reply_parameters"]; v != "" {
		var rp struct {
			MessageID int `json:"message_id"`
		}
		if err := json.Unmarshal([]byte(v), &rp); err != nil {
			return nil, &apiError{Code: 400, Description: "Bad Request: can't parse reply parameters JSON object"}
		}
		m.ReplyTo = rp.MessageID
	} else if v := params["reply_to_message_id"]; v != "" {
		m.ReplyTo, _ = strconv.Atoi(v)
	}
	if v := params["link_preview_options"]; v != "" {
		var lp models.LinkPreviewOptions
		if err := json.Unmarshal([]byte(v), &lp); err != nil {
			return nil, &apiError{Code: 400, Description: "Bad Request: can't parse link preview options"}
		}
		m.NoPreview = lp.IsDisabled != nil && *lp.IsDisabled
	} else if params["disable_web_page_preview"] == "true" {
		m.NoPreview = true
	}
	if v := params["reply_markup"]; v != "" {
		var kb models.InlineKeyboardMarkup
		if err := json.Unmarshal([]byte(v), &kb); err != nil {
			return nil, &apiError{Code: 400, Description: "Bad Request: can't parse reply keyboard markup JSON object"}
		}
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if len(b.CallbackData) > 64 {
					return nil, &apiError{Code: 400, Description: "Bad Request: BUTTON_DATA_INVALID"}
				}
			}
		}
		m.Buttons = kb.InlineKeyboard
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	m.At = time.Now() // under the lock, so that accepted times are in order
	if aerr := s.checkFaultLocked(method, chat); aerr != nil {
		return nil, aerr
	}
	if aerr := s.checkLimitsLocked(chat, m.At); aerr != nil {
		return nil, aerr
	}
	if m.MessageID == 0 {
		m.MessageID = s.nextMessageIDLocked(chat)
	}
	s.sent = append(s.sent, m)
	s.accepted = append(s.accepted, acceptance{chat: chat, at: m.At})
	s.stats.Accepted++
	s.notifyLocked()
	reply := models.Message{
		ID:   m.MessageID,
		From: &s.me,
		Chat: models.Chat{ID: chat, Type: chatType(chat)},
		Date: int(m.At.Unix()),
		Text: m.Text,
	}
	fileID, uniqueID := "sent-"+strconv.Itoa(m.MessageID), "u"+strconv.Itoa(m.MessageID)
	if m.FileID != "" {
		fileID, uniqueID = m.FileID, "u-"+m.FileID
	}
	switch method {
	case "sendDocument":
		reply.Text, reply.Caption = "", m.Text
		reply.Document = &models.Document{FileID: fileID, FileUniqueID: uniqueID, FileName: m.FileName, FileSize: int64(len(m.File))}
	case "sendPhoto":
		reply.Text, reply.Caption = "", m.Text
		reply.Photo = []models.PhotoSize{{FileID: fileID, FileUniqueID: uniqueID, Width: m.Width, Height: m.Height, FileSize: len(m.File)}}
	case "sendVideo":
		reply.Text, reply.Caption = "", m.Text
		reply.Video = &models.Video{FileID: fileID, FileUniqueID: uniqueID, FileSize: int64(len(m.File))}
	}
	return reply, nil
}

// chatType guesses a chat's type from its id as Telegram numbers them:
// users positive, supergroups -100…, basic groups other negatives.
func chatType(id int64) models.ChatType {
	switch {
	case id > 0:
		return models.ChatTypePrivate
	case id <= -1000000000000:
		return models.ChatTypeSupergroup
	default:
		return models.ChatTypeGroup
	}
}

// validateText refuses what Telegram refuses: empty text, malformed HTML,
// and text or captions over the length limits.
func (s *Server) validateText(method, text, parseMode string) *apiError {
	if method == "editMessageReplyMarkup" {
		return nil
	}
	visible := text
	if parseMode == "HTML" {
		v, err := ParseHTML(text)
		if err != nil {
			return &apiError{Code: 400, Description: "Bad Request: can't parse entities: " + err.Error()}
		}
		visible = v
	}
	n := len(utf16.Encode([]rune(visible)))
	switch {
	case method == "sendDocument" || method == "sendPhoto" || method == "sendVideo":
		if n > MaxCaptionLen {
			return &apiError{Code: 400, Description: "Bad Request: message caption is too long"}
		}
	case isBlank(visible):
		return &apiError{Code: 400, Description: "Bad Request: message text is empty"}
	case n > MaxTextLen:
		return &apiError{Code: 400, Description: "Bad Request: message is too long"}
	}
	return nil
}

func isBlank(s string) bool {
	for _, r := range s {
		switch r {
		case ' ', '\n', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// Telegram's limits on an uploaded photo (sendPhoto): at most 10 MB, width
// plus height at most 10,000 pixels, the longer side at most 20 times the
// shorter.
const (
	MaxPhotoBytes = 10 << 20
	MaxPhotoSides = 10000
	MaxPhotoRatio = 20
)

// checkPhoto refuses an uploaded photo as Telegram does: one that is not a
// JPEG or PNG image, too large, or of dimensions it does not take. It
// returns the photo's width and height.
func checkPhoto(data []byte) (int, int, *apiError) {
	if len(data) > MaxPhotoBytes {
		return 0, 0, &apiError{Code: 400, Description: "Bad Request: PHOTO_SAVE_FILE_INVALID"}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, &apiError{Code: 400, Description: "Bad Request: IMAGE_PROCESS_FAILED"}
	}
	w, h := cfg.Width, cfg.Height
	if w <= 0 || h <= 0 || w+h > MaxPhotoSides || w > MaxPhotoRatio*h || h > MaxPhotoRatio*w {
		return 0, 0, &apiError{Code: 400, Description: "Bad Request: PHOTO_INVALID_DIMENSIONS"}
	}
	return w, h, nil
}
