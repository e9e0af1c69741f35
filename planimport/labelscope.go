package planimport

import "strings"

// An owner line of its own ("责任单位：基础教育科；配合单位：督导室") under
// the last of a list of items speaks for the whole list when the list ends
// there: a reader takes "①…②…③… 责任单位：X" as X's three tasks, not as
// X's third. Where items each carry their own owner line, or the list goes
// on after it, the line stays with the item above it.

// pendingLabel is an owner line waiting to learn whether its list ends.
type pendingLabel struct {
	node *node // the item it was put under
	at   int   // its index in node.plain
}

// labelOnly reports a line that states nothing but an owner and partners
// (and perhaps a leader or a person).
func labelOnly(text string) bool {
	rest, lab := extractLabels(text)
	if lab.owner == "" && lab.partners == "" {
		return false
	}
	return strings.Trim(rest, " 　，,。；;、") == ""
}

// plainLine files a bare paragraph under the deepest open node, holding
// back an owner line that may belong to the list above it.
func (b *builder) plainLine(lv *leveler, text string) {
	d := lv.deepest()
	if b.label != nil {
		// A second line under the same item: the first stays with it.
		b.label.node.ownLabel = true
		b.label = nil
	}
	d.plain = append(d.plain, text)
	if !labelOnly(text) {
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

// settleLabel decides a held-back owner line once the next numbered item
// is placed (next) or the list can go on no more (next nil): a sibling
// continues the list, so the line was its item's; anything else ends the
// list, and the line moves up to the item or heading the list is under.
func (b *builder) settleLabel(next *node) {
	pl := b.label
	if pl == nil {
		return
	}
	b.label = nil
	d := pl.node
	if next != nil && next.parent == d.parent {
		d.ownLabel = true
		return
	}
	line := d.plain[pl.at]
	d.plain = append(d.plain[:pl.at], d.plain[pl.at+1:]...)
	d.parent.plain = append(d.parent.plain, line)
}
