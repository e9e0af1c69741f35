package zhdate

// Years: written years (2026年, 二〇二六年), ISO days, year words (今年, 年底,
// 上半年), quarters and five-year plans.

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/zhnum"
)

// iso reads 2026-09-30, 2026/9/30 and 2026.9.30 (full-width too).
func (p *scanner) iso(i int) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	if zhnum.Digit(p.peek(i)) < 0 || isNumLike(p.before(i)) || in("/-－／", p.before(i)) {
		return fail()
	}
	y, n, j := p.arabic(i)
	if n != 4 || y < 1900 || y > 2100 {
		return fail()
	}
	sep, sz := p.at(j)
	if !in("-/.－／．", sep) || sep == 0 {
		return fail()
	}
	m, n2, k := p.arabic(j + sz)
	if n2 < 1 || n2 > 2 {
		return fail()
	}
	if s2, sz2 := p.at(k); s2 != sep {
		return fail()
	} else {
		k += sz2
	}
	d, n3, l := p.arabic(k)
	if n3 < 1 || n3 > 2 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return fail()
	}
	// 2026.9.30.1 is a version or section number, not a date.
	if r := p.peek(l); r == sep && zhnum.Digit(p.peek(l+sz)) >= 0 {
		return fail()
	}
	h := p.dayHit(y, time.Month(m), d)
	h.explicit = true
	return h, l, true
}

// monthDot reads the short day chat writes, 12.20 or 12/20 (full-width
// too), when a day or deadline marker follows: "12.20前", "12/20日",
// "12.20止". A bare 12.20 is a number (an amount, a section).
func (p *scanner) monthDot(i int, c ctx) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	if isNumLike(p.before(i)) || in("./．／-－", p.before(i)) {
		return fail()
	}
	m, n, j := p.arabic(i)
	if n < 1 || n > 2 || m < 1 || m > 12 {
		return fail()
	}
	sep, sz := p.at(j)
	if sep == 0 || !in("./．／", sep) {
		return fail()
	}
	d, n2, k := p.arabic(j + sz)
	if n2 < 1 || n2 > 2 || d < 1 || d > daysIn(c.year, time.Month(m)) {
		return fail()
	}
	end := k
	if l, _, ok := p.any(k, "日", "号"); ok {
		end = l
	}
	switch l, w, ok := p.any(end, "以前", "之前", "前", "为止", "止"); {
	case ok && (w != "前" || p.qianOK(l)):
	case end > k && !isNumLike(p.peek(end)) && !in(".．/／", p.peek(end)):
	default:
		return fail()
	}
	h := p.dayHit(c.year, time.Month(m), d)
	return h, end, true
}

// year reads a year designator: 2026年, 二〇二六年, 今年, 明年, 去年, 次年.
// 次年/翌年 count from the context year, so "12月至次年1月" works.
func (p *scanner) year(i int, c ctx) (y, j int, short, ok bool) {
	r, _ := p.at(i)
	if zhnum.Digit(r) >= 0 {
		if isNumLike(p.before(i)) {
			return 0, i, false, false
		}
		v, n, j := p.arabic(i)
		l, ok := p.has(p.skipSpace(j), "年")
		switch {
		case !ok:
			return 0, i, false, false
		case n == 4 && v >= 1900 && v <= 2100:
			return v, l, false, true
		case n == 2 && l == j+len("年"):
			return p.century(v), l, true, true
		}
		return 0, i, false, false
	}
	if d := zhnum.CnDigit(r); d >= 0 && r != '两' {
		if isCnNum(p.before(i)) {
			return 0, i, false, false
		}
		v, n, size := zhnum.CnDigits(p.s[i:])
		l, ok := p.has(i+size, "年")
		switch {
		case !ok:
		case n == 4 && v >= 1900 && v <= 2100 && (d == 1 || d == 2):
			return int(v), l, false, true
		case n == 2:
			return p.century(int(v)), l, true, true
		}
		return 0, i, false, false
	}
	j, w, ok := p.any(i, "今年", "本年", "明年", "来年", "次年", "翌年", "去年", "上一年", "上年", "前年", "后年")
	if !ok {
		return 0, i, false, false
	}
	switch w {
	case "今年", "本年":
		return p.ry, j, false, true
	case "明年", "来年":
		return p.ry + 1, j, false, true
	case "次年", "翌年":
		return c.year + 1, j, false, true
	case "前年", "后年":
		// 两年前年底, 三年后年初: the year is part of a count.
		if b := p.before(i); isNumLike(b) || (b != 0 && in("年提之以目最然落先", b)) {
			return 0, i, false, false
		}
		if w == "前年" {
			return p.ry - 2, j, false, true
		}
		return p.ry + 2, j, false, true
	}
	return p.ry - 1, j, false, true
}

