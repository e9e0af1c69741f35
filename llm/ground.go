package llm

import (
	"math"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// Marks put right after a figure that the records do not back. The English
// one carries its own space so that "60% [unverified]" reads naturally.
const (
	MarkZH = duban.UnverifiedZH
	MarkEN = duban.UnverifiedEN
)

// Mark returns the unverified mark for lang ("en" or anything else for
// Chinese).
func Mark(lang string) string {
	if lang == "en" {
		return MarkEN
	}
	return MarkZH
}

// Ground checks a drafted text against its sources and marks every figure
// that no source backs: numbers, percentages (60%, 百分之六十), money amounts
// (元/万元/亿元, yuan), counts with a unit (3所, 十五项), dates (11月3日, 11月,
// 2026年, 2026-11-03, November 3) and item citations (#12). It returns the
// text with Mark(lang) inserted right after each unbacked figure, and how many
// there are (a figure already followed by the mark is counted, not marked
// again, so Ground is idempotent).
//
// Figures are compared by value, so 百分之六十 matches 60%, 十五万元 matches
// 150000元 and 1.5万 matches 15000; "3000多人" is backed by any count from
// 3000 to 3999. A citation #N is backed when "#N" occurs in a source. Words
// that only look like numbers are not figures: ordinals (一是, 第一, 第3批,
// (1), 一、), weekdays and grades (周三, 初二, 三年级), a single 一 before a
// measure word (一项工作) and Chinese numerals with no unit (十四五). Ground
// is a safety net that makes invention visible to the reader; it does not
// prove a sentence right.
func Ground(draft string, sources []string, lang string) (marked string, unverified int) {
	return groundWith(draft, collectFacts(sources), lang)
}

// facts are the figures the sources state, grouped the way the draft's
// figures are matched against them.
type facts struct {
	percent, money, count, plain map[string]float64 // canonical value -> value
	years, months, days          map[int]bool
	monthDays                    map[[2]int]bool
	cites                        map[int]bool
}

func collectFacts(sources []string) *facts {
	f := &facts{
		percent: map[string]float64{}, money: map[string]float64{},
		count: map[string]float64{}, plain: map[string]float64{},
		years: map[int]bool{}, months: map[int]bool{}, days: map[int]bool{},
		monthDays: map[[2]int]bool{}, cites: map[int]bool{},
	}
	for _, s := range sources {
		for _, m := range scan([]rune(s)) {
			f.add(m)
		}
	}
	return f
}

func (f *facts) add(m mention) {
	switch m.kind {
	case kindCite:
		f.cites[m.cite] = true
	case kindDate:
		if m.year > 0 {
			f.years[m.year] = true
		}
		if m.month > 0 {
			f.months[m.month] = true
		}
		if m.day > 0 {
			f.days[m.day] = true
		}
		if m.month > 0 && m.day > 0 {
			f.monthDays[[2]int{m.month, m.day}] = true
		}
	case kindPercent:
		f.percent[canon(m.val)] = m.val
	case kindMoney:
		f.money[canon(m.val)] = m.val
	case kindCount:
		f.count[canon(m.val)] = m.val
	case kindPlain:
		f.plain[canon(m.val)] = m.val
	}
}

// backed reports whether a figure of the draft is stated by the sources.
// The pools are deliberately a little generous (a bare "60" in a report backs
// "60%"): the check is there to catch figures that appear nowhere, and a
// false alarm on a real figure costs the reader's trust in the marks.
func (f *facts) backed(m mention) bool {
	switch m.kind {
	case kindCite:
		return f.cites[m.cite]
	case kindDate:
		if m.year > 0 && !f.years[m.year] {
			return false
		}
		switch {
		case m.month > 0 && m.day > 0:
			return f.monthDays[[2]int{m.month, m.day}]
		case m.month > 0:
			return f.months[m.month]
		case m.day > 0:
			return f.days[m.day]
		}
		return true
	case kindPercent:
		return f.has(m, f.percent, f.plain)
	case kindMoney, kindCount:
		return f.has(m, f.money, f.count, f.plain)
	}
	if f.has(m, f.percent, f.money, f.count, f.plain) {
		return true
	}
	// A bare number may be a date part the sources wrote as a date.
	if m.val == math.Trunc(m.val) && m.val < 1e6 {
		n := int(m.val)
		return f.years[n] || f.months[n] || f.days[n]
	}
	return false
}

func (f *facts) has(m mention, pools ...map[string]float64) bool {
	for _, pool := range pools {
		if !m.approx {
			if _, ok := pool[canon(m.val)]; ok {
				return true
			}
			continue
		}
		for _, v := range pool {
			if v >= m.val && v < m.hi {
				return true
			}
		}
	}
	return false
}

// canon keys a value so that 0.15亿 and 1500万 (float products that may
// differ in the last bits) land on the same key.
func canon(v float64) string { return strconv.FormatFloat(v, 'g', 12, 64) }

func groundWith(draft string, f *facts, lang string) (string, int) {
	mark := Mark(lang)
	rs := []rune(draft)
	// Marks go in by byte offset so that the rest of the draft is copied
	// byte for byte, whatever it holds.
	off := make([]int, 0, len(rs)+1)
	for i := range draft {
		off = append(off, i)
	}
	off = append(off, len(draft))
	var b strings.Builder
	n, last := 0, 0
	for _, m := range scan(rs) {
		if f.backed(m) {
			continue
		}
		n++
		if markedAt(rs, m.end) {
			continue // marked by an earlier pass
		}
		if b.Len() == 0 {
			b.Grow(len(draft) + 4*len(mark))
		}
		b.WriteString(draft[last:off[m.end]])
		b.WriteString(mark)
		last = off[m.end]
	}
	if last == 0 {
		return draft, n
	}
	b.WriteString(draft[last:])
	return b.String(), n
}

var marks = [][]rune{[]rune(MarkZH), []rune(MarkEN)}

func markedAt(rs []rune, i int) bool {
	for _, m := range marks {
		if hasPrefixAt(rs, i, m) {
			return true
		}
	}
	return false
}
