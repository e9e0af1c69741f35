package console

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// echo answers each message through the Printer: buttons on "/ask", a
// file on "/file", and says what it got otherwise.
type echo struct {
	p   *Printer
	got []duban.Message
}

func (e *echo) Handle(ctx context.Context, m duban.Message) {
	e.got = append(e.got, m)
	switch {
	case m.Callback != nil:
		e.p.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: "pressed " + m.Callback.Data})
	case m.Text == "/ask":
		e.p.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: "<b>确定？</b> #12 &lt;x&gt;",
			Buttons: [][]duban.Button{{{Text: "导入", Data: "imp:1"}, {Text: "取消", Data: "cancel"}}}})
	case m.Text == "/photo":
		e.p.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: "#12 第1件", Remote: &duban.RemoteFile{Kind: duban.AttachPhoto, FileID: "AgAD", Name: "整改前后照片.jpg"}})
	case m.Text == "/file":
		e.p.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: "台账", File: &duban.File{Name: "台账.xlsx", Data: make([]byte, 1234)}})
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	p := NewPrinter(&out)
	h := &echo{p: p}
	in := "/ask\n导入\n取消\n\n/file\n/ask\n> 已完成\n/photo\n"
	if err := Run(context.Background(), h, p, Session{ChatID: -1, ChatType: duban.ChatSupergroup, UserID: 5}, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"确定？ #12 <x>\n[导入] [取消]\n", "pressed imp:1", "[文件] 台账.xlsx (1234 字节)\n台账", "[照片] 整改前后照片.jpg\n#12 第1件"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// "取消" after a press is text again: the buttons are used up.
	if len(h.got) != 7 || h.got[2].Callback != nil || h.got[2].Text != "取消" {
		t.Errorf("messages: %+v", h.got)
	}
	last := h.got[5]
	if last.ReplyTo == nil || !last.ReplyTo.FromBot || !strings.Contains(last.ReplyTo.Text, "#12") || last.Text != "已完成" {
		t.Errorf("reply line: %+v", last)
	}
	if strings.Contains(got, "<b>") {
		t.Errorf("tags printed:\n%s", got)
	}
}

// TestPhotoSavedIntoDir: a chart the bot would show inline is written into
// Dir under its name, and the line says it is a picture and where it is.
func TestPhotoSavedIntoDir(t *testing.T) {
	var out bytes.Buffer
	p := NewPrinter(&out)
	p.Dir = filepath.Join(t.TempDir(), "new", "folder") // --out names a folder not made yet
	png := []byte("\x89PNG\r\n\x1a\n chart")
	if _, err := p.Send(context.Background(), duban.Outgoing{Text: "📊 2026年11月工作进展图（截至11月25日）",
		File: &duban.File{Name: "工作进展图-2026-11-25.png", Data: png, Photo: true}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(p.Dir, "工作进展图-2026-11-25.png")
	if want := "[图片] 已保存到 " + path + " (14 字节)\n📊 2026年11月工作进展图（截至11月25日）\n"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	if data, err := os.ReadFile(path); err != nil || !bytes.Equal(data, png) {
		t.Errorf("saved %q, %v", data, err)
	}
}
