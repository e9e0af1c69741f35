package handlers

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAsk checks what a member of a served group reads for each way of
// asking: the item numbers in the reply, in order, and some words.
func TestAsk(t *testing.T) {
	tests := []struct {
		text   string
		nums   []string // the #N of the reply, in order; nil = don't care
		has    []string
		hasNot []string
	}{
		{"/due", []string{"2", "7"}, []string{"未来7天", "安全稳定科", "督导室", "另有1项已逾期", "/overdue"}, []string{"营养餐"}},
		{"/due@duban_bot", []string{"2", "7"}, nil, nil},
		{"/due 本周", []string{"2", "7"}, []string{"本周（11月25日—11月29日）"}, nil},
		{"/due 下周", []string{"4"}, []string{"下周（11月30日—12月6日）"}, nil},
		{"/due 本月", []string{"2", "7"}, []string{"11月30日"}, nil},
		{"/due 30", []string{"2", "7", "4"}, []string{"未来30天"}, nil},
		{"/due 今天", nil, []string{"没有到期的任务"}, nil},
		{"/due 12月", []string{"4", "6"}, []string{"12月（12月1日—12月31日）"}, nil},
		{"/due 11月", []string{"2", "7"}, []string{"11月（11月25日—11月30日）"}, nil},
		{"12月到期的任务", []string{"4", "6"}, nil, nil},
		{"督导室还有哪些没完成", []string{"7", "4", "3"}, nil, nil},
		{"麻烦看下 /due 下周", []string{"4"}, nil, nil},
		{"@duban_bot /overdue", []string{"3"}, []string{"逾期5天", "计划财务科"}, nil},
		{"/overdue", []string{"3"}, []string{"逾期未完成的任务（共1项）"}, []string{"完成年度考核"}},
		{"本周到期的任务有哪些", []string{"2", "7"}, []string{"本周"}, nil},
		{"这周有什么到期", []string{"2", "7"}, nil, nil},
		{"下周有什么要完成", []string{"4"}, nil, nil},
		{"本月到期", []string{"2", "7"}, nil, nil},
		{"最近7天到期", []string{"2", "7"}, nil, nil},
		{"最近十天有哪些任务到期？", []string{"2", "7", "4"}, nil, nil},
		{"逾期", []string{"3"}, nil, nil},
		{"有哪些逾期了", []string{"3"}, nil, nil},
		{"/item 3", []string{"3", "1"}, []string{"落实学生资助政策", "计划财务科", "督导室、各学校", "11月20日", "逾期5天", "尚无进展"}, nil},
		{"/item #3", []string{"3", "1"}, nil, nil},
		{"/item 1", []string{"1", "2", "3", "4"}, []string{"校园安全", "未完成3项", "逾期1项"}, nil},
		{"#3进展如何", []string{"3", "1"}, nil, nil},
		{"3号任务怎么样了", []string{"3", "1"}, nil, nil},
		{"/owner 督导室", []string{"7", "4", "3"}, []string{"督导室的未完成任务（共2项）", "督导室配合的未完成任务（共1项", "#3 落实学生资助政策（计划财务科）"}, nil},
		{"/owner 督导", []string{"7", "4", "9", "3"}, []string{"督导室", "督导组"}, nil},
		{"/owner 宣传科", nil, []string{"没有找到单位“宣传科”", "督导室"}, nil},
		{"督导室的任务", []string{"7", "4", "3"}, nil, nil},
		{"督导室有哪些事项", []string{"7", "4", "3"}, nil, nil},
		{"/search 营养餐", []string{"4"}, []string{"完成营养餐供餐招标"}, nil},
		{"搜索 营养餐", []string{"4"}, nil, nil},
		{"查一下资助", []string{"3"}, nil, nil},
		{"/search 宇宙飞船", nil, []string{"没有找到"}, nil},
		{"/plan", []string{"1", "5"}, []string{"2026年教育工作要点", "校园安全", "完成0 / 未完成3", "逾期1"}, nil},
		{"整体进度", []string{"1", "5"}, nil, nil},
		{"/help", nil, []string{"/due", "/overdue", "/item", "本周到期的任务有哪些", "/add"}, []string{"尚未启用"}},
		{"/start", nil, []string{"督办助手"}, nil},
		{"帮助", nil, []string{"/due"}, nil},
		{"@duban_bot", nil, []string{"没听懂"}, nil},
		{"@duban_bot 你好呀", nil, []string{"没听懂"}, nil},
		{"/nosuchcommand@duban_bot", nil, []string{"没有 /nosuchcommand 这个命令"}, nil},
	}
	e := newTestEnv(t, "zh")
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			checkReply(t, e.group(t, tt.text), tt.nums, tt.has, tt.hasNot)
		})
	}
}

