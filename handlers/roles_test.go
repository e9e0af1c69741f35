package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// Who may use what of the 督办 loop: every command and button added for
// it, tried by an outsider (in a group that is not served, and in
// private), by a member of another unit, and by a Telegram group admin who
// is no plan admin. None of them may decide, chase or act for a unit; an
// outsider sees no plan data at all.
func TestWorkflowRoles(t *testing.T) {
	e := newTestEnv(t, "zh")
	d := e.h.d
	d.Review = ReviewOptions{On: true}
	e.h = New(d)
	ctx := context.Background()
	const otherUnitID = int64(8) // a member registered to 人事科
	admin := func(text string) []duban.Outgoing { return e.send(t, e.msg(servedGroup, adminID, text)) }
	e.say(t, e.msg(servedGroup, otherUnitID, "/iam 人事科"))
	e.group(t, "/iam 督导室") // memberID leads #4 and #7

	// The buttons at stake, made as their users make them.
	ext := admin("/extend 4 12月20日前 场地未落实")
	closing := e.send(t, e.msg(servedGroup, memberID, "#7 已完成"))
	add := admin("/add 完成校园周边环境整治 | 督导室 | 12月31日前")
	rep := e.send(t, e.msg(servedGroup, memberID, "#4 招标文件已编制，进度30%"))
	undo := admin("/undo #4")
	buttons := map[string]string{}
	for name, out := range map[string][]duban.Outgoing{"extend": ext, "close": closing, "ack": add, "undo": undo} {
		for _, o := range out {
			for _, row := range o.Buttons {
				for _, b := range row {
					buttons[name+":"+b.Text] = b.Data
				}
			}
		}
	}
	if len(rep) != 1 || len(buttons) < 6 {
		t.Fatalf("setting up the buttons: %v", buttons)
	}
	data := func(prefix string) string {
		for k, v := range buttons {
			if strings.HasPrefix(k, prefix) {
				return v
			}
		}
		t.Fatalf("no button %s in %v", prefix, buttons)
		return ""
	}

	type try struct {
		what   string
		text   string // a command, or
		button string // the data of a button pressed
		want   string // what the reply must say
	}
	refusals := []try{
		{what: "/urge", text: "/urge 3", want: "只有计划管理员"},
		{what: "/leader", text: "/leader 督导室 @zhangsan", want: "只有计划管理员"},
		{what: "/review", text: "/review", want: "只有督办员或计划管理员"},
		{what: "/return", text: "/return 7 材料不全", want: "只有督办员或计划管理员"},
		{what: "/extend of another unit's task", text: "/extend 4 12月25日前 理由", want: "只有计划管理员和牵头单位"},
		{what: "/node adding to another unit's task", text: "/node 4 12月10日前 开标", want: "只有计划管理员和牵头单位"},
		{what: "同意 an extension", button: data("extend:同意"), want: "只有计划管理员"},
		{what: "不同意 an extension", button: data("extend:不同意"), want: "只有计划管理员"},
		{what: "销号", button: data("close:✅"), want: "只有督办员或计划管理员"},
		{what: "退回", button: data("close:↩️"), want: "只有督办员或计划管理员"},
		{what: "签收 for 督导室", button: data("ack:"), want: "只有督导室登记的成员可以签收"},
		{what: "a plan admin's 撤回 button", button: data("undo:撤回"), want: "只有计划管理员"},
		{what: "/approve", text: "/approve 7", want: "只有督办员或计划管理员"},
		{what: "an extension of another unit's task in words", text: "#4 申请延期到12月25日前，原因是场地未落实", want: "只有计划管理员和牵头单位"},
	}
	for _, who := range []struct {
		name string
		id   int64
	}{{"a member of another unit", otherUnitID}, {"a group admin who is no plan admin", groupAdminID}} {
		for _, tt := range refusals {
			t.Run(who.name+" "+tt.what, func(t *testing.T) {
				m := e.msg(servedGroup, who.id, tt.text)
				if tt.button != "" {
					m.Callback = &duban.Callback{ID: "cb", Data: tt.button}
				}
				got := strings.Join(e.say(t, m), "\n")
				if !strings.Contains(got, tt.want) {
					t.Errorf("got %q, want it to say %q", got, tt.want)
				}
			})
		}
	}
	// Deciding in words, 签收 by answering "收到" under the 签收 message,
	// and editing a report of someone else's: none of it takes effect.
	ackMsg := ""
	for _, o := range add {
		if len(o.Buttons) > 0 {
			ackMsg = plain(o.Text)
		}
	}
	for _, id := range []int64{otherUnitID, groupAdminID} {
		e.say(t, e.msg(servedGroup, id, "#7 同意销号"))
		e.say(t, e.msg(servedGroup, id, "#7 退回，材料不全"))
		reply := e.msg(servedGroup, id, "收到")
		reply.ReplyTo = &duban.Reply{MessageID: 1, FromBot: true, Text: ackMsg}
		e.say(t, reply)
	}
	if rs, _ := e.st.Reports(ctx, 4, 0); len(rs) != 1 {
		t.Fatalf("#4 reports: %+v", rs)
	}
	forged := e.msg(servedGroup, otherUnitID, "#4 进度90%")
	forged.MessageID, forged.Edited = int(rep[0].ReplyTo), true // the member's report, "edited" by another
	if got := e.say(t, forged); len(got) != 0 {
		t.Errorf("an edit of someone else's report: %q", got)
	}

	// Nothing changed: no extension decided, no closing decided, nothing
	// acknowledged, no 催办 recorded, no leader added, no report withdrawn.
	if it := e.item(t, 4); it.Deadline != date("2026-12-02") || len(it.Milestones) != 0 || it.Percent != 30 {
		t.Errorf("#4 changed: %+v", it)
	}
	if it := e.item(t, 7); it.Review == 0 || it.Status == duban.StatusDone {
		t.Errorf("#7's request was decided: %+v", it)
	}
	if us, _ := e.st.Urges(ctx, 3); len(us) != 0 {
		t.Errorf("urged: %+v", us)
	}
	if l, _ := e.st.Leaders(ctx); len(l) != 0 {
		t.Errorf("leaders: %v", l)
	}
	if _, _, _, ok, _ := e.st.Acknowledged(ctx, 10); ok {
		t.Error("#10 was acknowledged by a stranger to 督导室")
	}
	// The member of another unit sees their own unit, not 督导室's.
	if got := strings.Join(e.say(t, e.msg(servedGroup, otherUnitID, "/mine")), "\n"); !strings.Contains(got, "人事科") || strings.Contains(got, "#4") {
		t.Errorf("/mine of 人事科: %q", got)
	}

	// An outsider: in a group that is not served, every command and button
	// gets no plan data; in private, the same.
	secrets := []string{"营养餐", "督导评估", "人事科", "督导室"}
	for _, where := range []int64{unservedGroup, strangerID} {
		for _, text := range []string{"/mine", "我的任务", "我分管的", "/review", "/return 7 x", "/urge 3", "/leader", "/lights", "/missing",
			"/node 4", "/extend 4 12月25日前 x", "/evidence 4", "/undo", "/count", "/chart", "红灯有哪些",
			"/approve 7", "#7 同意销号", "#7 退回，材料不全", "#4 申请延期到12月25日前，原因是场地", "导出台账", "本月通报",
			"督导室本周要完成什么", "/due 本周 督导室", "本周进展", "谁负责营养餐", "#3、#4 均已完成", "#3 推进中；#4 已开标"} {
			got := strings.Join(e.say(t, e.msg(where, strangerID, text)), "\n")
			for _, s := range secrets {
				if strings.Contains(got, s) {
					t.Errorf("outsider in %d, %q: %q shows %q", where, text, got, s)
				}
			}
		}
		edit := e.msg(where, strangerID, "#4 进度90%")
		edit.Edited = true
		if got := e.say(t, edit); len(got) != 0 {
			t.Errorf("outsider's edit in %d: %q", where, got)
		}
		for _, b := range buttons {
			m := e.msg(where, strangerID, "")
			m.Callback = &duban.Callback{ID: "cb", Data: b}
			got := strings.Join(e.say(t, m), "\n")
			for _, s := range secrets {
				if strings.Contains(got, s) {
					t.Errorf("outsider in %d pressed %s: %q", where, b, got)
				}
			}
		}
	}
	if it := e.item(t, 7); it.Review == 0 {
		t.Error("an outsider's press decided #7")
	}
	if us, _ := e.st.Urges(ctx, 3); len(us) != 0 {
		t.Error("an outsider urged #3")
	}
}

