package bigdb

import (
	"container/heap"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/duban-bot/duban/duban"
)

// historyVersion changes when the history generator's content changes.
const historyVersion = "h3"

// history generates a year of work (Spec.History), deterministically: the
// events in time order, each written as the store writes it.
type history struct {
	spec   Spec
	r      *rand.Rand
	start  time.Time // the first plan's import
	items  []*hitem  // by id-1
	owners []string
	active []int // tasks open and live now, by index
	pos    []int // index in active, -1 when not there
	events eventQueue
	closes eventQueue // planned closings, consumed by report slots
	seq    int

	w        *writer
	reportID int64
	extID    int64
	evID     int64
	asked    map[int]duban.Extension // extension requests by id: the deadline asked for
}

// hitem is an item and what the generator plans for it.
type hitem struct {
	it      duban.Item
	weight  float64   // how readily its unit reports: 0..1
	closeAt time.Time // planned closing; zero: stays open
	horizon time.Time // when its work would be complete, for its percent
	live    bool      // created and not deleted
	users   []int     // user ids of who reports for its unit
}

// event is something that happens to an item at a moment.
type event struct {
	at   time.Time
	seq  int
	kind eventKind
	item int // index in items; the plan number for evImport
	arg  int // a milestone's index, an extension's id
}

type eventKind int

const (
	evImport eventKind = iota
	evAdd
	evMilestone
	evExtendAsk
	evExtendDecide
	evEdit
	evCancel
	evDelete
	evEvidence
	evClose
)

type eventQueue []event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func newHistory(spec Spec) *history {
	h := &history{spec: spec, r: rand.New(rand.NewPCG(2026, 12)), asked: map[int]duban.Extension{}}
	h.owners = append(h.owners, departments...)
	for i := 1; i <= 40; i++ {
		h.owners = append(h.owners, places[i%len(places)]+schoolKinds[i%len(schoolKinds)])
	}
	return h
}

func (h *history) pick(list []string) string { return list[h.r.IntN(len(list))] }

// push schedules an event.
func (h *history) push(q *eventQueue, e event) {
	h.seq++
	e.seq, e.at = h.seq, e.at.Truncate(time.Millisecond) // the store keeps milliseconds
	heap.Push(q, e)
}

// days returns d days as a duration.
func days(d int) time.Duration { return time.Duration(d) * 24 * time.Hour }

// office returns a moment of day d during office hours, in Shanghai.
func (h *history) office(d duban.Date) time.Time {
	return d.In(Shanghai).Add(8*time.Hour + 30*time.Minute + time.Duration(h.r.Int64N(int64(9*time.Hour)))).Truncate(time.Millisecond)
}

func (h *history) build(ctx context.Context, db *sql.DB) error {
	h.plan()
	w, err := newWriter(ctx, db)
	if err != nil {
		return err
	}
	h.w = w
	if err := h.run(ctx); err != nil {
		w.abort()
		return err
	}
	if err := h.finish(ctx); err != nil {
		w.abort()
		return err
	}
	return w.close()
}

// plan lays out the plans' items and schedules what will happen to them.
func (h *history) plan() {
	year := h.spec.Today.In(Shanghai).Year()
	perPlan := h.spec.Items / h.spec.Plans
	imports := []int{4, 11, 32, 60} // days after January 1: the plans come out over the first quarter
	h.pos = make([]int, h.spec.Items)
	var section *hitem
	for i := range h.spec.Items {
		h.pos[i] = -1
		plan := min(i/perPlan, h.spec.Plans-1) + 1
		pos := i - (plan-1)*perPlan + 1
		imported := time.Date(year, time.January, 1+imports[(plan-1)%len(imports)]+7*((plan-1)/len(imports)), 10, 0, 0, 0, Shanghai)
		if i == 0 {
			h.start = imported
		}
		x := &hitem{it: duban.Item{ID: int64(i + 1), PlanID: int64(plan), Number: i + 1, Position: pos, PlanYear: year,
			Status: duban.StatusTodo, CreatedAt: imported.UTC(), UpdatedAt: imported.UTC()}}
		h.items = append(h.items, x)
		if pos%25 == 1 { // a section every 25 items
			x.it.Kind, x.it.Title, x.it.Code = duban.KindSection, h.pick(sectionTitles), fmt.Sprint(pos/25+1)
			section = x
			if pos == 1 {
				h.push(&h.events, event{at: imported, kind: evImport, item: plan})
			}
			continue
		}
		it := &x.it
		it.Kind, it.ParentNumber, it.Code = duban.KindTask, section.it.Number, fmt.Sprintf("%d.%d", pos/25+1, pos%25)
		it.Title = h.pick(verbs) + h.pick(topics) + h.pick(actions)
		it.Body = h.pick(topics) + "方面，" + h.pick(bodies)
		it.Owner = h.pick(h.owners)
		if h.r.IntN(3) == 0 {
			it.Partners = []string{h.pick(departments), h.pick(departments)}
		}
		it.Target = h.pick(targets)
		x.users = []int{1000 + h.r.IntN(300), 1000 + h.r.IntN(300)}
		switch r := h.r.Float64(); { // most units report readily, some seldom, a few hardly ever
		case r < 0.7:
			x.weight = 0.5 + h.r.Float64()/2
		case r < 0.9:
			x.weight = 0.05 + h.r.Float64()/4
		default:
			x.weight = 0.001 + h.r.Float64()/100
		}
		if h.r.IntN(50) == 0 { // added during the year (/add)
			it.CreatedAt = h.office(duban.DateOf(imported).AddDays(20 + h.r.IntN(200))).UTC()
			it.UpdatedAt = it.CreatedAt
			h.push(&h.events, event{at: it.CreatedAt, kind: evAdd, item: i})
		}
		h.planTask(x, year)
	}
}

