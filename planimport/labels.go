package planimport

import (
	"strings"
	"unicode/utf8"
)

// field names what an inline label ("牵头单位：…") or a ledger column holds.
type field int

const (
	fieldNone field = iota
	fieldNumber
	fieldTask
	fieldBody
	fieldOwner
	fieldPartners
	fieldPerson
	fieldDeadline
	fieldTarget
	fieldProgress
	fieldPercent
	fieldStatus
	fieldNote
	fieldUpdated
	fieldCategory
	fieldMilestones
	fieldLeader // 责任领导: the person who answers for it when no 责任人 is named
)

// labelNames are the words plans put before a colon to state who does a
// task, by when and to what end: "（牵头单位：督导室；配合单位：基教科）",
// "责任人：王某", "完成时限：9月底前". Longer names come first so that the
// regular expression prefers them.
var labelNames = []struct {
	name  string
	field field
}{
	{"牵头单位", fieldOwner}, {"责任单位", fieldOwner}, {"责任科室", fieldOwner}, {"责任部门", fieldOwner},
	{"牵头科室", fieldOwner}, {"牵头部门", fieldOwner}, {"责任处室", fieldOwner}, {"牵头处室", fieldOwner},
	{"责任股室", fieldOwner}, {"牵头股室", fieldOwner}, {"主责单位", fieldOwner}, {"负责单位", fieldOwner},
	{"主办单位", fieldOwner}, {"责任主体", fieldOwner}, {"牵头", fieldOwner},
	{"配合单位", fieldPartners}, {"协办单位", fieldPartners}, {"配合科室", fieldPartners},
	{"配合部门", fieldPartners}, {"协同单位", fieldPartners}, {"参与单位", fieldPartners},
	{"协作单位", fieldPartners}, {"配合处室", fieldPartners}, {"协办科室", fieldPartners}, {"配合", fieldPartners},
	{"责任人", fieldPerson}, {"负责人", fieldPerson}, {"联系人", fieldPerson},
	{"责任领导", fieldLeader}, {"分管领导", fieldLeader}, {"牵头领导", fieldLeader},
	{"完成时限", fieldDeadline}, {"完成时间", fieldDeadline}, {"时间节点", fieldDeadline},
	{"截止时间", fieldDeadline}, {"办结时限", fieldDeadline}, {"完成期限", fieldDeadline}, {"时限", fieldDeadline},
	{"完成日期", fieldDeadline}, {"截止日期", fieldDeadline}, {"时间安排", fieldDeadline}, {"时间", fieldDeadline},
	{"工作目标", fieldTarget}, {"预期目标", fieldTarget}, {"目标任务", fieldTarget}, {"目标", fieldTarget},
	{"备注", fieldNote},
}

var labelField = map[string]field{}

func init() {
	for _, l := range labelNames {
		labelField[l.name] = l.field
	}
}

// labelLoc is one label found in a text: text[start:nameEnd] is the
// label's name and its value starts at value.
type labelLoc struct {
	start, nameEnd, value int
	field                 field
}

// findLabels finds "name：" for every label name, longest name first. It
// looks at colons only, so a multi-megabyte paragraph costs one pass.
func findLabels(text string) []labelLoc {
	var out []labelLoc
	// Next ASCII and full-width colon, each searched again only once
	// passed, so that a text full of one kind stays linear.
	ascii, wide := nextIndex(text, 0, ":"), nextIndex(text, 0, "：")
	for ascii >= 0 || wide >= 0 {
		colon, size := ascii, 1
		if ascii < 0 || (wide >= 0 && wide < ascii) {
			colon, size = wide, len("：")
			wide = nextIndex(text, colon+size, "：")
		} else {
			ascii = nextIndex(text, colon+size, ":")
		}
		before := strings.TrimRight(text[:colon], " ")
		for n := 4; n >= 2; n-- {
			name := lastRunes(before, n)
			if f, ok := labelField[name]; ok {
				value := colon + size
				value += len(text[value:]) - len(strings.TrimLeft(text[value:], " "))
				out = append(out, labelLoc{start: len(before) - len(name), nameEnd: len(before), value: value, field: f})
				break
			}
		}
	}
	return out
}

// nextIndex is strings.Index from a position, -1 when absent.
func nextIndex(s string, from int, sub string) int {
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

// lastRunes returns the last n runes of s, or "" when s is shorter.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	if n > 0 {
		return ""
	}
	return s[i:]
}

// labels holds what inline labels stated.
type labels struct {
	owner    string
	partners string
	person   string
	leader   string
	deadline string
	target   string
	note     string
}

