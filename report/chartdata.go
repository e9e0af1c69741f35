package report

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/duban"
)

// The pictures of the 月度通报: what package chart draws is decided here, from
// the same gathered Month as the briefing's text and its ledger, so that the
// photo, the text and the file agree. The scheduler's briefing, /chart and
// `duban chart` all go through MonthChart.

// ChartDrawer draws the picture of the monthly briefing (*chart.Renderer):
// the units' bars above the completion trend, under one title.
type ChartDrawer interface {
	Briefing(title, asOf string, units []chart.Unit, pts []chart.TrendPoint) ([]byte, error)
}

// TrendStore is what the completion trend needs of the store (*store.Store);
// a MonthStore has it.
type TrendStore interface {
	PlanByName(ctx context.Context, name string) (duban.Plan, error)
	PlanItemsAsOf(ctx context.Context, planID int64, at time.Time) ([]duban.Item, error)
}

// TrendMonths is the length of the trend's axis: a plan year.
const TrendMonths = 12

// ChartUnits returns the month's units for the unit chart, in the
// briefing's ranking: their closed tasks (按期 and 超期办结) as done, open
// ones not yet due as in progress, open ones past their deadline as
// overdue, their red and yellow lights, and the completion rate the
// briefing prints (rounded to a whole percent).
func ChartUnits(m Month) []chart.Unit {
	out := make([]chart.Unit, 0, len(m.Units))
	for _, u := range m.Units {
		out = append(out, chart.Unit{
			Name: u.Unit, Done: u.Done(), Doing: u.OpenNotDue, Overdue: u.OverdueOpen,
			Red: u.Red, Yellow: u.Yellow, Rate: float64(u.Rate) / 100,
		})
	}
	return out
}

// MonthAsOf is the moment a month's figures are taken: the month's last
// moment, or now while the month is still on (the month so far). month is
// any day of the month.
func MonthAsOf(month duban.Date, now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	end := time.Date(month.Year, month.Month+1, 1, 0, 0, 0, 0, loc).Add(-time.Millisecond)
	if now.Before(end) {
		return now
	}
	return end
}

// Trend returns the completion trend of the plan named plan (every plan
// when empty) up to asOf, as TrendMonths points: the months of the plan
// year holding asOf, from the month the plan year starts (std.Rules.
// PlanStart, January by default). Each month is taken as it stood at its
// end (asOf's month at asOf), from the recorded history: its rate is the
// share of the tasks then closed, rounded to a whole percent as the
// briefing rounds it, and its 序时进度 the mean expected progress of the
// tasks that had a deadline. A month before the plan had any task, and the
// months after asOf's, have no data. A plan nobody has is ENOTFOUND.
func Trend(ctx context.Context, st TrendStore, plan string, asOf time.Time, std duban.Standards, loc *time.Location, lang string) ([]chart.TrendPoint, error) {
	planID, err := trendPlan(ctx, st, plan)
	if err != nil {
		return nil, err
	}
	return trend(ctx, st, planID, asOf, std, loc, lang, nil)
}

func trendPlan(ctx context.Context, st TrendStore, plan string) (int64, error) {
	name := strings.TrimSpace(plan)
	if name == "" {
		return 0, nil
	}
	p, err := st.PlanByName(ctx, name)
	if err != nil {
		return 0, err
	}
	return p.ID, nil
}

// trend computes the trend; last, when not nil, are the items at asOf
// already loaded (a gathered month's), which the last point reuses.
func trend(ctx context.Context, st TrendStore, planID int64, asOf time.Time, std duban.Standards, loc *time.Location, lang string, last []duban.Item) ([]chart.TrendPoint, error) {
	if loc == nil {
		loc = time.UTC
	}
	day := duban.DateOf(asOf.In(loc))
	current := time.Date(day.Year, day.Month, 1, 0, 0, 0, 0, loc)
	startMonth := std.Rules.PlanStart.Month
	if startMonth == 0 {
		startMonth = time.January
	}
	start := time.Date(day.Year, startMonth, 1, 0, 0, 0, 0, loc)
	if start.After(current) {
		start = start.AddDate(-1, 0, 0)
	}
	pts := make([]chart.TrendPoint, 0, TrendMonths)
	for i := range TrendMonths {
		from := start.AddDate(0, i, 0)
		p := chart.TrendPoint{Label: monthLabel(from.Month(), lang), NoData: true}
		if !from.After(current) {
			at := MonthAsOf(duban.DateOf(from), asOf, loc)
			items := last
			if !from.Equal(current) || items == nil {
				var err error
				if items, err = st.PlanItemsAsOf(ctx, planID, at); err != nil {
					return nil, fmt.Errorf("completion trend: %w", err)
				}
			}
			p = trendPoint(items, at, std.Rules, loc)
			p.Label = monthLabel(from.Month(), lang)
		}
		pts = append(pts, p)
	}
	return pts, nil
}

