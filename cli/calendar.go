package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/holiday"
	"github.com/duban-bot/duban/report"
)

// runCalendar is "duban calendar [YEAR]": the official days off and
// make-up workdays the scheduler knows for the year, and the configuration's
// own; it says plainly when the year's arrangement is not known yet.
func runCalendar(_ context.Context, m *Program, args []string) error {
	fs := m.flagSet("calendar", "calendar [YEAR]",
		"Prints the days off and make-up workdays (调休) the reminders follow for YEAR (default: this year): the\nState Council's arrangement when it is known, and what the config adds (calendar.*).",
		"duban calendar 2027", false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	lang := m.Config.Language
	year := time.Now().In(m.Loc).Year()
	switch fs.NArg() {
	case 0:
	case 1:
		y, err := strconv.Atoi(fs.Arg(0))
		if err != nil || y < 1900 || y > 2200 {
			return fmt.Errorf(report.Tr(lang, "calendar：“%s”不是年份，应写成 2027 这样的四位数", "calendar: %q is not a year such as 2027"), fs.Arg(0))
		}
		year = y
	default:
		return errors.New(report.Tr(lang, "calendar：只能给一个年份", "calendar: one year at most"))
	}
	w := m.Stdout
	c := m.Config.Calendar
	if !c.Official {
		fmt.Fprintln(w, report.Tr(lang, "配置中关闭了官方放假安排（calendar.official: false），只按下面配置的日子和周末提醒。",
			"The official arrangement is off in the config (calendar.official: false): only the days below and weekends count."))
	} else if y, known := holiday.Official(year); !known {
		first, last := holiday.Known()
		fmt.Fprintln(w, report.Tr(lang,
			fmt.Sprintf("%d年的放假安排还不知道：国务院办公厅通常在前一年的11月或12月发布通知，日历库目前收录到%d年（最早%d年）。发布后请写进配置的 calendar.holidays 和 calendar.workdays，或升级 duban；在此之前只按周末提醒。", year, last, first),
			fmt.Sprintf("%d's days off are not known yet: the State Council publishes them in November or December of the year before, and the calendar library knows %d to %d. Once published, add them under calendar.holidays and calendar.workdays, or update duban; until then only weekends count.", year, first, last)))
	} else {
		fmt.Fprintln(w, report.Tr(lang, fmt.Sprintf("%d年放假安排（国务院办公厅通知）：", year), fmt.Sprintf("%d, as the State Council published it:", year)))
		fmt.Fprintln(w, report.Tr(lang, "放假：", "Days off:"))
		for _, r := range dayRanges(y.Off) {
			fmt.Fprintf(w, "  %s  %s\n", padName(r.name), rangeWords(r.from, r.to, lang))
		}
		fmt.Fprintln(w, report.Tr(lang, "调休上班：", "Make-up workdays:"))
		for _, d := range y.Work {
			fmt.Fprintf(w, "  %s（%s）\n", dayWords(d.Date, lang), d.Name)
		}
	}
	var own []string
	for _, h := range c.Holidays {
		if strings.HasPrefix(h.From, strconv.Itoa(year)) || strings.HasPrefix(h.To, strconv.Itoa(year)) {
			own = append(own, fmt.Sprintf("  %s %s — %s", report.Tr(lang, "放假", "off"), h.From, h.To)+nameSuffix(h.Name))
		}
	}
	for _, d := range c.Workdays {
		if strings.HasPrefix(d, strconv.Itoa(year)) {
			own = append(own, fmt.Sprintf("  %s %s", report.Tr(lang, "上班", "worked"), d))
		}
	}
	if len(own) > 0 {
		fmt.Fprintln(w, report.Tr(lang, "配置文件另加（calendar.holidays / workdays）：", "Added by the config (calendar.holidays / workdays):"))
		fmt.Fprintln(w, strings.Join(own, "\n"))
	}
	return nil
}

// dayRange is a run of consecutive days off of one holiday.
type dayRange struct {
	name     string
	from, to duban.Date
}

func dayRanges(days []holiday.Day) []dayRange {
	var out []dayRange
	for _, d := range days {
		if n := len(out); n > 0 && out[n-1].name == d.Name && out[n-1].to.AddDays(1) == d.Date {
			out[n-1].to = d.Date
			continue
		}
		out = append(out, dayRange{name: d.Name, from: d.Date, to: d.Date})
	}
	return out
}

func rangeWords(from, to duban.Date, lang string) string {
	n := from.DaysUntil(to) + 1
	if from == to {
		return dayWords(from, lang) + report.Tr(lang, "（1天）", " (1 day)")
	}
	return dayWords(from, lang) + report.Tr(lang, "—", " – ") + dayWords(to, lang) +
		report.Tr(lang, fmt.Sprintf("（%d天）", n), fmt.Sprintf(" (%d days)", n))
}

func dayWords(d duban.Date, lang string) string {
	wd := d.In(time.UTC).Weekday()
	if lang == report.LangEN {
		return fmt.Sprintf("%s %d (%s)", d.Month.String()[:3], d.Day, wd.String()[:3])
	}
	return fmt.Sprintf("%d月%d日（周%s）", int(d.Month), d.Day, []string{"日", "一", "二", "三", "四", "五", "六"}[wd])
}

func padName(s string) string {
	return s + strings.Repeat("　", max(0, 4-len([]rune(s))))
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " " + name
}
