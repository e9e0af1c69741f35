// Package holiday tells the official days off and make-up workdays (调休)
// of a year, as the General Office of the State Council publishes them
// each autumn for the year after, carried by the maintained calendar
// library github.com/6tail/lunar-go (its data runs from 2002 to the last
// year published when the library was released).
//
// It is a package of its own, apart from zhdate, because what it answers
// is not what words mean but whether a given day is worked: the scheduler
// and the `duban calendar` command need it without zhdate's grammar, and
// the configuration overrides and extends it for years the library does
// not know yet.
package holiday

import (
	"sort"
	"strconv"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/duban-bot/duban/duban"
)

// Day is one day of an official arrangement.
type Day struct {
	Date duban.Date
	// Name is the holiday the day belongs to, as the library names it:
	// 元旦节, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节, 国庆中秋 (2020 and
	// 2023, when the two fell together) or 抗战胜利日 (2015).
	Name string
	// Work marks a make-up workday (调休上班), a weekend day worked in
	// exchange for a day off; otherwise the day is off.
	Work bool
}

// Year is one year's arrangement: the days of that calendar year that are
// off or worked by the State Council's notice. A holiday that starts in
// the year before (元旦 days off on 12-30 and 12-31) counts there.
type Year struct {
	Year int
	Off  []Day // the days off, in date order
	Work []Day // the make-up workdays, in date order
}

// Official returns year's arrangement; known is false when the library
// carries no notice for the year (before 2002, or not yet published), in
// which case the Year is empty and only weekends can be told.
func Official(year int) (y Year, known bool) {
	y.Year = year
	if year < 1 || year > 9999 {
		return y, false
	}
	for e := HolidayUtil.GetHolidaysByYear(year).Front(); e != nil; e = e.Next() {
		h := e.Value.(*HolidayUtil.Holiday)
		d, err := duban.ParseDate(h.GetDay())
		if err != nil || d.Year != year {
			continue
		}
		day := Day{Date: d, Name: h.GetName(), Work: h.IsWork()}
		if day.Work {
			y.Work = append(y.Work, day)
		} else {
			y.Off = append(y.Off, day)
		}
	}
	for _, days := range [][]Day{y.Off, y.Work} {
		sort.Slice(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
	}
	return y, published(year)
}

// published reports whether the library holds the notice for year: a day
// that belongs to one of year's holidays. 元旦 days off may fall in the
// December before, so that month is looked at too.
func published(year int) bool {
	y := strconv.Itoa(year)
	for _, key := range []string{y, strconv.Itoa(year-1) + "12"} {
		for e := HolidayUtil.GetHolidays(key).Front(); e != nil; e = e.Next() {
			if t := e.Value.(*HolidayUtil.Holiday).GetTarget(); len(t) >= 4 && t[:4] == y {
				return true
			}
		}
	}
	return false
}

// Known returns the first and the last year whose notice the library
// carries.
func Known() (first, last int) {
	for y := 2000; y <= 2100; y++ {
		if published(y) {
			if first == 0 {
				first = y
			}
			last = y
		}
	}
	return first, last
}
