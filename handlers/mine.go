package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// ackPrefix is the data of a 签收 button: "ack:BATCH".
const ackPrefix = "ack:"

// mineLimit bounds the tasks listed per unit.
const mineLimit = 30

// mine answers /mine and "我的任务": the open tasks of the sender's units
// with their lights, red first — in a group, the unit they registered
// there; in private, every unit they registered anywhere. "/mine 分管" and
// "我分管的" give a 分管领导 the units they oversee.
func (h *Handler) mine(ctx context.Context, r *request) error {
	arg := strings.TrimSpace(r.args)
	led := h.d.Roles.LedUnits(ctx, r.m.UserID)
	units, err := h.senderUnits(ctx, r)
	if err != nil {
		return err
	}
	leader := arg == "分管" || arg == "lead" || (len(units) == 0 && len(led) > 0)
	if leader {
		if len(led) == 0 {
			return problem("你还不是任何单位的分管领导。计划管理员可以用“/leader 单位 @你的用户名”登记。",
				"You oversee no unit yet. A plan admin can register you with /leader unit @you.")
		}
		units = led
	}
	if len(units) == 0 {
		if r.intent.Tentative && r.m.IsGroup() {
			return nil
		}
		return problem("你还没有登记单位。请在工作群里发送“/iam 单位名称”登记，例如 /iam 督导室；之后发送“我的任务”即可查看本单位的任务。",
			"You have not registered a unit. Send /iam unit in the work group, e.g. /iam 督导室; then “my tasks” lists your unit's tasks.")
	}
	// Plans may write a configured unit by one of its aliases.
	var all []string
	if len(h.d.Roles.Units()) > 0 {
		if all, err = h.d.Store.Owners(ctx, ""); err != nil {
			return err
		}
	}
	var groups []report.UnitItems
	for _, u := range units {
		owners, err := h.d.Store.Owners(ctx, u)
		if err != nil {
			return err
		}
		if _, ok := h.d.Roles.Units().Find(u); ok {
			for _, o := range all {
				if h.d.Roles.Units().Canonical(o) == u {
					owners = append(owners, o)
				}
			}
		}
		slices.Sort(owners)
		owners = slices.Compact(owners)
		items, total, err := h.d.Store.OwnerItems(ctx, owners, mineLimit)
		if err != nil {
			return err
		}
		groups = append(groups, report.UnitItems{Unit: u, Items: items, Total: total})
	}
	h.reply(ctx, r, report.MineList(groups, leader, r.today, r.lang))
	return nil
}

// senderUnits returns the units the sender registered (/iam): in a group,
// the one registered there (else any); in private, every one, configured
// names in place of aliases.
func (h *Handler) senderUnits(ctx context.Context, r *request) ([]string, error) {
	var units []string
	if r.m.IsGroup() {
		members, err := h.d.Store.Members(ctx, r.m.ChatID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if m.UserID == r.m.UserID && m.Department != "" {
				units = append(units, m.Department)
			}
		}
	}
	if len(units) == 0 {
		all, err := h.d.Store.MemberUnits(ctx, r.m.UserID)
		if err != nil {
			return nil, err
		}
		units = all
	}
	out := make([]string, 0, len(units))
	for _, u := range units {
		if c := h.d.Roles.Units().Canonical(u); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// announceAssigned records that the items were assigned to their lead
// units and sends each unit one message with a 签收 button: in this group,
// or, for an import or an edit made in a private chat, in the served group
// where the unit's members are registered (the first such group). Units
// registered nowhere are named in the reply, since no one can sign for
// them.
func (h *Handler) announceAssigned(ctx context.Context, r *request, numbers []int) {
	if len(numbers) == 0 {
		return
	}
	if r.m.IsGroup() {
		h.announceIn(ctx, r, r.m.ChatID, numbers)
		return
	}
	where, err := h.unitGroups(ctx)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "find the units' groups", "err", err)
		return
	}
	open, err := h.d.Store.OpenTasks(ctx, time.Time{})
	if err != nil {
		h.d.Logger.WarnContext(ctx, "load open tasks", "err", err)
		return
	}
	owner := make(map[int]string, len(open))
	for _, it := range open {
		owner[it.Number] = it.Owner
	}
	byChat := map[int64][]int{}
	var nowhere []string
	for _, n := range numbers {
		if owner[n] == "" {
			continue // no open task, or no lead unit: nothing to sign for
		}
		u := h.d.Roles.Units().Canonical(owner[n])
		if chat, ok := where[u]; ok {
			byChat[chat] = append(byChat[chat], n)
		} else if !slices.Contains(nowhere, u) {
			nowhere = append(nowhere, u)
		}
	}
	chats := make([]int64, 0, len(byChat))
	for c := range byChat {
		chats = append(chats, c)
	}
	slices.Sort(chats)
	for _, c := range chats {
		h.announceIn(ctx, r, c, byChat[c])
	}
	if len(nowhere) > 0 {
		h.reply(ctx, r, report.Tr(r.lang,
			fmt.Sprintf("📋 以下牵头单位在各群都还没有成员登记，未发送签收：%s。请其成员在群里发送“/iam 单位名称”登记。", report.Esc(strings.Join(nowhere, "、"))),
			fmt.Sprintf("📋 No one is registered for these lead units in any group, so no 签收 was asked: %s. Their members can register with /iam in the group.", report.Esc(strings.Join(nowhere, ", ")))))
	}
}

