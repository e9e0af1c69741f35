package planimport

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/zhdate"
)

// Item fields: what each node states itself, and what it inherits from
// its section.

// fill computes each node's item fields and applies inheritance from the
// enclosing section: owner and partners when the item states none, the
// deadline when the section states one and the item does not.
func (b *builder) fill(n *node) {
	for _, k := range n.kids {
		outer := b.cur
		if k.sc != nil {
			b.cur = k.sc
		}
		b.fillNode(k)
		if n != b.root {
			inherit(k, n)
		}
		b.fill(k)
		b.cur = outer
	}
}

func inherit(k, p *node) {
	it, pi := &k.item, &p.item
	if it.Owner == "" && pi.Owner != "" {
		it.Owner = pi.Owner
		if len(it.Partners) == 0 {
			it.Partners = append([]string(nil), pi.Partners...)
		}
	}
	if it.Deadline.IsZero() && p.deadlineOK && !ongoing(k) {
		it.Deadline, it.DeadlineText = pi.Deadline, pi.DeadlineText
		k.deadlineOK = true
	}
}

// ongoingWords say that work has no end: it is kept up, not finished.
// cadenceWords are in every cadence zhdate reads ("每月", "一月一调度",
// "一月一调度"), so text without them is not looked at further.
var (
	ongoingWords = []string{"长期坚持", "长期", "常态化", "经常性", "定期"}
	cadenceWords = []string{"每", "一月一", "一周一", "一季一", "一年一", "一学期一", "一天一", "一日一"}
)

// ongoing reports a task that recurs or is kept up ("每学期开展一次",
// "常态化推进"): the date of its section is no deadline for it.
func ongoing(n *node) bool {
	if n.row != nil || len(n.kids) > 0 {
		return false
	}
	title, body := n.item.Title, clip(n.item.Body, maxScanRunes)
	if containsAny(title, ongoingWords...) || containsAny(body, ongoingWords...) {
		return true
	}
	if !containsAny(title, cadenceWords...) && !containsAny(body, cadenceWords...) {
		return false // no cadence can be written without one of them
	}
	for _, e := range zhdate.Find(title+"\n"+body, time.Time{}) {
		if e.Recurring {
			return true
		}
	}
	return false
}

// fillNode computes the fields a node states itself.
func (b *builder) fillNode(n *node) {
	it := &n.item
	it.Status = duban.StatusTodo
	switch {
	case n.part:
		_, body, _ := strings.Cut(n.text, "\n")
		it.Title, _ = cutTitle(partTitle(n, b.doc.Title))
		it.Body = body
		return
	case n.row != nil:
		b.fillRow(n)
	default:
		b.fillText(n)
	}
	it.Title = trimDeadlineClause(it.Title, it.DeadlineText)
	if it.Title == "" {
		it.Title = untitled(n)
	}
	n.deadlineOK = !it.Deadline.IsZero()
}

// untitled names a node that has no words of its own (a bare "一、").
func untitled(n *node) string {
	if n.m.seg != "" {
		return n.m.seg
	}
	return "未命名事项"
}

func (b *builder) fillText(n *node) {
	it := &n.item
	text, lab := extractLabels(n.text)
	if lab.owner != "" {
		it.Owner, it.Partners = splitOwners(lab.owner)
	} else if rest, o, ps, ok := bracketOwner(text); ok {
		text, it.Owner, it.Partners = rest, o, ps
	} else if !containsAny(text, "牵头", "负责") {
		// No owner phrase can close it.
	} else if rest, note := trailingOwner(text); note != "" && !strings.ContainsAny(rest, "。；;\n") {
		// "…（由教研室牵头，各中小学配合）" closing a one-sentence item.
		if o, ps := ownerPhrase(note); o != "" {
			text, it.Owner, it.Partners = rest, o, ps
		}
	}
	if lab.partners != "" {
		it.Partners = appendUnique(it.Partners, units(lab.partners, false)...)
	}
	if it.Owner == "" {
		o, ps := ownerPhrase(text)
		if o == "" {
			o, ps = deptOwner(text)
		}
		it.Owner = o
		it.Partners = appendUnique(it.Partners, ps...)
	}
	it.Title, it.Body = taskTitle(text)
	if rest, o, ps, ok := ownerClause(it.Title); ok {
		it.Title = rest
		if it.Owner == "" {
			it.Owner, it.Partners = o, ps
		}
	}
	it.Target = lab.target
	if it.Target == "" {
		it.Target = findTarget(text)
	}
	if lab.deadline != "" {
		it.Deadline, it.DeadlineText = b.statedDeadline(lab.deadline)
		if it.DeadlineText == "" {
			it.DeadlineText = lab.deadline
		}
	}
	if it.Deadline.IsZero() {
		// A section's deadline is what its heading states; the
		// introduction under a heading ("本学年，我们…") sets no date
		// for the tasks below.
		scope := text
		if len(n.kids) > 0 {
			scope = it.Title
		}
		if n.m.style == stylePeriod {
			scope = periodDates(n.text)
		}
		it.Deadline, it.DeadlineText = b.proseDeadline(scope)
	}
	if len(n.kids) == 0 {
		b.setMilestones(it, text, lab.deadline != "")
	}
	n.item.Person = firstNonEmpty(lab.person, lab.leader)
	n.item.Note = lab.note
}

