package planimport

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// Stats counts what a Document holds, for previews and logs.
type Stats struct {
	Sections     int
	Tasks        int
	WithOwner    int // tasks with an owner (stated or inherited)
	WithDeadline int // tasks with a deadline
	WithTarget   int // tasks with a target
}

// Stats counts the document's sections and tasks.
func (d *Document) Stats() Stats {
	var s Stats
	for _, it := range d.Items {
		if it.Kind == duban.KindSection {
			s.Sections++
			continue
		}
		s.Tasks++
		if it.Owner != "" {
			s.WithOwner++
		}
		if !it.Deadline.IsZero() {
			s.WithDeadline++
		}
		if it.Target != "" {
			s.WithTarget++
		}
	}
	return s
}

// Outline renders the document as a plain-text tree for import previews:
// one line per item with its number, code, title, owner, partners and
// deadline, indented by level. Callers escape it for HTML.
func (d *Document) Outline() string {
	var b strings.Builder
	s := d.Stats()
	fmt.Fprintf(&b, "%s（%d年，%s）\n", d.Title, d.Year, d.Format)
	fmt.Fprintf(&b, "共%d个部分、%d项任务；%d项有牵头单位，%d项有时限\n", s.Sections, s.Tasks, s.WithOwner, s.WithDeadline)
	for _, w := range d.Warnings {
		fmt.Fprintf(&b, "注意：%s\n", w)
	}
	for _, q := range d.Doubts {
		fmt.Fprintf(&b, "请确认：%s\n", q.Text)
	}
	for _, it := range d.Items {
		b.WriteString(strings.Repeat("  ", max(it.Level-1, 0)))
		fmt.Fprintf(&b, "#%d %s %s", it.Number, it.Code, it.Title)
		if it.Owner != "" {
			fmt.Fprintf(&b, "｜牵头：%s", it.Owner)
		}
		if len(it.Partners) > 0 {
			fmt.Fprintf(&b, "｜配合：%s", strings.Join(it.Partners, "、"))
		}
		if !it.Deadline.IsZero() {
			fmt.Fprintf(&b, "｜时限：%s(%s)", it.DeadlineText, it.Deadline)
		}
		if len(it.Milestones) > 0 {
			steps := make([]string, len(it.Milestones))
			for k, m := range it.Milestones {
				steps[k] = m.DateText + m.Text
			}
			fmt.Fprintf(&b, "｜节点：%s", strings.Join(steps, "；"))
		}
		if it.Status != "" && it.Status != duban.StatusTodo {
			fmt.Fprintf(&b, "｜%s", statusWord(it.Status))
		}
		if it.Percent > 0 {
			fmt.Fprintf(&b, " %d%%", it.Percent)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func statusWord(s duban.Status) string {
	switch s {
	case duban.StatusDoing:
		return "进行中"
	case duban.StatusDone:
		return "已完成"
	case duban.StatusCancelled:
		return "已取消"
	}
	return "未开始"
}

// jsonItem is the JSON shape of an item (see Document.JSON).
type jsonItem struct {
	Number       int      `json:"number"`
	Code         string   `json:"code"`
	Kind         string   `json:"kind"`
	Level        int      `json:"level"`
	Parent       *int     `json:"parent"`
	Title        string   `json:"title"`
	Body         string   `json:"body,omitempty"`
	Owner        string   `json:"owner"`
	Partners     []string `json:"partners"`
	Deadline     *string  `json:"deadline"`
	DeadlineText string   `json:"deadline_text"`
	Target       string   `json:"target"`
	Status       string   `json:"status"`
	Percent      int      `json:"percent"`
	Progress     string   `json:"progress,omitempty"`
	Person       string   `json:"person,omitempty"`
	Note         string   `json:"note,omitempty"`
	// Milestones are the dated steps, when there are any.
	Milestones []jsonMilestone `json:"milestones,omitempty"`
}

// jsonMilestone is the JSON shape of a milestone.
type jsonMilestone struct {
	Seq      int    `json:"seq"`
	Date     string `json:"date"`
	DateText string `json:"date_text"`
	Text     string `json:"text"`
}

// JSON renders the items as a JSON array of objects with number, code,
// kind, level, parent (number or null), title, body, owner, partners
// (array), deadline ("YYYY-MM-DD" or null), deadline_text, target, status
// and percent (plus progress, person, note and milestones — objects with
// seq, date, date_text and text — when set).
func (d *Document) JSON() ([]byte, error) {
	out := make([]jsonItem, len(d.Items))
	for i, it := range d.Items {
		j := jsonItem{
			Number: it.Number, Code: it.Code, Kind: string(it.Kind), Level: it.Level,
			Title: it.Title, Body: it.Body, Owner: it.Owner, Partners: it.Partners,
			DeadlineText: it.DeadlineText, Target: it.Target, Status: string(it.Status),
			Percent: it.Percent, Progress: it.Progress, Person: it.Person, Note: it.Note,
		}
		if j.Partners == nil {
			j.Partners = []string{}
		}
		if it.ParentNumber != 0 {
			p := it.ParentNumber
			j.Parent = &p
		}
		if !it.Deadline.IsZero() {
			s := it.Deadline.String()
			j.Deadline = &s
		}
		for _, m := range it.Milestones {
			j.Milestones = append(j.Milestones, jsonMilestone{Seq: m.Seq, Date: m.Date.String(), DateText: m.DateText, Text: m.Text})
		}
		out[i] = j
	}
	return json.MarshalIndent(out, "", "  ")
}
