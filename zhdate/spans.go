package zhdate

// Spans, ranges and cadences: 7月1日至8月31日, 7-8月, 2025—2026学年,
// 30日内, 两年时间, 每周, 一月一次.

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/zhnum"
)

// rangeOrPoint reads a point, or two points joined by a connector; the
// range runs from the earlier start to the later end. The second half
// inherits the year (and for days the month) of the first, and moves to
// the next year when it would otherwise end before the first begins
// ("11月至1月").
func (p *scanner) rangeOrPoint(i int, c ctx, f uint32) (hit, int, bool) {
	if f&fNumberRange != 0 {
		if h, j, ok := p.numberRange(i, c); ok {
			return h, j, true
		}
	}
	h, j, ok := p.point(i, c, f)
	if !ok {
		return h, j, false
	}
	k, ok := p.connector(j)
	if !ok {
		return h, j, true
	}
	// 2020年至今: up to the reference day.
	if l, ok := p.has(k, "今"); ok && !p.nextIn(l, "年天日后明") && !h.start.After(p.ref) {
		r := h
		r.end, r.event, r.gran = p.ref, false, gOther
		return r, l, true
	}
	c2 := ctx{year: h.year, month: h.month, dayOK: h.gran == gDay}
	f2 := p.flags(k)
	h2, l, ok := p.point(k, c2, f2)
	if !ok {
		return h, j, true
	}
	if h2.end.Before(h.start) && !h2.explicit {
		// A bare second day moves to the next month (12号到3号), a month
		// or a day with its month to the next year (12月1号到1月1号).
		var next []ctx
		if h.gran == gDay {
			nm := p.date(c2.year, c2.month+1, 1)
			next = append(next, ctx{year: nm.Year(), month: nm.Month(), dayOK: true})
		}
		next = append(next, ctx{year: c2.year + 1, month: c2.month, dayOK: c2.dayOK})
		for _, c3 := range next {
			if h3, l3, ok := p.point(k, c3, f2); ok && l3 == l && !h3.end.Before(h.start) {
				h2 = h3
				break
			}
		}
	}
	if h2.end.Before(h.start) {
		return h, j, true
	}
	r := h
	if h2.start.Before(r.start) {
		r.start = h2.start
	}
	if h2.end.After(r.end) {
		r.end = h2.end
	}
	r.fuzzy = h.fuzzy || h2.fuzzy
	r.event = false
	r.gran = gOther
	return r, l, true
}

// numberRange reads ranges whose first half is a bare number that borrows
// the unit of the second: 7-8月, 九至十月, 2025-2026年, 2024—2025学年.
func (p *scanner) numberRange(i int, c ctx) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	r := p.peek(i)
	if zhnum.Digit(r) >= 0 {
		if isNumLike(p.before(i)) {
			return fail()
		}
		v1, n1, j := p.arabic(i)
		k, ok := p.connector(j)
		if !ok && n1 <= 2 && p.before(i) >= 0x4e00 {
			// 在9、10月: two months listed, read as one stretch. A list
			// number ("1、2月底前" at the start of a line) is not one; the
			// months must follow each other and words must come before.
			if k2, ok2 := p.has(j, "、"); ok2 {
				if v2, n2, l := p.arabic(k2); n2 > 0 && n2 <= 2 && v2 == v1+1 {
					return p.monthRange(i, v1, v2, l, c)
				}
			}
		}
		if !ok || zhnum.Digit(p.peek(k)) < 0 {
			return fail()
		}
		v2, n2, l := p.arabic(k)
		if n1 == 4 && n2 == 4 {
			if v1 < 1900 || v2 > 2100 || v2 <= v1 || v2-v1 > 50 {
				return fail()
			}
			m := p.skipSpace(l)
			if e, ok := p.has(m, "学年"); ok {
				return p.schoolYears(v1, v2, e)
			}
			// (2011—2015): a plan period in brackets, without 年.
			if in("(（", p.before(i)) && in(")）", p.peek(m)) && v2-v1 <= 15 {
				return hit{start: p.date(v1, 1, 1), end: p.date(v2, 12, 31), year: v2, explicit: true}, l, true
			}
			if e, ok := p.has(m, "年"); ok {
				if x, ok := p.has(e, "度"); ok {
					e = x
				}
				if p.nextIn(e, blockAfterYear) {
					return fail()
				}
				return hit{start: p.date(v1, 1, 1), end: p.date(v2, 12, 31), year: v2, explicit: true}, e, true
			}
			return fail()
		}
		if n1 > 2 || n2 > 2 {
			return fail()
		}
		return p.monthRange(i, v1, v2, l, c)
	}
	if cnDigit(r) > 0 || r == '十' {
		if isCnNum(p.before(i)) {
			return fail()
		}
		v1, j, _ := p.cnSmall(i, false)
		k, w, ok := p.any(j, "至", "到", "—", "-", "～", "~")
		if !ok || w == "" {
			return fail()
		}
		v2, l, ok := p.cnSmall(k, false)
		if !ok {
			return fail()
		}
		return p.monthRange(i, v1, v2, l, c)
	}
	return fail()
}

