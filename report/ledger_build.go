package report

import (
	"context"
	"fmt"
	"time"

	"github.com/duban-bot/duban/duban"
)

// LedgerStore is what building the ledger needs of the store: a month's
// items, reports and changes as they stood (MonthStore). /export, `duban
// export` and the monthly briefing all go through BuildLedger, so the file
// a group gets, the file the office writes from the shell and the
// briefing's attachment are built alike.
type LedgerStore = MonthStore

// LedgerFile is a built ledger (台账) file and what it holds.
type LedgerFile struct {
	File  duban.File
	Plan  string     // the plan's name; "" when every plan is in it
	Tasks int        // tasks (not sections) in the file
	Today duban.Date // the day it shows the state of
}

// BuildLedger builds the ledger of the plan named planName (every plan
// when it is empty) as it stood at asOf — now, for /export — judged by std:
// GatherMonth, then LedgerOf. A plan nobody has is an ENOTFOUND error, an
// empty database an EINVALID one.
func BuildLedger(ctx context.Context, st LedgerStore, planName string, asOf time.Time, std duban.Standards, loc *time.Location, lang string) (LedgerFile, error) {
	m, err := GatherMonth(ctx, st, planName, asOf, std, loc)
	if err != nil {
		return LedgerFile{}, err
	}
	return LedgerOfMonth(m, lang)
}

// LedgerOfMonth renders a gathered month as the ledger file.
func LedgerOfMonth(m Month, lang string) (LedgerFile, error) {
	data, err := LedgerOf(m, lang)
	if err != nil {
		return LedgerFile{}, fmt.Errorf("build ledger: %w", err)
	}
	return LedgerFile{
		File:  duban.File{Name: LedgerFileName(m.To, lang), Data: data},
		Plan:  m.Plan,
		Tasks: m.Tasks,
		Today: m.To,
	}, nil
}
