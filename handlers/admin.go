package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Field limits of /add and /edit, in runes.
const (
	maxTitleRunes  = 200
	maxFieldRunes  = 200
	maxBodyRunes   = 4000
	maxUnitRunes   = 50
	maxPartnerList = 20
)

// add answers /add 标题 [| 牵头单位 | 时限 | 目标]: a new task at the end of
// the newest plan.
func (h *Handler) add(ctx context.Context, r *request) error {
	parts := splitBars(r.args)
	if len(parts) == 0 || parts[0] == "" {
		return problem("用法：/add 标题 | 牵头单位 | 时限 | 目标（后三项可省略），例如：\n/add 完成校舍安全排查 | 安全稳定科 | 12月31日前 | 排查覆盖率100%",
			"Usage: /add title | unit | deadline | target (the last three optional), e.g.\n/add Check school buildings | 安全稳定科 | 2026-12-31 | all schools")
	}
	if len(parts) > 4 {
		return problem("最多四项：标题 | 牵头单位 | 时限 | 目标。", "At most four parts: title | unit | deadline | target.")
	}
	it := duban.Item{Kind: duban.KindTask, Status: duban.StatusTodo}
	fields := []string{"title", "owner", "deadline", "target"}
	for i, v := range parts {
		if err := h.setField(&it, fields[i], v, 0, r); err != nil {
			return err
		}
	}
	if err := h.d.Store.CreateItem(ctx, &it); err != nil {
		return err
	}
	h.reply(ctx, r, report.ItemAdded(it, r.today, r.lang)+pastNote(it.Deadline, r.today, r.lang))
	h.announceAssigned(ctx, r, []int{it.Number})
	return nil
}

func splitBars(s string) []string {
	s = strings.ReplaceAll(s, "｜", "|")
	var out []string
	for _, p := range strings.Split(s, "|") {
		out = append(out, strings.TrimSpace(p))
	}
	for len(out) > 1 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	return out
}

// editFields maps what people call a field to its name.
var editFields = map[string]string{
	"标题": "title", "名称": "title", "title": "title",
	"内容": "body", "说明": "body", "正文": "body", "body": "body",
	"单位": "owner", "牵头单位": "owner", "责任单位": "owner", "牵头": "owner", "owner": "owner", "unit": "owner",
	"配合单位": "partners", "配合": "partners", "partners": "partners",
	"时限": "deadline", "完成时限": "deadline", "截止": "deadline", "截止日期": "deadline", "deadline": "deadline", "due": "deadline",
	"目标": "target", "target": "target",
	"状态": "status", "status": "status",
	"进度": "percent", "百分比": "percent", "percent": "percent", "progress": "percent",
}

// fieldName is the word the reply uses for a field.
func fieldName(f, lang string) string {
	zh := map[string]string{"title": "标题", "body": "内容", "owner": "牵头单位", "partners": "配合单位",
		"deadline": "时限", "target": "目标", "status": "状态", "percent": "进度"}
	return report.Tr(lang, zh[f], f)
}

// edit answers /edit N 字段 值.
func (h *Handler) edit(ctx context.Context, r *request) error {
	const usageZH = "/edit 12 时限 12月31日前（字段：标题、内容、单位、配合单位、时限、目标、状态、进度）"
	const usageEN = "/edit 12 deadline 2026-12-31 (fields: title, body, owner, partners, deadline, target, status, percent)"
	n, rest, err := parseNumberArg(r.args, usageZH, usageEN)
	if err != nil {
		return err
	}
	name, value := splitField(rest)
	field, ok := editFields[strings.ToLower(name)]
	if !ok {
		return problem("用法："+usageZH, "Usage: "+usageEN)
	}
	old, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	planYear := 0
	if field == "deadline" {
		planYear = h.planYear(ctx, old.PlanID) // "9月底前" is in the plan's year
	}
	it, err := h.d.Store.UpdateItem(ctx, n, func(it *duban.Item) error { return h.setField(it, field, value, planYear, r) })
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return notFound(n)
	} else if err != nil {
		return err
	}
	text := report.ItemEdited(it, fieldName(field, r.lang), r.today, r.lang)
	if field == "deadline" && it.Deadline != old.Deadline {
		text += pastNote(it.Deadline, r.today, r.lang)
	}
	h.reply(ctx, r, text)
	if it.Owner != old.Owner {
		h.announceAssigned(ctx, r, []int{it.Number}) // a new lead unit acknowledges it
	}
	return nil
}

// splitField splits "时限 12月31日前", "时限：12月31日前" or "时限=…".
func splitField(s string) (name, value string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t\n:：=")
	if i < 0 {
		return s, ""
	}
	name = s[:i]
	value = strings.TrimLeft(s[i:], " \t\n:：=")
	return name, strings.TrimSpace(value)
}

// clearWords empty an optional field.
func isClear(v string) bool {
	switch strings.ToLower(v) {
	case "无", "空", "-", "—", "none", "清空":
		return true
	}
	return false
}

