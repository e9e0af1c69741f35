package handlers

import (
	"strings"
)

// --- summary: 写一下本月工作总结 · 督导室本月总结 · #12 总结一下 · 上月工作总结详细一点 ---

// summaryVocab is what a request for a summary is made of once its item,
// unit and period are taken out.
var summaryVocab = newVocab(
	[]string{"工作总结", "总结", "小结"},
	[]string{"写", "写一下", "写下", "写个", "写一个", "写一份", "写一篇", "写一段", "写段", "起草", "草拟", "拟", "拟一份",
		"生成", "出", "出一份", "出个", "做", "做个", "做一份", "做一下", "来", "来一份", "来个", "来一段", "给", "给我", "帮",
		"一份", "一篇", "一段", "个", "的", "工作", "情况", "进展", "草稿", "稿", "段落", "简要", "简短", "要", "我要", "需要",
		"详细一点", "详细一些", "详细点", "详细些", "详细版", "详细", "完整版", "完整", "长一点"},
	politeWords)

// summaryLead may come before a unit's name: "帮我写一下督导室本月总结".
var summaryLead = newVocab(nil,
	[]string{"写", "写一下", "写下", "写个", "写一份", "起草", "草拟", "生成", "出一份", "做一份", "来一份", "给我", "帮我",
		"帮忙", "给"},
	politeWords)

func matchSummary(t ruleText) (Intent, bool) {
	if len(t.bare) > maxVocabBytes || !strings.Contains(t.bare, "总结") && !strings.Contains(t.bare, "小结") {
		return Intent{}, false
	}
	var args []string
	rest := t.bare
	ref, isItem := t.ref, t.hasRef
	if isItem = isItem && ref.strong; isItem {
		args = append(args, "#"+ref.number)
		rest = bare(t.fold[ref.end:])
	}
	word, rest := findSummaryPeriod(rest)
	rest = strings.ReplaceAll(rest, " ", "")
	if word != "" {
		args = append(args, word)
	}
	for _, w := range summaryDetailZH {
		if strings.Contains(rest, w) {
			args = append(args, "详细")
			break
		}
	}
	if summaryVocab.covers(rest) {
		return Intent{Command: "summary", Args: strings.Join(args, " ")}, true
	}
	if isItem {
		return Intent{}, false // "#12 已完成年度总结报告" is a report
	}
	// A lead of request words, a unit's name, a tail about the summary.
	rs := []rune(rest)
	for start := min(len(rs)-1, 6); start >= 0; start-- {
		if !summaryLead.segments(string(rs[:start])) {
			continue
		}
		for end := start + 2; end <= len(rs) && end-start <= 20; end++ {
			name := string(rs[start:end])
			if !isUnitName(name) || !summaryVocab.covers(string(rs[end:])) {
				continue
			}
			return Intent{Command: "summary", Args: strings.Join(append([]string{name}, args...), " "), Tentative: true}, true
		}
	}
	return Intent{}, false
}

// --- what was reported in a period: 本周进展 · 最近一周各单位报了哪些进展 · 上月的报送情况 ---

var recentVocab = newVocab(
	[]string{"进展", "进展情况", "报送情况", "工作动态", "动态", "进度情况", "工作进展"},
	[]string{"各单位", "大家", "各科室", "的", "有哪些", "哪些", "有什么", "什么", "报了什么", "报了哪些", "报送了哪些", "报送了什么",
		"报了", "报送", "都", "有", "工作", "情况", "汇总", "看看", "看一下", "查看", "查一下", "一下", "最近", "近期", "主要"},
	politeWords)

// recentWords are the recent periods said as a week or a month.
var recentWords = strings.NewReplacer("最近一周", "本周", "近一周", "本周", "最近一个月", "本月", "近一个月", "本月")

// matchRecent reads a question about what was reported in a period: it is
// answered with that period's summary of the reports (/summary).
func matchRecent(t ruleText) (Intent, bool) {
	if len(t.bare) > maxVocabBytes {
		return Intent{}, false
	}
	s := recentWords.Replace(t.bare)
	word, rest := findSummaryPeriod(s)
	if word == "" {
		return Intent{}, false
	}
	if !recentVocab.covers(strings.ReplaceAll(rest, " ", "")) {
		return Intent{}, false
	}
	return Intent{Command: "summary", Args: word}, true
}
