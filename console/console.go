// Package console is a terminal chat with the bot: each line of input is a
// message from a member of a group, passed through the same handlers as a
// Telegram update, and each reply is printed as plain text. It needs no
// Telegram token, so newcomers can try duban on the demo plan.
package console

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Handler is what answers a message (*handlers.Handler).
type Handler interface {
	Handle(ctx context.Context, m duban.Message)
}

// Printer is the console's Sender: it prints each message as plain text
// and remembers the buttons of the last one, so that typing a button's
// label presses it.
type Printer struct {
	// Dir is where files the bot sends (a ledger, a chart) are written,
	// under their own names; the printed line names the path. "" prints
	// only their names and sizes.
	Dir string

	mu      sync.Mutex
	w       io.Writer
	next    int
	buttons []duban.Button
	last    string // HTML of the last message sent, for replies to the bot
}

// NewPrinter returns a Printer writing to w.
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w} }

var tagRE = regexp.MustCompile(`<[^>]*>`)

// PlainText turns a Telegram HTML text into what a user reads: tags
// removed, entities unescaped.
func PlainText(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}

// Send prints m: its text, a file's (or a photo's) name and size, or the
// path it was saved to, and its buttons as "[删除 #12] [取消]".
func (p *Printer) Send(_ context.Context, m duban.Outgoing) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	if m.File != nil {
		kind := "文件"
		if m.File.Photo {
			kind = "图片" // shown inline in the group: a chart
		}
		if path, err := p.save(m.File); err != nil {
			fmt.Fprintf(&b, "[%s] %s (%d 字节)，未能保存：%v\n", kind, m.File.Name, len(m.File.Data), err)
		} else if path != "" {
			fmt.Fprintf(&b, "[%s] 已保存到 %s (%d 字节)\n", kind, path, len(m.File.Data))
		} else {
			fmt.Fprintf(&b, "[%s] %s (%d 字节)\n", kind, m.File.Name, len(m.File.Data))
		}
	} else if r := m.Remote; r != nil {
		// A file Telegram holds (evidence sent back): the terminal shows a line.
		name := r.Name
		if name == "" {
			name = r.FileID
		}
		fmt.Fprintf(&b, "[%s] %s\n", remoteWords[r.Kind], name)
	}
	if m.Text != "" {
		b.WriteString(PlainText(m.Text))
		b.WriteString("\n")
	}
	p.buttons = nil
	for _, row := range m.Buttons {
		labels := make([]string, len(row))
		for i, btn := range row {
			labels[i] = "[" + btn.Text + "]"
			p.buttons = append(p.buttons, btn)
		}
		b.WriteString(strings.Join(labels, " "))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if _, err := io.WriteString(p.w, b.String()); err != nil {
		return 0, fmt.Errorf("print reply: %w", err)
	}
	p.next++
	p.last = m.Text
	return p.next, nil
}

// remoteWords name the kinds of file Telegram holds.
var remoteWords = map[string]string{duban.AttachPhoto: "照片", duban.AttachVideo: "视频", duban.AttachDocument: "文件"}

// button returns the data of the last message's button whose label is
// line ("删除 #12" or "[删除 #12]").
func (p *Printer) button(line string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	label := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "["), "]")
	if label == "" {
		return "", false
	}
	for _, b := range p.buttons {
		if b.Text == label {
			p.buttons = nil
			return b.Data, true
		}
	}
	// "导入" presses [确认导入]: the end of a label, when only one has it.
	var found []duban.Button
	for _, b := range p.buttons {
		if strings.HasSuffix(b.Text, label) {
			found = append(found, b)
		}
	}
	if len(found) == 1 {
		p.buttons = nil
		return found[0].Data, true
	}
	return "", false
}

// lastText is the last message the bot sent.
func (p *Printer) lastText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// Session is who the console's user is and where they write.
type Session struct {
	ChatID    int64
	ChatType  string
	ChatTitle string
	UserID    int64
	UserName  string
	Username  string
	Now       func() time.Time
}

// Run reads in line by line until it ends: each line is one message (or
// the press of a button of the last reply, when it is that button's
// label; a line starting with "> " is a reply to the bot's last message),
// and the replies are printed before the next line is read.
func Run(ctx context.Context, h Handler, p *Printer, s Session, in io.Reader) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	msgID := 0
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		msgID++
		// UpdateID stays 0: console lines are never redelivered, and a real
		// database's update ids must not be shadowed by the console's.
		m := duban.Message{
			ChatID: s.ChatID, ChatType: s.ChatType, ChatTitle: s.ChatTitle, MessageID: msgID,
			UserID: s.UserID, UserName: s.UserName, Username: s.Username, Text: line, Time: s.Now(),
		}
		if data, ok := p.button(line); ok {
			m.Text = ""
			m.Callback = &duban.Callback{ID: fmt.Sprintf("console-%d", msgID), Data: data}
		} else if rest, ok := strings.CutPrefix(line, "> "); ok {
			m.Text = rest
			m.ReplyTo = &duban.Reply{MessageID: p.next, FromBot: true, Text: PlainText(p.lastText())}
		}
		h.Handle(duban.WithActor(ctx, duban.Actor{Via: "console"}), m)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	return nil
}

// save writes f into Dir under its base name (through a temporary file,
// so that a reader never sees half of it) and returns the path, or "" when
// there is no Dir.
func (p *Printer) save(f *duban.File) (string, error) {
	if p.Dir == "" {
		return "", nil
	}
	name := filepath.Base(filepath.Clean("/" + f.Name))
	if name == "/" || name == "." {
		name = "file"
	}
	path := filepath.Join(p.Dir, name)
	if err := os.MkdirAll(p.Dir, 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(p.Dir, ".duban-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(f.Data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}
