package handlers

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestProgressReports(t *testing.T) {
	tests := []struct {
		text    string
		item    int
		has     []string
		status  duban.Status
		percent int
	}{
		{"#4 已完成招标，进度60%", 4, []string{"#4 进度更新为60%", "进行中 60%"}, duban.StatusDoing, 60},
		{"#4 百分之八十五", 4, []string{"进度更新为85%"}, duban.StatusDoing, 85},
		{"/progress 2 已排查12所学校", 2, []string{"已记录 #2 的进展"}, duban.StatusDoing, 0},
		{"/progress 6 完成60％", 6, []string{"60%"}, duban.StatusDoing, 60},
		{"#7：已下发督导评估通知", 7, []string{"已记录 #7 的进展"}, duban.StatusDoing, 0},
		{"/done 3 资金已全部拨付", 3, []string{"已销号：#3"}, duban.StatusDone, 100},
		{"#9 已完成", 9, []string{"已销号：#9"}, duban.StatusDone, 100},
	}
	e := newTestEnv(t, "zh")
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			before := e.reportCount(t, tt.item)
			got := e.group(t, tt.text)
			for _, s := range tt.has {
				if !strings.Contains(got, s) {
					t.Errorf("reply lacks %q:\n%s", s, got)
				}
			}
			if n := e.reportCount(t, tt.item); n != before+1 {
				t.Errorf("reports on #%d = %d, want %d", tt.item, n, before+1)
			}
			it, err := e.st.Item(context.Background(), tt.item)
			if err != nil {
				t.Fatal(err)
			}
			if it.Status != tt.status || it.Percent != tt.percent {
				t.Errorf("#%d is %s %d%%, want %s %d%%", tt.item, it.Status, it.Percent, tt.status, tt.percent)
			}
		})
	}
	// The report shows in /item, with who and when (Beijing time).
	got := e.group(t, "/item 4")
	for _, s := range []string{"11月25日 10:00 张三：百分之八十五", "已完成招标，进度60%"} {
		if !strings.Contains(got, s) {
			t.Errorf("/item 4 lacks %q:\n%s", s, got)
		}
	}
	for _, s := range []string{"（85%）", "（60%）"} { // the words state the percent already
		if strings.Contains(got, s) {
			t.Errorf("/item 4 repeats %q:\n%s", s, got)
		}
	}
	// Closing a closed item writes nothing.
	if got := e.group(t, "/done 3"); !strings.Contains(got, "已经是“已完成”状态") || e.reportCount(t, 3) != 1 {
		t.Errorf("second /done: %q, %d reports", got, e.reportCount(t, 3))
	}
}

func TestProgressRedelivered(t *testing.T) {
	e := newTestEnv(t, "zh")
	m := e.msg(servedGroup, memberID, "#2 已排查5所学校，进度30%")
	e.say(t, m)
	e.say(t, m) // the same update again
	if n := e.reportCount(t, 2); n != 1 {
		t.Errorf("a redelivered update recorded %d reports", n)
	}
}

func TestReplyToBot(t *testing.T) {
	e := newTestEnv(t, "zh")
	reply := func(botText, text string) string {
		m := e.msg(servedGroup, memberID, text)
		m.ReplyTo = &duban.Reply{MessageID: 99, FromBot: true, Text: botText}
		return strings.Join(e.say(t, m), "\n")
	}
	got := reply("⏰ #2 开展校园安全隐患排查 还剩2天", "已排查8所学校，进度40%")
	if !strings.Contains(got, "#2 进度更新为40%") || e.reportCount(t, 2) != 1 {
		t.Errorf("reply report: %q", got)
	}
	got = reply("#2 … #3 … #4 …", "已经完成了")
	if !strings.Contains(got, "多个事项（#2、#3、#4）") || e.reportCount(t, 3) != 0 {
		t.Errorf("reply to several: %q", got)
	}
	if got := reply("#2 开展校园安全隐患排查", "收到"); got != "" || e.reportCount(t, 2) != 1 {
		t.Errorf("an acknowledgement was answered or recorded: %q", got)
	}
	// A reply to someone else's message is chatter.
	m := e.msg(servedGroup, memberID, "已排查8所学校")
	m.ReplyTo = &duban.Reply{MessageID: 98, Text: "#2 怎么样了"}
	if got := e.say(t, m); len(got) != 0 {
		t.Errorf("reply to a person answered: %q", got)
	}
}

