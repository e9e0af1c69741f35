package handlers

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func TestGrantAndRevoke(t *testing.T) {
	e := newTestEnv(t, "zh")
	ctx := context.Background()
	const deputy = int64(31)
	in := func(user int64, text string) string {
		m := e.msg(servedGroup, user, text)
		if user == deputy {
			m.UserName, m.Username = "赵六", "zhaoliu"
		}
		return strings.Join(e.say(t, m), "\n")
	}
	in(deputy, "收到") // seen by the bot
	if got := in(deputy, "/add 新任务 | 督导室"); !strings.Contains(got, "只有计划管理员") {
		t.Fatalf("before /grant: %s", got)
	}
	if got := in(groupAdminID, "/grant @zhaoliu"); !strings.Contains(got, "只有计划管理员") {
		t.Fatalf("/grant by a group admin: %s", got)
	}
	if got := in(adminID, "/grant @zhaoliu"); !strings.Contains(got, "已授予 赵六 @zhaoliu 计划管理员权限") {
		t.Fatalf("/grant: %s", got)
	}
	if got := in(adminID, "/grant"); !strings.Contains(got, "赵六 @zhaoliu（/grant 授权）") {
		t.Fatalf("/grant list: %s", got)
	}
	if got := in(deputy, "/add 新任务 | 督导室"); !strings.Contains(got, "#10") {
		t.Fatalf("/add after /grant: %s", got)
	}
	if got := in(adminID, fmt.Sprintf("/revoke %d", adminID)); !strings.Contains(got, "access.admins") {
		t.Fatalf("/revoke of a configured admin: %s", got)
	}
	if got := in(adminID, "/revoke @zhaoliu"); !strings.Contains(got, "已收回") {
		t.Fatalf("/revoke: %s", got)
	}
	if got := in(deputy, "/delete 10"); !strings.Contains(got, "只有计划管理员") {
		t.Fatalf("after /revoke: %s", got)
	}
	// Both are in the audit trail, with who did it.
	changes, err := e.st.AuditBetween(ctx, testNow.Add(-time.Hour), testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var grants []string
	for _, c := range changes {
		if c.Action == duban.ChangeGrant || c.Action == duban.ChangeRevoke {
			grants = append(grants, fmt.Sprintf("%s %s by %d", c.Action, c.Subject, c.Actor.UserID))
		}
	}
	if strings.Join(grants, ", ") != fmt.Sprintf("grant %d by %d, revoke %d by %d", deputy, adminID, deputy, adminID) {
		t.Errorf("audit: %v", grants)
	}
}

func TestBindIsToldToThePlanAdmins(t *testing.T) {
	e := newTestEnv(t, "zh")
	m := e.msg(unservedGroup, groupAdminID, "/bind")
	m.ChatTitle, m.UserName, m.Username = "某校家长群", "钱七", "qianqi"
	if got := strings.Join(e.say(t, m), "\n"); !strings.Contains(got, "只有计划管理员") {
		t.Fatalf("group admin's /bind: %s", got)
	}
	if len(e.notices) != 1 || !strings.Contains(e.notices[0], "已拒绝") || !strings.Contains(e.notices[0], "某校家长群") ||
		!strings.Contains(e.notices[0], "@qianqi") {
		t.Fatalf("notices: %q", e.notices)
	}
	m = e.msg(unservedGroup, adminID, "/bind")
	m.ChatTitle = "某校家长群"
	e.say(t, m)
	if len(e.notices) != 2 || !strings.Contains(e.notices[1], "启用了督办") {
		t.Fatalf("notices: %q", e.notices)
	}
}

func TestStoredTextHasNoDirectionControls(t *testing.T) {
	e := newTestEnv(t, "zh")
	m := e.msg(servedGroup, memberID, "#2 已完成\u202e%05 度进\u202c排查")
	m.UserName = "张\u202e三"
	e.say(t, m)
	ps, err := e.st.Reports(context.Background(), 2, 0)
	if err != nil || len(ps) != 1 {
		t.Fatalf("reports: %+v, %v", ps, err)
	}
	if strings.ContainsAny(ps[0].Text+ps[0].UserName, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		t.Errorf("direction controls stored: %q by %q", ps[0].Text, ps[0].UserName)
	}
}

func TestOverlongReportTellsItsLength(t *testing.T) {
	e := newTestEnv(t, "zh")
	got := e.group(t, "#2 "+strings.Repeat("推进", 5000))
	if !strings.Contains(got, "进展太长了（10000字）") {
		t.Errorf("reply: %s", clipRunes(got, 80))
	}
	if n := e.reportCount(t, 2); n != 0 {
		t.Errorf("%d reports stored", n)
	}
}
