package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Editing a message corrects what it recorded: staff fix a wrong number
// or percent by editing the report in Telegram rather than sending it
// again. The message as edited is read as if it had been sent then; the
// reports of the first version are withdrawn (kept in the history) once
// the new ones are recorded, so a refused edit ("进度150%") leaves the
// first version standing. An edit of a message that recorded nothing
// changes nothing, whatever it now says: editing old chatter into "#5
// 已完成" must not close an item behind everyone's back.

// editWindow is how long after a report an edit of its message still
// corrects it.
const editWindow = 24 * time.Hour

// edited handles a new version of a message.
func (h *Handler) edited(ctx context.Context, r *request) {
	if !r.served || r.m.MessageID == 0 {
		return
	}
	olds, err := h.d.Store.ReportsOfMessage(ctx, r.m.ChatID, r.m.MessageID)
	if err != nil {
		h.answer(ctx, r, err)
		return
	}
	if len(olds) == 0 {
		return // the message recorded nothing
	}
	h.answer(ctx, r, h.correct(ctx, r, olds))
}

// correct records the edited message and withdraws olds, the reports of
// its first version.
func (h *Handler) correct(ctx context.Context, r *request, olds []duban.Progress) error {
	nums := make([]int, 0, len(olds))
	for _, p := range olds {
		nums = append(nums, p.ItemNumber)
		switch {
		case p.UserID != r.m.UserID:
			return nil // only its author edits a message
		case h.d.Now().Sub(p.CreatedAt) > editWindow:
			return problem(fmt.Sprintf("这条消息记录的 #%d 进展已超过一天，修改消息不会更改记录。需要更正请重新报送，或请计划管理员撤回（/undo %d）。", p.ItemNumber, p.ItemNumber),
				fmt.Sprintf("The report on #%d is more than a day old: editing the message changes nothing. Send a new report, or ask a plan admin (/undo %d).", p.ItemNumber, p.ItemNumber))
		case p.Done:
			return problem(fmt.Sprintf("这条消息已将 #%d 销号，修改消息不会更改记录。需要更正请联系计划管理员。", p.ItemNumber),
				fmt.Sprintf("That message closed #%d: editing it changes nothing. Ask a plan admin.", p.ItemNumber))
		}
		if it, err := h.d.Store.Item(ctx, p.ItemNumber); err == nil && it.Review != 0 {
			return problem(fmt.Sprintf("#%d 已申请办结，正在等待督办员审核，修改消息不会更改记录。", p.ItemNumber),
				fmt.Sprintf("#%d awaits review: editing the message changes nothing.", p.ItemNumber))
		}
	}
	// The edited text, read as a new message would be.
	in := Parse(r.m.Text, h.d.BotUsername)
	var c *command
	switch {
	case (in.Command == "progress" || in.Command == "reports") && !in.Tentative:
		c = h.byName[in.Command]
	case in.Command == "" && r.m.ReplyTo != nil && r.m.ReplyTo.FromBot:
		c, in.Args = replyCommand, r.m.Text
	}
	var answers []string
	if c != nil {
		r.intent, r.collect = in, &answers
		h.run(ctx, r, c, in.Args)
		r.collect = nil
		now, err := h.d.Store.ReportsOfMessage(ctx, r.m.ChatID, r.m.MessageID)
		if err != nil {
			return err
		}
		if len(now) == len(olds) {
			// Nothing new was recorded (a refusal, a question): the
			// first version stands.
			h.reply(ctx, r, strings.Join(append(answers, report.Tr(r.lang, "（原来记录的进展未改动。）", "(The report as first recorded stands.)")), "\n\n"))
			return nil
		}
	}
	for _, p := range olds {
		if _, _, err := h.d.Store.WithdrawReport(ctx, p.ID); err != nil && duban.ErrorCode(err) != duban.ENOTFOUND {
			return err
		}
	}
	slices.Sort(nums)
	list := report.NumberList(slices.Compact(nums), r.lang)
	if c == nil {
		h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("↩️ 消息已修改，不再是进展：原来记录的 %s 进展已撤回（变更记录中保留）。", list),
			fmt.Sprintf("↩️ The message was edited into no report: its report on %s is withdrawn (kept in the history).", list)))
		return nil
	}
	h.reply(ctx, r, report.Tr(r.lang, "✏️ 已按修改后的消息更正进展（原记录保留在变更记录中）：\n\n", "✏️ Corrected as the message now says (the first version is kept in the history):\n\n")+
		strings.Join(answers, "\n\n"))
	return nil
}
