package handlers

import (
	"strings"
	"testing"
)

const testBot = "duban_bot"

func TestParse(t *testing.T) {
	tests := []struct {
		text      string
		command   string
		args      string
		tentative bool
	}{
		// Commands, anywhere in the text, bare or addressed to us.
		{"/due", "due", "", false},
		{"/due 本周", "due", "本周", false},
		{"/due@duban_bot 下周", "due", "下周", false},
		{"/DUE@Duban_Bot", "due", "", false},
		{"麻烦看下 /due 本周", "due", "本周", false},
		{"@duban_bot /overdue", "overdue", "", false},
		{"/item 12", "item", "12", false},
		{"/item abc", "item", "abc", false},
		{"/progress 12 已完成招标，进度60%", "progress", "12 已完成招标，进度60%", false},
		{"／due", "due", "", false},
		{"/s 营养餐", "search", "营养餐", false},
		// Plain Chinese: asking for more time.
		{"11号任务延期到1月底", "extend", "11 1月底", false},
		{"#11 申请延期至12月20日前，原因是供应商变更", "extend", "11 12月20日前 供应商变更", false},
		{"#12 需要推迟到12月25日前完成，因为机构数量增加", "extend", "12 12月25日前 机构数量增加", false},
		{"第3项完成时限申请延期到明年3月底", "extend", "3 明年3月底", false},
		{"#13 申请延期", "extend", "13", false},
		{"#13 延期召开推进会", "progress", "13 延期召开推进会", true},
		// The ledger and the briefing in words.
		{"导出台账", "export", "", false},
		{"麻烦给我发一下最新的台账", "export", "", false},
		{"本月通报", "briefing", "", false},
		{"上个月的月度通报", "briefing", "上月", false},
		{"发一下10月份的通报", "briefing", "10月", false},
		{"通报一下", "", "", false},
		{"台账里的数据对不对", "", "", false},
		// A reviewer's decision in words.
		{"#7 同意销号", "approve", "7", false},
		{"#7 退回，原因是缺少佐证材料", "return", "7 缺少佐证材料", false},
		{"#7 驳回：验收报告未盖章", "return", "7 验收报告未盖章", false},
		{"#7 同意销号后请归档", "progress", "7 同意销号后请归档", true},
		// What was reported in a period.
		{"本周进展", "summary", "本周", false},
		{"最近一周各单位报了哪些进展", "summary", "本周", false},
		{"上月的报送情况", "summary", "上月", false},
		{"11月份工作进展", "summary", "11月份", false},
		{"进展", "", "", false},
		// A unit's tasks due.
		{"安全稳定科这周有什么要完成的", "due", "本周 安全稳定科", false},
		{"督导室本月要完成哪些", "due", "本月 督导室", false},
		{"我们科还有哪些没完成", "mine", "", false},
		// Several items in one message.
		{"本周：#3 推进中；#4 已完成", "reports", "本周：#3 推进中；#4 已完成", false},
		// Plain Chinese: due.
		{"本周到期的任务有哪些", "due", "本周", false},
		{"本周到期的任务有哪些？", "due", "本周", false},
		{"这周有什么到期", "due", "本周", false},
		{"这周有什么到期的", "due", "本周", false},
		{"下周有什么要完成", "due", "下周", false},
		{"下周有哪些任务到期", "due", "下周", false},
		{"本月到期", "due", "本月", false},
		{"这个月有哪些事项要完成", "due", "本月", false},
		{"最近7天到期", "due", "7", false},
		{"未来十天有什么到期的", "due", "10", false},
		{"两周内到期的任务", "due", "14", false},
		{"快到期的任务", "due", "", false},
		{"今天到期的有哪些", "due", "今天", false},
		{"请问本周有哪些任务到期？", "due", "本周", false},
		{"@duban_bot 本周到期", "due", "本周", false},
		{"本周有哪些任务要到期", "due", "本周", false},
		{"下周截止的有哪些", "due", "下周", false},
		{"最近一周有什么到期的", "due", "7", false},
		{"近三天到期的", "due", "3", false},
		{"12月到期的任务", "due", "12月", false},
		{"十二月份有哪些事项到期", "due", "12月", false},
		{"本周到期？🙏", "due", "本周", false},
		// Overdue.
		{"逾期", "overdue", "", false},
		{"有哪些逾期了", "overdue", "", false},
		{"哪些任务逾期了？", "overdue", "", false},
		{"逾期未完成的事项有哪些", "overdue", "", false},
		{"超期的任务", "overdue", "", false},
		{"有没有逾期的", "overdue", "", false},
		{"逾期事项清单", "overdue", "", false},
		// Owner.
		{"督导室的任务", "owner", "督导室", true},
		{"督导室有哪些事项", "owner", "督导室", true},
		{"查一下基础教育科负责的工作", "owner", "基础教育科", true},
		{"各中小学的任务有哪些", "owner", "各中小学", true},
		{"教师发展中心有什么任务", "owner", "教师发展中心", true},
		{"教研室负责哪些工作", "owner", "教研室", true},
		{"督导室还有哪些没完成", "owner", "督导室", true},
		// Items and reports.
		{"#12进展如何", "item", "12", false},
		{"#12 进展如何？", "item", "12", false},
		{"＃１２进展如何", "item", "12", false},
		{"12号任务怎么样了", "item", "12", false},
		{"第12项进展怎么样", "item", "12", false},
		{"#12", "item", "12", false},
		{"#12 完成了吗", "item", "12", false},
		{"任务5进展如何", "item", "5", false},
		{"事项12的情况", "item", "12", false},
		{"第5项任务进展", "item", "5", false},
		{"5号任务进展", "item", "5", false},
		{"#12 已完成招标,进度60%", "progress", "12 已完成招标,进度60%", false},
		{"#12 百分之八十", "progress", "12 百分之八十", false},
		{"#12：已下发通知", "progress", "12 已下发通知", false},
		{"#12 完成了", "progress", "12 完成了", false},
		// Search.
		{"搜索 营养餐", "search", "营养餐", false},
		{"搜索营养餐", "search", "营养餐", false},
		{"查一下营养餐", "search", "营养餐", true},
		{"帮我查一下校园安全", "search", "校园安全", true},
		{"营养餐相关的事项", "search", "营养餐", true},
		{"关于资助的任务有哪些", "search", "资助", true},
		{"请帮我搜索一下食堂", "search", "食堂", false},
		{"关于校园安全的事项", "search", "校园安全", true},
		// Plan and help.
		{"整体进度", "plan", "", false},
		{"总体完成情况怎么样", "plan", "", false},
		{"目前总体进展如何", "plan", "", false},
		{"有什么功能", "help", "", false},
		{"搜一下营养餐", "search", "营养餐", false},
		{"帮助", "help", "", false},
		{"你能做什么", "help", "", false},
		// Chatter: nothing.
		{"今天开会吗", "", "", false},
		{"收到", "", "", false},
		{"好的👍", "", "", false},
		{"我3点完成", "", "", false},
		{"12号开会", "", "", false},
		{"这周五完成了吗", "", "", false},
		{"下周完成材料报送", "", "", false},
		{"已完成，谢谢大家", "", "", false},
		{"牛奶过期了", "", "", false},
		{"今天的任务完成了100%", "", "", false},
		{"明天10点在三楼会议室开会，请各科室负责人参加", "", "", false},
		{"文件在 /home/docs 下", "", "", false},
		{"http://example.com/due", "", "", false},
		{"情况说明", "", "", false},
		{"12月3日到期", "due", "12月3日", false},
		{"12月底前要完成哪些", "due", "12月底前", false},
		{"本月还有哪些任务没完成", "due", "本月", false},
		{"近期有什么任务", "due", "", false},
		{"本周的", "", "", false},
		{"材料12月3日到期", "", "", false},
		{"下周三前要完成的", "due", "下周三前", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := Parse(tt.text, testBot)
			if in.Command != tt.command || in.Args != tt.args || in.Tentative != tt.tentative {
				t.Errorf("Parse(%q) = %q %q tentative=%v, want %q %q tentative=%v", tt.text, in.Command, in.Args, in.Tentative, tt.command, tt.args, tt.tentative)
			}
		})
	}
}

