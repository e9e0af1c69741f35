// Package summary gathers what a drafted summary (工作总结) is made of — the
// items in scope and the reports on them in the period — and words the
// drafted result for people. /summary in chat, "duban summary" in the
// terminal and the monthly briefing's opening paragraph all call it, so the
// three draft from the same records the same way. The drafting itself is
// package llm's.
package summary

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Store is what gathering reads (*store.Store).
type Store interface {
	Item(ctx context.Context, number int) (duban.Item, error)
	PlanItems(ctx context.Context, planID int64) ([]duban.Item, error)
	Owners(ctx context.Context, q string) ([]string, error)
	ReportsBetween(ctx context.Context, from, to time.Time) ([]duban.Progress, error)
}

// Scope is what to summarise: one item (a section with everything under
// it), one unit's items, or — with neither — every item reported on in the
// period.
type Scope struct {
	Item  int    // #N; 0 for none
	Owner string // a unit's name or part of it, as /owner takes it; "" for none
	// From and To bound the period, inclusive, in the bureau's days; both
	// zero means every record.
	From, To duban.Date
	Detailed bool // a longer draft
}

// titleRunes bounds an item's title in the scope's words.
const titleRunes = 30

// Gather reads the items and reports of sc and returns the request to
// draft from. A missing item or an unknown unit is an ENOTFOUND error.
// Report times are cut into days in loc.
func Gather(ctx context.Context, st Store, sc Scope, lang string, loc *time.Location) (duban.DraftRequest, error) {
	if loc == nil {
		loc = time.UTC
	}
	req := duban.DraftRequest{From: sc.From, To: sc.To, Detailed: sc.Detailed, Lang: lang, Location: loc}
	if sc.Item != 0 && sc.Owner != "" {
		return req, duban.Errorf(duban.EINVALID, "summarise an item or a unit, not both")
	}
	all, err := st.PlanItems(ctx, 0)
	if err != nil {
		return req, fmt.Errorf("gather summary: %w", err)
	}
	reports, err := st.ReportsBetween(ctx, periodStart(sc.From, loc), periodEnd(sc.To, loc))
	if err != nil {
		return req, fmt.Errorf("gather summary: %w", err)
	}
	switch {
	case sc.Item != 0:
		it, err := st.Item(ctx, sc.Item)
		if err != nil {
			return req, err // ENOTFOUND stays ENOTFOUND
		}
		req.Scope = itemLabel(it)
		req.Items = append([]duban.Item{it}, descendants(all, it.Number)...)
	case sc.Owner != "":
		q := duban.NormalizeOwner(sc.Owner)
		owners, err := st.Owners(ctx, q)
		if err != nil {
			return req, fmt.Errorf("gather summary: %w", err)
		}
		if len(owners) > 0 && owners[0] == q {
			owners = owners[:1] // an exact name wins over names that contain it
		}
		if len(owners) == 0 || q == "" {
			return req, duban.Errorf(duban.ENOTFOUND, "no unit matches %q", q)
		}
		req.Scope = strings.Join(owners, report.Tr(lang, "、", ", "))
		for _, it := range all {
			if it.Kind == duban.KindTask && slices.Contains(owners, it.Owner) {
				req.Items = append(req.Items, it)
			}
		}
	default:
		req.Scope = report.Tr(lang, "全部工作事项", "all items")
		req.Items = reportedItems(all, reports)
	}
	req.Reports = inScope(reports, req.Items)
	return req, nil
}

// periodStart and periodEnd turn the inclusive days into the half-open
// instants ReportsBetween takes; an open end reaches every record.
func periodStart(from duban.Date, loc *time.Location) time.Time {
	if from.IsZero() {
		return time.Unix(0, 0)
	}
	return from.In(loc)
}

func periodEnd(to duban.Date, loc *time.Location) time.Time {
	if to.IsZero() {
		return time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return to.AddDays(1).In(loc)
}

// itemLabel cites an item the way users type it: "#12 开展校园安全隐患排查".
func itemLabel(it duban.Item) string {
	t := strings.Join(strings.Fields(it.Title), " ")
	if utf8.RuneCountInString(t) > titleRunes {
		t = string([]rune(t)[:titleRunes]) + "…"
	}
	return strings.TrimSpace(fmt.Sprintf("#%d %s", it.Number, t))
}

// descendants returns every item under section number, at any depth, in
// plan order.
func descendants(all []duban.Item, number int) []duban.Item {
	under := map[int]bool{number: true}
	var out []duban.Item
	// Plan order puts a parent before its children, so one pass finds
	// every level; a second pass catches items moved under a later parent.
	for range 2 {
		for _, it := range all {
			if under[it.ParentNumber] && !under[it.Number] {
				under[it.Number] = true
			}
		}
	}
	for _, it := range all {
		if it.Number != number && under[it.Number] {
			out = append(out, it)
		}
	}
	return out
}

// reportedItems returns the tasks that have reports, with the sections
// above them (headings the draft may group by), in plan order.
func reportedItems(all []duban.Item, reports []duban.Progress) []duban.Item {
	byNumber := map[int]duban.Item{}
	for _, it := range all {
		byNumber[it.Number] = it
	}
	keep := map[int]bool{}
	reported := map[int64]bool{}
	for _, p := range reports {
		reported[p.ItemID] = true
	}
	for _, it := range all {
		if !reported[it.ID] {
			continue
		}
		keep[it.Number] = true
		for p, seen := it.ParentNumber, 0; p != 0 && seen < 16; seen++ {
			parent, ok := byNumber[p]
			if !ok {
				break
			}
			keep[p] = true
			p = parent.ParentNumber
		}
	}
	var out []duban.Item
	for _, it := range all {
		if keep[it.Number] {
			out = append(out, it)
		}
	}
	return out
}

// inScope keeps the reports on the given items.
func inScope(reports []duban.Progress, items []duban.Item) []duban.Progress {
	ids := map[int64]bool{}
	for _, it := range items {
		ids[it.ID] = true
	}
	var out []duban.Progress
	for _, p := range reports {
		if ids[p.ItemID] {
			out = append(out, p)
		}
	}
	return out
}
