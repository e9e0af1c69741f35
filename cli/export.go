package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
)

// runExport is "duban export [--plan 名称] [-o FILE]": the same ledger as
// /export in a group and the monthly briefing's attachment.
func runExport(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("export", "export [--plan 名称] [-o FILE] [--evidence DIR] [--db FILE]",
		"Writes the ledger (台账) as the groups get it from /export: every item with its latest report, this month's\nreports and changes. FILE ending in .csv writes the 台账 sheet as CSV. --evidence DIR lays the evidence\n(佐证材料) out in the new or empty folder DIR instead, one folder per item, with an index (清单.csv): copied\nfrom evidence.dir, else downloaded with the bot token, else listed only.",
		"duban export --plan 2026年工作要点 -o 台账.xlsx", true)
	plan := fs.String("plan", "", "only this plan, by its name (default: every plan)")
	out := fs.String("o", "", "file to write (default: 台账-YYYY-MM-DD.xlsx in the working directory; - for standard output)")
	evDir := fs.String("evidence", "", "write the evidence into this new or empty folder (and the ledger only when -o is given too)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	lang := m.Config.Language
	if fs.NArg() > 0 {
		return errors.New(report.Tr(lang, fmt.Sprintf("export：多余的参数“%s”（计划名称用 --plan 指定）", fs.Arg(0)),
			fmt.Sprintf("export: unexpected %q (a plan is named with --plan)", fs.Arg(0))))
	}
	loc := m.Loc
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	if *evDir != "" {
		if err := exportEvidence(ctx, m, st, *evDir, *plan); err != nil || *out == "" {
			return err
		}
	}
	sched, err := m.newScheduler(st, nil, nil) // for its standards and calendar; it sends nothing
	if err != nil {
		return err
	}
	l, err := report.BuildLedger(ctx, st, *plan, time.Now(), sched.Standards(), loc, lang)
	switch duban.ErrorCode(err) {
	case "":
	case duban.ENOTFOUND:
		return errors.New(report.Tr(lang, fmt.Sprintf("export：没有名为“%s”的计划；%s", *plan, planNames(ctx, st, lang)),
			fmt.Sprintf("export: there is no plan named %q; %s", *plan, planNames(ctx, st, lang))))
	case duban.EINVALID:
		return errors.New(report.Tr(lang, "export：还没有导入任何计划，请先导入（duban import 文件，或在群里发送 /import）",
			"export: no plan has been imported yet: import one first (duban import FILE, or /import in the group)"))
	default:
		return fmt.Errorf("export: %w", err)
	}
	data := l.File.Data
	if strings.EqualFold(filepath.Ext(*out), ".csv") {
		if data, err = report.LedgerCSV(data); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if *out == "-" {
		_, err := m.Stdout.Write(data)
		return err
	}
	path := *out
	if path == "" {
		path = l.File.Name
	}
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if l.Plan != "" {
		fmt.Fprintln(m.Stdout, report.Tr(lang, fmt.Sprintf("已写入 %s：《%s》共%d项任务，截至%s。", path, l.Plan, l.Tasks, l.Today),
			fmt.Sprintf("wrote %s: %d tasks of %s, as of %s", path, l.Tasks, l.Plan, l.Today)))
	} else {
		fmt.Fprintln(m.Stdout, report.Tr(lang, fmt.Sprintf("已写入 %s：全部计划共%d项任务，截至%s。", path, l.Tasks, l.Today),
			fmt.Sprintf("wrote %s: %d tasks of all plans, as of %s", path, l.Tasks, l.Today)))
	}
	return nil
}

// planNames lists the plans for an error message.
func planNames(ctx context.Context, st *store.Store, lang string) string {
	plans, err := st.Plans(ctx)
	if err != nil || len(plans) == 0 {
		return report.Tr(lang, "还没有导入任何计划", "no plan has been imported yet")
	}
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = report.Tr(lang, "《"+p.Name+"》", fmt.Sprintf("%q", p.Name))
	}
	return report.Tr(lang, "现有计划："+strings.Join(names, "、"), "the plans are "+strings.Join(names, ", "))
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so that a reader never sees half a ledger.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".duban-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil { // the ledger holds the plan and who reported what
		return err
	}
	return os.Rename(tmp.Name(), path)
}
