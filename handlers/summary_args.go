package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/summary"
)

// summaryArgs is what /summary was asked: the scope to gather and the words
// of the period for the reply's heading ("" for every record).
type summaryArgs struct {
	scope  summary.Scope
	period string
}

// Period kinds of /summary.
const (
	periodWeek      = "week"
	periodLastWeek  = "lastweek"
	periodMonth     = "month"
	periodLastMonth = "lastmonth"
	periodYear      = "year"
	periodLastYear  = "lastyear"
	periodAll       = "all"
)

// summaryPeriodWords name the periods of /summary, in Chinese (found
// anywhere, "督导室本月") and in English (whole words).
var summaryPeriodWords = []struct {
	zh   []string
	en   []string
	kind string
}{
	{[]string{"这一周", "这个星期", "这个礼拜", "这星期", "本星期", "本礼拜", "这礼拜", "本周", "这周"}, []string{"week", "thisweek"}, periodWeek},
	{[]string{"上一周", "上个星期", "上个礼拜", "上星期", "上礼拜", "上周"}, []string{"lastweek"}, periodLastWeek},
	{[]string{"本月份", "这个月", "本月", "这月", "当月"}, []string{"month", "thismonth"}, periodMonth},
	{[]string{"上个月", "上月份", "上月"}, []string{"lastmonth"}, periodLastMonth},
	{[]string{"本年度", "今年", "本年", "全年", "年度"}, []string{"year", "thisyear"}, periodYear},
	{[]string{"上一年", "上年度", "去年"}, []string{"lastyear"}, periodLastYear},
	{[]string{"全部记录", "所有记录", "全部", "所有"}, []string{"all"}, periodAll},
}

// summaryDetailWords ask for the longer draft.
var (
	summaryDetailZH = []string{"详细一点", "详细一些", "详细点", "详细些", "详细版", "详细的", "详细", "完整版", "完整", "长一点", "长版"}
	summaryDetailEN = []string{"detailed", "detail", "long", "full"}
	// summaryNoise are words of the request itself, not of its scope.
	summaryNoise = []string{"工作总结", "总结", "小结", "summary"}
)

// parseSummaryArgs reads /summary's arguments: an item number (#12), a unit
// (督导室), a period (本周, 上周, 本月, 上月, 11月, 2026年11月, 2026-11, 全年,
// 去年, 全部) and 详细, in any order; with no item and no unit the period
// defaults to this month, with one of them to every record.
func parseSummaryArgs(args string, today duban.Date, lang string) (summaryArgs, error) {
	var a summaryArgs
	s := strings.TrimSpace(string(fold(args)))
	if len([]rune(s)) > 100 {
		return a, summaryArgsProblem(args)
	}
	// English words count whole; "last week" is one.
	fields := strings.Fields(s)
	var kept []string
	kind := ""
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if (f == "last" || f == "this") && i+1 < len(fields) {
			f += fields[i+1]
			if periodOfEN(f) != "" {
				i++
			} else {
				f = fields[i]
			}
		}
		switch {
		case periodOfEN(f) != "" && kind == "":
			kind = periodOfEN(f)
		case contains(summaryDetailEN, f):
			a.scope.Detailed = true
		case f == "summary" || f == "this" || f == "of" || f == "the":
		default:
			kept = append(kept, f)
		}
	}
	s = strings.Join(kept, " ")
	for _, w := range summaryDetailZH {
		if i := strings.Index(s, w); i >= 0 {
			s, a.scope.Detailed = s[:i]+" "+s[i+len(w):], true
			break
		}
	}
	for _, w := range summaryNoise {
		s = strings.ReplaceAll(s, w, " ")
	}
	if kind == "" {
		var word string
		word, s = findSummaryPeriod(s)
		if word != "" {
			kind = periodOfZH(word)
			if kind == "" {
				from, to, label, err := monthPeriod(word, today, lang)
				if err != nil {
					return a, err
				}
				a.scope.From, a.scope.To, a.period = from, to, label
			}
		}
	}
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(s, "的"))
	switch {
	case s == "":
	case s[0] == '#' || s[0] >= '0' && s[0] <= '9':
		n, rest, err := parseNumberArg(s, "/summary 12", "/summary 12")
		if err != nil {
			return a, err
		}
		if rest != "" {
			return a, problem("一次只能总结一个事项或一个单位，例如：/summary 12 或 /summary 督导室",
				"Summarise one item or one unit at a time, e.g. /summary 12 or /summary 督导室")
		}
		a.scope.Item = n
	default:
		owner := duban.NormalizeOwner(s)
		if owner == "" || len([]rune(owner)) > maxOwnerRunes || strings.ContainsFunc(owner, func(r rune) bool {
			return unicode.IsDigit(r) || r == '#' || r == '\n'
		}) {
			return a, summaryArgsProblem(args)
		}
		a.scope.Owner = owner
	}
	if kind == "" && a.period == "" && a.scope.Item == 0 && a.scope.Owner == "" {
		kind = periodMonth
	}
	if kind != "" {
		a.scope.From, a.scope.To, a.period = periodBounds(kind, today, lang)
	}
	return a, nil
}

func summaryArgsProblem(args string) *Problem {
	return problem(
		fmt.Sprintf("看不懂“%s”。可以写 /summary（本月）、/summary 本周、/summary 上月、/summary 全年、/summary 11月、/summary 编号 或 /summary 单位，加“详细”得到长一些的稿子。",
			report.Esc(clipRunes(strings.TrimSpace(args), 20))),
		fmt.Sprintf("I did not get “%s”. Try /summary (this month), /summary week, /summary lastmonth, /summary year, /summary 2026-11, /summary N or /summary unit; add “detailed” for a longer draft.",
			report.Esc(clipRunes(strings.TrimSpace(args), 20))))
}

