package planimport

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/zhdate"
)

// Deadlines are read from prose the way a reader of a plan reads them: a
// date is a task's deadline when it says by when the work is due ("9月底前",
// "年内", "到2026年底", "10月举办…"), not when it dates something done
// ("5月20日，教管组组织了…"), names a year as an attribute ("2011年奖励性绩效
// 工资考核细则", "2011年及今后一段时间"), spans a long-term period
// ("十四五期间", "2-3年的努力") or counts from a day the document does not
// state ("本月", "下周三前" in an undated plan).

// dateKind sorts the expressions zhdate finds by what they need to be a
// deadline.
type dateKind int

const (
	kindPlain    dateKind = iota
	kindYear              // a whole year: 2026年, 今年, 本年度
	kindNextYear          // a year relative to the writing: 明年, 去年, 次年
	kindRelDay            // relative to the day of writing: 今天, 本周, 下月
	kindDuration          // a span from the reference day: 30日内, 2-3年的努力
)

var (
	bareYearRe = regexp.MustCompile(`^(?:到|至|截至|截止|在|于)?\s*(?:(?:19|20)\d{2}\s*年度?|今年|本年度?|当年|全年|年度)$`)
	nextYearRe = regexp.MustCompile(`明年|来年|次年|下一年|下年度|去年|上一年|上年度|前年`)
	// forwardYearRe: the words of nextYearRe that look ahead.
	forwardYearRe = regexp.MustCompile(`明年|来年|次年|下一年|下年度`)
	relDayRe      = regexp.MustCompile(`今天|明天|后天|今日|明日|昨天|本周|下周|这周|上周|本星期|下星期|这个星期|本月|下月|这个月|下个月|上个月|上月|次月|近日|近期|本季度|下季度`)
	durationRe    = regexp.MustCompile(`^(?:用|经过|通过|花)?\s*[0-9一二两三四五六七八九十百半]+(?:\s*[-—–~～至到]\s*[0-9一二两三四五六七八九十]+)?\s*(?:个)?(?:工作日|自然日|年|月|周|星期|天|日|学期|学年)(?:左右)?(?:的)?(?:时间|努力|内|以内|之内)`)
)

// kindOf classifies an expression by its words.
func kindOf(text string) dateKind {
	switch {
	case durationRe.MatchString(text):
		return kindDuration
	case relDayRe.MatchString(text):
		return kindRelDay
	case nextYearRe.MatchString(text):
		return kindNextYear
	case bareYearRe.MatchString(text):
		return kindYear
	}
	return kindPlain
}

// completionWords may follow a whole year or a span to make it a deadline
// ("2026年完成", "3年内建成"); leadWords may stand between them.
var (
	completionWords = []string{"完成", "实现", "达到", "达成", "建成", "竣工", "完工", "投入使用", "落实到位", "出台", "印发", "全覆盖", "前", "底"}
	leadWords       = []string{"要", "将", "力争", "确保", "争取", "全面", "基本", "全部", "内"}
)

