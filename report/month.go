package report

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
)

// MonthStore is what gathering a month needs of the store (*store.Store).
type MonthStore interface {
	Plans(ctx context.Context) ([]duban.Plan, error)
	PlanByName(ctx context.Context, name string) (duban.Plan, error)
	PlanItemsAsOf(ctx context.Context, planID int64, at time.Time) ([]duban.Item, error)
	LatestReportsAsOf(ctx context.Context, planID int64, at time.Time) (map[int64]duban.Progress, error)
	ReportsBetween(ctx context.Context, from, to time.Time) ([]duban.Progress, error)
	ChangesBetween(ctx context.Context, from, to time.Time) ([]duban.Change, error)
	EvidenceAsOf(ctx context.Context, planID int64, at time.Time) ([]duban.Evidence, error)
	UrgeCounts(ctx context.Context, from, to time.Time) (map[string]int, error)
}

// Month is a month of a plan (every plan when Plan is "") as it stood at
// its last moment, or at AsOf for the month so far: what the 月度通报 and
// the ledger (台账) show. GatherMonth fills it.
type Month struct {
	Plan  string // the plan's name; "" for every plan
	Title string // the plan's name when there is one plan, for the ledger's properties
	// From is the month's first day; To the day its figures are taken (the
	// month's last, or AsOf's day for the month so far).
	From, To duban.Date
	SoFar    bool
	AsOf     time.Time
	Items    []duban.Item // the items then, in plan order, judged at AsOf
	Latest   map[int64]duban.Progress
	Evidence map[int64][]duban.Evidence // by item id, oldest first, attached up to AsOf
	Reports  []duban.Progress           // made in the month up to AsOf, oldest first
	Changes  []duban.Change             // recorded in the month up to AsOf, reports aside (those are Reports)
	Units    []duban.UnitStats
	Tasks    int
	Loc      *time.Location
}

// GatherMonth gathers the month holding asOf's day, up to asOf, of the plan
// named planName (every plan when empty): the items as they stood then,
// judged by std, their latest reports, the month's reports and changes,
// and the ranked units. A plan nobody has is an ENOTFOUND error, a
// database without items an EINVALID one.
func GatherMonth(ctx context.Context, st MonthStore, planName string, asOf time.Time, std duban.Standards, loc *time.Location) (Month, error) {
	if loc == nil {
		loc = time.UTC
	}
	m := Month{AsOf: asOf, Loc: loc}
	m.To = duban.DateOf(asOf.In(loc))
	m.From = duban.Date{Year: m.To.Year, Month: m.To.Month, Day: 1}
	m.SoFar = m.To.AddDays(1).Month == m.To.Month
	var planID int64
	m.Plan = strings.TrimSpace(planName)
	if m.Plan != "" {
		p, err := st.PlanByName(ctx, m.Plan)
		if err != nil {
			return m, err
		}
		planID = p.ID
	}
	// The month's reporting cycles, and the reports that answer them (a
	// week may begin in the month before).
	periods := std.Cycle.Periods(m.From, m.To, std.Workday)
	since := m.From
	if len(periods) > 0 && periods[0].From.Before(since) {
		since = periods[0].From
	}
	monthStart := m.From.In(loc)
	// The reads are independent and the biggest ones (the month's reports
	// and its audit trail) are as big as each other: they run at once, on
	// the store's pool of readers, and their errors are told in this order.
	var (
		wg                      sync.WaitGroup
		evidence                []duban.Evidence
		reports                 []duban.Progress
		changes                 []duban.Change
		plans                   []duban.Plan
		errItems, errLatest     error
		errEvidence, errReports error
		errChanges              error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		if m.Items, errItems = st.PlanItemsAsOf(ctx, planID, asOf); errItems != nil {
			return
		}
		if m.Latest, errLatest = st.LatestReportsAsOf(ctx, planID, asOf); errLatest != nil {
			return
		}
		if evidence, errEvidence = st.EvidenceAsOf(ctx, planID, asOf); errEvidence == nil && m.Plan == "" {
			plans, _ = st.Plans(ctx) // only to title the file
		}
	}()
	go func() {
		defer wg.Done()
		reports, errReports = st.ReportsBetween(ctx, since.In(loc), asOf.Add(time.Millisecond)) // the store counts in milliseconds
	}()
	go func() {
		defer wg.Done()
		changes, errChanges = st.ChangesBetween(ctx, monthStart, asOf.Add(time.Millisecond))
	}()
	wg.Wait()
	if errItems != nil {
		return m, errItems
	}
	if len(m.Items) == 0 && planID == 0 {
		return m, duban.Errorf(duban.EINVALID, "no plan has been imported yet")
	}
	for _, err := range []error{errLatest, errEvidence, errReports, errChanges} {
		if err != nil {
			return m, err
		}
	}
	std.Rules.Judge(m.Items, asOf, loc)
	m.Evidence = make(map[int64][]duban.Evidence)
	for _, ev := range evidence {
		m.Evidence[ev.ItemID] = append(m.Evidence[ev.ItemID], ev)
	}
	ids := make(map[int64]bool, len(m.Items))
	numbers := make(map[int]bool, len(m.Items))
	for _, it := range m.Items {
		ids[it.ID], numbers[it.Number] = true, true
		if it.Kind == duban.KindTask {
			m.Tasks++
		}
	}
	kept := reports[:0]
	for _, p := range reports {
		if ids[p.ItemID] {
			kept = append(kept, p)
		}
	}
	reports = kept
	for _, p := range reports {
		if !p.CreatedAt.Before(monthStart) {
			m.Reports = append(m.Reports, p)
		}
	}
	counts := duban.CountReports(m.Items, reports, periods, m.To, loc)
	// The month's 催办, by the lead unit they chased.
	urged, err := st.UrgeCounts(ctx, monthStart, asOf.Add(time.Millisecond))
	if err != nil {
		return m, err
	}
	for unit, n := range urged {
		c := counts[unit]
		c.Urged = n
		counts[unit] = c
	}
	m.Units = duban.RankUnits(m.Items, m.To, loc, counts, std.Weights)
	// The month's recorded changes (变更记录): who changed what in the plan.
	for _, c := range changes {
		if planID == 0 || numbers[c.ItemNumber] {
			m.Changes = append(m.Changes, c)
		}
	}
	// The file carries the plan's name, so importing it back updates that
	// plan; a ledger of several plans has none.
	m.Title = m.Plan
	if m.Title == "" && len(plans) == 1 {
		m.Title = plans[0].Name
	}
	return m, nil
}
