package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// briefingMaxListed bounds the lists of the briefing; the ledger sent with
// it has everything.
const briefingMaxListed = 30

// BriefingInput is what the monthly briefing (月度通报) is made of.
type BriefingInput struct {
	// From and To are the first and last day reported on: a whole month,
	// or the month so far when SoFar is set.
	From, To duban.Date
	SoFar    bool
	// Today is the day the figures are taken: overdue and 未报送 are as of
	// now, not as of the month's end.
	Today duban.Date
	// Items are the live items of the plans, in plan order.
	Items []duban.Item
	// Reports are the reports made between From and To, oldest first.
	Reports []duban.Progress
	// StaleCutoff and StaleDays define 未报送 as in RemindInput.
	StaleCutoff time.Time
	StaleDays   int
	// Opening is a paragraph put first, plain text (a drafted summary);
	// empty for none. It is escaped here.
	Opening string
	// Ledger says a ledger file follows the text, so the text points to it.
	Ledger bool
}

// DeptFigures are one unit's figures in the briefing's table.
type DeptFigures struct {
	Owner                                               string
	Items, Done, Doing, Todo, Cancelled, Overdue, Stale int
}

// Rate is the completion rate in percent: done tasks of those not
// cancelled.
func (f DeptFigures) Rate() int {
	if n := f.Items - f.Cancelled; n > 0 {
		return f.Done * 100 / n
	}
	return 0
}

func (f *DeptFigures) add(it duban.Item, today duban.Date, cutoff time.Time) {
	f.Items++
	switch it.Status {
	case duban.StatusDone:
		f.Done++
	case duban.StatusDoing:
		f.Doing++
	case duban.StatusCancelled:
		f.Cancelled++
	default:
		f.Todo++
	}
	if it.Overdue(today) {
		f.Overdue++
	}
	if it.Stale(cutoff) {
		f.Stale++
	}
}

// DepartmentFigures counts the tasks of each unit, units in the order of
// their first task in the plan, and the total over all units.
func DepartmentFigures(items []duban.Item, today duban.Date, staleCutoff time.Time) (units []DeptFigures, total DeptFigures) {
	index := map[string]int{}
	for _, it := range items {
		if it.Kind != duban.KindTask {
			continue
		}
		i, ok := index[it.Owner]
		if !ok {
			i = len(units)
			index[it.Owner] = i
			units = append(units, DeptFigures{Owner: it.Owner})
		}
		units[i].add(it, today, staleCutoff)
		total.add(it, today, staleCutoff)
	}
	return units, total
}