func TestParseAddressing(t *testing.T) {
	tests := []struct {
		text                   string
		forBot, other, mention bool
		unknown                string
	}{
		{"/due@otherbot", false, true, false, ""},
		{"/start@otherbot 本周", false, true, false, ""},
		{"@duban_bot", true, false, true, ""},
		{"@duban_bot 你好呀", true, false, true, ""},
		{"@duban_botx 本周到期", false, false, false, ""}, // addressed to someone else
		{"/foo", true, false, false, "foo"},
		{"/foo@duban_bot", true, false, true, "foo"},
		{"看看 /foo", false, false, false, ""},
		{"今天开会吗", false, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := Parse(tt.text, testBot)
			if in.ForBot() != tt.forBot || in.Other != tt.other || in.Mention != tt.mention || in.Unknown != tt.unknown {
				t.Errorf("Parse(%q) = %+v", tt.text, in)
			}
		})
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		text string
		want int
		ok   bool
	}{
		{"进度60%", 60, true},
		{"进度60％", 60, true},
		{"百分之六十", 60, true},
		{"百分之八十五", 85, true},
		{"完成百分之百", 100, true},
		{"百分之一百", 100, true},
		{"百分之5", 5, true},
		{"从30%提高到60%", 60, true},
		{"进度60%，覆盖率达95%", 60, true},
		{"进度：45", 45, true},
		{"进度达到3所学校", 0, false},
		{"完成3所学校改造", 0, false},
		{"#12 已完成招标", 0, false},
		{"62.5%", 62, true},
		{"150%", 0, false},
		{"1000%", 0, false},
		// Tenths and halves.
		{"目前进度大概七成", 70, true},
		{"达到九成以上", 90, true},
		{"完成了一半", 50, true},
		{"进度过半", 50, true},
		{"七成学校已完成", 0, false},
		{"一半的学校已上报", 0, false},
		{"成立工作专班", 0, false},
		// A rate the work measures is not its progress; 完成率 is.
		{"整改率100%", 0, false},
		{"排查覆盖率100%，整改率95%", 0, false},
		{"占全县学校的60%", 0, false},
		{"完成40%，覆盖率100%", 40, true},
		{"完成率90%", 90, true},
		{"覆盖率达到100%，进度80%", 80, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := ParsePercent(tt.text)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParsePercent(%q) = %d, %v; want %d, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseLongAndInvalid(t *testing.T) {
	long := strings.Repeat("本周到期", 2000)
	if in := Parse(long, testBot); in.Command != "" {
		t.Errorf("long chatter parsed as %+v", in)
	}
	if in := Parse("/item \xff\xfe12", testBot); in.Command != "item" {
		t.Errorf("invalid UTF-8 command: %+v", in)
	}
	if in := Parse("#3 "+strings.Repeat("很", 5000), testBot); in.Command != "progress" {
		t.Errorf("long report: %+v", in.Command)
	}
}
