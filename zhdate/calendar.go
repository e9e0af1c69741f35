package zhdate

import "time"

// MonthDay is a day of the year without a year, such as 9月1日.
type MonthDay struct {
	Month time.Month
	Day   int
}

// Period is a recurring stretch of the school year given by its first and
// last day; when End falls before Start the period runs into the next year
// (an autumn term that ends in January).
type Period struct {
	Start MonthDay
	End   MonthDay
}

// Holiday is a named day or short holiday that plans use as a landmark,
// such as 国庆节; "国庆节前" means the day before it begins.
type Holiday struct {
	// Names are the spellings that denote the holiday, e.g. "国庆节", "国庆".
	Names []string
	// Date is its first day in every year, unless Dates has the year.
	Date MonthDay
	// Days is its length; zero means one day.
	Days int
	// Dates holds the first day for given years, ahead of every other
	// field; when only Dates is set, other years resolve to nothing.
	Dates map[int]MonthDay
	// Lunar, when set, is the holiday's day in the Chinese lunar calendar
	// (正月初一 is {1, 1} for 春节, {8, 15} is 中秋), turned into each year's
	// date by LunarDate.
	Lunar MonthDay
	// Term, when set, names the solar term the holiday falls on (清明,
	// 冬至), found for each year by SolarTerm.
	Term string
	// Offset moves the day that Lunar or Term give: 除夕 is 春节 minus one.
	Offset int
	// Upcoming makes a bare name resolve to the next occurrence on or after
	// the reference date rather than the one in the plan's year. It is set
	// for 元旦, 除夕, 春节 and 元宵, which sit on the boundary of the plan
	// year: a plan's "元旦前" means the close of the plan year, and one
	// written in December means the coming 春节, not one already past.
	Upcoming bool
}

// Calendar is the school calendar used to resolve school words (学期, 开学,
// 暑假, 寒假, 学年) and holidays. Dates differ between provinces and years,
// so every school word resolves Fuzzy.
type Calendar struct {
	// SpringTerm is 春学期/春季学期/第二学期; its Start is 春季开学.
	SpringTerm Period
	// SummerVacation is 暑假/暑期.
	SummerVacation Period
	// AutumnTerm is 秋学期/秋季学期/第一学期; its Start is 秋季开学 and
	// the start of a 学年.
	AutumnTerm Period
	// WinterVacation is 寒假; a bare 寒假 is the one that closes the autumn
	// term current at the reference date.
	WinterVacation Period
	// Holidays are matched by name, longest name first.
	Holidays []Holiday
}

// DefaultCalendar is a typical mainland school calendar: the autumn term
// runs 9月1日 to 1月19日, winter vacation 1月20日 to 2月19日, the spring term
// 2月20日 to 7月10日 and summer vacation 7月11日 to 8月31日, so the four
// periods tile the year. Holidays are the fixed-date public and school
// holidays, the lunar festivals (除夕, 春节, 元宵, 端午, 七夕, 中秋, 重阳)
// and the solar terms 清明 and 冬至, for any year from 1900 to 2100.
var DefaultCalendar = Calendar{
	SpringTerm:     Period{MonthDay{time.February, 20}, MonthDay{time.July, 10}},
	SummerVacation: Period{MonthDay{time.July, 11}, MonthDay{time.August, 31}},
	AutumnTerm:     Period{MonthDay{time.September, 1}, MonthDay{time.January, 19}},
	WinterVacation: Period{MonthDay{time.January, 20}, MonthDay{time.February, 19}},
	Holidays: []Holiday{
		{Names: []string{"元旦节", "元旦"}, Date: MonthDay{time.January, 1}, Days: 1, Upcoming: true},
		{Names: []string{"除夕"}, Lunar: MonthDay{1, 1}, Offset: -1, Upcoming: true},
		{Names: []string{"春节"}, Lunar: MonthDay{1, 1}, Days: 7, Upcoming: true},
		{Names: []string{"大年初一", "正月初一"}, Lunar: MonthDay{1, 1}, Upcoming: true},
		{Names: []string{"元宵节", "元宵"}, Lunar: MonthDay{1, 15}, Upcoming: true},
		{Names: []string{"三八妇女节", "三八节", "妇女节"}, Date: MonthDay{time.March, 8}},
		{Names: []string{"植树节"}, Date: MonthDay{time.March, 12}},
		{Names: []string{"清明节", "清明"}, Term: "清明"},
		{Names: []string{"五一国际劳动节", "五一劳动节", "劳动节", "五一"}, Date: MonthDay{time.May, 1}, Days: 5},
		{Names: []string{"五四青年节", "青年节"}, Date: MonthDay{time.May, 4}},
		{Names: []string{"六一国际儿童节", "六一儿童节", "儿童节", "六一"}, Date: MonthDay{time.June, 1}},
		{Names: []string{"端午节", "端午"}, Lunar: MonthDay{5, 5}},
		{Names: []string{"七一建党节", "建党节", "七一"}, Date: MonthDay{time.July, 1}},
		{Names: []string{"七夕节", "七夕"}, Lunar: MonthDay{7, 7}},
		{Names: []string{"八一建军节", "建军节", "八一"}, Date: MonthDay{time.August, 1}},
		{Names: []string{"教师节"}, Date: MonthDay{time.September, 10}},
		{Names: []string{"中秋节", "中秋"}, Lunar: MonthDay{8, 15}},
		{Names: []string{"国庆节", "国庆", "十一黄金周", "十一长假", "十一假期"}, Date: MonthDay{time.October, 1}, Days: 7},
		{Names: []string{"重阳节", "重阳"}, Lunar: MonthDay{9, 9}},
		{Names: []string{"冬至"}, Term: "冬至"},
	},
}

