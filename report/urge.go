package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// UrgeInput is what a 催办单 says: the overdue item, the 催办 on record
// (its serial, how late, the admin's 附言), the latest report, and whom it
// addresses — the unit's members registered in the group, or a 分管领导.
type UrgeInput struct {
	Item    duban.Item
	Urge    duban.Urge
	Latest  *duban.Progress // nil when nothing was reported
	Members []duban.Member  // the group's registered members; the unit's are mentioned
	Leader  *duban.User     // set when it goes privately to a 分管领导
	Today   duban.Date
	Loc     *time.Location
}

// UrgeNotice is the 催办单: 编号, 事项, 牵头单位, 原定/现时限, 逾期天数 and 最新
// 进展, asking the unit (or, privately, its 分管领导) to act.
func UrgeNotice(in UrgeInput, lang string) string {
	it, u := in.Item, in.Urge
	var b strings.Builder
	head := Tr(lang, "📣 <b>督办催办单</b>", "📣 <b>Overdue notice</b>")
	if in.Leader != nil {
		head = Tr(lang, "📣 <b>督办催办单</b>（分管领导）", "📣 <b>Overdue notice</b> (for the overseeing leader)")
	}
	b.WriteString(head)
	if u.Serial != "" {
		b.WriteString("　" + esc(u.Serial))
	}
	fmt.Fprintf(&b, Tr(lang, "\n事项：<b>#%d</b> %s", "\nItem: <b>#%d</b> %s"), it.Number, esc(it.Title))
	owner := "<b>" + esc(OwnerName(it.Owner, lang)) + "</b>"
	if in.Leader == nil {
		owner += mentions(remindMembersOf(in.Members, it.Owner), lang)
	}
	fmt.Fprintf(&b, Tr(lang, "\n牵头单位：%s", "\nLead unit: %s"), owner)
	deadline := DateText(it.Deadline, in.Today, lang)
	if it.Extended() {
		deadline += Tr(lang, fmt.Sprintf("（原定%s，已延期）", DateText(it.OriginalDeadline, in.Today, lang)),
			fmt.Sprintf(" (originally %s, extended)", DateText(it.OriginalDeadline, in.Today, lang)))
	}
	fmt.Fprintf(&b, Tr(lang, "\n时限：%s", "\nDeadline: %s"), deadline)
	days := u.DaysOverdue
	if days <= 0 && !it.Deadline.IsZero() {
		days = it.Deadline.DaysUntil(in.Today)
	}
	switch {
	case days > 0:
		fmt.Fprintf(&b, Tr(lang, "\n逾期：<b>%d天</b>", "\nOverdue: <b>%d days</b>"), days)
	case !it.Deadline.IsZero():
		fmt.Fprintf(&b, Tr(lang, "\n距时限：%s", "\nDue: %s"), DueText(it.Deadline, in.Today, lang))
	}
	if it.Percent > 0 {
		fmt.Fprintf(&b, Tr(lang, "（进度%d%%）", " (%d%% done)"), it.Percent)
	}
	if p := in.Latest; p != nil {
		loc := in.Loc
		if loc == nil {
			loc = time.UTC
		}
		fmt.Fprintf(&b, Tr(lang, "\n最新进展：%s %s：%s", "\nLatest report: %s %s: %s"),
			DateText(duban.DateOf(p.CreatedAt.In(loc)), in.Today, lang), esc(p.UserName), esc(clip(p.Text, 120)))
	} else {
		b.WriteString(Tr(lang, "\n最新进展：尚无进展报送", "\nLatest report: none yet"))
	}
	if u.Note != "" {
		fmt.Fprintf(&b, Tr(lang, "\n附言：%s", "\nNote: %s"), esc(u.Note))
	}
	if in.Leader != nil {
		fmt.Fprintf(&b, Tr(lang, "\n\n您分管的%s牵头的此项工作已逾期%d天，请督促尽快办结。", "\n\nThis task of %s, which you oversee, is %d days overdue: please see that it is finished."),
			esc(OwnerName(it.Owner, lang)), max(days, 0))
	} else {
		fmt.Fprintf(&b, Tr(lang, "\n\n请牵头单位抓紧办理，并发送“#%d 进展内容”报送整改进展；已完成的请发送“/done %d 说明”申请办结。",
			"\n\nPlease act now and report with \"#%d what was done\"; if it is finished, send \"/done %d\" to ask for closing."), it.Number, it.Number)
	}
	return b.String()
}

// StartHint asks a 分管领导 in the group to start the bot privately, once:
// a 催办单 could not be sent to them (Telegram lets a bot write only to
// people who wrote to it first).
func StartHint(leader duban.User, unit string, lang string) string {
	m := Mention(duban.Member{UserID: leader.ID, Name: leader.Name, Username: leader.Username})
	return Tr(lang,
		fmt.Sprintf("⚠️ 催办单未能私信%s的分管领导 %s：机器人只能给私聊过它的人发消息。请 %s 点开机器人私聊，发送 /start，以后的催办单就会直接送达。", esc(unit), m, m),
		fmt.Sprintf("⚠️ An overdue notice could not reach %s, who oversees %s: a bot can only write to people who wrote to it first. %s, please open a private chat with the bot and send /start.", m, esc(unit), m))
}

// UrgeLine words a 催办 for the item's history: "督办〔2026〕3号 催办单（逾期5天）".
func UrgeLine(u duban.Urge, lang string) string {
	var what string
	switch u.Kind {
	case duban.UrgeLine:
		what = Tr(lang, "列入群内逾期提醒", "listed in the group's overdue reminder")
	case duban.UrgeNotice:
		what = Tr(lang, "催办单发到群里", "overdue notice to the group")
	case duban.UrgeLeader:
		what = Tr(lang, "催办单私信分管领导", "overdue notice to the overseeing leader")
	case duban.UrgeManual:
		what = Tr(lang, "一键催办", "overdue notice sent by hand")
	}
	if u.Serial != "" {
		what = u.Serial + " " + what
	}
	if u.DaysOverdue > 0 {
		what += Tr(lang, fmt.Sprintf("（逾期%d天）", u.DaysOverdue), fmt.Sprintf(" (%d days overdue)", u.DaysOverdue))
	}
	if u.Failed != "" {
		what += Tr(lang, "，未送达："+u.Failed, ", not delivered: "+u.Failed)
	}
	return what
}
