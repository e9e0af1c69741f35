package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/internal/tgfake"
)

var pressCount atomic.Int64

// pressIn pushes a press of button (of message msg) by from in chat.
func (e *env) pressIn(t *testing.T, chat models.Chat, msg tgfake.Sent, button models.InlineKeyboardButton, from models.User) []tgfake.Sent {
	t.Helper()
	return e.push(t, chat.ID, models.Update{CallbackQuery: &models.CallbackQuery{
		ID: fmt.Sprintf("cb-%d", pressCount.Add(1)), From: from, Data: button.CallbackData,
		Message: models.MaybeInaccessibleMessage{Message: &models.Message{
			ID: msg.MessageID, Date: int(now.Unix()), Chat: chat,
			From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: msg.Text}},
	}})
}

// The closing loop over the fake Bot API: a member's 已完成 becomes a
// request with its evidence (待审核); a member cannot decide it; a
// reviewer returns it with the reason given as a reply to the bot's
// question; the member reports and asks again; the reviewer closes it
// (销号); pressing again changes nothing; an old request's button after the
// item changed says it no longer applies.
func TestClosingIsReviewed(t *testing.T) {
	e := newEnvWith(t, 2, func(d *handlers.Deps) { d.Review = handlers.ReviewOptions{On: true} }, servedGroup.ID)
	ctx := context.Background()
	e.say(t, servedGroup, member, "/iam 督导室")
	oneText(t, e.push(t, servedGroup.ID, photoMsg(member, "#4 中标通知书", "photo-bid", 90000)))

	// A member's "已完成": a request, not a closing.
	sent := e.push(t, servedGroup.ID, models.Update{Message: &models.Message{Chat: servedGroup, From: &member, Text: "#4 已完成"}})
	if len(sent) != 1 || len(sent[0].Buttons) != 1 || len(sent[0].Buttons[0]) != 2 {
		t.Fatalf("request: %q %+v", texts(sent), sent)
	}
	req := sent[0]
	for _, want := range []string{"办结申请", "#4</b> 完成营养餐供餐招标", "张敏", "佐证材料：1件", "中标通知书"} {
		if !strings.Contains(req.Text, want) {
			t.Errorf("request lacks %q:\n%s", want, req.Text)
		}
	}
	yes, no := req.Buttons[0][0], req.Buttons[0][1]
	it, _ := e.st.Item(ctx, 4)
	if it.Status == duban.StatusDone || it.Review == 0 {
		t.Fatalf("a member closed it: %+v", it)
	}
	if got := strings.Join(e.say(t, servedGroup, member, "/item 4"), "\n"); !strings.Contains(got, "状态：待审核") {
		t.Errorf("/item 4 does not say 待审核:\n%s", got)
	}
	// Asked twice: once is enough.
	if got := e.say(t, servedGroup, member, "/done 4"); len(got) != 1 || !strings.Contains(got[0], "正在等待督办员审核") {
		t.Errorf("second request: %q", got)
	}
	// Buttons pressed by a member: refused, nothing changes.
	for _, b := range []models.InlineKeyboardButton{yes, no} {
		if got := texts(e.pressIn(t, servedGroup, req, b, member)); len(got) != 1 || !strings.Contains(got[0], "只有督办员或计划管理员") {
			t.Fatalf("member pressed %s: %q", b.Text, got)
		}
	}
	// The reviewer (a plan admin here) presses 退回 and replies with the reason.
	q := e.pressIn(t, servedGroup, req, no, admin)
	if len(q) != 1 || !strings.Contains(q[0].Text, "退回 #4") || !strings.Contains(q[0].Text, "回复本消息") {
		t.Fatalf("退回 question: %q", texts(q))
	}
	visible, _ := tgfake.ParseHTML(q[0].Text)
	reply := models.Update{Message: &models.Message{Chat: servedGroup, From: &admin, Text: "缺少合同扫描件，请补充",
		ReplyToMessage: &models.Message{ID: q[0].MessageID, Chat: servedGroup, From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: visible}}}
	back := e.push(t, servedGroup.ID, reply)
	if len(back) != 1 || !strings.Contains(back[0].Text, "办结申请被退回（审核人：王芳）") || !strings.Contains(back[0].Text, "退回理由：缺少合同扫描件，请补充") ||
		!strings.Contains(back[0].Text, "tg://user?id=10002") {
		t.Fatalf("returned: %q", texts(back))
	}
	it, _ = e.st.Item(ctx, 4)
	if it.Status != duban.StatusDoing || it.Review != 0 || it.Percent != 0 {
		t.Fatalf("after 退回: %+v", it)
	}
	// The old request's 销号 now: decided already.
	if got := texts(e.pressIn(t, servedGroup, req, yes, admin)); len(got) != 1 || !strings.Contains(got[0], "已经处理过（已退回") {
		t.Fatalf("销号 after 退回: %q", got)
	}

	// The member reports and asks again; the reviewer closes it.
	e.say(t, servedGroup, member, "#4 已补充合同扫描件")
	sent = e.push(t, servedGroup.ID, models.Update{Message: &models.Message{Chat: servedGroup, From: &member, Text: "/done 4 合同已上传"}})
	if len(sent) != 1 || len(sent[0].Buttons) != 1 {
		t.Fatalf("second request: %q", texts(sent))
	}
	req2 := sent[0]
	closed := e.pressIn(t, servedGroup, req2, req2.Buttons[0][0], admin)
	if len(closed) != 1 || !strings.Contains(closed[0].Text, "已审核销号（审核人：王芳）") {
		t.Fatalf("销号: %q", texts(closed))
	}
	it, _ = e.st.Item(ctx, 4)
	if it.Status != duban.StatusDone || it.Review != 0 || it.DoneAt.IsZero() {
		t.Fatalf("after 销号: %+v", it)
	}
	// Twice: nothing more.
	if got := texts(e.pressIn(t, servedGroup, req2, req2.Buttons[0][0], admin)); len(got) != 1 || !strings.Contains(got[0], "已经处理过（已销号") {
		t.Fatalf("销号 twice: %q", got)
	}
	hist := strings.Join(e.say(t, servedGroup, member, "/history 4"), "\n")
	for _, want := range []string{"申请办结", "退回办结申请，理由：缺少合同扫描件", "审核通过，销号"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}

	// A request whose item an admin changed meanwhile: its buttons say so.
	sent = e.push(t, servedGroup.ID, models.Update{Message: &models.Message{Chat: servedGroup, From: &member, Text: "#7 已全部完成"}})
	if len(sent) != 1 || len(sent[0].Buttons) != 1 {
		t.Fatalf("request on #7: %q", texts(sent))
	}
	e.say(t, servedGroup, admin, "/done 7 督导评估报告已印发") // a plan admin's own /done closes directly
	if it, _ := e.st.Item(ctx, 7); it.Status != duban.StatusDone {
		t.Fatalf("a plan admin's /done did not close #7: %+v", it)
	}
	if got := texts(e.pressIn(t, servedGroup, sent[0], sent[0].Buttons[0][0], admin)); len(got) != 1 || !strings.Contains(got[0], "已失效") {
		t.Fatalf("stale 销号: %q", got)
	}
	// /review lists nothing now.
	if got := e.say(t, servedGroup, admin, "/review"); len(got) != 1 || !strings.Contains(got[0], "没有待审核的办结申请") {
		t.Errorf("/review: %q", got)
	}
}
