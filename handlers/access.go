package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Access decides who may see and change the plan; *access.Policy
// implements it, and its package doc states the rules.
type Access interface {
	PlanAdmin(ctx context.Context, userID int64) bool
	IsConfigAdmin(userID int64) bool
	ConfigAdmins() []int64
	Listed(chatID int64) bool
	GroupServed(ctx context.Context, chatID int64) bool
	GroupAdmin(ctx context.Context, m duban.Message) bool
	PrivateServed(ctx context.Context, userID int64) bool
	Scope(chatID int64) duban.Scope
	Changed(chatID, userID int64, st duban.MemberStatus)
}

// AccessStore is what grants and membership changes write.
type AccessStore interface {
	SeeUserInChat(ctx context.Context, userID, chatID int64) error
	ForgetUserInChat(ctx context.Context, userID, chatID int64) error
	GrantedUsers(ctx context.Context) ([]duban.User, error)
	SetGrant(ctx context.Context, userID int64, on bool) (bool, error)
}

// role is who may run a command or press a button.
type role int

const (
	// anyone in a served chat (whether the chat must be served is the
	// command's served flag).
	anyone role = iota
	// groupAdmin: a Telegram administrator of this served group, or a plan
	// admin. For the group's own settings and member registration only.
	groupAdmin
	// planAdmin: access.admins and the users they granted. Everything that
	// changes the plan or which groups are served.
	planAdmin
)

// allowed reports whether the sender of r may act with role ro.
func (h *Handler) allowed(ctx context.Context, r *request, ro role) bool {
	switch ro {
	case planAdmin:
		return h.d.Access.PlanAdmin(ctx, r.m.UserID) && r.m.SenderChatID == 0
	case groupAdmin:
		if r.m.SenderChatID == 0 && h.d.Access.PlanAdmin(ctx, r.m.UserID) {
			return true
		}
		return r.served && h.d.Access.GroupAdmin(ctx, r.m)
	}
	return true
}

// refuse tells the sender what they lack; name is the command, "" for a button.
func (h *Handler) refuse(ctx context.Context, r *request, ro role, name string) {
	what := report.Tr(r.lang, "这个按钮", "this button")
	if name != "" {
		what = report.Tr(r.lang, " /"+name+" ", "/"+name)
	}
	if ro == groupAdmin {
		h.reply(ctx, r, report.Tr(r.lang,
			strings.TrimRight(fmt.Sprintf("只有本群管理员或计划管理员可以使用%s", what), " ")+"。",
			fmt.Sprintf("Only this group's admins or the plan admins may use %s.", what)))
		return
	}
	h.reply(ctx, r, report.Tr(r.lang,
		strings.TrimRight(fmt.Sprintf("只有计划管理员可以使用%s", what), " ")+fmt.Sprintf("。计划管理员由配置文件 access.admins 指定，或由计划管理员用 /grant 授权；群管理员身份不够。"),
		fmt.Sprintf("Only plan admins may use %s. They are set in access.admins in the config, or granted by a plan admin with /grant; being a group admin is not enough.", what)))
}

// memberChanged takes in a change of someone's standing in a chat: access
// forgets what it knew at once, and a user who left no longer opens a
// private chat through this group.
func (h *Handler) memberChanged(ctx context.Context, m duban.Message) {
	c := m.Member
	h.d.Access.Changed(m.ChatID, c.UserID, c.Status)
	if c.Status.In() {
		return
	}
	if err := h.d.Store.ForgetUserInChat(ctx, c.UserID, m.ChatID); err != nil {
		h.d.Logger.WarnContext(ctx, "forget user in chat", "err", err, "chat", m.ChatID, "user", c.UserID)
	}
}

// notifyAdmins tells every plan admin, privately, what happened to a group
// (bound, unbound, a refused /bind). A failure (an admin who never started
// a private chat with the bot) is logged.
func (h *Handler) notifyAdmins(ctx context.Context, zh, en string) {
	ids := h.d.Access.ConfigAdmins()
	granted, err := h.d.Store.GrantedUsers(ctx)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "load granted users", "err", err)
	}
	for _, u := range granted {
		ids = append(ids, u.ID)
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] || id == 0 {
			continue
		}
		seen[id] = true
		if _, err := h.d.Sender.Send(ctx, duban.Outgoing{ChatID: id, Text: report.Tr(h.d.Lang, zh, en)}); err != nil {
			h.d.Logger.WarnContext(ctx, "tell a plan admin", "err", err, "admin", id)
		}
	}
}

// groupLabel names a group and its sender for the admins' notices.
func groupLabel(m duban.Message) (group, who string) {
	group = report.Esc(m.ChatTitle)
	if group == "" {
		group = strconv.FormatInt(m.ChatID, 10)
	} else {
		group = fmt.Sprintf("「%s」(%d)", group, m.ChatID)
	}
	who = report.Esc(m.UserName)
	if m.Username != "" {
		who += " @" + report.Esc(m.Username)
	}
	who += fmt.Sprintf(" (id %d)", m.UserID)
	return group, who
}

