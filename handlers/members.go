package handlers

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// GroupStore is what /iam, /who and /settings need of the store: a group's
// registered members and its schedule settings.
type GroupStore interface {
	UserByUsername(ctx context.Context, username string) (duban.User, error)
	SetMember(ctx context.Context, m duban.Member) error
	Members(ctx context.Context, chatID int64) ([]duban.Member, error)
	SetChatSettings(ctx context.Context, id int64, set duban.ChatSettings) error
}

// Bounds of /iam and /who.
const (
	maxDeptRunes  = 30  // a department's name
	whoMaxMembers = 200 // members listed by /who
	whoMaxOwners  = 100 // unregistered owners listed by /who
)

// iamArgs is what /iam asks for.
type iamArgs struct {
	username string // another member's @handle without the @; "" for oneself
	dept     string // the department; "" with remove false: show
	remove   bool   // /iam 取消
}

// iamRemoveWords unregister: /iam - · /iam 取消.
var iamRemoveWords = map[string]bool{"-": true, "—": true, "取消": true, "取消登记": true, "注销": true, "退出": true,
	"删除": true, "无": true, "none": true, "cancel": true, "remove": true, "off": true}

// parseIam reads the arguments of /iam:
//
//	(empty)               show my registration
//	督导室 · 我是督导室的   register me to 督导室
//	- · 取消              unregister me
//	@handle               show theirs
//	@handle 督导室 · @handle -   (admins) change or remove theirs
//
// A bad name is a *Problem.
func parseIam(args string) (iamArgs, error) {
	s := strings.TrimSpace(strings.ReplaceAll(args, "＠", "@"))
	var a iamArgs
	if rest, ok := strings.CutPrefix(s, "@"); ok {
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		a.username, s = rest[:end], strings.TrimSpace(rest[end:])
		if !validUsername(a.username) {
			return a, problem(
				fmt.Sprintf("“@%s”不是有效的用户名。用法：/iam @用户名 单位名称", report.Esc(clipRunes(a.username, 32))),
				fmt.Sprintf("“@%s” is not a valid username. Usage: /iam @username unit", report.Esc(clipRunes(a.username, 32))))
		}
	}
	if s == "" {
		return a, nil
	}
	if iamRemoveWords[strings.ToLower(s)] {
		a.remove = true
		return a, nil
	}
	dept, err := cleanDept(s)
	if err != nil {
		return a, err
	}
	a.dept = dept
	return a, nil
}

