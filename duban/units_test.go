package duban

import (
	"testing"
	"time"
)

// Units rank by score; equal scores by completion rate, then by fewer
// overdue tasks, then by name; late and missed reports and 催办 cost points.
func TestRankUnitsWithTies(t *testing.T) {
	w := DefaultWeights()
	asOf := d("2026-10-31")
	done := func(owner, deadline, closed string) Item {
		return Item{Kind: KindTask, Status: StatusDone, Owner: owner, Deadline: d(deadline), DoneAt: at(closed)}
	}
	open := func(owner, deadline string, light Light) Item {
		return Item{Kind: KindTask, Status: StatusDoing, Owner: owner, Deadline: d(deadline), Standing: Standing{Light: light}}
	}
	items := []Item{
		// 甲校 and 乙校 tie on score (100+80)/2 = 90 and rate 50%: by name.
		done("乙校", "2026-10-01", "2026-09-30"), open("乙校", "2026-12-31", LightGreen),
		done("甲校", "2026-10-01", "2026-09-30"), open("甲校", "2026-12-31", LightGreen),
		// 丙校: (100+60+80+30)/4 = 67.5, rate 50%.
		done("丙校", "2026-10-01", "2026-10-01"), done("丙校", "2026-09-01", "2026-09-10"),
		open("丙校", "2026-12-31", LightGreen), open("丙校", "2026-12-31", LightRed),
		// 丁校: 80 − 2×5 (two 漏报) − 1 (one 催办) = 69; no rate.
		open("丁校", "2026-12-31", LightGreen),
		// 戊校: closed late, one overdue, one on track: (60+0+80)/3 = 46.7,
		// below 己校's two yellows (60) though it has the higher rate.
		done("戊校", "2026-10-01", "2026-10-05"), open("戊校", "2026-10-15", LightRed), open("戊校", "2026-12-31", LightGreen),
		open("己校", "2026-12-31", LightYellow), open("己校", "2026-12-31", LightYellow),
		// Cancelled tasks and sections do not count.
		{Kind: KindTask, Status: StatusCancelled, Owner: "甲校"}, {Kind: KindSection, Owner: "甲校"},
	}
	counts := map[string]ReportCounts{"丁校": {Missed: 2, Urged: 1}, "戊校": {}}
	got := RankUnits(items, asOf, cst, counts, w)
	var order []string
	for _, u := range got {
		order = append(order, u.Unit)
	}
	want := []string{"乙校", "甲校", "丁校", "丙校", "己校", "戊校"}
	// Scores: 乙 90, 甲 90, 丁 69, 丙 67.5, 己 60, 戊 46.7.
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v (%+v)", order, want, got)
		}
	}
	// 甲校 and 乙校 tie on score and rate: the name decides, by code point
	// (乙 U+4E59 before 甲 U+7532), so the order never flips between runs.
	if got[0].Score != 90 || got[1].Score != 90 || got[0].Rate != 50 {
		t.Errorf("top two: %+v %+v", got[0], got[1])
	}
	byName := map[string]UnitStats{}
	for _, u := range got {
		byName[u.Unit] = u
	}
	if u := byName["丙校"]; u.Score != 67.5 || u.DoneOnTime != 1 || u.DoneLate != 1 || u.Red != 1 || u.Items != 4 {
		t.Errorf("丙校: %+v", u)
	}
	if u := byName["丁校"]; u.Score != 69 || !u.Named() || u.Praised() {
		t.Errorf("丁校: %+v (two 漏报 must name it)", u)
	}
	if u := byName["戊校"]; u.OverdueOpen != 1 || u.DoneLate != 1 || u.Score != 46.7 {
		t.Errorf("戊校: %+v", u)
	}
	if u := byName["甲校"]; u.Items != 2 || !u.Praised() {
		t.Errorf("甲校: %+v", u)
	}
}

// Equal scores and equal rates: fewer overdue tasks come first.
func TestRankUnitsTieOnOverdue(t *testing.T) {
	w := Weights{DoneOnTime: 100, Overdue: 50, Green: 50}
	items := []Item{
		{Kind: KindTask, Status: StatusDoing, Owner: "A", Deadline: d("2026-10-01")}, // overdue: 50
		{Kind: KindTask, Status: StatusDoing, Owner: "B", Deadline: d("2026-12-01"), Standing: Standing{Light: LightGreen}},
	}
	got := RankUnits(items, d("2026-10-31"), time.UTC, nil, w)
	if got[0].Unit != "B" || got[0].Score != got[1].Score {
		t.Errorf("got %+v", got)
	}
}

// FuzzParseCycle reads remind.report_cycle: a cycle read back from its
// String is the same cycle, and every period it gives holds its due day.
func FuzzParseCycle(f *testing.F) {
	for _, s := range []string{"weekly 周五", "weekly fri", "monthly 25", "monthly last", "每周三", "每月10日", "每月底", "monthly 31", "weekly", "", "每月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCycle(s)
		if err != nil {
			return
		}
		back, err := ParseCycle(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseCycle(%q) = %+v, read back from %q as %+v (%v)", s, c, c.String(), back, err)
		}
		p := c.PeriodAt(d("2026-10-01"), nil)
		if p.Due.Before(p.From) || p.To.Before(p.Due) {
			t.Fatalf("%q: period %+v", s, p)
		}
	})
}
