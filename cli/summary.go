package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/summary"
)

// runSummary is "duban summary [--item N | --owner 名称] [--month 2026-11]
// [--detailed] [--db FILE]": the draft /summary gives, as plain text, for
// the person writing the report.
func runSummary(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("summary", "summary [--item N | --owner 名称] [--month 2026-11] [--detailed] [--db FILE]",
		"Prints the draft 工作总结 /summary gives, as plain text: drafted by the model when one is configured,\nelse the template, from the recorded reports only.",
		"duban summary --owner 督导室 --month 2026-11", true)
	item := fs.Int("item", 0, "summarise item `N` (a section: everything under it)")
	owner := fs.String("owner", "", "summarise a unit's items (its `name` or part of it)")
	month := fs.String("month", "", "only the reports of `YYYY-MM` (default: every record with --item or --owner, this month so far without)")
	detailed := fs.Bool("detailed", false, "a longer draft")
	if err := fs.Parse(args); err != nil {
		return err
	}
	lang := m.Config.Language
	switch {
	case fs.NArg() > 0:
		return errors.New(report.Tr(lang, fmt.Sprintf("summary：多余的参数“%s”，用法见 duban summary -h", fs.Arg(0)),
			fmt.Sprintf("summary: unexpected %q; see \"duban summary -h\"", fs.Arg(0))))
	case *item < 0:
		return errors.New(report.Tr(lang, fmt.Sprintf("summary：--item 要写事项编号，不能是 %d", *item),
			fmt.Sprintf("summary: --item must be an item number, got %d", *item)))
	case *item != 0 && strings.TrimSpace(*owner) != "":
		return errors.New(report.Tr(lang, "summary：--item 和 --owner 只能选一个", "summary: --item and --owner exclude each other"))
	}
	loc := m.Loc
	today := duban.DateOf(time.Now().In(loc))
	sc := summary.Scope{Item: *item, Owner: strings.TrimSpace(*owner), Detailed: *detailed}
	period := ""
	if *month == "" && sc.Item == 0 && sc.Owner == "" {
		*month = fmt.Sprintf("%04d-%02d", today.Year, int(today.Month))
	}
	if *month != "" {
		var err error
		if sc.From, sc.To, period, err = monthSpan(*month, today, lang); err != nil {
			return err
		}
	}
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	req, err := summary.Gather(ctx, st, sc, lang, loc)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		if sc.Item != 0 {
			return errors.New(report.Tr(lang, fmt.Sprintf("summary：没有编号为 #%d 的事项", sc.Item),
				fmt.Sprintf("summary: there is no item #%d", sc.Item)))
		}
		known, _ := st.Owners(ctx, "")
		return errors.New(report.Tr(lang, fmt.Sprintf("summary：没有找到单位“%s”；已知单位：%s", sc.Owner, strings.Join(known, "、")),
			fmt.Sprintf("summary: no unit matches %q; known units: %s", sc.Owner, strings.Join(known, ", "))))
	} else if err != nil {
		return err
	}
	draft, err := m.Drafter().Draft(ctx, req) // a failure is logged by llm and noted above the template
	label := req.Scope
	if period != "" {
		label += " · " + period
	}
	fmt.Fprintln(m.Stdout, summary.Words(draft, err != nil, label, lang).Plain())
	return nil
}

// monthSpan reads --month: the month's days, up to today when it is the
// current month, and its words.
func monthSpan(s string, today duban.Date, lang string) (from, to duban.Date, words string, err error) {
	t, perr := time.Parse("2006-01", strings.TrimSpace(s))
	if perr != nil {
		return from, to, "", errors.New(report.Tr(lang, fmt.Sprintf("summary：--month 要写成 YYYY-MM（如 2026-11），不能是“%s”", s),
			fmt.Sprintf("summary: --month must be YYYY-MM, got %q", s)))
	}
	from = duban.DateOf(t)
	if today.Before(from) {
		return from, to, "", errors.New(report.Tr(lang, fmt.Sprintf("summary：%s 还没到", s), fmt.Sprintf("summary: %s has not begun yet", s)))
	}
	to = duban.DateOf(t.AddDate(0, 1, -1))
	if today.Before(to) {
		to = today
	}
	words = report.Tr(lang, fmt.Sprintf("%d年%d月", from.Year, int(from.Month)), fmt.Sprintf("%s %d", from.Month, from.Year))
	if to != duban.DateOf(t.AddDate(0, 1, -1)) {
		words += report.Tr(lang, fmt.Sprintf("（截至%d月%d日）", int(to.Month), to.Day), fmt.Sprintf(" (to %s)", report.DateText(to, today, lang)))
	}
	return from, to, words, nil
}
