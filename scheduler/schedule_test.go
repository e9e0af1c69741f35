package scheduler

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// at is a time in Shanghai: at("2026-11-30 08:30").
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func date(s string) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPrevFire(t *testing.T) {
	tests := []struct {
		name string
		spec string
		now  string
		want string
	}{
		{"weekly, later the same monday", "30 8 * * 1", "2026-11-30 10:00", "2026-11-30 08:30"},
		{"weekly, at the minute", "30 8 * * 1", "2026-11-30 08:30", "2026-11-30 08:30"},
		{"weekly, just before: last week", "30 8 * * 1", "2026-11-30 08:29", "2026-11-23 08:30"},
		{"weekly across a month end", "30 8 * * 1", "2026-12-01 09:00", "2026-11-30 08:30"},
		{"weekly across a year end", "30 8 * * 1", "2027-01-03 09:00", "2026-12-28 08:30"},
		{"monthly on the 1st, from the 30th", "0 9 1 * *", "2026-11-30 23:00", "2026-11-01 09:00"},
		{"monthly across a year end", "0 9 1 * *", "2027-01-01 08:59", "2026-12-01 09:00"},
		{"monthly after february", "0 9 1 * *", "2027-03-01 09:00", "2027-03-01 09:00"},
		{"daily before the hour", "0 9 * * *", "2026-12-01 08:00", "2026-11-30 09:00"},
		{"last day of months (31st) skips short months", "0 9 31 * *", "2026-12-15 12:00", "2026-10-31 09:00"},
		{"leap day", "0 9 29 2 *", "2027-06-01 00:00", "2024-02-29 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched, err := ParseSpec(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := PrevFire(sched, at(tt.now))
			if tt.name == "leap day" {
				// Over 400 days back: not found, by design.
				if ok {
					t.Errorf("PrevFire found %v beyond the look-back", got)
				}
				return
			}
			if !ok || !got.Equal(at(tt.want)) {
				t.Errorf("PrevFire(%q, %s) = %v, %v; want %s", tt.spec, tt.now, got, ok, tt.want)
			}
		})
	}
	t.Run("@every finds a recent fire", func(t *testing.T) {
		sched, _ := ParseSpec("@every 30s")
		now := at("2026-11-30 10:00")
		got, ok := PrevFire(sched, now)
		if !ok || now.Sub(got) > 30*time.Second || got.After(now) {
			t.Errorf("PrevFire(@every 30s) = %v, %v", got, ok)
		}
	})
}

func TestDueCatchUp(t *testing.T) {
	weekly, _ := ParseSpec("30 8 * * 1")
	cal := Calendar{}
	tests := []struct {
		name         string
		now          string
		run, missed  bool
		period, fire string
	}{
		{"on time", "2026-11-30 08:30", true, false, "2026-W49", "2026-11-30 08:30"},
		{"down at 08:30, back at 10:00: runs", "2026-11-30 10:00", true, false, "2026-W49", "2026-11-30 08:30"},
		{"back exactly 6h later: runs", "2026-11-30 14:30", true, false, "2026-W49", "2026-11-30 08:30"},
		{"back after 6h: skipped", "2026-11-30 14:31", false, true, "2026-W49", "2026-11-30 08:30"},
		{"next day: skipped", "2026-12-01 09:00", false, true, "2026-W49", "2026-11-30 08:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Due(Weekly, weekly, at(tt.now), 6*time.Hour, cal)
			if d.Run != tt.run || d.Missed != tt.missed || d.Period != tt.period || !d.Fire.Equal(at(tt.fire)) {
				t.Errorf("Due = %+v; want run=%v missed=%v period=%s fire=%s", d, tt.run, tt.missed, tt.period, tt.fire)
			}
		})
	}
}