// validUsername reports whether s can be a Telegram username (5 to 32
// letters, digits and underscores; shorter ones are allowed for old
// accounts and bots, so 1 is the floor here).
func validUsername(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// cleanDept turns what was typed after /iam into a department name:
// "我是督导室的" and "（督导室）" both give "督导室".
func cleanDept(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"我是", "本人是", "我属于", "我来自"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	for _, suf := range []string{"的人", "的同事", "的", "。", "."} {
		if rest, ok := strings.CutSuffix(s, suf); ok && rest != "" {
			s = rest
			break
		}
	}
	// "（ 督导室 ）" needs two passes: brackets, then the spaces inside.
	for n := duban.NormalizeOwner(s); n != s; n = duban.NormalizeOwner(s) {
		s = n
	}
	usage := func(zh, en string) error {
		return problem(zh+"用法：/iam 单位名称，例如 /iam 督导室", en+" Usage: /iam unit, e.g. /iam 督导室")
	}
	switch {
	case s == "":
		return "", usage("请写上单位名称。", "Please give the unit's name.")
	case strings.ContainsAny(s, "#@/<>") || strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", usage("单位名称里不能有换行或 # @ / &lt; &gt; 这些符号。", "A unit's name cannot hold line breaks or # @ / &lt; &gt;.")
	case utf8.RuneCountInString(s) > maxDeptRunes:
		return "", usage(fmt.Sprintf("单位名称太长了（最多%d个字）。", maxDeptRunes),
			fmt.Sprintf("The unit's name is too long (at most %d characters).", maxDeptRunes))
	case strings.TrimFunc(s, unicode.IsDigit) == "":
		return "", usage("单位名称不能只是数字。", "A unit's name cannot be only digits.")
	}
	return s, nil
}

// iam answers /iam: register, show or remove a member's department in
// this group. Admins may change another member found by @username among
// the group's registered members; a user who never registered has to do
// it themselves (the bot knows nobody's id from a @username alone).
func (h *Handler) iam(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在工作群里发送 /iam 单位名称：在哪个群登记，就在哪个群的提醒里@你。",
			"Send /iam unit in the work group: you are mentioned in the reminders of the group you register in.")
	}
	a, err := parseIam(r.args)
	if err != nil {
		if r.intent.Tentative && r.m.IsGroup() {
			return nil
		}
		return err
	}
	a.dept = h.d.Roles.Units().Canonical(a.dept) // "督导" registers to the configured 督导室
	members, err := h.d.Store.Members(ctx, r.m.ChatID)
	if err != nil {
		return err
	}
	// Whom it is about: "@username", the author of the replied-to message
	// (an admin replying "/iam 督导室" to someone), or the sender.
	var other *duban.Member
	if rp := r.m.ReplyTo; a.username == "" && rp != nil && !rp.FromBot && rp.UserID != 0 && rp.UserID != r.m.UserID {
		other = &duban.Member{ChatID: r.m.ChatID, UserID: rp.UserID, Name: rp.UserName, Username: rp.Username}
	} else if a.username != "" && !strings.EqualFold(a.username, r.m.Username) {
		if u, err := h.d.Store.UserByUsername(ctx, a.username); err == nil {
			other = &duban.Member{ChatID: r.m.ChatID, UserID: u.ID, Name: u.Name, Username: u.Username}
		} else if duban.ErrorCode(err) != duban.ENOTFOUND {
			return err
		}
	}
	self := a.username == "" && other == nil || strings.EqualFold(a.username, r.m.Username)
	var target duban.Member
	found := false
	for _, m := range members {
		if self && m.UserID == r.m.UserID || !self && (other != nil && m.UserID == other.UserID || strings.EqualFold(m.Username, a.username)) {
			target, found = m, true
			break
		}
	}
	if !self && !found && other != nil {
		// Seen by the bot but not registered here yet: an admin may register them.
		target, found = *other, a.dept != "" && !a.remove
	}
	if self {
		target.ChatID, target.UserID, target.Name, target.Username = r.m.ChatID, r.m.UserID, r.m.UserName, r.m.Username
	}
	name := report.Esc(memberName(target))
	switch {
	case !self && !found:
		u := report.Esc(a.username)
		return problem(
			fmt.Sprintf("还没有见过用户名为 %s 的成员。请本人在群里发送“/iam 单位名称”登记；管理员也可以回复他的消息发送 /iam 单位名称。", u),
			fmt.Sprintf("I have not seen anyone with the username %s yet. They can send “/iam unit” themselves, or an admin can reply to their message with /iam unit.", u))
	case a.dept == "" && !a.remove: // show
		switch {
		case found && self:
			h.reply(ctx, r, report.Tr(r.lang,
				fmt.Sprintf("你在本群登记的单位是：<b>%s</b>。更改请发送 /iam 新单位名称，取消请发送 /iam 取消。", report.Esc(target.Department)),
				fmt.Sprintf("You are registered here as <b>%s</b>. Send /iam new unit to change it, /iam - to remove it.", report.Esc(target.Department))))
		case self:
			h.reply(ctx, r, report.Tr(r.lang,
				"你在本群还没有登记单位。发送 /iam 单位名称 登记，例如 /iam 督导室；之后本群提醒中该单位牵头的事项会@你。",
				"You are not registered to a unit here. Send /iam unit, e.g. /iam 督导室, to be mentioned in this group's reminders about that unit's tasks."))
		default:
			h.reply(ctx, r, report.Tr(r.lang,
				fmt.Sprintf("%s 在本群登记的单位是：<b>%s</b>。", name, report.Esc(target.Department)),
				fmt.Sprintf("%s is registered here as <b>%s</b>.", name, report.Esc(target.Department))))
		}
		return nil
	case !self && !h.allowed(ctx, r, groupAdmin):
		return problem("只有本群管理员或计划管理员可以修改别人的单位登记。你可以发送 /iam 单位名称 登记自己的单位。",
			"Only admins may change someone else's unit. You can register your own with /iam unit.")
	case a.remove:
		if !found {
			h.reply(ctx, r, report.Tr(r.lang, "你在本群还没有登记单位，不需要取消。", "You are not registered to a unit here."))
			return nil
		}
		target.Department = ""
		if err := h.d.Store.SetMember(ctx, target); err != nil {
			return err
		}
		if self {
			h.reply(ctx, r, report.Tr(r.lang, "已取消你在本群的单位登记，本群的提醒不会再@你。",
				"Your unit registration here is removed: this group's reminders will no longer mention you."))
		} else {
			h.reply(ctx, r, report.Tr(r.lang, fmt.Sprintf("已取消 %s 在本群的单位登记。", name),
				fmt.Sprintf("%s's unit registration here is removed.", name)))
		}
		return nil
	}
	owners, err := h.d.Store.Owners(ctx, "")
	if err != nil {
		return err
	}
	var matched []string
	for _, o := range owners {
		if duban.UnitMatch(a.dept, o) {
			matched = append(matched, o)
		}
	}
	if r.intent.Tentative && len(matched) == 0 {
		// "我是…的" said in passing: register only a unit the plan knows.
		return nil
	}
	target.Department = a.dept
	if err := h.d.Store.SetMember(ctx, target); err != nil {
		if duban.ErrorCode(err) == duban.EINVALID {
			return problem("单位名称无效，请换一种写法，例如 /iam 督导室。", "That unit name cannot be used; try e.g. /iam 督导室.")
		}
		return err
	}
	dept := report.Esc(a.dept)
	var b strings.Builder
	if self {
		fmt.Fprintf(&b, report.Tr(r.lang, "✅ 已登记：%s — <b>%s</b>。本群的提醒中，%s牵头的事项会@你。",
			"✅ Registered: %s — <b>%s</b>. This group's reminders will mention you for %s's tasks."), name, dept, dept)
	} else {
		fmt.Fprintf(&b, report.Tr(r.lang, "✅ 已将 %s 登记为 <b>%s</b>。", "✅ %s is now registered as <b>%s</b>."), name, dept)
	}
	switch {
	case len(matched) == 0:
		b.WriteString(report.Tr(r.lang,
			fmt.Sprintf("\n注意：计划中没有“%s”牵头的事项，请核对单位名称；发送 /who 可以查看各牵头单位。", dept),
			fmt.Sprintf("\nNote: no task of the plan is led by “%s”; check the name. /who lists the lead units.", dept)))
	case len(matched) > 1 || matched[0] != a.dept:
		if len(matched) > 10 {
			matched = append(matched[:10], "…")
		}
		b.WriteString(report.Tr(r.lang, "\n对应的牵头单位：", "\nLead units matched: "))
		b.WriteString(report.Esc(strings.Join(matched, report.Tr(r.lang, "、", ", "))))
	}
	h.reply(ctx, r, b.String())
	return nil
}

