package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

func TestRunConnectsAndSetsMenu(t *testing.T) {
	f := newFixture(t, func(o *Options) {
		o.Commands = []Command{{Name: "due", ZH: "近期到期的任务", EN: "tasks due soon"}, {Name: "bind", ZH: "在本群启用督办", EN: "serve this group"}}
	})
	rec := newRecorder()
	f.run(t, rec)
	f.fake.PushText(tgfake.Group(-1, "g"), tgfake.User(1, "a", ""), "hi")
	rec.wait(t, 1)
	if f.bot.Username() != tgfake.BotUsername || f.bot.ID() != tgfake.BotID {
		t.Fatalf("username %q id %d", f.bot.Username(), f.bot.ID())
	}
	calls := f.fake.Calls("setMyCommands")
	if len(calls) != 2 {
		t.Fatalf("setMyCommands called %d times, want 2", len(calls))
	}
	zh, en := calls[0].Params, calls[1].Params
	if zh["language_code"] != "" || !strings.Contains(zh["commands"], "近期到期的任务") ||
		en["language_code"] != "en" || !strings.Contains(en["commands"], "tasks due soon") {
		t.Fatalf("menus: %v / %v", zh, en)
	}
	if f.fake.Webhook().Deleted != 1 {
		t.Fatalf("polling must delete a webhook left from webhook mode")
	}
}

func TestRunHandlesEachUpdateOnceInChatOrder(t *testing.T) {
	f := newFixture(t)
	rec := newRecorder()
	f.run(t, rec)
	user := tgfake.User(42, "张三", "zs")
	chats := []models.Chat{tgfake.Group(-1001, "一中"), tgfake.Group(-1002, "二中"), tgfake.Group(-1003, "三中")}
	const perChat = 30
	var first int64
	for i := range perChat {
		for _, c := range chats {
			id := f.fake.PushText(c, user, fmt.Sprintf("msg %d", i))
			if first == 0 {
				first = id
			}
		}
	}
	// Telegram delivers the first update again, twice.
	raw := models.Update{ID: first, Message: &models.Message{ID: 1, Date: 1, Chat: chats[0], From: &user, Text: "msg 0"}}
	f.fake.Push(raw)
	f.fake.Push(raw)
	// A marker after the duplicates, in the same chat: once it is handled,
	// the duplicates were dealt with (same chat, in order).
	f.fake.PushText(chats[0], user, "end")

	got := rec.wait(t, perChat*len(chats)+1)
	next := map[int64]int{}
	for _, m := range got {
		if m.Text == "end" {
			continue
		}
		want := fmt.Sprintf("msg %d", next[m.ChatID])
		if m.Text != want {
			t.Fatalf("chat %d: got %q, want %q (out of order or repeated)", m.ChatID, m.Text, want)
		}
		next[m.ChatID]++
	}
	if got[len(got)-1].Text != "end" && len(rec.all()) != perChat*len(chats)+1 {
		t.Fatalf("handled %d messages", len(rec.all()))
	}
	for _, c := range chats {
		if next[c.ID] != perChat {
			t.Fatalf("chat %d: %d messages handled, want %d", c.ID, next[c.ID], perChat)
		}
	}
	// Every update is in the inbox, handled once the bot stopped.
	f.stop(t)
	if st, err := f.st.InboxStats(testCtx(t)); err != nil || st.Pending != 0 || st.Done != perChat*len(chats)+1 {
		t.Fatalf("inbox %+v, %v; want every update done", st, err)
	}
}