func TestDueHolidays(t *testing.T) {
	// National Day 2026: Thu 1 Oct to Thu 8 Oct off; Sat 10 Oct is a
	// make-up workday (调休).
	cal := NewCalendar([]Holiday{{From: date("2026-10-01"), To: date("2026-10-08"), Name: "国庆节"}},
		[]duban.Date{date("2026-10-10")}, false)
	// Spring Festival: a whole week off, Mon 16 to Sun 22 Feb 2026, then
	// Mon 23 to Fri 27 off as well; Sat 28 Feb is a make-up workday.
	spring := NewCalendar([]Holiday{{From: date("2026-02-16"), To: date("2026-02-27")}}, []duban.Date{date("2026-02-28")}, false)
	tests := []struct {
		name   string
		cal    Calendar
		job    Job
		spec   string
		now    string
		run    bool
		fire   string
		period string
	}{
		{"monthly on a holiday waits", cal, Monthly, "0 9 1 * *", "2026-10-01 09:00", false, "2026-10-09 09:00", "2026-09"},
		{"monthly goes out on the next workday", cal, Monthly, "0 9 1 * *", "2026-10-09 09:05", true, "2026-10-09 09:00", "2026-09"},
		{"weekly on a holiday monday goes to friday", cal, Weekly, "30 8 * * 1", "2026-10-09 08:30", true, "2026-10-09 08:30", "2026-W41"},
		{"daily nudges during the holiday wait", cal, Deadlines, "0 9 * * *", "2026-10-05 12:00", false, "2026-10-09 09:00", "2026-10-09"},
		{"daily nudges of the holiday collapse into one", cal, Deadlines, "0 9 * * *", "2026-10-09 09:00", true, "2026-10-09 09:00", "2026-10-09"},
		{"a make-up saturday is a workday", spring, Weekly, "30 8 * * 1", "2026-02-28 08:30", true, "2026-02-28 08:30", "2026-W09"},
		{"a plain weekend is left alone", cal, Deadlines, "0 9 * * *", "2026-10-11 09:00", true, "2026-10-11 09:00", "2026-10-11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched, err := ParseSpec(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			d := Due(tt.job, sched, at(tt.now), 6*time.Hour, tt.cal)
			if d.Run != tt.run || !d.Fire.Equal(at(tt.fire)) || d.Period != tt.period {
				t.Errorf("Due = run %v fire %v period %s; want run %v fire %s period %s", d.Run, d.Fire, d.Period, tt.run, tt.fire, tt.period)
			}
		})
	}
}

func TestCalendar(t *testing.T) {
	cal := NewCalendar([]Holiday{{From: date("2026-10-01"), To: date("2026-10-08")}}, []duban.Date{date("2026-10-10"), date("2026-10-03")}, false)
	tests := []struct {
		day              string
		holiday, workday bool
	}{
		{"2026-09-30", false, true},
		{"2026-10-01", true, false},
		{"2026-10-03", false, true}, // listed in both: a workday
		{"2026-10-08", true, false},
		{"2026-10-09", false, true},
		{"2026-10-10", false, true}, // make-up saturday
		{"2026-10-11", false, false},
	}
	for _, tt := range tests {
		if h, w := cal.Holiday(date(tt.day)), cal.Workday(date(tt.day)); h != tt.holiday || w != tt.workday {
			t.Errorf("%s: holiday %v workday %v; want %v %v", tt.day, h, w, tt.holiday, tt.workday)
		}
	}
	if got := (Calendar{}).Shift(at("2026-10-01 09:00")); !got.Equal(at("2026-10-01 09:00")) {
		t.Errorf("empty calendar shifted to %v", got)
	}
}

func TestPeriod(t *testing.T) {
	tests := []struct {
		job  Job
		at   string
		want string
	}{
		{Weekly, "2026-11-30 08:30", "2026-W49"},
		{Weekly, "2027-01-01 08:30", "2026-W53"},
		{Deadlines, "2026-11-30 09:00", "2026-11-30"},
		{Monthly, "2026-12-01 09:00", "2026-11"},
		{Monthly, "2027-01-01 09:00", "2026-12"},
	}
	for _, tt := range tests {
		if got := Period(tt.job, at(tt.at)); got != tt.want {
			t.Errorf("Period(%s, %s) = %s, want %s", tt.job, tt.at, got, tt.want)
		}
	}
}

