package planimport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A school's term plan is often laid out by month or by week rather than
// by numbered sections: "九月：", "10月份：", "2027年1月：", "第1-2周：",
// each followed by that period's work, on the lines below or on the same
// line ("九月：新生入学教育；教师节表彰"). Such a line is a heading of its
// own, its period the deadline of the work under it that states none.

// stylePeriod is the marker style of a period heading.
const stylePeriod = "period"

// periodRe matches a period heading; what follows its colon is its work.
var periodRe = regexp.MustCompile(`^((?:(?:19|20)\d{2}\s*年\s*)?(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?(?:\s*[上中下]旬)?|第\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[-—–~～至到、]\s*第?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*)?周(?:\s*[（(][^（()）]{1,30}[)）])?|第[一二三四]季度|[上下]半年)\s*(?:[:：]\s*(.*))?$`)

// periodHeading reads a period heading. It returns the heading's marker,
// its words and the work the line gives after the colon, split into
// clauses.
func periodHeading(line string) (marker, string, []string, bool) {
	if len(line) > 900 || !containsAny(line, "月", "周", "季度", "半年") || runeLen(line) > 300 {
		return marker{}, "", nil, false
	}
	m := periodRe.FindStringSubmatch(line)
	if m == nil {
		return marker{}, "", nil, false
	}
	head := strings.Join(strings.Fields(m[1]), "")
	if m[2] == "" && !strings.ContainsAny(line, ":：") && !strings.HasSuffix(head, "份") && !strings.Contains(head, "周") {
		// A bare "9月" may be a date that lost its line; "九月份" and
		// "第3周" are headings all the same.
		if _, n := arNumber(head); n > 0 {
			return marker{}, "", nil, false
		}
	}
	var work []string
	for _, c := range strings.FieldsFunc(m[2], func(r rune) bool { return r == '；' || r == ';' }) {
		if c = strings.Trim(c, " 。"); c != "" {
			work = append(work, c)
		}
	}
	seg := head
	if i := strings.IndexAny(seg, "（("); i > 0 {
		seg = seg[:i]
	}
	return marker{style: stylePeriod, seg: seg, rank: rankCnParen}, head, work, true
}

// periodDates returns the dates a period heading states in brackets
// ("第6周（3月30日—4月3日）"), which say its end better than the week's
// number does, else the heading itself.
func periodDates(head string) string {
	i := strings.IndexAny(head, "（(")
	if i < 0 {
		return head
	}
	inner := strings.TrimRight(head[i:], "）)")
	_, n := utf8.DecodeRuneInString(inner)
	return inner[n:]
}

// periodWork is the marker of the i-th clause of a period heading's line.
func periodWork(i int) marker {
	return marker{style: stylePeriod + "-work", value: i + 1, seg: strconv.Itoa(i + 1), rank: rankBullet}
}
