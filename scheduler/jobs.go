package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// jobData is what a job's messages are made of, loaded once per run (per
// scope) and shared by every chat.
type jobData struct {
	now    time.Time
	today  duban.Date
	items  []duban.Item // open tasks (weekly: and those closed after the last cycle's due day), judged at now
	cutoff time.Time
	// Weekly: the reporting cycle last due and what it is owed.
	unreported      []duban.Item // missed, or not yet
	late            []duban.Item // reported after the due day
	unreportedTitle string
	unacked         []duban.Item // assigned AckDays ago and not acknowledged (签收)
	// Monthly: the month as it stood at its end (or so far), its chart,
	// its ledger and the drafted opening.
	month   report.Month
	chart   *duban.File
	ledger  []byte
	opening string
}

// load reads what job needs at now; for the monthly job, from is the
// first day of the month reported.
func (s *Scheduler) load(ctx context.Context, job Job, now time.Time, from duban.Date) (*jobData, error) {
	d := &jobData{
		now:    now,
		today:  duban.DateOf(now.In(s.cfg.Loc)),
		cutoff: now.Add(-time.Duration(s.cfg.StaleDays) * 24 * time.Hour),
	}
	if job == Monthly {
		return d, s.loadMonth(ctx, d, from)
	}
	// The reminders speak of open tasks; the weekly one also of those that
	// owed the last cycle a report, closed after its due day.
	var (
		closedSince time.Time
		p           duban.Period
	)
	if job == Weekly {
		p = s.std.Cycle.PeriodAt(d.today, s.cal.Workday)
		if !p.Due.Before(d.today) {
			p = s.std.Cycle.PeriodAt(p.From.AddDays(-1), s.cal.Workday) // the cycle before
		}
		closedSince = p.Due.AddDays(1).In(s.cfg.Loc)
	}
	items, err := s.st.OpenTasks(ctx, closedSince)
	if err != nil {
		return nil, err
	}
	s.std.Rules.Judge(items, now, s.cfg.Loc)
	d.items = items
	if job == Weekly {
		if err := s.loadUnreported(ctx, d, p); err != nil {
			return nil, err
		}
		if d.unacked, err = s.st.Unacknowledged(ctx, now.Add(-time.Duration(s.cfg.AckDays)*24*time.Hour)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// loadUnreported finds the tasks that owe cycle p (the last one whose due
// day has passed) a report: reported late (迟报) or not at all (漏报, or
// not yet when the cycle is still on).
func (s *Scheduler) loadUnreported(ctx context.Context, d *jobData, p duban.Period) error {
	// A task's first report in the cycle tells how it answered.
	first, err := s.st.FirstReports(ctx, p.From.In(s.cfg.Loc), d.now)
	if err != nil {
		return err
	}
	reports := make([]duban.Progress, 0, len(first))
	for id, at := range first {
		reports = append(reports, duban.Progress{ItemID: id, CreatedAt: at})
	}
	late, missed, due := duban.Unreported(d.items, reports, p, d.today, s.cfg.Loc)
	d.unreported, d.late = append(missed, due...), late
	d.unreportedTitle = report.UnreportedTitle(p, d.today, len(missed)+len(due), len(late), s.cfg.Lang)
	return nil
}

// loadMonth gathers the month reported as it stood at its last moment (or
// now, for the month so far), its chart, its ledger and its opening
// paragraph.
func (s *Scheduler) loadMonth(ctx context.Context, d *jobData, from duban.Date) error {
	asOf := report.MonthAsOf(from, d.now, s.cfg.Loc)
	m, err := report.GatherMonth(ctx, s.st, "", asOf, s.std, s.cfg.Loc)
	switch duban.ErrorCode(err) {
	case "":
	case duban.EINVALID: // no plan yet: an empty briefing, no ledger
		m.Loc = s.cfg.Loc
	default:
		return fmt.Errorf("gather the month: %w", err)
	}
	d.month = m
	if len(m.Items) > 0 && s.cfg.Charts != nil {
		// The picture goes first; without it the briefing still goes out.
		f, err := report.MonthChart(ctx, s.st, m, s.std, s.cfg.Charts, s.cfg.Lang)
		if err != nil {
			s.log.Error("scheduler: the briefing goes without its chart", "month", m.From.String()[:7], "err", err)
		} else {
			d.chart = &f
		}
	}
	if len(m.Items) > 0 {
		l, err := report.LedgerOfMonth(m, s.cfg.Lang)
		if err != nil {
			return err
		}
		d.ledger = l.File.Data
	}
	if s.Opening != nil {
		if d.opening, err = s.Opening(ctx, m.From, m.To); err != nil {
			s.log.Warn("scheduler: no opening paragraph for the briefing", "err", err)
			d.opening = ""
		}
	}
	return nil
}

// render returns job's messages for one chat; nil when there is nothing
// to say (a quiet week, no deadline near).
func (s *Scheduler) render(job Job, d *jobData, chatID int64, members []duban.Member) []duban.Outgoing {
	var texts []string
	in := report.RemindInput{Today: d.today, Items: d.items, Members: members, StaleCutoff: d.cutoff,
		StaleDays: s.cfg.StaleDays, Horizon: 7, Days: s.cfg.DeadlineDays,
		Unreported: d.unreported, Late: d.late, UnreportedTitle: d.unreportedTitle,
		Unacked: d.unacked, AckDays: s.cfg.AckDays}
	switch job {
	case Weekly:
		texts = report.WeeklyReminder(in, s.cfg.Lang)
	case Deadlines:
		texts = report.DeadlineReminder(in, s.cfg.Lang)
	case Monthly:
		texts = report.MonthlyBriefing(report.BriefingInput{Month: d.month, Opening: d.opening, Ledger: d.ledger != nil}, s.cfg.Lang)
	}
	var out []duban.Outgoing
	if job == Monthly && d.chart != nil {
		out = append(out, duban.Outgoing{ChatID: chatID, Text: report.ChartCaption(d.month, s.cfg.Lang), File: d.chart})
	}
	for _, t := range texts {
		out = append(out, duban.Outgoing{ChatID: chatID, Text: t})
	}
	if job == Monthly && d.ledger != nil {
		out = append(out, duban.Outgoing{ChatID: chatID, Text: report.BriefingCaption(d.month.To, s.cfg.Lang),
			File: &duban.File{Name: report.LedgerFileName(d.month.To, s.cfg.Lang), Data: d.ledger}})
	}
	return out
}
