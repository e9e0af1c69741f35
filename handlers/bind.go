package handlers

import (
	"context"
	"fmt"

	"github.com/duban-bot/duban/report"
)

// bind answers /bind: a plan admin starts serving this group. Anyone else
// is refused — a Telegram group admin included, since anyone can create a
// group — and the plan admins are told either way.
func (h *Handler) bind(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在要启用的工作群里发送 /bind。", "Send /bind in the group to serve.")
	}
	group, who := groupLabel(r.m)
	if !h.allowed(ctx, r, planAdmin) {
		h.notifyAdmins(ctx,
			fmt.Sprintf("⚠️ %s 在群 %s 发送了 /bind，已拒绝：只有计划管理员可以启用群。如确需启用，请计划管理员在该群发送 /bind。", who, group),
			fmt.Sprintf("⚠️ %s sent /bind in the group %s and was refused: only plan admins bind groups. If it should be served, a plan admin sends /bind there.", who, group))
		return problem("只有计划管理员可以在群里启用督办（群管理员身份不够）。已通知计划管理员。",
			"Only plan admins may start serving a group (being a group admin is not enough). The plan admins have been told.")
	}
	if r.served {
		h.reply(ctx, r, report.Tr(r.lang, "本群已启用督办。发送 /help 查看用法。", "This group is served already. Send /help."))
		return nil
	}
	if err := h.d.Store.BindChat(ctx, r.m.ChatID, true, r.m.UserID); err != nil {
		return err
	}
	h.reply(ctx, r, report.Tr(r.lang,
		"✅ 本群已启用督办：可以查询计划、报送进展，每周会收到提醒。发送 /help 查看用法。",
		"✅ This group is now served: ask about the plan, report progress, get weekly reminders. Send /help."))
	h.notifyAdmins(ctx, fmt.Sprintf("ℹ️ %s 在群 %s 启用了督办。", who, group),
		fmt.Sprintf("ℹ️ %s started serving the group %s.", who, group))
	return nil
}

// unbind answers /unbind: a plan admin stops serving this group.
func (h *Handler) unbind(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在要停用的工作群里发送 /unbind。", "Send /unbind in the group to stop serving.")
	}
	group, who := groupLabel(r.m)
	if !h.allowed(ctx, r, planAdmin) {
		return problem("只有计划管理员可以停用督办。", "Only plan admins may stop serving a group.")
	}
	if err := h.d.Store.BindChat(ctx, r.m.ChatID, false, r.m.UserID); err != nil {
		return err
	}
	if h.d.Access.Listed(r.m.ChatID) {
		h.reply(ctx, r, report.Tr(r.lang,
			"本群写在配置文件的 access.chats 中，仍会继续服务；要停用请从配置中删除。",
			"This group is listed in access.chats in the config and stays served; remove it there to stop."))
		return nil
	}
	h.reply(ctx, r, report.Tr(r.lang, "本群已停用督办，不再回答计划问题或发送提醒。计划管理员发送 /bind 可重新启用。",
		"This group is no longer served: no answers about the plan, no reminders. A plan admin's /bind starts again."))
	h.notifyAdmins(ctx, fmt.Sprintf("ℹ️ %s 在群 %s 停用了督办。", who, group),
		fmt.Sprintf("ℹ️ %s stopped serving the group %s.", who, group))
	return nil
}
