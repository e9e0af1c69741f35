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
	b.WriteString(StatusText(it.Status, lang))
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