// unitGroups maps each unit (its configured name) to the first served
// group where a member is registered to it.
func (h *Handler) unitGroups(ctx context.Context) (map[string]int64, error) {
	chats, err := h.d.Store.MemberChats(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, c := range chats {
		if !h.d.Access.GroupServed(ctx, c) {
			continue
		}
		members, err := h.d.Store.Members(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if u := h.d.Roles.Units().Canonical(m.Department); m.Department != "" {
				if _, ok := out[u]; !ok {
					out[u] = c
				}
			}
		}
	}
	return out, nil
}

// announceIn records the assignments of the items in chat and sends each
// unit its 签收 message there.
func (h *Handler) announceIn(ctx context.Context, r *request, chat int64, numbers []int) {
	byUnit, batches, err := h.d.Store.Assign(ctx, numbers, chat)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "assign items", "err", err, "chat", chat)
		return
	}
	if len(byUnit) == 0 {
		return
	}
	members, err := h.d.Store.Members(ctx, chat)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "load members", "err", err, "chat", chat)
	}
	units := make([]string, 0, len(byUnit))
	for u := range byUnit {
		units = append(units, u)
	}
	// In the order of the units' first items.
	slices.SortFunc(units, func(a, b string) int { return byUnit[a][0].Number - byUnit[b][0].Number })
	send := func(text string, buttons [][]duban.Button) {
		if _, err := h.d.Sender.Send(ctx, duban.Outgoing{ChatID: chat, Text: text, Buttons: buttons}); err != nil {
			h.d.Logger.WarnContext(ctx, "send assignment", "err", err, "chat", chat)
		}
	}
	if len(units) > assignMessages {
		// A plan of many units: one message, a button per unit, rather
		// than a flood.
		rows := make([][]duban.Button, 0, len(units))
		for _, u := range units {
			rows = append(rows, []duban.Button{{Text: report.Tr(r.lang, fmt.Sprintf("✍️ %s 签收（%d项）", u, len(byUnit[u])),
				fmt.Sprintf("✍️ %s acknowledges (%d)", u, len(byUnit[u]))), Data: ackPrefix + strconv.FormatInt(batches[u], 10)}})
		}
		send(report.AssignNotices(units, byUnit, members, r.lang), rows)
		return
	}
	for _, u := range units {
		btn := duban.Button{Text: report.Tr(r.lang, "✍️ 签收", "✍️ Acknowledge"), Data: ackPrefix + strconv.FormatInt(batches[u], 10)}
		send(report.AssignNotice(u, byUnit[u], members, r.today, r.lang), [][]duban.Button{{btn}})
	}
}

// assignMessages is how many units get a 签收 message each; beyond it one
// message carries a button per unit.
const assignMessages = 6

// acknowledge is the press of 签收: a member registered to the unit
// acknowledges the unit's tasks of that message; pressed again, it says
// when they were acknowledged.
// ackByReply reads "收到" (or "签收") in reply to the bot's 签收 message
// as pressing the sender's unit's button: the batches asked in this group
// for the sender's unit are acknowledged. It reports whether the message
// was such a reply.
func (h *Handler) ackByReply(ctx context.Context, r *request) (bool, error) {
	if r.m.ReplyTo == nil || !r.m.ReplyTo.FromBot || !r.m.IsGroup() ||
		!strings.Contains(r.m.ReplyTo.Text, "任务签收") && !strings.Contains(r.m.ReplyTo.Text, "Please acknowledge") {
		return false, nil
	}
	units, err := h.senderUnits(ctx, r)
	if err != nil {
		return true, err
	}
	if len(units) == 0 {
		return true, problem("请先发送“/iam 单位名称”登记所在单位，再签收。", "Register your unit with “/iam unit” first, then acknowledge.")
	}
	batches, batchUnits, err := h.d.Store.OpenBatches(ctx, r.m.ChatID)
	if err != nil {
		return true, err
	}
	for i, b := range batches {
		if slices.ContainsFunc(units, func(u string) bool { return h.d.Roles.Units().Same(u, batchUnits[i]) }) {
			r.args = strconv.FormatInt(b, 10)
			h.answer(ctx, r, h.acknowledge(ctx, r))
		}
	}
	return true, nil
}

func (h *Handler) acknowledge(ctx context.Context, r *request) error {
	batch, err := buttonID(r.args)
	if err != nil {
		return err
	}
	unit, err := h.d.Store.BatchUnit(ctx, batch)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return problem("找不到这批任务（可能已删除）。", "These tasks are gone (deleted?).")
	} else if err != nil {
		return err
	}
	units, err := h.senderUnits(ctx, r)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(units, func(u string) bool { return h.d.Roles.Units().Same(u, unit) }) {
		u := report.Esc(unit)
		return problem(fmt.Sprintf("只有%s登记的成员可以签收。请先发送“/iam %s”登记。", u, u),
			fmt.Sprintf("Only members registered to %s can acknowledge. Send “/iam %s” first.", u, u))
	}
	_, now, before, err := h.d.Store.AckBatch(ctx, batch, duban.User{ID: r.m.UserID, Name: r.m.UserName, Username: r.m.Username})
	if err != nil {
		return err
	}
	if len(now) == 0 {
		return problem(fmt.Sprintf("%s的这%d项任务已经签收过了。", report.Esc(unit), len(before)),
			fmt.Sprintf("These %d tasks of %s were acknowledged already.", len(before), report.Esc(unit)))
	}
	nums := make([]int, len(now))
	for i, it := range now {
		nums[i] = it.Number
	}
	h.reply(ctx, r, report.Tr(r.lang,
		fmt.Sprintf("✅ %s %s 已签收%d项任务：%s。", report.Esc(unit), report.Esc(r.m.UserName), len(now), report.NumberList(nums, r.lang)),
		fmt.Sprintf("✅ %s: %s acknowledged %d tasks: %s.", report.Esc(unit), report.Esc(r.m.UserName), len(now), report.NumberList(nums, r.lang))))
	return nil
}
