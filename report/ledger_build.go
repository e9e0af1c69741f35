package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// LedgerStore is what building the ledger needs of the store. /export,
// `duban export` and the monthly briefing all go through BuildLedger, so
// the file a group gets, the file the office writes from the shell and the
// briefing's attachment are built alike.
type LedgerStore interface {
	Plans(ctx context.Context) ([]duban.Plan, error)
	PlanByName(ctx context.Context, name string) (duban.Plan, error)
	PlanItems(ctx context.Context, planID int64) ([]duban.Item, error)
	LatestReports(ctx context.Context, planID int64) (map[int64]duban.Progress, error)
	ReportsBetween(ctx context.Context, from, to time.Time) ([]duban.Progress, error)
	AuditBetween(ctx context.Context, from, to time.Time) ([]duban.Change, error)
}

// LedgerFile is a built ledger (台账) file and what it holds.
type LedgerFile struct {
	File  duban.File
	Plan  string     // the plan's name; "" when every plan is in it
	Tasks int        // tasks (not sections) in the file
	Today duban.Date // the day it shows the state of
}

// BuildLedger builds the ledger of the plan named planName (every plan when
// it is empty) as it stands at now: sheet 台账 with every live item, sheet
// 本月进展 with the reports of now's month so far, as the monthly briefing
// attaches it. A plan nobody has is an ENOTFOUND error, an empty database
// an EINVALID one.
func BuildLedger(ctx context.Context, st LedgerStore, planName string, now time.Time, loc *time.Location, lang string) (LedgerFile, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := duban.DateOf(now.In(loc))
	var planID int64
	planName = strings.TrimSpace(planName)
	if planName != "" {
		p, err := st.PlanByName(ctx, planName)
		if err != nil {
			return LedgerFile{}, err
		}
		planID = p.ID
	}
	items, err := st.PlanItems(ctx, planID)
	if err != nil {
		return LedgerFile{}, err
	}
	if len(items) == 0 && planID == 0 {
		return LedgerFile{}, duban.Errorf(duban.EINVALID, "no plan has been imported yet")
	}
	latest, err := st.LatestReports(ctx, planID)
	if err != nil {
		return LedgerFile{}, err
	}
	first := duban.Date{Year: today.Year, Month: today.Month, Day: 1}
	month, err := st.ReportsBetween(ctx, first.In(loc), today.AddDays(1).In(loc))
	if err != nil {
		return LedgerFile{}, err
	}
	tasks := 0
	ids := make(map[int64]bool, len(items))
	for _, it := range items {
		ids[it.ID] = true
		if it.Kind == duban.KindTask {
			tasks++
		}
	}
	if planID != 0 {
		// The month's reports on other plans' items do not belong here.
		kept := month[:0]
		for _, p := range month {
			if ids[p.ItemID] {
				kept = append(kept, p)
			}
		}
		month = kept
	}
	// The month's recorded changes go on a sheet of their own (变更记录):
	// who changed what in the plan this month.
	changes, err := st.AuditBetween(ctx, first.In(loc), today.AddDays(1).In(loc))
	if err != nil {
		return LedgerFile{}, err
	}
	numbers := make(map[int]bool, len(items))
	for _, it := range items {
		numbers[it.Number] = true
	}
	kept := changes[:0]
	for _, c := range changes {
		if planID == 0 || numbers[c.ItemNumber] {
			kept = append(kept, c)
		}
	}
	// The file carries the plan's name, so importing it back updates that
	// plan; a ledger of several plans has none.
	title := planName
	if title == "" {
		if plans, err := st.Plans(ctx); err == nil && len(plans) == 1 {
			title = plans[0].Name
		}
	}
	data, err := LedgerWithChanges(items, latest, month, kept, title, today, loc, lang)
	if err != nil {
		return LedgerFile{}, fmt.Errorf("build ledger: %w", err)
	}
	return LedgerFile{
		File:  duban.File{Name: LedgerFileName(today, lang), Data: data},
		Plan:  planName,
		Tasks: tasks,
		Today: today,
	}, nil
}
