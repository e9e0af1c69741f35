package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// LedgerStore is what /export needs of the store.
type LedgerStore = report.LedgerStore

// export answers /export [计划名称]: the ledger as an .xlsx document.
func (h *Handler) export(ctx context.Context, r *request) error {
	l, err := report.BuildLedger(ctx, h.d.Store, r.args, h.d.Now(), h.d.Standards, h.d.Loc, r.lang)
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
