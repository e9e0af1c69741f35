package planimport

import (
	"strings"
	"unicode/utf8"
)

// A page that holds a half-year summary and the next half-year's plan
// often heads its two parts with unnumbered lines ("上半年工作回顾",
// "下半年工作计划") and numbers only inside them, so "一是…二是…" of the
// review and of the plan would read as one list. Such a line is a part of
// the document of its own; and a page copied from a paginated document
// carries its page numbers glued to the lines ("9 工作中也存在…").

// maxTopicRunes is the longest part heading.
const maxTopicRunes = 20

// topicEnds end a part heading; the plan and review words of summary.go
// decide which it is.
var topicEnds = []string{"工作计划", "工作打算", "工作安排", "工作思路", "工作要点", "工作重点", "工作设想",
	"工作总结", "工作回顾", "主要成绩", "主要工作", "存在的问题", "存在问题", "问题与不足", "问题和不足", "不足之处", "计划", "打算", "总结", "回顾"}

// topicPeriods: a heading ending in a bare 计划 or 总结 must name the
// period it covers, so that a plain "学习计划" stays text.
var topicPeriods = []string{"上半年", "下半年", "今年", "明年", "来年", "全年", "本年", "年度", "下一步", "今后", "近期", "学期", "季度", "寒假", "暑假", "年"}

// topicHeading reports an unnumbered line that heads a part of the
// document: short, no sentence, ending in a plan or review word, and
// naming its period unless it names the part outright ("存在的问题").
func topicHeading(line string) bool {
	t := strings.TrimRight(line, "：: ")
	if t == "" || runeLen(t) > maxTopicRunes || strings.ContainsAny(t, "。；;，,！!？?：:“”\"") || isPart(t) {
		return false
	}
	for _, w := range topicEnds {
		if !strings.HasSuffix(t, w) {
			continue
		}
		switch w {
		case "存在的问题", "存在问题", "问题与不足", "问题和不足", "不足之处":
			return true
		}
		return t != w && containsAny(strings.TrimSuffix(t, w), topicPeriods...)
	}
	return false
}

// stripPageNumber drops a page number glued to the start of a line ("9
// 工作中也存在…"): digits, a space, then text that does not read on from
// the digits as a date or a count ("2 月", "3 所").
func stripPageNumber(line string) string {
	i := 0
	for i < len(line) && i < 4 && isDigit(line[i]) {
		i++
	}
	if i == 0 || i == 4 || i >= len(line) || line[i] != ' ' {
		return line
	}
	rest := strings.TrimLeft(line[i:], " ")
	r, _ := utf8.DecodeRuneInString(rest)
	if r < 0x4E00 || r > 0x9FFF || startsWithUnit(rest) {
		return line
	}
	return rest
}

// startsWithUnit reports a text that reads on from a number: a date word,
// a count unit, a percentage.
func startsWithUnit(s string) bool {
	return hasAnyPrefix(s, numberWords...) || hasAnyPrefix(s, countUnits...)
}

// numberWords may follow a number besides the count units.
var numberWords = []string{"年", "月", "日", "号", "时", "点", "分", "万", "亿", "千", "百", "余", "多", "个", "周", "天", "倍", "成"}

// hasAnyPrefix reports whether s starts with one of the words.
func hasAnyPrefix(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
