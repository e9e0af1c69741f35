package duban

import (
	"time"
)

// Light is the warning light of an item (红灯/黄灯/绿灯), the one way every
// list, reminder, briefing and ledger tells how an item stands.
type Light string

// The lights, from worst to best; LightNone is an open item without a
// deadline, which cannot be behind.
const (
	LightRed    Light = "red"    // 🔴 overdue, or far behind 序时进度
	LightYellow Light = "yellow" // 🟡 due within days, behind, or 未报送
	LightGreen  Light = "green"  // 🟢 on track
	LightDone   Light = "done"   // ✅ done
	LightNone   Light = "none"   // ⚪ no deadline
)

// Emoji is how the light is shown.
func (l Light) Emoji() string {
	switch l {
	case LightRed:
		return "🔴"
	case LightYellow:
		return "🟡"
	case LightGreen:
		return "🟢"
	case LightDone:
		return "✅"
	case LightNone:
		return "⚪"
	}
	return ""
}

// Rank orders lights from the worst (0, red) to the best.
func (l Light) Rank() int {
	switch l {
	case LightRed:
		return 0
	case LightYellow:
		return 1
	case LightGreen:
		return 2
	case LightNone:
		return 3
	case LightDone:
		return 4
	}
	return 5
}

// MonthDay is a day of the year without a year, such as January 1.
type MonthDay struct {
	Month time.Month
	Day   int
}

// Rules decide an item's light (config lights.*, remind.stale_days).
type Rules struct {
	RedLag     int      // lag above this many points is red (30)
	YellowLag  int      // lag above this many points is yellow (10)
	YellowDays int      // due within this many days is yellow (3)
	StaleDays  int      // no report for this many days is 未报送, yellow (14)
	PlanStart  MonthDay // where 序时进度 starts for items with no start of their own (January 1 of the plan year)
}

// DefaultRules are the rules when the configuration says nothing.
func DefaultRules() Rules {
	return Rules{RedLag: 30, YellowLag: 10, YellowDays: 3, StaleDays: 14, PlanStart: MonthDay{time.January, 1}}
}

// Standing is where an item stands at a moment.
type Standing struct {
	Light Light
	// Expected is the 序时进度: the percent the item should have reached by
	// then. Actual is what it has: the last reported percent, else the
	// share of its milestones done. Lag is Expected − Actual, in points,
	// when HasLag (an open item with a deadline).
	Expected, Actual, Lag int
	HasLag                bool
	Stale                 bool // 未报送: no report for StaleDays
}

// Judge sets the Standing of every item at the instant now (its day in loc).
func (r Rules) Judge(items []Item, now time.Time, loc *time.Location) {
	for i := range items {
		items[i].Standing = r.Standing(items[i], now, loc)
	}
}

// Standing returns where it stands at the instant now, its day taken in
// loc. The rules, in order:
//
//   - ✅ done; ⚪ an open item without a deadline; a cancelled item has
//     no light;
//   - 🔴 overdue (past its deadline), or behind 序时进度 by more than
//     RedLag points;
//   - 🟡 due within YellowDays days, behind by more than YellowLag points,
//     or 未报送 (no report for StaleDays days);
//   - 🟢 otherwise.
//
// 序时进度 (Expected): with milestones, the share of them due by today;
// without, linear from the start (the item's own, else PlanStart of the
// plan year) to the deadline. Sections are judged none.
func (r Rules) Standing(it Item, now time.Time, loc *time.Location) Standing {
	if loc == nil {
		loc = time.UTC
	}
	today := DateOf(now.In(loc))
	var s Standing
	switch {
	case it.Kind == KindSection:
		s.Light = LightNone
		return s
	case it.Status == StatusCancelled:
		return s // no light: nothing is owed
	case !it.Open():
		s.Light = LightDone
		s.Expected, s.Actual = 100, 100
		return s
	}
	s.Stale = it.Stale(now.Add(-time.Duration(r.StaleDays) * 24 * time.Hour))
	s.Actual = actualPercent(it)
	if it.Deadline.IsZero() {
		s.Light = LightNone // nothing to be behind of
		return s
	}
	s.Expected = r.expected(it, today)
	s.Lag, s.HasLag = s.Expected-s.Actual, true
	switch {
	case it.Deadline.Before(today), s.Lag > r.RedLag:
		s.Light = LightRed
	case today.DaysUntil(it.Deadline) <= r.YellowDays, s.Lag > r.YellowLag, s.Stale:
		s.Light = LightYellow
	default:
		s.Light = LightGreen
	}
	return s
}

// actualPercent is what an item has done: its last reported percent, else
// the share of its milestones done.
func actualPercent(it Item) int {
	if it.Percent > 0 || len(it.Milestones) == 0 {
		return it.Percent
	}
	done := 0
	for _, m := range it.Milestones {
		if m.Done {
			done++
		}
	}
	return done * 100 / len(it.Milestones)
}

// expected is the 序时进度 of an item with a deadline at today.
func (r Rules) expected(it Item, today Date) int {
	if len(it.Milestones) > 0 {
		due := 0
		for _, m := range it.Milestones {
			if !today.Before(m.Date) {
				due++
			}
		}
		return due * 100 / len(it.Milestones)
	}
	start := it.Start
	if start.IsZero() {
		year := it.PlanYear
		if year == 0 {
			year = it.Deadline.Year
		}
		start = Date{Year: year, Month: r.PlanStart.Month, Day: r.PlanStart.Day}
		if r.PlanStart.Month == 0 {
			start = Date{Year: year, Month: time.January, Day: 1}
		}
	}
	total := start.DaysUntil(it.Deadline)
	switch {
	case !today.After(start):
		return 0
	case !today.Before(it.Deadline) || total <= 0:
		return 100
	}
	return start.DaysUntil(today) * 100 / total
}

// Standards are how the bureau judges its items and units: the light
// rules, the report cycle (迟报/漏报), the ranking weights, and which days
// are worked (the official calendar; nil: Monday to Friday).
type Standards struct {
	Rules   Rules
	Cycle   Cycle
	Weights Weights
	Workday func(Date) bool
}

// DefaultStandards are the standards when the configuration says nothing.
func DefaultStandards() Standards {
	return Standards{Rules: DefaultRules(), Cycle: DefaultCycle(), Weights: DefaultWeights()}
}

// CountReports counts, per lead unit, the late (迟报) and missed (漏报)
// reports of the tasks in items over the cycles of periods, as of today:
// for each cycle, each task that owed a report (Item.MustReport) and got it
// late or not at all. reports may hold any reports; those of other items
// and outside the cycles are ignored.
func CountReports(items []Item, reports []Progress, periods []Period, today Date, loc *time.Location) map[string]ReportCounts {
	if loc == nil {
		loc = time.UTC
	}
	days := map[int64][]Date{}
	for _, p := range reports {
		days[p.ItemID] = append(days[p.ItemID], DateOf(p.CreatedAt.In(loc)))
	}
	out := map[string]ReportCounts{}
	for _, p := range periods {
		for _, it := range items {
			if !it.MustReport(p, loc) {
				continue
			}
			c := out[it.Owner]
			switch Comply(days[it.ID], p, today) {
			case ReportLate:
				c.Late++
			case ReportMissed:
				c.Missed++
			}
			out[it.Owner] = c
		}
	}
	return out
}