// century places a two-digit year: in this century up to ten years after
// the reference year, else in the last (98年 is 1998, 26年 is 2026).
func (p *scanner) century(yy int) int {
	if 2000+yy <= p.ry+10 {
		return 2000 + yy
	}
	return 1900 + yy
}

// bareShortYear reports whether a two-digit year at i..j stands alone as a
// year: only when written digit by digit in Chinese (九七年, 零六年) and not
// a vague count (三五年, 七八年, 两三年) or a span (三五年内, 九七年来).
func (p *scanner) bareShortYear(i, j int) bool {
	d1, sz := p.at(i)
	if zhnum.Digit(d1) >= 0 {
		return false
	}
	a, b := zhnum.CnDigit(d1), zhnum.CnDigit(p.peek(i+sz))
	if b == a+1 || (a == 3 && b == 5) {
		return false
	}
	_, _, ok := p.any(j, "内", "以内", "之内", "来", "以来", "时间", "的时间", "左右", "多", "后", "前", "间")
	return !ok
}

func (p *scanner) yearSpan(y int) hit {
	return hit{start: p.date(y, 1, 1), end: p.date(y, 12, 31), gran: gYear, year: y, explicit: true}
}

// yearPhrase reads a year designator and whatever narrows it: a month, a
// part of the year, a quarter, a school period or a holiday.
func (p *scanner) yearPhrase(i int, c ctx) (hit, int, bool) {
	y, j, short, ok := p.year(i, c)
	if !ok {
		return hit{}, i, false
	}
	if x, ok := p.has(j, "度"); ok {
		j = x
	}
	if p.nextIn(j, blockAfterYear) {
		return hit{}, i, false
	}
	cy := ctx{year: y, month: p.rm}
	if h, l, ok := p.numberRange(p.skipSpace(j), cy); ok && h.year-y <= 1 {
		h.explicit = true // 2026年6至8月
		return h, l, true
	}
	if h, l, ok := p.monthPhrase(p.skipSpace(j), cy, true); ok {
		h.explicit = true
		return h, l, true
	}
	// 今年年底, 2026年年内: the year word repeated before its part.
	if k, ok := p.has(j, "年"); ok {
		if h, l, ok := p.yearPart(k, y); ok && !p.nextIn(k, "上下") {
			h.explicit = true
			return h, l, true
		}
		if l, w, ok := p.any(k, "以内", "之内", "内"); ok && !(w == "内" && p.nextIn(l, blockAfterNei)) {
			return p.yearSpan(y), k, true
		}
	}
	var h hit
	var l int
	if h, l, ok = p.yearPart(j, y); !ok {
		if h, l, ok = p.quarter(j, y, true); !ok {
			if h, l, ok = p.school(j, y, true); !ok {
				h, l, ok = p.holiday(j, y, true)
			}
		}
	}
	if ok {
		h.explicit, h.year = true, y
		return h, l, true
	}
	if short && !p.bareShortYear(i, j) {
		// 15年 alone is more often fifteen years than 2015.
		return hit{}, i, false
	}
	return p.yearSpan(y), j, true
}

