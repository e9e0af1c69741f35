package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// StandingStore is what milestones, extensions, lights and compliance need
// of the store.
type StandingStore interface {
	MemberUnits(ctx context.Context, userID int64) ([]string, error)
	RequestExtension(ctx context.Context, e *duban.Extension, today duban.Date) error
	Extension(ctx context.Context, id int64) (duban.Extension, error)
	DecideExtension(ctx context.Context, id int64, approve bool) (duban.Extension, duban.Item, error)
	ReportsBetween(ctx context.Context, from, to time.Time) ([]duban.Progress, error)
}

// maxMilestones bounds an item's milestones.
const maxMilestones = 30

// nodePrefix is the data of a milestone's 完成 button: "node:N:seq".
const nodePrefix = "node:"

// leadsItem reports whether the sender may act for the item's lead unit:
// a plan admin, or a member registered (/iam) to that unit.
func (h *Handler) leadsItem(ctx context.Context, r *request, it duban.Item) bool {
	if h.allowed(ctx, r, planAdmin) {
		return true
	}
	if it.Owner == "" || r.m.UserID == 0 {
		return false
	}
	units, err := h.d.Store.MemberUnits(ctx, r.m.UserID)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "load member units", "err", err, "user", r.m.UserID)
		return false
	}
	return slices.ContainsFunc(units, func(u string) bool { return duban.UnitMatch(u, it.Owner) })
}

func notLead(it duban.Item, lang string) *Problem {
	o := report.Esc(report.OwnerName(it.Owner, report.LangZH))
	return problem(
		fmt.Sprintf("只有计划管理员和牵头单位（%s）登记的成员可以修改 #%d 的节点或申请延期。牵头单位的同事请先发送“/iam %s”登记。", o, it.Number, o),
		fmt.Sprintf("Only plan admins and members registered to the lead unit (%s) may change #%d's milestones or ask for an extension. Register first with “/iam %s”.", o, it.Number, o))
}

// node answers /node N (list the milestones), /node N 9月底前 开工 (add
// one) and /node N 2 完成 (mark the second done).
func (h *Handler) node(ctx context.Context, r *request) error {
	const usageZH = "/node 12、/node 12 9月底前 完成招标、/node 12 2 完成"
	const usageEN = "/node 12, /node 12 2026-09-30 tender done, /node 12 2 done"
	n, rest, err := parseNumberArg(r.args, usageZH, usageEN)
	if err != nil {
		return err
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if it.Kind == duban.KindSection {
		return problem(fmt.Sprintf("#%d 是一个部分，不是具体任务：节点加在任务上。", n), fmt.Sprintf("#%d is a section: milestones belong to tasks.", n))
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		h.reply(ctx, r, nodeList(it, r.today, r.lang), nodeButtons(it, r.lang)...)
		return nil
	}
	if !h.leadsItem(ctx, r, it) {
		return notLead(it, r.lang)
	}
	// "/node 12 2 完成": the second milestone is done.
	if fields := strings.Fields(rest); len(fields) >= 2 && isDoneWord(strings.Join(fields[1:], "")) {
		if seq, err := strconv.Atoi(fields[0]); err == nil {
			return h.nodeDone(ctx, r, n, seq)
		}
	}
	if utf8.RuneCountInString(rest) > maxFieldRunes {
		return problem(fmt.Sprintf("节点太长了（最多%d个字）。", maxFieldRunes), fmt.Sprintf("The milestone is too long (at most %d characters).", maxFieldRunes))
	}
	words, what := splitDateWords(rest)
	if words == "" || what == "" {
		return problem("请写上节点的时限和内容，例如："+usageZH, "Give the milestone's date and what is to be done, e.g. "+usageEN)
	}
	d, err := resolveAhead(words, h.d.Now().In(h.d.Loc), it.PlanYear)
	if err != nil {
		return err
	}
	if !it.Deadline.IsZero() && d.After(it.Deadline) {
		// Past the task's deadline: the words meant this year's day,
		// a milestone recorded after the fact.
		if d, err = resolveDeadline(words, h.d.Now().In(h.d.Loc), it.PlanYear); err != nil {
			return err
		}
	}
	it, err = h.d.Store.UpdateItem(ctx, n, func(it *duban.Item) error {
		if len(it.Milestones) >= maxMilestones {
			return problem(fmt.Sprintf("#%d 的节点已经有%d个，不能再加了。", it.Number, maxMilestones), fmt.Sprintf("#%d has %d milestones already.", it.Number, maxMilestones))
		}
		it.Milestones = append(it.Milestones, duban.Milestone{Date: d, DateText: words, Text: what})
		slices.SortStableFunc(it.Milestones, func(a, b duban.Milestone) int { return a.Date.Compare(b.Date) })
		for i := range it.Milestones {
			it.Milestones[i].Seq = i + 1
		}
		return nil
	})
	if err != nil {
		return err
	}
	it.Standing = h.d.Standards.Rules.Standing(it, h.d.Now(), h.d.Loc)
	h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("✅ 已为 #%d 添加节点。\n", n), fmt.Sprintf("✅ Milestone added to #%d.\n", n))+nodeList(it, r.today, r.lang))
	return nil
}

