// Package report renders what people receive: chat replies about the plan,
// reminders, briefings, summaries and the ledger file. The scheduler and the
// on-demand commands call the same functions, so each text exists once.
// Texts are HTML for Telegram's HTML parse mode; every user-supplied string
// goes through esc.
package report

import (
	"fmt"
	"html"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Languages the texts exist in.
const (
	LangZH = "zh"
	LangEN = "en"
)

// Tr picks the text of the language: English for "en", Chinese otherwise.
// Keeping both words at the call site keeps them in step.
func Tr(lang, zh, en string) string {
	if lang == LangEN {
		return en
	}
	return zh
}

// esc escapes a user-supplied string for Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// Esc escapes a user-supplied string for Telegram HTML.
func Esc(s string) string { return html.EscapeString(s) }

// StatusText returns the word for a status: 未开始/进行中/已完成/已取消.
func StatusText(s duban.Status, lang string) string {
	switch s {
	case duban.StatusTodo:
		return Tr(lang, "未开始", "not started")
	case duban.StatusDoing:
		return Tr(lang, "进行中", "in progress")
	case duban.StatusDone:
		return Tr(lang, "已完成", "done")
	case duban.StatusCancelled:
		return Tr(lang, "已取消", "cancelled")
	}
	return string(s)
}

// ItemStatusText is an item's state as users read it: its status, or 待审核
// while a request to close it awaits review.
func ItemStatusText(it duban.Item, lang string) string {
	if it.Review != 0 && it.Open() {
		return Tr(lang, "待审核", "awaiting review")
	}
	return StatusText(it.Status, lang)
}

// DateText formats a day: "11月30日" (with the year when it is not the
// reference year), "Nov 30" in English.
func DateText(d duban.Date, ref duban.Date, lang string) string {
	if d.IsZero() {
		return Tr(lang, "未定", "none")
	}
	if lang == LangEN {
		t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		if d.Year != ref.Year {
			return t.Format("Jan 2, 2006")
		}
		return t.Format("Jan 2")
	}
	if d.Year != ref.Year {
		return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%d月%d日", int(d.Month), d.Day)
}

// DueText says how far a deadline is from today: "今天到期", "还剩3天",
// "逾期5天".
func DueText(d, today duban.Date, lang string) string {
	if d.IsZero() {
		return ""
	}
	n := today.DaysUntil(d)
	switch {
	case n == 0:
		return Tr(lang, "今天到期", "due today")
	case n == 1:
		return Tr(lang, "明天到期", "due tomorrow")
	case n > 1:
		return Tr(lang, fmt.Sprintf("还剩%d天", n), fmt.Sprintf("%d days left", n))
	default:
		return Tr(lang, fmt.Sprintf("逾期%d天", -n), fmt.Sprintf("%d days overdue", -n))
	}
}
