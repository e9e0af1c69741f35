package handlers

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/zhdate"
)

// ruleText is a message as the rules read it.
type ruleText struct {
	src  string // the original text, trimmed
	orig []rune // its runes, the first maxRuleRunes of them
	fold []rune // the same runes, half-width and lower-case
	bare string // fold without spaces, punctuation and symbols
	// tailAsks is set when a question mark follows the runes the rules
	// read: a long text with one anywhere asks.
	tailAsks bool
	// ref is the item reference the text opens with, if hasRef: read once
	// for every rule that starts from one.
	ref    itemRef
	hasRef bool
}

// maxRuleRunes bounds the runes the rules read. What they look for is at
// the start (a reference, a command word, a question's words) or is
// looked for in src (the parts of a report on several items, the text
// after a reference); a long report need not be decoded twice over.
const maxRuleRunes = 1024

func newRuleText(s string) ruleText {
	src := strings.TrimSpace(s)
	win, tailAsks := src, false
	n := 0
	for at := range src {
		if n == maxRuleRunes {
			win = src[:at]
			tail := src[at:]
			tailAsks = strings.IndexByte(tail, '?') >= 0 || strings.Contains(tail, "？")
			break
		}
		n++
	}
	orig := []rune(win)
	f := foldRunes(slices.Clone(orig))
	t := ruleText{src: src, orig: orig, fold: f, bare: bareUpTo(f, maxBareBytes), tailAsks: tailAsks}
	t.ref, t.hasRef = findItemRef(f)
	return t
}

// from returns the original text from rune i on, without re-encoding the
// runes: a rule that read a reference at the start of a long report takes
// the rest of it as it came.
func (t ruleText) from(i int) string {
	if i <= 0 {
		return t.src
	}
	n := 0
	for at := range t.src {
		if n == i {
			return t.src[at:]
		}
		n++
	}
	return ""
}

// maxBareBytes bounds ruleText.bare: every rule that reads it refuses a
// text longer than maxVocabBytes, even with a period's words taken out, so
// the rest of a long report need not be made bare.
const maxBareBytes = 4 * maxVocabBytes

// matchRules tries the plain-language rules in table order.
func matchRules(s string) Intent {
	t := newRuleText(s)
	if len(t.fold) == 0 {
		return Intent{}
	}
	for _, r := range rules {
		if in, ok := r.match(t); ok {
			in.Source = SourceRule
			return in
		}
	}
	return Intent{}
}

// --- due: 本周到期的任务有哪些 · 下周有什么要完成 · 最近7天到期 ---

var dueVocab = newVocab(
	[]string{"到期", "截止", "截至", "要完成", "需完成", "需要完成", "应完成", "应该完成", "该完成", "得完成", "必须完成",
		"须完成", "要做完", "要做", "要办", "要交", "要报", "要报送", "要落实", "快到期", "即将到期", "期限", "时限"},
	[]string{"完成", "即将", "快", "快要", "马上", "将要", "会", "需要", "要", "中", "里", "内", "之内", "以内", "前", "之前",
		"以前", "未完成", "没完成", "近期", "最近", "临近", "接近"},
	askWords, politeWords)

func matchDue(t ruleText) (Intent, bool) {
	window, rest := findWindow(t.bare)
	switch {
	case dueVocab.covers(rest):
	case rest == "" && window != "":
		// "本周的" reduces to nothing but a period: not a question.
		return Intent{}, false
	case (window != "" || containsAny(rest, "近期", "最近")) && containsAny(rest, "没完成", "未完成", "任务", "事项") && dueVocab.segments(rest):
		// With a period named ("本月还有哪些任务没完成") or "近期", asking for
		// what is (not yet) done is asking what is due.
	default:
		// "安全稳定科这周有什么要完成的": a unit's tasks due.
		if unit, ok := unitBefore(rest, dueVocab); ok {
			return Intent{Command: "due", Args: strings.TrimSpace(window + " " + unit)}, true
		}
		return Intent{}, false
	}
	return Intent{Command: "due", Args: window}, true
}

