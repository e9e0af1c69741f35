package report

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// ItemLine renders one item on one line for lists, reminders and
// briefings: number, title, owner, deadline and state.
//
//	#12 开展校园安全隐患排查（安全科）· 11月30日（11月底前）还剩5天 · 进行中 60%
func ItemLine(it duban.Item, today duban.Date, lang string) string {
	var b strings.Builder
	if e := it.Standing.Light.Emoji(); e != "" && it.Kind == duban.KindTask {
		b.WriteString(e + " ")
	}
	fmt.Fprintf(&b, "<b>#%d</b> %s", it.Number, esc(it.Title))
	if it.Owner != "" {
		fmt.Fprintf(&b, Tr(lang, "（%s）", " (%s)"), esc(it.Owner))
	}
	if !it.Deadline.IsZero() {
		b.WriteString(" · ")
		b.WriteString(DateText(it.Deadline, today, lang))
		if words := it.DeadlineText; words != "" && !restatesDate(words, DateText(it.Deadline, today, LangZH)) {
			fmt.Fprintf(&b, Tr(lang, "（%s）", " (%s)"), esc(words))
		}
		if it.Open() {
			b.WriteString(" ")
			if it.Overdue(today) {
				b.WriteString("<b>" + DueText(it.Deadline, today, lang) + "</b>")
			} else {
				b.WriteString(DueText(it.Deadline, today, lang))
			}
		}
	}
	b.WriteString(" · ")
	b.WriteString(ItemStatusText(it, lang))
	if it.Status == duban.StatusDoing && it.Percent > 0 {
		fmt.Fprintf(&b, " %d%%", it.Percent)
	}
	return b.String()
}

// restatesDate reports whether deadline words say no more than the date
// ("11月25日前" beside "11月25日", as DateText writes it in Chinese): then
// the line shows the date once, in any language.
func restatesDate(words, date string) bool {
	words = strings.TrimSpace(words)
	for _, suffix := range []string{"之前", "以前", "前", "止", "完成"} {
		words = strings.TrimSuffix(words, suffix)
	}
	for _, prefix := range []string{"截至", "截止", "于", "在"} {
		words = strings.TrimPrefix(words, prefix)
	}
	words = strings.ReplaceAll(words, "号", "日")
	if !strings.Contains(date, "年") {
		// "2026年12月8日前" beside 12月8日 of this year.
		if i := strings.Index(words, "年"); i > 0 && strings.Trim(words[:i], "0123456789") == "" {
			words = words[i+len("年"):]
		}
	}
	return words == date
}

// ExtensionText says where an extended item's deadline came from:
// "原定9月30日，经批准延至10月31日"; "" when it never moved.
func ExtensionText(it duban.Item, today duban.Date, lang string) string {
	if !it.Extended() {
		return ""
	}
	return Tr(lang,
		fmt.Sprintf("原定%s，经批准延至%s", DateText(it.OriginalDeadline, today, lang), DateText(it.Deadline, today, lang)),
		fmt.Sprintf("originally %s, extended to %s", DateText(it.OriginalDeadline, today, lang), DateText(it.Deadline, today, lang)))
}

// StandingText words where an open item stands: its light, its 序时进度
// and how far behind or ahead it is ("🟡 黄灯 · 序时进度60%，实际40%，滞后20个百分点").
func StandingText(it duban.Item, lang string) string {
	s := it.Standing
	if s.Light == "" || it.Kind != duban.KindTask {
		return ""
	}
	out := s.Light.Emoji() + " " + LightWord(s.Light, lang)
	if s.HasLag {
		switch {
		case s.Lag > 0:
			out += Tr(lang, fmt.Sprintf(" · 序时进度%d%%，实际%d%%，滞后%d个百分点", s.Expected, s.Actual, s.Lag),
				fmt.Sprintf(" · expected %d%%, actual %d%%, %d points behind", s.Expected, s.Actual, s.Lag))
		default:
			out += Tr(lang, fmt.Sprintf(" · 序时进度%d%%，实际%d%%", s.Expected, s.Actual),
				fmt.Sprintf(" · expected %d%%, actual %d%%", s.Expected, s.Actual))
		}
	}
	if s.Stale {
		out += Tr(lang, " · 未报送", " · no recent report")
	}
	return out
}

// MilestoneLines list an item's milestones with ✔ for done, ○ for not due
// yet and ✘ for past its day and not done: "✔ 1. 6月30日 完成招标".
func MilestoneLines(it duban.Item, today duban.Date, lang string) []string {
	out := make([]string, 0, len(it.Milestones))
	for _, m := range it.Milestones {
		mark := "○"
		late := !m.Done && m.Date.Before(today)
		switch {
		case m.Done:
			mark = "✔"
		case late:
			mark = "✘"
		}
		line := fmt.Sprintf("%s %d. %s %s", mark, m.Seq, DateText(m.Date, today, lang), esc(m.Text))
		if late {
			line += Tr(lang, "（已过期）", " (past due)")
		}
		out = append(out, line)
	}
	return out
}
