package report

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// ItemView is everything the detail of one item shows: the item, its
// parent section (nil at top level), its latest reports (newest first), how
// many pieces of evidence it has and, for a section, its children.
type ItemView struct {
	Item     duban.Item
	Parent   *duban.Item
	Reports  []duban.Progress
	Evidence int
	// Ack is the 签收 of its present lead unit: who and when, Assigned
	// whether it was asked for at all.
	Ack      Ack
	Children []duban.Item
}

// Ack is an item's 签收 as /item shows it.
type Ack struct {
	Assigned, Done bool
	By             string
	At             time.Time
}

// detailReportRunes bounds each report quoted in a detail, so that five
// long reports still fit one message.
const detailReportRunes = 300

// ItemDetail renders the whole of one item. Report times are shown in loc,
// the bureau's time zone.
func ItemDetail(v ItemView, today duban.Date, loc *time.Location, lang string) string {
	it := v.Item
	var b strings.Builder
	head := fmt.Sprintf("<b>#%d</b>", it.Number)
	if it.Code != "" {
		head += " " + esc(it.Code)
	}
	fmt.Fprintf(&b, "%s <b>%s</b>", head, esc(it.Title))
	line := func(zh, en, value string) {
		if value == "" {
			return
		}
		fmt.Fprintf(&b, "\n%s%s", Tr(lang, zh+"：", en+": "), value)
	}
	if v.Parent != nil {
		line("所属", "Under", fmt.Sprintf("#%d %s", v.Parent.Number, esc(v.Parent.Title)))
	}
	if it.Kind == duban.KindSection {
		return sectionDetail(&b, v, today, lang)
	}
	if it.Body != "" {
		line("内容", "Details", esc(it.Body))
	}
	line("牵头单位", "Lead unit", esc(it.Owner))
	line("配合单位", "Partners", esc(strings.Join(it.Partners, Tr(lang, "、", ", "))))
	line("时限", "Deadline", DeadlineText(it, today, lang))
	if ext := ExtensionText(it, today, lang); ext != "" {
		line("延期", "Extension", ext)
	}
	line("预警", "Light", StandingText(it, lang))
	if len(it.Milestones) > 0 {
		b.WriteString(Tr(lang, "\n<b>节点</b>", "\n<b>Milestones</b>"))
		for _, l := range MilestoneLines(it, today, lang) {
			b.WriteString("\n" + l)
		}
	}
	line("目标", "Target", esc(it.Target))
	state := ItemStatusText(it, lang)
	if it.Status == duban.StatusDoing || it.Status == duban.StatusDone {
		state += fmt.Sprintf(" %d%%", it.Percent)
	}
	line("状态", "Status", state)
	if a := v.Ack; a.Assigned && it.Open() {
		if a.Done {
			fmt.Fprintf(&b, Tr(lang, "\n签收：%s %s", "\nAcknowledged: %s, %s"), esc(a.By), a.At.In(loc).Format(Tr(lang, "1月2日 15:04", "Jan 2 15:04")))
		} else {
			b.WriteString(Tr(lang, "\n签收：尚未签收", "\nAcknowledged: not yet"))
		}
	}
	if ev := EvidenceCountText(it.Number, v.Evidence, lang); ev != "" {
		b.WriteString("\n📎 " + ev)
	}
	if len(v.Reports) == 0 {
		b.WriteString(Tr(lang, "\n\n尚无进展报送。", "\n\nNo progress reported yet."))
		return b.String()
	}
	b.WriteString(Tr(lang, "\n\n<b>最近进展</b>", "\n\n<b>Latest reports</b>"))
	for _, p := range v.Reports {
		b.WriteString("\n")
		b.WriteString(ReportLine(p, loc, lang))
	}
	return b.String()
}

func sectionDetail(b *strings.Builder, v ItemView, today duban.Date, lang string) string {
	if len(v.Children) == 0 {
		b.WriteString(Tr(lang, "\n（本部分下暂无事项）", "\n(no items under this section)"))
		return b.String()
	}
	var done, open, overdue int
	for _, c := range v.Children {
		if c.Kind != duban.KindTask {
			continue
		}
		switch {
		case c.Overdue(today):
			overdue++
			open++
		case c.Open():
			open++
		case c.Status == duban.StatusDone:
			done++
		}
	}
	b.WriteString(Tr(lang,
		fmt.Sprintf("\n已完成%d项，未完成%d项，其中逾期%d项\n", done, open, overdue),
		fmt.Sprintf("\n%d done, %d open, %d of them overdue\n", done, open, overdue)))
	for _, c := range v.Children {
		b.WriteString("\n")
		if c.Kind == duban.KindSection {
			fmt.Fprintf(b, "<b>#%d</b> %s %s", c.Number, esc(c.Code), esc(c.Title))
			continue
		}
		b.WriteString(ItemLine(c, today, lang))
	}
	return b.String()
}

// ReportLine renders one progress report: who, when (in loc), the text and
// the percent it stated, unless the text already says it.
//
//	11月25日 10:30 张三：已完成招标（60%）
func ReportLine(p duban.Progress, loc *time.Location, lang string) string {
	if loc == nil {
		loc = time.UTC
	}
	t := p.CreatedAt.In(loc)
	when := t.Format("1月2日 15:04")
	if lang == LangEN {
		when = t.Format("Jan 2 15:04")
	}
	who := p.UserName
	if who == "" {
		who = Tr(lang, "某人", "someone")
	}
	text := clip(p.Text, detailReportRunes)
	var b strings.Builder
	fmt.Fprintf(&b, "• %s %s", when, esc(who))
	if text != "" {
		b.WriteString(Tr(lang, "：", ": "))
		b.WriteString(esc(text))
	}
	switch {
	case p.Done:
		b.WriteString(Tr(lang, "（销号）", " (closed)"))
	case p.Percent != duban.NoPercent:
		// "进度50%（50%）" says it twice: the percent is shown only when
		// the words do not state it.
		if !statesPercent(p.Text, p.Percent) {
			fmt.Fprintf(&b, Tr(lang, "（%d%%）", " (%d%%)"), p.Percent)
		}
	}
	return b.String()
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// statesPercent reports whether a report's words state its percent: "60%",
// "60％" or "百分之六十" (the percent was read from those words).
func statesPercent(text string, n int) bool {
	return strings.Contains(text, fmt.Sprintf("%d%%", n)) || strings.Contains(text, fmt.Sprintf("%d％", n)) ||
		strings.Contains(text, "百分之")
}