// yearPart reads the part of year y named at j. 上半年 ends 06-30, 下半年
// starts 07-01; 年底/年末 is December (End 12-31) and 年初 is January (Start
// 01-01), both Fuzzy because plans use them loosely.
func (p *scanner) yearPart(j, y int) (hit, int, bool) {
	// 前三季度, 前两个月: the first N quarters or months of the year.
	if k, ok := p.has(j, "前"); ok {
		if n, l, ok := p.countNum(k); ok && n > 0 {
			if e, _, ok := p.any(l, "季度", "个季度"); ok && n <= 4 {
				return hit{start: p.date(y, 1, 1), end: p.date(y, time.Month(3*n+1), 0), year: y}, e, true
			}
			if e, _, ok := p.any(l, "个月"); ok && n <= 12 {
				return hit{start: p.date(y, 1, 1), end: p.date(y, time.Month(n+1), 0), year: y}, e, true
			}
		}
		return hit{}, j, false
	}
	k, w, ok := p.any(j, "上半年", "下半年", "底", "末", "初")
	if !ok {
		return hit{}, j, false
	}
	h := hit{year: y, gran: gOther}
	switch w {
	case "上半年":
		h.start, h.end = p.date(y, 1, 1), p.date(y, 6, 30)
	case "下半年":
		h.start, h.end = p.date(y, 7, 1), p.date(y, 12, 31)
	case "底", "末":
		if w == "末" && p.nextIn(k, blockAfterMo) {
			return hit{}, j, false
		}
		h.start, h.end, h.fuzzy = p.date(y, 12, 1), p.date(y, 12, 31), true
	case "初":
		if p.nextIn(k, blockAfterChu) {
			return hit{}, j, false
		}
		h.start, h.end, h.fuzzy = p.date(y, 1, 1), p.date(y, 1, 31), true
	}
	return h, k, true
}

// yearWords reads year words standing alone: 年底, 年末, 年初, 年内 (the
// year, with 内 left to suffix), 上半年, 下半年 and 今明两年, all in the
// context year.
func (p *scanner) yearWords(i int, c ctx) (hit, int, bool) {
	if l, ok := p.has(i, "今明两年"); ok {
		return hit{start: p.date(p.ry, 1, 1), end: p.date(p.ry+1, 12, 31), year: p.ry + 1}, l, true
	}
	if l, ok := p.has(i, "年"); ok {
		if b := p.before(i); isNumLike(b) || (b != 0 && in(blockBeforeYearWord, b)) || zhnum.Digit(b) >= 0 {
			return hit{}, i, false
		}
		if h, k, ok := p.yearPart(l, c.year); ok && !strings.HasPrefix(p.s[l:], "上") && !strings.HasPrefix(p.s[l:], "下") {
			return h, k, true
		}
		if k, w, ok := p.any(l, "以内", "之内", "内"); ok && !(w == "内" && p.nextIn(k, blockAfterNei)) {
			h := p.yearSpan(c.year)
			h.explicit = false
			return h, l, true
		}
		return hit{}, i, false
	}
	if p.nextIn(i, "上下") {
		return p.yearPart(i, c.year)
	}
	if p.nextIn(i, "前") {
		// 前三季度 alone, but not 目前三个月 or 提前两个月.
		if b := p.before(i); b >= 0x4e00 && !in("在于和及与至的", b) {
			return hit{}, i, false
		}
		return p.yearPart(i, c.year)
	}
	return hit{}, i, false
}

// quarterSpan is quarter q of year y, rolled into the neighbouring years
// for q outside 1–4.
func (p *scanner) quarterSpan(y, q int) hit {
	s := p.date(y, time.Month(3*q-2), 1)
	e := p.date(s.Year(), s.Month()+3, 0)
	return hit{start: s, end: e, year: s.Year()}
}

