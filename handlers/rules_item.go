package handlers

import (
	"strconv"
	"strings"
	"unicode"
)

// --- item and progress: #12进展如何 · 第五项是谁负责的 · #12 已完成招标，进度60% ---

// itemRef is a reference to an item at the start of a message.
type itemRef struct {
	number string // digits (the handler checks the range)
	// strong is set for a reference that can only mean an item: "#12",
	// "第12项", "任务12", "12号任务". "12号" and "五号" may be a date.
	strong bool
	end    int // rune offset just past the reference
}

// refLeads may come before a reference: "请问#5是谁负责的".
var refLeads = []string{"麻烦问一下", "麻烦问下", "想问一下", "想问下", "请问一下", "请问", "问一下", "问下", "关于",
	"老师们", "老师", "各位", "那个"}

// findItemRef reads an item reference at the start of rs (folded runes),
// after polite words: #5, #5号, 第5项, 第五项, 第5条, 任务5, 任务五, 事项5,
// 5号任务, 五号任务, 5号, 五号.
func findItemRef(rs []rune) (itemRef, bool) {
	i := 0
	skip := func() {
		for i < len(rs) && (unicode.IsSpace(rs[i]) || rs[i] == ',' || rs[i] == '，' || rs[i] == ':' || rs[i] == '：') {
			i++
		}
	}
	number := func() string {
		if i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' && j-i < 40 {
				j++
			}
			s := string(rs[i:j])
			i = j
			return s
		}
		j := i
		for j < len(rs) && isNumRune(rs[j]) && j-i < 6 {
			j++
		}
		n, ok := parseNumber(string(rs[i:j]))
		if !ok || j == i || n == 0 {
			return ""
		}
		i = j
		return strconv.Itoa(n)
	}
	suffix := func(words ...string) bool {
		for _, w := range words {
			if hasRunes(rs, i, w) {
				i += len([]rune(w))
				return true
			}
		}
		return false
	}
	skip()
	for _, lead := range refLeads {
		if hasRunes(rs, i, lead) {
			i += len([]rune(lead))
			skip()
			break
		}
	}
	switch {
	case i < len(rs) && rs[i] == '#':
		i++
		skip()
		if i >= len(rs) || rs[i] < '0' || rs[i] > '9' {
			return itemRef{}, false
		}
		n := number()
		suffix("号")
		suffix("任务", "事项")
		return itemRef{n, true, i}, true
	case hasRunes(rs, i, "第"):
		i++
		n := number()
		if n == "" || !suffix("项", "条", "号") {
			return itemRef{}, false
		}
		suffix("任务", "事项", "工作")
		return itemRef{n, true, i}, true
	case hasRunes(rs, i, "任务"), hasRunes(rs, i, "事项"):
		i += 2
		skip()
		n := number()
		if n == "" {
			return itemRef{}, false
		}
		suffix("号")
		return itemRef{n, true, i}, true
	case i < len(rs) && isNumRune(rs[i]):
		n := number()
		if n == "" {
			return itemRef{}, false
		}
		if suffix("号任务", "号事项", "项任务", "项事项", "号工作", "条任务") {
			return itemRef{n, true, i}, true
		}
		if suffix("号") {
			return itemRef{n, false, i}, true
		}
	}
	return itemRef{}, false
}

// matchItem reads a message that starts with an item reference: a
// question is answered from the item, a report recorded, an
// acknowledgement left alone, and what is neither clearly asked about
// (Tentative). An uncertain reference ("5号", which may be a date) takes
// only questions in an item's words and reports stating a percent.
func matchItem(t ruleText) (Intent, bool) {
	ref, ok := t.ref, t.hasRef
	if !ok {
		return Intent{}, false
	}
	rest := t.fold[ref.end:]
	reading, aspect := classify(rest)
	if t.tailAsks && reading != ReadQuestion {
		reading, aspect = ReadQuestion, AspectItem // a question mark further on
	}
	text := strings.TrimLeft(t.from(ref.end), " \t\n:：,，、-—.。")
	report := Intent{Command: "progress", Args: ref.number + " " + text}
	if !ref.strong {
		b := bare(rest)
		switch {
		case b != "" && (askVocab.segments(b) || askTailVocab.covers(b)) && containsAny(b, weakAskKeys...):
			return Intent{Command: "item", Args: ref.number, Aspect: aspectOf(b)}, true
		case reading == ReadReport && hasPercent(text):
			return report, true
		case reading == ReadClosing:
			report.Tentative = true
			return report, true
		}
		return Intent{}, false
	}
	switch reading {
	case ReadQuestion:
		return Intent{Command: "item", Args: ref.number, Aspect: aspect}, true
	case ReadAck:
		return Intent{Quiet: true}, true
	case ReadWithdraw:
		return Intent{Command: "undo", Args: ref.number}, true
	case ReadUnclear:
		report.Tentative = true
	}
	return report, true
}

// --- owner: 督导室的任务 · 督导室有哪些事项 · 查一下基础教育科负责的工作 ---

// unitSuffixes end the names of departments and schools.
var unitSuffixes = []string{"室", "科", "股", "处", "局", "办", "中心", "站", "所", "队", "组", "部", "委", "会", "院",
	"校", "学", "园", "馆", "宫", "团", "厅", "单位"}

var ownerLead = newVocab(nil, []string{"查一下", "查查", "查询", "查看", "查", "看看", "看一下", "看下", "看", "列出",
	"列一下", "我想知道", "想知道", "告诉我"}, politeWords)

