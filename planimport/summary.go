package planimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// nextYearPlanRe: a plan part named for the year after the summary's.
var nextYearPlanRe = regexp.MustCompile(`(?:明年|来年|下一年度?|下年度)`)

// Many documents are "工作总结及2026年工作计划": a review of the past year
// (所做的工作, 主要成绩, 存在的问题) before the plan (工作计划, 工作思路,
// 重点工作). Only the plan parts are work to chase. This file decides,
// section by section, which parts look back, drops them with a warning,
// and refuses a document that is a summary and nothing else.

// Words of section headings. A heading that names the plan is never
// dropped, whatever else it says ("工作回顾与明年打算"). They are matched
// as plain substrings: headings are classified by the hundred.
var (
	retroWords = []string{"所做的工作", "所做工作", "回顾", "主要成绩", "主要成效", "取得的成绩", "取得的成效",
		"工作成绩", "工作成效", "成绩与", "成效与", "主要做法", "做法与", "基本情况", "现状",
		"存在问题", "存在的问题", "存在不足", "存在的不足", "存在困难", "存在的困难", "存在短板", "存在的短板",
		"主要问题", "问题与不足", "问题和不足", "不足之处", "困难和问题", "问题与困难", "工作总结", "年终总结",
		"完成情况", "开展情况", "落实情况", "执行情况", "经验", "体会"}
	planWords = []string{"计划", "规划", "打算", "思路", "要点", "重点工作", "主要任务", "工作任务", "目标",
		"措施", "安排", "举措", "下一步", "今后", "明年", "来年", "展望", "设想", "部署", "努力方向", "工作重点"}
)

// namesPlan reports a heading or title with a word of plans.
func namesPlan(s string) bool { return containsAny(s, planWords...) }

// namesReview reports a heading with a word of reviews.
func namesReview(s string) bool {
	return containsAny(s, retroWords...) || strings.HasPrefix(s, "不足") || strings.HasSuffix(s, "不足") || strings.HasSuffix(s, "总结")
}

// headingClass is what a section heading says its part is.
type headingClass int

const (
	classNone headingClass = iota
	classRetro
	classPlan
)

// maxHeadingRunes is the longest first clause read as a heading.
const maxHeadingRunes = 40

// classifyHeading reads the first clause of a node's text as its heading.
func classifyHeading(text string) headingClass {
	head := clip(text, maxHeadingRunes+1)
	if i := strings.IndexAny(head, "。；;：:\n"); i >= 0 {
		head = head[:i]
	} else if len(head) < len(text) {
		return classNone
	}
	if runeLen(head) > maxHeadingRunes {
		return classNone
	}
	switch {
	case namesPlan(head):
		return classPlan
	case namesReview(head):
		return classRetro
	}
	return classNone
}

// heading classifies the node's heading once.
func (n *node) heading() headingClass {
	if n.class == 0 {
		n.class = classifyHeading(n.text) + 1
	}
	return n.class - 1
}

// summaryTitle reports a title that names a summary and no plan
// ("2025年工作总结", "学校督导年终工作总结(一)").
func summaryTitle(title string) bool {
	return strings.Contains(title, "总结") && !namesPlan(title)
}

// maxShareRunes bounds how much of a section is read to judge its tense.
const maxShareRunes = 6000

