package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/console"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// runChart is "duban chart [--month 2026-11] [--plan 名称] [-o FILE.png]":
// the picture the monthly briefing sends first and /chart answers with,
// written to a file.
func runChart(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("chart", "chart [--month YYYY-MM] [--plan 名称] [-o FILE.png] [--db FILE]",
		"Draws the month's progress chart (工作进展图) as the groups get it from /chart and with the monthly\nbriefing: each unit's tasks as stacked bars in the briefing's ranking, and the plan's completion rate\nmonth by month against 序时进度. The current month is drawn as it stands now (so far), an earlier one\nas it stood at its end. Fonts and colours come from chart.* in the config.",
		"duban chart --month 2026-11 -o 11月工作进展图.png", true)
	month := fs.String("month", "", "the month to draw, YYYY-MM (default: the current month so far)")
	plan := fs.String("plan", "", "only this plan, by its name (default: every plan)")
	out := fs.String("o", "", "file to write (default: 工作进展图-YYYY-MM-DD.png in the working directory; - for standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	lang := m.Config.Language
	if fs.NArg() > 0 {
		return errors.New(report.Tr(lang, fmt.Sprintf("chart：多余的参数“%s”（月份用 --month 指定）", fs.Arg(0)),
			fmt.Sprintf("chart: unexpected %q (the month is given with --month)", fs.Arg(0))))
	}
	loc := m.Loc
	now := time.Now().In(loc)
	first := duban.Date{Year: now.Year(), Month: now.Month(), Day: 1}
	if *month != "" {
		t, err := time.ParseInLocation("2006-01", *month, loc)
		if err != nil {
			return errors.New(report.Tr(lang, fmt.Sprintf("chart：--month “%s”应写成 YYYY-MM，例如 2026-11", *month),
				fmt.Sprintf("chart: --month %q: want YYYY-MM, such as 2026-11", *month)))
		}
		if t.After(now) {
			return errors.New(report.Tr(lang, fmt.Sprintf("chart：%s 还没到", *month), fmt.Sprintf("chart: --month %s has not begun", *month)))
		}
		first = duban.DateOf(t)
	}
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	sched, err := m.newScheduler(st, nil, nil) // for its standards, calendar and charts; it sends nothing
	if err != nil {
		return err
	}
	charts, err := m.Charts()
	if err != nil {
		return err
	}
	std := sched.Standards()
	mo, err := report.GatherMonth(ctx, st, *plan, report.MonthAsOf(first, now, loc), std, loc)
	switch duban.ErrorCode(err) {
	case "":
	case duban.ENOTFOUND:
		return errors.New(report.Tr(lang, fmt.Sprintf("chart：没有名为“%s”的计划；%s", *plan, planNames(ctx, st, lang)),
			fmt.Sprintf("chart: there is no plan named %q; %s", *plan, planNames(ctx, st, lang))))
	case duban.EINVALID:
		// No item then: the picture says so, unless there is no plan at all.
		if plans, err := st.Plans(ctx); err != nil || len(plans) == 0 {
			return errors.New(report.Tr(lang, "chart：还没有导入任何计划，请先导入（duban import 文件，或在群里发送 /import）",
				"chart: no plan has been imported yet: import one first (duban import FILE, or /import in the group)"))
		}
	default:
		return fmt.Errorf("chart: %w", err)
	}
	f, err := report.MonthChart(ctx, st, mo, std, charts, lang)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if *out == "-" {
		_, err := m.Stdout.Write(f.Data)
		return err
	}
	path := *out
	if path == "" {
		path = f.Name
	}
	if err := writeFileAtomic(path, f.Data); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	caption := console.PlainText(report.ChartCaption(mo, lang))
	fmt.Fprintln(m.Stdout, report.Tr(lang, fmt.Sprintf("已写入 %s：%s", path, caption), fmt.Sprintf("wrote %s: %s", path, caption)))
	return nil
}
