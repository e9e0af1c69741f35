package bigdb

import (
	"fmt"
	"time"
)

// Spec is the shape of a generated database.
type Spec struct {
	Items   int       // items in all, sections included
	Reports int       // progress reports
	Plans   int       // plans, the items shared evenly among them
	Today   time.Time // the moment the database is about; nothing happens after it
	// History generates a year of work instead of a flat snapshot: the
	// plans imported early in Today's year, reports over the workdays from
	// then to Today, each applied to its item with the audit row the store
	// writes, milestones marked done, extensions asked and decided, edits,
	// evidence, items closed and deleted. The items' present state is what
	// their audit trail ends with, so their state at any past moment can be
	// told from it as the store does.
	History bool
}

// Big is the database Path builds: 100,000 items over ten yearly plans
// and 1,000,000 reports over the two years before Today, with no history.
var Big = Spec{Items: Items, Reports: Reports, Plans: Plans, Today: Today}

// Shanghai is the bureau's time zone in the Year database.
var Shanghai = time.FixedZone("CST", 8*60*60)

// YearToday is the moment of the Year database: Monday 16 November 2026,
// 08:30 in Shanghai, when the weekly reminder goes out.
var YearToday = time.Date(2026, time.November, 16, 8, 30, 0, 0, Shanghai)

// Year is the size of issue 12's performance targets: 10,000 items in four
// plans of the year and 1,000,000 reports from January to YearToday, with
// their history.
var Year = Spec{Items: 10_000, Reports: 1_000_000, Plans: 4, Today: YearToday, History: true}

func (s Spec) validate() error {
	switch {
	case s.Plans <= 0 || s.Items < s.Plans*2 || s.Reports < 0:
		return fmt.Errorf("bigdb spec %+v: want plans, at least two items a plan, reports", s)
	case s.Today.IsZero():
		return fmt.Errorf("bigdb spec %+v: no Today", s)
	case s.History && s.Today.In(Shanghai).YearDay() < 90:
		return fmt.Errorf("bigdb spec %+v: a history needs a Today late enough in its year", s)
	}
	return nil
}