func TestAdminCommands(t *testing.T) {
	e := newTestEnv(t, "zh")
	ctx := context.Background()
	// Members are refused and nothing is written.
	for _, text := range []string{"/add 新任务 | 督导室", "/edit 2 标题 改了", "/delete 2", "/bind", "/grant @zhangsan", "/revoke 7"} {
		t.Run("member "+text, func(t *testing.T) {
			if got := e.group(t, text); !strings.Contains(got, "只有计划管理员") {
				t.Errorf("member ran %q: %s", text, got)
			}
		})
	}
	if _, err := e.st.Item(ctx, 10); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("a member's /add created #10: %v", err)
	}
	if it, _ := e.st.Item(ctx, 2); it.Title != "开展校园安全隐患排查" {
		t.Errorf("a member's /edit changed #2: %q", it.Title)
	}

	admin := func(user int64, text string) string {
		return strings.Join(e.say(t, e.msg(servedGroup, user, text)), "\n")
	}
	// A configured admin adds an item with a Chinese deadline; HTML is escaped.
	got := admin(adminID, "/add <b>&修订</b>安全预案 | 安全稳定科 | 12月15日前 | 全覆盖")
	if !strings.Contains(got, "已添加事项") || !strings.Contains(got, "#10 <b>&修订</b>安全预案") {
		t.Fatalf("/add: %s", got)
	}
	it, err := e.st.Item(ctx, 10)
	if err != nil || it.Deadline != date("2026-12-15") || it.DeadlineText != "12月15日前" || it.Owner != "安全稳定科" || it.Target != "全覆盖" {
		t.Errorf("added %+v, %v", it, err)
	}
	e.h.Handle(ctx, e.msg(servedGroup, adminID, "/item 10"))
	if out := e.out.take(); len(out) != 1 || !strings.Contains(out[0].Text, "&lt;b&gt;&amp;修订&lt;/b&gt;") {
		t.Errorf("title not escaped: %+v", out)
	}
	// A Telegram group admin edits fields by their Chinese and English names.
	for _, tc := range []struct{ text, has string }{
		{"/edit 10 时限 2026-12-20", "已修改 #10 的时限"},
		{"/edit 10 配合单位 督导室、各学校", "配合单位"},
		{"/edit 10 进度 30%", "进行中 30%"},
		{"/edit 10 status done", "已完成"},
		{"/edit 10 title 修订校园安全应急预案", "修订校园安全应急预案"},
	} {
		if got := admin(adminID, tc.text); !strings.Contains(got, tc.has) {
			t.Errorf("%s: %s", tc.text, got)
		}
	}
	it, _ = e.st.Item(ctx, 10)
	if it.Deadline != date("2026-12-20") || len(it.Partners) != 2 || it.Status != duban.StatusDone || it.Title != "修订校园安全应急预案" {
		t.Errorf("after edits: %+v", it)
	}
	// Bad edits change nothing.
	for _, text := range []string{"/edit 10 时限 某个时候", "/edit 10 进度 150", "/edit 10 状态 搞定", "/edit 10 颜色 红", "/edit 99 标题 x", "/edit abc 标题 x"} {
		before, _ := e.st.Item(ctx, 10)
		if got := admin(adminID, text); got == "" || strings.Contains(got, "已修改") {
			t.Errorf("%s: %s", text, got)
		}
		if after, _ := e.st.Item(ctx, 10); !after.UpdatedAt.Equal(before.UpdatedAt) || after.Title != before.Title {
			t.Errorf("%s changed the item", text)
		}
	}
	// Delete asks first; only an admin's press deletes.
	e.h.Handle(ctx, e.msg(servedGroup, adminID, "/delete 10"))
	out := e.out.take()
	if len(out) != 1 || len(out[0].Buttons) != 1 || out[0].Buttons[0][0].Data != "del:10" {
		t.Fatalf("/delete: %+v", out)
	}
	press := func(user int64, data string) string {
		m := e.msg(servedGroup, user, "")
		m.Callback = &duban.Callback{ID: "cb", Data: data}
		return strings.Join(e.say(t, m), "\n")
	}
	if got := press(memberID, "del:10"); !strings.Contains(got, "只有计划管理员") {
		t.Errorf("member press: %s", got)
	}
	if got := press(adminID, "del:10"); !strings.Contains(got, "已删除 #10") {
		t.Errorf("admin press: %s", got)
	}
	if got := press(adminID, "del:10"); !strings.Contains(got, "已不存在") {
		t.Errorf("second press: %s", got)
	}
	if got := e.group(t, "/item 10"); !strings.Contains(got, "没有编号为 #10") {
		t.Errorf("deleted item shown: %s", got)
	}
}

