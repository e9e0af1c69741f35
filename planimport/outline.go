package planimport

import (
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// node is one heading, task or paragraph of the document tree while it is
// being built.
type node struct {
	parent *node
	kids   []*node
	m      marker
	// marked: the node has a marker of its own (it was numbered, a bullet,
	// a heading or a ledger row) rather than being a bare paragraph.
	marked bool
	// structured counts marked children: a node with any gets its bare
	// paragraphs as an introduction rather than as tasks.
	structured int
	text       string
	plain      []string     // bare paragraphs read while this was the deepest node
	section    bool         // a section whatever its children (parts, ledger groups)
	part       bool         // one article of a compilation ("…第2篇")
	ord        int          // a part's place among the parts, from 0
	ownTitle   string       // a part's own title line, if it has one
	sc         *scope       // a part's year and reference dates
	class      headingClass // what the heading says the part is, plus one; 0 until classified
	runIn      bool         // an item of an inline list; never split again
	row        *ledgerRow
	item       Item
	deadlineOK bool // item.Deadline was stated by this node, or inherited from one that did
	ownLabel   bool // an owner line of its own stands under it (see labelscope.go)
}

// leveler assigns levels to markers as a reader does: each marker style
// gets the level where it first appeared, a continuing sequence stays at
// its level, and a new style goes one level down.
type leveler struct {
	stack []*node        // stack[0] is the base: the document, an article or a table's anchor
	order map[string]int // style -> order of first appearance
}

func newLeveler(base *node) *leveler {
	return &leveler{stack: []*node{base}, order: map[string]int{}}
}

// deepest is the node bare paragraphs attach to.
func (l *leveler) deepest() *node { return l.stack[len(l.stack)-1] }

// place puts a marked node into the tree.
func (l *leveler) place(n *node) {
	top := len(l.stack) - 1
	m := n.m
	continues := func(s *node) bool {
		return !m.numbered() || !s.m.numbered() || m.value == s.m.value+1
	}
	// A sequence continuing in the same style: the next sibling.
	for i := top; i >= 1; i-- {
		if s := l.stack[i]; s.m.style == m.style && continues(s) {
			l.attach(i-1, n)
			return
		}
	}
	// The next number in a look-alike style ("2、" after "1."): a sibling
	// too, since people mix them for one level.
	if m.family != "" && m.numbered() {
		for i := top; i >= 1; i-- {
			if s := l.stack[i]; s.m.family == m.family && s.m.numbered() && m.value == s.m.value+1 {
				l.attach(i-1, n)
				return
			}
		}
	}
	// The same style with the sequence broken: a list restarting at 1
	// right under a heading of that style is nested in it (a summary's
	// "三、明年工作" followed by "一、…"); anything else is a sibling.
	for i := top; i >= 1; i-- {
		s := l.stack[i]
		if s.m.style != m.style {
			continue
		}
		if m.value == 1 && i == top && s.m.value > 1 {
			l.attach(top, n)
		} else {
			l.attach(i-1, n)
		}
		return
	}
	// A style seen before but not open now goes under the deepest open
	// node whose style appeared before it: styles first seen later are
	// deeper levels and close.
	if o, ok := l.order[m.style]; ok {
		parent := top
		for parent >= 1 && l.order[l.stack[parent].m.style] > o && !l.stack[parent].labelHeading() {
			parent--
		}
		l.attach(parent, n)
		return
	}
	// A new style numbered from 1 opens a level under the current node. One
	// that starts mid-sequence ("（三）" on the first page we have) is
	// probably an upper level whose start we missed; it climbs above
	// styles that are conventionally deeper.
	parent := top
	if m.value > 1 {
		for parent >= 1 && l.stack[parent].m.rank > m.rank {
			parent--
		}
	}
	l.attach(parent, n)
}

// labelHeading reports an unnumbered heading that only names who or when
// ("督导室：", "九月："): the list under it is its own, whatever styles
// came before.
func (n *node) labelHeading() bool {
	return n.m.style == stylePeriod || n.m.style == "dept"
}

// maxDepth bounds the outline's depth. Real plans go five or six levels
// deep; a document that keeps restarting its numbering must not build a
// chain thousands of levels long (and codes as long as the chain).
const maxDepth = 12

func (l *leveler) attach(i int, n *node) {
	i = min(i, maxDepth-1)
	p := l.stack[i]
	n.parent = p
	n.marked = true
	p.kids = append(p.kids, n)
	p.structured++
	l.stack = append(l.stack[:i+1], n)
	if i == 0 {
		// Each top-level section is read afresh: "1." right under
		// "一、" in one section does not make "1." outrank "（一）" in
		// the next, where it comes under "（一）".
		clear(l.order)
	}
	if _, ok := l.order[n.m.style]; !ok {
		l.order[n.m.style] = len(l.order)
	}
}

// adopt adds a marked leaf under the deepest node without making it a
// level (ledger rows).
func (l *leveler) adopt(n *node) {
	p := l.deepest()
	n.parent = p
	n.marked = true
	p.kids = append(p.kids, n)
	p.structured++
}

// headingLike reports whether a node's own text is a heading (one short
// sentence) rather than a paragraph. Bare paragraphs under a heading are
// its tasks; under a paragraph they continue it.
func headingLike(text string) bool {
	t := strings.TrimRight(text, "。；;！？!?：: ")
	return runeLen(t) <= 60 && !strings.ContainsAny(t, "。；;！？!?\n")
}

// resolve decides what the bare paragraphs under each node are and splits
// inline lists, then does the same for the children.
func (b *builder) resolve(n *node) {
	if len(n.plain) > 0 {
		switch {
		case n == b.root || n.part:
			if n.part {
				n.ownTitle = ownTitle(n.plain, b.doc.Title)
			}
			if n.structured == 0 {
				n.kids = append(n.kids, b.plainNodes(n, n.plain)...)
			} else if n.part {
				n.text = joinText(n.text, n.plain)
			}
			// The document's own preamble before its first heading is
			// context, not work: it is not imported.
		case n.structured > 0 || len(n.plain) == 1 || !headingLike(n.text):
			n.text = joinText(n.text, n.plain)
		default:
			n.kids = append(n.kids, b.plainNodes(n, n.plain)...)
		}
		n.plain = nil
	}
	if n != b.root && !n.part && !n.runIn && n.row == nil {
		// A closing "（督导室牵头，基教科配合）" speaks for the whole
		// paragraph, not for its last inline item.
		text, note := trailingOwner(n.text)
		if pre, items := splitRunIn(text, 0); items != nil && b.lim.takeItems(countRunIn(items)) {
			n.text = joinText(pre, nonEmptyStrings(note))
			n.kids = append(runInNodes(n, items), n.kids...)
		}
	}
	for i := 0; i < len(n.kids); i++ {
		k := n.kids[i]
		b.resolve(k)
		// A bare paragraph that is nothing but an inline list ("首先…其次…")
		// has no words to be a heading of its own: its items take its
		// place, carrying its owner statement with them.
		if !k.marked && len(k.kids) > 0 && stripOwner(k.text) == "" {
			for _, g := range k.kids {
				g.parent = n
				g.text = joinText(g.text, nonEmptyStrings(k.text))
			}
			n.kids = append(n.kids[:i], append(k.kids, n.kids[i+1:]...)...)
			i += len(k.kids) - 1
		}
	}
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinText(text string, more []string) string {
	parts := make([]string, 0, len(more)+1)
	if text != "" {
		parts = append(parts, text)
	}
	parts = append(parts, more...)
	return strings.Join(parts, "\n")
}

// plainNodes makes the bare paragraphs under parent its items, as many as
// the allowance has room for.
func (b *builder) plainNodes(parent *node, paras []string) []*node {
	if !b.lim.takeItems(len(paras)) {
		paras = paras[:max(0, b.lim.items)]
		b.lim.takeItems(len(paras))
	}
	out := make([]*node, len(paras))
	for i, p := range paras {
		out[i] = &node{parent: parent, text: p}
	}
	return out
}

// countRunIn counts the items of an inline list and of the lists inside
// them.
func countRunIn(items []runIn) int {
	n := len(items)
	for _, it := range items {
		n += countRunIn(it.kids)
	}
	return n
}

func runInNodes(parent *node, items []runIn) []*node {
	out := make([]*node, len(items))
	for i, it := range items {
		n := &node{parent: parent, m: it.m, marked: true, runIn: true, text: it.text}
		n.kids = runInNodes(n, it.kids)
		out[i] = n
	}
	return out
}

// flatten numbers the tree in document order and returns the items.
func flatten(root *node) []Item {
	items := make([]Item, 0, countNodes(root))
	var walk func(n *node, parentNumber, level int, code string)
	walk = func(n *node, parentNumber, level int, code string) {
		unnumbered := 0
		for _, k := range n.kids {
			seg := k.m.seg
			if seg == "" {
				unnumbered++
				seg = strconv.Itoa(unnumbered)
			}
			kcode := seg
			if code != "" {
				kcode = code + "." + seg
			}
			it := k.item
			it.Number = len(items) + 1
			it.Position = it.Number
			it.ParentNumber = parentNumber
			it.Level = level
			it.Code = kcode
			it.Kind = taskKind(k)
			items = append(items, it)
			walk(k, it.Number, level+1, kcode)
		}
	}
	walk(root, 0, 1, "")
	return items
}

func countNodes(n *node) int {
	c := len(n.kids)
	for _, k := range n.kids {
		c += countNodes(k)
	}
	return c
}

func taskKind(n *node) duban.Kind {
	if n.section || len(n.kids) > 0 {
		return duban.KindSection
	}
	return duban.KindTask
}
