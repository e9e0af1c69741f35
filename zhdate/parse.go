package zhdate

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/zhnum"
)

// Runes that, right after a matched marker, show the marker is really the
// first half of another word: 前后, 前夕 (handled apart), 前期, 内容, 内涵,
// 内部, 止步 …
const (
	blockAfterQian = "后夕期列沿景身途者任瞻端台线锋卫茅哨缀奏"
	blockAfterNei  = "容涵部心外地科蒙阁侧需控网勤务政宣销江陆河资化"
	blockAfterZhi  = "步损血境息痛"
	// 初中, 初一, 初步, 初稿 … follow 年初/月初 in real text.
	blockAfterChu = "中一二三步稿审赛选级心见评任次始等检验筛具衷期创"
	blockAfterMo  = "位尾端梢节期考"
	// 2026年级, 今年龄, 本年纪 …
	blockAfterYear = "级龄纪轻限鉴薪"
	// Verbs that absorb 到/至 (达到, 提升至, 甚至) so they do not mark a deadline.
	blockBeforeDao = "达得做受收找看想遇感提回来说谈讲送报迟签拿听见轮用赶推延放移调升降增减扩压排落安分派交带转"
	blockBeforeZhi = "升增降延推扩达以乃甚移调提减缩压放改迟"
	// A standalone 年底/年内/年初 glued to these is part of another word
	// (青少年, 学年, 多年, 全年…): those are handled elsewhere or are no dates.
	blockBeforeYearWord = "学周每少青成老童晚新历逐往近常同整多若长壮数去今明本当后来次翌上下隔连几个跨历经该"
	// Measure words after 周一…周日 show a count (每周三节课), not a weekday.
	measureAfterWeekday = "次节个课场篇回份项名本期轮组批周年人小讲堂天届位"
	// 周日常, 周日程 …: 日 begins another word.
	blockAfterSunday = "常程期志记报益趋渐夜均间历用"
	blockBeforeOpen  = "召展公离打拉分避铺放敞揭张盛举睁推撇隔错散摊传敲解"
	blockAfterOpen   = "习校院科术者生员堂"
)

// qianOK reports whether a 前 ending at l is the marker "before" and not
// the start of 前期, 前列, or a count such as 前三季度 or 前10名.
func (p *scanner) qianOK(l int) bool {
	return !p.nextIn(l, blockAfterQian) && !isNumLike(p.peek(l))
}

func (p *scanner) baseCtx() ctx { return ctx{year: p.ry, month: p.rm} }

// match tries every expression that can start at i.
func (p *scanner) match(i int) (hit, int, bool) {
	f := p.flags(i)
	if f&fPrefixed != 0 {
		if h, j, ok := p.prefixed(i); ok {
			return h, j, true
		}
	}
	if f&fCadence != 0 {
		if h, j, ok := p.cadence(i); ok {
			return h, j, true
		}
	}
	if h, j, ok := p.rangeOrPoint(i, p.baseCtx(), f); ok {
		h, j = p.suffix(h, j)
		return h, j, true
	}
	if f&fDuration == 0 {
		return hit{}, i, false
	}
	if h, j, ok := p.duration(i); ok {
		return h, j, true
	}
	return hit{}, i, false
}

// prefixed handles 截至/截止 X, 到 X and 至 X(止): all set a deadline at the
// end of X ("到2027年" is a target to be met by the end of 2027).
func (p *scanner) prefixed(i int) (hit, int, bool) {
	j, _, ok := p.any(i, "截至到", "截止到", "截止至", "截至", "截止")
	if !ok {
		r, sz := p.at(i)
		switch r {
		case '到':
			if p.before(i) != 0 && in(blockBeforeDao, p.before(i)) {
				return hit{}, i, false
			}
		case '至':
			if p.before(i) != 0 && in(blockBeforeZhi, p.before(i)) {
				return hit{}, i, false
			}
		default:
			return hit{}, i, false
		}
		j = i + sz
	}
	k := p.skipSpace(j)
	h, l, ok := p.rangeOrPoint(k, p.baseCtx(), p.flags(k))
	if !ok {
		return hit{}, i, false
	}
	h, l = p.suffix(h, l)
	h.deadline = true
	return h, l, true
}