func TestBadInput(t *testing.T) {
	e := newTestEnv(t, "zh")
	long := strings.Repeat("很", 5000)
	tests := []struct {
		text string
		has  string
	}{
		{"/item", "请写上事项编号"},
		{"/item abc", "“abc”不是事项编号"},
		{"/item 99999999999999999999", "没有编号为 99999999999999999999 的事项"},
		{"/item 0", "没有编号为 0 的事项"},
		{"/item 9999", "没有编号为 #9999 的事项"},
		{"/item -3", "不是事项编号"},
		{"#9999进展如何", "没有编号为 #9999"},
		{"/progress 2", "请写上进展内容"},
		{"/progress 1 进度50%", "#1 是计划的一个部分"},
		{"/progress 2 " + long, "进展太长了（5000字）"},
		{"#2 " + long, "进展太长了"},
		{"/due 很久以后", "看不懂“很久以后”"},
		{"/due 国庆节前", "已经过去了"},
		{"/due 1000", "看不懂"},
		{"/owner", "请写上单位名称"},
		{"/owner " + long, "单位名称太长了"},
		{"/search", "请写上要搜索的词"},
		{"/search " + long, "搜索词太长了"},
		{"/search '; DROP TABLE items; --", "没有找到"},
		{"/search \" OR * NEAR", "没有找到"},
		{"/owner ' OR 1=1 --", "没有找到单位"},
		{"/item \xff\xfe", "不是事项编号"},
		{"/progress 2 \xffbad\xfe 进度20%", "进度更新为20%"},
	}
	for _, tt := range tests {
		t.Run(clipRunes(tt.text, 30), func(t *testing.T) {
			got := e.group(t, tt.text)
			if !strings.Contains(got, tt.has) {
				t.Errorf("reply to %q lacks %q:\n%s", clipRunes(tt.text, 40), tt.has, clipRunes(got, 300))
			}
		})
	}
	// Nothing was written by the refused reports; the valid one is clean UTF-8.
	ps, _ := e.st.Reports(context.Background(), 2, 0)
	if len(ps) != 1 || !strings.Contains(ps[0].Text, "bad") || strings.ContainsRune(ps[0].Text, 0xff) {
		t.Errorf("reports on #2: %+v", ps)
	}
	// Long chatter gets nothing.
	if got := e.group(t, long); got != "" {
		t.Errorf("long chatter answered: %s", clipRunes(got, 100))
	}
}