// monthRange finishes "M1-M2月": both months in the context year, the
// second in the next year when it comes first in the calendar.
func (p *scanner) monthRange(i, m1, m2, j int, c ctx) (hit, int, bool) {
	e, ok := p.has(j, "月")
	if !ok || m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || m1 == m2 {
		return hit{}, i, false
	}
	if x, ok := p.has(e, "份"); ok {
		e = x
	}
	y2 := c.year
	if m2 < m1 {
		y2++
	}
	h := hit{
		start: p.date(c.year, time.Month(m1), 1),
		end:   p.date(y2, time.Month(m2), daysIn(y2, time.Month(m2))),
		year:  y2,
	}
	return h, e, true
}

// schoolYears resolves "Y1—Y2学年": from the first school year's start to
// the last one's end, or one of its terms when 第一学期/第二学期 follows.
func (p *scanner) schoolYears(y1, y2, j int) (hit, int, bool) {
	if x, ok := p.has(j, "度"); ok {
		j = x
	}
	h := hit{fuzzy: true, year: y2, explicit: true}
	if k, w, ok := p.any(j, "第一学期", "上学期", "秋季学期", "第二学期", "下学期", "春季学期"); ok {
		per := p.occ(p.cal.AutumnTerm, y1)
		if w == "第二学期" || w == "下学期" || w == "春季学期" {
			per = p.occ(p.cal.SpringTerm, y1+1)
		}
		h.start, h.end, h.event = per.s, per.e, true
		return h, k, true
	}
	h.start = p.schoolYear(y1).s
	h.end = p.schoolYear(y2 - 1).e
	return h, j, true
}

// duration reads spans counted from the reference date: 30日内, 两个月内,
// 5个工作日内, 一周内, 半年内 (deadlines) and 两年时间, 3—5年时间, 5至10年努力
// (deadlines too, Fuzzy: "力争用两年时间" sets a target date). Start is the
// reference day, End the reference day plus the span (the larger count of a
// range). Without 内/时间/努力 a count is not a date.
func (p *scanner) duration(i int) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	n, j, ok := p.countNum(i)
	fuzzy := false
	if !ok {
		// 几个月之内, 几天内: a few, read as three.
		k, found := p.has(i, "几")
		if !found || isNumLike(p.before(i)) {
			return fail()
		}
		n, j, fuzzy = 3, k, true
	}
	if k, ok := p.connector(j); ok && n > 0 {
		if n2, l, ok := p.countNum(k); ok && n2 > n {
			n, j = n2, l
		}
	}

	k, unit, ok := p.any(j, "个工作日", "工作日", "个小时", "小时", "个星期", "星期", "个礼拜", "礼拜", "个季度", "个月", "周", "天", "日", "年", "月")
	if !ok {
		return fail()
	}
	half := n < 0
	if half && unit != "年" && unit != "个月" && unit != "月" {
		return fail()
	}
	if h, l, ok := p.offset(n, unit, k); ok {
		return h, l, true
	}
	if l, ok := p.has(k, "左右"); ok {
		k, fuzzy = l, true
	}
	if l, _, ok := p.any(k, "的时间", "时间", "的努力", "努力"); ok {
		k, fuzzy = l, true
	} else if l, w, ok := p.any(k, "以内", "之内", "内"); ok && !(w == "内" && p.nextIn(l, blockAfterNei)) {
		k = l
	} else {
		return fail()
	}
	t := p.ref
	var end time.Time
	switch unit {
	case "个工作日", "工作日":
		end = workdaysAfter(t, n)
	case "个小时", "小时":
		end = t.AddDate(0, 0, (n+23)/24)
	default:
		end = p.shift(t, n, unit)
	}
	return hit{start: t, end: end, fuzzy: fuzzy, deadline: true}, k, true
}