// nodeDone marks milestone seq of item n done.
func (h *Handler) nodeDone(ctx context.Context, r *request, n, seq int) error {
	already := false
	it, err := h.d.Store.UpdateItem(ctx, n, func(it *duban.Item) error {
		for i := range it.Milestones {
			if it.Milestones[i].Seq != seq {
				continue
			}
			if it.Milestones[i].Done {
				already = true
				return nil
			}
			it.Milestones[i].Done, it.Milestones[i].DoneAt = true, h.d.Now()
			return nil
		}
		return problem(fmt.Sprintf("#%d 没有第%d个节点。发送 /node %d 查看。", n, seq, n), fmt.Sprintf("#%d has no milestone %d. Send /node %d.", n, seq, n))
	})
	if err != nil {
		return err
	}
	it.Standing = h.d.Standards.Rules.Standing(it, h.d.Now(), h.d.Loc)
	head := report.Tr(r.lang, fmt.Sprintf("✔ #%d 第%d个节点已完成。\n", n, seq), fmt.Sprintf("✔ #%d milestone %d is done.\n", n, seq))
	if already {
		head = report.Tr(r.lang, fmt.Sprintf("#%d 第%d个节点早已标为完成。\n", n, seq), fmt.Sprintf("#%d milestone %d was done already.\n", n, seq))
	}
	h.reply(ctx, r, head+nodeList(it, r.today, r.lang))
	return nil
}

// nodePressed is the press of a milestone's 完成 button under /item or
// /node: checked again, as the command is.
func (h *Handler) nodePressed(ctx context.Context, r *request) error {
	num, seqText, ok := strings.Cut(r.args, ":")
	n, err1 := strconv.Atoi(num)
	seq, err2 := strconv.Atoi(seqText)
	if !ok || err1 != nil || err2 != nil {
		return staleButton()
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if !h.leadsItem(ctx, r, it) {
		return notLead(it, r.lang)
	}
	return h.nodeDone(ctx, r, n, seq)
}

// nodeList shows an item's milestones, or how to add one.
func nodeList(it duban.Item, today duban.Date, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>#%d</b> %s", it.Number, report.Esc(it.Title))
	if s := report.StandingText(it, lang); s != "" {
		b.WriteString("\n" + s)
	}
	if len(it.Milestones) == 0 {
		b.WriteString(report.Tr(lang, fmt.Sprintf("\n还没有节点。添加：/node %d 9月底前 完成招标", it.Number),
			fmt.Sprintf("\nNo milestones yet. Add one: /node %d 2026-09-30 tender done", it.Number)))
		return b.String()
	}
	b.WriteString(report.Tr(lang, "\n<b>节点</b>", "\n<b>Milestones</b>"))
	for _, l := range report.MilestoneLines(it, today, lang) {
		b.WriteString("\n" + l)
	}
	b.WriteString(report.Tr(lang, fmt.Sprintf("\n标记完成：/node %d 序号 完成", it.Number), fmt.Sprintf("\nMark one done: /node %d N done", it.Number)))
	return b.String()
}

// nodeButtons are the 完成 buttons of an item's open milestones (at most
// four, the earliest).
func nodeButtons(it duban.Item, lang string) [][]duban.Button {
	var row []duban.Button
	for _, m := range it.Milestones {
		if m.Done || len(row) == 4 {
			continue
		}
		row = append(row, duban.Button{Text: report.Tr(lang, fmt.Sprintf("✔ 节点%d完成", m.Seq), fmt.Sprintf("✔ %d done", m.Seq)),
			Data: fmt.Sprintf("%s%d:%d", nodePrefix, it.Number, m.Seq)})
	}
	if len(row) == 0 {
		return nil
	}
	return [][]duban.Button{row}
}

// isDoneWord reads 完成 and its kin after a milestone's number.
func isDoneWord(s string) bool {
	switch strings.ToLower(strings.Trim(s, "。！!. ")) {
	case "完成", "已完成", "完成了", "办结", "已办结", "done", "ok", "✔":
		return true
	}
	return false
}

// splitDateWords cuts "9月底前 完成招标" (or "9月底前完成招标") into the
// date words and what is to be done.
func splitDateWords(s string) (words, what string) {
	if f := strings.Fields(s); len(f) >= 2 {
		return f[0], strings.Join(f[1:], " ")
	}
	for _, suffix := range []string{"以前", "之前", "前"} {
		if i := strings.Index(s, suffix); i > 0 {
			j := i + len(suffix)
			return s[:j], strings.TrimLeft(s[j:], "，,：: ")
		}
	}
	return "", ""
}