func TestChatSpec(t *testing.T) {
	specs := Specs{Weekly: "30 8 * * 1", Deadlines: "0 9 * * *", Monthly: "0 9 1 * *"}
	tests := []struct {
		name string
		job  Job
		set  duban.ChatSettings
		want string
	}{
		{"default", Weekly, duban.ChatSettings{}, "30 8 * * 1"},
		{"own day and time", Weekly, duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00"}, "0 16 * * 5"},
		{"weekly off", Weekly, duban.ChatSettings{WeeklyOff: true, WeeklyDay: 5}, ""},
		{"deadlines off", Deadlines, duban.ChatSettings{DeadlinesOff: true}, ""},
		{"monthly on", Monthly, duban.ChatSettings{DeadlinesOff: true}, "0 9 1 * *"},
		{"globally off", Weekly, duban.ChatSettings{WeeklyDay: 5}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := specs
			if tt.name == "globally off" {
				sp.Weekly = ""
			}
			if got := ChatSpec(sp, tt.job, tt.set); got != tt.want {
				t.Errorf("ChatSpec = %q, want %q", got, tt.want)
			}
		})
	}
	// The chat's own weekly schedule decides when it is due.
	sched, _ := ParseSpec(ChatSpec(specs, Weekly, duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00"}))
	if d := Due(Weekly, sched, at("2026-12-04 16:00"), time.Hour, Calendar{}); !d.Run || d.Period != "2026-W49" {
		t.Errorf("friday 16:00 chat: %+v", d)
	}
	if d := Due(Weekly, sched, at("2026-12-04 15:59"), time.Hour, Calendar{}); d.Run {
		t.Errorf("friday chat ran before its time: %+v", d)
	}
}

// The official calendar by default: 国庆 2026 (Oct 1–7 off, Oct 10 a
// make-up Saturday) without anything in the configuration; the
// configuration's workday wins over an official day off.
func TestOfficialCalendar(t *testing.T) {
	cal := NewCalendar(nil, []duban.Date{date("2026-10-07")}, true)
	tests := []struct {
		day              string
		holiday, workday bool
	}{
		{"2026-10-01", true, false},
		{"2026-10-06", true, false},
		{"2026-10-07", false, true}, // the configuration makes it a workday
		{"2026-10-10", false, true}, // a make-up Saturday
		{"2026-10-11", false, false},
		{"2026-10-12", false, true},
		{"2026-02-17", true, false}, // 春节
	}
	for _, tt := range tests {
		if h, w := cal.Holiday(date(tt.day)), cal.Workday(date(tt.day)); h != tt.holiday || w != tt.workday {
			t.Errorf("%s: holiday %v workday %v, want %v %v", tt.day, h, w, tt.holiday, tt.workday)
		}
	}
	if !cal.YearKnown(2026) || cal.YearKnown(2031) {
		t.Errorf("known: 2026 %v, 2031 %v", cal.YearKnown(2026), cal.YearKnown(2031))
	}
	// A daily reminder due on 国庆 goes out on the next workday, with
	// nothing configured.
	if got := cal.Shift(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)); got.Format(time.DateOnly) != "2026-10-07" {
		t.Errorf("shifted to %s, want the configured workday", got)
	}
	plain := NewCalendar(nil, nil, true)
	if got := plain.Shift(time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)); got.Format(time.DateOnly) != "2026-10-08" {
		t.Errorf("shifted to %s, want the first workday after 国庆", got)
	}
}

// In December, when next year's official days off are not known yet, the
// scheduler says so in the log, once a day.
func TestWarnsOfAnUnknownYear(t *testing.T) {
	var logs bytes.Buffer
	s := New(Config{Official: true}, nil, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	s.warnUnknownYear(time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)) // 2027 is known
	s.warnUnknownYear(time.Date(2031, 11, 5, 9, 0, 0, 0, time.UTC)) // not December
	if logs.Len() != 0 {
		t.Fatalf("warned:\n%s", logs.String())
	}
	for range 3 {
		s.warnUnknownYear(time.Date(2031, 12, 5, 9, 0, 0, 0, time.UTC))
	}
	if n := strings.Count(logs.String(), "next year's official days off are not known yet"); n != 1 {
		t.Errorf("%d warnings:\n%s", n, logs.String())
	}
}
