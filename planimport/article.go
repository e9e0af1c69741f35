package planimport

import (
	"regexp"
	"strings"
)

// Web pages that collect several plans ("学区德育督导工作计划 第1篇 … 第10篇")
// repeat the page's title over every article. Each article is its own
// document: it gets its own title when it has one, its own year, and is
// told apart by its number when it has none.

// docWordRe: the words that end a document's title.
var docWordRe = regexp.MustCompile(`计划|要点|总结|方案|安排|规划|意见|打算|通知|报告|纲要|细则|办法|思路|任务`)

// ownTitle returns the title line an article starts with, if any: a short
// line among its first paragraphs that names a document and is not the
// page's title.
func ownTitle(plain []string, pageTitle string) string {
	for i, p := range plain {
		if i >= leadLines {
			break
		}
		t := strings.TrimSpace(p)
		if t == pageTitle || runeLen(t) > 40 || !isTitleLine(t) || strings.ContainsAny(t, "，,") {
			continue
		}
		if docWordRe.MatchString(t) {
			return t
		}
	}
	return ""
}

// partTitle is what an article is called in the outline: its own title,
// else the page's title with its number.
func partTitle(n *node, pageTitle string) string {
	if n.ownTitle != "" {
		return n.ownTitle
	}
	head, _, _ := strings.Cut(n.text, "\n")
	if m := partRe.FindStringSubmatch(head); m != nil && strings.TrimSpace(m[1]) != "" {
		head = strings.TrimSpace(m[1])
	} else if pageTitle != "" {
		head = pageTitle
	}
	return head + "（" + n.m.seg + "）"
}

// scopeParts gives each article its year and reference dates.
func (b *builder) scopeParts() {
	for _, k := range b.root.kids {
		if k.part {
			k.sc = b.partScope(k.ord, k.ownTitle)
		}
	}
}