func (b *builder) fillRow(n *node) {
	r, it := n.row, &n.item
	task, lab := extractLabels(r.task)
	if r.owner == "" && lab.owner == "" {
		if rest, o, ps, ok := bracketOwner(task); ok {
			task, lab.owner = rest, strings.Join(append([]string{o}, ps...), "、")
		}
	}
	it.Title, it.Body = splitTitle(task)
	if it.Title == "" && r.body != "" {
		it.Title, it.Body = splitTitle(r.body)
	} else if r.body != "" {
		it.Body = strings.TrimSpace(joinText(it.Body, []string{r.body}))
	}
	owner := r.owner
	if owner == "" {
		owner = lab.owner
	}
	if owner != "" {
		it.Owner, it.Partners = splitOwners(owner)
	} else {
		it.Owner, it.Partners = ownerPhrase(task)
	}
	for _, ps := range []string{r.partners, lab.partners} {
		it.Partners = appendUnique(it.Partners, units(ps, false)...)
	}
	it.Target = firstNonEmpty(r.target, lab.target)
	if it.Target == "" && !r.targetCol {
		it.Target = findTarget(task + "\n" + r.body)
	}
	// A 时间节点 column with one date is the deadline; with a schedule,
	// its steps are the milestones and the last is the deadline.
	ms := b.milestones(r.milestones)
	if ms == nil && r.milestones != "" && r.deadline == "" {
		r.deadline = r.milestones
	}
	if dl := firstNonEmpty(r.deadline, lab.deadline); dl != "" {
		if d, words, ok := dateWithWords(dl); ok {
			it.Deadline, it.DeadlineText = d, words // a duban ledger: "2026-09-30（9月底以前）"
		} else {
			it.Deadline, _ = b.statedDeadline(dl)
			it.DeadlineText = dl
		}
	} else {
		it.Deadline, it.DeadlineText = b.proseDeadline(task + "\n" + r.body)
	}
	if ms != nil {
		it.Milestones = ms
		if r.deadline == "" && lab.deadline == "" {
			last := ms[len(ms)-1]
			it.Deadline, it.DeadlineText = last.Date, last.DateText
		}
	} else {
		b.setMilestones(it, task+"\n"+r.body, firstNonEmpty(r.deadline, lab.deadline) != "")
	}
	it.Person = firstNonEmpty(r.person, lab.person, r.leader, lab.leader)
	it.Note = firstNonEmpty(r.note, lab.note)
	it.Progress = r.progress
	pct, hasPct := parsePercent(r.percent)
	if !hasPct && r.percent != "" {
		// A 进度 column holding words is a progress note.
		it.Progress = strings.TrimSpace(joinText(it.Progress, []string{r.percent}))
	}
	it.Percent = pct
	st, ok := parseStatus(r.status)
	if !ok && !hasPct {
		st, ok = parseStatus(r.percent)
	}
	switch {
	case ok:
		it.Status = st
	case hasPct && pct >= 100:
		it.Status = duban.StatusDone
	case hasPct && pct > 0:
		it.Status = duban.StatusDoing
	default:
		it.Status = duban.StatusTodo
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func appendUnique(list []string, more ...string) []string {
	for _, m := range more {
		dup := false
		for _, l := range list {
			if l == m {
				dup = true
				break
			}
		}
		if !dup && m != "" {
			list = append(list, m)
		}
	}
	return list
}

// setMilestones gives a task the dated steps its wording names; its
// deadline becomes the last step's unless one is stated for it.
func (b *builder) setMilestones(it *Item, text string, stated bool) {
	ms := b.milestones(text)
	if ms == nil {
		return
	}
	it.Milestones = ms
	if !stated {
		last := ms[len(ms)-1]
		it.Deadline, it.DeadlineText = last.Date, last.DateText
	}
}
