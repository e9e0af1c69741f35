package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// LedgerStore is what building the ledger needs of the store. /export and
// `duban export` both go through BuildLedger, so the file a group gets and
// the file the office writes from the shell are the same bytes.
type LedgerStore interface {
	Plans(ctx context.Context) ([]duban.Plan, error)
	PlanByName(ctx context.Context, name string) (duban.Plan, error)
	PlanItems(ctx context.Context, planID int64) ([]duban.Item, error)
	LatestReports(ctx context.Context, planID int64) (map[int64]duban.Progress, error)
	ReportsBetween(ctx context.Context, from, to time.Time) ([]duban.Progress, error)
	AuditBetween(ctx context.Context, from, to time.Time) ([]duban.Change, error)
}

// Ledger is a built ledger (台账) file and what it holds.
type Ledger struct {
	File  duban.File
	Plan  string     // the plan's name; "" when every plan is in it
	Tasks int        // tasks (not sections) in the file
	Today duban.Date // the day it shows the state of
}

// BuildLedger builds the ledger of the plan named planName (every plan when
// it is empty) as it stands at now: sheet 台账 with every live item, sheet
// 本月进展 with the reports of now's month so far, as the monthly briefing
// attaches it. A plan nobody has is an ENOTFOUND error, an empty database
// an EINVALID one.
func BuildLedger(ctx context.Context, st LedgerStore, planName string, now time.Time, loc *time.Location, lang string) (Ledger, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := duban.DateOf(now.In(loc))
	var planID int64
	planName = strings.TrimSpace(planName)
	if planName != "" {
		p, err := st.PlanByName(ctx, planName)
		if err != nil {
			return Ledger{}, err
		}
		planID = p.ID
	}
	items, err := st.PlanItems(ctx, planID)
	if err != nil {
		return Ledger{}, err
	}
	if len(items) == 0 && planID == 0 {
		return Ledger{}, duban.Errorf(duban.EINVALID, "no plan has been imported yet")
	}
	latest, err := st.LatestReports(ctx, planID)
	if err != nil {
		return Ledger{}, err
	}
	first := duban.Date{Year: today.Year, Month: today.Month, Day: 1}
	month, err := st.ReportsBetween(ctx, first.In(loc), today.AddDays(1).In(loc))
	if err != nil {
		return Ledger{}, err
	}
	tasks := 0
	ids := make(map[int64]bool, len(items))
	for _, it := range items {
		ids[it.ID] = true
		if it.Kind == duban.KindTask {
			tasks++
		}
	}
	if planID != 0 {
		// The month's reports on other plans' items do not belong here.
		kept := month[:0]
		for _, p := range month {
			if ids[p.ItemID] {
				kept = append(kept, p)
			}
		}
		month = kept
	}
	// The month's recorded changes go on a sheet of their own (变更记录):
	// who changed what in the plan this month.
	changes, err := st.AuditBetween(ctx, first.In(loc), today.AddDays(1).In(loc))
	if err != nil {
		return Ledger{}, err
	}
	numbers := make(map[int]bool, len(items))
	for _, it := range items {
		numbers[it.Number] = true
	}
	kept := changes[:0]
	for _, c := range changes {
		if planID == 0 || numbers[c.ItemNumber] {
			kept = append(kept, c)
		}
	}
	// The file carries the plan's name, so importing it back updates that
	// plan; a ledger of several plans has none.
	title := planName
	if title == "" {
		if plans, err := st.Plans(ctx); err == nil && len(plans) == 1 {
			title = plans[0].Name
		}
	}
	data, err := report.LedgerWithChanges(items, latest, month, kept, title, today, loc, lang)
	if err != nil {
		return Ledger{}, fmt.Errorf("build ledger: %w", err)
	}
	return Ledger{
		File:  duban.File{Name: report.LedgerFileName(today, lang), Data: data},
		Plan:  planName,
		Tasks: tasks,
		Today: today,
	}, nil
}

// export answers /export [计划名称]: the ledger as an .xlsx document.
func (h *Handler) export(ctx context.Context, r *request) error {
	l, err := BuildLedger(ctx, h.d.Store, r.args, h.d.Now(), h.d.Loc, r.lang)
	switch duban.ErrorCode(err) {
	case "":
	case duban.ENOTFOUND:
		return h.noSuchPlan(ctx, r.args)
	case duban.EINVALID:
		return problem("还没有导入工作计划，台账是空的。管理员可以把计划文件发给机器人并写上 /import 导入。",
			"No plan has been imported yet, so the ledger is empty. An admin can send the plan file with /import.")
	default:
		return err
	}
	what := report.Tr(r.lang, "全部计划", "all plans")
	if l.Plan != "" {
		what = report.Esc(l.Plan)
	}
	caption := report.Tr(r.lang,
		fmt.Sprintf("📎 台账：%s，共%d项任务（截至%s）。“本月进展”表列出本月报送的进展。", what, l.Tasks, report.DateText(l.Today, l.Today, r.lang)),
		fmt.Sprintf("📎 Ledger: %s, %d tasks (as of %s). Sheet 本月进展 lists this month's reports.", what, l.Tasks, report.DateText(l.Today, l.Today, r.lang)))
	file := l.File
	h.send(ctx, r, duban.Outgoing{Text: caption, File: &file})
	return nil
}

// noSuchPlan answers a plan name nobody has, with the names there are.
func (h *Handler) noSuchPlan(ctx context.Context, name string) error {
	plans, err := h.d.Store.Plans(ctx)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(plans))
	for _, p := range plans {
		names = append(names, "“"+report.Esc(p.Name)+"”")
	}
	quoted := report.Esc(clipRunes(strings.TrimSpace(name), 40))
	if len(names) == 0 {
		return problem(fmt.Sprintf("没有名为“%s”的计划，目前还没有导入任何计划。", quoted),
			fmt.Sprintf("There is no plan named “%s”; no plan has been imported yet.", quoted))
	}
	return problem(
		fmt.Sprintf("没有名为“%s”的计划。现有计划：%s。不写名称则导出全部计划。", quoted, strings.Join(names, "、")),
		fmt.Sprintf("There is no plan named “%s”. Plans: %s. Without a name every plan is exported.", quoted, strings.Join(names, ", ")))
}

// send sends m to the request's chat, threaded under the request in a
// group like reply; for messages with a file or several parts.
func (h *Handler) send(ctx context.Context, r *request, m duban.Outgoing) {
	m.ChatID = r.m.ChatID
	if r.m.IsGroup() && r.m.Callback == nil && m.ReplyTo == 0 {
		m.ReplyTo = r.m.MessageID
	}
	if _, err := h.d.Sender.Send(ctx, m); err != nil {
		h.d.Logger.WarnContext(ctx, "send reply", "err", err, "chat", r.m.ChatID)
	}
}