// memberName is how a member is named in replies: their name, else
// their username, else their id.
func memberName(m duban.Member) string {
	switch {
	case strings.TrimSpace(m.Name) != "":
		return m.Name
	case m.Username != "":
		return m.Username
	}
	return fmt.Sprint(m.UserID)
}

// who answers /who: the group's registered members by department, and
// the plan's lead units nobody here is registered to, whom reminders
// cannot mention. Names are shown without @, so that /who notifies nobody.
func (h *Handler) who(ctx context.Context, r *request) error {
	if !r.m.IsGroup() {
		return problem("请在工作群里发送 /who，查看该群登记的单位成员。", "Send /who in a work group to see who is registered there.")
	}
	members, err := h.d.Store.Members(ctx, r.m.ChatID)
	if err != nil {
		return err
	}
	owners, err := h.d.Store.Owners(ctx, "")
	if err != nil {
		return err
	}
	var b strings.Builder
	if len(members) == 0 {
		b.WriteString(report.Tr(r.lang, "👥 本群还没有人登记单位。", "👥 Nobody has registered to a unit in this group yet."))
	} else {
		b.WriteString(report.Tr(r.lang,
			fmt.Sprintf("👥 <b>本群登记的单位成员</b>（共%d人）", len(members)),
			fmt.Sprintf("👥 <b>Registered in this group</b> (%d)", len(members))))
		dept := ""
		for i, m := range members {
			if i == whoMaxMembers {
				b.WriteString(report.Tr(r.lang, fmt.Sprintf("\n……另有%d人", len(members)-i), fmt.Sprintf("\n… and %d more", len(members)-i)))
				break
			}
			if m.Department != dept || i == 0 {
				dept = m.Department
				b.WriteString("\n<b>" + report.Esc(dept) + "</b>" + report.Tr(r.lang, "：", ": "))
			} else {
				b.WriteString(report.Tr(r.lang, "、", ", "))
			}
			b.WriteString(report.Esc(memberName(m)))
			if m.Username != "" && strings.TrimSpace(m.Name) != "" {
				b.WriteString(report.Tr(r.lang, "（", " (") + report.Esc(m.Username) + report.Tr(r.lang, "）", ")"))
			}
		}
	}
	var missing []string
	for _, o := range owners {
		covered := false
		for _, m := range members {
			if duban.UnitMatch(m.Department, o) {
				covered = true
				break
			}
		}
		if !covered {
			missing = append(missing, o)
		}
	}
	switch {
	case len(owners) == 0:
	case len(missing) == 0:
		b.WriteString(report.Tr(r.lang, "\n\n✅ 计划中每个牵头单位在本群都有人登记。", "\n\n✅ Every lead unit of the plan has someone registered here."))
	default:
		n := len(missing)
		if n > whoMaxOwners {
			missing = missing[:whoMaxOwners]
		}
		b.WriteString(report.Tr(r.lang,
			fmt.Sprintf("\n\n⚠️ <b>以下牵头单位在本群无人登记</b>（%d个），提醒无法@到人：\n", n),
			fmt.Sprintf("\n\n⚠️ <b>Lead units nobody here is registered to</b> (%d); reminders cannot mention them:\n", n)))
		b.WriteString(report.Esc(strings.Join(missing, report.Tr(r.lang, "、", ", "))))
		if n > len(missing) {
			b.WriteString(report.Tr(r.lang, fmt.Sprintf(" 等%d个", n), fmt.Sprintf(" and %d more", n-len(missing))))
		}
	}
	b.WriteString(report.Tr(r.lang,
		"\n\n登记自己的单位：/iam 单位名称；管理员修改已登记成员：/iam @用户名 单位名称。",
		"\n\nRegister yourself: /iam unit; admins change a registered member: /iam @username unit."))
	h.reply(ctx, r, b.String())
	return nil
}

// --- iam: 我是督导室的 · 本人是基础教育科的 ---

// iamLeads and iamTails frame a unit name in "我是督导室的".
var (
	iamLeads = []string{"我是来自", "我来自", "本人是", "我属于", "我是"}
	iamTails = []string{"的同事", "的人", "的", ""}
)

// matchIam reads "我是督导室的": a registration, tentative because people
// say such things in passing; the handler registers only a unit the plan
// knows and stays silent otherwise.
func matchIam(t ruleText) (Intent, bool) {
	s := t.bare
	if len(s) > maxVocabBytes {
		return Intent{}, false
	}
	for _, lead := range iamLeads {
		rest, ok := strings.CutPrefix(s, lead)
		if !ok {
			continue
		}
		for _, tail := range iamTails {
			name, ok := strings.CutSuffix(rest, tail)
			if !ok {
				continue
			}
			if n := utf8.RuneCountInString(name); n >= 2 && n <= 20 && isUnitName(name) {
				return Intent{Command: "iam", Args: name, Tentative: true}, true
			}
		}
		return Intent{}, false
	}
	return Intent{}, false
}