// quarter reads 一季度, 第三季度, 3季度, 本季度, 下季度 and 季度末/季度初.
// 季度末 is the quarter's last month (End its last day) and 季度初 its first
// month, both Fuzzy like 年底 and 年初.
func (p *scanner) quarter(i, y int, afterYear bool) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	var h hit
	j := i
	cur := (int(p.rm)-1)/3 + 1
	if k, w, ok := p.any(i, "本季度", "本季", "这个季度", "下下个季度", "下下季度", "下一季度", "下个季度", "下季度", "上上个季度", "上上季度", "上一季度", "上个季度", "上季度", "季度末", "季度初", "季末", "季初"); ok && !afterYear {
		b := p.before(i)
		if w == "本季" && p.nextIn(k, "节") {
			return fail()
		}
		switch {
		case strings.HasPrefix(w, "季"):
			if isNumLike(b) || (b != 0 && in("每个本下上第这", b)) {
				return fail()
			}
			h = p.quarterSpan(p.ry, cur)
			k = i + len("季度")
			if strings.HasPrefix(w, "季末") || strings.HasPrefix(w, "季初") {
				k = i + len("季")
			}
		case strings.HasPrefix(w, "下下"):
			h = p.quarterSpan(p.ry, cur+2)
		case strings.HasPrefix(w, "上上"):
			h = p.quarterSpan(p.ry, cur-2)
		case strings.HasPrefix(w, "下"):
			h = p.quarterSpan(p.ry, cur+1)
		case strings.HasPrefix(w, "上"):
			h = p.quarterSpan(p.ry, cur-1)
		default:
			h = p.quarterSpan(p.ry, cur)
		}
		j = k
	} else {
		if k, ok := p.has(j, "第"); ok {
			j = k
		} else if b := p.before(i); !afterYear && (isNumLike(b) || b == '每' || b == '个') {
			return fail()
		}
		r, sz := p.at(j)
		q := cnDigit(r)
		if q == 0 {
			q = zhnum.Digit(r)
		}
		if q < 1 || q > 4 {
			return fail()
		}
		k, ok := p.has(j+sz, "季度")
		if !ok {
			return fail()
		}
		h = p.quarterSpan(y, q)
		j = k
	}
	if k, w, ok := p.any(j, "末", "底", "初"); ok && !(w == "末" && p.nextIn(k, blockAfterMo)) && !(w == "初" && p.nextIn(k, blockAfterChu)) {
		if w == "初" {
			h.end = p.date(h.start.Year(), h.start.Month()+1, 0)
		} else {
			h.start = p.date(h.end.Year(), h.end.Month(), 1)
		}
		h.fuzzy = true
		j = k
	}
	return h, j, true
}

// fiveYearPlan reads 十四五期间/时期 (the plan's five years), 十四五末 (its
// last year, Fuzzy) and 十四五初 (its first year, Fuzzy), with or without
// quotes. A bare 十四五 (十四五规划) names a plan, not a time, and is skipped.
func (p *scanner) fiveYearPlan(i int) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	j := i
	quoted := false
	if k, _, ok := p.any(i, "“", "\"", "「", "『", "‘", "'"); ok {
		j, quoted = k, true
	}
	if !quoted && isCnNum(p.before(i)) {
		return fail()
	}
	k, ok := p.has(j, "十")
	if !ok {
		return fail()
	}
	r, sz := p.at(k)
	d := cnDigit(r)
	var n int
	switch {
	case d > 0 && p.peek(k+sz) == '五':
		n = 10 + d
		k += sz + len("五")
	case d == 5:
		n = 10
		k += sz
	default:
		return fail()
	}
	if quoted {
		if l, _, ok := p.any(k, "”", "\"", "」", "』", "’", "'"); ok {
			k = l
		}
	}
	l, w, ok := p.any(k, "期间", "时期", "期末", "末", "期初", "初")
	if !ok {
		return fail()
	}
	y := 1966 + 5*(n-3)
	h := hit{start: p.date(y, 1, 1), end: p.date(y+4, 12, 31), year: y + 4}
	switch w {
	case "期末", "末":
		h.start, h.fuzzy = p.date(y+4, 1, 1), true
	case "期初", "初":
		h.end, h.fuzzy = p.date(y, 12, 31), true
	}
	return h, l, true
}