// unitBefore reads a unit's name at the start of s followed by words of
// v only: "安全稳定科有什么要完成的".
func unitBefore(s string, v vocab) (string, bool) {
	rs := []rune(s)
	for end := min(len(rs), 20); end >= 2; end-- {
		if name := string(rs[:end]); isUnitName(name) && v.covers(string(rs[end:])) {
			return name, true
		}
	}
	return "", false
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// windowWords map ways of naming a period to the /due argument.
var windowWords = []struct {
	words []string
	arg   string
}{
	{[]string{"这一周", "这个星期", "这个礼拜", "这星期", "本星期", "本礼拜", "这礼拜", "本周", "这周", "本週", "这週"}, "本周"},
	{[]string{"下一周", "下个星期", "下个礼拜", "下星期", "下礼拜", "下周", "下週"}, "下周"},
	{[]string{"本月份", "这个月", "本月", "这月", "当月"}, "本月"},
	{[]string{"下个月", "下月"}, "下月"},
	{[]string{"今天", "今日"}, "今天"},
	{[]string{"明天", "明日"}, "明天"},
}

// findWindow finds the first period named in s (bare text) and returns the
// /due argument for it and s without it; "" when none is named.
func findWindow(s string) (arg, rest string) {
	if n, start, end, ok := findDays(s); ok {
		return strconv.Itoa(n), s[:start] + s[end:]
	}
	if m, start, end, ok := findMonth(s); ok {
		return strconv.Itoa(m) + "月", s[:start] + s[end:]
	}
	// Other date words ("12月底前", "年底前", "国庆节前", "下周三前") are
	// passed on as they are and /due resolves them against today; the
	// reference here only locates the words. They win over a period word
	// they contain ("下周三前" over "下周").
	dateWords := ""
	for _, e := range zhdate.Find(s, spanRef) {
		if !e.Recurring {
			dateWords = e.Text
			break
		}
	}
	for _, w := range windowWords {
		for _, word := range w.words {
			if i := strings.Index(s, word); i >= 0 && !(len(dateWords) > len(word) && strings.Contains(dateWords, word)) {
				return w.arg, s[:i] + s[i+len(word):]
			}
		}
	}
	if i := strings.Index(s, dateWords); dateWords != "" && i >= 0 {
		return dateWords, s[:i] + s[i+len(dateWords):]
	}
	return "", s
}

// spanRef is the reference findWindow gives zhdate to locate date words; Parse
// stays a pure function of its input.
var spanRef = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// findDays finds "最近7天", "7天内", "未来两周", "十天" in s: the number of
// days and the byte span to remove.
func findDays(s string) (days, start, end int, ok bool) {
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if !isNumRune(rs[i]) {
			continue
		}
		j := i
		for j < len(rs) && isNumRune(rs[j]) && j-i < 6 {
			j++
		}
		n, okN := parseNumber(string(rs[i:j]))
		if i > 0 && (rs[i-1] == '月' || rs[i-1] == '年') {
			okN = false // "12月20日" is a date, not twenty days
		}
		unitEnd, mult := j, 0
		switch {
		case hasRunes(rs, j, "天"), hasRunes(rs, j, "日"):
			unitEnd, mult = j+1, 1
		case hasRunes(rs, j, "个星期"):
			unitEnd, mult = j+3, 7
		case hasRunes(rs, j, "周"), hasRunes(rs, j, "星期"):
			unitEnd, mult = j+1, 7
			if hasRunes(rs, j, "星期") {
				unitEnd = j + 2
			}
		}
		if !okN || mult == 0 || n <= 0 {
			i = j - 1
			continue
		}
		from := i
		for _, p := range []string{"最近", "未来", "今后", "接下来", "往后", "近"} {
			if k := i - len([]rune(p)); k >= 0 && string(rs[k:i]) == p {
				from = k
				break
			}
		}
		to := unitEnd
		for _, suf := range []string{"之内", "以内", "内"} {
			if hasRunes(rs, to, suf) {
				to += len([]rune(suf))
				break
			}
		}
		return n * mult, len(string(rs[:from])), len(string(rs[:to])), true
	}
	return 0, 0, 0, false
}

