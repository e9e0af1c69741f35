package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/zhdate"
)

// maxWindowDays bounds "/due N".
const maxWindowDays = 366

// window is a period of days, inclusive, with its name for the heading.
type window struct {
	from, to duban.Date
	label    string
}

// parseWindow reads the /due argument: nothing (the next 7 days, today
// included), 本周 (today to Sunday; weeks start on Monday), 下周 (next
// Monday to Sunday), 本月 (today to the month's end), 下月, 今天, 明天 or a
// number of days.
func parseWindow(arg string, today duban.Date, lang string) (window, error) {
	a := strings.ToLower(strings.TrimSpace(string(fold(arg))))
	a = strings.TrimSuffix(strings.TrimSuffix(a, "内"), "之")
	weekday := int(today.In(time.UTC).Weekday()+6) % 7 // Monday = 0
	sunday := today.AddDays(6 - weekday)
	var w window
	span := func(from, to duban.Date, zh, en string) {
		w = window{from: from, to: to}
		w.label = report.Tr(lang, zh, en) + rangeText(from, to, today, lang)
	}
	switch a {
	case "", "7", "7天", "近期", "最近", "soon":
		span(today, today.AddDays(6), "未来7天", "in the next 7 days")
	case "本周", "这周", "本星期", "这个星期", "this week", "week", "thisweek":
		span(today, sunday, "本周", "this week")
	case "下周", "下星期", "下个星期", "next week", "nextweek", "next":
		span(sunday.AddDays(1), sunday.AddDays(7), "下周", "next week")
	case "本月", "这个月", "当月", "this month", "month", "thismonth":
		end := duban.DateOf(time.Date(today.Year, today.Month+1, 0, 0, 0, 0, 0, time.UTC))
		span(today, end, "本月", "this month")
	case "下月", "下个月", "next month", "nextmonth":
		first := duban.DateOf(time.Date(today.Year, today.Month+1, 1, 0, 0, 0, 0, time.UTC))
		end := duban.DateOf(time.Date(today.Year, today.Month+2, 0, 0, 0, 0, 0, time.UTC))
		span(first, end, "下月", "next month")
	case "今天", "今日", "today":
		span(today, today, "今天", "today")
	case "明天", "明日", "tomorrow":
		span(today.AddDays(1), today.AddDays(1), "明天", "tomorrow")
	default:
		if m, ok := monthArg(a); ok {
			// The month people mean: a month a few months back is the one
			// just past ("11月份到期的" asked in December is this November,
			// in full), one further back the coming one ("1月" asked in
			// December); the current month from today on.
			year := today.Year
			back := (int(today.Month) - m + 12) % 12
			ahead := (m - int(today.Month) + 12) % 12
			switch past := back > 0 && back < ahead && back <= pastMonths; {
			case past && m > int(today.Month):
				year-- // "12月" asked in February: last December
			case !past && m < int(today.Month):
				year++ // "1月" asked in December: the coming January
			}
			first := duban.Date{Year: year, Month: time.Month(m), Day: 1}
			end := duban.DateOf(time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC))
			if back == 0 && first.Before(today) {
				first = today
			}
			span(first, end, fmt.Sprintf("%d月", m), time.Month(m).String())
			break
		}
		if w, ok, err := dateWindow(arg, today, lang); ok || err != nil {
			return w, err
		}
		num := strings.TrimSuffix(strings.TrimSuffix(a, "天"), "days")
		num = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(num, "未来"), "最近"))
		n, ok := parseNumber(num)
		if !ok || n < 1 || n > maxWindowDays {
			return w, problem(
				fmt.Sprintf("看不懂“%s”。可以写 /due、/due 本周、/due 下周、/due 本月 或 /due 天数（1—%d）。", report.Esc(clipRunes(arg, 20)), maxWindowDays),
				fmt.Sprintf("I did not get “%s”. Try /due, /due week, /due next, /due month or /due DAYS (1–%d).", report.Esc(clipRunes(arg, 20)), maxWindowDays))
		}
		span(today, today.AddDays(n-1), fmt.Sprintf("未来%d天", n), fmt.Sprintf("in the next %d days", n))
	}
	return w, nil
}

// pastMonths is how far back a month named alone is taken as the one just
// past rather than the coming one.
const pastMonths = 5

// monthArg reads "12月", "12月份" or "十二月".
func monthArg(a string) (int, bool) {
	a = strings.TrimSuffix(a, "份")
	num, ok := strings.CutSuffix(a, "月")
	if !ok {
		return 0, false
	}
	n, ok := parseNumber(num)
	return n, ok && n >= 1 && n <= 12
}

// rangeText writes " (Nov 23 – Nov 29)" or "（11月23日—11月29日）".
func rangeText(from, to, today duban.Date, lang string) string {
	if from == to {
		return report.Tr(lang, "（"+report.DateText(from, today, lang)+"）", " ("+report.DateText(from, today, lang)+")")
	}
	return report.Tr(lang,
		"（"+report.DateText(from, today, lang)+"—"+report.DateText(to, today, lang)+"）",
		" ("+report.DateText(from, today, lang)+" – "+report.DateText(to, today, lang)+")")
}

// dateWindow reads date words ("12月底前", "年底前", "国庆节前", "下周五",
// "2026-12-31"): a deadline means from today to that day, a period the part
// of it still ahead. ok is false when arg holds no date.
func dateWindow(arg string, today duban.Date, lang string) (window, bool, error) {
	e, ok := zhdate.Parse(arg, time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC))
	if !ok || e.Recurring || strings.TrimSpace(e.Text) == "" {
		return window{}, false, nil
	}
	from, to := duban.DateOf(e.Start), duban.DateOf(e.End)
	if e.Deadline || from.Before(today) {
		from = today
	}
	if to.Before(today) {
		return window{}, false, problem(
			fmt.Sprintf("“%s”已经过去了。逾期未完成的任务请发 /overdue 查看。", report.Esc(e.Text)),
			fmt.Sprintf("“%s” is over already. Send /overdue for the tasks past their deadline.", report.Esc(e.Text)))
	}
	if to.DaysUntil(from) < -maxWindowDays {
		to = from.AddDays(maxWindowDays)
	}
	label := e.Text
	return window{from: from, to: to, label: report.Esc(label) + rangeText(from, to, today, lang)}, true, nil
}
