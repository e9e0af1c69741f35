package planimport

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// maxTitleRunes keeps titles short enough for a reminder line; the rest of
// the wording goes to the body.
const maxTitleRunes = 40

// maxScanRunes bounds how much of one item the date, target and owner
// scanners read: real items are a few hundred characters, and a 5 MB
// paragraph must not make them slow.
const maxScanRunes = 3000

// splitTitle takes the first sentence (or clause, when the sentence is
// long) of text as the title and returns the rest as the body. Separators
// inside quotes and brackets do not count: "以“说课、上课”为重点" is one
// clause.
func splitTitle(text string) (string, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", ""
	}
	head, rest := text, ""
	if i, n := firstSep(text, "。；;！？!?：:\n"); i >= 0 {
		head, rest = text[:i], text[i+n:]
	}
	if runeLen(head) > maxTitleRunes {
		if i, n := titleComma(head); i >= 0 {
			head, rest = text[:i], text[i+n:]
		} else if t, cut := cutTitle(head); cut {
			// The title is the start of a clause: the body keeps the
			// whole wording.
			return t, text
		}
	}
	title := strings.Trim(head, " 、，,。；;：:")
	body := strings.TrimSpace(rest)
	if title == "" {
		return splitTitleFallback(text)
	}
	return title, body
}

// minTitleRunes: a first clause shorter than this ("一年来，") is an
// opening, not a title, and the next clause is taken with it.
const minTitleRunes = 6

// titleComma returns the first comma (outside quotes and brackets) that
// ends a title of a sensible length, or -1.
func titleComma(head string) (int, int) {
	from := 0
	for {
		i, n := firstSep(head[from:], "，,")
		if i < 0 {
			return -1, 0
		}
		i += from
		switch l := runeLen(head[:i]); {
		case l > maxTitleRunes:
			return -1, 0
		case l >= minTitleRunes:
			return i, n
		}
		from = i + n
	}
}

// splitTitleFallback gives a title to text that starts with a separator.
func splitTitleFallback(text string) (string, string) {
	t := strings.TrimLeft(text, " 、，,。；;：:！？!?\n")
	if t == "" {
		return clip(text, maxTitleRunes), ""
	}
	if t == text {
		// Nothing to trim: cut hard instead of recursing.
		c := clip(t, maxTitleRunes)
		return c, strings.TrimSpace(t[len(c):])
	}
	return splitTitle(t)
}

// firstSep returns the byte index and size of the first rune of seps in s
// that is outside quotes and brackets, or -1. A colon between digits
// ("8:30") is not a separator.
func firstSep(s, seps string) (int, int) {
	depth := 0
	for i, r := range s {
		switch r {
		case '“', '《', '（', '(', '「', '【', '‘', '〔', '[':
			depth++
			continue
		case '”', '》', '）', ')', '」', '】', '’', '〕', ']':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 && r != '\n' {
			continue
		}
		if strings.ContainsRune(seps, r) {
			if r == ':' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
				continue
			}
			return i, utf8.RuneLen(r)
		}
	}
	return -1, 0
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// Targets: a clause with a percentage, or one with a count and a unit and a
// word of intent (达到, 完成, 新建…). Figures are found by scanning digit
// runs rather than by regular expressions: this runs on every item.
var (
	countUnits = []string{"人次", "课时", "学时", "小时", "平方米", "万元", "亿元", "元", "学位", "公里", "所", "个", "家", "名", "人", "位", "间", "座", "项", "次", "场", "期", "门", "套", "台", "批", "支", "处", "条", "本", "篇", "节", "亩", "班", "张", "册", "件", "份", "幅", "部", "校", "园", "米", "吨", "床", "辆", "户", "块", "类"}
	intentRe   = regexp.MustCompile(`达到|确保|力争|完成|新增|新建|改扩建|改造|覆盖|不低于|不少于|以上|建成|培训|创建|打造|争创|提升|提高|增加|扩大|实现|引进|招聘|补充|培养|组建|开展|举办|评选|认定|控制在|保持`)
)

// clauses splits text at clause punctuation.
func clauses(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		switch r {
		case '，', ',', '。', '；', ';', '！', '？', '!', '?', '\n':
			return true
		}
		return false
	})
}

// figureEnds calls f with the start of each number in s ("95", "1.5") and
// the rest of s after it and any spaces; f returns true to stop.
func figureEnds(s string, f func(start int, after string) bool) {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			for i++; i < len(s) && isDigit(s[i]); i++ {
			}
		}
		if f(start, strings.TrimLeft(s[i:], " ")) {
			return
		}
	}
}

// percentAt returns where the first percentage in s starts, or -1.
func percentAt(s string) int {
	at := -1
	figureEnds(s, func(start int, after string) bool {
		for _, p := range []string{"%", "％", "℅", "‰"} {
			if strings.HasPrefix(after, p) {
				at = start
				return true
			}
		}
		return false
	})
	if i := strings.Index(s, "百分之"); i >= 0 && (at < 0 || i < at) {
		if r, _ := utf8.DecodeRuneInString(s[i+len("百分之"):]); strings.ContainsRune("零一二三四五六七八九十百", r) {
			at = i
		}
	}
	return at
}

