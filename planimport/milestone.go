package planimport

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/zhdate"
)

// Milestones (节点): a task that names staged deadlines ("6月底前完成招标，
// 9月底前开工建设，12月底前竣工验收") is chased step by step, and its
// deadline is its last step's. Only dated steps of the work count: two or
// more clauses, each with one date that is a deadline (not the date of
// something done) and words of its own, in the order of their dates. One
// date is a deadline, not a schedule; "3月、9月各开展一次" is a
// recurrence, not two steps.

// maxMilestones bounds the steps of one task.
const maxMilestones = 24

// stepSeps separate the clauses of a schedule.
const stepSeps = "，,；;。\n、"

// milestones returns the dated steps of text, or nil when it names fewer
// than two.
func (b *builder) milestones(text string) []duban.Milestone {
	text = clip(text, maxScanRunes)
	// Most tasks name one date or none: two date words, then two dates,
	// are asked for before any clause is read.
	if strings.Count(text, "月")+strings.Count(text, "年")+strings.Count(text, "季度") < 2 || countDates(text) < 2 {
		return nil
	}
	var out []duban.Milestone
	for _, c := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(stepSeps, r) }) {
		c = strings.TrimSpace(c)
		if m, rest, ok := parseMarker(c); ok && m.numbered() {
			c = rest
		}
		if c == "" || !strings.ContainsAny(c, "年月日") && !strings.Contains(c, "季度") || countDates(c) != 1 {
			continue
		}
		d, words := b.proseDeadline(c)
		if d.IsZero() || words == "" {
			continue
		}
		step := stepText(c, words)
		if step == "" {
			continue
		}
		if len(out) > 0 && !d.After(out[len(out)-1].Date) {
			return nil // not a schedule: its dates do not advance
		}
		if len(out) == maxMilestones {
			break
		}
		out = append(out, duban.Milestone{Seq: len(out) + 1, Date: d, DateText: words, Text: step})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// countDates counts the date expressions of a clause that are not
// recurrences.
func countDates(c string) int {
	n := 0
	for _, e := range zhdate.Find(c, time.Time{}) {
		if !e.Recurring {
			n++
		}
	}
	return n
}

// stepLeads may stand before the date of a step: "力争6月底前…".
var stepLeads = []string{"力争", "确保", "争取", "计划", "预计", "要", "将", "于", "在", "到", "至"}

// stepText is a clause without its date words: what is to be done. The
// date must open the clause, as a schedule writes it ("6月底前完成招标");
// a date after a subject ("…综合楼年内竣工") is that subject's deadline in
// a list of parallel works, not a step.
func stepText(clause, words string) string {
	i := strings.Index(clause, words)
	if i < 0 {
		return ""
	}
	lead := clause[:i]
	if j := strings.LastIndexAny(lead, "：:"); j >= 0 {
		lead = lead[j:] // "实施校舍改造：力争4月底前…": the step starts after the colon
		lead = strings.TrimLeft(lead, "：:")
	}
	lead = strings.TrimSpace(lead)
	for _, w := range stepLeads {
		lead = strings.TrimPrefix(lead, w)
	}
	if lead != "" {
		return ""
	}
	step := strings.TrimSpace(clause[i+len(words):])
	step = strings.Trim(step, " ：:，,、；;。")
	for _, p := range []string{"以前", "之前", "前", "完成前"} {
		if rest, ok := strings.CutPrefix(step, p); ok && rest != "" {
			step = strings.TrimLeft(rest, " ：:，,")
			break
		}
	}
	if runeLen(step) < 2 {
		return ""
	}
	return step
}
