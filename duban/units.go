package duban

import (
	"math"
	"sort"
	"time"
)

// UnitStats is one lead unit's line of the ranked 月度通报 and of the
// ledger's 单位统计 sheet, as things stood at a moment.
type UnitStats struct {
	Unit  string
	Items int // tasks it leads
	// Where its tasks stand: closed by their deadline (按期办结) or after it
	// (超期办结); open past their deadline (逾期未办结); open and not due
	// yet, or with no deadline (未到期未办结).
	DoneOnTime, DoneLate, OverdueOpen, OpenNotDue int
	Red, Yellow, Green                            int // lights of its open tasks
	Extended                                      int // tasks whose deadline was moved (延期)
	Late, Missed                                  int // 迟报, 漏报: cycles reported late or not at all
	Urged                                         int // 催办 sent about its tasks
	Rate                                          int // completion rate, percent, rounded
	Score                                         float64
}

// Done is how many of its tasks are closed.
func (u UnitStats) Done() int { return u.DoneOnTime + u.DoneLate }

// Praised reports whether the unit did everything on time: tasks, closed
// on time or on track, and every report on time (表扬).
func (u UnitStats) Praised() bool {
	return u.Items > 0 && u.DoneLate == 0 && u.OverdueOpen == 0 && u.Red == 0 && u.Late == 0 && u.Missed == 0
}

// Named reports whether the briefing names the unit for red items or
// missed reports (通报).
func (u UnitStats) Named() bool { return u.Red > 0 || u.Missed > 0 }

// Weights score a unit (config briefing.weights): the points each task
// earns by where it stands, averaged over the unit's tasks, minus points
// for each late or missed report and each 催办.
type Weights struct {
	DoneOnTime float64 // 按期办结
	DoneLate   float64 // 超期办结
	Green      float64 // open, on track
	Yellow     float64 // open, 🟡
	Red        float64 // open, 🔴 but not yet overdue
	Overdue    float64 // 逾期未办结
	NoDeadline float64 // open, no deadline (⚪)
	Late       float64 // off per 迟报
	Missed     float64 // off per 漏报
	Urged      float64 // off per 催办
}

// DefaultWeights are the weights when the configuration says nothing.
func DefaultWeights() Weights {
	return Weights{DoneOnTime: 100, DoneLate: 60, Green: 80, Yellow: 60, Red: 30, Overdue: 0, NoDeadline: 70,
		Late: 2, Missed: 5, Urged: 1}
}

// ReportCounts are a unit's late and missed reports and 催办 in a period,
// gathered by the caller.
type ReportCounts struct{ Late, Missed, Urged int }

// RankUnits returns the unit table of the tasks in items as things stood at
// the end of day at: items must hold their state then, judged (Rules.Judge)
// at that moment. counts adds each unit's late and missed reports and 催办.
// Units are ranked by Score, then by completion rate, then by fewer
// overdue tasks, then by name.
func RankUnits(items []Item, at Date, loc *time.Location, counts map[string]ReportCounts, w Weights) []UnitStats {
	if loc == nil {
		loc = time.UTC
	}
	by := map[string]*UnitStats{}
	var order []string
	points := map[string]float64{}
	for _, it := range items {
		if it.Kind != KindTask || it.Status == StatusCancelled {
			continue
		}
		u := by[it.Owner]
		if u == nil {
			u = &UnitStats{Unit: it.Owner}
			by[it.Owner] = u
			order = append(order, it.Owner)
		}
		u.Items++
		if it.Extended() {
			u.Extended++
		}
		switch {
		case it.Status == StatusDone:
			done := DateOf(it.DoneAt.In(loc))
			if it.Deadline.IsZero() || it.DoneAt.IsZero() || !done.After(it.Deadline) {
				u.DoneOnTime++
				points[it.Owner] += w.DoneOnTime
			} else {
				u.DoneLate++
				points[it.Owner] += w.DoneLate
			}
			continue
		case !it.Deadline.IsZero() && it.Deadline.Before(at):
			u.OverdueOpen++
			points[it.Owner] += w.Overdue
		default:
			u.OpenNotDue++
			switch it.Standing.Light {
			case LightRed:
				points[it.Owner] += w.Red
			case LightYellow:
				points[it.Owner] += w.Yellow
			case LightNone:
				points[it.Owner] += w.NoDeadline
			default:
				points[it.Owner] += w.Green
			}
		}
		switch it.Standing.Light {
		case LightRed:
			u.Red++
		case LightYellow:
			u.Yellow++
		case LightGreen:
			u.Green++
		}
	}
	out := make([]UnitStats, 0, len(order))
	for _, name := range order {
		u := by[name]
		c := counts[name]
		u.Late, u.Missed, u.Urged = c.Late, c.Missed, c.Urged
		u.Rate = int(math.Round(float64(u.Done()) * 100 / float64(u.Items)))
		u.Score = points[name]/float64(u.Items) - w.Late*float64(u.Late) - w.Missed*float64(u.Missed) - w.Urged*float64(u.Urged)
		u.Score = math.Round(u.Score*10) / 10
		out = append(out, *u)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Score != b.Score:
			return a.Score > b.Score
		case a.Rate != b.Rate:
			return a.Rate > b.Rate
		case a.OverdueOpen != b.OverdueOpen:
			return a.OverdueOpen < b.OverdueOpen
		}
		return a.Unit < b.Unit
	})
	return out
}
