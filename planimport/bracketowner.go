package planimport

import (
	"regexp"
	"strings"
)

// A task that closes with its owner in brackets and nothing else
// ("（后勤科负责）", "（督导室）", "（基教科、督导室）"): the units in the
// bracket lead it, the first of them leading the others. Brackets that
// qualify the work rather than name who does it ("（含民办学校）",
// "（试行）", "（2027年）") are left in the text.

// ownerVerbs may close the units of an owner bracket.
var ownerVerbs = []string{"牵头负责", "牵头落实", "牵头", "负责落实", "负责", "组织实施", "具体实施", "承办", "落实"}

// qualifierWords start a bracket that qualifies the work: "含…", "包括…".
var qualifierWords = []string{"含", "包括", "包含", "如", "例如", "即", "除", "不含", "涉及", "重点", "其中", "主要", "全区", "全市", "全县"}

// bracketOwner splits a closing owner bracket off text: it returns the text
// without it, the leading unit and the others named, or ok false when the
// text does not end with one.
func bracketOwner(text string) (rest, owner string, partners []string, ok bool) {
	t := strings.TrimSpace(text)
	i, inner, found := closingBracket(t)
	if inner = strings.TrimSpace(inner); !found || inner == "" || strings.ContainsAny(inner, "：:。；;") {
		return text, "", nil, false
	}
	verb := false
	for _, v := range ownerVerbs {
		if s, cut := strings.CutSuffix(inner, v); cut {
			inner, verb = strings.TrimSpace(s), true
			break
		}
	}
	for _, q := range qualifierWords {
		if strings.HasPrefix(inner, q) {
			return text, "", nil, false
		}
	}
	names := strings.FieldsFunc(inner, isUnitSep)
	if len(names) == 0 || len(names) > 8 {
		return text, "", nil, false
	}
	for _, n := range names {
		if !isUnit(n) {
			return text, "", nil, false
		}
	}
	// Without 负责 or 牵头, the first name must be unmistakably a unit: "（幼儿园）"
	// may say where the work is done rather than who does it.
	if !verb && !strongUnit(names[0]) && !strings.HasSuffix(stripBrackets(cleanUnit(names[0])), "学校") {
		return text, "", nil, false
	}
	all := units(strings.Join(names, "、"), true)
	if len(all) == 0 {
		return text, "", nil, false
	}
	return strings.TrimRight(t[:i], " \t\n。；;.，,"), all[0], all[1:], true
}

// A title that states its deadline in a clause of its own ("修订安全应急预案，
// 3月10日前完成", "9月底前，完成校舍排查") reads better without it: the
// deadline is shown beside every title anyway. Only a clause that says
// nothing but the deadline goes; "力争年内完成全员轮训" stays.
var (
	deadlinePreRe  = regexp.MustCompile(`^\s*(?:时间(?:为|是|定于|安排在)?|力争|确保|争取|务必|须|要|将)?\s*(?:于|在|到|至|截至|截止到|截止)?\s*$`)
	deadlinePostRe = regexp.MustCompile(`^\s*(?:前|以前|之前|底前|底|内|以内|之内|止|为止)?\s*(?:要|将|须|必须|务必|力争|确保|争取)?\s*(?:全面|基本|全部)?\s*(?:完成|办结|完结|结束|落实到位|到位)?\s*(?:任务|工作)?\s*$`)
)

// trimDeadlineClause returns title without its first or last clause when
// that clause is only the deadline words.
func trimDeadlineClause(title, words string) string {
	words = strings.TrimSpace(words)
	if words == "" || !strings.Contains(title, words) {
		return title
	}
	// "组织艺术展演（5月中旬）": a closing bracket of nothing but the date.
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if !strings.HasSuffix(title, br[1]) {
			continue
		}
		i := strings.LastIndex(title, br[0])
		if i < 0 {
			continue
		}
		inner := title[i+len(br[0]) : len(title)-len(br[1])]
		at := strings.Index(inner, words)
		if at >= 0 && deadlinePreRe.MatchString(inner[:at]) && deadlinePostRe.MatchString(inner[at+len(words):]) && runeLen(strings.TrimSpace(title[:i])) >= minTitleRunes {
			return strings.TrimSpace(title[:i])
		}
	}
	first, n := firstSep(title, "，,")
	if first < 0 {
		return title
	}
	last, ln := first, n
	for from := first + n; ; {
		i, m := firstSep(title[from:], "，,")
		if i < 0 {
			break
		}
		last, ln = from+i, m
		from += i + m
	}
	onlyDeadline := func(clause string) bool {
		at := strings.Index(clause, words)
		return at >= 0 && deadlinePreRe.MatchString(clause[:at]) && deadlinePostRe.MatchString(clause[at+len(words):])
	}
	keep := func(rest string) bool { return runeLen(strings.TrimSpace(rest)) >= minTitleRunes }
	switch {
	case onlyDeadline(title[last+ln:]) && keep(title[:last]):
		return strings.TrimSpace(title[:last])
	case onlyDeadline(title[:first]) && keep(title[first+n:]):
		return strings.TrimSpace(title[first+n:])
	}
	return title
}