// grant answers /grant @user: a plan admin makes someone a plan admin;
// /grant alone lists the plan admins.
func (h *Handler) grant(ctx context.Context, r *request) error {
	if strings.TrimSpace(r.args) == "" && (r.m.ReplyTo == nil || r.m.ReplyTo.FromBot) {
		return h.listAdmins(ctx, r)
	}
	u, err := h.grantee(ctx, r)
	if err != nil {
		return err
	}
	if h.d.Access.PlanAdmin(ctx, u.ID) {
		h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("%s 已经是计划管理员。", userLabel(u)),
			fmt.Sprintf("%s is a plan admin already.", userLabel(u))))
		return nil
	}
	if _, err := h.d.Store.SetGrant(ctx, u.ID, true); err != nil {
		return err
	}
	h.reply(ctx, r, report.Tr(r.lang,
		fmt.Sprintf("✅ 已授予 %s 计划管理员权限：可以启用群、导入和修改计划。/revoke 可收回。", userLabel(u)),
		fmt.Sprintf("✅ %s is now a plan admin: they may bind groups, import and change the plan. /revoke takes it back.", userLabel(u))))
	return nil
}

// revoke answers /revoke @user.
func (h *Handler) revoke(ctx context.Context, r *request) error {
	u, err := h.grantee(ctx, r)
	if err != nil {
		return err
	}
	if h.d.Access.IsConfigAdmin(u.ID) {
		return problem(fmt.Sprintf("%s 是配置文件 access.admins 中的管理员，只能在配置文件中删除。", userLabel(u)),
			fmt.Sprintf("%s is listed in access.admins; remove them in the config file.", userLabel(u)))
	}
	changed, err := h.d.Store.SetGrant(ctx, u.ID, false)
	if err != nil {
		return err
	}
	if !changed {
		h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("%s 不是计划管理员。", userLabel(u)),
			fmt.Sprintf("%s is not a plan admin.", userLabel(u))))
		return nil
	}
	h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("已收回 %s 的计划管理员权限。", userLabel(u)),
		fmt.Sprintf("%s is no longer a plan admin.", userLabel(u))))
	return nil
}

// grantee finds whom /grant or /revoke is about: the author of the
// replied-to message, @username of someone the bot has seen, or a user id.
func (h *Handler) grantee(ctx context.Context, r *request) (duban.User, error) {
	arg := strings.TrimSpace(r.args)
	if rp := r.m.ReplyTo; arg == "" && rp != nil && !rp.FromBot && rp.UserID != 0 {
		return duban.User{ID: rp.UserID, Name: rp.UserName, Username: rp.Username}, nil
	}
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil && id > 0 {
		u, err := h.d.Store.User(ctx, id)
		if duban.ErrorCode(err) == duban.ENOTFOUND {
			return duban.User{ID: id}, nil
		}
		return u, err
	}
	name := strings.TrimPrefix(arg, "@")
	if name == "" || strings.ContainsAny(name, " \t\n") {
		return duban.User{}, problem("请写明对象：/grant @用户名、/grant 用户id，或回复他的消息发送 /grant。",
			"Say whom: /grant @username, /grant user-id, or reply to their message with /grant.")
	}
	u, err := h.d.Store.UserByUsername(ctx, name)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		n := report.Esc(name)
		return u, problem(fmt.Sprintf("还没有见过 @%s。请他先在工作群里发一条消息，或回复他的消息发送本命令。", n),
			fmt.Sprintf("I have not seen @%s yet. Ask them to write once in a work group, or reply to their message with the command.", n))
	}
	return u, err
}

// listAdmins answers /grant with no one named.
func (h *Handler) listAdmins(ctx context.Context, r *request) error {
	granted, err := h.d.Store.GrantedUsers(ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(report.Tr(r.lang, "<b>计划管理员</b>\n", "<b>Plan admins</b>\n"))
	for _, id := range h.d.Access.ConfigAdmins() {
		u, err := h.d.Store.User(ctx, id)
		if err != nil {
			u = duban.User{ID: id}
		}
		b.WriteString("• " + userLabel(u) + report.Tr(r.lang, "（配置文件）", " (config)") + "\n")
	}
	for _, u := range granted {
		b.WriteString("• " + userLabel(u) + report.Tr(r.lang, "（/grant 授权）", " (granted)") + "\n")
	}
	b.WriteString(report.Tr(r.lang, "授权：/grant @用户名；收回：/revoke @用户名", "Grant: /grant @user; take back: /revoke @user"))
	h.reply(ctx, r, b.String())
	return nil
}

func userLabel(u duban.User) string {
	s := report.Esc(u.Name)
	if u.Username != "" {
		if s != "" {
			s += " "
		}
		s += "@" + report.Esc(u.Username)
	}
	if s == "" {
		s = fmt.Sprintf("id %d", u.ID)
	}
	return s
}
