package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/tgfake"
)

// importPlan is the plan file an admin sends: its tasks fall due in the
// coming week (today is 2026-11-25).
const importPlan = `城关镇教育办2026年冬季重点工作

一、校园安全
（一）开展冬季消防安全检查，11月28日前完成。（牵头单位：安全稳定科）
（二）完成校车安全隐患排查，12月1日前完成。（牵头单位：督导室；配合单位：各学校）
二、教育质量
（一）组织期末质量监测命题，明年1月10日前完成。（牵头单位：教研室）
`

// push sends an update and returns what the bot sent to chat in answer.
func (e *env) push(t *testing.T, chat int64, u models.Update) []tgfake.Sent {
	t.Helper()
	before := len(e.fake.SentTo(chat))
	e.wait(t, e.fake.Push(u))
	return e.fake.SentTo(chat)[before:]
}

func TestImportAPlanInTheGroup(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	e.fake.SetAdmin(servedGroup.ID, groupAdmin.ID)
	e.fake.AddFile(tgfake.File{ID: "plan-doc", Data: []byte(importPlan)})
	doc := &models.Document{FileID: "plan-doc", FileUniqueID: "u-plan-doc", FileName: "冬季重点工作.txt", MimeType: "text/plain", FileSize: int64(len(importPlan))}
	fileMsg := func(from models.User) models.Update {
		return models.Update{Message: &models.Message{Chat: servedGroup, From: &from, Caption: "/import", Document: doc}}
	}

	// A member may not import: the file is not even downloaded.
	sent := e.push(t, servedGroup.ID, fileMsg(member))
	if len(sent) != 1 || !strings.Contains(sent[0].Text, "只有计划管理员可以使用 /import") || e.fake.Downloads() != 0 {
		t.Fatalf("member's /import: %q, %d downloads", texts(sent), e.fake.Downloads())
	}

	// Nor may the group's Telegram administrator.
	sent = e.push(t, servedGroup.ID, fileMsg(groupAdmin))
	if len(sent) != 1 || !strings.Contains(sent[0].Text, "只有计划管理员可以使用 /import") || e.fake.Downloads() != 0 {
		t.Fatalf("group admin's /import: %q, %d downloads", texts(sent), e.fake.Downloads())
	}

	// A plan admin gets a preview with the buttons.
	sent = e.push(t, servedGroup.ID, fileMsg(admin))
	if len(sent) != 1 || e.fake.Downloads() != 1 {
		t.Fatalf("preview: %q, %d downloads", texts(sent), e.fake.Downloads())
	}
	preview := sent[0]
	if _, err := tgfake.ParseHTML(preview.Text); err != nil || preview.ParseMode != "HTML" {
		t.Fatalf("preview is not valid HTML: %v", err)
	}
	for _, want := range []string{"导入预览", "城关镇教育办2026年冬季重点工作", "共2个部分、3项任务", "开展冬季消防安全检查", "｜安全稳定科｜11月28日\n", "2027年1月10日（明年1月10日前）"} {
		if !strings.Contains(preview.Text, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview.Text)
		}
	}
	if len(preview.Buttons) != 1 || len(preview.Buttons[0]) != 2 || preview.Buttons[0][0].Text != "导入" || preview.Buttons[0][1].Text != "取消" {
		t.Fatalf("preview buttons %+v", preview.Buttons)
	}
	if plans, _ := e.st.Plans(context.Background()); len(plans) != 1 {
		t.Fatalf("the preview wrote a plan: %+v", plans)
	}
	press := func(id string, from models.User) []tgfake.Sent {
		return e.push(t, servedGroup.ID, models.Update{CallbackQuery: &models.CallbackQuery{
			ID: id, From: from, Data: preview.Buttons[0][0].CallbackData,
			Message: models.MaybeInaccessibleMessage{Message: &models.Message{
				ID: preview.MessageID, Date: int(now.Unix()), Chat: servedGroup,
				From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: "导入预览"}},
		}})
	}

	// 导入 pressed by the group admin does nothing; by the plan admin it
	// imports; pressed again, nothing more.
	sent = press("cb-0", groupAdmin)
	if len(sent) != 1 || !strings.Contains(sent[0].Text, "只有计划管理员") {
		t.Fatalf("group admin's press: %q", texts(sent))
	}
	sent = press("cb-1", admin)
	if len(sent) != 4 || !strings.Contains(sent[0].Text, "已导入《城关镇教育办2026年冬季重点工作》（2026年）：新增5项") {
		t.Fatalf("import: %q", texts(sent))
	}
	// Each lead unit of the new tasks is asked to acknowledge them (签收).
	var ack tgfake.Sent
	for i, unit := range []string{"安全稳定科", "督导室", "教研室"} {
		s := sent[i+1]
		if !strings.Contains(s.Text, "任务签收") || !strings.Contains(s.Text, unit) || len(s.Buttons) != 1 || s.Buttons[0][0].Text != "✍️ 签收" {
			t.Fatalf("签收 %d: %q %+v", i, s.Text, s.Buttons)
		}
		if unit == "督导室" {
			ack = s
		}
	}
	pressAck := func(id string, from models.User) []tgfake.Sent {
		return e.push(t, servedGroup.ID, models.Update{CallbackQuery: &models.CallbackQuery{
			ID: id, From: from, Data: ack.Buttons[0][0].CallbackData,
			Message: models.MaybeInaccessibleMessage{Message: &models.Message{
				ID: ack.MessageID, Date: int(now.Unix()), Chat: servedGroup,
				From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: "任务签收"}},
		}})
	}
	if got := texts(pressAck("ack-0", member)); len(got) != 1 || !strings.Contains(got[0], "只有督导室登记的成员可以签收") {
		t.Fatalf("签收 by a stranger to the unit: %q", got)
	}
	e.say(t, servedGroup, member, "/iam 督导室")
	if got := texts(pressAck("ack-1", member)); len(got) != 1 || !strings.Contains(got[0], "督导室 张敏 已签收1项任务：#10") {
		t.Fatalf("签收: %q", got)
	}
	if got := texts(pressAck("ack-2", member)); len(got) != 1 || !strings.Contains(got[0], "已经签收过了") {
		t.Fatalf("签收 again: %q", got)
	}
	if got := strings.Join(e.say(t, servedGroup, member, "/history 10"), "\n"); !strings.Contains(got, "签收（督导室）") {
		t.Errorf("history lacks the 签收:\n%s", got)
	}
	if got := strings.Join(e.say(t, servedGroup, member, "/item 10"), "\n"); !strings.Contains(got, "签收：张敏") {
		t.Errorf("/item 10 lacks the 签收:\n%s", got)
	}
	if got := strings.Join(e.say(t, servedGroup, member, "/item 9"), "\n"); !strings.Contains(got, "签收：尚未签收") {
		t.Errorf("/item 9 lacks the missing 签收:\n%s", got)
	}
	sent = press("cb-2", admin)
	if len(sent) != 1 || !strings.Contains(sent[0].Text, "不会重复导入") {
		t.Fatalf("second press: %q", texts(sent))
	}
	if plans, _ := e.st.Plans(context.Background()); len(plans) != 2 {
		t.Fatalf("plans after two presses: %+v", plans)
	}

	// /due now lists the imported tasks due this week with the seeded ones.
	replies := e.say(t, servedGroup, member, "/due")
	got := numbers(replies)
	for _, n := range []string{"2", "7", "9", "10"} { // #9 11-28, #10 12-01
		if !slices.Contains(got, n) {
			t.Errorf("/due lacks #%s: %v\n%s", n, got, strings.Join(replies, "\n"))
		}
	}
	if !strings.Contains(strings.Join(replies, "\n"), "开展冬季消防安全检查") {
		t.Errorf("/due does not show the imported title:\n%s", strings.Join(replies, "\n"))
	}
}