// MonthlyBriefing renders the monthly briefing: the opening paragraph, the
// overall figures, the tasks completed and the reports received in the
// period, a line of figures per unit, and the overdue tasks. It returns the
// message texts, several when one would be too long.
func MonthlyBriefing(in BriefingInput, lang string) []string {
	units, total := DepartmentFigures(in.Items, in.Today, in.StaleCutoff)
	byID := make(map[int64]duban.Item, len(in.Items))
	var overdue []duban.Item
	for _, it := range in.Items {
		byID[it.ID] = it
		if it.Kind == duban.KindTask && it.Overdue(in.Today) {
			overdue = append(overdue, it)
		}
	}
	remindByDeadline(overdue)

	// Completed in the period: closed by a report of the period and still
	// done now.
	type closing struct {
		item duban.Item
		at   time.Time
	}
	var completed []closing
	closed := map[int64]bool{}
	reported := map[int64]bool{}
	reporters := map[string]bool{}
	for _, p := range in.Reports {
		reported[p.ItemID] = true
		if it, ok := byID[p.ItemID]; ok && it.Owner != "" {
			reporters[it.Owner] = true
		}
		if (p.Done || p.Percent == 100) && !closed[p.ItemID] {
			if it, ok := byID[p.ItemID]; ok && it.Status == duban.StatusDone {
				closed[p.ItemID] = true
				completed = append(completed, closing{it, p.CreatedAt})
			}
		}
	}
	sort.SliceStable(completed, func(i, j int) bool { return completed[i].item.Number < completed[j].item.Number })

	var b strings.Builder
	title := briefingTitle(in, lang)
	b.WriteString("📊 <b>" + title + "</b>")
	if o := strings.TrimSpace(in.Opening); o != "" {
		b.WriteString("\n\n")
		b.WriteString(esc(o))
	}

	b.WriteString(Tr(lang, "\n\n<b>一、总体情况</b>\n", "\n\n<b>1. Overall</b>\n"))
	b.WriteString(Tr(lang,
		fmt.Sprintf("全部任务%d项：已完成%d项，进行中%d项，未开始%d项，已取消%d项；逾期%d项，未报送%d项；完成率%d%%。",
			total.Items, total.Done, total.Doing, total.Todo, total.Cancelled, total.Overdue, total.Stale, total.Rate()),
		fmt.Sprintf("%d tasks: %d done, %d in progress, %d not started, %d cancelled; %d overdue, %d without a report; %d%% complete.",
			total.Items, total.Done, total.Doing, total.Todo, total.Cancelled, total.Overdue, total.Stale, total.Rate())))
	b.WriteString("\n")
	b.WriteString(Tr(lang,
		fmt.Sprintf("本期收到进展报送%d条，涉及任务%d项、单位%d个；本期完成（销号）%d项。", len(in.Reports), len(reported), len(reporters), len(completed)),
		fmt.Sprintf("This period: %d progress reports on %d tasks from %d units; %d tasks closed.", len(in.Reports), len(reported), len(reporters), len(completed))))

	b.WriteString(Tr(lang, fmt.Sprintf("\n\n<b>二、本期完成</b>（%d项）", len(completed)), fmt.Sprintf("\n\n<b>2. Closed this period</b> (%d)", len(completed))))
	if len(completed) == 0 {
		b.WriteString(Tr(lang, "\n本期没有任务销号。", "\nNo task was closed."))
	}
	for i, c := range completed {
		if i == briefingMaxListed {
			b.WriteString(briefingMore(len(completed)-i, lang))
			break
		}
		b.WriteString("\n")
		b.WriteString(ItemLine(c.item, in.Today, lang))
	}

	b.WriteString(Tr(lang, "\n\n<b>三、各单位情况</b>", "\n\n<b>3. By unit</b>"))
	if len(units) == 0 {
		b.WriteString(Tr(lang, "\n计划中还没有任务。", "\nThe plan has no tasks yet."))
	}
	for _, u := range units {
		b.WriteString("\n<b>" + esc(OwnerName(u.Owner, lang)) + "</b>")
		b.WriteString(Tr(lang,
			fmt.Sprintf("：任务%d项，完成%d，进行中%d，逾期%d，未报送%d，完成率%d%%", u.Items, u.Done, u.Doing, u.Overdue, u.Stale, u.Rate()),
			fmt.Sprintf(": %d tasks, %d done, %d in progress, %d overdue, %d without report, %d%%", u.Items, u.Done, u.Doing, u.Overdue, u.Stale, u.Rate())))
	}

	b.WriteString(Tr(lang, fmt.Sprintf("\n\n<b>四、逾期任务</b>（%d项）", len(overdue)), fmt.Sprintf("\n\n<b>4. Overdue</b> (%d)", len(overdue))))
	if len(overdue) == 0 {
		b.WriteString(Tr(lang, "\n没有逾期任务。", "\nNothing is overdue."))
	}
	for i, it := range overdue {
		if i == briefingMaxListed {
			b.WriteString(briefingMore(len(overdue)-i, lang))
			break
		}
		b.WriteString("\n")
		b.WriteString(ItemLine(it, in.Today, lang))
	}
	if in.Ledger {
		b.WriteString(Tr(lang, "\n\n详细情况见台账（附件）。", "\n\nThe ledger (attached) has the details."))
	}
	return SplitMessage(b.String(), MaxMessageRunes)
}

// briefingTitle names the period: "2026年10月工作通报", "2026年11月工作通报
// （截至11月15日）".
func briefingTitle(in BriefingInput, lang string) string {
	if lang == LangEN {
		t := time.Date(in.From.Year, in.From.Month, 1, 0, 0, 0, 0, time.UTC)
		s := "Briefing for " + t.Format("January 2006")
		if in.SoFar {
			s += " (to " + DateText(in.To, in.To, lang) + ")"
		}
		return s
	}
	s := fmt.Sprintf("%d年%d月工作通报", in.From.Year, int(in.From.Month))
	if in.SoFar {
		s += "（截至" + DateText(in.To, in.To, lang) + "）"
	}
	return s
}

func briefingMore(n int, lang string) string {
	return Tr(lang, fmt.Sprintf("\n……另有%d项，详见台账。", n), fmt.Sprintf("\n… and %d more, see the ledger.", n))
}

// BriefingCaption is the caption of the ledger file sent with a briefing.
func BriefingCaption(today duban.Date, lang string) string {
	return Tr(lang, "📎 台账（截至"+DateText(today, today, lang)+"）", "📎 Ledger (as of "+DateText(today, today, lang)+")")
}