// workdaysAfter is the n-th Monday-to-Friday day after t.
func workdaysAfter(t time.Time, n int) time.Time {
	for left := n; left > 0; {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			left--
		}
	}
	return t
}

// shift moves t by n units (n -1 is half a month or a year).
func (p *scanner) shift(t time.Time, n int, unit string) time.Time {
	switch unit {
	case "个星期", "星期", "个礼拜", "礼拜", "周":
		return t.AddDate(0, 0, 7*n)
	case "天", "日":
		return t.AddDate(0, 0, n)
	case "个季度":
		return p.addMonths(t, 3*n)
	case "个月", "月":
		if n < 0 {
			return t.AddDate(0, 0, 15*-n)
		}
		return p.addMonths(t, n)
	case "年":
		if n < 0 {
			return p.addMonths(t, -6*n)
		}
		return p.addMonths(t, 12*n)
	}
	return t
}

// offset reads 后/之后/以后 or, for days, weeks and months, 前/之前/以前
// after a count and its unit at j: the day that many units after or before
// the reference day (3天后, 两个星期后, 三个月后, 5天前). Years only count
// forward: "两年前" in a plan is rarely a date, and "N日前" is a deadline
// on a day of the month (25日前).
func (p *scanner) offset(n int, unit string, j int) (hit, int, bool) {
	switch unit {
	case "小时", "个小时", "月", "日":
		return hit{}, j, false
	}
	sign := 1
	k, _, ok := p.any(j, "之后", "以后", "过后", "后")
	if !ok {
		if unit == "年" || unit == "个季度" || n < 0 {
			return hit{}, j, false
		}
		if k, _, ok = p.any(j, "之前", "以前", "前"); !ok || !p.qianOK(k) {
			return hit{}, j, false
		}
		sign = -1
	}
	if p.nextIn(k, "天日年") {
		return hit{}, j, false // 3年后天, 两周后日程
	}
	var t time.Time
	switch unit {
	case "个工作日", "工作日":
		if sign < 0 {
			return hit{}, j, false
		}
		t = workdaysAfter(p.ref, n)
	case "个月":
		if n < 0 {
			t = p.shift(p.ref, n, unit) // 半个月后
		} else {
			t = p.addMonths(p.ref, sign*n)
		}
	default:
		t = p.shift(p.ref, sign*n, unit) // days and weeks only go back
	}
	return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, k, true
}

