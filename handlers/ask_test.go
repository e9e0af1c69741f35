package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// checkReply checks a reply: there is one, it names the items nums in
// order (nil: any), it says every has and none of hasNot.
func checkReply(t *testing.T, got string, nums, has, hasNot []string) {
	t.Helper()
	if got == "" {
		t.Fatal("no reply")
	}
	if nums != nil && !slices.Equal(numbers(got), nums) {
		t.Errorf("items = %v, want %v in:\n%s", numbers(got), nums, got)
	}
	for _, s := range has {
		if !strings.Contains(got, s) {
			t.Errorf("reply lacks %q:\n%s", s, got)
		}
	}
	for _, s := range hasNot {
		if strings.Contains(got, s) {
			t.Errorf("reply has %q:\n%s", s, got)
		}
	}
}

// TestQuestionsAreNotReports: what the issue saw recorded as progress is
// answered from the item, and the item is left as it was.
func TestQuestionsAreNotReports(t *testing.T) {
	tests := []struct {
		text   string
		has    []string
		hasNot []string
	}{
		{"#4是谁负责的", []string{"#4 完成营养餐供餐招标", "牵头单位：督导室", "状态：未开始"}, []string{"已记录"}},
		{"4号任务谁牵头", []string{"牵头单位：督导室"}, nil},
		{"#4 什么时候到期", []string{"时限：12月2日 还剩7天"}, []string{"12月2日（12月2日前）"}},
		{"#4 目标是什么", []string{"目标：覆盖率100%"}, nil},
		{"#4 需要报什么材料", []string{"没有单列报送材料的要求", "目标：覆盖率100%", "#4 做了什么"}, nil},
		{"#3 配合单位有哪些", []string{"配合单位：督导室、各学校", "牵头单位：计划财务科"}, nil},
		{"第4项是谁负责的", []string{"牵头单位：督导室"}, nil},
		{"#4 进展如何", []string{"尚无进展报送", "目标：覆盖率100%"}, nil},
		{"/item 4 谁负责", []string{"牵头单位：督导室"}, []string{"尚无进展"}},
		{"#4 完成了吗？", []string{"#4", "状态：未开始"}, nil},
	}
	e := newTestEnv(t, "zh")
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			checkReply(t, e.group(t, tt.text), nil, tt.has, tt.hasNot)
		})
	}
	for _, n := range []int{3, 4} {
		if it := e.item(t, n); e.reportCount(t, n) != 0 || it.Status != duban.StatusTodo || !it.LastReportAt.IsZero() {
			t.Errorf("questions changed #%d: %d reports, %s, last report %v", n, e.reportCount(t, n), it.Status, it.LastReportAt)
		}
	}
	// "收到" after an item number does nothing at all.
	for _, text := range []string{"#4 收到", "#4 好的，马上落实", "第4项 收到"} {
		if got := e.group(t, text); got != "" || e.reportCount(t, 4) != 0 {
			t.Errorf("%q answered %q, %d reports", text, got, e.reportCount(t, 4))
		}
	}
	// Also in a private chat.
	if got := e.say(t, e.msg(adminID, adminID, "#4 收到")); len(got) != 0 {
		t.Errorf("private 收到 answered: %q", got)
	}
}