// findMonth finds "12月" or "十二月份" in s: the month and the byte span.
// A following digit or 日/号 makes it a date, not a month.
func findMonth(s string) (month, start, end int, ok bool) {
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if !isNumRune(rs[i]) {
			continue
		}
		j := i
		for j < len(rs) && isNumRune(rs[j]) && j-i < 3 {
			j++
		}
		n, okN := parseNumber(string(rs[i:j]))
		if !okN || n < 1 || n > 12 || !hasRunes(rs, j, "月") || (i > 0 && (isNumRune(rs[i-1]) || rs[i-1] == '年')) {
			i = j - 1
			continue
		}
		k := j + 1
		if k < len(rs) && (isNumRune(rs[k]) || rs[k] == '日' || rs[k] == '号' || rs[k] == '底' || rs[k] == '初') {
			i = j - 1
			continue
		}
		if hasRunes(rs, k, "份") {
			k++
		}
		return n, len(string(rs[:i])), len(string(rs[:k])), true
	}
	return 0, 0, 0, false
}

func hasRunes(rs []rune, at int, lit string) bool {
	k := at
	for _, r := range lit {
		if k < 0 || k >= len(rs) || rs[k] != r {
			return false
		}
		k++
	}
	return true
}

// --- overdue: 逾期 · 有哪些逾期了 · 超期未完成的事项 ---

var overdueVocab = newVocab(
	[]string{"逾期", "超期", "过期", "延期", "拖期", "超时", "拖延", "过了截止", "过了时限", "超过时限", "超过期限", "到期未完成", "到期没完成"},
	[]string{"未完成", "没完成", "没有完成", "还没完成", "尚未完成", "已", "已经", "到期", "截止", "仍", "仍然", "还没", "没"},
	askWords, politeWords)

func matchOverdue(t ruleText) (Intent, bool) {
	if !overdueVocab.covers(t.bare) {
		return Intent{}, false
	}
	return Intent{Command: "overdue"}, true
}

// --- plan: 整体进度 · 总体完成情况 · 工作要点进展 ---

var planVocab = newVocab(
	[]string{"整体进度", "总体进度", "整体进展", "总体进展", "整体情况", "总体情况", "完成情况", "推进情况", "落实情况",
		"执行情况", "进度总览", "总览", "概况", "大纲", "计划进度", "要点进度", "工作计划", "工作要点", "总进度", "全局",
		"进度汇总", "汇总", "全盘"},
	[]string{"怎么样", "如何", "怎样", "咋样", "今年", "年度", "全年", "整个", "各部分", "计划", "要点", "进度", "进展",
		"总体", "整体", "全部", "所有"},
	askWords, politeWords)

func matchPlan(t ruleText) (Intent, bool) {
	if !planVocab.covers(t.bare) {
		return Intent{}, false
	}
	return Intent{Command: "plan"}, true
}

// --- help: 帮助 · 怎么用 · 你能做什么 ---

var helpVocab = newVocab(
	[]string{"帮助", "怎么用", "如何使用", "怎么使用", "如何用", "使用说明", "用法", "使用方法", "菜单", "help", "能做什么",
		"会做什么", "会什么", "功能", "指令", "命令"},
	[]string{"你", "机器人", "督办", "助手", "bot", "有什么", "有哪些", "可以", "能", "看看", "查看", "的", "说明", "这个"},
	politeWords)

func matchHelp(t ruleText) (Intent, bool) {
	if !helpVocab.covers(t.bare) {
		return Intent{}, false
	}
	return Intent{Command: "help"}, true
}
