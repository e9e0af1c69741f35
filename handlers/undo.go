package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// ReportStore is what taking reports back, looking up partner units and
// counting tasks need (*store.Store): /undo (undo.go), /owner and /count
// (ask.go).
type ReportStore interface {
	LastReportBy(ctx context.Context, userID int64, number int, since time.Time) (duban.Progress, error)
	WithdrawReport(ctx context.Context, id int64) (duban.Progress, duban.Item, error)
	ReportsOfMessage(ctx context.Context, chatID int64, messageID int) ([]duban.Progress, error) // edits (edit.go)
	Partners(ctx context.Context, q string) ([]string, error)
	PartnerItems(ctx context.Context, names []string, limit int) ([]duban.Item, int, error)
	TaskCounts(ctx context.Context, today duban.Date) (duban.TaskCounts, error) // /count (ask.go)
}

// undoWindow is how long the author of a report may take it back.
const undoWindow = 10 * time.Minute

// undoChoices is how many of an item's reports an admin picks from.
const undoChoices = 5

// undoPrefix starts the data of the buttons an admin picks a report with.
const undoPrefix = "undo:"

// undo answers /undo, "撤回" and "#5 撤回": the sender's last report (on
// item N when named) made in the last ten minutes is taken back. A plan
// admin naming an item picks any of its latest reports with a button.
func (h *Handler) undo(ctx context.Context, r *request) error {
	n := 0
	if args := strings.TrimSpace(r.args); args != "" {
		var err error
		if n, _, err = parseNumberArg(args, "/undo 12", "/undo 12"); err != nil {
			return err
		}
	}
	if n != 0 && h.allowed(ctx, r, planAdmin) {
		return h.undoChoices(ctx, r, n)
	}
	return h.withdrawOwn(ctx, r, n)
}

// withdrawOwn takes back the sender's last report (on item n, any when 0)
// within undoWindow.
func (h *Handler) withdrawOwn(ctx context.Context, r *request, n int) error {
	p, err := h.d.Store.LastReportBy(ctx, r.m.UserID, n, h.d.Now().Add(-undoWindow))
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		if r.intent.Tentative && r.m.IsGroup() {
			return nil // "撤回" said of a chat message, not of a report
		}
		mins := int(undoWindow.Minutes())
		zh, en := "进展", ""
		if n != 0 {
			zh, en = fmt.Sprintf("#%d 的进展", n), fmt.Sprintf(" on #%d", n)
		}
		return problem(
			fmt.Sprintf("你最近%d分钟内没有报送过%s，没有可撤回的。更早的进展请联系计划管理员撤回（/undo 编号）。", mins, zh),
			fmt.Sprintf("You made no report%s in the last %d minutes, so there is nothing to take back. For an older one ask a plan admin (/undo N).", en, mins))
	} else if err != nil {
		return err
	}
	if n == 0 && p.MessageID != 0 {
		// "撤回" after a message about several items takes all of it back.
		parts, err := h.d.Store.ReportsOfMessage(ctx, p.ChatID, p.MessageID)
		if err != nil {
			return err
		}
		if len(parts) > 1 {
			var answers []string
			r.collect = &answers
			for _, q := range parts {
				if q.UserID == r.m.UserID {
					h.answer(ctx, r, h.withdraw(ctx, r, q.ID))
				}
			}
			r.collect = nil
			if len(answers) > 0 {
				h.reply(ctx, r, strings.Join(answers, "\n\n"))
			}
			return nil
		}
	}
	return h.withdraw(ctx, r, p.ID)
}

// withdraw takes report id back and says so.
func (h *Handler) withdraw(ctx context.Context, r *request, id int64) error {
	p, it, err := h.d.Store.WithdrawReport(ctx, id)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return problem("这条进展已经撤回了。", "That report was withdrawn already.")
	} else if err != nil {
		return err
	}
	h.reply(ctx, r, report.ReportWithdrawn(p, it, r.today, h.d.Loc, r.lang))
	return nil
}

// undoChoices shows a plan admin the latest reports on item n, a button
// for each.
func (h *Handler) undoChoices(ctx context.Context, r *request, n int) error {
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	reports, err := h.d.Store.Reports(ctx, n, undoChoices)
	if err != nil {
		return err
	}
	if len(reports) == 0 {
		h.reply(ctx, r, report.WithdrawChoices(it, nil, h.d.Loc, r.lang))
		return nil
	}
	var buttons []duban.Button
	for i, p := range reports {
		buttons = append(buttons, duban.Button{
			Text: report.Tr(r.lang, fmt.Sprintf("撤回第%d条", i+1), fmt.Sprintf("Withdraw %d", i+1)),
			Data: undoPrefix + strconv.FormatInt(p.ID, 10),
		})
	}
	h.reply(ctx, r, report.WithdrawChoices(it, reports, h.d.Loc, r.lang), buttons,
		[]duban.Button{{Text: report.Tr(r.lang, "取消", "Cancel"), Data: "cancel"}})
	return nil
}

// undoConfirmed is a plan admin's press of "撤回第N条".
func (h *Handler) undoConfirmed(ctx context.Context, r *request) error {
	id, err := buttonID(r.args)
	if err != nil {
		return err
	}
	return h.withdraw(ctx, r, id)
}
