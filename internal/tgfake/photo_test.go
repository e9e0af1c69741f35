package tgfake

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// pngOf encodes a w×h picture.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{0x2e, 0x9d, 0x57, 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSendPhotoUpload: an uploaded photo is recorded with its bytes and
// size, and answered with a photo Telegram holds; what Telegram refuses
// as a photo is refused.
func TestSendPhotoUpload(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	data := pngOf(t, 1080, 1500)
	msg, err := b.SendPhoto(ctx, &tgbot.SendPhotoParams{
		ChatID:    int64(-1001),
		Photo:     &models.InputFileUpload{Filename: "工作进展图.png", Data: bytes.NewReader(data)},
		Caption:   "📊 <b>2026年11月工作进展图</b>",
		ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Sent()[0]
	if m.Method != "sendPhoto" || m.FileName != "工作进展图.png" || !bytes.Equal(m.File, data) || m.Width != 1080 || m.Height != 1500 ||
		m.Text != "📊 <b>2026年11月工作进展图</b>" || m.FileID != "" {
		t.Fatalf("sent = %s %q %dx%d %q %q", m.Method, m.FileName, m.Width, m.Height, m.Text, m.FileID)
	}
	if len(msg.Photo) != 1 || msg.Photo[0].Width != 1080 || msg.Photo[0].Height != 1500 || msg.Photo[0].FileID == "" || msg.Caption == "" {
		t.Fatalf("answer = %+v", msg)
	}

	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"not an image", []byte("PK\x03\x04 a ledger"), "IMAGE_PROCESS_FAILED"},
		{"too tall", pngOf(t, 100, 9950), "PHOTO_INVALID_DIMENSIONS"},
		{"too narrow", pngOf(t, 10, 300), "PHOTO_INVALID_DIMENSIONS"},
		{"over 10 MB", append(pngOf(t, 10, 10), make([]byte, MaxPhotoBytes)...), "PHOTO_SAVE_FILE_INVALID"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := s.SentCount()
			_, err := b.SendPhoto(ctx, &tgbot.SendPhotoParams{
				ChatID: int64(-1001),
				Photo:  &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(tt.data)},
			})
			if !errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want bad request %s", err, tt.want)
			}
			if s.SentCount() != before {
				t.Errorf("a refused photo was recorded")
			}
		})
	}
}
