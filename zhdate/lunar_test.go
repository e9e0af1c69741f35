package zhdate

import (
	"fmt"
	"testing"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// TestLunarFestivals checks every lunar festival and solar term zhdate
// names, for 2020–2040, against lunar-go's own conversions (a different
// path through the library than zhdate's), and 春节 against the dates the
// State Council published for 2020–2035.
func TestLunarFestivals(t *testing.T) {
	festivals := []struct {
		name   string
		m, d   int
		offset int
	}{
		{"春节", 1, 1, 0}, {"除夕", 1, 1, -1}, {"元宵节", 1, 15, 0}, {"端午节", 5, 5, 0},
		{"七夕", 7, 7, 0}, {"中秋节", 8, 15, 0}, {"重阳节", 9, 9, 0},
	}
	ref := time.Date(2030, 6, 1, 9, 0, 0, 0, cst)
	for y := 2020; y <= 2040; y++ {
		for _, f := range festivals {
			s := calendar.NewLunarFromYmd(y, f.m, f.d).GetSolar()
			want := time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay()+f.offset, 0, 0, 0, 0, cst)
			expectDay(t, fmt.Sprintf("%d年%s", y, f.name), ref, want)
		}
		for _, term := range []string{"清明", "冬至"} {
			expectDay(t, fmt.Sprintf("%d年%s", y, term), ref, termDay(y, term))
		}
	}
	// 春节 as published (the hand table zhdate used to carry).
	for y, md := range map[int]string{
		2020: "01-25", 2021: "02-12", 2022: "02-01", 2023: "01-22", 2024: "02-10", 2025: "01-29",
		2026: "02-17", 2027: "02-06", 2028: "01-26", 2029: "02-13", 2030: "02-03", 2031: "01-23",
		2032: "02-11", 2033: "01-31", 2034: "02-19", 2035: "02-08",
	} {
		want, _ := time.ParseInLocation("2006-01-02", fmt.Sprintf("%d-%s", y, md), cst)
		expectDay(t, fmt.Sprintf("%d年春节", y), ref, want)
	}
}

// termDay finds the day of year y that lunar-go names with the solar term,
// day by day.
func termDay(y int, term string) time.Time {
	for d := time.Date(y, 1, 1, 0, 0, 0, 0, cst); d.Year() == y; d = d.AddDate(0, 0, 1) {
		if calendar.NewSolarFromYmd(y, int(d.Month()), d.Day()).GetLunar().GetJieQi() == term {
			return d
		}
	}
	return time.Time{}
}

func expectDay(t *testing.T, text string, ref, want time.Time) {
	t.Helper()
	got := Find(text, ref)
	if len(got) != 1 || got[0].Text != text || !got[0].Start.Equal(want) {
		var gs []string
		for _, g := range got {
			gs = append(gs, show(g))
		}
		t.Errorf("Find(%q) = %v, want it to start on %s", text, gs, want.Format(time.DateOnly))
	}
}

func TestLunarDateBounds(t *testing.T) {
	if m, d, ok := LunarDate(2026, 1, 1); !ok || m != time.February || d != 17 {
		t.Errorf("LunarDate(2026, 1, 1) = %v %d %v", m, d, ok)
	}
	for _, c := range [][3]int{{1899, 1, 1}, {2101, 1, 1}, {2026, 13, 1}, {2026, 1, 31}, {2026, 0, 1}} {
		if _, _, ok := LunarDate(c[0], c[1], c[2]); ok {
			t.Errorf("LunarDate%v is ok", c)
		}
	}
	// A lunar month of 29 days has no 30th; asking must not panic.
	short := 0
	for m := 1; m <= 12; m++ {
		if _, _, ok := LunarDate(2026, m, 30); !ok {
			short++
		}
	}
	if short == 0 {
		t.Errorf("every lunar month of 2026 has a 30th")
	}
	if _, _, ok := SolarTerm(2026, "端午"); ok {
		t.Errorf("端午 is no solar term")
	}
}
