package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/zhdate"
)

// The data of an extension request's buttons: "ext-yes:ID", "ext-no:ID".
const (
	extendYesPrefix = "ext-yes:"
	extendNoPrefix  = "ext-no:"
)

// extend answers /extend N 新时限 理由: the lead unit (or an admin) asks to
// move item N's deadline; the plan admins approve or refuse it with the
// buttons under the request.
func (h *Handler) extend(ctx context.Context, r *request) error {
	const usageZH = "/extend 12 10月底前 受天气影响工期顺延"
	const usageEN = "/extend 12 2026-10-31 the weather delayed the works"
	n, rest, err := parseNumberArg(r.args, usageZH, usageEN)
	if err != nil {
		return err
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if it.Kind == duban.KindSection || !it.Open() {
		return problem(fmt.Sprintf("#%d 不是未完成的任务，不需要延期。", n), fmt.Sprintf("#%d is not an open task: nothing to extend.", n))
	}
	if !h.leadsItem(ctx, r, it) {
		return notLead(it, r.lang)
	}
	words, reason := splitDateWords(strings.TrimSpace(rest))
	if words == "" {
		words, reason = strings.TrimSpace(rest), ""
	}
	if words == "" {
		return problem(fmt.Sprintf("请写上新的时限和理由，例如：/extend %d 10月底前 受天气影响工期顺延", n),
			fmt.Sprintf("Give the new deadline and the reason, e.g. /extend %d 2026-10-31 the weather delayed the works", n))
	}
	if utf8.RuneCountInString(rest) > maxFieldRunes {
		return problem(fmt.Sprintf("申请太长了（最多%d个字）。", maxFieldRunes), fmt.Sprintf("The request is too long (at most %d characters).", maxFieldRunes))
	}
	d, err := resolveAhead(words, h.d.Now().In(h.d.Loc), it.PlanYear)
	if err != nil {
		return err
	}
	if !it.Deadline.IsZero() && !d.After(it.Deadline) {
		return problem(fmt.Sprintf("新时限（%s）要晚于现在的时限（%s）。", report.DateText(d, r.today, report.LangZH), report.DateText(it.Deadline, r.today, report.LangZH)),
			fmt.Sprintf("The new deadline (%s) must be later than the present one (%s).", report.DateText(d, r.today, report.LangEN), report.DateText(it.Deadline, r.today, report.LangEN)))
	}
	if _, err := duban.ParseDate(words); err == nil {
		words = ""
	}
	e := duban.Extension{ItemNumber: n, ChatID: r.m.ChatID, UserID: r.m.UserID, UserName: r.m.UserName,
		Deadline: d, DeadlineText: words, Reason: reason}
	if err := h.d.Store.RequestExtension(ctx, &e, r.today); err != nil {
		return err
	}
	h.reply(ctx, r, extensionText(it, e, r.today, r.lang), extensionButtons(e.ID, r.lang))
	return nil
}

// extensionText words a request for the admins to decide.
func extensionText(it duban.Item, e duban.Extension, today duban.Date, lang string) string {
	var b strings.Builder
	b.WriteString(report.Tr(lang, fmt.Sprintf("📝 <b>延期申请</b> #%d %s", it.Number, report.Esc(it.Title)),
		fmt.Sprintf("📝 <b>Extension request</b> #%d %s", it.Number, report.Esc(it.Title))))
	from := report.Tr(lang, "无时限", "no deadline")
	if !e.OldDeadline.IsZero() {
		from = report.DateText(e.OldDeadline, today, lang)
	}
	to := report.DateText(e.Deadline, today, lang)
	if e.DeadlineText != "" && e.DeadlineText != to {
		to += report.Tr(lang, "（"+report.Esc(e.DeadlineText)+"）", " ("+report.Esc(e.DeadlineText)+")")
	}
	b.WriteString(report.Tr(lang, fmt.Sprintf("\n申请人：%s · 牵头单位：%s", report.Esc(e.UserName), report.Esc(report.OwnerName(it.Owner, lang))),
		fmt.Sprintf("\nAsked by %s · lead unit: %s", report.Esc(e.UserName), report.Esc(report.OwnerName(it.Owner, lang)))))
	b.WriteString(report.Tr(lang, fmt.Sprintf("\n时限：%s → %s", from, to), fmt.Sprintf("\nDeadline: %s → %s", from, to)))
	if e.Reason != "" {
		b.WriteString(report.Tr(lang, "\n理由："+report.Esc(e.Reason), "\nReason: "+report.Esc(e.Reason)))
	}
	if e.Late {
		b.WriteString(report.Tr(lang, "\n⚠️ 逾期后申请：原时限已过。", "\n⚠️ Asked after the deadline had passed."))
	}
	b.WriteString(report.Tr(lang, "\n请计划管理员审批。", "\nA plan admin decides."))
	return b.String()
}

func extensionButtons(id int64, lang string) []duban.Button {
	s := strconv.FormatInt(id, 10)
	return []duban.Button{
		{Text: report.Tr(lang, "同意", "Approve"), Data: extendYesPrefix + s},
		{Text: report.Tr(lang, "不同意", "Refuse"), Data: extendNoPrefix + s},
	}
}

// extendApproved and extendRefused are the presses of 同意 and 不同意: only
// plan admins (the callback's role), once.
func (h *Handler) extendApproved(ctx context.Context, r *request) error {
	return h.decideExtension(ctx, r, true)
}
func (h *Handler) extendRefused(ctx context.Context, r *request) error {
	return h.decideExtension(ctx, r, false)
}

func (h *Handler) decideExtension(ctx context.Context, r *request, approve bool) error {
	id, err := buttonID(r.args)
	if err != nil {
		return err
	}
	e, it, err := h.d.Store.DecideExtension(ctx, id, approve)
	switch duban.ErrorCode(err) {
	case "":
	case duban.ECONFLICT:
		if e, err := h.d.Store.Extension(ctx, id); err == nil {
			word := report.Tr(r.lang, "已同意", "approved")
			if e.State == duban.ExtensionRefused {
				word = report.Tr(r.lang, "未同意", "refused")
			}
			return problem(fmt.Sprintf("这份延期申请已经处理过（%s），不再改变。", word),
				fmt.Sprintf("This request was decided already (%s); nothing changes.", word))
		}
		return problem("这份延期申请已经处理过。", "This request was decided already.")
	case duban.ENOTFOUND:
		return problem("找不到这份延期申请（事项可能已删除）。", "This request is gone (the item may have been deleted).")
	default:
		return err
	}
	if !approve {
		h.reply(ctx, r, report.Tr(r.lang,
			fmt.Sprintf("✋ #%d 的延期申请未获同意，时限仍为%s。", e.ItemNumber, report.DateText(e.OldDeadline, r.today, report.LangZH)),
			fmt.Sprintf("✋ The extension of #%d was refused; it is still due %s.", e.ItemNumber, report.DateText(e.OldDeadline, r.today, report.LangEN))))
		return nil
	}
	it.Standing = h.d.Standards.Rules.Standing(it, h.d.Now(), h.d.Loc)
	h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("✅ #%d 延期已批准：%s。\n", it.Number, report.ExtensionText(it, r.today, r.lang)),
		fmt.Sprintf("✅ The extension of #%d is approved: %s.\n", it.Number, report.ExtensionText(it, r.today, r.lang)))+report.ItemLine(it, r.today, r.lang))
	return nil
}

