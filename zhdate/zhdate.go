// Package zhdate finds Chinese date and deadline expressions in plan text
// and resolves them to calendar days.
//
// It is written for the yearly work plans and summaries of education
// bureaus, so it resolves words the way such a plan means them: a month or
// day without a year belongs to the plan's year (the year of the reference
// date), "X前" means "by the end of X" for calendar periods, school words
// follow a configurable school calendar, and bare numbers (amounts, counts,
// percentages) are never taken for dates.
//
// The scanner is hand written: it looks at each rune once to decide whether
// an expression can start there and only then tries the grammar, which keeps
// Find well under a millisecond on a 10 KB paragraph.
package zhdate

import "time"

// Expr is one date expression found in a text.
type Expr struct {
	Text      string    // the words matched, e.g. "9月底以前"
	Start     time.Time // first day the words denote, 00:00 in ref's location
	End       time.Time // last day, inclusive; for a deadline, the day it is due
	Deadline  bool      // the words set a due date (…前, 以前, 之前, 截至, 止, 内, 底前…)
	Fuzzy     bool      // an approximation: 上旬, 年底, 暑期, 两年时间
	Recurring bool      // a cadence (每周, 每月3次, 每学期), not a date
}

// Find returns the date expressions in text, in order of appearance, resolved against ref
// (the document's date: its year is the plan's year). It uses DefaultCalendar.
func Find(text string, ref time.Time) []Expr {
	return DefaultCalendar.Find(text, ref)
}

// Parse returns the first non-recurring expression in text, preferring the
// first one that sets a deadline; ok is false when there is none. It uses
// DefaultCalendar.
func Parse(text string, ref time.Time) (Expr, bool) {
	return DefaultCalendar.Parse(text, ref)
}

// Find returns the date expressions in text, in order of appearance,
// resolved against ref with the school calendar c. Matches never overlap;
// every Text is a substring of text.
func (c Calendar) Find(text string, ref time.Time) []Expr {
	p := newScanner(&c, text, ref)
	var out []Expr
	for i := 0; i < len(text); {
		r, size := p.at(i)
		if p.trigger(r) {
			// Only a few runes in a hundred get here.
			if h, j, ok := p.match(i); ok && j > i {
				out = append(out, p.expr(text[i:j], h))
				i = j
				continue
			}
			if digit(r) >= 0 {
				// No rule starts inside a number (each checks the rune
				// before it), so skip the rest of "8000万" at once.
				_, _, i = p.arabic(i)
				continue
			}
		}
		i += size
	}
	return out
}

// Parse returns the first non-recurring expression in text, preferring the
// first one with Deadline set, resolved with the school calendar c. A
// command such as "/deadline 3 9月底前" or a plan row usually carries one
// due date among other dates, and the due date is the one wanted.
func (c Calendar) Parse(text string, ref time.Time) (Expr, bool) {
	var first Expr
	found := false
	for _, e := range c.Find(text, ref) {
		if e.Recurring {
			continue
		}
		if e.Deadline {
			return e, true
		}
		if !found {
			first, found = e, true
		}
	}
	return first, found
}