// planTask sets a task's deadline, start and milestones and schedules its
// life: milestones done, an extension, an edit, its closing, evidence, a
// cancellation or a deletion.
func (h *history) planTask(x *hitem, year int) {
	it := &x.it
	created := duban.DateOf(it.CreatedAt.In(Shanghai))
	today := duban.DateOf(h.spec.Today.In(Shanghai))
	switch r := h.r.IntN(100); {
	case r < 3: // no deadline
		it.DeadlineText = h.pick([]string{"长期坚持", "持续推进", "常态化开展"})
	case r < 13:
		it.Deadline, it.DeadlineText = duban.Date{Year: year, Month: time.December, Day: 31}, "年内"
	default:
		m := time.Month(1 + h.r.IntN(12))
		if h.r.IntN(2) == 0 {
			it.Deadline = duban.DateOf(time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC))
			it.DeadlineText = fmt.Sprintf("%d月底前", int(m))
		} else {
			it.Deadline = duban.Date{Year: year, Month: m, Day: 1 + h.r.IntN(28)}
			it.DeadlineText = fmt.Sprintf("%d月%d日前", int(m), it.Deadline.Day)
		}
		if created.DaysUntil(it.Deadline) < 30 { // no plan gives a task less than a month
			it.Deadline = created.AddDays(30 + h.r.IntN(60))
			it.DeadlineText = fmt.Sprintf("%d月%d日前", int(it.Deadline.Month), it.Deadline.Day)
		}
	}
	span := 0
	if !it.Deadline.IsZero() {
		span = created.DaysUntil(it.Deadline)
		if h.r.IntN(10) == 0 && span > 120 { // the plan says when work starts
			it.Start = it.Deadline.AddDays(-90 - h.r.IntN(30))
		}
		if h.r.IntN(4) == 0 && span >= 60 {
			n := 2 + h.r.IntN(3)
			for k := 1; k <= n; k++ {
				d := created.AddDays(span * k / n)
				it.Milestones = append(it.Milestones, duban.Milestone{Seq: k, Date: d,
					DateText: fmt.Sprintf("%d月%d日前", int(d.Month), d.Day), Text: h.pick(milestoneTexts)})
				if h.r.IntN(5) > 0 {
					h.push(&h.events, event{at: h.office(d.AddDays(h.r.IntN(15) - 7)), kind: evMilestone, item: it.Number - 1, arg: k - 1})
				}
			}
		}
	}
	// Closing: most tasks close around their deadline, some never do.
	x.horizon = h.spec.Today.AddDate(0, 6, 0)
	switch {
	case it.Deadline.IsZero():
		if h.r.IntN(3) == 0 {
			x.closeAt = h.office(created.AddDays(60 + h.r.IntN(240)))
		}
	case h.r.IntN(10) < 9:
		x.closeAt = h.office(it.Deadline.AddDays(h.r.IntN(36) - 25))
		if x.closeAt.Before(it.CreatedAt.Add(days(14))) {
			x.closeAt = h.office(created.AddDays(14 + h.r.IntN(14)))
		}
	default:
		x.horizon = it.Deadline.In(Shanghai).Add(days(90))
	}
	if !x.closeAt.IsZero() {
		x.horizon = x.closeAt
		h.push(&h.closes, event{at: x.closeAt, kind: evClose, item: it.Number - 1})
		if h.r.IntN(5) == 0 {
			for range 1 + h.r.IntN(3) {
				h.push(&h.events, event{at: x.closeAt.Add(-time.Duration(h.r.Int64N(int64(days(3))))), kind: evEvidence, item: it.Number - 1})
			}
		}
	}
	if !it.Deadline.IsZero() && h.r.IntN(20) == 0 { // an extension, asked around the deadline
		if ask := h.office(it.Deadline.AddDays(h.r.IntN(15) - 10)); ask.After(it.CreatedAt) && ask.Before(h.spec.Today) {
			h.push(&h.events, event{at: ask, kind: evExtendAsk, item: it.Number - 1})
		}
	}
	life := max(created.DaysUntil(today)-10, 1)
	switch r := h.r.IntN(100); {
	case r < 2:
		h.push(&h.events, event{at: h.office(created.AddDays(1 + h.r.IntN(life))), kind: evEdit, item: it.Number - 1})
	case r < 3:
		h.push(&h.events, event{at: h.office(created.AddDays(1 + h.r.IntN(life))), kind: evCancel, item: it.Number - 1})
	case r < 4:
		h.push(&h.events, event{at: h.office(created.AddDays(10 + h.r.IntN(life))), kind: evDelete, item: it.Number - 1})
	}
}

