package main

import (
	"fmt"
	"slices"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
)

// newScheduler builds the scheduler from the configuration (schedule.*,
// remind.*, delivery.*, calendar.*, timezone, language, access.chats). d
// delivers its messages: the bot's one-attempt Deliver, or nil for a
// scheduler that only renders and enqueues (/briefing in the console,
// duban remind --dry-run or --queue-only), whose sender must not run.
func (m *Main) newScheduler(st *store.Store, d scheduler.Deliverer, acc scheduler.Access) (*scheduler.Scheduler, error) {
	c := m.Config
	loc, err := c.Location()
	if err != nil {
		return nil, err
	}
	holidays := make([]scheduler.Holiday, 0, len(c.Calendar.Holidays))
	for i, h := range c.Calendar.Holidays {
		from, err := duban.ParseDate(h.From)
		if err != nil {
			return nil, fmt.Errorf("calendar.holidays[%d].from: %w", i, err)
		}
		to, err := duban.ParseDate(h.To)
		if err != nil {
			return nil, fmt.Errorf("calendar.holidays[%d].to: %w", i, err)
		}
		holidays = append(holidays, scheduler.Holiday{From: from, To: to, Name: h.Name})
	}
	workdays := make([]duban.Date, 0, len(c.Calendar.Workdays))
	for i, w := range c.Calendar.Workdays {
		day, err := duban.ParseDate(w)
		if err != nil {
			return nil, fmt.Errorf("calendar.workdays[%d]: %w", i, err)
		}
		workdays = append(workdays, day)
	}
	s := scheduler.New(scheduler.Config{
		Specs:           m.scheduleSpecs(),
		CatchUp:         c.Schedule.CatchUp,
		StaleDays:       c.Remind.StaleDays,
		DeadlineDays:    slices.Clone(c.Remind.DeadlineDays),
		GlobalPerSecond: c.Delivery.GlobalPerSecond,
		GroupPerMinute:  c.Delivery.GroupPerMinute,
		MaxAttempts:     c.Delivery.MaxAttempts,
		Holidays:        holidays,
		Workdays:        workdays,
		Loc:             loc,
		Lang:            c.Language,
		ServedChats:     slices.Clone(c.Access.Chats),
		Access:          acc,
	}, st, d, m.Logger.With("component", "scheduler"))
	// With a model configured the monthly briefing opens with its drafted
	// paragraph (cmd_summary.go); without one, Opening stays nil.
	if s.Opening, err = m.summaryOpening(st); err != nil {
		return nil, err
	}
	return s, nil
}

// scheduleSpecs are the global cron specs of the reminders; /settings
// shows them and the scheduler runs by them.
func (m *Main) scheduleSpecs() report.ScheduleSpecs {
	s := m.Config.Schedule
	return report.ScheduleSpecs{Weekly: s.Weekly, Deadlines: s.Deadlines, Monthly: s.Monthly}
}
