package handlers

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/duban"
)

// withRoles gives the test handler configured units and a 督办员.
func withRoles(t *testing.T, e *testEnv, units duban.Units, reviewers ...int64) {
	t.Helper()
	pol := access.New(access.Config{Admins: []int64{adminID}, Chats: []int64{servedGroup}, Units: units, Reviewers: reviewers}, e.st, e.members, nil)
	pol.Now = e.h.d.Now
	d := e.h.d
	d.Access, d.Roles = pol, nil
	e.h = New(d)
}

// /mine lists the sender's unit's open tasks, red first; an alias
// registers to the configured name; a 分管领导 sees the units they oversee.
func TestMine(t *testing.T) {
	e := newTestEnv(t, "zh")
	const leaderID = int64(30)
	withRoles(t, e, duban.Units{{Name: "督导室", Aliases: []string{"督导"}, Leaders: []int64{leaderID}}})
	if got := e.group(t, "/mine"); !strings.Contains(got, "你还没有登记单位") {
		t.Fatalf("unregistered /mine: %q", got)
	}
	if got := e.group(t, "/iam 督导"); !strings.Contains(got, "已登记：张三 — 督导室") {
		t.Fatalf("/iam by alias: %q", got)
	}
	got := e.group(t, "我的任务")
	for _, want := range []string{"我的任务", "督导室", "#4 完成营养餐供餐招标", "#7 开展中小学办学水平督导评估"} {
		if !strings.Contains(got, want) {
			t.Errorf("我的任务 lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "#3 ") || strings.Contains(got, "#9 ") {
		t.Errorf("我的任务 lists another unit's task:\n%s", got)
	}
	// In private, the same unit.
	priv := strings.Join(e.say(t, e.msg(memberID, memberID, "/mine")), "\n")
	if !strings.Contains(priv, "#4 完成营养餐供餐招标") {
		t.Errorf("private /mine:\n%s", priv)
	}
	// The leader, privately.
	lead := strings.Join(e.say(t, e.msg(leaderID, leaderID, "我分管的")), "\n")
	for _, want := range []string{"我分管的单位", "督导室", "#4", "#7"} {
		if !strings.Contains(lead, want) {
			t.Errorf("我分管的 lacks %q:\n%s", want, lead)
		}
	}
	if got := e.group(t, "我分管的"); !strings.Contains(got, "你还不是任何单位的分管领导") {
		t.Errorf("我分管的 by a member: %q", got)
	}
	// Red first within the unit: #7 is due sooner than #4 and both are
	// red here, so by deadline.
	if i, j := strings.Index(got, "#7"), strings.Index(got, "#4"); i > j && j >= 0 {
		t.Errorf("order:\n%s", got)
	}
}

func TestLeaderCommand(t *testing.T) {
	e := newTestEnv(t, "zh")
	withRoles(t, e, nil)
	admin := func(text string) string { return strings.Join(e.say(t, e.msg(servedGroup, adminID, text)), "\n") }
	if got := e.group(t, "/leader 督导室 @lisi"); !strings.Contains(got, "只有计划管理员") {
		t.Fatalf("member's /leader: %q", got)
	}
	if got := admin("/leader"); !strings.Contains(got, "还没有登记分管领导") {
		t.Fatalf("empty list: %q", got)
	}
	if got := admin("/leader 督导室 @nobody"); !strings.Contains(got, "还没有见过 @nobody") {
		t.Fatalf("unknown user: %q", got)
	}
	// memberID is known as @zhangsan once seen.
	m := e.msg(servedGroup, memberID, "大家好")
	m.Username = "zhangsan"
	e.say(t, m)
	if got := admin("/leader 督导室 @zhangsan"); !strings.Contains(got, "已登记") || !strings.Contains(got, "督导室") {
		t.Fatalf("/leader add: %q", got)
	}
	if got := admin("/leader"); !strings.Contains(got, "督导室：张三") {
		t.Fatalf("list: %q", got)
	}
	priv := e.msg(memberID, memberID, "我分管的")
	priv.Username = "zhangsan"
	if got := strings.Join(e.say(t, priv), "\n"); !strings.Contains(got, "#4") {
		t.Fatalf("the new leader's view: %q", got)
	}
	if got := admin("/leader 督导室 @zhangsan 取消"); !strings.Contains(got, "已取消") {
		t.Fatalf("remove: %q", got)
	}
	if got := admin("/leader 督导室 @zhangsan 取消"); !strings.Contains(got, "不是用 /leader 添加的") {
		t.Fatalf("remove twice: %q", got)
	}
	if got := admin("/leader @zhangsan"); !strings.Contains(got, "用法") {
		t.Fatalf("no unit: %q", got)
	}
}
