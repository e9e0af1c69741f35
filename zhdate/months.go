package zhdate

// Months and days: 9月, 九月底, 下月10日, 中旬, 25日前.

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/zhnum"
)

// monthPhrase reads a month (9月, 十二月, 本月, 下月, 上月) and what narrows
// it: a day (N日/N号, which must exist), 月初 (1st–5th), 上旬 (1st–10th), 中旬
// (11th–20th), 下旬 (21st–last), 上中旬, 中下旬 (all Fuzzy) or 月底/月末 (the
// last day, exact: "9月底前" is due on 09-30). A month without a year is in
// the context year. Relative months only stand alone (afterYear false).
func (p *scanner) monthPhrase(i int, c ctx, afterYear bool) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	y := c.year
	var m, j int
	relative := false
	r := p.peek(i)
	switch {
	case zhnum.Digit(r) >= 0 || cnDigit(r) > 0 || r == '十':
		v, k, ok := p.smallNum(i)
		if !ok {
			return fail()
		}
		if zhnum.Digit(r) >= 0 {
			k = p.sp(k, afterYear)
		}
		l, ok := p.has(k, "月")
		if !ok {
			return fail()
		}
		m, j = v, l
		if zhnum.Digit(r) < 0 {
			// 一月一调度, 一月一次: a cadence, not January.
			if v2, k2, ok := p.cnSmall(j, false); ok && v2 > 0 && !p.nextIn(k2, "日号") {
				return fail()
			}
		}
	default:
		if afterYear {
			return fail()
		}
		k, w, ok := p.any(i, "本月", "这个月", "当月", "下下个月", "下下月", "下个月", "下月", "次月", "上上个月", "上上月", "上个月", "上月")
		if !ok {
			return fail()
		}
		off := 0
		switch {
		case strings.HasPrefix(w, "下下"):
			off = 2
		case strings.HasPrefix(w, "上上"):
			off = -2
		case w == "下个月" || w == "下月" || w == "次月":
			off = 1
		case w == "上个月" || w == "上月":
			off = -1
		}
		t := p.date(p.ry, p.rm+time.Month(off), 1)
		y, m, j = t.Year(), int(t.Month()), k
		relative = true
	}
	if m < 1 || m > 12 {
		return fail()
	}
	mm := time.Month(m)
	if x, ok := p.has(j, "份"); ok {
		j = x
	}
	last := daysIn(y, mm)
	h := hit{start: p.date(y, mm, 1), end: p.date(y, mm, last), gran: gMonth, year: y, month: mm}
	if h2, k, ok := p.monthWeeks(h, j, relative); ok {
		return h2, k, true
	}
	// A day, or a day range "1-15日".
	if d, k, ok := p.smallNum(p.sp(j, afterYear)); ok {
		k2 := p.sp(k, afterYear)
		if l, _, ok := p.any(k2, "日", "号"); ok {
			if d < 1 || d > last {
				return fail()
			}
			return p.dayHit(y, mm, d), l, true
		}
		if l, ok := p.connector(k2); ok && zhnum.Digit(p.peek(l)) >= 0 {
			if d2, l2, ok := p.smallNum(l); ok {
				if e, _, ok := p.any(p.sp(l2, afterYear), "日", "号"); ok && d >= 1 && d < d2 && d2 <= last {
					h.start, h.end, h.gran = p.date(y, mm, d), p.date(y, mm, d2), gOther
					return h, e, true
				}
			}
		}
		if zhnum.Digit(p.peek(p.sp(j, afterYear))) >= 0 {
			// "9月 30%": a number that is not a day; keep the month alone.
			return h, j, true
		}
	}
	if k, w, ok := p.any(j, "上中旬", "中下旬", "上旬", "中旬", "下旬", "初", "底", "末"); ok {
		if (w == "初" && p.nextIn(k, blockAfterChu)) || (w == "末" && p.nextIn(k, blockAfterMo)) {
			return h, j, true
		}
		p.monthPart(&h, w)
		h.gran = gOther
		j = k
	}
	return h, j, true
}

// monthPart narrows the month in h to the part w.
func (p *scanner) monthPart(h *hit, w string) {
	y, m := h.start.Year(), h.start.Month()
	last := daysIn(y, m)
	from, to, fuzzy := 1, last, true
	switch w {
	case "上中旬":
		to = 20
	case "中下旬":
		from = 11
	case "上旬":
		to = 10
	case "中旬":
		from, to = 11, 20
	case "下旬":
		from = 21
	case "初":
		to = 5
	case "底", "末":
		from, fuzzy = last, false
	}
	h.start, h.end, h.fuzzy = p.date(y, m, from), p.date(y, m, to), fuzzy
}

