package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/tgfake"
)

// An outsider creates a group, adds the bot and sends /bind as the
// group's creator: refused, and the plan admin is told privately.
func TestOutsidersGroupCannotBind(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	outsider := tgfake.User(20001, "路人甲", "stranger")
	own := tgfake.Group(-1001000000099, "我的群")
	e.fake.SetMember(own.ID, outsider.ID, models.ChatMemberTypeOwner)

	replies := e.say(t, own, outsider, "/bind")
	if len(replies) != 1 || !strings.Contains(replies[0], "只有计划管理员可以在群里启用督办") {
		t.Fatalf("outsider's /bind: %q", replies)
	}
	if c, err := e.st.Chat(context.Background(), own.ID); err == nil && c.Served {
		t.Fatal("the outsider's group is served")
	}
	told, err := e.fake.WaitSentTo(ctx(t), admin.ID, 1)
	if err != nil || !strings.Contains(told[0].Text, "已拒绝") || !strings.Contains(told[0].Text, "我的群") || !strings.Contains(told[0].Text, "stranger") {
		t.Fatalf("plan admin told: %q, %v", texts(told), err)
	}
	// Nothing of the plan reaches the outsider's group or their private chat.
	var all []string
	for _, text := range []string{"/due", "/overdue", "/item 2", "/export", "/search 安全", "/plan"} {
		all = append(all, e.say(t, own, outsider, text)...)
		all = append(all, e.say(t, tgfake.Private(outsider), outsider, text)...)
	}
	for _, secret := range []string{"#2", "校园安全", "营养餐", "督导评估"} {
		if s := strings.Join(all, "\n"); strings.Contains(s, secret) {
			t.Fatalf("plan data %q reached the outsider:\n%s", secret, s)
		}
	}
}

// A Telegram administrator of a served group may change the group's
// settings and register members, and nothing of the plan.
func TestGroupAdminCannotChangeThePlan(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	e.fake.SetAdmin(servedGroup.ID, groupAdmin.ID)
	ctx := context.Background()
	before, _ := e.st.Item(ctx, 2)
	for _, text := range []string{
		"/add 新任务 | 督导室 | 12月31日前", "/edit 2 标题 改了", "/delete 2", "/deadline 2 9月底前",
		"#2 时限改为9月底前", "/import", "/unbind", "/grant @zhangmin", "/revoke @zhangmin",
	} {
		replies := e.say(t, servedGroup, groupAdmin, text)
		if len(replies) != 1 || !strings.Contains(replies[0], "只有计划管理员") {
			t.Errorf("group admin's %q: %q", text, replies)
		}
	}
	after, _ := e.st.Item(ctx, 2)
	if after.Title != before.Title || after.Deadline != before.Deadline {
		t.Errorf("#2 changed: %+v", after)
	}
	if _, err := e.st.Item(ctx, 8); err == nil {
		t.Error("an item was added")
	}
	if c, _ := e.st.Chat(ctx, servedGroup.ID); c.Served {
		// listed in the config: it never was bound, and /unbind did nothing
		t.Errorf("chat bound: %+v", c)
	}
	// The group's own settings are theirs.
	if r := e.say(t, servedGroup, groupAdmin, "/settings weekly off"); len(r) != 1 || !strings.Contains(r[0], "已更新") {
		t.Errorf("/settings by the group admin: %q", r)
	}
	// A member may do neither.
	if r := e.say(t, servedGroup, member, "/settings reset"); len(r) != 1 || !strings.Contains(r[0], "只有本群管理员或计划管理员") {
		t.Errorf("/settings by a member: %q", r)
	}
}