var milestoneTexts = []string{"制定工作方案", "完成摸底排查", "完成招标采购", "开展中期检查", "完成整改", "组织验收", "完成总结上报"}

// reportTimes returns spec.Reports moments over the workdays from the day
// after the first import to the day before Today, more of them late in
// the week, when reports fall due, sorted.
func (h *history) reportTimes() []time.Time {
	first := duban.DateOf(h.start).AddDays(1)
	last := duban.DateOf(h.spec.Today.In(Shanghai)).AddDays(-1)
	weight := map[time.Weekday]float64{time.Monday: 1, time.Tuesday: 1, time.Wednesday: 1.1, time.Thursday: 1.4, time.Friday: 1.8}
	var (
		dayList []duban.Date
		cum     []float64
		total   float64
	)
	for d := first; !d.After(last); d = d.AddDays(1) {
		if holiday(d) {
			continue
		}
		if wt := weight[d.In(time.UTC).Weekday()]; wt > 0 {
			total += wt
			dayList = append(dayList, d)
			cum = append(cum, total)
		}
	}
	out := make([]time.Time, h.spec.Reports)
	for i := range out {
		k := sort.SearchFloat64s(cum, h.r.Float64()*total)
		out[i] = h.office(dayList[min(k, len(dayList)-1)])
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// holiday reports whether d is one of 2026's longer days off (near enough).
func holiday(d duban.Date) bool {
	md := int(d.Month)*100 + d.Day
	for _, r := range [][2]int{{101, 103}, {215, 223}, {404, 406}, {501, 505}, {619, 621}, {925, 927}, {1001, 1007}} {
		if md >= r[0] && md <= r[1] {
			return true
		}
	}
	return false
}

// run plays the events and the reports in time order.
func (h *history) run(ctx context.Context) error {
	times := h.reportTimes()
	for _, at := range times {
		for h.events.Len() > 0 && !h.events[0].at.After(at) {
			if err := h.apply(ctx, heap.Pop(&h.events).(event)); err != nil {
				return err
			}
		}
		if err := h.report(ctx, at); err != nil {
			return err
		}
	}
	for h.events.Len() > 0 && h.events[0].at.Before(h.spec.Today) {
		if err := h.apply(ctx, heap.Pop(&h.events).(event)); err != nil {
			return err
		}
	}
	return nil
}

// enter and leave keep the set of tasks that people report on.
func (h *history) enter(i int) {
	if h.pos[i] < 0 {
		h.pos[i] = len(h.active)
		h.active = append(h.active, i)
	}
}

func (h *history) leave(i int) {
	p := h.pos[i]
	if p < 0 {
		return
	}
	last := h.active[len(h.active)-1]
	h.active[p], h.pos[last] = last, p
	h.active = h.active[:len(h.active)-1]
	h.pos[i] = -1
}

// open reports whether item i takes reports now.
func (h *history) open(i int) bool { return h.pos[i] >= 0 }