// subtreeText returns the text of a node and its descendants, up to about
// maxShareRunes runes.
func subtreeText(n *node) string {
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		if b.Len() > 3*maxShareRunes {
			return
		}
		b.WriteString(n.text)
		b.WriteByte('\n')
		for _, p := range n.plain {
			b.WriteString(p)
			b.WriteByte('\n')
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// looksBack reports whether a section reads as a review of work done: its
// heading says so, or (when the heading says nothing either way) most of
// its sentences report finished work. summaryDoc lowers the bar: in a
// document titled as a summary every section is a review unless its
// heading names a plan.
func looksBack(n *node, summaryDoc bool) bool {
	if hasRow(n) {
		// A ledger row is a task whatever tense its wording has.
		return false
	}
	switch n.heading() {
	case classPlan:
		return false
	case classRetro:
		return true
	}
	if summaryDoc {
		return true
	}
	reports, sentences := reportShare(subtreeText(n))
	return sentences > 0 && reports*2 >= sentences
}

// dropReviews removes the review sections of the document or of each
// article of a compilation. It returns false when nothing but reviews is
// left: the document is a summary, not a plan.
func (b *builder) dropReviews() bool {
	summaryDoc := summaryTitle(b.doc.Title)
	if b.root.structured == 0 {
		// Paragraphs without numbering: each one is judged alone.
		return b.dropReviewKids(b.root, summaryDoc, "")
	}
	hasParts := false
	for _, k := range b.root.kids {
		if k.part {
			hasParts = true
			break
		}
	}
	if !hasParts {
		return b.dropReviewKids(b.root, summaryDoc, "")
	}
	kept := b.root.kids[:0]
	var skipped []string
	for _, k := range b.root.kids {
		if !k.part {
			kept = append(kept, k)
			continue
		}
		partSummary := summaryDoc || summaryTitle(k.ownTitle)
		if len(k.kids) > 0 && b.dropReviewKids(k, partSummary, k.m.seg) {
			kept = append(kept, k)
			continue
		}
		if len(k.kids) == 0 && !partSummary {
			kept = append(kept, k)
			continue
		}
		skipped = append(skipped, fmt.Sprintf("%s（%d项）", k.m.seg, countNodes(k)+1))
	}
	b.root.kids = kept
	if len(skipped) > 0 {
		b.warn("跳过了看起来是工作总结的文章：" + strings.Join(skipped, "、") + "，只导入计划部分")
	}
	return len(kept) > 0
}

// dropReviewKids drops the review sections among n's children when some
// other section is left, and warns about each; it returns false when every
// child is a review. Deeper down, a review heading is dropped only beside
// a plan heading ("（一）工作回顾 （二）下一步打算").
func (b *builder) dropReviewKids(n *node, summaryDoc bool, where string) bool {
	if len(n.kids) == 0 {
		return true
	}
	back := make([]bool, len(n.kids))
	all := true
	// In a "…总结及…计划" whose plan part has a heading of its own, what
	// comes before that heading is the review, whatever its wording.
	planAt := -1
	if n == b.root || n.part {
		title := b.doc.Title
		if n.part && n.ownTitle != "" {
			title = n.ownTitle
		}
		if strings.Contains(title, "总结") && namesPlan(title) {
			for i, k := range n.kids {
				if k.heading() == classPlan {
					planAt = i
					break
				}
			}
		}
	}
	for i, k := range n.kids {
		back[i] = looksBack(k, summaryDoc) || (i < planAt && !hasRow(k))
		all = all && back[i]
	}
	if all {
		return false
	}
	var skipped []string
	kept := n.kids[:0]
	for i, k := range n.kids {
		if back[i] {
			skipped = append(skipped, fmt.Sprintf("“%s”（%d项）", headingText(k), countNodes(k)+1))
			continue
		}
		kept = append(kept, k)
		skipped = append(skipped, dropNestedReviews(k)...)
	}
	n.kids = kept
	if len(skipped) > 0 {
		prefix := "跳过了工作总结部分"
		if where != "" {
			prefix = where + prefix
		}
		b.warn(prefix + "：" + strings.Join(skipped, "、") + "，只导入计划部分")
	}
	return true
}

// dropNestedReviews drops review headings that stand beside plan headings
// below the top level and returns their names.
func dropNestedReviews(n *node) []string {
	var skipped []string
	retro, plan := false, false
	for _, k := range n.kids {
		switch k.heading() {
		case classRetro:
			retro = true
		case classPlan:
			plan = true
		}
	}
	if retro && plan {
		kept := n.kids[:0]
		for _, k := range n.kids {
			if k.heading() == classRetro && !hasRow(k) {
				skipped = append(skipped, fmt.Sprintf("“%s”（%d项）", headingText(k), countNodes(k)+1))
				continue
			}
			kept = append(kept, k)
		}
		n.kids = kept
	}
	for _, k := range n.kids {
		skipped = append(skipped, dropNestedReviews(k)...)
	}
	return skipped
}

// hasRow reports a ledger row in n's subtree.
func hasRow(n *node) bool {
	if n.row != nil {
		return true
	}
	for _, k := range n.kids {
		if hasRow(k) {
			return true
		}
	}
	return false
}

// headingText names a section in a warning: its marker and first clause.
func headingText(n *node) string {
	t := n.text
	if i := strings.IndexAny(t, "。；;：:\n，,"); i >= 0 {
		t = t[:i]
	}
	t = clip(strings.TrimSpace(t), 24)
	switch {
	case n.m.seg == "" || !n.m.numbered():
		return t
	case n.m.style == styleCn:
		return n.m.seg + "、" + t
	case n.m.style == styleAr || n.m.style == styleArDun:
		return n.m.seg + "." + t
	}
	return n.m.seg + t
}

// planPartYear takes the plan year from the heading of the plan part when
// the title names only the summary's year: "2025年度工作总结" whose last
// part is "四、2026年工作打算" is a plan for 2026.
func (b *builder) planPartYear() {
	if b.multi || b.opt.Year != 0 || planYearRe.MatchString(b.doc.Title) {
		return
	}
	for _, k := range b.root.kids {
		head, _, _ := strings.Cut(k.text, "\n")
		if classifyHeading(head) != classPlan {
			continue
		}
		if titleYear(head) == 0 {
			// "明年工作计划" under a summary of a stated year.
			if !b.sc.stated || !nextYearPlanRe.MatchString(head) {
				continue
			}
			head = strconv.Itoa(b.sc.year+1) + "年工作计划"
		}
		b.sc = b.newScope(head, 0, b.docDate, !b.docDate.IsZero(), b.sc.year)
		b.cur = b.sc
		b.doc.Year = b.sc.year
		return
	}
}
