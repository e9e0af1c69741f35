package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Scheduler is what the handlers ask of the scheduler
// (*scheduler.Scheduler), so that what a group sees on demand is what the
// schedule sends and runs by.
type Scheduler interface {
	// Briefing returns the messages of the briefing for the month holding
	// month, up to today when it is the current month, addressed to chatID.
	Briefing(ctx context.Context, chatID int64, month duban.Date) ([]duban.Outgoing, error)
	// ParseSettings applies the words of a /settings command to a chat's
	// settings; a request it cannot read is an EINVALID error worded in
	// lang.
	ParseSettings(args string, current duban.ChatSettings, lang string) (duban.ChatSettings, error)
}

// briefingMonthWords name the month before the current one.
var briefingMonthWords = map[string]int{
	"本月": 0, "这个月": 0, "当月": 0, "this": 0, "month": 0,
	"上月": -1, "上个月": -1, "last": -1, "previous": -1,
}

// parseBriefingMonth reads the argument of /briefing: nothing or 本月 for
// the current month so far, 上月 for the last one, "10月" or "2026-10" for
// another month of the last twelve. It returns the first day of the month.
func parseBriefingMonth(args string, today duban.Date) (duban.Date, error) {
	s := strings.ToLower(strings.TrimSpace(string(fold(args))))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "的通报"), "通报")
	s = strings.TrimSuffix(s, "份")
	cur := time.Date(today.Year, today.Month, 1, 0, 0, 0, 0, time.UTC)
	usage := problem(
		"用法：/briefing（本月至今）、/briefing 上月，或 /briefing 10月（近12个月内）。",
		"Usage: /briefing (this month so far), /briefing last, or /briefing 2026-10 (within the last 12 months).")
	if s == "" {
		return duban.DateOf(cur), nil
	}
	if off, ok := briefingMonthWords[s]; ok {
		return duban.DateOf(cur.AddDate(0, off, 0)), nil
	}
	var y, m int
	switch {
	case len(s) == 7 && s[4] == '-':
		if _, err := fmt.Sscanf(s, "%4d-%2d", &y, &m); err != nil {
			return duban.Date{}, usage
		}
	case strings.HasSuffix(s, "月"):
		num := strings.TrimSuffix(s, "月")
		if yy, mm, ok := strings.Cut(num, "年"); ok {
			n, okY := parseNumber(yy)
			if !okY || n < 2000 || n > 2100 {
				return duban.Date{}, usage
			}
			y, num = n, mm
		}
		n, ok := parseNumber(num)
		if !ok {
			return duban.Date{}, usage
		}
		m = n
	default:
		return duban.Date{}, usage
	}
	if m < 1 || m > 12 {
		return duban.Date{}, usage
	}
	if y == 0 {
		// "10月" is the latest October that has begun.
		y = today.Year
		if time.Month(m) > today.Month {
			y--
		}
	}
	want := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	if want.After(cur) || want.Before(cur.AddDate(0, -11, 0)) {
		return duban.Date{}, problem(
			"只能查看近12个月（含本月）的通报，例如 /briefing 上月。",
			"Only the last 12 months (this one included) can be briefed, e.g. /briefing last.")
	}
	return duban.DateOf(want), nil
}

// briefing answers /briefing [上月|10月]: the monthly briefing on demand,
// its texts and the ledger file, exactly as the scheduled one would be.
// It marks no period: the briefing on the 1st still goes out.
func (h *Handler) briefing(ctx context.Context, r *request) error {
	if h.d.Scheduler == nil {
		return problem("这里暂时不能生成月度通报。", "The monthly briefing is not available here.")
	}
	month, err := parseBriefingMonth(r.args, r.today)
	if err != nil {
		return err
	}
	msgs, err := h.d.Scheduler.Briefing(ctx, r.m.ChatID, month)
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		h.reply(ctx, r, report.Tr(r.lang, "这个月还没有可以通报的内容。", "There is nothing to brief for that month."))
		return nil
	}
	for _, m := range msgs {
		h.send(ctx, r, m)
	}
	return nil
}

// --- in words: 导出台账 · 给我发一下台账 · 本月通报 · 上个月的月度通报 ---

var ledgerVocab = newVocab(
	[]string{"台账", "工作台账", "督办台账", "任务台账"},
	append([]string{"导出", "下载", "发", "发一下", "发一份", "发个", "给我", "要", "要一份", "一份", "一下", "生成", "最新", "最新的",
		"excel", "表格", "表", "文件", "的", "份", "个", "全部", "完整", "完整的"}, monthWords...),
	politeWords)

var briefingVocab = newVocab(
	[]string{"通报", "月度通报", "月报", "工作通报", "月度简报", "简报"},
	append([]string{"发", "发一下", "发一份", "给我", "要", "一份", "一下", "生成", "看看", "看一下", "查看", "出", "出一下",
		"最新", "最新的", "的", "份", "个", "月度", "工作", "情况", "进展"}, monthWords...),
	politeWords)

// matchLedger reads a request for the ledger (/export).
func matchLedger(t ruleText) (Intent, bool) {
	if !ledgerVocab.covers(t.bare) {
		return Intent{}, false
	}
	return Intent{Command: "export"}, true
}

// matchBriefing reads a request for a month's briefing (/briefing): this
// month so far unless last month or another month is named.
func matchBriefing(t ruleText) (Intent, bool) {
	args, rest, ok := monthRequest(t, briefingVocab)
	// "通报一下" in chatter asks for no briefing: a month or 月度 must be
	// named.
	if !ok || args == "" && !containsAny(rest, briefingMonthly...) {
		return Intent{}, false
	}
	return Intent{Command: "briefing", Args: args}, true
}

// briefingMonthly are the words that make 通报 the monthly one.
var briefingMonthly = append([]string{"月度", "月报", "工作通报"}, monthWords...)