// A demotion reported by a chat_member update takes the rights away at
// once, without waiting for the reused answer to expire.
func TestDemotionByChatMemberUpdate(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	e.fake.SetAdmin(servedGroup.ID, groupAdmin.ID)
	if r := e.say(t, servedGroup, groupAdmin, "/settings weekly 周五 16:00"); len(r) != 1 || !strings.Contains(r[0], "已更新") {
		t.Fatalf("/settings before the demotion: %q", r)
	}
	calls := e.fake.CallCount("getChatMember")
	// Demoted: Telegram now says member, and tells the bot.
	e.fake.SetMember(servedGroup.ID, groupAdmin.ID, models.ChatMemberTypeMember)
	e.wait(t, e.fake.Push(models.Update{ChatMember: &models.ChatMemberUpdated{
		Chat: servedGroup, From: admin, Date: int(now.Unix()),
		OldChatMember: models.ChatMember{Type: models.ChatMemberTypeAdministrator,
			Administrator: &models.ChatMemberAdministrator{User: groupAdmin}},
		NewChatMember: models.ChatMember{Type: models.ChatMemberTypeMember,
			Member: &models.ChatMemberMember{User: &groupAdmin}},
	}}))
	if r := e.say(t, servedGroup, groupAdmin, "/settings reset"); len(r) != 1 || !strings.Contains(r[0], "只有本群管理员或计划管理员") {
		t.Fatalf("/settings after the demotion: %q", r)
	}
	if n := e.fake.CallCount("getChatMember"); n != calls {
		t.Errorf("the demotion was learned by asking Telegram (%d calls), not from the update", n-calls)
	}
}

// An anonymous group admin posts as the group (GroupAnonymousBot with
// sender_chat): recognised as the group's admin, not as a plan admin.
func TestAnonymousGroupAdmin(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	anon := models.User{ID: 1087968824, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}
	post := func(text string) []tgfake.Sent {
		return e.push(t, servedGroup.ID, models.Update{Message: &models.Message{
			Chat: servedGroup, From: &anon, SenderChat: &servedGroup, Text: text}})
	}
	if sent := post("/settings deadlines off"); len(sent) != 1 || !strings.Contains(sent[0].Text, "已更新") {
		t.Fatalf("anonymous admin's /settings: %q", texts(sent))
	}
	if sent := post("/delete 2"); len(sent) != 1 || !strings.Contains(sent[0].Text, "只有计划管理员") {
		t.Fatalf("anonymous admin's /delete: %q", texts(sent))
	}
	if _, err := e.st.Item(context.Background(), 2); err != nil {
		t.Fatalf("#2 deleted: %v", err)
	}
}

// A private chat is served while the user belongs to a served group:
// before, not at all; after leaving or after the group is unbound, no more.
func TestPrivateAccessFollowsMembership(t *testing.T) {
	e := newEnv(t, 2)
	group := tgfake.Group(-1001000000005, "城关镇中心校")
	dm := tgfake.Private(member)
	private := func() string { return strings.Join(e.say(t, dm, member, "/overdue"), "\n") }

	if got := private(); strings.Contains(got, "#3") {
		t.Fatalf("private answer before any served group: %s", got)
	}
	e.say(t, group, admin, "/bind")
	e.say(t, group, member, "收到") // seen writing in the served group
	if got := private(); !strings.Contains(got, "#3") {
		t.Fatalf("private /overdue of a member of a served group: %s", got)
	}
	// Unbound: the private chat closes with it.
	e.say(t, group, admin, "/unbind")
	if got := private(); strings.Contains(got, "#3") || !strings.Contains(got, "你还不能在私聊中查询") {
		t.Fatalf("private answer after /unbind: %s", got)
	}
	// Bound again, then the member leaves the group.
	e.say(t, group, admin, "/bind")
	e.say(t, group, member, "收到")
	if got := private(); !strings.Contains(got, "#3") {
		t.Fatalf("private /overdue after binding again: %s", got)
	}
	e.fake.SetMember(group.ID, member.ID, models.ChatMemberTypeLeft)
	e.wait(t, e.fake.Push(models.Update{Message: &models.Message{Chat: group, From: &member, LeftChatMember: &member}}))
	if got := private(); strings.Contains(got, "#3") {
		t.Fatalf("private answer after leaving the group: %s", got)
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return c
}