var ownerTailVocab = newVocab(
	[]string{"任务", "事项", "工作", "负责", "牵头", "承担", "主责", "事", "未完成", "没完成", "没做完", "在办", "配合",
		"协助", "参与"},
	[]string{"的", "有哪些", "有什么", "哪些", "什么", "都", "还", "还有", "有", "呢", "吗", "清单", "列表", "未完成",
		"没完成", "情况", "进展", "怎么样", "如何", "目前", "现在", "有多少", "多少", "几项", "几个", "是", "所有",
		"全部", "名下", "手上", "手里", "的事", "事情", "哪几项", "在办", "待办", "要做"},
	politeWords)

func matchOwner(t ruleText) (Intent, bool) {
	s := t.bare
	if len(s) > maxVocabBytes {
		return Intent{}, false
	}
	rs := []rune(s)
	// Try each split: a lead of polite words (the longest first), a unit
	// name, a tail about its tasks. A short name ("督导的任务") needs the
	// tail to name tasks; the handler takes it as a topic when no unit
	// has it.
	for start := min(len(rs)-1, 6); start >= 0; start-- {
		if !ownerLead.segments(string(rs[:start])) {
			continue
		}
		for end := start + 2; end <= len(rs) && end-start <= 20; end++ {
			name, tail := string(rs[start:end]), string(rs[end:])
			if !ownerTailVocab.covers(tail) {
				continue
			}
			if isUnitName(name) || end-start <= maxShortName && isShortName(name) && containsAny(tail, "任务", "事项", "工作") {
				return Intent{Command: "owner", Args: name, Tentative: true, Aspect: topicAspect(tail)}, true
			}
		}
	}
	return Intent{}, false
}

// isUnitName reports whether name looks like a department or school:
// it ends in a unit word and holds no digits or question words.
func isUnitName(name string) bool {
	ok := false
	for _, suf := range unitSuffixes {
		if strings.HasSuffix(name, suf) {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	for _, r := range name {
		if r < 0x80 && !(r >= 'a' && r <= 'z') {
			return false
		}
	}
	for _, w := range []string{"哪", "什么", "我们", "你们", "他们", "本周", "这周", "下周", "本月", "今天", "明天", "逾期", "到期"} {
		if strings.Contains(name, w) {
			return false
		}
	}
	return true
}

// --- search: 搜索 营养餐 · 查一下营养餐 · 关于校园安全的事项 ---

var (
	searchStrong    = []string{"搜索一下", "搜索", "搜一下", "搜搜", "检索", "查找", "search"}
	searchTentative = []string{"查一下", "查一查", "查查", "查询", "查看", "找一下", "找找", "帮我查", "帮我找", "查", "找", "搜"}
	searchTrim      = []string{"相关的任务", "相关任务", "相关的事项", "相关事项", "相关的工作", "相关工作", "相关的进展",
		"相关的", "相关", "有关的", "有关", "的任务", "的事项", "的工作", "的进展", "的情况", "有哪些", "的内容"}
)

// maxTentativeQuery bounds a query taken from chatter-like phrasing.
const maxTentativeQuery = 20

func matchSearch(t ruleText) (Intent, bool) {
	s := strings.TrimSpace(string(t.fold))
	for trimmed := true; trimmed; {
		trimmed = false
		for _, p := range []string{"请问", "请", "帮忙", "麻烦", "帮我", "给我", "你", "能不能", "可以"} {
			if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
				s, trimmed = rest, true
			}
		}
	}
	tentative := false
	found := false
	for _, p := range searchStrong {
		if strings.HasPrefix(s, p) {
			s, found = s[len(p):], true
			break
		}
	}
	if !found {
		for _, p := range searchTentative {
			if strings.HasPrefix(s, p) {
				s, found, tentative = s[len(p):], true, true
				break
			}
		}
	}
	if !found {
		for _, p := range []string{"关于", "有关"} {
			if strings.HasPrefix(s, p) && hasAnySuffix(s, "的任务", "的事项", "的工作", "的进展", "有哪些", "的情况") {
				s, found, tentative = s[len(p):], true, true
				break
			}
		}
	}
	if !found && hasAnySuffix(strings.TrimRight(s, "?？。吗呢"), "相关的事项", "相关的任务", "相关事项", "相关任务", "相关的工作", "相关工作", "相关的进展") {
		// "营养餐相关的事项": a topic asked about without a verb.
		found, tentative = true, true
	}
	if !found {
		return Intent{}, false
	}
	q := strings.Trim(s, " \t:=,.?!~、。？！")
	q = strings.TrimRight(q, "吗呢")
	// "资助的任务有哪些": peel the question words off, outermost first.
	for trimmed := true; trimmed; {
		trimmed = false
		q = strings.TrimLeft(q, "一下")
		for _, suf := range searchTrim {
			if strings.HasSuffix(q, suf) && len(q) > len(suf) {
				q, trimmed = strings.TrimSpace(strings.TrimSuffix(q, suf)), true
				break
			}
		}
	}
	n := len([]rune(q))
	if q == "" || strings.ContainsRune(q, '\n') || n > 100 || tentative && n > maxTentativeQuery {
		return Intent{}, false
	}
	return Intent{Command: "search", Args: q, Tentative: tentative}, true
}

func hasAnySuffix(s string, sufs ...string) bool {
	for _, suf := range sufs {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}