func contains(list []string, s string) bool {
	for _, w := range list {
		if w == s {
			return true
		}
	}
	return false
}

func periodOfEN(word string) string {
	for _, p := range summaryPeriodWords {
		if contains(p.en, word) {
			return p.kind
		}
	}
	return ""
}

func periodOfZH(word string) string {
	for _, p := range summaryPeriodWords {
		if contains(p.zh, word) {
			return p.kind
		}
	}
	return ""
}

// findSummaryPeriod finds the first period named in s: a year and month
// ("2026年11月", "2026-11"), a month ("11月", "十一月份") or a period word
// ("本月"). It returns the words as written and s without them; "" when
// none is named.
func findSummaryPeriod(s string) (word, rest string) {
	if start, end, ok := findYearMonth(s); ok {
		return s[start:end], s[:start] + " " + s[end:]
	}
	if _, start, end, ok := findMonth(s); ok {
		return s[start:end], s[:start] + " " + s[end:]
	}
	best, at := "", -1
	for _, p := range summaryPeriodWords {
		for _, w := range p.zh {
			if i := strings.Index(s, w); i >= 0 && (at < 0 || i < at || i == at && len(w) > len(best)) {
				best, at = w, i
			}
		}
	}
	if at < 0 {
		return "", s
	}
	return best, s[:at] + " " + s[at+len(best):]
}

// findYearMonth finds "2026年11月", "2026-11" or "2026/11" in s (folded
// text) and returns its byte span.
func findYearMonth(s string) (start, end int, ok bool) {
	for i := 0; i+4 <= len(s); i++ {
		if !isDigits(s[i:i+4]) || i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			continue
		}
		j := i + 4
		switch {
		case strings.HasPrefix(s[j:], "年"):
			j += len("年")
		case j < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.'):
			j++
		default:
			continue
		}
		k := j
		for k < len(s) && k-j < 2 && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j || k < len(s) && s[k] >= '0' && s[k] <= '9' {
			continue
		}
		if strings.HasPrefix(s[k:], "月") {
			k += len("月")
			if strings.HasPrefix(s[k:], "份") {
				k += len("份")
			}
		}
		return i, k, true
	}
	return 0, 0, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// monthPeriod reads a month found by findSummaryPeriod: the month so far
// when it is the current one. A month without a year is the last one of
// that name, this year's or, when it is still to come, last year's.
func monthPeriod(word string, today duban.Date, lang string) (from, to duban.Date, label string, err error) {
	year, month := today.Year, 0
	if start, end, ok := findYearMonth(word); ok && start == 0 && end == len(word) {
		year, _ = strconv.Atoi(word[:4])
		rest := strings.TrimLeft(word[4:], "年-/.")
		month, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(rest, "份"), "月"))
	} else {
		m, ok := monthArg(word)
		if !ok {
			return from, to, "", summaryArgsProblem(word)
		}
		month = m
		if month > int(today.Month) {
			year--
		}
	}
	if month < 1 || month > 12 || year < 2000 || year > 2100 {
		return from, to, "", summaryArgsProblem(word)
	}
	from = duban.Date{Year: year, Month: time.Month(month), Day: 1}
	if today.Before(from) {
		return from, to, "", problem(
			fmt.Sprintf("%d年%d月还没到，没有可总结的记录。", year, month),
			fmt.Sprintf("%s %d has not begun yet: there is nothing to summarise.", time.Month(month), year))
	}
	to = duban.DateOf(time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC))
	if today.Before(to) {
		to = today
	}
	label = report.Tr(lang, fmt.Sprintf("%d月", month), time.Month(month).String())
	if year != today.Year {
		label = report.Tr(lang, fmt.Sprintf("%d年%d月", year, month), fmt.Sprintf("%s %d", time.Month(month), year))
	}
	return from, to, label + rangeText(from, to, today, lang), nil
}

// periodBounds returns the days of a period kind as of today, inclusive,
// and its words; periods that are under way end today.
func periodBounds(kind string, today duban.Date, lang string) (from, to duban.Date, label string) {
	weekday := int(today.In(time.UTC).Weekday()+6) % 7 // Monday = 0
	monday := today.AddDays(-weekday)
	first := duban.Date{Year: today.Year, Month: today.Month, Day: 1}
	var zh, en string
	switch kind {
	case periodWeek:
		from, to, zh, en = monday, today, "本周", "this week"
	case periodLastWeek:
		from, to, zh, en = monday.AddDays(-7), monday.AddDays(-1), "上周", "last week"
	case periodMonth:
		from, to, zh, en = first, today, "本月", "this month"
	case periodLastMonth:
		to = first.AddDays(-1)
		from, zh, en = duban.Date{Year: to.Year, Month: to.Month, Day: 1}, "上月", "last month"
	case periodYear:
		from, to, zh, en = duban.Date{Year: today.Year, Month: time.January, Day: 1}, today, "全年", "this year"
	case periodLastYear:
		from, to = duban.Date{Year: today.Year - 1, Month: time.January, Day: 1}, duban.Date{Year: today.Year - 1, Month: time.December, Day: 31}
		zh, en = fmt.Sprintf("%d年", today.Year-1), fmt.Sprint(today.Year-1)
	default: // periodAll
		return duban.Date{}, duban.Date{}, report.Tr(lang, "全部记录", "all records")
	}
	return from, to, report.Tr(lang, zh, en) + rangeText(from, to, today, lang)
}