// suffix applies the marker after an expression: 前/以前/之前 (deadline;
// for a landmark, the day before it), 内/以内/之内 and 止/为止 (deadline at
// its end), 前后/左右/前夕 (approximate) and 期间 (no change).
func (p *scanner) suffix(h hit, j int) (hit, int) {
	if h.gran == gDay {
		// 9月30日17:00前, 9月30日下午5点前: the clock time only narrows the
		// day, and is kept in Text only when a marker follows it.
		if k, ok := p.clock(j); ok {
			if h2, l := p.suffix(hit{start: h.start, end: h.end, gran: gOther}, k); l > k {
				h.deadline, h.fuzzy = h2.deadline, h.fuzzy || h2.fuzzy
				return h, l
			}
		}
	}
	if l, ok := p.has(j, "前后"); ok {
		h.fuzzy = true
		return h, l
	}
	if l, ok := p.has(j, "前夕"); ok {
		d := h.start.AddDate(0, 0, -1)
		h.start, h.end, h.fuzzy = d, d, true
		return h, l
	}
	if l, _, ok := p.any(j, "下班以前", "下班之前", "下班前"); ok && h.gran == gDay {
		// 周五下班前: due at the end of that working day.
		h.deadline = true
		return h, l
	}
	if l, w, ok := p.any(j, "以前", "之前", "前"); ok && (w != "前" || p.qianOK(l)) {
		h.deadline = true
		if h.event {
			d := h.start.AddDate(0, 0, -1)
			h.start, h.end = d, d
		}
		return h, l
	}
	if l, w, ok := p.any(j, "以内", "之内", "内"); ok && !(w == "内" && p.nextIn(l, blockAfterNei)) {
		h.deadline = true
		return h, l
	}
	if l, _, ok := p.any(j, "为止", "止"); ok && !p.nextIn(l, blockAfterZhi) {
		h.deadline = true
		return h, l
	}
	if l, ok := p.has(j, "左右"); ok {
		h.fuzzy = true
		return h, l
	}
	if l, ok := p.has(j, "期间"); ok {
		return h, l
	}
	return h, j
}

