package bot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

func TestChatMember(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	f.fake.SetAdmin(-1001, 7)
	f.fake.SetMember(-1001, 8, models.ChatMemberTypeOwner)
	f.fake.SetMember(-1001, 9, models.ChatMemberTypeLeft)
	f.fake.SetMember(-1001, 10, models.ChatMemberTypeBanned)
	tests := []struct {
		user int64
		want duban.MemberStatus
	}{
		{7, duban.MemberAdministrator},
		{8, duban.MemberCreator},
		{9, duban.MemberLeft},
		{10, duban.MemberKicked},
		{11, duban.MemberMember},
	}
	for _, tt := range tests {
		got, err := f.bot.ChatMember(ctx, -1001, tt.user)
		if err != nil || got != tt.want {
			t.Errorf("ChatMember(%d) = %q, %v; want %q", tt.user, got, err, tt.want)
		}
	}
	// Every call asks Telegram: package access decides how long to reuse it.
	if n := f.fake.CallCount("getChatMember"); n != len(tests) {
		t.Errorf("%d getChatMember calls, want %d", n, len(tests))
	}
	f.fake.Inject(tgfake.Fault{Method: "getChatMember", Code: 500})
	if _, err := f.bot.ChatMember(ctx, -1001, 12); err == nil {
		t.Fatal("a failed check must be an error, not a standing")
	}
}

func TestDownload(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	plan := bytes.Repeat([]byte("一、总体要求\n"), 100)
	f.fake.AddFile(tgfake.File{ID: "plan", Data: plan})
	f.fake.AddFile(tgfake.File{ID: "liar", Data: plan, ReportedSize: 10})
	tests := []struct {
		name      string
		id        string
		max       int64
		ok        bool
		downloads int
	}{
		{"within the limit", "plan", int64(len(plan)), true, 1},
		{"reported size over the limit: not fetched", "plan", 100, false, 1},
		{"reported size wrong: read stops at the limit", "liar", 100, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := f.bot.Download(ctx, tt.id, tt.max)
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v", err)
			}
			if tt.ok && !bytes.Equal(data, plan) {
				t.Fatalf("data %d bytes", len(data))
			}
			if !tt.ok && duban.ErrorCode(err) != duban.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if n := f.fake.Downloads(); n != tt.downloads {
				t.Fatalf("%d downloads, want %d", n, tt.downloads)
			}
		})
	}
}

func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	// A server that is gone: every error carries a URL with the token.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	// A server that answers garbage.
	junk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
		w.Write([]byte("<html>bad gateway " + r.URL.Path + "</html>"))
	}))
	defer junk.Close()
	// A proxy that answers 200 with a page naming the URL: getUpdates
	// takes it for a broken update.
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html>"update_id": 7 ` + r.URL.Path + "</html>"))
	}))
	defer page.Close()
	for _, url := range []string{dead.URL, junk.URL, page.URL} {
		logs := &logBuffer{}
		b, err := New(Options{Token: tgfake.Token, APIURL: url}, newStore(t), slog.New(slog.NewTextHandler(logs, nil)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var errs []error
		errs = append(errs, b.Connect(ctx))
		_, err = b.Send(ctx, duban.Outgoing{ChatID: 1, Text: "x"})
		errs = append(errs, err)
		_, err = b.Deliver(ctx, duban.Outgoing{ChatID: 1, Text: "x"})
		errs = append(errs, err)
		_, err = b.Download(ctx, "f", 10)
		errs = append(errs, err)
		_, err = b.ChatMember(ctx, 1, 2)
		errs = append(errs, err)
		errs = append(errs, b.Typing(ctx, 1))
		marks := b.startMarker()
		d := b.startWorkers(ctx, newRecorder(), marks)
		b.poll(ctx, d) // logs its failures until ctx ends
		d.stop()
		marks.stop()
		cancel()
		secret := strings.Split(tgfake.Token, ":")[1]
		for i, err := range errs {
			if err == nil {
				t.Fatalf("%s: call %d did not fail", url, i)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("token in error: %v", err)
			}
		}
		if strings.Contains(logs.String(), secret) {
			t.Errorf("token in logs:\n%s", logs)
		}
	}
}