func TestRunSurvivesPanicsAndMalformedUpdates(t *testing.T) {
	f := newFixture(t)
	rec := newRecorder()
	rec.act = func(_ context.Context, m duban.Message) {
		if m.Text == "boom" {
			panic("handler bug")
		}
	}
	f.run(t, rec)
	g := tgfake.Group(-1001, "一中")
	u := tgfake.User(42, "张三", "zs")
	boom := f.fake.PushText(g, u, "boom")
	// Undecodable: a member status the library does not know.
	f.fake.PushRaw(boom+1, `{"update_id":`+fmt.Sprint(boom+1)+`,"my_chat_member":{"chat":{"id":-1001,"type":"supergroup"},"from":{"id":42},"date":1,"old_chat_member":{"status":"weird"},"new_chat_member":{"status":"member"}}}`)
	f.fake.PushText(g, u, "after")
	got := rec.wait(t, 1)
	if got[0].Text != "after" {
		t.Fatalf("handled %q, want the message after the panic", got[0].Text)
	}
	logs := f.logs.String()
	for _, want := range []string{"panic while handling an update", "handler bug", fmt.Sprintf("update=%d", boom), "chat=-1001", "user=42", "malformed update skipped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestRunRecordsChatEvents(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	rec := newRecorder()
	f.run(t, rec)
	old, super := int64(-5001), int64(-1005001)
	kicked := int64(-1007)
	for _, id := range []int64{old, kicked} {
		if err := f.st.BindChat(ctx, id, true, 1); err != nil {
			t.Fatal(err)
		}
	}
	admin := tgfake.User(1, "李四", "")
	member := func(s models.ChatMemberType) models.ChatMember {
		switch s {
		case models.ChatMemberTypeLeft:
			return models.ChatMember{Type: s, Left: &models.ChatMemberLeft{User: &models.User{ID: tgfake.BotID}}}
		case models.ChatMemberTypeBanned:
			return models.ChatMember{Type: s, Banned: &models.ChatMemberBanned{User: &models.User{ID: tgfake.BotID}}}
		}
		return models.ChatMember{Type: s, Member: &models.ChatMemberMember{User: &models.User{ID: tgfake.BotID}}}
	}
	f.fake.Push(models.Update{MyChatMember: &models.ChatMemberUpdated{Chat: tgfake.Group(kicked, "x"), From: admin, Date: 1,
		OldChatMember: member(models.ChatMemberTypeMember), NewChatMember: member(models.ChatMemberTypeBanned)}})
	// Telegram announces a migration in the old group and in the new one.
	f.fake.Push(models.Update{Message: &models.Message{Chat: tgfake.Group(old, "x"), From: &admin, MigrateToChatID: super}})
	f.fake.Push(models.Update{Message: &models.Message{Chat: tgfake.Group(super, "x"), From: &admin, MigrateFromChatID: old}})
	f.fake.PushText(tgfake.Group(super, "x"), admin, "marker")
	f.fake.PushText(tgfake.Group(kicked, "x"), admin, "marker")
	rec.wait(t, 2)

	c, err := f.st.Chat(ctx, kicked)
	if err != nil || !c.Paused {
		t.Fatalf("removed bot: chat %+v, %v; want paused", c, err)
	}
	if _, err := f.st.Chat(ctx, old); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Fatalf("old group still there: %v", err)
	}
	if c, err := f.st.Chat(ctx, super); err != nil || !c.Served {
		t.Fatalf("supergroup %+v, %v; want served", c, err)
	}
	if strings.Contains(f.logs.String(), "level=ERROR") {
		t.Fatalf("errors logged:\n%s", f.logs)
	}
	// Added back: no longer paused.
	f.fake.Push(models.Update{MyChatMember: &models.ChatMemberUpdated{Chat: tgfake.Group(kicked, "x"), From: admin, Date: 2,
		OldChatMember: member(models.ChatMemberTypeLeft), NewChatMember: member(models.ChatMemberTypeMember)}})
	f.fake.PushText(tgfake.Group(kicked, "x"), admin, "marker")
	rec.wait(t, 1)
	if c, _ := f.st.Chat(ctx, kicked); c.Paused {
		t.Fatalf("bot added back but chat still paused")
	}
}