// on returns the first day of h in year y, and whether h has one that year.
func (h *Holiday) on(y int) (MonthDay, bool) {
	if md, ok := h.Dates[y]; ok {
		return md, true
	}
	var m time.Month
	var d int
	var ok bool
	switch {
	case h.Lunar != MonthDay{}:
		m, d, ok = LunarDate(y, int(h.Lunar.Month), h.Lunar.Day)
	case h.Term != "":
		m, d, ok = SolarTerm(y, h.Term)
	case h.Dates != nil:
		return MonthDay{}, false
	default:
		return h.Date, true
	}
	if !ok {
		return MonthDay{}, false
	}
	t := time.Date(y, m, d+h.Offset, 0, 0, 0, 0, time.UTC)
	return MonthDay{t.Month(), t.Day()}, t.Year() == y
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// span is a resolved stretch of days.
type span struct{ s, e time.Time }

// md returns the day md in year y, clamping a day past the month's end (a
// configured 2月30日) to the last day so a bad calendar cannot panic.
func (p *scanner) md(x MonthDay, y int) time.Time {
	m := x.Month
	if m < time.January || m > time.December {
		m = time.January
	}
	d := x.Day
	if d < 1 {
		d = 1
	}
	if n := daysIn(y, m); d > n {
		d = n
	}
	return p.date(y, m, d)
}

// occ returns the occurrence of per that starts in year y.
func (p *scanner) occ(per Period, y int) span {
	s := p.md(per.Start, y)
	e := p.md(per.End, y)
	if e.Before(s) {
		e = p.md(per.End, y+1)
	}
	return span{s, e}
}

// terms lists the terms around the reference year in order.
func (p *scanner) terms() [6]span {
	c := p.cal
	y := p.ry
	t := [6]span{
		p.occ(c.SpringTerm, y-1), p.occ(c.AutumnTerm, y-1),
		p.occ(c.SpringTerm, y), p.occ(c.AutumnTerm, y),
		p.occ(c.SpringTerm, y+1), p.occ(c.AutumnTerm, y+1),
	}
	// A calendar may put the spring term after the autumn one; keep order.
	for i := 1; i < len(t); i++ {
		for j := i; j > 0 && t[j].s.Before(t[j-1].s); j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
	return t
}

// termAt returns the index of the term containing ref, or of the next term
// when ref falls in a vacation, and whether ref is inside it.
func (p *scanner) termAt() (t [6]span, idx int, in bool) {
	t = p.terms()
	for i, x := range t {
		if !x.e.Before(p.ref) {
			return t, i, !x.s.After(p.ref)
		}
	}
	return t, len(t) - 1, false
}

// currentTerm is 本学期: the term containing ref, or the coming term during
// a vacation (a summer plan's 本学期 is the autumn term it prepares).
func (p *scanner) currentTerm() span {
	t, i, _ := p.termAt()
	return t[i]
}

// nextTerm is 下学期: the term after the current one, or the coming term
// during a vacation.
func (p *scanner) nextTerm() span {
	t, i, in := p.termAt()
	if in && i+1 < len(t) {
		return t[i+1]
	}
	return t[i]
}

// prevTerm is 上学期: the term before the current or coming one.
func (p *scanner) prevTerm() span {
	t, i, _ := p.termAt()
	if i > 0 {
		return t[i-1]
	}
	return t[0]
}

// openingDay is a bare 开学: the start of the term that opens next, or of
// the current term while ref is within its first two weeks, because a plan
// written in January says "开学前" about the spring term and one written on
// 9月5日 about the term that has just begun.
func (p *scanner) openingDay() time.Time {
	t, i, in := p.termAt()
	if in {
		if p.ref.Sub(t[i].s) < 14*24*time.Hour || i+1 >= len(t) {
			return t[i].s
		}
		return t[i+1].s
	}
	return t[i].s
}

// winter is a bare 寒假: the winter vacation after the autumn term that is
// current at ref (or that last began before ref).
func (p *scanner) winter() span {
	c := p.cal
	a := p.occ(c.AutumnTerm, p.ry)
	if p.ref.Before(a.s) {
		a = p.occ(c.AutumnTerm, p.ry-1)
	}
	for y := a.s.Year(); y <= a.s.Year()+1; y++ {
		if w := p.occ(c.WinterVacation, y); !w.s.Before(a.s) {
			return w
		}
	}
	return p.occ(c.WinterVacation, p.ry)
}

// schoolYear is the 学年 that starts in the autumn of year y: from the
// autumn term's first day to the day before the next one.
func (p *scanner) schoolYear(y int) span {
	s := p.occ(p.cal.AutumnTerm, y).s
	e := p.occ(p.cal.AutumnTerm, y+1).s.AddDate(0, 0, -1)
	return span{s, e}
}

// currentSchoolYear is 本学年.
func (p *scanner) currentSchoolYear() span {
	y := p.ry
	if p.ref.Before(p.occ(p.cal.AutumnTerm, y).s) {
		y--
	}
	return p.schoolYear(y)
}
