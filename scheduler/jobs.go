package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// jobData is what a job's messages are made of, loaded once per run and
// shared by every chat.
type jobData struct {
	now    time.Time
	today  duban.Date
	items  []duban.Item
	cutoff time.Time
	// Monthly: the days reported, the reports made in them, the ledger.
	from, to duban.Date
	soFar    bool
	reports  []duban.Progress
	ledger   []byte
	opening  string
}

// load reads what job needs at now; for the monthly job, from is the
// first day of the month reported.
func (s *Scheduler) load(ctx context.Context, job Job, now time.Time, from duban.Date) (*jobData, error) {
	items, err := s.st.PlanItems(ctx, 0)
	if err != nil {
		return nil, err
	}
	d := &jobData{
		now:    now,
		today:  duban.DateOf(now),
		items:  items,
		cutoff: now.Add(-time.Duration(s.cfg.StaleDays) * 24 * time.Hour),
	}
	if job != Monthly {
		return d, nil
	}
	d.from = from
	d.to = duban.DateOf(from.In(s.cfg.Loc).AddDate(0, 1, -1)) // the month's last day
	if d.today.Before(d.to) {
		d.to, d.soFar = d.today, true
	}
	end := d.to.AddDays(1).In(s.cfg.Loc)
	if d.reports, err = s.st.ReportsBetween(ctx, from.In(s.cfg.Loc), end); err != nil {
		return nil, err
	}
	// The ledger as /export builds it, of the month reported: its last
	// moment, or now for the month so far.
	asOf := now
	if !d.soFar {
		asOf = end.Add(-time.Nanosecond)
	}
	l, err := report.BuildLedger(ctx, s.st, "", asOf, s.cfg.Loc, s.cfg.Lang)
	switch duban.ErrorCode(err) {
	case "":
		d.ledger = l.File.Data
	case duban.EINVALID: // no plan yet: no ledger
	default:
		return nil, fmt.Errorf("build ledger: %w", err)
	}
	if s.Opening != nil {
		if d.opening, err = s.Opening(ctx, d.from, d.to); err != nil {
			s.log.Warn("scheduler: no opening paragraph for the briefing", "err", err)
			d.opening = ""
		}
	}
	return d, nil
}

// render returns job's messages for one chat; nil when there is nothing
// to say (a quiet week, no deadline near).
func (s *Scheduler) render(job Job, d *jobData, chatID int64, members []duban.Member) []duban.Outgoing {
	var texts []string
	in := report.RemindInput{Today: d.today, Items: d.items, Members: members, StaleCutoff: d.cutoff,
		StaleDays: s.cfg.StaleDays, Horizon: 7, Days: s.cfg.DeadlineDays}
	switch job {
	case Weekly:
		texts = report.WeeklyReminder(in, s.cfg.Lang)
	case Deadlines:
		texts = report.DeadlineReminder(in, s.cfg.Lang)
	case Monthly:
		texts = report.MonthlyBriefing(report.BriefingInput{From: d.from, To: d.to, SoFar: d.soFar, Today: d.today,
			Items: d.items, Reports: d.reports, StaleCutoff: d.cutoff, StaleDays: s.cfg.StaleDays,
			Opening: d.opening, Ledger: d.ledger != nil}, s.cfg.Lang)
	}
	var out []duban.Outgoing
	for _, t := range texts {
		out = append(out, duban.Outgoing{ChatID: chatID, Text: t})
	}
	if job == Monthly && d.ledger != nil {
		out = append(out, duban.Outgoing{ChatID: chatID, Text: report.BriefingCaption(d.today, s.cfg.Lang),
			File: &duban.File{Name: report.LedgerFileName(d.today, s.cfg.Lang), Data: d.ledger}})
	}
	return out
}
