package planimport

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// Doubt is something about a decoded document that looks wrong enough
// that the preview should ask before importing it ("确认导入？"), as
// against a Warning, which only tells what was guessed or skipped.
type Doubt struct {
	// Code names the kind of doubt; it is one of the Doubt* constants.
	Code string
	// Text is the sentence for the preview, in Chinese.
	Text string
	// English is the same sentence in English.
	English string
}

// The kinds of doubt.
const (
	// DoubtTruncated: the file held more than one import reads; the rest
	// was left out.
	DoubtTruncated = "truncated"
	// DoubtNoOwners: most tasks name no owner (牵头单位).
	DoubtNoOwners = "no_owners"
	// DoubtPastDeadlines: many deadlines are already past on the day of the
	// import.
	DoubtPastDeadlines = "past_deadlines"
	// DoubtNumberingGaps: the numbering skips (一、二、四、), so part of the
	// document was probably lost in a copy.
	DoubtNumberingGaps = "numbering_gaps"
	// DoubtPastWork: tasks read as work already done (已完成…, 召开了…).
	DoubtPastWork = "past_work"
)

func (b *builder) doubt(code, zh, en string) {
	b.doc.Doubts = append(b.doc.Doubts, Doubt{Code: code, Text: zh, English: en})
}

// maxDoubtExamples bounds the examples a doubt names.
const maxDoubtExamples = 3

// findDoubts looks at the decoded document as a reader of the preview
// would, before its items are numbered: the tree still knows markers and
// ledger rows.
func (b *builder) findDoubts() {
	var tasks, owned, dated, past int
	var earliest duban.Date
	var pastWork []*node
	today := duban.DateOf(b.opt.Now)
	kept := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.kids {
			kept[k] = true
			walk(k)
			if taskKind(k) != duban.KindTask {
				continue
			}
			it := &k.item
			tasks++
			if it.Owner != "" {
				owned++
			}
			if !it.Deadline.IsZero() {
				dated++
				if it.Status.Open() && it.Deadline.Before(today) {
					past++
					if earliest.IsZero() || it.Deadline.Before(earliest) {
						earliest = it.Deadline
					}
				}
			}
			if k.row == nil && readsDone(it.Title+"。"+it.Body) {
				pastWork = append(pastWork, k)
			}
		}
	}
	walk(b.root)
	if tasks >= 3 && owned*2 < tasks {
		b.doubt(DoubtNoOwners,
			fmt.Sprintf("%d项任务中有%d项没有牵头单位，导入后无法按单位提醒和统计", tasks, tasks-owned),
			fmt.Sprintf("%d of %d tasks name no lead unit: reminders and unit figures cannot reach them", tasks-owned, tasks))
	}
	if past > 0 && past*3 >= dated {
		b.doubt(DoubtPastDeadlines,
			fmt.Sprintf("%d项任务的时限已过（最早是%s），请核对计划年份（%d年）是否正确", past, earliest, b.doc.Year),
			fmt.Sprintf("%d tasks are already past their deadline (the earliest %s): check that the plan's year (%d) is right", past, earliest, b.doc.Year))
	}
	var gaps []string
	for _, g := range b.gaps {
		if kept[g.at] && len(gaps) < maxDoubtExamples {
			gaps = append(gaps, g.text)
		}
	}
	if len(gaps) > 0 {
		b.doubt(DoubtNumberingGaps,
			"编号不连续："+strings.Join(gaps, "；")+"，可能漏掉了部分内容",
			"the numbering skips ("+strings.Join(gaps, "; ")+"): part of the document may be missing")
	}
	if len(pastWork) > 0 {
		var examples []string
		for _, k := range pastWork {
			t := "“" + clip(k.item.Title, 20) + "”"
			if len(examples) < maxDoubtExamples && !slices.Contains(examples, t) {
				examples = append(examples, t)
			}
		}
		zh, en := examples, examples
		b.doubt(DoubtPastWork,
			fmt.Sprintf("%d项任务读起来像是已经做完的工作（如%s），可能是总结而不是计划", len(pastWork), strings.Join(zh, "、")),
			fmt.Sprintf("%d tasks read as work already done (such as %s): they may be a summary rather than a plan", len(pastWork), strings.Join(en, ", ")))
	}
}

// Summaries report results with these words, tense or not: results
// anywhere ("中考成绩位列全县第三"), and states at the end of a title
// ("教学质量稳步提升", where a plan says "稳步提升教学质量").
var (
	resultWords = []string{"圆满完成", "顺利完成", "如期完成", "顺利通过", "位列", "名列", "获评", "荣获", "被评为", "取得了"}
	stateWords  = []string{"成效明显", "成效显著", "稳步提升", "明显提升", "显著提升", "显著提高", "明显提高", "进一步改善", "不断完善", "持续巩固", "有效落实"}
)

// readsDone reports a task's wording that reports work done rather than
// plans it: most sentences report, or the title states a result.
func readsDone(text string) bool {
	title, _ := splitTitle(text)
	title = stripOwner(title)
	if isReport(title) {
		return true
	}
	if planAt(title) < 0 {
		if containsAny(title, resultWords...) {
			return true
		}
		for _, w := range stateWords {
			if strings.HasSuffix(title, w) {
				return true
			}
		}
	}
	reports, sentences := reportShare(clip(text, maxScanRunes))
	return sentences >= 2 && reports*2 > sentences
}

// gap is a place where a numbered list skips ("“（四）”前缺少1项") or
// starts past its first number ("从“三、”开始"): at is the item after the
// gap.
type gap struct {
	at   *node
	text string
}

// numberingGaps finds the gaps of the outline. It runs before the review
// parts are dropped, so that the plan's "三、" after a dropped "一、二、"
// is no gap.
func numberingGaps(root *node) []gap {
	var gaps []gap
	var walk func(n *node)
	walk = func(n *node) {
		last := map[string]int{}
		for _, k := range n.kids {
			m := k.m
			if m.numbered() && k.row == nil && !k.runIn {
				prev, seen := last[m.style]
				switch {
				case !seen && m.value > 1 && n == root:
					gaps = append(gaps, gap{k, "从“" + markerLabel(m) + "”开始"})
				case seen && m.value > prev+1:
					gaps = append(gaps, gap{k, "“" + markerLabel(m) + "”前缺少" + strconv.Itoa(m.value-prev-1) + "项"})
				}
				last[m.style] = m.value
			}
			walk(k)
		}
	}
	walk(root)
	return gaps
}

// markerLabel writes a marker as the document does: "二、", "（三）", "4.".
func markerLabel(m marker) string {
	switch m.style {
	case styleCn, styleArDun:
		return m.seg + "、"
	case styleAr:
		return m.seg + "."
	case styleCnParen, styleArParen:
		return "（" + strings.Trim(m.seg, "()") + "）"
	}
	return m.seg
}