// TestItemReferences: every way of naming an item works in questions,
// reports and closings.
func TestItemReferences(t *testing.T) {
	tests := []struct {
		text    string
		item    int
		has     string
		status  duban.Status
		percent int
	}{
		{"第3项是谁负责的", 3, "牵头单位：计划财务科", duban.StatusTodo, 0},
		{"五号任务谁牵头", 5, "教师队伍", duban.StatusTodo, 0}, // a section: its tasks are shown
		{"任务6 由谁负责", 6, "牵头单位：教师发展中心", duban.StatusTodo, 0},
		{"第六项进度80%", 6, "#6 进度更新为80%", duban.StatusDoing, 80},
		{"第2条 已排查8所学校", 2, "已记录 #2 的进展", duban.StatusDoing, 0},
		{"2号任务进度40%", 2, "#2 进度更新为40%", duban.StatusDoing, 40},
		{"七号任务完成了", 7, "已销号：#7", duban.StatusDone, 100},
		{"第3项已经全部完成", 3, "已销号：#3", duban.StatusDone, 100},
		{"9号进度50%", 9, "#9 进度更新为50%", duban.StatusDoing, 50},
		{"/done 第四项 招标完成", 4, "已销号：#4", duban.StatusDone, 100},
	}
	e := newTestEnv(t, "zh")
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := e.group(t, tt.text)
			if !strings.Contains(got, tt.has) {
				t.Errorf("reply lacks %q:\n%s", tt.has, got)
			}
			if it := e.item(t, tt.item); it.Status != tt.status || it.Percent != tt.percent {
				t.Errorf("#%d is %s %d%%, want %s %d%%", tt.item, it.Status, it.Percent, tt.status, tt.percent)
			}
		})
	}
	// "12号开会" and "5号下午开会" are about dates.
	for _, text := range []string{"12号开会", "6号下午开会", "6号要交吗"} {
		if got := e.group(t, text); got != "" {
			t.Errorf("%q answered:\n%s", text, got)
		}
	}
}

// TestPercentEdges: a percent outside 0–100 is refused with a clear reply
// and nothing is recorded.
func TestPercentEdges(t *testing.T) {
	tests := []struct {
		text    string
		refused bool
		percent int
		status  duban.Status
	}{
		{"#2 进度150%", true, 0, duban.StatusTodo},
		{"#2 进度-10%", true, 0, duban.StatusTodo},
		{"#2 进度：－5%", true, 0, duban.StatusTodo},
		{"#2 进度百分之一百二十", true, 0, duban.StatusTodo},
		{"#2 进度1000%", true, 0, duban.StatusTodo},
		{"#2 完成120%", true, 0, duban.StatusTodo},
		{"#2 进度0%", false, 0, duban.StatusDoing},
		{"#2 参训人数同比增长120%，进度30%", false, 30, duban.StatusDoing},
		{"#2 进度为20%，各校完成10-15%不等", false, 20, duban.StatusDoing},
		{"#2 进度100%", false, 100, duban.StatusDone},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			e := newTestEnv(t, "zh")
			got := e.group(t, tt.text)
			if refused := strings.Contains(got, "进度要在0%到100%之间") && strings.Contains(got, "这条进展没有记录"); refused != tt.refused {
				t.Errorf("refused = %v:\n%s", refused, got)
			}
			n := e.reportCount(t, 2)
			if tt.refused && n != 0 || !tt.refused && n != 1 {
				t.Errorf("%d reports", n)
			}
			if it := e.item(t, 2); it.Percent != tt.percent || it.Status != tt.status {
				t.Errorf("#2 is %s %d%%, want %s %d%%", it.Status, it.Percent, tt.status, tt.percent)
			}
		})
	}
	e := newTestEnv(t, "en")
	if got := e.group(t, "#2 进度150%"); !strings.Contains(got, "between 0% and 100%") || !strings.Contains(got, "“150%”") {
		t.Errorf("English refusal: %s", got)
	}
}

// TestNotStarted: words that say work has not started are kept as a note
// and do not start the item.
func TestNotStarted(t *testing.T) {
	e := newTestEnv(t, "zh")
	for _, text := range []string{"#2 还没开始", "/progress 2 尚未启动，等上级文件", "#2 目前尚未开展，进度0%"} {
		got := e.group(t, text)
		if !strings.Contains(got, "已记录 #2 的情况（尚未开始），状态仍为“未开始”") {
			t.Errorf("%q: %s", text, got)
		}
	}
	if it := e.item(t, 2); it.Status != duban.StatusTodo || it.Percent != 0 || it.LastReportAt.IsZero() {
		t.Errorf("#2 after notes: %s %d%%, last report %v", it.Status, it.Percent, it.LastReportAt)
	}
	if n := e.reportCount(t, 2); n != 3 {
		t.Errorf("%d notes kept, want 3", n)
	}
	// On an item under way a note leaves it under way.
	e.group(t, "#4 已完成招标文件编制，进度30%")
	if got := e.group(t, "#4 合同签订还没开始"); !strings.Contains(got, "状态仍为“进行中”") {
		t.Errorf("note on #4: %s", got)
	}
	if it := e.item(t, 4); it.Status != duban.StatusDoing || it.Percent != 30 {
		t.Errorf("#4 after a note: %s %d%%", it.Status, it.Percent)
	}
}

