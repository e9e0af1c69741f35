package zhdate

import (
	"sync"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// Lunar festivals and solar terms come from github.com/6tail/lunar-go, a
// maintained Chinese calendar library, for any year from 1900 to 2100.

// lunarYears bounds the years asked of lunar-go: plans and chats name no
// festival outside them, and the library is only checked within them.
const (
	lunarFirstYear = 1900
	lunarLastYear  = 2100
)

var (
	lunarMu    sync.Mutex
	lunarDays  = map[[3]int]MonthDay{}         // {year, lunar month, lunar day}
	solarTerms = map[int]map[string]MonthDay{} // year → term name → day
)

// LunarDate returns the day of year y's Gregorian calendar on which lunar
// month m, day d of the Chinese lunar year y falls (正月初一 of 2026 is
// 2026-02-17); ok is false for a day the lunar month does not have or a
// year outside 1900–2100. The day before 正月初一 (除夕) falls in the same
// Gregorian year as 正月初一.
func LunarDate(y, m, d int) (time.Month, int, bool) {
	if y < lunarFirstYear || y > lunarLastYear || m < 1 || m > 12 || d < 1 || d > 30 {
		return 0, 0, false
	}
	key := [3]int{y, m, d}
	lunarMu.Lock()
	defer lunarMu.Unlock()
	if md, ok := lunarDays[key]; ok {
		return md.Month, md.Day, md.Day > 0
	}
	var md MonthDay
	// LunarYear.GetMonth and the day count are checked here because
	// calendar.NewLunar panics on a day the month lacks.
	if lm := calendar.NewLunarYear(y).GetMonth(m); lm != nil && d <= lm.GetDayCount() {
		s := calendar.NewSolarFromJulianDay(lm.GetFirstJulianDay() + float64(d-1))
		md = MonthDay{time.Month(s.GetMonth()), s.GetDay()}
	}
	lunarDays[key] = md
	return md.Month, md.Day, md.Day > 0
}

// SolarTerm returns the day of year y on which the solar term named (清明,
// 冬至, 立春 …) falls; ok is false for an unknown name or a year outside
// 1900–2100.
func SolarTerm(y int, name string) (time.Month, int, bool) {
	if y < lunarFirstYear || y > lunarLastYear {
		return 0, 0, false
	}
	lunarMu.Lock()
	defer lunarMu.Unlock()
	terms, ok := solarTerms[y]
	if !ok {
		terms = map[string]MonthDay{}
		// The lunar year holding July 1 is year y; its table runs from the
		// 大雪 before it to the 惊蛰 after, with the terms of the next
		// winter under pinyin keys (DONG_ZHI is year y's 冬至).
		for k, s := range calendar.NewSolarFromYmd(y, 7, 1).GetLunar().GetJieQiTable() {
			if k == "DONG_ZHI" {
				k = "冬至"
			} else if k == "冬至" || s.GetYear() != y {
				continue
			}
			terms[k] = MonthDay{time.Month(s.GetMonth()), s.GetDay()}
		}
		solarTerms[y] = terms
	}
	md, ok := terms[name]
	return md.Month, md.Day, ok
}