func TestAccess(t *testing.T) {
	e := newTestEnv(t, "zh")
	in := func(chat, user int64, text string) string {
		return strings.Join(e.say(t, e.msg(chat, user, text)), "\n")
	}
	// An unserved group: no plan data, a one-line hint for commands only.
	if got := in(unservedGroup, memberID, "/due"); !strings.Contains(got, "本群尚未启用") || len(numbers(got)) != 0 {
		t.Errorf("unserved /due: %s", got)
	}
	for _, text := range []string{"本周到期的任务有哪些", "#2 进度50%", "#3进展如何", "督导室的任务"} {
		if got := in(unservedGroup, memberID, text); got != "" {
			t.Errorf("unserved %q: %s", text, got)
		}
	}
	if got := in(unservedGroup, memberID, "/help"); !strings.Contains(got, "尚未启用") || !strings.Contains(got, "/bind") {
		t.Errorf("unserved /help: %s", got)
	}
	if e.reportCount(t, 2) != 0 {
		t.Error("a report was recorded in an unserved group")
	}
	// A stranger's private chat is closed; it opens once they wrote in a
	// served group.
	if got := in(strangerID, strangerID, "/due"); !strings.Contains(got, "你还不能在私聊中查询") {
		t.Errorf("stranger private /due: %s", got)
	}
	if got := in(strangerID, strangerID, "今天天气不错"); !strings.Contains(got, "没听懂") {
		t.Errorf("private chatter: %s", got)
	}
	in(servedGroup, strangerID, "收到")
	if got := in(strangerID, strangerID, "/due"); len(numbers(got)) != 2 {
		t.Errorf("private /due after the group: %s", got)
	}
	// Admins may use a private chat at once.
	if got := in(adminID, adminID, "逾期"); !strings.Contains(got, "#3") {
		t.Errorf("admin private: %s", got)
	}
	// /bind by a group admin is refused; by a plan admin it serves the
	// group; /unbind stops it.
	if got := in(unservedGroup, groupAdminID, "/bind"); !strings.Contains(got, "只有计划管理员可以在群里启用督办") {
		t.Errorf("/bind by a group admin: %s", got)
	}
	if got := in(unservedGroup, adminID, "/bind"); !strings.Contains(got, "本群已启用督办") {
		t.Errorf("/bind: %s", got)
	}
	if got := in(unservedGroup, memberID, "本周到期的任务有哪些"); len(numbers(got)) != 2 {
		t.Errorf("bound group: %s", got)
	}
	if got := in(unservedGroup, groupAdminID, "/unbind"); !strings.Contains(got, "只有计划管理员可以停用") {
		t.Errorf("/unbind by a group admin: %s", got)
	}
	if got := in(unservedGroup, adminID, "/unbind"); !strings.Contains(got, "已停用") {
		t.Errorf("/unbind: %s", got)
	}
	if got := in(unservedGroup, memberID, "逾期"); got != "" {
		t.Errorf("unbound group answered: %s", got)
	}
	if got := in(servedGroup, adminID, "/unbind"); !strings.Contains(got, "access.chats") {
		t.Errorf("/unbind of a configured group: %s", got)
	}
	if got := in(adminID, adminID, "/bind"); !strings.Contains(got, "请在要启用的工作群里") {
		t.Errorf("private /bind: %s", got)
	}
}

// panicStore fails in the middle of a command.
type panicStore struct{ Store }

func (panicStore) OverdueItems(context.Context, duban.Date, int) ([]duban.Item, int, error) {
	panic("boom")
}

func (panicStore) DueItems(context.Context, duban.Date, duban.Date, int) ([]duban.Item, int, error) {
	return nil, 0, errors.New("disk on fire")
}

func TestFailuresAreApologies(t *testing.T) {
	e := newTestEnv(t, "zh")
	d := e.h.d
	d.Store = panicStore{e.st}
	h := New(d)
	for _, text := range []string{"/overdue", "/due"} {
		h.Handle(context.Background(), e.msg(servedGroup, memberID, text))
		out := e.out.take()
		if len(out) != 1 || !strings.Contains(out[0].Text, "抱歉") || strings.Contains(out[0].Text, "fire") {
			t.Errorf("%s: %+v", text, out)
		}
	}
}
