package e2e

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

var numRE = regexp.MustCompile(`#(\d+)`)

// numbers returns the item numbers a reply shows, in order, once each.
func numbers(replies []string) []string {
	var out []string
	for _, r := range replies {
		for _, m := range numRE.FindAllStringSubmatch(r, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

func TestQuestionsInAServedGroup(t *testing.T) {
	e := newEnv(t, 4, servedGroup.ID)
	tests := []struct {
		text string
		want []string // item numbers in the reply; nil: no reply at all
	}{
		{"本周到期的任务有哪些", []string{"2", "7"}},
		{"/due", []string{"2", "7"}},
		{"/due@" + tgfake.BotUsername, []string{"2", "7"}},
		{"/due@otherbot", nil},
		{"逾期", []string{"3"}},
		{"/item 4", []string{"4", "1"}}, // the item and its section
		{"今天开会吗", nil},
		{"收到", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			replies := e.say(t, servedGroup, member, tt.text)
			if tt.want == nil {
				if len(replies) != 0 {
					t.Fatalf("replied to %q: %q", tt.text, replies)
				}
				return
			}
			if len(replies) != 1 {
				t.Fatalf("%d replies, want 1: %q", len(replies), replies)
			}
			if got := numbers(replies); !slices.Equal(got, tt.want) {
				t.Fatalf("items %v, want %v in %q", got, tt.want, replies[0])
			}
			for _, s := range e.fake.SentTo(servedGroup.ID) {
				if _, err := tgfake.ParseHTML(s.Text); err != nil || s.ParseMode != "HTML" || !s.NoPreview {
					t.Fatalf("reply not valid HTML without preview: %v %+v", err, s)
				}
			}
		})
	}
}

func TestRedeliveredReportIsRecordedOnce(t *testing.T) {
	e := newEnv(t, 4, servedGroup.ID)
	ctx := context.Background()
	u := models.Update{Message: &models.Message{Chat: servedGroup, From: &member, Text: "#2 进度60%"}}
	id := e.fake.Push(u)
	e.wait(t, id)
	// Telegram delivers the same update again (the bot restarted before
	// confirming it, say).
	u.ID, u.Message.ID = id, 1
	e.fake.Push(u)
	// A later message of the same chat: once it is handled, so is the
	// redelivery, chats being handled in order.
	e.say(t, servedGroup, member, "收到")

	reports, err := e.st.Reports(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 1 || reports[0].Percent != 60 || reports[0].UserID != member.ID {
		t.Fatalf("reports %+v, want one at 60%%", reports)
	}
	item, err := e.st.Item(ctx, 2)
	if err != nil || item.Percent != 60 {
		t.Fatalf("item #2 %+v, %v", item, err)
	}
	sent := e.fake.SentTo(servedGroup.ID)
	if len(sent) != 1 || !strings.Contains(sent[0].Text, "#2") || !strings.Contains(sent[0].Text, "60%") {
		t.Fatalf("replies %q, want one confirmation", texts(sent))
	}
}

// A unit reports on three items in one message, a numbered list: each
// item gets its report, the group one reply, and a redelivery of the
// update changes nothing.
func TestSeveralItemsInOneMessage(t *testing.T) {
	e := newEnv(t, 4, servedGroup.ID)
	ctx := context.Background()
	u := models.Update{Message: &models.Message{Chat: servedGroup, From: &member,
		Text: "本周报送：\n1. #2 已排查学校12所，进度60%\n2. #3 资助资金已拨付；\n3. #4 已发布招标公告"}}
	id := e.fake.Push(u)
	e.wait(t, id)
	u.ID, u.Message.ID = id, 1
	e.fake.Push(u)
	e.say(t, servedGroup, member, "收到")

	want := map[int]string{2: "已排查学校12所，进度60%", 3: "资助资金已拨付", 4: "已发布招标公告"}
	for n, text := range want {
		reports, err := e.st.Reports(ctx, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(reports) != 1 || reports[0].Text != text {
			t.Errorf("#%d: reports %+v, want one %q", n, reports, text)
		}
	}
	if it, err := e.st.Item(ctx, 2); err != nil || it.Percent != 60 {
		t.Errorf("#2 %+v, %v", it, err)
	}
	sent := e.fake.SentTo(servedGroup.ID)
	if len(sent) != 1 || !strings.Contains(sent[0].Text, "#2 进度更新为60%") || !strings.Contains(sent[0].Text, "#3") || !strings.Contains(sent[0].Text, "#4") {
		t.Fatalf("replies %q, want one for all three", texts(sent))
	}
}

// A member fixes a typo in a report by editing the message in Telegram:
// the item takes the corrected percent, one reply says so, and the
// history keeps the first version.
func TestEditedReportIsCorrected(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	ctx := context.Background()
	msg := &models.Message{ID: 501, Chat: servedGroup, From: &member, Text: "#2 已排查学校12所，进度80%"}
	e.wait(t, e.fake.Push(models.Update{Message: msg}))
	edited := *msg
	edited.Text = "#2 已排查学校12所，进度60%"
	e.wait(t, e.fake.Push(models.Update{EditedMessage: &edited}))

	reports, err := e.st.Reports(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 1 || reports[0].Percent != 60 || reports[0].MessageID != 501 {
		t.Fatalf("reports %+v, want the corrected one", reports)
	}
	if it, err := e.st.Item(ctx, 2); err != nil || it.Percent != 60 {
		t.Fatalf("#2 %+v, %v", it, err)
	}
	sent := e.fake.SentTo(servedGroup.ID)
	if len(sent) != 2 || !strings.Contains(sent[1].Text, "已按修改后的消息更正进展") || !strings.Contains(sent[1].Text, "60%") {
		t.Fatalf("replies %q", texts(sent))
	}
	changes, err := e.st.ItemHistory(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, c := range changes {
		if c.Action == duban.ChangeWithdraw && strings.Contains(string(c.Before), "进度80%") && c.Actor.UserID == member.ID {
			kept = true
		}
	}
	if !kept {
		t.Errorf("the first version is not in the history as withdrawn by its author: %+v", changes)
	}
}

func TestGroupNotServedGetsNoPlanData(t *testing.T) {
	e := newEnv(t, 4, servedGroup.ID)
	var all []string
	for _, text := range []string{"本周到期的任务有哪些", "/due", "逾期", "/item 2", "#2 进度80%"} {
		all = append(all, e.say(t, otherGroup, member, text)...)
	}
	joined := strings.Join(all, "\n")
	for _, secret := range []string{"#2", "#3", "#7", "校园安全", "督导评估", "资助"} {
		if strings.Contains(joined, secret) {
			t.Fatalf("plan data %q shown in a group that is not served:\n%s", secret, joined)
		}
	}
	if reports, _ := e.st.Reports(context.Background(), 2, 0); len(reports) != 0 {
		t.Fatalf("report recorded from a group that is not served: %+v", reports)
	}
}

func TestBindByAPlanAdmin(t *testing.T) {
	e := newEnv(t, 2)
	ctx := context.Background()
	group := tgfake.Group(-1001000000003, "城关镇中心校")
	e.fake.SetAdmin(group.ID, groupAdmin.ID)

	if replies := e.say(t, group, member, "/due"); len(numbers(replies)) != 0 {
		t.Fatalf("unbound group got plan data: %q", replies)
	}
	e.say(t, group, member, "/bind")     // a member may not bind
	e.say(t, group, groupAdmin, "/bind") // nor the group's Telegram administrator
	if c, err := e.st.Chat(ctx, group.ID); err == nil && c.Served {
		t.Fatal("someone who is not a plan admin bound the group")
	}
	if replies := e.say(t, group, admin, "/bind"); len(replies) != 1 || !strings.Contains(replies[0], "已启用督办") {
		t.Fatalf("/bind by a plan admin: %q", replies)
	}
	if c, err := e.st.Chat(ctx, group.ID); err != nil || !c.Served || c.BoundBy != admin.ID {
		t.Fatalf("chat after /bind: %+v, %v", c, err)
	}
	if got := numbers(e.say(t, group, member, "/due")); !slices.Equal(got, []string{"2", "7"}) {
		t.Fatalf("/due after /bind: items %v", got)
	}
}

func texts(sent []tgfake.Sent) []string {
	var out []string
	for _, s := range sent {
		out = append(out, s.Text)
	}
	return out
}
