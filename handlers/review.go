package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// ReviewOptions say how closing is reviewed (workflow.*).
type ReviewOptions struct {
	// On: a member's /done (or "#12 已完成", or 100%) asks the reviewers
	// (申请办结) instead of closing the item.
	On bool
	// Private: the reviewers get the requests each in a private chat, not
	// in the group they were made in.
	Private bool
}

// ReviewStore is what the review of closing needs of the store.
type ReviewStore interface {
	RequestClose(ctx context.Context, p *duban.Progress, updateID int64) (duban.Item, duban.Closing, bool, error)
	DecideClose(ctx context.Context, id int64, approve bool, reason string, by duban.User) (duban.Closing, duban.Item, error)
	Closing(ctx context.Context, id int64) (duban.Closing, error)
	PendingClosings(ctx context.Context) ([]duban.Closing, error)
}

// The data of a closing request's buttons: "close-yes:ID" (销号),
// "close-no:ID" (退回).
const (
	closeYesPrefix = "close-yes:"
	closeNoPrefix  = "close-no:"
)

// returnPrompt starts the bot's question for a 退回's reason; a reply to
// it is the reason.
const returnPrompt = "↩️ 退回 #"

var returnPromptRE = regexp.MustCompile(`^↩️ 退回 #(\d{1,9}) `)

// needsReview reports whether closing r's item must go through review:
// review is on and the sender is neither a plan admin nor a 督办员, whose
// own /done closes directly.
func (h *Handler) needsReview(ctx context.Context, r *request) bool {
	return h.d.Review.On && !h.allowed(ctx, r, planAdmin) && !h.d.Roles.Reviewer(ctx, r.m.UserID)
}

// requestClose records p as a request to close (申请办结) and puts it to
// the reviewers, with the evidence attached so far, under 销号 / 退回
// buttons: in this group, or privately to each (workflow.review_in).
func (h *Handler) requestClose(ctx context.Context, r *request, p duban.Progress) error {
	it, c, dup, err := h.d.Store.RequestClose(ctx, &p, r.m.UpdateID)
	switch {
	case duban.ErrorCode(err) == duban.ECONFLICT:
		return problem(fmt.Sprintf("#%d 已于%s由%s申请办结，正在等待督办员审核，不用重复申请。", p.ItemNumber,
			report.DateText(duban.DateOf(c.CreatedAt.In(h.d.Loc)), r.today, report.LangZH), report.Esc(c.UserName)),
			fmt.Sprintf("#%d awaits review already (asked %s by %s).", p.ItemNumber,
				report.DateText(duban.DateOf(c.CreatedAt.In(h.d.Loc)), r.today, report.LangEN), report.Esc(c.UserName)))
	case err != nil:
		return err
	case dup:
		return nil
	}
	evidence, err := h.d.Store.Evidence(ctx, it.Number)
	if err != nil {
		return err
	}
	text := report.CloseRequest(it, c, evidence, h.d.Loc, r.today, r.lang)
	buttons := closeButtons(c.ID, r.lang)
	if !h.d.Review.Private || !r.m.IsGroup() && h.d.Roles.Reviewer(ctx, r.m.UserID) {
		h.reply(ctx, r, text, buttons)
		return nil
	}
	sent := 0
	for _, id := range h.d.Roles.Reviewers() {
		if _, err := h.d.Sender.Send(ctx, duban.Outgoing{ChatID: id, Text: text, Buttons: [][]duban.Button{buttons}}); err != nil {
			h.d.Logger.WarnContext(ctx, "send closing request", "err", err, "reviewer", id)
			continue
		}
		sent++
	}
	if sent == 0 {
		// No reviewer could be reached privately: ask here instead.
		h.reply(ctx, r, text, buttons)
		return nil
	}
	h.reply(ctx, r, report.Tr(r.lang,
		fmt.Sprintf("📝 已提交 #%d 的办结申请，已转给督办员审核。审核结果会在本群告知。", it.Number),
		fmt.Sprintf("📝 Closing #%d was asked and sent to the reviewers; the decision will be posted here.", it.Number)))
	return nil
}

func closeButtons(id int64, lang string) []duban.Button {
	s := strconv.FormatInt(id, 10)
	return []duban.Button{
		{Text: report.Tr(lang, "✅ 销号", "✅ Close"), Data: closeYesPrefix + s},
		{Text: report.Tr(lang, "↩️ 退回", "↩️ Return"), Data: closeNoPrefix + s},
	}
}

// reviewer refuses anyone but a 督办员 or plan admin.
func (h *Handler) reviewer(ctx context.Context, r *request) error {
	if r.m.SenderChatID == 0 && (h.d.Roles.Reviewer(ctx, r.m.UserID) || h.allowed(ctx, r, planAdmin)) {
		return nil
	}
	return problem("只有督办员或计划管理员可以审核办结申请。督办员由配置文件 access.reviewers 指定。",
		"Only reviewers (access.reviewers) and plan admins review closing requests.")
}