func TestRunAnswersButtonPresses(t *testing.T) {
	f := newFixture(t)
	rec := newRecorder()
	f.run(t, rec)
	g := tgfake.Group(-1001, "一中")
	f.fake.Push(models.Update{CallbackQuery: &models.CallbackQuery{ID: "cb-1", From: tgfake.User(42, "张三", ""), Data: "item:12",
		Message: models.MaybeInaccessibleMessage{Message: &models.Message{ID: 9, Date: 1, Chat: g, From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: "#12"}}}})
	m := rec.wait(t, 1)[0]
	if m.Callback == nil || m.Callback.Data != "item:12" || m.ChatID != g.ID || !m.ReplyTo.FromBot {
		t.Fatalf("callback message %+v", m)
	}
	if err := f.fake.WaitCalls(testCtx(t), "answerCallbackQuery", 1); err != nil {
		t.Fatalf("button press never answered: %v", err)
	}
	if id := f.fake.Calls("answerCallbackQuery")[0].Params["callback_query_id"]; id != "cb-1" {
		t.Fatalf("answered %q", id)
	}
}

func TestRunFinishesInFlightUpdatesOnShutdown(t *testing.T) {
	f := newFixture(t)
	started := make(chan struct{})
	release := make(chan struct{})
	var handlerCtxErr error
	h := &recorder{ch: make(chan duban.Message, 10), act: func(ctx context.Context, m duban.Message) {
		close(started)
		<-release
		handlerCtxErr = ctx.Err()
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.bot.Run(ctx, h) }()
	f.fake.PushText(tgfake.Group(-1, "g"), tgfake.User(1, "a", ""), "slow question")
	<-started
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned while a handler was still running")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if handlerCtxErr != nil {
		t.Fatalf("handler context cancelled during the grace period: %v", handlerCtxErr)
	}
	if len(h.all()) != 1 {
		t.Fatalf("in-flight update not finished")
	}
}

func TestSlowChatDoesNotHoldUpOthers(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Workers = 2 })
	release := make(chan struct{})
	rec := newRecorder()
	rec.act = func(_ context.Context, m duban.Message) {
		if m.Text == "帮我起草本月工作总结" {
			<-release // a drafted summary takes a while
		}
	}
	f.run(t, rec)
	defer close(release)
	slow, other := tgfake.Group(-1001, "一中"), tgfake.Group(-1002, "二中")
	u := tgfake.User(42, "张三", "")
	f.fake.PushText(slow, u, "帮我起草本月工作总结")
	f.fake.PushText(slow, u, "/due") // waits for the summary: same chat
	for i := range 5 {
		f.fake.PushText(other, u, fmt.Sprintf("/due %d", i))
	}
	for _, m := range rec.wait(t, 5) {
		if m.ChatID != other.ID {
			t.Fatalf("handled %q of chat %d before the slow chat's first update was done", m.Text, m.ChatID)
		}
	}
}

func TestPruneForgetsOldUpdatesOnly(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	start := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	add := func(id int64) {
		if _, err := f.st.AddUpdates(ctx, []duban.InboxUpdate{{ID: id, ChatID: -1, Raw: []byte("{}")}}); err != nil {
			t.Fatal(err)
		}
	}
	f.st.Now = func() time.Time { return start }
	add(1)
	add(3) // never handled
	f.st.MarkUpdatesDone(ctx, []int64{1})
	f.st.Now = func() time.Time { return start.Add(47 * time.Hour) }
	add(2)
	f.st.MarkUpdatesDone(ctx, []int64{2})
	f.bot.Now = func() time.Time { return start.Add(49 * time.Hour) }
	f.bot.prune(ctx)
	fresh, err := f.st.AddUpdates(ctx, []duban.InboxUpdate{{ID: 1, Raw: []byte("{}")}, {ID: 2, Raw: []byte("{}")}, {ID: 3, Raw: []byte("{}")}})
	if err != nil || !slices.Equal(fresh, []bool{true, false, false}) {
		t.Fatalf("new after prune = %v, %v; want only the old handled one forgotten", fresh, err)
	}
}
