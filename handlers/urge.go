package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// WorkflowStore is what the 督办 loop needs of the store: 催办, 分管领导,
// 签收 and closing requests.
type WorkflowStore interface {
	RecordUrges(ctx context.Context, reqs []duban.UrgeRequest, render func([]duban.Urge) []duban.Outgoing) (recorded, skipped []duban.Urge, err error)
	Urges(ctx context.Context, number int) ([]duban.Urge, error)
	AddLeader(ctx context.Context, unit string, user duban.User) (bool, error)
	RemoveLeader(ctx context.Context, unit string, userID int64) (bool, error)
	Assign(ctx context.Context, numbers []int, chatID int64) (map[string][]duban.Item, map[string]int64, error)
	AckBatch(ctx context.Context, batch int64, user duban.User) (unit string, now, before []duban.Item, err error)
	BatchUnit(ctx context.Context, batch int64) (string, error)
	Acknowledged(ctx context.Context, number int) (by string, at time.Time, assigned, ok bool, err error)
	Leaders(ctx context.Context) (map[string][]duban.User, error)
	MemberChats(ctx context.Context) ([]int64, error)                         // 签收 asked from a private chat (mine.go)
	OpenBatches(ctx context.Context, chatID int64) ([]int64, []string, error) // "收到" under a 签收 message
}

// Roles are what the access rules know of roles beside plan admins
// (*access.Policy): 督办员, units and their 分管领导.
type Roles interface {
	Reviewer(ctx context.Context, userID int64) bool
	Reviewers() []int64
	Units() duban.Units
	LeadersOf(ctx context.Context, unit string) []duban.User
	LedUnits(ctx context.Context, userID int64) []string
}

// noRoles knows no 督办员, units or leaders.
type noRoles struct{}

func (noRoles) Reviewer(context.Context, int64) bool           { return false }
func (noRoles) Reviewers() []int64                             { return nil }
func (noRoles) Units() duban.Units                             { return nil }
func (noRoles) LeadersOf(context.Context, string) []duban.User { return nil }
func (noRoles) LedUnits(context.Context, int64) []string       { return nil }