// TestUnsureIsAsked: what is neither clearly a question nor a report is
// asked about; only its author (or a plan admin) answers, and only "记为"
// records it, once.
func TestUnsureIsAsked(t *testing.T) {
	e := newTestEnv(t, "zh")
	out := e.send(t, e.msg(servedGroup, memberID, "#2 下周召开部署会"))
	if len(out) != 1 || len(out[0].Buttons) != 1 || len(out[0].Buttons[0]) != 2 {
		t.Fatalf("no question with two buttons: %+v", out)
	}
	if text := plain(out[0].Text); !strings.Contains(text, "要把这条消息记为 #2 开展校园安全隐患排查 的进展吗") ||
		!strings.Contains(text, "下周召开部署会") {
		t.Errorf("question: %s", text)
	}
	yes, no := out[0].Buttons[0][0], out[0].Buttons[0][1]
	if yes.Text != "记为 #2 的进展" || no.Text != "不用" {
		t.Errorf("buttons %q %q", yes.Text, no.Text)
	}
	if e.reportCount(t, 2) != 0 {
		t.Fatal("recorded before anyone answered")
	}
	if got := e.press(t, 900, yes.Data); !strings.Contains(got, "只有发消息的张三或计划管理员可以选择") || e.reportCount(t, 2) != 0 {
		t.Errorf("someone else's press: %q", got)
	}
	if got := e.press(t, memberID, yes.Data); !strings.Contains(got, "已记录 #2 的进展") {
		t.Errorf("author's press: %q", got)
	}
	ps, _ := e.st.Reports(context.Background(), 2, 0)
	if len(ps) != 1 || ps[0].Text != "下周召开部署会" || ps[0].UserID != memberID {
		t.Errorf("recorded %+v", ps)
	}
	if got := e.press(t, memberID, yes.Data); !strings.Contains(got, "按钮已失效") || e.reportCount(t, 2) != 1 {
		t.Errorf("second press: %q", got)
	}
	// 不用 records nothing.
	out = e.send(t, e.msg(servedGroup, memberID, "#4 张老师负责"))
	if len(out) != 1 || len(out[0].Buttons) == 0 {
		t.Fatalf("no question: %+v", out)
	}
	if got := e.press(t, memberID, out[0].Buttons[0][1].Data); !strings.Contains(got, "没有记录") || e.reportCount(t, 4) != 0 {
		t.Errorf("不用: %q", got)
	}
	// The buttons last half an hour.
	out = e.send(t, e.msg(servedGroup, memberID, "#7 跟教研室商量一下"))
	if len(out) != 1 || len(out[0].Buttons) == 0 {
		t.Fatalf("no question: %+v", out)
	}
	e.at(testNow.Add(pendingTTL + time.Minute))
	if got := e.press(t, memberID, out[0].Buttons[0][0].Data); !strings.Contains(got, "按钮已失效") || e.reportCount(t, 7) != 0 {
		t.Errorf("a late press: %q", got)
	}
	// A reply to the bot that is neither is asked about too.
	m := e.msg(servedGroup, memberID, "下周召开部署会")
	m.ReplyTo = &duban.Reply{MessageID: 99, FromBot: true, Text: "⏰ #6 组织新教师岗前培训"}
	if out := e.send(t, m); len(out) != 1 || len(out[0].Buttons) == 0 || e.reportCount(t, 6) != 0 {
		t.Errorf("reply to the bot: %+v", out)
	}
}