// trendPoint is one month of the trend from the items as they stood at its
// end. The 序时进度 is where each task with a deadline should be by then,
// whether or not it is closed: a closed task is judged as if still open,
// since Standing puts a closed task at 100, which would lift the expected
// line each time a task is closed early.
func trendPoint(items []duban.Item, at time.Time, r duban.Rules, loc *time.Location) chart.TrendPoint {
	var tasks, done, scheduled, expected int
	for _, it := range items {
		if it.Kind != duban.KindTask || it.Status == duban.StatusCancelled {
			continue
		}
		tasks++
		if it.Status == duban.StatusDone {
			done++
		}
		if it.Deadline.IsZero() {
			continue
		}
		if !it.Open() {
			it.Status = duban.StatusDoing
		}
		expected += r.Standing(it, at, loc).Expected
		scheduled++
	}
	if tasks == 0 {
		return chart.TrendPoint{NoData: true}
	}
	p := chart.TrendPoint{Rate: math.Round(float64(done)*100/float64(tasks)) / 100}
	if scheduled > 0 {
		p.Expected, p.HasExpected = float64(expected)/float64(scheduled)/100, true
	}
	return p
}

func monthLabel(m time.Month, lang string) string {
	return Tr(lang, strconv.Itoa(int(m))+"月", m.String()[:3])
}

// MonthChart draws the picture of a gathered month (GatherMonth): the units'
// bars in the briefing's ranking above the completion trend of the plan
// year up to the month, under the month's title and the day its figures
// are taken. It returns the PNG as a photo to send, named by that day.
func MonthChart(ctx context.Context, st TrendStore, m Month, std duban.Standards, d ChartDrawer, lang string) (duban.File, error) {
	planID, err := trendPlan(ctx, st, m.Plan)
	if err != nil {
		return duban.File{}, err
	}
	pts, err := trend(ctx, st, planID, m.AsOf, std, m.Loc, lang, m.Items)
	if err != nil {
		return duban.File{}, err
	}
	title, asOf := chartTitle(m, lang)
	data, err := d.Briefing(title, asOf, ChartUnits(m), pts)
	if err != nil {
		return duban.File{}, fmt.Errorf("draw the chart: %w", err)
	}
	return duban.File{Name: ChartFileName(m.To, lang), Data: data, Photo: true}, nil
}

// chartTitle is the picture's title and the day its figures are taken:
// "2026年教育工作要点 · 11月工作进展" (the plan's name when there is one
// plan) or "2026年11月工作进展", and "2026年11月30日".
func chartTitle(m Month, lang string) (string, string) {
	first := time.Date(m.From.Year, m.From.Month, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(m.To.Year, m.To.Month, m.To.Day, 0, 0, 0, 0, time.UTC)
	if lang == LangEN {
		title := "Progress, " + first.Format("January 2006")
		if m.Title != "" {
			title = m.Title + " · " + first.Format("January 2006")
		}
		return title, to.Format("Jan 2, 2006")
	}
	title := fmt.Sprintf("%d年%d月工作进展", m.From.Year, int(m.From.Month))
	if m.Title != "" {
		// The plan's name usually carries its year already.
		month := fmt.Sprintf("%d月工作进展", int(m.From.Month))
		if !strings.Contains(m.Title, strconv.Itoa(m.From.Year)) {
			month = title
		}
		title = m.Title + " · " + month
	}
	return title, fmt.Sprintf("%d年%d月%d日", m.To.Year, int(m.To.Month), m.To.Day)
}

// ChartCaption is the caption of the chart's photo:
// "📊 2026年11月工作进展图（截至11月30日）".
func ChartCaption(m Month, lang string) string {
	if lang == LangEN {
		t := time.Date(m.From.Year, m.From.Month, 1, 0, 0, 0, 0, time.UTC)
		return "📊 Progress chart, " + t.Format("January 2006") + " (as of " + DateText(m.To, m.To, lang) + ")"
	}
	return fmt.Sprintf("📊 %d年%d月工作进展图（截至%s）", m.From.Year, int(m.From.Month), DateText(m.To, m.To, lang))
}

// ChartFileName names the chart's PNG by the day its figures are taken:
// 工作进展图-2026-11-30.png.
func ChartFileName(day duban.Date, lang string) string {
	return Tr(lang, "工作进展图-", "progress-") + day.String() + ".png"
}