func completes(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	for _, w := range leadWords {
		if r, ok := strings.CutPrefix(rest, w); ok {
			rest = r
			break
		}
	}
	for _, w := range completionWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// longSpan is the longest a plain date expression may cover and still be
// a deadline of a yearly plan's task: more is a period ("2009—2011年",
// "十四五期间").
const longSpan = 400 * 24 * time.Hour

// statedDeadline reads a deadline that a label or a ledger column states
// ("完成时限：9月底前", a 时限 cell): its words are a deadline by
// definition, so only words that cannot be resolved are refused.
func (b *builder) statedDeadline(text string) (duban.Date, string) {
	text = strings.TrimSpace(clip(text, maxScanRunes))
	if text == "" {
		return duban.Date{}, ""
	}
	if d, ok := parseDateCell(text); ok {
		return d, text
	}
	if cn, ok := dottedDates(text); ok {
		d, _ := b.pickDeadline(cn, true)
		return d, text
	}
	return b.pickDeadline(text, true)
}

// dottedRe: a day or a span of days written with dots, as school
// calendars and ledgers write them ("9.1-9.4", "12.28—1.1", "6.30前").
var dottedRe = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})(?:\s*[-—–~～至到]\s*(?:(\d{1,2})\.)?(\d{1,2}))?\s*(前|以前|之前)?$`)

// dottedDates rewrites a cell of dotted days in words zhdate reads
// ("9.1-9.4" → "9月1日至9月4日").
func dottedDates(cell string) (string, bool) {
	m := dottedRe.FindStringSubmatch(strings.TrimSpace(cell))
	if m == nil || atoi(m[1]) < 1 || atoi(m[1]) > 12 {
		return "", false
	}
	out := m[1] + "月" + m[2] + "日"
	if m[4] != "" {
		month := m[3]
		if month == "" {
			month = m[1]
		}
		out += "至" + month + "月" + m[4] + "日"
	}
	return out + m[5], true
}

// proseDeadline reads the deadline of a task from its wording.
func (b *builder) proseDeadline(text string) (duban.Date, string) {
	text = clip(text, maxScanRunes)
	if text == "" {
		return duban.Date{}, ""
	}
	return b.pickDeadline(text, false)
}

// pickDeadline returns the first expression of text that sets a deadline
// ("…前", "年内", "截至…"), else the first plain date that may be one.
func (b *builder) pickDeadline(text string, stated bool) (duban.Date, string) {
	sc := b.cur
	exprs := zhdate.Find(text, sc.ref)
	var (
		first     duban.Date
		firstText string
		anchored  map[time.Time][]zhdate.Expr
		pos       int
		// startClause: the end of a clause whose date was a start.
		startClause int
	)
	for i, e := range exprs {
		at := strings.Index(text[pos:], e.Text)
		if at < 0 {
			continue
		}
		at += pos
		end := at + len(e.Text)
		pos = end
		if e.Recurring {
			continue
		}
		// The anchor other than ref that the words count from, if any.
		var anchor time.Time
		switch kindOf(e.Text) {
		case kindDuration:
			if !strings.HasSuffix(e.Text, "内") || (!stated && !completes(text[end:])) {
				continue
			}
			switch {
			case sc.dated:
				anchor = sc.date
			case strings.Contains(e.Text, "年"):
				// "三年内完成" in an undated plan counts from its year.
			default:
				continue
			}
		case kindRelDay:
			switch {
			case sc.dated:
				anchor = sc.date
			case sc.now.Year() == sc.year:
				anchor = sc.now
			default:
				continue
			}
		case kindNextYear:
			switch {
			case sc.dated:
				anchor = sc.date
			case sc.stated && forwardYearRe.MatchString(e.Text) && (e.Deadline || completes(text[end:])):
				// "明年3月底前印发" in an undated plan of a stated year:
				// the year after the plan's. ("明年预算" names no date.)
				anchor = time.Date(sc.year, time.July, 1, 0, 0, 0, 0, sc.ref.Location())
			default:
				continue
			}
		case kindYear:
			if !stated && !e.Deadline && !completes(text[end:]) {
				continue
			}
		default:
			if !stated && !e.Deadline && e.End.Sub(e.Start) > longSpan {
				continue
			}
		}
		if !stated && reportContext(text, at, end) {
			continue
		}
		if at < startClause {
			continue // counts from a start ("元旦后第二周")
		}
		if !e.Deadline && i+1 < len(exprs) && startsAfter(text[end:]) {
			if t, stop, ok := spanAfter(text, end, e, exprs[i+1]); ok {
				return sc.schoolYearDate(duban.DateOf(t), text[at:stop]), text[at:stop]
			}
		}
		if !stated && !e.Deadline && startsAfter(text[end:]) {
			startClause = len(text)
			if j := strings.IndexAny(text[end:], "，,。；;\n"); j >= 0 {
				startClause = end + j
			}
			continue
		}
		if !stated && !e.Deadline && vacationAttribute(e.Text, text[end:]) {
			continue
		}
		words := e.Text
		if strings.HasPrefix(e.Text, "开学") {
			// "9月开学前": the opening of the term that starts in that
			// month, counted from the month before it.
			from := max(0, at-12)
			for from > 0 && !utf8.RuneStart(text[from]) {
				from--
			}
			if m, start, ok := monthBefore(text[from:at]); ok {
				if alt := zhdate.Find(e.Text, time.Date(sc.year, time.Month(m-1), 1, 0, 0, 0, 0, sc.ref.Location())); len(alt) == 1 {
					e, words, anchor = alt[0], text[from+start:end], time.Time{}
				}
			}
		}
		if !anchor.IsZero() {
			if anchored == nil {
				anchored = map[time.Time][]zhdate.Expr{}
			}
			alt, ok := anchored[anchor]
			if !ok {
				alt = zhdate.Find(text, anchor)
				anchored[anchor] = alt
			}
			if i >= len(alt) || alt[i].Text != e.Text {
				continue
			}
			e = alt[i]
		}
		t := e.End
		if t.IsZero() {
			t = e.Start
		}
		if t.IsZero() {
			continue
		}
		if !sc.school && isLandmark(e.Text) && !hasDigit4(e.Text) {
			t = b.landmarkDate(text, i, e.Text, t)
		}
		d := sc.schoolYearDate(duban.DateOf(t), words)
		if e.Deadline {
			return d, words
		}
		if first.IsZero() {
			first, firstText = d, words
		}
	}
	return first, firstText
}

// monthBeforeRe: a month written right before other date words ("9月开学前").
var monthBeforeRe = regexp.MustCompile(`(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?\s*$`)

// monthBefore returns the month (2..12) that text ends with and where its
// words start.
func monthBefore(text string) (int, int, bool) {
	loc := monthBeforeRe.FindStringSubmatchIndex(text)
	if loc == nil {
		return 0, 0, false
	}
	num := text[loc[2]:loc[3]]
	m, n := arNumber(num)
	if n == 0 {
		m, _ = cnNumber(num)
	}
	return m, loc[0], m >= 2 && m <= 12
}

// dateWithWords reads a ledger cell that gives a date and the plan's words
// for it, "2026-09-30（9月底以前）", as duban's own ledger writes them: the
// date is taken as it is, the words are kept.
func dateWithWords(cell string) (duban.Date, string, bool) {
	cell = strings.TrimSpace(cell)
	if len(cell) < len("2006-01-02") {
		return duban.Date{}, "", false
	}
	d, err := duban.ParseDate(cell[:10])
	if err != nil {
		return duban.Date{}, "", false
	}
	rest := strings.TrimSpace(cell[10:])
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if words, ok := strings.CutPrefix(rest, br[0]); ok {
			if words, ok = strings.CutSuffix(words, br[1]); ok && strings.TrimSpace(words) != "" {
				return d, strings.TrimSpace(words), true
			}
		}
	}
	return duban.Date{}, "", false
}