// TestChatterGetsNothing: in a group, text that is not for the bot gets no
// reply.
func TestChatterGetsNothing(t *testing.T) {
	e := newTestEnv(t, "zh")
	for _, text := range []string{
		"今天开会吗", "收到", "好的👍", "我3点完成", "12号开会", "第3点已经在做了吗？明天再说", "这周五完成了吗",
		"下周完成材料报送", "已完成，谢谢大家", "材料100%交齐了", "逾期的话要扣分吗", "/due@otherbot", "/foo",
		"督导室的老师明天来", "查一下明天天气", "宣传科的任务", "@zhangsan 本周到期的有哪些", "",
	} {
		t.Run(text, func(t *testing.T) {
			if got := e.group(t, text); got != "" {
				t.Errorf("reply to chatter %q:\n%s", text, got)
			}
		})
	}
}

// TestEnglish: with language en the same questions are answered in English.
func TestEnglish(t *testing.T) {
	e := newTestEnv(t, "en")
	tests := []struct {
		text string
		nums []string
		has  []string
	}{
		{"/due", []string{"2", "7"}, []string{"Due in the next 7 days", "1 more task is overdue"}},
		{"/due week", []string{"2", "7"}, []string{"this week"}},
		{"/overdue", []string{"3"}, []string{"Overdue tasks", "5 days overdue"}},
		{"/item 3", []string{"3", "1"}, []string{"Lead unit: 计划财务科", "No progress reported yet"}},
		{"本周到期的任务有哪些", []string{"2", "7"}, []string{"this week"}},
		{"/item abc", nil, []string{"is not an item number"}},
		{"/help", nil, []string{"Commands", "/due"}},
		{"#4是谁负责的", []string{"4"}, []string{"Lead unit: 督导室", "Status: not started · Dec 2 7 days left"}},
		{"#4 需要报什么材料", []string{"4", "4"}, []string{"The plan lists no particular materials", "Target: 覆盖率100%"}},
		{"完成率多少", nil, []string{"14% done (1 of 7 tasks)", "Cancelled tasks are not counted"}},
		{"/undo", nil, []string{"You made no report in the last 10 minutes"}},
		{"/owner 督导室", []string{"7", "4", "3"}, []string{"Open tasks of 督导室 (2)", "Open tasks 督导室 supports as a partner (1; lead unit in brackets)"}},
		{"#2 进度150%", nil, []string{"A percent must be between 0% and 100%: “150%” cannot be recorded"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := e.group(t, tt.text)
			if tt.nums != nil && !slices.Equal(numbers(got), tt.nums) {
				t.Errorf("items = %v, want %v in:\n%s", numbers(got), tt.nums, got)
			}
			for _, s := range tt.has {
				if !strings.Contains(got, s) {
					t.Errorf("reply lacks %q:\n%s", s, got)
				}
			}
			if ui := []string{"未开始", "进行中", "逾期", "还剩", "命令"}; tt.text != "/help" && slices.ContainsFunc(ui, func(w string) bool { return strings.Contains(got, w) }) {
				t.Errorf("Chinese words in an English reply:\n%s", got)
			}
		})
	}
}

// A month named alone late in the year is the one just past, in full, not
// next year's; one further back is the coming one.
func TestDueInAMonthJustPast(t *testing.T) {
	e := newTestEnv(t, "zh")
	december := time.Date(2026, 12, 5, 10, 0, 0, 0, shanghai())
	d := e.h.d
	d.Now = func() time.Time { return december }
	e.h = New(d)
	got := e.group(t, "11月份到期的任务")
	if n := numbers(got); !slices.Equal(n, []string{"3", "2", "7"}) || !strings.Contains(got, "11月1日—11月30日") {
		t.Errorf("11月份 in December: %v\n%s", n, got)
	}
	if got := e.group(t, "/due 1月"); !strings.Contains(got, "2027年1月1日") {
		t.Errorf("1月 in December: %s", got)
	}
}

// A unit's tasks due in a period, asked in words or with /due: only that
// unit's, the overdue note counting its own; "我们科" is the sender's unit.
func TestDueOfAUnit(t *testing.T) {
	e := newTestEnv(t, "zh")
	for _, tt := range []struct {
		text   string
		nums   []string
		has    []string
		hasNot []string
	}{
		{"督导室本月有什么要完成的", []string{"7"}, []string{"督导室 本月"}, []string{"安全稳定科", "已逾期"}},
		{"/due 30 督导室", []string{"7", "4"}, []string{"督导室 未来30天"}, nil},
		{"/due 督导室", []string{"7"}, []string{"督导室 未来7天"}, nil},
		{"安全稳定科这周有什么要完成的", nil, []string{"安全稳定科 本周"}, []string{"督导室"}},
		{"/due 本月 宇宙科", nil, []string{"没有找到牵头单位“宇宙科”"}, nil},
	} {
		t.Run(tt.text, func(t *testing.T) {
			checkReply(t, e.group(t, tt.text), tt.nums, tt.has, tt.hasNot)
		})
	}
	e.group(t, "/iam 督导室")
	if got := e.group(t, "我们科还有哪些没完成"); !strings.Contains(got, "我的任务（督导室）") {
		t.Errorf("我们科: %s", got)
	}
}
