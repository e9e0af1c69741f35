package duban

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cycle is when each open item's lead unit must report (remind.report_cycle):
// every week by a weekday ("weekly 周五"), or every month by a day of the
// month ("monthly 25"). A due day that is not a workday moves to the next
// workday.
type Cycle struct {
	Monthly bool
	Weekday time.Weekday // weekly: the due weekday
	Day     int          // monthly: the due day of the month (1–28, or 31 for the last day)
}

// DefaultCycle is every Friday.
func DefaultCycle() Cycle { return Cycle{Weekday: time.Friday} }

var cycleWeekdays = map[string]time.Weekday{
	"周一": time.Monday, "星期一": time.Monday, "mon": time.Monday, "monday": time.Monday,
	"周二": time.Tuesday, "星期二": time.Tuesday, "tue": time.Tuesday, "tuesday": time.Tuesday,
	"周三": time.Wednesday, "星期三": time.Wednesday, "wed": time.Wednesday, "wednesday": time.Wednesday,
	"周四": time.Thursday, "星期四": time.Thursday, "thu": time.Thursday, "thursday": time.Thursday,
	"周五": time.Friday, "星期五": time.Friday, "fri": time.Friday, "friday": time.Friday,
	"周六": time.Saturday, "星期六": time.Saturday, "sat": time.Saturday, "saturday": time.Saturday,
	"周日": time.Sunday, "周天": time.Sunday, "星期日": time.Sunday, "星期天": time.Sunday, "sun": time.Sunday, "sunday": time.Sunday,
}

// ParseCycle reads "weekly 周五", "weekly fri", "monthly 25", "monthly
// last" (or "每周五", "每月25日", "每月底").
func ParseCycle(s string) (Cycle, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	bad := Errorf(EINVALID, "report cycle %q: write weekly 周五 or monthly 25", s)
	kind, arg, _ := strings.Cut(s, " ")
	arg = strings.TrimSpace(arg)
	switch {
	case strings.HasPrefix(s, "每周"):
		kind, arg = "weekly", "周"+strings.TrimPrefix(s, "每周")
	case strings.HasPrefix(s, "每月"):
		kind, arg = "monthly", strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s, "每月"), "日"), "号")
		if arg == "底" || arg == "末" {
			arg = "last"
		}
	}
	switch kind {
	case "weekly":
		wd, ok := cycleWeekdays[arg]
		if !ok {
			return Cycle{}, bad
		}
		return Cycle{Weekday: wd}, nil
	case "monthly":
		if arg == "last" {
			return Cycle{Monthly: true, Day: 31}, nil
		}
		d, err := strconv.Atoi(arg)
		if err != nil || d < 1 || d > 28 {
			return Cycle{}, Errorf(EINVALID, "report cycle %q: the day of the month must be 1 to 28, or last", s)
		}
		return Cycle{Monthly: true, Day: d}, nil
	}
	return Cycle{}, bad
}

// String writes the cycle as ParseCycle reads it.
func (c Cycle) String() string {
	if c.Monthly {
		if c.Day >= 31 {
			return "monthly last"
		}
		return fmt.Sprintf("monthly %d", c.Day)
	}
	return "weekly " + strings.ToLower(c.Weekday.String()[:3])
}

// Period is one reporting cycle: its days and the day reports are due.
type Period struct {
	From, To Date // the cycle's days, inclusive (a week Monday–Sunday, or a month)
	Due      Date // reports are due by the end of this day
}

