package scheduler

import (
	"sync"
	"time"

	"github.com/duban-bot/duban/holiday"

	"github.com/duban-bot/duban/duban"
)

// Holiday is an inclusive range of days off (config calendar.holidays).
type Holiday struct {
	From, To duban.Date
	Name     string
}

// Calendar knows the bureau's days off and make-up workdays (调休): by
// default the State Council's published arrangements (package holiday),
// with the configuration's own days added (calendar.holidays) and its
// make-up workdays winning over any day off (calendar.workdays). The zero
// Calendar has no holidays: only weekends are days off.
type Calendar struct {
	holidays []Holiday
	workdays map[duban.Date]bool
	official *officialDays // nil: the configuration's days only
}

// officialDays caches the State Council's arrangement of each year asked.
type officialDays struct {
	mu    sync.Mutex
	years map[int]officialYear
}

type officialYear struct {
	off, work map[duban.Date]string
	known     bool
}

func (o *officialDays) year(y int) officialYear {
	o.mu.Lock()
	defer o.mu.Unlock()
	if oy, ok := o.years[y]; ok {
		return oy
	}
	hy, known := holiday.Official(y)
	oy := officialYear{off: map[duban.Date]string{}, work: map[duban.Date]string{}, known: known}
	for _, d := range hy.Off {
		oy.off[d.Date] = d.Name
	}
	for _, d := range hy.Work {
		oy.work[d.Date] = d.Name
	}
	o.years[y] = oy
	return oy
}

// NewCalendar returns the calendar of the given holidays and make-up
// workdays, on top of the official arrangements when official is set. A
// day listed in both is a workday.
func NewCalendar(holidays []Holiday, workdays []duban.Date, official bool) Calendar {
	c := Calendar{holidays: holidays, workdays: map[duban.Date]bool{}}
	for _, d := range workdays {
		c.workdays[d] = true
	}
	if official {
		c.official = &officialDays{years: map[int]officialYear{}}
	}
	return c
}

// YearKnown reports whether the official arrangement of year is known
// (published, and carried by the calendar library), or the configuration
// is all there is (no official calendar): then every year is as known as
// the configuration makes it.
func (c Calendar) YearKnown(year int) bool {
	return c.official == nil || c.official.year(year).known
}

// Holiday reports whether d is a day off — officially or by the
// configuration — and not a make-up workday.
func (c Calendar) Holiday(d duban.Date) bool {
	if c.workdays[d] {
		return false
	}
	for _, h := range c.holidays {
		if !d.Before(h.From) && !d.After(h.To) {
			return true
		}
	}
	if c.official != nil {
		oy := c.official.year(d.Year)
		if _, work := oy.work[d]; work {
			return false
		}
		_, off := oy.off[d]
		return off
	}
	return false
}

// Workday reports whether people work on d: a make-up workday, or a Monday
// to Friday that is no holiday.
func (c Calendar) Workday(d duban.Date) bool {
	if c.workdays[d] {
		return true
	}
	if c.official != nil && !c.Holiday(d) {
		if _, work := c.official.year(d.Year).work[d]; work {
			return true
		}
	}
	wd := d.In(time.UTC).Weekday()
	return wd != time.Saturday && wd != time.Sunday && !c.Holiday(d)
}

// Shift moves a reminder that falls on a holiday to the same time of the
// next workday; any other time is returned as it is. A weekend that is no
// holiday is left alone: the schedule chose that day. A year of holidays
// in a row is taken as a configuration mistake and not shifted.
func (c Calendar) Shift(t time.Time) time.Time {
	d := duban.DateOf(t)
	if !c.Holiday(d) {
		return t
	}
	for i := 1; i <= 366; i++ {
		n := d.AddDays(i)
		if c.Workday(n) {
			return time.Date(n.Year, n.Month, n.Day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
		}
	}
	return t
}
