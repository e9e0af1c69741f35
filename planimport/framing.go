package planimport

import (
	"fmt"
	"strings"
)

// Plans and 实施方案 open with parts that frame the work rather than
// assign it: 指导思想, 基本原则 ("坚持问题导向…"), 总体目标. Office staff do
// not chase a principle, so such parts are left out, with a warning; a
// 目标 part that lists numbered items keeps them, as they may be the work.

// framingAlways head parts that never hold tasks; framingIfBare head parts
// that are framing when nothing numbered stands under them.
var (
	framingAlways = []string{"指导思想", "基本原则", "工作原则", "总体要求", "主要原则", "遵循原则"}
	framingIfBare = []string{"总体思路", "总体目标", "工作目标", "主要目标", "总体思路和目标", "目标要求"}
)

// framingHeading returns the framing word a node's heading is, or "".
func framingHeading(n *node) (word string, always bool) {
	if !hasAnyPrefix(n.text, framingAlways...) && !hasAnyPrefix(n.text, framingIfBare...) {
		return "", false
	}
	head := n.text
	if i, _ := firstSep(head, "。：:\n；;，,"); i >= 0 {
		head = head[:i]
	}
	head = strings.TrimSpace(head)
	for _, w := range framingAlways {
		if head == w {
			return w, true
		}
	}
	for _, w := range framingIfBare {
		if head == w {
			return w, false
		}
	}
	return "", false
}

// dropFraming removes the framing parts under n and returns what it
// removed, for the warning.
func dropFraming(n *node) []string {
	var dropped []string
	kept := n.kids[:0]
	for _, k := range n.kids {
		if k.row != nil || k.part {
			kept = append(kept, k)
			if k.part {
				dropped = append(dropped, dropFraming(k)...)
			}
			continue
		}
		total := countNodes(k) + 1
		sub := dropFraming(k)
		if w, always := framingHeading(k); w != "" && k.marked && (always || len(k.kids) == 0) {
			// A framing part whose own parts were framing is named alone.
			dropped = append(dropped, fmt.Sprintf("“%s”（%d项）", headingText(k), total))
			continue
		}
		dropped = append(dropped, sub...)
		kept = append(kept, k)
	}
	n.kids = kept
	return dropped
}

// dropFramingParts leaves out the framing parts of the document, unless
// nothing else would be left.
func (b *builder) dropFramingParts() {
	if !hasFraming(b.root) {
		return
	}
	before := countNodes(b.root)
	saved := snapshotKids(b.root)
	dropped := dropFraming(b.root)
	if len(dropped) == 0 {
		return
	}
	if countNodes(b.root) == 0 || countNodes(b.root) == before {
		restoreKids(saved)
		return
	}
	b.warn("跳过了指导思想、基本原则等不是具体任务的部分：" + strings.Join(dropped, "、"))
}

// snapshotKids records every node's children, to undo dropFraming.
func snapshotKids(n *node) map[*node][]*node {
	m := map[*node][]*node{}
	var walk func(*node)
	walk = func(n *node) {
		m[n] = append([]*node(nil), n.kids...)
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return m
}

func restoreKids(m map[*node][]*node) {
	for n, kids := range m {
		n.kids = kids
	}
}

// hasFraming reports a framing heading anywhere under n.
func hasFraming(n *node) bool {
	for _, k := range n.kids {
		if w, _ := framingHeading(k); w != "" && k.marked && k.row == nil {
			return true
		}
		if hasFraming(k) {
			return true
		}
	}
	return false
}