// PeriodAt returns the cycle holding day d. workday tells whether people
// work on a day (nil: Monday to Friday); a due day that is not one moves to
// the next workday, and the period stretches to hold it.
func (c Cycle) PeriodAt(d Date, workday func(Date) bool) Period {
	var p Period
	if c.Monthly {
		p.From = Date{Year: d.Year, Month: d.Month, Day: 1}
		p.To = DateOf(time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC))
		p.Due = Date{Year: d.Year, Month: d.Month, Day: min(c.Day, p.To.Day)}
	} else {
		wd := int(d.In(time.UTC).Weekday()+6) % 7 // Monday = 0
		p.From = d.AddDays(-wd)
		p.To = p.From.AddDays(6)
		p.Due = p.From.AddDays((int(c.Weekday) + 6) % 7)
	}
	if workday == nil {
		workday = weekday
	}
	for i := 0; i < 31 && !workday(p.Due); i++ {
		p.Due = p.Due.AddDays(1)
	}
	if p.To.Before(p.Due) {
		p.To = p.Due
	}
	return p
}

func weekday(d Date) bool {
	wd := d.In(time.UTC).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Periods returns the cycles whose due day falls in [from, to], in order.
func (c Cycle) Periods(from, to Date, workday func(Date) bool) []Period {
	var out []Period
	seen := map[Date]bool{}
	for d := from; !d.After(to); d = d.AddDays(1) {
		p := c.PeriodAt(d, workday)
		if seen[p.From] {
			continue
		}
		seen[p.From] = true
		if !p.Due.Before(from) && !p.Due.After(to) {
			out = append(out, p)
		}
	}
	return out
}

// Compliance is how an item's lead unit reported in one cycle.
type Compliance string

// The ways a unit reports in a cycle.
const (
	ReportOnTime  Compliance = "on_time" // reported by the due day
	ReportLate    Compliance = "late"    // 迟报: after the due day, within the cycle
	ReportMissed  Compliance = "missed"  // 漏报: nothing in the whole cycle
	ReportPending Compliance = "pending" // the cycle is not over and nothing came yet
	ReportOverdue Compliance = "overdue" // past the due day, the cycle not over, nothing yet
)

// Comply tells how the reports (the days they were made) of one item
// answer period p, as of today.
func Comply(reports []Date, p Period, today Date) Compliance {
	late := false
	for _, d := range reports {
		switch {
		case d.Before(p.From) || d.After(p.To) || d.After(today):
		case !d.After(p.Due):
			return ReportOnTime
		default:
			late = true
		}
	}
	switch {
	case late:
		return ReportLate
	case !today.After(p.Due):
		return ReportPending
	case !today.After(p.To):
		return ReportOverdue
	}
	return ReportMissed
}

// MustReport reports whether it owes a report in period p: a task open at
// the due day (not closed by then) that existed before the period began.
func (it Item) MustReport(p Period, loc *time.Location) bool {
	if it.Kind != KindTask || it.Status == StatusCancelled {
		return false
	}
	if loc == nil {
		loc = time.UTC
	}
	if !it.CreatedAt.IsZero() && !DateOf(it.CreatedAt.In(loc)).Before(p.From) {
		return false
	}
	if it.Status == StatusDone && (it.DoneAt.IsZero() || !DateOf(it.DoneAt.In(loc)).After(p.Due)) {
		return false
	}
	return true
}

// Unreported sorts the tasks of items that owe a report in period p (as
// of today) by how they answered it: late (迟报), missed (漏报, the cycle
// is over) and due (past the due day, nothing yet, the cycle not over).
// Tasks that reported on time, or are still within the due day, are in
// none of them.
func Unreported(items []Item, reports []Progress, p Period, today Date, loc *time.Location) (late, missed, due []Item) {
	if loc == nil {
		loc = time.UTC
	}
	days := map[int64][]Date{}
	for _, r := range reports {
		days[r.ItemID] = append(days[r.ItemID], DateOf(r.CreatedAt.In(loc)))
	}
	for _, it := range items {
		if !it.MustReport(p, loc) {
			continue
		}
		switch Comply(days[it.ID], p, today) {
		case ReportLate:
			late = append(late, it)
		case ReportMissed:
			missed = append(missed, it)
		case ReportOverdue:
			due = append(due, it)
		}
	}
	return late, missed, due
}
