// Package zhdate finds Chinese date and deadline expressions in plan text
// and resolves them to calendar days.
//
// It is written for the yearly work plans and summaries of education
// bureaus, so it resolves words the way such a plan means them:
//
//   - A month or day without a year belongs to the plan's year, the year of
//     the reference date, even when it has passed ("6月底前" in a July plan
//     is 06-30 of that year; "11月份" asked on 12-05 is this November).
//     Relative words (今天, 前天, 大后天, 下周一, 下下周, 本月, 当月, 下下个月,
//     30日内, 3天后, 5天前) count from the reference day; weeks start on
//     Monday. A bare weekday (周五, 星期一) is the next one on or after the
//     reference day, so 周五 said on a Saturday is the coming Friday; 本周五
//     is this week's even when past, and in a range (周一至周五) the bare
//     first day stays in this week.
//   - A two-digit year (15年3月2日, 19年底, 九七年) is in this century up to
//     ten years past the reference year, else in the last; "15年" alone
//     stays a count, and a Chinese one alone must not be a vague count
//     (三五年, 七八年).
//   - Week N of a month (本月第2周, 3月第三周) is the Monday-to-Sunday week
//     holding the month's N-th Thursday; 第N周 alone is the N-th week of the
//     current term, counting the week of its opening day as the first.
//     Both are Fuzzy. 十月第一个星期一 is that day; 上月最后五天, 这个月前两天
//     are those days.
//   - "X前", "X以前", "X之前" set a deadline at the end of X, inclusive
//     (7月31日前 → 07-31, 9月底以前 → 09-30, 2026年10月前 → 10-31). For
//     landmarks that begin on a day (holidays, 开学, terms, vacations) they
//     mean the day before: 国庆节前 → 09-30, 秋季开学前 → 08-31.
//   - 截至/截止 X, 到 X, 至 X止, X内/以内/之内 and X止/为止 are deadlines at
//     the end of X; "完成" after a date is not.
//   - 月初 is the 1st–5th, 上旬 1st–10th, 中旬 11th–20th, 下旬 21st–last (all
//     Fuzzy); 月底/月末 is the last day, exact. 年初 is January and 年底/年末
//     December (Fuzzy); 上半年 ends 06-30, 下半年 starts 07-01; 季度末 is the
//     quarter's last month (Fuzzy).
//   - Lunar festivals (除夕, 春节, 元宵, 端午, 七夕, 中秋, 重阳) and the
//     solar terms 清明 and 冬至 are found for any year from 1900 to 2100
//     with github.com/6tail/lunar-go. 除夕, 春节 and 元宵 named without a
//     year are the coming ones once this year's is past; two holidays named
//     together (中秋国庆) are one stretch, so "中秋国庆前" is before the first.
//   - School words follow a Calendar (DefaultCalendar unless one is given)
//     and are Fuzzy. 本学期 is the term holding the reference day, or the
//     coming one in a vacation; 学期末 its last two weeks; 开学 the next term
//     start (or the current one in its first two weeks); 寒假 the one after
//     the current autumn term.
//   - Durations (30日内, 两个月内, 用两年时间) run from the reference day to
//     the day the span ends and are deadlines; "N年时间" is also Fuzzy.
//   - Ranges (7月1日至8月31日, 7-8月, 2025-2026年) run from the earlier start
//     to the later end; a second half that would end first moves to the
//     next year (12月至1月).
//   - Cadences (每周, 每月3次, 每学期, 一月一调度) are Recurring and never a
//     deadline; Start and End are the occurrence holding the reference day.
//   - Numbers that are not dates (8000万, 30%, 1.72亿元, 第2页, 12个制度,
//     2个月, 13分钟, 十四五规划) give nothing, and invalid dates (2月30日,
//     13月) are dropped.
//
// The scanner is hand written: it looks at each rune once to decide whether
// an expression can start there and only then tries the rules that can
// start with that rune, which keeps Find well under a millisecond on a
// 10 KB paragraph.
package zhdate

import (
	"time"

	"github.com/duban-bot/duban/zhnum"
)

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
		if p.trigger(i, r) {
			// Only a few runes in a hundred get here.
			if h, j, ok := p.match(i); ok && j > i {
				out = append(out, p.expr(text[i:j], h))
				i = j
				continue
			}
			if zhnum.Digit(r) >= 0 {
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
