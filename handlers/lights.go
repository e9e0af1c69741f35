package handlers

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// lights answers /lights [红|黄|绿] and "红灯有哪些", "哪些任务滞后",
// "黄灯": the open tasks by light, grouped by lead unit, red first. Without
// an argument: red and yellow.
func (h *Handler) lights(ctx context.Context, r *request) error {
	want := map[duban.Light]bool{duban.LightRed: true, duban.LightYellow: true}
	switch a := strings.ToLower(strings.TrimSpace(r.args)); {
	case a == "":
	case strings.Contains(a, "红") || a == "red":
		want = map[duban.Light]bool{duban.LightRed: true}
	case strings.Contains(a, "黄") || a == "yellow":
		want = map[duban.Light]bool{duban.LightYellow: true}
	case strings.Contains(a, "绿") || a == "green":
		want = map[duban.Light]bool{duban.LightGreen: true}
	case strings.Contains(a, "滞后") || a == "behind":
	default:
		return problem("用法：/lights（红灯和黄灯）、/lights 红、/lights 黄、/lights 绿", "Usage: /lights (red and yellow), /lights red, /lights yellow, /lights green")
	}
	items, err := h.d.Store.PlanItems(ctx, 0) // judged by the store wrapper
	if err != nil {
		return err
	}
	var shown []duban.Item
	counts := map[duban.Light]int{}
	for _, it := range items {
		if it.Kind != duban.KindTask {
			continue
		}
		counts[it.Standing.Light]++
		if want[it.Standing.Light] {
			shown = append(shown, it)
		}
	}
	sort.SliceStable(shown, func(i, j int) bool {
		a, b := shown[i], shown[j]
		if a.Standing.Light != b.Standing.Light {
			return a.Standing.Light.Rank() < b.Standing.Light.Rank()
		}
		if a.Standing.Lag != b.Standing.Lag {
			return a.Standing.Lag > b.Standing.Lag
		}
		return a.Number < b.Number
	})
	h.reply(ctx, r, report.LightsList(shown, counts, r.today, r.lang))
	return nil
}

// missing answers /missing and "谁还没报", "哪些单位还没报送": the tasks
// that owe the current reporting cycle a report and have not sent one,
// grouped by lead unit, with those of the last cycle that came late or not
// at all.
func (h *Handler) missing(ctx context.Context, r *request) error {
	std := h.d.Standards
	cur := std.Cycle.PeriodAt(r.today, std.Workday)
	prev := std.Cycle.PeriodAt(cur.From.AddDays(-1), std.Workday)
	items, err := h.d.Store.PlanItems(ctx, 0)
	if err != nil {
		return err
	}
	reports, err := h.d.Store.ReportsBetween(ctx, prev.From.In(h.d.Loc), h.d.Now().Add(time.Millisecond))
	if err != nil {
		return err
	}
	var owing []duban.Item
	days := map[int64]bool{}
	for _, p := range reports {
		if d := duban.DateOf(p.CreatedAt.In(h.d.Loc)); !d.Before(cur.From) {
			days[p.ItemID] = true
		}
	}
	for _, it := range items {
		if it.MustReport(cur, h.d.Loc) && !days[it.ID] {
			owing = append(owing, it)
		}
	}
	late, missed, _ := duban.Unreported(items, reports, prev, r.today, h.d.Loc)
	h.reply(ctx, r, report.MissingList(owing, cur, missed, late, prev, r.today, r.lang))
	return nil
}