// A reviewer decides a closing request in words ("#7 退回，…", "#7 同意销号")
// as with the buttons; from a member the same words are a report, and the
// request stays.
func TestDecisionInWords(t *testing.T) {
	e := newTestEnv(t, "zh")
	d := e.h.d
	d.Review = ReviewOptions{On: true}
	e.h = New(d)
	e.group(t, "/iam 督导室")
	if got := e.group(t, "#7 已完成"); !strings.Contains(got, "待审核") {
		t.Fatalf("closing request: %s", got)
	}
	// A member's "退回" is a report.
	e.group(t, "#7 退回的材料已补充")
	if it := e.item(t, 7); it.Review == 0 || e.reportCount(t, 7) != 2 {
		t.Fatalf("member's words decided: %+v, %d reports", it, e.reportCount(t, 7))
	}
	admin := func(text string) string { return strings.Join(e.say(t, e.msg(servedGroup, adminID, text)), "\n") }
	got := admin("#7 退回，原因是缺少佐证材料")
	if it := e.item(t, 7); it.Review != 0 || it.Status == duban.StatusDone || !strings.Contains(got, "缺少佐证材料") {
		t.Fatalf("退回 in words: %+v\n%s", it, got)
	}
	e.group(t, "#7 已完成")
	if it := e.item(t, 7); it.Review == 0 {
		t.Fatalf("asked again: %+v", it)
	}
	got = admin("#7 同意销号")
	if it := e.item(t, 7); it.Status != duban.StatusDone || it.Review != 0 {
		t.Fatalf("同意销号 in words: %+v\n%s", it, got)
	}
}