// cadence reads 每周, 每月3次, 每学期, 每年9月, 每月15日前 … and 一月一次,
// 一年一度. Start and End are the occurrence that holds the reference date
// (for 每月15日前, the 15th of the reference month); a cadence never sets a
// deadline.
func (p *scanner) cadence(i int) (hit, int, bool) {
	j, ok := p.has(i, "每")
	if !ok {
		return p.oneEach(i)
	}
	if k, _, ok := p.any(j, "个", "一"); ok {
		j = k
	}
	k, unit, ok := p.any(j, "学期", "学年", "季度", "星期", "礼拜", "工作日", "年度", "半月", "半年", "两周", "天", "日", "周", "月", "季", "年", "期")
	if !ok || (unit == "年" && p.nextIn(k, blockAfterYear)) {
		return hit{}, i, false
	}
	h := p.unitSpan(unit)
	switch unit {
	case "周", "星期", "礼拜", "两周":
		if d, l, ok := p.weekday(k); ok {
			t := h.start.AddDate(0, 0, d-1)
			h.start, h.end, k = t, t, l
		}
	case "月", "半月":
		if l, _, ok := p.any(k, "月底", "月末", "月初"); ok {
			p.monthPart(&h, p.s[l-len("底"):l])
			k = l
		} else if d, l, ok := p.smallNum(k); ok && d >= 1 && d <= 31 {
			if e, _, ok := p.any(l, "日", "号"); ok {
				if last := daysIn(p.ry, p.rm); d > last {
					d = last
				}
				t := p.date(p.ry, p.rm, d)
				h.start, h.end, k = t, t, e
			}
		} else if l, w, ok := p.any(k, "上中旬", "中下旬", "上旬", "中旬", "下旬", "初", "底", "末"); ok && !(w == "初" && p.nextIn(l, blockAfterChu)) && !(w == "末" && p.nextIn(l, blockAfterMo)) {
			p.monthPart(&h, w)
			k = l
		}
	case "年", "年度":
		yp := k
		if l, ok := p.has(k, "年"); ok && p.nextIn(l, "底末初") {
			yp = l // 每年年底
		}
		if hm, l, ok := p.monthPhrase(k, ctx{year: p.ry, month: p.rm}, true); ok {
			h.start, h.end, h.fuzzy, k = hm.start, hm.end, hm.fuzzy, l
		} else if hy, l, ok := p.yearPart(yp, p.ry); ok {
			h.start, h.end, h.fuzzy, k = hy.start, hy.end, hy.fuzzy, l
		}
	case "学期", "期", "季", "季度":
		if l, w, ok := p.any(k, "开学前", "开学初", "开学", "期末", "末", "初"); ok && !(w == "初" && p.nextIn(l, blockAfterChu)) && !(w == "末" && p.nextIn(l, blockAfterMo)) {
			if strings.HasPrefix(w, "开学") {
				t := p.openingDay()
				h.start, h.end = t, t
				if w == "开学前" {
					h.start, h.end = t.AddDate(0, 0, -1), t.AddDate(0, 0, -1)
				}
			} else if unit == "学期" || unit == "期" {
				tt, _ := p.termTail(p.currentTerm(), k)
				h.start, h.end = tt.start, tt.end
			} else if w == "末" || w == "期末" {
				h.start = p.date(h.end.Year(), h.end.Month(), 1) // 每季度末: its last month
			} else if w == "初" {
				h.end = p.date(h.start.Year(), h.start.Month()+1, 0)
			}
			h.fuzzy = true
			k = l
		}
	}
	if l, _, ok := p.any(k, "以前", "之前", "前"); ok && p.qianOK(l) && h.end.Sub(h.start) < 32*24*time.Hour {
		k = l
	}
	if n, l, ok := p.countNum(k); ok && n > 0 {
		if e, _, ok := p.any(l, "次", "回", "轮"); ok {
			k = e
		}
	}
	h.recurring = true
	return h, k, true
}

// unitSpan is the occurrence of a cadence unit that holds the reference day.
func (p *scanner) unitSpan(unit string) hit {
	switch unit {
	case "天", "日", "工作日":
		return hit{start: p.ref, end: p.ref}
	case "周", "星期", "礼拜", "两周":
		mon := p.weekStart(p.ref)
		return hit{start: mon, end: mon.AddDate(0, 0, 6)}
	case "月", "半月":
		return hit{start: p.date(p.ry, p.rm, 1), end: p.date(p.ry, p.rm, daysIn(p.ry, p.rm))}
	case "季", "季度":
		return p.quarterSpan(p.ry, (int(p.rm)-1)/3+1)
	case "学期", "期":
		t := p.currentTerm()
		return hit{start: t.s, end: t.e}
	case "学年":
		t := p.currentSchoolYear()
		return hit{start: t.s, end: t.e}
	}
	return p.yearSpan(p.ry)
}

// oneEach reads 一月一次, 一周一次, 一年一度, 一月一调度: "one per unit".
func (p *scanner) oneEach(i int) (hit, int, bool) {
	j, ok := p.has(i, "一")
	if !ok || isNumLike(p.before(i)) || p.before(i) == '第' {
		return hit{}, i, false
	}
	k, unit, ok := p.any(j, "学期", "周", "月", "年", "季", "天", "日")
	if !ok {
		return hit{}, i, false
	}
	l, ok := p.has(k, "一")
	if !ok {
		return hit{}, i, false
	}
	if r := p.peek(l); r == 0 || isNumLike(r) || in("日号月年周个季", r) {
		return hit{}, i, false
	}
	if e, _, ok := p.any(l, "次", "度", "回"); ok {
		l = e
	}
	h := p.unitSpan(unit)
	h.recurring = true
	return h, l, true
}