// A plan admin imports the plan in a private chat: each lead unit is asked
// to 签收 in the served group where its members registered, and the admin
// is told which units are registered nowhere.
func TestImportInPrivateAsksForAcknowledgementInTheGroup(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	e.say(t, servedGroup, member, "/iam 督导室")
	e.fake.AddFile(tgfake.File{ID: "plan-doc", Data: []byte(importPlan)})
	doc := &models.Document{FileID: "plan-doc", FileUniqueID: "u-plan-doc", FileName: "冬季重点工作.txt", MimeType: "text/plain", FileSize: int64(len(importPlan))}
	private := tgfake.Private(admin)
	sent := e.push(t, private.ID, models.Update{Message: &models.Message{Chat: private, From: &admin, Caption: "/import", Document: doc}})
	if len(sent) != 1 || len(sent[0].Buttons) != 1 {
		t.Fatalf("preview: %q", texts(sent))
	}
	inGroup := len(e.fake.SentTo(servedGroup.ID))
	sent = e.push(t, private.ID, models.Update{CallbackQuery: &models.CallbackQuery{
		ID: "cb-private", From: admin, Data: sent[0].Buttons[0][0].CallbackData,
		Message: models.MaybeInaccessibleMessage{Message: &models.Message{ID: sent[0].MessageID, Date: int(now.Unix()), Chat: private,
			From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: "导入预览"}},
	}})
	all := strings.Join(texts(sent), "\n")
	if !strings.Contains(all, "已导入") || !strings.Contains(all, "安全稳定科") || !strings.Contains(all, "教研室") || !strings.Contains(all, "未发送签收") {
		t.Fatalf("private import: %q", texts(sent))
	}
	group := e.fake.SentTo(servedGroup.ID)[inGroup:]
	if len(group) != 1 || !strings.Contains(group[0].Text, "任务签收</b>：<b>督导室</b>") || !strings.Contains(group[0].Text, "张敏") ||
		len(group[0].Buttons) != 1 || group[0].Buttons[0][0].Text != "✍️ 签收" {
		t.Fatalf("签收 in the group: %q", texts(group))
	}

	// The member answers "收到" under it rather than pressing the button:
	// that is the 签收; a second "收到" finds nothing left to sign.
	reply := func(text string) []string {
		return texts(e.push(t, servedGroup.ID, models.Update{Message: &models.Message{Chat: servedGroup, From: &member, Text: text,
			ReplyToMessage: &models.Message{ID: group[0].MessageID, Chat: servedGroup, From: &models.User{ID: tgfake.BotID, IsBot: true},
				Text: "📋 任务签收：督导室 牵头1项任务 张敏\n#10 完成校车安全隐患排查（督导室）"}}}))
	}
	if got := reply("收到"); len(got) != 1 || !strings.Contains(got[0], "督导室 张敏 已签收1项任务：#10") {
		t.Fatalf("收到 under the 签收 message: %q", got)
	}
	if _, _, _, ok, _ := e.st.Acknowledged(context.Background(), 10); !ok {
		t.Error("#10 not acknowledged")
	}
	if got := reply("收到"); len(got) != 0 {
		t.Errorf("收到 again: %q", got)
	}
}
