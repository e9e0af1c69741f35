package handlers

import (
	"context"
	"errors"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// settings answers /settings [change]: an admin sees this group's reminder
// schedule and changes it (/settings weekly 周五 16:00, /settings deadlines
// off, /settings reset). The words are read by the scheduler, so
// that what is saved is what the scheduler runs by; a request it cannot
// read changes nothing.
func (h *Handler) settings(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在要设置的工作群里发送 /settings：每个群的提醒时间分别设置。",
			"Send /settings in the group to set: each group has its own reminder times.")
	}
	chat, err := h.d.Store.Chat(ctx, r.m.ChatID)
	if err != nil && duban.ErrorCode(err) != duban.ENOTFOUND {
		return err
	}
	if h.d.Scheduler == nil {
		return problem("这里暂时不能设置提醒。", "Reminder settings are not available here.")
	}
	next, err := h.d.Scheduler.ParseSettings(r.args, chat.Settings, r.lang)
	if err != nil {
		var e *duban.Error
		if errors.As(err, &e) && e.Code == duban.EINVALID {
			// ParseSettings words its message in r.lang already.
			return problem(report.Esc(e.Message)+"\n\n发送 /settings 查看当前设置和示例。",
				report.Esc(e.Message)+"\n\nSend /settings for the current settings and examples.")
		}
		return err
	}
	text := report.SettingsText(next, h.d.Schedule, r.lang)
	if r.args != "" {
		if next != chat.Settings {
			if err := h.d.Store.SetChatSettings(ctx, r.m.ChatID, next); err != nil {
				return err
			}
			text = report.Tr(r.lang, "✅ 已更新。\n\n", "✅ Saved.\n\n") + text
		} else {
			text = report.Tr(r.lang, "设置没有变化。\n\n", "Nothing changed.\n\n") + text
		}
	}
	h.reply(ctx, r, text)
	return nil
}