// closeApproved is the press of 销号.
func (h *Handler) closeApproved(ctx context.Context, r *request) error {
	if err := h.reviewer(ctx, r); err != nil {
		return err
	}
	id, err := buttonID(r.args)
	if err != nil {
		return err
	}
	return h.decideClose(ctx, r, id, true, "")
}

// closeReturned is the press of 退回: the reason is asked for, as a reply
// to the question or with /return N 理由.
func (h *Handler) closeReturned(ctx context.Context, r *request) error {
	if err := h.reviewer(ctx, r); err != nil {
		return err
	}
	id, err := buttonID(r.args)
	if err != nil {
		return err
	}
	c, err := h.d.Store.Closing(ctx, id)
	if err != nil {
		return h.closingProblem(ctx, r, id, err)
	}
	if c.State != duban.ClosingPending {
		return h.closingProblem(ctx, r, id, duban.Errorf(duban.ECONFLICT, "decided"))
	}
	h.reply(ctx, r, fmt.Sprintf("%s%d %s", returnPrompt, c.ItemNumber, report.Tr(r.lang,
		fmt.Sprintf("的办结申请：请<b>回复本消息</b>写明退回理由和整改要求，或发送 /return %d 理由。", c.ItemNumber),
		fmt.Sprintf("closing request: <b>reply to this message</b> with the reason, or send /return %d reason.", c.ItemNumber))))
	return nil
}

// returnClosing answers /return N 理由 (and a reply to the 退回 question):
// the pending request on item N goes back to the lead unit with the reason.
func (h *Handler) returnClosing(ctx context.Context, r *request) error {
	n, reason, err := parseNumberArg(r.args, "/return 12 缺少验收报告，请补充", "/return 12 the acceptance report is missing")
	if err != nil {
		if r.intent.Source == SourceRule {
			return nil
		}
		if rerr := h.reviewer(ctx, r); rerr != nil {
			return rerr
		}
		return err
	}
	if ok, err := h.decidedInWords(ctx, r, n); !ok || err != nil {
		return err
	}
	if err := h.reviewer(ctx, r); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return problem(fmt.Sprintf("请写上退回理由，例如：/return %d 缺少验收报告，请补充后重新申请", n),
			fmt.Sprintf("Give the reason, e.g. /return %d the acceptance report is missing", n))
	}
	if utf8.RuneCountInString(reason) > maxFieldRunes {
		return problem(fmt.Sprintf("理由太长了（最多%d个字）。", maxFieldRunes), fmt.Sprintf("The reason is too long (at most %d characters).", maxFieldRunes))
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if it.Review == 0 {
		return problem(fmt.Sprintf("#%d 没有待审核的办结申请。", n), fmt.Sprintf("#%d has no closing request awaiting review.", n))
	}
	return h.decideClose(ctx, r, it.Review, false, reason)
}

// returnByReply reads a reply to the bot's 退回 question as the reason;
// false when the replied-to message is not that question.
func (h *Handler) returnByReply(ctx context.Context, r *request) (bool, error) {
	if r.m.ReplyTo == nil || !r.m.ReplyTo.FromBot {
		return false, nil
	}
	m := returnPromptRE.FindStringSubmatch(r.m.ReplyTo.Text)
	if m == nil {
		return false, nil
	}
	sub := *r
	sub.args = m[1] + " " + r.args
	return true, h.returnClosing(ctx, &sub)
}

// decideClose applies a reviewer's decision and tells whom it concerns.
func (h *Handler) decideClose(ctx context.Context, r *request, id int64, approve bool, reason string) error {
	by := duban.User{ID: r.m.UserID, Name: r.m.UserName, Username: r.m.Username}
	c, it, err := h.d.Store.DecideClose(ctx, id, approve, reason, by)
	if err != nil {
		return h.closingProblem(ctx, r, id, err)
	}
	var members []duban.Member
	if c.ChatID < 0 {
		if members, err = h.d.Store.Members(ctx, c.ChatID); err != nil {
			return err
		}
	}
	text := report.CloseDecided(it, c, members, r.today, r.lang)
	h.reply(ctx, r, text)
	if c.ChatID != 0 && c.ChatID != r.m.ChatID {
		// Decided elsewhere (privately): the group it was asked in hears.
		if _, err := h.d.Sender.Send(ctx, duban.Outgoing{ChatID: c.ChatID, Text: text}); err != nil {
			h.d.Logger.WarnContext(ctx, "send closing decision", "err", err, "chat", c.ChatID)
		}
	}
	return nil
}

