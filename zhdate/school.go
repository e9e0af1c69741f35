package zhdate

// Terms, school words and holidays: 春学期, 开学, 暑假, 寒假, 国庆节.

import (
	"strings"
	"time"
)

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
	if k, ok := p.has(i, "第"); ok {
		return p.termWeek(i, k)
	}
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
		md, ok := best.on(y)
		return p.md(md, y), ok
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
	h := hit{start: s, end: s.AddDate(0, 0, days-1), event: true, year: s.Year()}
	// 中秋国庆, 元旦春节: two holidays named together are one stretch, so
	// "中秋国庆前" is before the first of them.
	if h2, k, ok := p.holiday(j, y, afterYear); ok {
		if h2.start.Before(h.start) {
			h.start = h2.start
		}
		if h2.end.After(h.end) {
			h.end = h2.end
		}
		j = k
	}
	return h, j, true
}

// termWeek reads 第N周 standing alone: the N-th week of the current term
// (or of the coming one in a vacation), counting the Monday-to-Sunday week
// that holds the opening day as week 1, as school calendars do. It is
// Fuzzy like every school word.
func (p *scanner) termWeek(i, k int) (hit, int, bool) {
	n, l, ok := p.countNum(k)
	if !ok || n < 1 || n > 30 {
		return hit{}, i, false
	}
	e, _, ok := p.any(l, "周", "个星期", "星期")
	if !ok || p.nextIn(e, "年岁期末内一二三四五六日天") {
		return hit{}, i, false
	}
	mon := p.weekStart(p.currentTerm().s).AddDate(0, 0, 7*(n-1))
	return hit{start: mon, end: mon.AddDate(0, 0, 6), fuzzy: true, year: mon.Year()}, e, true
}
