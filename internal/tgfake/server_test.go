package tgfake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// client returns a real go-telegram/bot client talking to s.
func client(t *testing.T, s *Server, opts ...tgbot.Option) *tgbot.Bot {
	t.Helper()
	opts = append([]tgbot.Option{
		tgbot.WithServerURL(s.URL),
		tgbot.WithHTTPClient(2*time.Second, &http.Client{Timeout: 10 * time.Second}),
		tgbot.WithDefaultHandler(func(context.Context, *tgbot.Bot, *models.Update) {}),
		tgbot.WithErrorsHandler(func(err error) { t.Log(err) }),
	}, opts...)
	b, err := tgbot.New(s.Token, opts...)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	return b
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestGetMe(t *testing.T) {
	s := New(t)
	b := client(t, s)
	me, err := b.GetMe(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if me.Username != BotUsername || me.ID != BotID {
		t.Fatalf("getMe = %+v", me)
	}
}

func TestWrongToken(t *testing.T) {
	s := New(t)
	_, err := tgbot.New("1:wrong", tgbot.WithServerURL(s.URL))
	if err == nil || !errors.Is(err, tgbot.ErrorUnauthorized) {
		t.Fatalf("wrong token: err = %v, want unauthorized", err)
	}
}

func TestGetUpdatesDeliversAndRedelivers(t *testing.T) {
	s := New(t)
	var (
		mu  sync.Mutex
		got []int64
		ch  = make(chan struct{}, 16)
	)
	b := client(t, s, tgbot.WithDefaultHandler(func(_ context.Context, _ *tgbot.Bot, u *models.Update) {
		mu.Lock()
		got = append(got, u.ID)
		mu.Unlock()
		ch <- struct{}{}
	}), tgbot.WithNotAsyncHandlers())
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()

	group := Group(-1001, "教育局办公室")
	user := User(42, "张三", "zhangsan")
	first := s.PushText(group, user, "本周到期的任务有哪些")
	s.PushText(group, user, "/due")
	for range 2 {
		<-ch
	}
	// Telegram redelivers an update the bot may have handled already.
	s.Push(models.Update{ID: first, Message: &models.Message{ID: 1, Chat: group, From: &user, Text: "本周到期的任务有哪些"}})
	<-ch
	cancel()
	<-done // a pending long poll ends with the client's context

	mu.Lock()
	defer mu.Unlock()
	want := []int64{first, first + 1, first}
	if len(got) != len(want) {
		t.Fatalf("updates = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("updates = %v, want %v", got, want)
		}
	}
}

func TestGetUpdatesOffsetConfirms(t *testing.T) {
	s := New(t)
	for range 3 {
		s.PushText(Group(-5, "g"), User(1, "a", ""), "hi")
	}
	post := func(offset string) int {
		resp, err := http.Post(s.URL+"/bot"+s.Token+"/getUpdates?offset="+offset, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return strings.Count(string(body), `"update_id"`)
	}
	tests := []struct {
		offset string
		want   int
	}{
		{"0", 3}, // nothing confirmed yet
		{"2", 2}, // update 1 confirmed
		{"2", 2}, // not confirmed again: redelivered
		{"4", 0}, // all confirmed
	}
	for _, tt := range tests {
		if got := post(tt.offset); got != tt.want {
			t.Fatalf("offset %s: %d updates, want %d", tt.offset, got, tt.want)
		}
	}
	if s.Pending() != 0 {
		t.Fatalf("pending = %d, want 0", s.Pending())
	}
}

func TestSendMessageRecorded(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	disabled := true
	msg, err := b.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID:             int64(-1001),
		Text:               "<b>#12</b> 营养餐 &amp; 校舍",
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: &disabled},
		ReplyParameters:    &models.ReplyParameters{MessageID: 7, AllowSendingWithoutReply: true},
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "详情", CallbackData: "item:12"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := s.WaitSent(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := sent[0]
	if m.ChatID != -1001 || m.MessageID != msg.ID || m.ReplyTo != 7 || !m.NoPreview || m.ParseMode != "HTML" {
		t.Fatalf("sent = %+v", m)
	}
	if m.Text != "<b>#12</b> 营养餐 &amp; 校舍" || len(m.Buttons) != 1 || m.Buttons[0][0].CallbackData != "item:12" {
		t.Fatalf("sent = %+v", m)
	}
	if got := s.SentTo(-1001); len(got) != 1 || len(s.SentTo(-2)) != 0 {
		t.Fatalf("SentTo = %v", got)
	}
}

func TestSendRefusesWhatTelegramRefuses(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	tests := []struct {
		name, text string
	}{
		{"unclosed tag", "<b>粗体"},
		{"unescaped lt", "a < b"},
		{"unknown tag", "<div>x</div>"},
		{"too long", strings.Repeat("字", MaxTextLen+1)},
		{"empty", "  \n"},
		{"bare ampersand", "R&D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: int64(1), Text: tt.text, ParseMode: models.ParseModeHTML})
			if !errors.Is(err, tgbot.ErrorBadRequest) {
				t.Fatalf("err = %v, want bad request", err)
			}
		})
	}
	if s.SentCount() != 0 {
		t.Fatalf("refused messages were recorded: %v", s.Sent())
	}
	// Exactly at the limit passes; emoji count twice (UTF-16).
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: int64(1), Text: strings.Repeat("字", MaxTextLen)}); err != nil {
		t.Fatalf("4096 characters: %v", err)
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: int64(1), Text: strings.Repeat("😀", MaxTextLen/2+1)}); !errors.Is(err, tgbot.ErrorBadRequest) {
		t.Fatalf("2049 emoji: err = %v, want too long", err)
	}
}