// monthWords reads month parts standing alone (月底, 月初, 上旬, 下旬 …),
// which refer to the reference month.
func (p *scanner) monthWords(i int) (hit, int, bool) {
	b := p.before(i)
	if isNumLike(b) || (b != 0 && in("个每本下上次这岁年月", b)) {
		return hit{}, i, false
	}
	j := i
	if k, ok := p.has(i, "月"); ok {
		j = k
		if !p.nextIn(j, "底末初") {
			return hit{}, i, false
		}
	}
	k, w, ok := p.any(j, "上中旬", "中下旬", "上旬", "中旬", "下旬", "初", "底", "末")
	if !ok || (j == i && len(w) == len("初")) {
		return hit{}, i, false
	}
	if (w == "初" && p.nextIn(k, blockAfterChu)) || (w == "末" && p.nextIn(k, blockAfterMo)) {
		return hit{}, i, false
	}
	h := hit{start: p.date(p.ry, p.rm, 1), year: p.ry, month: p.rm}
	p.monthPart(&h, w)
	return h, k, true
}

// bareDay reads a day without a month ("25日前", "12号到15号"), in the
// reference month. Alone it needs a 前 marker or a second day, because a lone "20日" in a summary is more
// often a day of a month named earlier; in a range tail ("1日至31日") it
// takes the first half's month.
func (p *scanner) bareDay(i int, c ctx) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	if b := p.before(i); !c.dayOK && b != 0 && in("月第每号日周", b) {
		return fail()
	}
	d, k, ok := p.smallNum(i)
	if !ok {
		return fail()
	}
	l, _, ok := p.any(k, "日", "号")
	if !ok {
		return fail()
	}
	if !c.dayOK && !p.dayRangeAt(l) {
		if m, w, ok := p.any(l, "以前", "之前", "前"); !ok || (w == "前" && !p.qianOK(m)) {
			return fail()
		}
	}
	y, m := c.year, c.month
	if m == 0 {
		y, m = p.ry, p.rm
	}
	if d < 1 || d > daysIn(y, m) {
		return fail()
	}
	return p.dayHit(y, m, d), l, true
}

// dayRangeAt reports a connector and a day at j ("到15号"), which make a
// day standing alone the start of a range in the reference month.
func (p *scanner) dayRangeAt(j int) bool {
	k, ok := p.connector(j)
	if !ok {
		return false
	}
	if _, l, ok := p.smallNum(k); ok {
		_, _, ok = p.any(l, "日", "号")
		return ok
	}
	return false
}

// monthWeeks reads what narrows month h to weeks or days: 第2周 (Fuzzy),
// 最后一周 (Fuzzy), 第一个星期一, 最后五天, and after a relative month
// (本月, 下月) also 前两天 and 前两周; after a named month "9月前两周" stays
// a month, for it as often means the two weeks before September.
//
// Week N of a month is the Monday-to-Sunday week holding the month's N-th
// Thursday, so that week 1 has at least four of its days in the month (as
// ISO 8601 counts the weeks of a year); the last week holds its last
// Thursday.
func (p *scanner) monthWeeks(h hit, j int, relative bool) (hit, int, bool) {
	if k, ok := p.has(j, "的"); ok {
		j = k
	}
	y, m := h.start.Year(), h.start.Month()
	last := daysIn(y, m)
	firstThu := 1 + (int(time.Thursday)-int(p.date(y, m, 1).Weekday())+7)%7
	week := func(thu int) hit {
		mon := p.date(y, m, thu).AddDate(0, 0, -3)
		return hit{start: mon, end: mon.AddDate(0, 0, 6), fuzzy: true, year: y}
	}
	days := func(from, to int) hit {
		return hit{start: p.date(y, m, from), end: p.date(y, m, to), year: y}
	}
	if k, ok := p.has(j, "第"); ok {
		n, l, ok := p.countNum(k)
		if !ok || n < 1 {
			return hit{}, j, false
		}
		if e, _, ok := p.any(l, "个周", "个星期", "个礼拜"); ok {
			// 第一个星期一: the N-th such weekday of the month.
			at := e
			if strings.HasPrefix(p.s[l:], "个周") {
				at = l + len("个周")
			}
			d, e2, ok := p.weekday(at)
			if !ok {
				return hit{}, j, false
			}
			first := 1 + (d%7-int(p.date(y, m, 1).Weekday())+7)%7
			day := first + 7*(n-1)
			if day > last {
				return hit{}, j, false
			}
			return p.dayHit(y, m, day), e2, true
		}
		if e, _, ok := p.any(l, "周", "个星期", "星期"); ok && n <= 6 && !p.nextIn(e, "年岁") {
			if thu := firstThu + 7*(n-1); thu <= last {
				return week(thu), e, true
			}
		}
		return hit{}, j, false
	}
	if k, ok := p.has(j, "最后"); ok {
		if e, _, ok := p.any(k, "一周", "一个星期", "一星期", "一个礼拜"); ok {
			return week(firstThu + 7*((last-firstThu)/7)), e, true
		}
		if n, l, ok := p.countNum(k); ok && n >= 1 && n <= last {
			if e, _, ok := p.any(l, "天", "日"); ok {
				return days(last-n+1, last), e, true
			}
		}
		return hit{}, j, false
	}
	if k, ok := p.has(j, "前"); ok && relative {
		if n, l, ok := p.countNum(k); ok && n >= 1 {
			if e, _, ok := p.any(l, "天", "日"); ok && n <= last {
				return days(1, n), e, true
			}
			if e, _, ok := p.any(l, "周", "个星期", "星期"); ok && n <= 4 {
				return days(1, 7*n), e, true
			}
		}
	}
	return hit{}, j, false
}
