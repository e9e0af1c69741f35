package handlers

import "strings"

// --- topic: 消防演练谁牵头 · 营养餐的任务进展到哪了 · 课后服务什么时候到期 ---

// maxShortName and maxTopic bound the names and topics the rules take from
// plain words ("督导", "营养餐招标"): longer runs are sentences.
const (
	maxShortName = 8
	maxTopic     = 12
)

// notNames are words that make a run of characters chatter rather than the
// name of a unit or a topic: people, times, pointers and question words.
var notNames = []string{"我", "你", "他", "她", "它", "咱", "大家", "自己", "别人", "今天", "明天", "昨天", "后天",
	"前天", "上午", "下午", "晚上", "早上", "中午", "刚才", "现在", "这", "那", "哪", "什么", "啥", "谁", "周", "星期",
	"礼拜", "本月", "下月", "上月", "今年", "明年", "去年", "所有", "全部", "其他", "其它", "别的", "的", "了", "吗",
	"呢", "有", "没", "还", "都", "也", "就", "逾期", "到期", "完成", "任务", "事项", "工作", "领导", "老师", "个人",
	"一下", "帮忙", "麻烦", "请", "问", "关于", "有关", "相关"}

// isShortName reports whether s may name a unit or a topic in plain words:
// Chinese characters only, none of notNames.
func isShortName(s string) bool {
	for _, r := range s {
		if r < 0x80 || isNumRune(r) {
			return false
		}
	}
	return !containsAny(s, notNames...)
}

// topicLeads may come before a topic: "请问消防演练谁牵头".
var topicLeads = []string{"麻烦问一下", "麻烦问下", "想问一下", "想问下", "请问一下", "请问", "问一下", "问下",
	"我想知道", "想知道", "关于"}

// topicText is the bare text of a short question without its polite
// lead ("请问"); ok is false for a text too long to be one.
func topicText(t ruleText) (string, bool) {
	s := t.bare
	if len(s) > maxVocabBytes {
		return "", false
	}
	for _, lead := range topicLeads {
		if rest, ok := strings.CutPrefix(s, lead); ok {
			return rest, true
		}
	}
	return s, true
}

// matchTopic reads a question about a topic without 查 or 搜索: a topic
// ("消防演练", at most maxTopic characters) and a tail that asks about it
// (askTailVocab). It is tentative: a topic no item mentions gets no reply
// in a group.
func matchTopic(t ruleText) (Intent, bool) {
	s, ok := topicText(t)
	if !ok {
		return Intent{}, false
	}
	rs := []rune(s)
	for end := 2; end < len(rs) && end <= maxTopic; end++ {
		topic, tail := string(rs[:end]), string(rs[end:])
		if !isShortName(topic) {
			return Intent{}, false // a longer topic holds the same word
		}
		if askTailVocab.covers(tail) {
			return Intent{Command: "ask", Args: topic, Aspect: topicAspect(tail), Tentative: true}, true
		}
	}
	return Intent{}, false
}

// ownerHeads ask who leads before naming the work: "谁负责营养餐",
// "哪个科室牵头校车安全检查". Longest first.
var ownerHeads = sortedLongestFirst([]string{"是谁在负责", "是谁负责", "谁在负责", "谁来负责", "谁负责", "谁牵头负责", "谁牵头",
	"谁来牵头", "由谁负责", "由谁牵头", "谁在管", "谁来管", "谁管", "谁在抓", "谁抓", "哪个科室负责", "哪个部门负责",
	"哪个单位负责", "哪个股室负责", "哪个科负责", "哪个科室牵头", "哪个部门牵头", "哪个单位牵头", "哪个股室牵头", "哪个科牵头",
	"哪个科室在负责", "哪个部门在负责", "哪个单位在负责"})

// topicTails may close a topic named after the question: "谁负责营养餐的工作".
var topicTails = sortedLongestFirst([]string{"这项工作", "这件事", "这块工作", "这一块", "这块", "的工作", "的任务",
	"的事情", "的事", "工作", "任务", "事项", "的", "呀", "啊", "呢", "吗", "啦"})

// matchTopicHead reads "谁负责营养餐": a question for the owner, then the
// topic. Like matchTopic it is tentative.
func matchTopicHead(t ruleText) (Intent, bool) {
	s, ok := topicText(t)
	if !ok {
		return Intent{}, false
	}
	var topic string
	for _, h := range ownerHeads {
		if rest, ok := strings.CutPrefix(s, h); ok {
			topic = rest
			break
		}
	}
	for changed := true; changed && topic != ""; {
		changed = false
		for _, tail := range topicTails {
			if rest, ok := strings.CutSuffix(topic, tail); ok && rest != "" {
				topic, changed = rest, true
				break
			}
		}
	}
	if n := len([]rune(topic)); n < 2 || n > maxTopic || !isShortName(topic) {
		return Intent{}, false
	}
	return Intent{Command: "ask", Args: topic, Aspect: AspectOwner, Tentative: true}, true
}

// topicAspect is what a question's tail asks for; a unit's tasks
// ("负责的任务") are the whole items.
func topicAspect(tail string) Aspect {
	a := aspectOf(tail)
	if a == AspectOwner && containsAny(tail, "任务", "事项", "工作", "哪些") && !containsAny(tail, "谁", "哪个") {
		return AspectItem
	}
	return a
}

// --- count: 还有多少任务没完成 · 今年的计划一共多少项 · 完成率多少 ---

var countVocab = newVocab(
	[]string{"多少", "几项", "几个", "完成率", "完成比例", "总数", "一共", "总共", "共有", "共计"},
	[]string{"还有", "还剩", "剩", "剩下", "任务", "事项", "工作", "没完成", "未完成", "没有完成", "已完成", "完成了",
		"完成", "已经", "今年", "全年", "年度", "本年度", "计划", "工作计划", "工作要点", "要点", "项", "个", "是", "有",
		"目前", "现在", "总的", "整体", "总体", "全部", "所有", "是多少", "达到", "到", "率", "比例", "百分之", "办结",
		"销号", "咱们", "我们", "总", "共", "的", "了", "在办", "没办", "进行中"},
	politeWords)

// matchCount reads a question about how many tasks there are. The
// argument says which figure comes first.
func matchCount(t ruleText) (Intent, bool) {
	b := t.bare
	if !countVocab.covers(b) || !containsAny(b, "任务", "事项", "项", "完成", "计划", "要点", "工作") {
		return Intent{}, false
	}
	focus := "total"
	switch {
	case containsAny(b, "率", "比例", "百分之"):
		focus = "rate"
	case containsAny(b, "没完成", "未完成", "没有完成", "还有", "还剩", "剩", "在办", "没办", "进行中"):
		focus = "open"
	case containsAny(b, "已完成", "完成了", "办结", "销号"):
		focus = "done"
	}
	return Intent{Command: "count", Args: focus}, true
}

// --- undo: 撤回 · 撤回刚才那条 · 刚才报错了，撤回 ---

// matchUndo reads a message taking the sender's last report back. It is
// tentative: "撤回" said of a chat message finds no report and gets
// nothing.
func matchUndo(t ruleText) (Intent, bool) {
	if !withdrawVocab.covers(t.bare) {
		return Intent{}, false
	}
	return Intent{Command: "undo", Tentative: true}, true
}