// urge answers /urge N [附言] (一键催办): a plan admin sends item N's 催办单
// to the group now, at most once per item and day; it is on the item's
// history and counts in the monthly ranking.
func (h *Handler) urge(ctx context.Context, r *request) error {
	n, note, err := parseNumberArg(r.args, "/urge 12 请本周内办结", "/urge 12 please finish this week")
	if err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxFieldRunes {
		return problem(fmt.Sprintf("附言太长了（最多%d个字）。", maxFieldRunes), fmt.Sprintf("The note is too long (at most %d characters).", maxFieldRunes))
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if it.Kind != duban.KindTask || !it.Open() {
		return problem(fmt.Sprintf("#%d 不是未完成的任务，不需要催办。", n), fmt.Sprintf("#%d is not an open task: nothing to chase.", n))
	}
	now := h.d.Now().In(h.d.Loc)
	days := 0
	if !it.Deadline.IsZero() {
		days = it.Deadline.DaysUntil(r.today)
	}
	req := duban.UrgeRequest{Number: n, Key: r.today.String(), Urge: duban.Urge{Kind: duban.UrgeManual,
		DaysOverdue: max(days, 0), ByUser: r.m.UserID, ByName: r.m.UserName, Note: note, CreatedAt: now}}
	recorded, skipped, err := h.d.Store.RecordUrges(ctx, []duban.UrgeRequest{req}, nil)
	if err != nil {
		return err
	}
	if len(recorded) == 0 && len(skipped) > 0 {
		u := skipped[0]
		return problem(
			fmt.Sprintf("#%d 今天已经催办过了（%s，%s %s），每项每天最多催办一次。", n, report.Esc(u.Serial),
				u.CreatedAt.In(h.d.Loc).Format("15:04"), report.Esc(u.ByName)),
			fmt.Sprintf("#%d was chased today already (%s, %s by %s): once a day per item.", n, report.Esc(u.Serial),
				u.CreatedAt.In(h.d.Loc).Format("15:04"), report.Esc(u.ByName)))
	}
	var members []duban.Member
	if r.m.IsGroup() {
		if members, err = h.d.Store.Members(ctx, r.m.ChatID); err != nil {
			return err
		}
	}
	in := report.UrgeInput{Item: it, Urge: recorded[0], Members: members, Today: r.today, Loc: h.d.Loc}
	if ps, err := h.d.Store.Reports(ctx, n, 1); err == nil && len(ps) > 0 {
		in.Latest = &ps[0]
	}
	h.reply(ctx, r, report.UrgeNotice(in, r.lang))
	return nil
}

// leader answers /leader (list), /leader 督导室 @用户 (add) and /leader
// 督导室 @用户 取消 (remove): the 分管领导 who get a unit's last 催办
// step privately. Plan admins only.
func (h *Handler) leader(ctx context.Context, r *request) error {
	args := strings.Fields(r.args)
	if len(args) == 0 {
		return h.listLeaders(ctx, r)
	}
	remove := false
	if last := args[len(args)-1]; slices.Contains([]string{"取消", "删除", "移除", "-", "remove"}, last) {
		remove, args = true, args[:len(args)-1]
	}
	var who string
	if len(args) > 1 {
		if last := args[len(args)-1]; strings.HasPrefix(last, "@") || isDigits(last) {
			who, args = last, args[:len(args)-1]
		}
	}
	unit := h.d.Roles.Units().Canonical(strings.Join(args, ""))
	if unit == "" || (who == "" && (r.m.ReplyTo == nil || r.m.ReplyTo.FromBot)) {
		return problem("用法：/leader 单位 @用户名（或回复他的消息发送 /leader 单位）；/leader 单位 @用户名 取消；/leader 查看名单。",
			"Usage: /leader unit @username (or reply to their message with /leader unit); /leader unit @username remove; /leader lists them.")
	}
	sub := *r
	sub.args = who
	u, err := h.grantee(ctx, &sub)
	if err != nil {
		return err
	}
	name := report.Esc(userLabel(u))
	if remove {
		ok, err := h.d.Store.RemoveLeader(ctx, unit, u.ID)
		if err != nil {
			return err
		}
		if !ok {
			return problem(fmt.Sprintf("%s 不是用 /leader 添加的%s分管领导（配置文件里的名单请改配置文件）。", name, report.Esc(unit)),
				fmt.Sprintf("%s was not added as a leader of %s with /leader (leaders in the config file are changed there).", name, report.Esc(unit)))
		}
		h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("✅ 已取消 %s 的%s分管领导身份。", name, report.Esc(unit)),
			fmt.Sprintf("✅ %s no longer oversees %s.", name, report.Esc(unit))))
		return nil
	}
	if _, err := h.d.Store.AddLeader(ctx, unit, u); err != nil {
		return err
	}
	h.reply(ctx, r, report.Tr(r.lang,
		fmt.Sprintf("✅ 已登记 %s 为<b>%s</b>的分管领导：该单位事项逾期较久时，催办单会私信给他。请他先私聊机器人发送 /start，否则机器人无法给他发消息。", name, report.Esc(unit)),
		fmt.Sprintf("✅ %s now oversees <b>%s</b>: long-overdue notices of its tasks go to them privately. They must send /start to the bot once, or it cannot write to them.", name, report.Esc(unit))))
	return nil
}

// listLeaders answers /leader alone: the configured units' leaders and
// those added in chat.
func (h *Handler) listLeaders(ctx context.Context, r *request) error {
	units := map[string]bool{}
	var order []string
	for _, u := range h.d.Roles.Units() {
		if !units[u.Name] {
			units[u.Name] = true
			order = append(order, u.Name)
		}
	}
	added, err := h.d.Store.Leaders(ctx)
	if err != nil {
		return err
	}
	for name := range added {
		name = h.d.Roles.Units().Canonical(name)
		if !units[name] {
			units[name] = true
			order = append(order, name)
		}
	}
	slices.Sort(order[len(h.d.Roles.Units()):])
	var b strings.Builder
	b.WriteString(report.Tr(r.lang, "<b>分管领导</b>", "<b>Overseeing leaders</b>"))
	any := false
	for _, unit := range order {
		ls := h.d.Roles.LeadersOf(ctx, unit)
		if len(ls) == 0 {
			continue
		}
		any = true
		names := make([]string, len(ls))
		for i, l := range ls {
			names[i] = report.Esc(userLabel(l))
		}
		fmt.Fprintf(&b, "\n• %s：%s", report.Esc(unit), strings.Join(names, report.Tr(r.lang, "、", ", ")))
	}
	if !any {
		b.WriteString(report.Tr(r.lang, "\n还没有登记分管领导。", "\nNo leader is registered yet."))
	}
	b.WriteString(report.Tr(r.lang, "\n添加：/leader 单位 @用户名；取消：/leader 单位 @用户名 取消", "\nAdd: /leader unit @user; remove: /leader unit @user remove"))
	h.reply(ctx, r, b.String())
	return nil
}
