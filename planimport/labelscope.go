package planimport

import "strings"

// Label lines of their own ("责任单位：基础教育科；配合单位：督导室",
// "完成时限：8月底前") under the last of a list of items speak for the
// whole list when the list ends there: a reader takes "①…②…③… 责任单位：X"
// as X's three tasks, not as X's third. Where items each carry their own
// label lines, or the list goes on after them, the lines stay with the
// item above them.

// pendingLabel is a run of label lines waiting to learn whether their
// list ends.
type pendingLabel struct {
	node *node // the item they were put under
	at   int   // index of the first of them in node.plain
}

// labelOnly reports a line that states nothing but labels: owner,
// partners, leader, person, deadline.
func labelOnly(text string) bool {
	rest, lab := extractLabels(text)
	if lab == (labels{}) {
		return false
	}
	return strings.Trim(rest, " 　，,。；;、") == ""
}

// plainLine files a bare paragraph under the deepest open node, holding
// back label lines that may belong to the list above them.
func (b *builder) plainLine(lv *leveler, text string) {
	d := lv.deepest()
	label := labelOnly(text)
	if b.label != nil {
		if label && b.label.node == d {
			d.plain = append(d.plain, text) // one more line of the run
			return
		}
		// Words after the labels: they were the item's own.
		b.label.node.ownLabel = true
		b.label = nil
	}
	d.plain = append(d.plain, text)
	if !label {
		return
	}
	p := d.parent
	if p == nil || p == lv.stack[0] || d.ownLabel || len(d.kids) > 0 {
		d.ownLabel = true
		return
	}
	siblings := 0
	for _, k := range p.kids {
		if k.ownLabel {
			d.ownLabel = true
			return
		}
		if k.marked && k.m.style == d.m.style {
			siblings++
		}
	}
	if siblings < 2 {
		d.ownLabel = true
		return
	}
	b.label = &pendingLabel{node: d, at: len(d.plain) - 1}
}

// settleLabel decides held-back label lines once the next numbered item
// is placed (next) or the list can go on no more (next nil): a sibling
// continues the list and a child opens the item's own, so the lines were
// the item's; anything else ends the list, and the lines move up to the
// item or heading the list is under.
func (b *builder) settleLabel(next *node) {
	pl := b.label
	if pl == nil {
		return
	}
	b.label = nil
	d := pl.node
	if next != nil && (next.parent == d.parent || next.parent == d) {
		// The list goes on, or the lines stood under a heading before
		// its own items.
		d.ownLabel = true
		return
	}
	lines := append([]string(nil), d.plain[pl.at:]...)
	d.plain = d.plain[:pl.at]
	d.parent.plain = append(d.parent.plain, lines...)
}
