package duban

import (
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

func at(s string) time.Time {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d.In(cst).Add(12 * time.Hour)
}

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// 序时进度 without milestones runs linearly from the plan's start (January
// 1 of the plan year, or the item's own start) to the deadline; with
// milestones it is the share of them due by the day.
func TestExpectedProgressAcrossTheYear(t *testing.T) {
	r := DefaultRules()
	year := Item{Kind: KindTask, Status: StatusDoing, PlanYear: 2026, Deadline: d("2026-12-31"), CreatedAt: at("2026-01-01"),
		LastReportAt: at("2026-12-30")}
	started := year
	started.Start = d("2026-07-01")
	staged := year
	staged.Milestones = []Milestone{
		{Seq: 1, Date: d("2026-03-31"), Text: "招标"}, {Seq: 2, Date: d("2026-06-30"), Text: "开工"},
		{Seq: 3, Date: d("2026-09-30"), Text: "封顶"}, {Seq: 4, Date: d("2026-12-31"), Text: "验收"},
	}
	tests := []struct {
		day                        string
		linear, ownStart, withStep int
	}{
		{"2026-01-01", 0, 0, 0},
		{"2026-02-01", 8, 0, 0},   // 31 of 364 days
		{"2026-03-31", 24, 0, 25}, // the first step is due that day
		{"2026-04-01", 24, 0, 25},
		{"2026-07-01", 49, 0, 50},
		{"2026-10-01", 75, 50, 75}, // 273 of 364 days; 92 of 183 since July 1
		{"2026-12-30", 99, 99, 75},
		{"2026-12-31", 100, 100, 100},
		{"2027-01-15", 100, 100, 100},
	}
	for _, tt := range tests {
		now := at(tt.day)
		for _, c := range []struct {
			name string
			it   Item
			want int
		}{{"linear", year, tt.linear}, {"own start", started, tt.ownStart}, {"milestones", staged, tt.withStep}} {
			if got := r.Standing(c.it, now, cst).Expected; got != c.want {
				t.Errorf("%s %s: expected %d%%, want %d%%", tt.day, c.name, got, c.want)
			}
		}
	}
	// Actual progress: the reported percent, else the milestones done.
	staged.Milestones[0].Done, staged.Milestones[1].Done = true, true
	if s := r.Standing(staged, at("2026-07-01"), cst); s.Actual != 50 || s.Lag != 0 {
		t.Errorf("milestones done: %+v", s)
	}
	staged.Percent = 30
	if s := r.Standing(staged, at("2026-07-01"), cst); s.Actual != 30 || s.Lag != 20 {
		t.Errorf("a reported percent wins: %+v", s)
	}
	if s := r.Standing(Item{Kind: KindTask, Status: StatusTodo}, at("2026-07-01"), cst); s.HasLag || s.Light != LightNone {
		t.Errorf("no deadline: %+v", s)
	}
}

// Every threshold edge of the lights, with the default rules: red above
// 30 points behind or overdue, yellow above 10 behind, within 3 days or
// 未报送.
func TestLightEdges(t *testing.T) {
	r := DefaultRules()
	now := at("2026-07-01") // 181 of 364 days into 2026: expected 49% for a task due Dec 31
	base := Item{Kind: KindTask, Status: StatusDoing, PlanYear: 2026, Deadline: d("2026-12-31"),
		CreatedAt: at("2026-01-01"), LastReportAt: at("2026-06-30")}
	with := func(f func(*Item)) Item { it := base; f(&it); return it }
	tests := []struct {
		name string
		it   Item
		want Light
	}{
		{"on track", with(func(it *Item) { it.Percent = 49 }), LightGreen},
		{"10 points behind: still green", with(func(it *Item) { it.Percent = 39 }), LightGreen},
		{"11 points behind: yellow", with(func(it *Item) { it.Percent = 38 }), LightYellow},
		{"30 points behind: yellow", with(func(it *Item) { it.Percent = 19 }), LightYellow},
		{"31 points behind: red", with(func(it *Item) { it.Percent = 18 }), LightRed},
		{"ahead is green", with(func(it *Item) { it.Percent = 90 }), LightGreen},
		{"4 days to go: green", with(func(it *Item) { it.Percent = 99; it.Deadline = d("2026-07-05") }), LightGreen},
		{"3 days to go: yellow", with(func(it *Item) { it.Percent = 99; it.Deadline = d("2026-07-04") }), LightYellow},
		{"due today: yellow", with(func(it *Item) { it.Percent = 99; it.Deadline = d("2026-07-01") }), LightYellow},
		{"a day late: red", with(func(it *Item) { it.Percent = 99; it.Deadline = d("2026-06-30") }), LightRed},
		{"14 days without a report: green", with(func(it *Item) { it.Percent = 49; it.LastReportAt = at("2026-06-17").Add(time.Hour) }), LightGreen},
		{"15 days without a report: yellow", with(func(it *Item) { it.Percent = 49; it.LastReportAt = at("2026-06-16") }), LightYellow},
		{"done", with(func(it *Item) { it.Status = StatusDone; it.Deadline = d("2026-01-31") }), LightDone},
		{"cancelled: no light", with(func(it *Item) { it.Status = StatusCancelled }), ""},
		{"no deadline", with(func(it *Item) { it.Deadline = Date{} }), LightNone},
		{"a section", Item{Kind: KindSection}, LightNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Standing(tt.it, now, cst); got.Light != tt.want {
				t.Errorf("light %q, want %q (%+v)", got.Light, tt.want, got)
			}
		})
	}
	// The thresholds are the configuration's.
	strict := Rules{RedLag: 5, YellowLag: 1, YellowDays: 10, StaleDays: 14}
	if got := strict.Standing(with(func(it *Item) { it.Percent = 43 }), now, cst).Light; got != LightRed {
		t.Errorf("strict rules: %q", got)
	}
}