func (l *labels) set(f field, v string) {
	v = strings.Trim(v, "，,。；;、 ")
	if v == "" {
		return
	}
	var p *string
	switch f {
	case fieldOwner:
		p = &l.owner
	case fieldPartners:
		p = &l.partners
	case fieldPerson:
		p = &l.person
	case fieldLeader:
		p = &l.leader
	case fieldDeadline:
		p = &l.deadline
	case fieldTarget:
		p = &l.target
	case fieldNote:
		p = &l.note
	default:
		return
	}
	if *p == "" {
		*p = v
	}
}

// maxLabelValue bounds a label's value; longer runs are prose, not a unit
// list or a time.
const maxLabelValue = 80

// extractLabels finds the labels in text and returns the text without
// them, so "加强师德建设（牵头单位：人事科）" keeps the title "加强师德建设".
// A label is recognised only at a clause start, so "总体目标：…" stays text.
func extractLabels(text string) (string, labels) {
	var l labels
	if !hasColon(text) {
		return text, l
	}
	locs := findLabels(text)
	if locs == nil {
		return text, l
	}
	var cut [][2]int       // spans to remove
	depth, scanned := 0, 0 // bracket depth at text[scanned], advanced label by label
	for i := 0; i < len(locs); i++ {
		start := locs[i].start
		depth = bracketDepth(text[scanned:start], depth)
		scanned = start
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		opened := start > 0 && strings.ContainsRune("(（【[", prev)
		if start > 0 && !opened && !isBoundary(prev) && !strings.ContainsRune("。；;", prev) {
			continue
		}
		// Values run to the next label, the closing bracket of the
		// annotation, or the end of the clause.
		f := locs[i].field
		vstart := locs[i].value
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1].start
		}
		stops := "。；;\n)）】]"
		if !opened && depth == 0 {
			stops += "，,"
		}
		if j := valueEnd(text[vstart:end], stops); j >= 0 {
			end = vstart + j
		}
		val := text[vstart:end]
		if utf8.RuneCountInString(val) > maxLabelValue {
			continue
		}
		l.set(f, val)
		cs := start
		if opened {
			cs = start - utf8.RuneLen(prev)
		}
		ce := end
		// Swallow the separator to the next label and, when the
		// annotation was bracketed, its closing bracket.
		if r, n := utf8.DecodeRuneInString(text[ce:]); n > 0 && strings.ContainsRune("；;，,)）】]", r) {
			if i+1 < len(locs) && locs[i+1].start == ce+n {
				ce += n
			} else if strings.ContainsRune(")）】]", r) {
				ce += n
			} else if strings.ContainsRune("；;，,", r) && i+1 < len(locs) && strings.TrimSpace(text[ce+n:locs[i+1].start]) == "" {
				ce += n
			}
		}
		cut = append(cut, [2]int{cs, ce})
	}
	if cut == nil {
		return text, l
	}
	return removeSpans(text, cut), l
}

// bracketDepth returns the bracket depth after s, starting from depth: a
// label inside an unclosed bracket, as the second one of "（牵头单位：X，
// 配合单位：Y）", runs to the bracket's end rather than to a comma.
func bracketDepth(s string, depth int) int {
	for _, r := range s {
		switch r {
		case '(', '（', '【', '[':
			depth++
		case ')', '）', '】', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth
}

// removeSpans cuts the spans (in order, possibly adjacent) out of s and
// drops brackets left empty.
func removeSpans(s string, spans [][2]int) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp[0] < last {
			continue
		}
		b.WriteString(s[last:sp[0]])
		last = sp[1]
	}
	b.WriteString(s[last:])
	out := b.String()
	for _, e := range []string{"()", "（）", "【】", "[]", "(）", "（)"} {
		out = strings.ReplaceAll(out, e, "")
	}
	return strings.TrimSpace(out)
}

// valueEnd returns where a label's value ends in s: at the first of stops
// outside brackets the value opens itself ("基教科（牵头）、督导室"), or -1.
func valueEnd(s, stops string) int {
	j := strings.IndexAny(s, stops)
	head := s
	if j >= 0 {
		head = s[:j]
	}
	if !strings.ContainsAny(head, "（(【[") {
		return j // no bracket of its own before the stop: the common case
	}
	depth := 0
	for i, r := range s {
		switch r {
		case '（', '(', '【', '[':
			depth++
			continue
		case '）', ')', '】', ']':
			if depth > 0 {
				depth--
				continue
			}
		}
		if depth == 0 && strings.ContainsRune(stops, r) {
			return i
		}
	}
	return -1
}