// --- extension in words: 11号任务申请延期到1月底，原因是场地未落实 ---

var (
	extendWishes = []string{"申请", "需要", "请求", "希望", "拟", "想", "要", "需", "能否", "可否", "可以"}
	extendVerbs  = []string{"延期", "推迟", "延后", "顺延", "延长"}
	extendTo     = []string{"完成时限至", "完成时限到", "时限至", "时限到", "时间到", "时间至", "到", "至", "为", "在"}
	reasonLeads  = []string{"原因是", "原因为", "原因：", "原因:", "理由是", "理由为", "理由：", "理由:", "原因", "理由", "因为", "由于", "因"}
)

// dateRef is any day: matchExtend only needs where the date words are.
var dateRef = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// matchExtend reads a lead unit asking for more time in words — a strong
// item reference, "申请延期到" or the like, the new deadline and the
// reason — as /extend N 新时限 理由. Without a date it is still /extend N,
// which says what to write.
func matchExtend(t ruleText) (Intent, bool) {
	c, ok := afterRef(t)
	if !ok {
		return Intent{}, false
	}
	c.skip()
	c.word(deadlineFields)
	c.word(extendWishes)
	if !c.word(extendVerbs) {
		return Intent{}, false
	}
	c.word([]string{"完成"})
	c.skip()
	c.word(extendTo)
	c.skip()
	rest, ref := c.rest(), c.ref
	var words string
	if es := zhdate.Find(rest, dateRef); len(es) > 0 && strings.HasPrefix(rest, es[0].Text) {
		words = es[0].Text
		rest = strings.TrimLeft(rest[len(words):], " ")
		for _, w := range []string{"以前", "之前", "前"} {
			if r, ok := strings.CutPrefix(rest, w); ok && !strings.HasSuffix(words, w) {
				words, rest = words+w, r
				break
			}
		}
		rest = strings.TrimPrefix(strings.TrimLeft(rest, " "), "完成")
		rest = strings.TrimLeft(rest, " ，,。；;：:、")
		for _, l := range reasonLeads {
			if r, ok := strings.CutPrefix(rest, l); ok {
				rest = strings.TrimLeft(r, " ：:，,")
				break
			}
		}
	}
	if words == "" {
		if b := bare(fold(rest)); b != "" && !strings.HasPrefix(b, "理由") && !strings.HasPrefix(b, "原因") {
			return Intent{}, false // "#13 延期召开推进会" is a report
		}
		// No date: /extend N asks for one (and the reason).
		return Intent{Command: "extend", Args: ref.number}, true
	}
	return Intent{Command: "extend", Args: strings.TrimSpace(ref.number + " " + strings.Join(strings.Fields(words), "") + " " + rest)}, true
}
