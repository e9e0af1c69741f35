package planimport

import (
	"regexp"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// The plan year and the dates deadlines are read against. A reader takes
// the year from the title ("2026年工作要点"), else from the opening lines
// ("2026年，全县教育工作的总体要求是…"), else from the date under the
// signature at the end; a date in the middle of the text is some event's.
// A compilation of articles ("…第3篇") gets this per article, since each
// was written in its own year.

// scope is what deadlines of one document, or one article of a
// compilation, are resolved against.
type scope struct {
	year int
	// ref resolves plan dates ("9月底前"): the document's date when it
	// is in the plan year, else January 1 of the plan year.
	ref time.Time
	// date is the document's own date, if it has one; words relative to
	// the day it was written (本周, 下月, 明年) mean nothing without it.
	date  time.Time
	dated bool
	// school: the plan is for a school year (2025-2026学年), which
	// starts in September of year.
	school bool
	// now resolves words relative to today in an undated document that
	// is current (its year is now's year): a notice pasted as it is.
	now time.Time
	// stated: the year was given or stated by the document, not taken
	// from now.
	stated bool
}

// datedLine is a line that was only a date, found at position pos of the
// paragraphs (the index of the paragraph after it).
type datedLine struct {
	pos    int
	date   duban.Date
	signed bool // right under the issuing unit's name
}

// splitDates takes the date lines out of paras and returns them with
// their positions in what is left.
func splitDates(paras []para) ([]para, []datedLine) {
	var dates []datedLine
	kept := paras[:0]
	for _, p := range paras {
		if p.dateOnly {
			if !p.date.IsZero() {
				dates = append(dates, datedLine{pos: len(kept), date: p.date, signed: p.signed})
			}
			continue
		}
		kept = append(kept, p)
	}
	return kept, dates
}

// leadLines is how many opening paragraphs may state the year.
const leadLines = 3

// pickDate returns the date of the paragraphs paras[lo:hi]: a signed date
// anywhere in them, else a date among the opening lines (before the first
// numbered one), else one at the very end.
func pickDate(paras []para, dates []datedLine, lo, hi int) (duban.Date, bool) {
	lead := lo
	for lead < hi && lead < lo+leadLines && !paras[lead].hasM && paras[lead].rows == nil {
		lead++
	}
	var opening, last duban.Date
	for _, d := range dates {
		if d.pos < lo || d.pos > hi {
			continue
		}
		switch {
		case d.signed:
			return d.date, true
		case d.pos <= lead && opening.IsZero():
			opening = d.date
		case d.pos >= hi-1:
			last = d.date
		}
	}
	if !opening.IsZero() {
		return opening, true
	}
	return last, !last.IsZero()
}

// yearRe finds the plan year in a title: "2026年", "2025-2026学年", "2026年度".
var yearRe = regexp.MustCompile(`((?:19|20)\d{2})(?:\s*[-—–~至到]\s*(?:19|20)?\d{2})?\s*学?年`)

// planYearRe finds a year followed by the words of a plan, for titles that
// name two years ("2025年工作总结及2026年工作计划").
var planYearRe = regexp.MustCompile(`((?:19|20)\d{2})\s*年度?\s*(?:[^\s\d，,。；、]{0,10}?)(?:工作)?(?:计划|要点|打算|规划|安排|思路|任务|重点)`)

// titleYear returns the plan year a title names, or 0.
func titleYear(title string) int {
	title = arabicYears(title)
	if m := planYearRe.FindStringSubmatchIndex(title); m != nil {
		// "2025年工作总结及明年工作打算" is a plan for 2026.
		if nextYearPlanRe.MatchString(title[m[3]:m[1]]) {
			return atoi(title[m[2]:m[3]]) + 1
		}
		return atoi(title[m[2]:m[3]])
	}
	if m := yearRe.FindStringSubmatch(title); m != nil {
		return atoi(m[1])
	}
	return 0
}

// leadYearRe: an opening paragraph that starts with the year ("2026年，",
// "2026年是…", "2026年全县教育工作…", "2023年上半年，…", "2023年以来") or a
// short dated line under the title ("（2026年3月1日局党组会议审议通过）").
var leadYearRe = regexp.MustCompile(`^[(（]?\s*((?:19|20)\d{2})\s*年(?:度)?(?:[，,是全我本]|上半年|下半年|春季|秋季|第[一二三四]季度|以来|\s*\d{1,2}\s*月)`)

// leadYear returns the year stated in the opening paragraphs, or 0.
func leadYear(paras []para) int {
	for i, p := range paras {
		if i >= leadLines {
			break
		}
		if p.rows != nil || p.hasM {
			continue
		}
		text := arabicYears(p.text)
		if m := leadYearRe.FindStringSubmatch(text); m != nil {
			return atoi(m[1])
		}
		if runeLen(text) <= 40 && !strings.ContainsAny(text, "。；;，,") {
			if m := yearRe.FindStringSubmatch(text); m != nil {
				return atoi(m[1])
			}
		}
	}
	return 0
}

// planTitle reports a title that names a plan, for the rule that a plan
// signed in November or December is next year's.
func planTitle(title string) bool {
	return containsAny(title, "计划", "要点", "安排", "打算", "规划", "思路", "任务")
}

// newScope decides the year and reference dates of a document or article
// from what it states, in the order a reader trusts them.
func (b *builder) newScope(title string, lead int, date duban.Date, dated bool, fallback int) *scope {
	loc := b.opt.Now.Location()
	year := b.opt.Year
	if year == 0 {
		year = titleYear(title)
	}
	if year == 0 {
		year = lead
	}
	if year == 0 && dated {
		year = date.Year
		if date.Month >= time.November && planTitle(title) {
			year++
		}
	}
	stated := year != 0
	if year == 0 {
		year = fallback
	}
	sc := &scope{year: year, ref: time.Date(year, time.January, 1, 0, 0, 0, 0, loc), now: b.opt.Now, stated: stated}
	if m := schoolYearRe.FindStringSubmatch(title); m != nil && atoi(m[1]) == year {
		// A school year runs from September to August: its plan's "3月"
		// is in the second calendar year, and its words of the term
		// count from the term the plan is for.
		sc.school = true
		sc.ref = time.Date(year, time.September, 1, 0, 0, 0, 0, loc)
		if secondTermRe.MatchString(title) {
			sc.ref = time.Date(year+1, time.February, 20, 0, 0, 0, 0, loc)
		}
	}
	if m := termYearRe.FindStringSubmatch(title); m != nil && !sc.school && atoi(m[1]) == year {
		// A term's plan ("2026年春季学期…", "2026年秋季学期…") counts its
		// weeks and term words from that term; an autumn term's January
		// is in the next year.
		sc.ref = time.Date(year, time.February, 20, 0, 0, 0, 0, loc)
		if !secondTermRe.MatchString(m[2]) {
			sc.school = true
			sc.ref = time.Date(year, time.September, 1, 0, 0, 0, 0, loc)
		}
	}
	if dated {
		sc.date, sc.dated = date.In(loc), true
		if date.Year == year && !sc.school {
			sc.ref = sc.date
		}
	}
	return sc
}

var (
	schoolYearRe = regexp.MustCompile(`((?:19|20)\d{2})\s*[-—–~至到]\s*(?:19|20)?\d{2}\s*学年`)
	secondTermRe = regexp.MustCompile(`第二学期|下学期|春季学期|春学期`)
	termYearRe   = regexp.MustCompile(`((?:19|20)\d{2})\s*年(?:度)?\s*(春季学期|春学期|秋季学期|秋学期)`)
)

// schoolYearDate moves a date that a school-year plan states without a
// year ("3月底前" in a 2025-2026学年 plan) into the school year.
func (sc *scope) schoolYearDate(d duban.Date, words string) duban.Date {
	if !sc.school || d.Year != sc.year || d.Month >= time.September || hasDigit4(words) {
		return d
	}
	return duban.DateOf(d.In(time.UTC).AddDate(1, 0, 0))
}

// hasDigit4 reports four digits in a row: the words name their year.
func hasDigit4(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			run++
			if run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// setYear decides the plan year of the document. A compilation takes no
// article's date for the whole page: its year is stated in its title or
// given, else it is now's.
func (b *builder) setYear() {
	fallback := b.opt.Now.Year()
	if b.multi {
		b.sc = b.newScope(b.doc.Title, 0, duban.Date{}, false, fallback)
	} else {
		b.sc = b.newScope(b.doc.Title, b.lead, b.docDate, !b.docDate.IsZero(), fallback)
	}
	b.doc.Year = b.sc.year
	b.cur = b.sc
}

// partInfo is what the paragraphs of one article say about its year.
type partInfo struct {
	lead int
	date duban.Date
}

// readDates finds the document's date and the opening year, or those of
// each article when paras is a compilation.
func (b *builder) readDates(paras []para, dates []datedLine) {
	var starts []int
	for i, p := range paras {
		if p.rows == nil && !p.hasM && isPart(p.text) {
			starts = append(starts, i)
		}
	}
	if len(starts) < 2 {
		b.docDate, _ = pickDate(paras, dates, 0, len(paras))
		b.lead = leadYear(paras)
		return
	}
	b.multi = true
	for k, lo := range starts {
		hi := len(paras)
		if k+1 < len(starts) {
			hi = starts[k+1]
		}
		d, _ := pickDate(paras, dates, lo+1, hi)
		b.parts = append(b.parts, partInfo{lead: leadYear(paras[lo+1 : hi]), date: d})
	}
}

// partScope is the scope of the k-th article (0-based), titled ownTitle.
func (b *builder) partScope(k int, ownTitle string) *scope {
	if k >= len(b.parts) {
		return b.sc
	}
	info := b.parts[k]
	title := ownTitle
	if titleYear(title) == 0 {
		title = b.doc.Title + "｜" + ownTitle
	}
	return b.newScope(title, info.lead, info.date, !info.date.IsZero(), b.sc.year)
}