// clock reads a time of day after a date: 17:00, 17：30, 17时, 下午5点, 5点半.
func (p *scanner) clock(i int) (int, bool) {
	j := p.skipSpace(i)
	if k, _, ok := p.any(j, "上午", "中午", "下午", "晚上", "早上"); ok {
		j = k
	}
	v, n, k := p.arabic(j)
	if n == 0 {
		var ok bool
		if v, k, ok = p.cnSmall(j, true); !ok {
			return i, false
		}
	} else if n > 2 {
		return i, false
	}
	if v > 24 {
		return i, false
	}
	if l, _, ok := p.any(k, ":", "："); ok {
		if _, n, e := p.arabic(l); n == 2 {
			return e, true
		}
		return i, false
	}
	if l, _, ok := p.any(k, "时", "点"); ok {
		if e, _, ok := p.any(l, "整", "半"); ok {
			return e, true
		}
		if _, n, e := p.arabic(l); n == 2 {
			if e2, ok := p.has(e, "分"); ok {
				return e2, true
			}
		}
		return l, true
	}
	return i, false
}

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
		c2.year++
		if h3, l3, ok := p.point(k, c2, f2); ok && l3 == l {
			h2 = h3
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

// point reads one date expression that is not a range, a cadence or a
// duration.
func (p *scanner) point(i int, c ctx, f uint32) (hit, int, bool) {
	if f == 0 {
		return hit{}, i, false
	}
	if f&fIso != 0 {
		// The length of a leading number already rules out most rules:
		// only four digits make a year, only one or two a month or day.
		switch _, n, _ := p.arabic(i); {
		case n == 4:
			f &^= fMonth | fBareDay | fQuarter
		case n <= 2:
			f &^= fIso | fYear
			if n == 2 {
				f &^= fQuarter
			}
		default:
			return hit{}, i, false
		}
	}
	if f&fIso != 0 {
		if h, j, ok := p.iso(i); ok {
			return h, j, true
		}
	}
	if f&fYear != 0 {
		if h, j, ok := p.yearPhrase(i, c); ok {
			return h, j, true
		}
	}
	if f&fMonth != 0 {
		if h, j, ok := p.monthPhrase(i, c, false); ok {
			return h, j, true
		}
	}
	if f&fBareDay != 0 {
		if h, j, ok := p.bareDay(i, c); ok {
			return h, j, true
		}
	}
	if f&fYearWords != 0 {
		if h, j, ok := p.yearWords(i, c); ok {
			return h, j, true
		}
	}
	if f&fMonthWords != 0 {
		if h, j, ok := p.monthWords(i); ok {
			return h, j, true
		}
	}
	if f&fQuarter != 0 {
		if h, j, ok := p.quarter(i, c.year, false); ok {
			return h, j, true
		}
	}
	if f&fRelative != 0 {
		if h, j, ok := p.relative(i); ok {
			return h, j, true
		}
	}
	if f&fSchool != 0 {
		if h, j, ok := p.school(i, c.year, false); ok {
			return h, j, true
		}
	}
	if f&fHoliday != 0 {
		if h, j, ok := p.holiday(i, c.year, false); ok {
			return h, j, true
		}
	}
	if f&fFyp != 0 {
		if h, j, ok := p.fiveYearPlan(i); ok {
			return h, j, true
		}
	}
	return hit{}, i, false
}

// dayHit is the single day y-m-d.
func (p *scanner) dayHit(y int, m time.Month, d int) hit {
	t := p.date(y, m, d)
	return hit{start: t, end: t, gran: gDay, year: y, month: m}
}

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

// year reads a year designator: 2026年, 二〇二六年, 今年, 明年, 去年, 次年.
// 次年/翌年 count from the context year, so "12月至次年1月" works.
func (p *scanner) year(i int, c ctx) (int, int, bool) {
	r, _ := p.at(i)
	if zhnum.Digit(r) >= 0 {
		if isNumLike(p.before(i)) {
			return 0, i, false
		}
		v, n, j := p.arabic(i)
		if n != 4 || v < 1900 || v > 2100 {
			return 0, i, false
		}
		if l, ok := p.has(p.skipSpace(j), "年"); ok {
			return v, l, true
		}
		return 0, i, false
	}
	if d := cnDigit(r); d == 1 || d == 2 {
		if isCnNum(p.before(i)) {
			return 0, i, false
		}
		v, n, size := zhnum.CnDigits(p.s[i:])
		if l, ok := p.has(i+size, "年"); ok && n == 4 && v >= 1900 && v <= 2100 {
			return int(v), l, true
		}
		return 0, i, false
	}
	j, w, ok := p.any(i, "今年", "本年", "明年", "来年", "次年", "翌年", "去年", "上一年", "上年")
	if !ok {
		return 0, i, false
	}
	switch w {
	case "今年", "本年":
		return p.ry, j, true
	case "明年", "来年":
		return p.ry + 1, j, true
	case "次年", "翌年":
		return c.year + 1, j, true
	}
	return p.ry - 1, j, true
}

func (p *scanner) yearSpan(y int) hit {
	return hit{start: p.date(y, 1, 1), end: p.date(y, 12, 31), gran: gYear, year: y, explicit: true}
}

// yearPhrase reads a year designator and whatever narrows it: a month, a
// part of the year, a quarter, a school period or a holiday.
func (p *scanner) yearPhrase(i int, c ctx) (hit, int, bool) {
	y, j, ok := p.year(i, c)
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
	return p.yearSpan(y), j, true
}

// yearPart reads the part of year y named at j. 上半年 ends 06-30, 下半年
// starts 07-01; 年底/年末 is December (End 12-31) and 年初 is January (Start
// 01-01), both Fuzzy because plans use them loosely.
func (p *scanner) yearPart(j, y int) (hit, int, bool) {
	// 前三季度, 前两个月: the first N quarters or months of the year.
	if k, ok := p.has(j, "前"); ok {
		if n, l, ok := p.countNum(k); ok && n > 0 {
			if e, ok := p.has(l, "季度"); ok && n <= 4 {
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

// monthPhrase reads a month (9月, 十二月, 本月, 下月, 上月) and what narrows
// it: a day (N日/N号, which must exist), 月初 (1st–5th), 上旬 (1st–10th), 中旬
// (11th–20th), 下旬 (21st–last), 上中旬, 中下旬 (all Fuzzy) or 月底/月末 (the
// last day, exact: "9月底前" is due on 09-30). A month without a year is in
// the context year. Relative months only stand alone (afterYear false).
func (p *scanner) monthPhrase(i int, c ctx, afterYear bool) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	y := c.year
	var m, j int
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
		k, w, ok := p.any(i, "本月", "这个月", "下个月", "下月", "次月", "上个月", "上月")
		if !ok {
			return fail()
		}
		off := 0
		switch w {
		case "下个月", "下月", "次月":
			off = 1
		case "上个月", "上月":
			off = -1
		}
		t := p.date(p.ry, p.rm+time.Month(off), 1)
		y, m, j = t.Year(), int(t.Month()), k
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

// bareDay reads a day without a month ("25日前"), in the reference month.
// Alone it needs a 前 marker, because a lone "20日" in a summary is more
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
	if !c.dayOK {
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
	if k, w, ok := p.any(i, "本季度", "本季", "这个季度", "下一季度", "下个季度", "下季度", "上一季度", "上个季度", "上季度", "季度末", "季度初", "季末", "季初"); ok && !afterYear {
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

// weekStart is the Monday of the week holding t (weeks start on Monday).
func (p *scanner) weekStart(t time.Time) time.Time {
	off := (int(t.Weekday()) + 6) % 7
	return t.AddDate(0, 0, -off)
}

// weekday reads 一…六, 日 or 天 after 周/星期/礼拜 and returns 1 (Monday) to
// 7 (Sunday); it refuses counts such as "每周三节课".
func (p *scanner) weekday(j int) (int, int, bool) {
	r, sz := p.at(j)
	d := cnDigit(r)
	switch {
	case d >= 1 && d <= 6:
	case r == '日' || r == '天':
		d = 7
		if p.nextIn(j+sz, blockAfterSunday) {
			return 0, j, false
		}
	default:
		return 0, j, false
	}
	if p.nextIn(j+sz, measureAfterWeekday) || isNumLike(p.peek(j+sz)) {
		return 0, j, false
	}
	return d, j + sz, true
}

// relative reads 今天, 明天, 昨天, 后天 and week words: 本周, 下周, 上周
// (Monday to Sunday), 下周一, 本周末 (Saturday and Sunday), and a bare 周五
// or 星期五 in the reference week.
func (p *scanner) relative(i int) (hit, int, bool) {
	if k, w, ok := p.any(i, "今天", "今日", "明天", "明日", "昨天", "昨日", "后天", "即日"); ok {
		if w == "即日" && !p.nextIn(k, "起") {
			// 即日 is a date only in 即日起 ("from today").
			return hit{}, i, false
		}
		off := map[string]int{"今天": 0, "今日": 0, "明天": 1, "明日": 1, "昨天": -1, "昨日": -1, "后天": 2}[w]
		t := p.ref.AddDate(0, 0, off)
		return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, k, true
	}
	off := 0
	j, w, ok := p.any(i, "本", "这个", "这", "下个", "下一", "下", "上个", "上一", "上")
	if ok {
		if strings.HasPrefix(w, "下") {
			off = 1
		} else if strings.HasPrefix(w, "上") {
			off = -1
		}
		k, _, ok := p.any(j, "周", "星期", "礼拜")
		if !ok {
			return hit{}, i, false
		}
		mon := p.weekStart(p.ref).AddDate(0, 0, 7*off)
		if l, ok := p.has(k, "末"); ok {
			return hit{start: mon.AddDate(0, 0, 5), end: mon.AddDate(0, 0, 6), year: mon.Year()}, l, true
		}
		if d, l, ok := p.weekday(k); ok {
			t := mon.AddDate(0, 0, d-1)
			return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, l, true
		}
		if p.nextIn(k, "期年边岁密全转折刊报围长") {
			return hit{}, i, false
		}
		return hit{start: mon, end: mon.AddDate(0, 0, 6), year: mon.Year()}, k, true
	}
	k, _, ok := p.any(i, "周", "星期", "礼拜")
	if !ok {
		return hit{}, i, false
	}
	if b := p.before(i); isNumLike(b) || (b != 0 && in("每本这下上个几第隔逐", b)) {
		return hit{}, i, false
	}
	d, l, ok := p.weekday(k)
	if !ok {
		return hit{}, i, false
	}
	t := p.weekStart(p.ref).AddDate(0, 0, d-1)
	return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, l, true
}

// termTail narrows a term to 开学 (its first day), 开学初/初 (its first two
// weeks), 末/期末 (its last two weeks) or 结束 (its last day); school words
// are Fuzzy because calendars differ by region.
func (p *scanner) termTail(per span, j int) (hit, int) {
	h := hit{start: per.s, end: per.e, fuzzy: true, event: true, year: per.s.Year()}
	if k, w, ok := p.any(j, "开学初", "开学", "期末", "末", "初", "结束"); ok {
		if (w == "末" && p.nextIn(k, blockAfterMo)) || (w == "初" && p.nextIn(k, blockAfterChu)) {
			return h, j
		}
		switch w {
		case "开学":
			h.end = h.start
		case "开学初", "初":
			h.end = h.start.AddDate(0, 0, 13)
			h.event = false
		case "期末", "末":
			h.start = h.end.AddDate(0, 0, -13)
			h.event = false
		case "结束":
			h.start = h.end
			h.event = false
		}
		j = k
	}
	return h, j
}

// school reads school-calendar words. Named periods (春学期, 秋季学期, 暑假,
// 寒假, 春季开学) take year y; relative ones (本学期, 下学期, 学期末, 开学,
// 本学年) follow the reference date. All are landmarks: "暑假前" is the day
// before the vacation begins.
func (p *scanner) school(i, y int, afterYear bool) (hit, int, bool) {
	switch p.peek(i) {
	case '春', '秋', '暑', '寒':
		return p.schoolNamed(i, y, afterYear)
	}
	if afterYear {
		return hit{}, i, false
	}
	return p.schoolRelative(i)
}

// schoolNamed reads the named periods of school(), which begin with 春, 秋,
// 暑 or 寒.
func (p *scanner) schoolNamed(i, y int, afterYear bool) (hit, int, bool) {
	c := p.cal
	if k, w, ok := p.any(i, "春季学期", "春学期", "秋季学期", "秋学期", "春季开学", "秋季开学", "暑期", "暑假", "寒假"); ok {
		var per span
		switch w {
		case "春季学期", "春学期", "春季开学":
			per = p.occ(c.SpringTerm, y)
		case "秋季学期", "秋学期", "秋季开学":
			per = p.occ(c.AutumnTerm, y)
		case "暑期", "暑假":
			per = p.occ(c.SummerVacation, y)
		case "寒假":
			per = p.winter()
			if afterYear {
				per = p.occ(c.WinterVacation, y)
			}
		}
		if strings.HasSuffix(w, "开学") {
			h := hit{start: per.s, end: per.s, fuzzy: true, event: true, year: per.s.Year()}
			if l, ok := p.has(k, "初"); ok && !p.nextIn(l, blockAfterChu) {
				h.end, h.event = h.start.AddDate(0, 0, 13), false
				k = l
			}
			return h, k, true
		}
		h := hit{start: per.s, end: per.e, fuzzy: true, event: true, year: per.s.Year()}
		if strings.HasSuffix(w, "学期") {
			h, k = p.termTail(per, k)
		}
		return h, k, true
	}
	if afterYear {
		// 2025年秋季 (招生, 学期 …): in a school plan the season of a year
		// is its term.
		if k, w, ok := p.any(i, "春季", "秋季"); ok {
			per := p.occ(c.SpringTerm, y)
			if w == "秋季" {
				per = p.occ(c.AutumnTerm, y)
			}
			return hit{start: per.s, end: per.e, fuzzy: true, event: true, year: per.s.Year()}, k, true
		}
	}
	return hit{}, i, false
}

// schoolRelative reads the school words of school() that follow the
// reference date.
func (p *scanner) schoolRelative(i int) (hit, int, bool) {
	if k, w, ok := p.any(i, "本学期", "这学期", "新学期", "下一学期", "下学期", "上一学期", "上学期"); ok {
		per := p.currentTerm()
		switch w {
		case "下一学期", "下学期":
			per = p.nextTerm()
		case "上一学期", "上学期":
			per = p.prevTerm()
		}
		h, l := p.termTail(per, k)
		return h, l, true
	}
	if k, w, ok := p.any(i, "学期末", "学期初", "学期结束", "期末"); ok {
		if w == "期末" {
			if b := p.before(i); b != 0 && b >= 0x4e00 && !in("在于至和及与到近临或的前", b) {
				return hit{}, i, false
			}
		}
		at := i + len("学期")
		if w == "期末" {
			at = i
		}
		h, _ := p.termTail(p.currentTerm(), at)
		return h, k, true
	}
	if k, ok := p.has(i, "开学"); ok {
		if b := p.before(i); (b != 0 && in(blockBeforeOpen, b)) || p.nextIn(k, blockAfterOpen) {
			return hit{}, i, false
		}
		t := p.openingDay()
		h := hit{start: t, end: t, fuzzy: true, event: true, year: t.Year()}
		if l, ok := p.has(k, "初"); ok && !p.nextIn(l, blockAfterChu) {
			h.end, h.event = t.AddDate(0, 0, 13), false
			k = l
		}
		return h, k, true
	}
	if k, _, ok := p.any(i, "本学年度", "本学年", "这学年"); ok {
		sy := p.currentSchoolYear()
		return hit{start: sy.s, end: sy.e, fuzzy: true, year: sy.e.Year()}, k, true
	}
	return hit{}, i, false
}

// holiday reads a holiday name from the calendar, longest first. Names
// written with numerals (五一, 六一) must stand apart from other numbers
// (第五一, 五一中学 are not holidays).
func (p *scanner) holiday(i, y int, afterYear bool) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	var best *Holiday
	bestLen := 0
	for _, hn := range p.holidayNames(p.peek(i)) {
		if _, ok := p.has(i, hn.name); ok && len(hn.name) > bestLen {
			best, bestLen = hn.h, len(hn.name)
		}
	}
	if best == nil {
		return fail()
	}
	j := i + bestLen
	if r := p.peek(i); cnDigit(r) > 0 || r == '十' {
		if b := p.before(i); isNumLike(b) || (b != 0 && in("第每", b)) {
			return fail()
		}
		if r2 := p.peek(j); isNumLike(r2) || (r2 != 0 && in("年月日号个次名所项人元届班级中小周天位条点路街村大广道桥厂镇乡学校场剧电农队军", r2)) {
			return fail()
		}
	}
	first := func(y int) (time.Time, bool) {
		if best.Dates != nil {
			md, ok := best.Dates[y]
			if !ok {
				return time.Time{}, false
			}
			return p.md(md, y), true
		}
		return p.md(best.Date, y), true
	}
	s, ok := first(y)
	if !ok {
		return fail()
	}
	if best.Upcoming && !afterYear && s.Before(p.ref) {
		if s, ok = first(y + 1); !ok {
			return fail()
		}
	}
	days := best.Days
	if days < 1 {
		days = 1
	}
	return hit{start: s, end: s.AddDate(0, 0, days-1), event: true, year: s.Year()}, j, true
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

// addMonths adds n months to t, clamping to the month's last day
// (1月31日 plus one month is 2月28日, not 3月3日).
func (p *scanner) addMonths(t time.Time, n int) time.Time {
	first := p.date(t.Year(), t.Month()+time.Month(n), 1)
	d := t.Day()
	if last := daysIn(first.Year(), first.Month()); d > last {
		d = last
	}
	return p.date(first.Year(), first.Month(), d)
}

// duration reads spans counted from the reference date: 30日内, 两个月内,
// 5个工作日内, 一周内, 半年内 (deadlines) and 两年时间, 3—5年时间, 5至10年努力
// (deadlines too, Fuzzy: "力争用两年时间" sets a target date). Start is the
// reference day, End the reference day plus the span (the larger count of a
// range). Without 内/时间/努力 a count is not a date.
func (p *scanner) duration(i int) (hit, int, bool) {
	fail := func() (hit, int, bool) { return hit{}, i, false }
	n, j, ok := p.countNum(i)
	if !ok {
		return fail()
	}
	if k, ok := p.connector(j); ok && n > 0 {
		if n2, l, ok := p.countNum(k); ok && n2 > n {
			n, j = n2, l
		}
	}

	k, unit, ok := p.any(j, "个工作日", "工作日", "个小时", "小时", "个星期", "星期", "个季度", "个月", "周", "天", "日", "年", "月")
	if !ok {
		return fail()
	}
	half := n < 0
	if half && unit != "年" && unit != "个月" && unit != "月" {
		return fail()
	}
	fuzzy := false
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
		end = t
		for left := n; left > 0; {
			end = end.AddDate(0, 0, 1)
			if wd := end.Weekday(); wd != time.Saturday && wd != time.Sunday {
				left--
			}
		}
	case "个小时", "小时":
		end = t.AddDate(0, 0, (n+23)/24)
	case "个星期", "星期", "周":
		end = t.AddDate(0, 0, 7*n)
	case "天", "日":
		end = t.AddDate(0, 0, n)
	case "个季度":
		end = p.addMonths(t, 3*n)
	case "个月", "月":
		if half {
			end = t.AddDate(0, 0, 15)
		} else {
			end = p.addMonths(t, n)
		}
	case "年":
		if half {
			end = p.addMonths(t, 6)
		} else {
			end = p.addMonths(t, 12*n)
		}
	}
	return hit{start: t, end: end, fuzzy: fuzzy, deadline: true}, k, true
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