// TestReplyToBotQuestion: a question in reply to a reminder is answered,
// not recorded.
func TestReplyToBotQuestion(t *testing.T) {
	e := newTestEnv(t, "zh")
	m := e.msg(servedGroup, memberID, "这个是谁负责的？")
	m.ReplyTo = &duban.Reply{MessageID: 99, FromBot: true, Text: "⏰ #4 完成营养餐供餐招标 还剩7天"}
	got := strings.Join(e.say(t, m), "\n")
	if !strings.Contains(got, "牵头单位：督导室") || e.reportCount(t, 4) != 0 {
		t.Errorf("question in reply: %q, %d reports", got, e.reportCount(t, 4))
	}
}

// TestPlainQuestions: topics without 查/搜索, counts and rates, short unit
// names and partner units.
func TestPlainQuestions(t *testing.T) {
	e := newTestEnv(t, "zh")
	drill := duban.Item{PlanID: 1, ParentNumber: 1, Title: "组织学校消防应急疏散演练", Owner: "安全稳定科",
		Partners: []string{"县消防大队", "县交警大队"}, Deadline: date("2026-12-24"), DeadlineText: "12月24日前"}
	if err := e.st.CreateItem(context.Background(), &drill); err != nil {
		t.Fatal(err)
	}
	e.group(t, "#4 已完成招标文件编制，进度30%")
	tests := []struct {
		text   string
		nums   []string // the #N of the reply, in order; nil = don't care
		has    []string
		hasNot []string
	}{
		{"消防演练谁牵头", nil, []string{"与“消防演练”最相关的事项", "#10 组织学校消防应急疏散演练（安全稳定科）", "牵头单位：安全稳定科", "配合单位：县消防大队、县交警大队"}, nil},
		{"谁负责消防演练", nil, []string{"与“消防演练”最相关的事项", "#10 组织学校消防应急疏散演练（安全稳定科）", "牵头单位：安全稳定科"}, nil},
		{"请问哪个科室牵头营养餐招标的工作？", nil, []string{"与“营养餐招标”最相关的事项", "#4 完成营养餐供餐招标（督导室）", "牵头单位：督导室"}, nil},
		{"营养餐的任务进展到哪了", []string{"4"}, []string{"#4 完成营养餐供餐招标（督导室）", "进行中 30%", "最新进展：11月25日 10:00 张三：已完成招标文件编制，进度30%"}, nil},
		{"请问营养餐招标什么时候到期", nil, []string{"时限：12月2日 还剩7天"}, nil},
		{"资助的任务", nil, []string{"#3 落实学生资助政策"}, nil},
		{"还有多少任务没完成", nil, []string{"还有7项任务未完成（其中逾期1项）", "完成率12%"}, nil},
		{"今年的计划一共多少项", nil, []string{"计划共有8项任务", "已完成1项，未完成7项"}, nil},
		{"完成率多少", nil, []string{"完成率12%（已完成1项 / 共8项）"}, nil},
		{"/count", nil, []string{"计划共有8项任务"}, nil},
		{"督导的任务", []string{"7", "4", "9", "3"}, []string{"督导的未完成任务", "匹配的单位：督导室、督导组", "督导室配合的未完成任务"}, nil},
		{"县交警大队配合哪些任务", []string{"10"}, []string{"县交警大队配合的未完成任务（共1项", "#10 组织学校消防应急疏散演练（安全稳定科）"}, []string{"没有找到"}},
		{"/owner 县交警大队", []string{"10"}, []string{"县交警大队配合的未完成任务"}, []string{"没有找到单位"}},
		{"/owner 交警", []string{"10"}, []string{"县交警大队配合的未完成任务"}, nil},
		{"下下周到期的任务", nil, []string{"下下周（12月7日—12月13日）"}, []string{"下周（11月30日"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			checkReply(t, e.group(t, tt.text), tt.nums, tt.has, tt.hasNot)
		})
	}
	// Topics nobody planned, in chatter, get nothing.
	for _, text := range []string{"晚饭吃什么", "食堂的饭怎么样", "宇宙飞船谁负责", "谁负责宇宙飞船", "谁负责今天的值班", "谁负责", "报名表什么时候交", "还有多少"} {
		if got := e.group(t, text); got != "" {
			t.Errorf("chatter %q answered:\n%s", text, got)
		}
	}
}