func TestParseHTML(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"<b>a</b> &lt;b&gt; &#20013;&#x6587;", "a <b> 中文", true},
		{`<a href="https://x.cn/?a=1&amp;b=2">链接</a>`, "链接", true},
		{"<pre><code>x</code></pre>", "x", true},
		{"<b><i>x</b></i>", "", false},
		{"</b>", "", false},
		{"&nbsp;", "", false},
		{"<a>x</a>", "", false},
		{"a > b", "a > b", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseHTML(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseHTML(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestSendDocument(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	data := []byte("PK\x03\x04 ledger")
	_, err := b.SendDocument(ctx, &tgbot.SendDocumentParams{
		ChatID:    int64(-1001),
		Document:  &models.InputFileUpload{Filename: "台账.xlsx", Data: bytes.NewReader(data)},
		Caption:   "<b>11月台账</b>",
		ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Sent()[0]
	if m.Method != "sendDocument" || m.FileName != "台账.xlsx" || !bytes.Equal(m.File, data) || m.Text != "<b>11月台账</b>" {
		t.Fatalf("sent = %+v", m)
	}
	_, err = b.SendDocument(ctx, &tgbot.SendDocumentParams{
		ChatID:   int64(-1001),
		Document: &models.InputFileUpload{Filename: "a.txt", Data: bytes.NewReader(data)},
		Caption:  strings.Repeat("长", MaxCaptionLen+1),
	})
	if !errors.Is(err, tgbot.ErrorBadRequest) {
		t.Fatalf("long caption: err = %v, want bad request", err)
	}
}

func TestFaults(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: "hi"})
		return err
	}
	s.Inject(TooManyRequests(-1, 3, 1))
	s.Inject(Kicked(-2))
	s.Inject(Migrated(-3, -1003))
	s.Inject(ServerError(-4, 2))

	var tm *tgbot.TooManyRequestsError
	if err := send(-1); !errors.As(err, &tm) || tm.RetryAfter != 3 {
		t.Fatalf("429: err = %v", err)
	}
	if err := send(-1); err != nil {
		t.Fatalf("after one 429: %v", err)
	}
	for range 2 {
		if err := send(-2); !errors.Is(err, tgbot.ErrorForbidden) {
			t.Fatalf("kicked: err = %v", err)
		}
	}
	var me *tgbot.MigrateError
	if err := send(-3); !errors.As(err, &me) || me.MigrateToChatID != -1003 {
		t.Fatalf("migrated: err = %v", err)
	}
	if err := send(-1003); err != nil {
		t.Fatalf("new id: %v", err)
	}
	for range 2 {
		if err := send(-4); err == nil || !strings.Contains(err.Error(), "500") {
			t.Fatalf("5xx: err = %v", err)
		}
	}
	if err := send(-4); err != nil {
		t.Fatalf("after 5xx: %v", err)
	}
	st := s.Stats()
	if st.TooMany != 1 || st.Injected != 6 || st.Accepted != 3 {
		t.Fatalf("stats = %+v", st)
	}
	s.ClearFaults()
	if err := send(-2); err != nil {
		t.Fatalf("cleared: %v", err)
	}
}

func TestRateLimits(t *testing.T) {
	tests := []struct {
		name      string
		limits    Limits
		chats     []int64
		accepted  int
		wantAfter int // retry_after of the first refusal, at least
	}{
		{"per chat per minute", Limits{PerChatMinute: 3}, []int64{-1, -1, -1, -1}, 3, 59},
		{"other chats unaffected", Limits{PerChatMinute: 3}, []int64{-1, -1, -1, -2}, 4, 0},
		{"global per second", Limits{PerSecond: 2}, []int64{-1, -2, -3}, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			s.SetLimits(tt.limits)
			b := client(t, s)
			ctx := testCtx(t)
			after := 0
			for _, chat := range tt.chats {
				_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: "提醒"})
				var tm *tgbot.TooManyRequestsError
				if errors.As(err, &tm) && after == 0 {
					after = tm.RetryAfter
				} else if err != nil && !errors.As(err, &tm) {
					t.Fatal(err)
				}
			}
			st := s.Stats()
			if st.Accepted != tt.accepted || st.RateLimited != len(tt.chats)-tt.accepted {
				t.Fatalf("stats = %+v, want %d accepted", st, tt.accepted)
			}
			if after < tt.wantAfter || (tt.wantAfter > 0) != (after > 0) {
				t.Fatalf("retry_after = %d, want >= %d", after, tt.wantAfter)
			}
			if len(s.AcceptedAt(0)) != tt.accepted {
				t.Fatalf("AcceptedAt = %v", s.AcceptedAt(0))
			}
		})
	}
}