// countAt returns where the first count with a unit ("30所", "1.8万个")
// in s starts, or -1.
func countAt(s string) int {
	at := -1
	figureEnds(s, func(start int, after string) bool {
		for _, mag := range []string{"万", "亿", "千", "余"} {
			if rest, ok := strings.CutPrefix(after, mag); ok {
				after = strings.TrimLeft(rest, " ")
				break
			}
		}
		for _, u := range countUnits {
			if strings.HasPrefix(after, u) {
				at = start
				return true
			}
		}
		return false
	})
	return at
}

// maxTargetRunes keeps a target readable in a reminder.
const maxTargetRunes = 60

// findTarget returns the measurable aim stated in text, or "".
func findTarget(text string) string {
	text = clip(text, maxScanRunes)
	if !hasDigit(text) && !strings.Contains(text, "百分之") {
		return ""
	}
	var counted []string
	for _, c := range clauses(text) {
		if !hasDigit(c) && !strings.Contains(c, "百分之") {
			continue
		}
		if percentAt(c) >= 0 {
			return trimTarget(c)
		}
		counted = append(counted, c)
	}
	for _, c := range counted {
		if countAt(c) >= 0 && intentRe.MatchString(c) {
			return trimTarget(c)
		}
	}
	return ""
}

func trimTarget(c string) string {
	c = strings.Trim(c, " 、：:“”\"")
	if runeLen(c) > maxTargetRunes {
		at := percentAt(c)
		if at < 0 {
			at = countAt(c)
		}
		// Keep the words around the figure: they say what is counted.
		start := max(0, at-3*30)
		for start > 0 && !utf8.RuneStart(c[start]) {
			start--
		}
		c = clip(c[start:], maxTargetRunes)
	}
	return c
}

// Dates as spreadsheets and ledgers write them: "2026-09-30", "2026/9/30",
// "2026.9.30", "2026年9月30日", Excel's "09-30-26" (format 14) and raw
// serial numbers.
var (
	isoDateRe   = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	usDateRe    = regexp.MustCompile(`^(\d{1,2})-(\d{1,2})-(\d{2})$`)
	excelDateRe = regexp.MustCompile(`^\d{5}(?:\.\d+)?$`)
)

// parseDateCell reads a cell that holds nothing but a date.
func parseDateCell(s string) (duban.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 20 {
		return duban.Date{}, false
	}
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		return validDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := usDateRe.FindStringSubmatch(s); m != nil {
		return validDate(2000+atoi(m[3]), atoi(m[1]), atoi(m[2]))
	}
	if excelDateRe.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		// 36526 is 2000-01-01 and 73051 is 2100-01-01: anything else is a
		// count, not a date.
		if err == nil && f >= 36526 && f < 73051 {
			t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f))
			return duban.DateOf(t), true
		}
	}
	return duban.Date{}, false
}

func validDate(y, m, d int) (duban.Date, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return duban.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return duban.Date{}, false
	}
	return duban.DateOf(t), true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// statusWords map what ledgers write in a 状态 column to a Status. Longer
// words come first because matching is by containment ("未完成" must not
// read as "完成").
var statusWords = []struct {
	word   string
	status duban.Status
}{
	{"未开始", duban.StatusTodo}, {"未启动", duban.StatusTodo}, {"待启动", duban.StatusTodo}, {"待办", duban.StatusTodo},
	{"未完成", duban.StatusDoing}, {"进行中", duban.StatusDoing}, {"推进中", duban.StatusDoing},
	{"正在推进", duban.StatusDoing}, {"实施中", duban.StatusDoing}, {"办理中", duban.StatusDoing},
	{"持续推进", duban.StatusDoing}, {"序时推进", duban.StatusDoing}, {"已启动", duban.StatusDoing},
	{"逾期", duban.StatusDoing}, {"滞后", duban.StatusDoing}, {"延期", duban.StatusDoing},
	{"已取消", duban.StatusCancelled}, {"取消", duban.StatusCancelled}, {"终止", duban.StatusCancelled},
	{"不再实施", duban.StatusCancelled}, {"作废", duban.StatusCancelled},
	{"已完成", duban.StatusDone}, {"已销号", duban.StatusDone}, {"销号", duban.StatusDone},
	{"已办结", duban.StatusDone}, {"办结", duban.StatusDone}, {"完成", duban.StatusDone}, {"已落实", duban.StatusDone},
	{"todo", duban.StatusTodo}, {"doing", duban.StatusDoing}, {"done", duban.StatusDone}, {"cancelled", duban.StatusCancelled},
}

// parseStatus reads a 状态 cell.
func parseStatus(s string) (duban.Status, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", false
	}
	if s == "是" || s == "√" || s == "✓" || s == "true" {
		return duban.StatusDone, true
	}
	if s == "否" || s == "×" || s == "false" {
		return duban.StatusTodo, true
	}
	for _, w := range statusWords {
		if strings.Contains(s, w.word) {
			return w.status, true
		}
	}
	return "", false
}

var percentCellRe = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*[%％]`)

// parsePercent reads a 进度 cell: "60%", "60", or Excel's 0.6.
func parsePercent(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if m := percentCellRe.FindStringSubmatch(s); m != nil {
		f, _ := strconv.ParseFloat(m[1], 64)
		return clampPercent(f), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	if strings.Contains(s, ".") && f <= 1 {
		f *= 100
	}
	return clampPercent(f), true
}

func clampPercent(f float64) int {
	switch {
	case f != f || f < 0:
		return 0
	case f > 100:
		return 100
	}
	return int(f + 0.5)
}
