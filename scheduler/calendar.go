package scheduler

import (
	"time"

	"github.com/duban-bot/duban/duban"
)

// Holiday is an inclusive range of days off (config calendar.holidays).
type Holiday struct {
	From, To duban.Date
	Name     string
}

// Calendar knows the bureau's days off and make-up workdays (调休). The
// zero Calendar has no holidays: only weekends are days off.
type Calendar struct {
	holidays []Holiday
	workdays map[duban.Date]bool
}

// NewCalendar returns the calendar of the given holidays and make-up
// workdays. A day listed in both is a workday.
func NewCalendar(holidays []Holiday, workdays []duban.Date) Calendar {
	c := Calendar{holidays: holidays, workdays: map[duban.Date]bool{}}
	for _, d := range workdays {
		c.workdays[d] = true
	}
	return c
}

// Holiday reports whether d is in a holiday range and not a make-up workday.
func (c Calendar) Holiday(d duban.Date) bool {
	if c.workdays[d] {
		return false
	}
	for _, h := range c.holidays {
		if !d.Before(h.From) && !d.After(h.To) {
			return true
		}
	}
	return false
}

// Workday reports whether people work on d: a make-up workday, or a Monday
// to Friday that is no holiday.
func (c Calendar) Workday(d duban.Date) bool {
	if c.workdays[d] {
		return true
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