// closingProblem words why a request cannot be decided.
func (h *Handler) closingProblem(ctx context.Context, r *request, id int64, err error) error {
	switch duban.ErrorCode(err) {
	case duban.ENOTFOUND:
		return problem("找不到这份办结申请（事项可能已删除）。", "This closing request is gone (the item may have been deleted).")
	case duban.ECONFLICT:
		c, cerr := h.d.Store.Closing(ctx, id)
		if cerr != nil {
			return problem("这份办结申请已经处理过。", "This closing request was decided already.")
		}
		word := map[duban.ClosingState][2]string{
			duban.ClosingApproved:  {"已销号", "closed"},
			duban.ClosingReturned:  {"已退回", "returned"},
			duban.ClosingWithdrawn: {"申请人已撤回", "withdrawn by its author"},
		}[c.State]
		who := ""
		if c.DecidedName != "" {
			who = report.Tr(r.lang, "，审核人："+report.Esc(c.DecidedName), ", by "+report.Esc(c.DecidedName))
		}
		return problem(fmt.Sprintf("#%d 的这份办结申请已经处理过（%s%s），不再改变。", c.ItemNumber, word[0], who),
			fmt.Sprintf("This closing request of #%d was decided already (%s%s); nothing changes.", c.ItemNumber, word[1], who))
	case duban.EINVALID:
		return problem("这份办结申请已失效：事项在申请后已被修改（例如已由管理员直接销号、重新打开或删除）。请发送 /item 查看现状。",
			"This closing request no longer applies: the item changed since (closed, reopened or deleted by an admin). See /item.")
	}
	return err
}

// review answers /review: the requests awaiting review, oldest first, each
// with its buttons.
func (h *Handler) review(ctx context.Context, r *request) error {
	if err := h.reviewer(ctx, r); err != nil {
		return err
	}
	list, err := h.d.Store.PendingClosings(ctx)
	if err != nil {
		return err
	}
	const shown = 10
	var rows [][]duban.Button
	for i, c := range list {
		if i == shown {
			break
		}
		s := strconv.FormatInt(c.ID, 10)
		rows = append(rows, []duban.Button{
			{Text: report.Tr(r.lang, fmt.Sprintf("✅ 销号 #%d", c.ItemNumber), fmt.Sprintf("✅ Close #%d", c.ItemNumber)), Data: closeYesPrefix + s},
			{Text: report.Tr(r.lang, fmt.Sprintf("↩️ 退回 #%d", c.ItemNumber), fmt.Sprintf("↩️ Return #%d", c.ItemNumber)), Data: closeNoPrefix + s},
		})
	}
	items := make(map[int64]duban.Item, min(len(list), shown))
	for _, c := range list[:min(len(list), shown)] {
		if it, err := h.d.Store.Item(ctx, c.ItemNumber); err == nil {
			items[c.ID] = it
		}
	}
	h.reply(ctx, r, report.PendingClosings(list, items, shown, h.d.Loc, r.today, r.lang), rows...)
	return nil
}

// --- deciding in words: #7 同意销号 · #7 退回，缺少验收报告 ---

var (
	approveWords = []string{"同意销号", "准予销号", "予以销号", "同意办结", "准予办结", "审核通过", "通过审核"}
	returnWords  = []string{"不同意销号", "不予销号", "暂不销号", "不予办结", "退回", "驳回"}
)

// matchDecision reads a reviewer's decision in words on an item's closing
// request: "#7 同意销号" (/approve 7), "#7 退回，缺少验收报告" (/return 7
// 缺少验收报告). From anyone else, or with no request waiting, the words
// are an ordinary report (decidedInWords).
func matchDecision(t ruleText) (Intent, bool) {
	c, ok := afterRef(t)
	if !ok {
		return Intent{}, false
	}
	c.skip()
	switch {
	case c.word(returnWords):
		c.skip()
		reason := strings.TrimLeft(c.rest(), "，,。：: ")
		for _, l := range reasonLeads {
			if r, ok := strings.CutPrefix(reason, l); ok {
				reason = strings.TrimLeft(r, "：:，, ")
				break
			}
		}
		return Intent{Command: "return", Args: strings.TrimSpace(c.ref.number + " " + reason)}, true
	case c.word(approveWords) && strings.Trim(c.rest(), "。！!，, ") == "":
		return Intent{Command: "approve", Args: c.ref.number}, true
	}
	return Intent{}, false
}

// decidedInWords is false when a decision in words (matchDecision) is no
// decision: the sender reviews nothing, or the item awaits none. The
// message is then read as a report, as it would have been.
func (h *Handler) decidedInWords(ctx context.Context, r *request, n int) (bool, error) {
	if r.intent.Source != SourceRule {
		return true, nil
	}
	it, err := h.d.Store.Item(ctx, n)
	if h.reviewer(ctx, r) == nil && err == nil && it.Review != 0 {
		return true, nil
	}
	if in, ok := matchItem(newRuleText(r.m.Text)); ok && in.Command != "" {
		r.intent = in
		h.run(ctx, r, h.byName[in.Command], in.Args)
	}
	return false, nil
}

// approveClosing answers /approve N: 销号 of item N's closing request, as
// the button does.
func (h *Handler) approveClosing(ctx context.Context, r *request) error {
	n, _, err := parseNumberArg(r.args, "/approve 12", "/approve 12")
	if err != nil {
		return err
	}
	if ok, err := h.decidedInWords(ctx, r, n); !ok || err != nil {
		return err
	}
	if err := h.reviewer(ctx, r); err != nil {
		return err
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if it.Review == 0 {
		return problem(fmt.Sprintf("#%d 没有待审核的办结申请。", n), fmt.Sprintf("#%d has no closing request awaiting review.", n))
	}
	return h.decideClose(ctx, r, it.Review, true, "")
}
