package zhdate

import (
	"time"
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
			if h, j, ok := p.monthDot(i, c); ok {
				return h, j, true
			}
			f &^= fIso
			if n == 2 {
				f &^= fQuarter // but 15年3月, 98年 are years
			} else {
				f &^= fYear
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
