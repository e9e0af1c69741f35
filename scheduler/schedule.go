package scheduler

import (
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/robfig/cron/v3"
)

// Job names a scheduled job. The names are stored in the runs table.
type Job string

// The scheduled jobs.
const (
	Weekly    Job = "weekly"    // due soon, overdue and 未报送, every week
	Deadlines Job = "deadlines" // nudges a few days before deadlines, daily
	Monthly   Job = "monthly"   // 月度通报 with the ledger, on the 1st
)

// Jobs lists the jobs in the order a tick considers them.
var Jobs = []Job{Weekly, Deadlines, Monthly}

// ParseJob reads a job name as typed on the command line.
func ParseJob(s string) (Job, error) {
	for _, j := range Jobs {
		if string(j) == s {
			return j, nil
		}
	}
	return "", duban.Errorf(duban.EINVALID, "unknown job %q: want weekly, deadlines or monthly", s)
}

// specParser reads the same cron syntax as config.Validate: five fields or
// a descriptor such as "@every 30s".
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSpec parses a cron spec.
func ParseSpec(spec string) (cron.Schedule, error) {
	s, err := specParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("parse schedule %q: %w", spec, err)
	}
	return s, nil
}

// PrevFire returns the latest time at or before now at which sched fires,
// in now's location, and false when it fired in none of the last 400 days.
// cron only computes forward, so this walks forward from growing look-back
// points; a frequent "@every 30s" is found in the first hour without
// walking a year of fires.
func PrevFire(sched cron.Schedule, now time.Time) (time.Time, bool) {
	for _, back := range []time.Duration{time.Hour, 25 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, 400 * 24 * time.Hour} {
		var (
			prev  time.Time
			found bool
		)
		for t := now.Add(-back); ; {
			next := sched.Next(t)
			if next.IsZero() || next.After(now) {
				break
			}
			prev, found, t = next, true, next
		}
		if found {
			return prev, true
		}
	}
	return time.Time{}, false
}

// Decision is what Due decided for one job and schedule at one instant.
type Decision struct {
	// Fire is when the latest occurrence goes out: its scheduled time, moved
	// past holidays. Zero when the schedule never fired.
	Fire time.Time
	// Period is the occurrence's key: its ISO week for weekly, its day for
	// deadlines, the month it reports on for monthly.
	Period string
	// Run says the occurrence is due now: Fire has come and lies within
	// the catch-up window. The caller still skips chats whose Period is
	// done.
	Run bool
	// Missed says the occurrence is older than the catch-up window (the
	// process was down): it is skipped, and the caller logs it.
	Missed bool
}

// Due decides whether job, on schedule sched, is due at now (in the
// bureau's location): it takes the latest scheduled fire, moves it to the
// next workday when it falls on a holiday, and runs it when that moment has
// come no longer than catchUp ago. Only the latest fire counts, so coming
// back after a long outage sends one reminder, not every one missed.
func Due(job Job, sched cron.Schedule, now time.Time, catchUp time.Duration, cal Calendar) Decision {
	nominal, ok := PrevFire(sched, now)
	if !ok {
		return Decision{}
	}
	fire := cal.Shift(nominal)
	d := Decision{Fire: fire, Period: Period(job, fire)}
	switch {
	case fire.After(now):
		// Moved past a holiday into the future: not yet.
	case now.Sub(fire) <= catchUp:
		d.Run = true
	default:
		d.Missed = true
	}
	return d
}

// Period returns the period key of job for an occurrence at t: "2026-W48"
// for weekly, "2026-11-24" for deadlines, and for monthly the month before
// t ("2026-10" on 1 November), which is the month the briefing reports on.
func Period(job Job, t time.Time) string {
	switch job {
	case Weekly:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Monthly:
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location()).AddDate(0, -1, 0)
		return first.Format("2006-01")
	default:
		return t.Format(time.DateOnly)
	}
}

// Specs are the global cron specs of the jobs (config schedule.*); an empty
// spec turns its job off.
type Specs = duban.ScheduleSpecs

// specOf returns the spec of job.
func specOf(s Specs, job Job) string {
	switch job {
	case Weekly:
		return s.Weekly
	case Deadlines:
		return s.Deadlines
	case Monthly:
		return s.Monthly
	}
	return ""
}

// ChatSpec returns the spec job follows in a chat with settings set: ""
// when the job is off there, the chat's own weekly day and time when it has
// them, the global spec otherwise.
func ChatSpec(specs Specs, job Job, set duban.ChatSettings) string {
	base := specOf(specs, job)
	switch {
	case base == "":
		return ""
	case jobOff(job, set):
		return ""
	case job == Weekly && (set.WeeklyDay != 0 || set.WeeklyTime != ""):
		return report.WeeklySpec(base, set.WeeklyDay, set.WeeklyTime)
	}
	return base
}

// jobOff reports whether a chat switched job off (/settings weekly off).
func jobOff(job Job, set duban.ChatSettings) bool {
	switch job {
	case Weekly:
		return set.WeeklyOff
	case Deadlines:
		return set.DeadlinesOff
	case Monthly:
		return set.MonthlyOff
	}
	return true
}