func TestMembersAndFiles(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	s.SetAdmin(-1001, 7)
	s.SetMember(-1001, 8, models.ChatMemberTypeOwner)
	for _, tt := range []struct {
		user int64
		want models.ChatMemberType
	}{{7, models.ChatMemberTypeAdministrator}, {8, models.ChatMemberTypeOwner}, {9, models.ChatMemberTypeMember}} {
		m, err := b.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: int64(-1001), UserID: tt.user})
		if err != nil || m.Type != tt.want {
			t.Fatalf("getChatMember %d = %v, %v; want %s", tt.user, m, err, tt.want)
		}
	}
	admins, err := b.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: int64(-1001)})
	if err != nil || len(admins) != 2 {
		t.Fatalf("admins = %v, %v", admins, err)
	}
	if s.CallCount("getChatMember") != 3 {
		t.Fatalf("getChatMember calls = %d", s.CallCount("getChatMember"))
	}

	s.AddFile(File{ID: "doc1", Data: []byte("一、总体要求")})
	f, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: "doc1"})
	if err != nil || f.FileSize != int64(len("一、总体要求")) {
		t.Fatalf("getFile = %+v, %v", f, err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "一、总体要求" || s.Downloads() != 1 {
		t.Fatalf("download = %q", body)
	}
	if _, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: "nope"}); !errors.Is(err, tgbot.ErrorBadRequest) {
		t.Fatalf("unknown file: %v", err)
	}
}

func TestWebhookRecorded(t *testing.T) {
	s := New(t)
	b := client(t, s)
	ctx := testCtx(t)
	got := make(chan *http.Request, 1)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got <- r }))
	defer hs.Close()
	srv := hs.URL
	if _, err := b.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: srv + "/hook", SecretToken: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	if w := s.Webhook(); w.URL != srv+"/hook" || w.SecretToken != "s3cret" || w.Set != 1 {
		t.Fatalf("webhook = %+v", w)
	}
	code, err := s.PostWebhook(ctx, models.Update{Message: &models.Message{Chat: Group(-1, "g"), Text: "/due"}})
	if err != nil || code != 200 {
		t.Fatalf("post = %d, %v", code, err)
	}
	if r := <-got; r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "s3cret" || r.URL.Path != "/hook" {
		t.Fatalf("webhook request %v", r.Header)
	}
	if _, err := b.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	if w := s.Webhook(); w.URL != "" || w.Deleted != 1 {
		t.Fatalf("webhook = %+v", w)
	}
}

func TestJSONBodiesAndEdits(t *testing.T) {
	s := New(t)
	resp, err := http.Post(s.URL+"/bot"+s.Token+"/sendMessage", "application/json",
		strings.NewReader(`{"chat_id":-1001,"text":"<b>周报</b>","parse_mode":"HTML","reply_parameters":{"message_id":3}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	b := client(t, s)
	ctx := testCtx(t)
	first := s.Sent()[0]
	if first.Text != "<b>周报</b>" || first.ReplyTo != 3 || first.ChatID != -1001 {
		t.Fatalf("sent %+v", first)
	}
	if _, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: int64(-1001), MessageID: first.MessageID, Text: "周报（已更新）"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: int64(-1001), MessageID: first.MessageID,
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "详情", CallbackData: "item:1"}}}}}); err != nil {
		t.Fatal(err)
	}
	sent := s.SentTo(-1001)
	if len(sent) != 3 || sent[1].Method != "editMessageText" || sent[1].MessageID != first.MessageID || sent[1].Text != "周报（已更新）" ||
		sent[2].Method != "editMessageReplyMarkup" || len(sent[2].Buttons) != 1 {
		t.Fatalf("edits %+v", sent)
	}
}
