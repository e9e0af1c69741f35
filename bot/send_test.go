package bot

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

func TestSendShapesMessages(t *testing.T) {
	ledger := &duban.File{Name: "台账.xlsx", Data: []byte("PK\x03\x04...")}
	buttons := [][]duban.Button{{{Text: "详情", Data: "item:12"}}}
	photo := &duban.RemoteFile{Kind: duban.AttachPhoto, FileID: "p-1", Name: "照片.jpg"}
	chart := &duban.File{Name: "工作进展图-2026-11-30.png", Data: testPNG(t, 1080, 900), Photo: true}
	long := strings.Repeat("<b>#12</b> 完善营养餐管理制度，进度60%\n", 600) // 11,400 characters
	tests := []struct {
		name    string
		out     duban.Outgoing
		methods []string // the calls made, in order
	}{
		{"short reply", duban.Outgoing{Text: "<b>#12</b> 进行中", ReplyTo: 5, Buttons: buttons}, []string{"sendMessage"}},
		{"long text in three messages", duban.Outgoing{Text: long, ReplyTo: 5, Buttons: buttons}, []string{"sendMessage", "sendMessage", "sendMessage"}},
		{"document with caption", duban.Outgoing{Text: "<b>11月台账</b>", File: ledger, ReplyTo: 5}, []string{"sendDocument"}},
		{"document with a long caption", duban.Outgoing{Text: strings.Repeat("通报", 600), File: ledger, Buttons: buttons}, []string{"sendMessage", "sendDocument"}},
		{"photo by file id", duban.Outgoing{Text: "#12 整改前后照片", Remote: photo, ReplyTo: 5}, []string{"sendPhoto"}},
		{"video by file id", duban.Outgoing{Text: "#12 演练视频", Remote: &duban.RemoteFile{Kind: duban.AttachVideo, FileID: "v-1"}}, []string{"sendVideo"}},
		{"document by file id, no caption", duban.Outgoing{Remote: &duban.RemoteFile{Kind: duban.AttachDocument, FileID: "d-1"}}, []string{"sendDocument"}},
		{"photo with a long caption", duban.Outgoing{Text: strings.Repeat("照片", 600), Remote: photo, Buttons: buttons}, []string{"sendMessage", "sendPhoto"}},
		{"chart uploaded as a photo", duban.Outgoing{Text: "📊 <b>2026年11月工作进展图</b>", File: chart, ReplyTo: 5}, []string{"sendPhoto"}},
		{"chart without caption", duban.Outgoing{File: chart}, []string{"sendPhoto"}},
		{"chart with a long caption", duban.Outgoing{Text: strings.Repeat("图表", 600), File: chart, Buttons: buttons}, []string{"sendMessage", "sendPhoto"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.out.ChatID = -1001
			id, err := f.bot.Send(testCtx(t), tt.out)
			if err != nil {
				t.Fatal(err)
			}
			sent := f.fake.Sent()
			if len(sent) != len(tt.methods) {
				t.Fatalf("sent %d messages, want %d", len(sent), len(tt.methods))
			}
			for i, m := range sent {
				if m.Method != tt.methods[i] || m.ChatID != -1001 {
					t.Fatalf("message %d: %s to %d, want %s", i, m.Method, m.ChatID, tt.methods[i])
				}
				if m.Method == "sendMessage" && (m.ParseMode != "HTML" || !m.NoPreview) {
					t.Fatalf("message %d: parse mode %q, no preview %v", i, m.ParseMode, m.NoPreview)
				}
				if wantReply := tt.out.ReplyTo * boolInt(i == 0); m.ReplyTo != wantReply {
					t.Fatalf("message %d replies to %d, want %d", i, m.ReplyTo, wantReply)
				}
				if hasButtons := len(m.Buttons) > 0; hasButtons != (i == len(sent)-1 && tt.out.Buttons != nil) {
					t.Fatalf("message %d: buttons %v", i, m.Buttons)
				}
				if r := tt.out.Remote; r != nil && i == len(sent)-1 {
					// A file Telegram holds goes by its id, not uploaded again.
					if m.FileID != r.FileID || m.File != nil {
						t.Fatalf("%s sent file id %q (%d bytes uploaded), want %q", m.Method, m.FileID, len(m.File), r.FileID)
					}
					if m.Text != "" && m.ParseMode != "HTML" {
						t.Fatalf("caption parse mode %q", m.ParseMode)
					}
				} else if m.Method == "sendDocument" && (m.FileName != ledger.Name || !bytes.Equal(m.File, ledger.Data)) {
					t.Fatalf("document %q %q", m.FileName, m.File)
				} else if f := tt.out.File; f != nil && f.Photo && i == len(sent)-1 {
					// Uploaded, shown inline: the bytes, its name and size arrive.
					if m.FileName != f.Name || !bytes.Equal(m.File, f.Data) || m.Width != 1080 || m.Height != 900 {
						t.Fatalf("photo %q %d bytes %dx%d", m.FileName, len(m.File), m.Width, m.Height)
					}
					if m.Text != "" && m.ParseMode != "HTML" {
						t.Fatalf("caption parse mode %q", m.ParseMode)
					}
				}
			}
			if id != sent[0].MessageID {
				t.Fatalf("Send returned id %d, first message is %d", id, sent[0].MessageID)
			}
			var text strings.Builder
			for _, m := range sent {
				text.WriteString(m.Text)
			}
			if noSpace(stripTags(text.String())) != noSpace(stripTags(tt.out.Text)) {
				t.Fatalf("text changed on the way")
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func stripTags(s string) string {
	v, _ := tgfake.ParseHTML(s)
	return v
}

func TestSendWaitsOutTooManyRequests(t *testing.T) {
	f := newFixture(t)
	f.fake.Inject(tgfake.TooManyRequests(-1001, 1, 1))
	start := time.Now()
	if _, err := f.bot.Send(testCtx(t), duban.Outgoing{ChatID: -1001, Text: "本周到期"}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Fatalf("sent again after %s, before retry_after", waited)
	}
	if st := f.fake.Stats(); st.TooMany != 1 || st.Accepted != 1 {
		t.Fatalf("stats %+v", st)
	}
	if len(f.fake.SentTo(-1001)) != 1 {
		t.Fatalf("sent %v", f.fake.Sent())
	}
}

// TestSendRetriesServerErrors: a reply that meets a 5xx is tried again
// rather than dropped; a lasting outage gives up after a few tries.
func TestSendRetriesServerErrors(t *testing.T) {
	f := newFixture(t)
	f.fake.Inject(tgfake.ServerError(-1001, 1))
	if _, err := f.bot.Send(testCtx(t), duban.Outgoing{ChatID: -1001, Text: "本周到期"}); err != nil {
		t.Fatalf("one 500 lost the reply: %v", err)
	}
	if len(f.fake.SentTo(-1001)) != 1 {
		t.Fatalf("sent %v", f.fake.Sent())
	}
	f.fake.Inject(tgfake.ServerError(-1002, -1))
	before := f.fake.CallCount("sendMessage")
	if _, err := f.bot.Send(testCtx(t), duban.Outgoing{ChatID: -1002, Text: "本周到期"}); err == nil {
		t.Fatal("a lasting outage reported success")
	}
	if n := f.fake.CallCount("sendMessage") - before; n != replyAttempts {
		t.Errorf("%d sendMessage calls: an interactive reply must try %d times", n, replyAttempts)
	}
}

func TestSendFollowsMigration(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	if err := f.st.BindChat(ctx, -5001, true, 7); err != nil {
		t.Fatal(err)
	}
	f.fake.Inject(tgfake.Migrated(-5001, -1005001))
	if _, err := f.bot.Send(ctx, duban.Outgoing{ChatID: -5001, Text: "本周到期"}); err != nil {
		t.Fatal(err)
	}
	if got := f.fake.SentTo(-1005001); len(got) != 1 || got[0].Text != "本周到期" {
		t.Fatalf("sent to new id: %v", got)
	}
	if c, err := f.st.Chat(ctx, -1005001); err != nil || !c.Served || c.BoundBy != 7 {
		t.Fatalf("migrated chat %+v, %v", c, err)
	}
	if _, err := f.st.Chat(ctx, -5001); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Fatalf("old chat still there: %v", err)
	}
}

func TestSendPausesChatThatRemovedTheBot(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	if err := f.st.BindChat(ctx, -1007, true, 7); err != nil {
		t.Fatal(err)
	}
	f.fake.Inject(tgfake.Kicked(-1007))
	_, err := f.bot.Send(ctx, duban.Outgoing{ChatID: -1007, Text: "提醒"})
	var gone *duban.ChatGoneError
	if !errors.As(err, &gone) {
		t.Fatalf("err = %v, want ChatGoneError", err)
	}
	if c, _ := f.st.Chat(ctx, -1007); !c.Paused {
		t.Fatal("chat not paused")
	}
	chats, _ := f.st.ServedChats(ctx, nil)
	if len(chats) != 0 {
		t.Fatalf("paused chat still served: %v", chats)
	}
}

func TestDeliverMakesOneAttempt(t *testing.T) {
	tests := []struct {
		name  string
		fault tgfake.Fault
		check func(error) bool
	}{
		{"429", tgfake.TooManyRequests(-1001, 7, 0), func(err error) bool {
			var e *duban.RetryAfterError
			return errors.As(err, &e) && e.After == 7*time.Second
		}},
		{"403", tgfake.Kicked(-1001), func(err error) bool { var e *duban.ChatGoneError; return errors.As(err, &e) }},
		{"chat not found", tgfake.Fault{ChatID: -1001, Code: 400, Description: "Bad Request: chat not found"},
			func(err error) bool { var e *duban.ChatGoneError; return errors.As(err, &e) }},
		{"migrated", tgfake.Migrated(-1001, -1002001), func(err error) bool {
			var e *duban.ChatMigratedError
			return errors.As(err, &e) && e.NewChatID == -1002001
		}},
		{"400", tgfake.Fault{ChatID: -1001, Code: 400, Description: "Bad Request: can't parse entities"},
			func(err error) bool { var e *duban.PermanentError; return errors.As(err, &e) }},
		{"500", tgfake.ServerError(-1001, 0), func(err error) bool {
			var (
				a *duban.RetryAfterError
				b *duban.ChatGoneError
				c *duban.ChatMigratedError
				d *duban.PermanentError
			)
			return err != nil && !errors.As(err, &a) && !errors.As(err, &b) && !errors.As(err, &c) && !errors.As(err, &d)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := testCtx(t)
			if err := f.st.BindChat(ctx, -1001, true, 7); err != nil {
				t.Fatal(err)
			}
			f.fake.Inject(tt.fault)
			_, err := f.bot.Deliver(ctx, duban.Outgoing{ChatID: -1001, Text: "<b>周报</b>"})
			if !tt.check(err) {
				t.Fatalf("err = %T %v", err, err)
			}
			if n := f.fake.CallCount("sendMessage"); n != 1 {
				t.Fatalf("%d attempts, want 1", n)
			}
			if c, _ := f.st.Chat(ctx, -1001); c.Paused || !c.Served {
				t.Fatalf("Deliver changed the store: %+v", c)
			}
		})
	}
	t.Run("ok", func(t *testing.T) {
		f := newFixture(t)
		id, err := f.bot.Deliver(testCtx(t), duban.Outgoing{ChatID: -1001, Text: "<b>周报</b>"})
		if err != nil || id == 0 || len(f.fake.SentTo(-1001)) != 1 {
			t.Fatalf("deliver = %d, %v", id, err)
		}
	})
}

func TestDeliverFinishesAStartedLongMessage(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	long := strings.Repeat("第十二项 完善营养餐管理制度\n", 700)
	// One message a second: the first part goes through, the others meet
	// a 429 and are sent after the wait, not given up.
	f.fake.SetLimits(tgfake.Limits{PerChatMinute: 1000, PerSecond: 1})
	id, err := f.bot.Deliver(ctx, duban.Outgoing{ChatID: -1001, Text: long})
	if err != nil || id == 0 {
		t.Fatalf("deliver = %d, %v", id, err)
	}
	if got := len(f.fake.SentTo(-1001)); got != 3 {
		t.Fatalf("sent %d parts, want 3", got)
	}
	if st := f.fake.Stats(); st.RateLimited == 0 {
		t.Fatalf("the limit was never hit: %+v", st)
	}
}

func TestTyping(t *testing.T) {
	f := newFixture(t)
	if err := f.bot.Typing(testCtx(t), -1001); err != nil {
		t.Fatal(err)
	}
	c := f.fake.Calls("sendChatAction")
	if len(c) != 1 || c[0].Params["action"] != "typing" || c[0].Params["chat_id"] != "-1001" {
		t.Fatalf("calls %v", c)
	}
}

// testPNG encodes a blank w×h picture.
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
