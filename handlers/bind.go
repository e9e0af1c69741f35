package handlers

import (
	"context"
	"slices"

	"github.com/duban-bot/duban/report"
)

// bind answers /bind: an admin starts serving this group.
func (h *Handler) bind(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在要启用的工作群里发送 /bind。", "Send /bind in the group to serve.")
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
	return nil
}

// unbind answers /unbind: an admin stops serving this group.
func (h *Handler) unbind(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在要停用的工作群里发送 /unbind。", "Send /unbind in the group to stop serving.")
	}
	if err := h.d.Store.BindChat(ctx, r.m.ChatID, false, r.m.UserID); err != nil {
		return err
	}
	if slices.Contains(h.d.ServedChats, r.m.ChatID) {
		h.reply(ctx, r, report.Tr(r.lang,
			"本群写在配置文件的 access.chats 中，仍会继续服务；要停用请从配置中删除。",
			"This group is listed in access.chats in the config and stays served; remove it there to stop."))
		return nil
	}
	h.reply(ctx, r, report.Tr(r.lang, "本群已停用督办，不再回答计划问题或发送提醒。管理员发送 /bind 可重新启用。",
		"This group is no longer served: no answers about the plan, no reminders. /bind starts again."))
	return nil
}
