package scheduler

import (
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Report cycles follow the official calendar: a due Friday inside the
// National Day holiday moves to the first workday after it, and a make-up
// Saturday (调休) is a workday a monthly due day may fall on.
func TestCycleOverTheNationalDayHoliday(t *testing.T) {
	workday := NewCalendar(nil, nil, true).Workday
	weekly := duban.DefaultCycle()
	tests := []struct {
		day       string
		from, due string
		to        string
		cycle     duban.Cycle
		name      string
	}{
		{"2026-09-16", "2026-09-14", "2026-09-18", "2026-09-20", weekly, "an ordinary week"},
		{"2026-09-23", "2026-09-21", "2026-09-28", "2026-09-28", weekly, "Friday Sep 25 is 中秋节: due Monday, the week stretched to hold it"},
		{"2026-10-01", "2026-09-28", "2026-10-08", "2026-10-08", weekly, "Friday Oct 2 is a holiday: due on Thursday Oct 8, the first workday"},
		{"2026-10-06", "2026-10-05", "2026-10-09", "2026-10-11", weekly, "the week after starts on its Monday as usual"},
		{"2026-10-15", "2026-10-01", "2026-10-10", "2026-10-31", duban.Cycle{Monthly: true, Day: 10}, "the 10th is a make-up Saturday: due that day"},
		{"2026-10-15", "2026-10-01", "2026-10-26", "2026-10-31", duban.Cycle{Monthly: true, Day: 25}, "the 25th is a Sunday: due Monday"},
		{"2026-09-15", "2026-09-01", "2026-09-20", "2026-09-30", duban.Cycle{Monthly: true, Day: 20}, "Sunday Sep 20 is a make-up workday: due that day"},
		{"2026-11-15", "2026-11-01", "2026-11-02", "2026-11-30", duban.Cycle{Monthly: true, Day: 1}, "Sunday Nov 1 is an ordinary Sunday: due Monday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.cycle.PeriodAt(date(tt.day), workday)
			if p.From != date(tt.from) || p.Due != date(tt.due) || p.To != date(tt.to) {
				t.Errorf("period %v–%v due %v; want %s–%s due %s", p.From, p.To, p.Due, tt.from, tt.to, tt.due)
			}
		})
	}
}

// Compliance across the weeks around 中秋 and National Day for three
// schools: one that reports on every due day, one that reports the day
// after, one that stops.
func TestComplianceAcrossCycles(t *testing.T) {
	workday := NewCalendar(nil, nil, true).Workday
	loc := time.FixedZone("CST", 8*3600)
	created := time.Date(2026, 9, 1, 9, 0, 0, 0, loc)
	items := []duban.Item{
		{ID: 1, Kind: duban.KindTask, Status: duban.StatusDoing, Owner: "一中", CreatedAt: created},
		{ID: 2, Kind: duban.KindTask, Status: duban.StatusDoing, Owner: "二中", CreatedAt: created},
		{ID: 3, Kind: duban.KindTask, Status: duban.StatusDoing, Owner: "三中", CreatedAt: created},
		// Closed on Sep 24: owes nothing after that week.
		{ID: 4, Kind: duban.KindTask, Status: duban.StatusDone, Owner: "三中", CreatedAt: created,
			DoneAt: time.Date(2026, 9, 24, 16, 0, 0, 0, loc)},
	}
	report := func(id int64, day string) duban.Progress {
		d := date(day)
		return duban.Progress{ItemID: id, CreatedAt: time.Date(d.Year, d.Month, d.Day, 17, 0, 0, 0, loc)}
	}
	reports := []duban.Progress{
		// 一中: every Friday, 中秋 included, and the Thursday after National Day.
		report(1, "2026-09-18"), report(1, "2026-09-25"), report(1, "2026-10-08"), report(1, "2026-10-09"), report(1, "2026-10-16"),
		// 二中: always on the Saturday or Monday after.
		report(2, "2026-09-19"), report(2, "2026-09-26"), report(2, "2026-10-10"), report(2, "2026-10-17"),
		// 三中: once, then silence.
		report(3, "2026-09-18"), report(4, "2026-09-18"),
	}
	periods := duban.DefaultCycle().Periods(date("2026-09-14"), date("2026-10-18"), workday)
	var dues []duban.Date
	for _, p := range periods {
		dues = append(dues, p.Due)
	}
	wantDues := []duban.Date{date("2026-09-18"), date("2026-09-28"), date("2026-10-08"), date("2026-10-09"), date("2026-10-16")}
	if len(dues) != len(wantDues) {
		t.Fatalf("due days %v, want %v", dues, wantDues)
	}
	for i := range dues {
		if dues[i] != wantDues[i] {
			t.Fatalf("due days %v, want %v", dues, wantDues)
		}
	}
	got := duban.CountReports(items, reports, periods, date("2026-10-19"), loc)
	want := map[string]duban.ReportCounts{
		"一中": {},
		// Sep 19 late; Sep 26 on time for the week whose due day moved to
		// Monday Sep 28; nothing in the National Day week (Oct 10 is past its
		// Oct 8 end): missed; Oct 10 and Oct 17 late.
		"二中": {Late: 3, Missed: 1},
		// Item 3 misses four weeks; item 4 owes only the weeks before it closed.
		"三中": {Missed: 4, Late: 0},
	}
	for unit, w := range want {
		if got[unit] != w {
			t.Errorf("%s: %+v, want %+v", unit, got[unit], w)
		}
	}
	// As of the last Friday the last week is still due, not missed.
	if c := duban.CountReports(items[2:3], reports, periods, date("2026-10-16"), loc)["三中"]; c.Missed != 3 {
		t.Errorf("as of the due day: %+v, want 3 missed so far", c)
	}
}