// setField sets one field of it from what the user wrote, or returns the
// Problem with the value. Nothing is saved when it fails. planYear places
// deadline words that name a day of the year ("9月底前"); 0 is this year.
func (h *Handler) setField(it *duban.Item, field, v string, planYear int, r *request) error {
	v = strings.TrimSpace(v)
	n := utf8.RuneCountInString(v)
	tooLong := func(max int) error {
		return problem(fmt.Sprintf("%s太长了（最多%d个字）。", fieldName(field, report.LangZH), max),
			fmt.Sprintf("The %s is too long (at most %d characters).", field, max))
	}
	needValue := func() error {
		return problem(fmt.Sprintf("请写上新的%s。", fieldName(field, report.LangZH)), fmt.Sprintf("Please give the new %s.", field))
	}
	switch field {
	case "title":
		if v == "" {
			return needValue()
		} else if n > maxTitleRunes {
			return tooLong(maxTitleRunes)
		}
		it.Title = v
	case "body":
		if n > maxBodyRunes {
			return tooLong(maxBodyRunes)
		}
		if isClear(v) {
			v = ""
		}
		it.Body = v
	case "owner":
		if n > maxUnitRunes {
			return tooLong(maxUnitRunes)
		}
		if isClear(v) {
			v = ""
		}
		it.Owner = duban.NormalizeOwner(v)
	case "partners":
		if n > maxFieldRunes {
			return tooLong(maxFieldRunes)
		}
		it.Partners = nil
		if !isClear(v) {
			for _, p := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune("、,，;；/ ", r) }) {
				if p = duban.NormalizeOwner(p); p != "" {
					it.Partners = append(it.Partners, p)
				}
			}
		}
		if len(it.Partners) > maxPartnerList {
			return tooLong(maxFieldRunes)
		}
	case "deadline":
		if n > maxFieldRunes {
			return tooLong(maxFieldRunes)
		}
		if v == "" || isClear(v) {
			it.MoveDeadline(duban.Date{}, "")
			return nil
		}
		resolve := resolveDeadline
		if it.ID == 0 {
			resolve = resolveAhead // a new task is not due in the past
		}
		d, err := resolve(v, h.d.Now().In(h.d.Loc), planYear)
		if err != nil {
			return err
		}
		it.MoveDeadline(d, v) // the plan's own deadline is kept
	case "target":
		if n > maxFieldRunes {
			return tooLong(maxFieldRunes)
		}
		if isClear(v) {
			v = ""
		}
		it.Target = v
	case "status":
		s, ok := parseStatus(v)
		if !ok {
			return problem("状态只能是：未开始、进行中、已完成、已取消。", "Status must be one of: todo, doing, done, cancelled.")
		}
		it.Status = s
		if s == duban.StatusDone {
			it.Percent = 100
		}
	case "percent":
		p, ok := ParsePercent(v)
		if !ok {
			if x, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				p, ok = x, true
			}
		}
		if !ok || p < 0 || p > 100 {
			return problem("进度写成 0 到 100 之间的数，例如：60 或 60%。", "Percent must be a number from 0 to 100, e.g. 60 or 60%.")
		}
		it.Percent = p
		switch {
		case p == 100:
			it.Status = duban.StatusDone
		case it.Status == duban.StatusTodo && p > 0, it.Status == duban.StatusDone:
			it.Status = duban.StatusDoing
		}
	}
	return nil
}

func parseStatus(v string) (duban.Status, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "未开始", "待办", "todo", "not started":
		return duban.StatusTodo, true
	case "进行中", "推进中", "在办", "doing", "in progress":
		return duban.StatusDoing, true
	case "已完成", "完成", "办结", "销号", "done":
		return duban.StatusDone, true
	case "已取消", "取消", "cancelled", "canceled":
		return duban.StatusCancelled, true
	}
	return "", false
}

// delete answers /delete N: it asks for confirmation with buttons.
func (h *Handler) delete(ctx context.Context, r *request) error {
	n, _, err := parseNumberArg(r.args, "/delete 12", "/delete 12")
	if err != nil {
		return err
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	h.reply(ctx, r, report.ConfirmDelete(it, r.today, r.lang), []duban.Button{
		{Text: report.Tr(r.lang, fmt.Sprintf("删除 #%d", n), fmt.Sprintf("Delete #%d", n)), Data: fmt.Sprintf("del:%d", n)},
		{Text: report.Tr(r.lang, "取消", "Cancel"), Data: "cancel"},
	})
	return nil
}

// deleteConfirmed is the press of the delete button.
func (h *Handler) deleteConfirmed(ctx context.Context, r *request) error {
	n, err := strconv.Atoi(r.args)
	if err != nil || n <= 0 {
		return staleButton()
	}
	it, err := h.d.Store.DeleteItem(ctx, n)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return problem(fmt.Sprintf("#%d 已不存在（可能已被删除）。", n), fmt.Sprintf("#%d no longer exists (deleted already?).", n))
	} else if err != nil {
		return err
	}
	h.reply(ctx, r, report.ItemDeleted(it, r.lang))
	return nil
}

// cancelled is the press of a cancel button.
func (h *Handler) cancelled(ctx context.Context, r *request) error {
	h.reply(ctx, r, report.Tr(r.lang, "已取消。", "Cancelled."))
	return nil
}
