package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// CloseRequest is a closing request (申请办结) put to the reviewers: the
// item, who asked when, the closing report and the evidence attached.
func CloseRequest(it duban.Item, c duban.Closing, evidence []duban.Evidence, loc *time.Location, today duban.Date, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "📝 <b>办结申请</b>（待审核） <b>#%d</b> %s", "📝 <b>Closing request</b> (awaiting review) <b>#%d</b> %s"), it.Number, esc(it.Title))
	fmt.Fprintf(&b, Tr(lang, "\n牵头单位：%s · 申请人：%s · %s", "\nLead unit: %s · asked by %s · %s"),
		esc(OwnerName(it.Owner, lang)), esc(c.UserName), c.CreatedAt.In(loc).Format(Tr(lang, "1月2日 15:04", "Jan 2 15:04")))
	if !it.Deadline.IsZero() {
		deadline := DateText(it.Deadline, today, lang)
		if d := duban.DateOf(c.CreatedAt.In(loc)); d.After(it.Deadline) {
			deadline += Tr(lang, fmt.Sprintf("（逾期%d天申请）", it.Deadline.DaysUntil(d)), fmt.Sprintf(" (asked %d days late)", it.Deadline.DaysUntil(d)))
		}
		fmt.Fprintf(&b, Tr(lang, "\n时限：%s", "\nDeadline: %s"), deadline)
	}
	if c.Text != "" {
		fmt.Fprintf(&b, Tr(lang, "\n办结说明：%s", "\nReport: %s"), esc(clip(c.Text, 300)))
	}
	if len(evidence) == 0 {
		fmt.Fprintf(&b, Tr(lang, "\n佐证材料：无（可发照片或文件，说明写“#%d 材料名称”补充）", "\nEvidence: none (send a photo or file captioned “#%d what it is”)"), it.Number)
	} else {
		fmt.Fprintf(&b, Tr(lang, "\n佐证材料：%d件（/evidence %d 查看原件）", "\nEvidence: %d (/evidence %d sends them)"), len(evidence), it.Number)
		for i, ev := range evidence {
			if i == 10 {
				b.WriteString(Tr(lang, "\n……", "\n…"))
				break
			}
			b.WriteString("\n" + EvidenceLine(ev, loc, lang))
		}
	}
	b.WriteString(Tr(lang, "\n请督办员审核：销号，或退回并写明理由。", "\nA reviewer closes it, or returns it with a reason."))
	return b.String()
}

// CloseDecided tells a reviewer's decision: 销号, or 退回 with the reason
// and the lead unit's members mentioned.
func CloseDecided(it duban.Item, c duban.Closing, members []duban.Member, today duban.Date, lang string) string {
	if c.State == duban.ClosingApproved {
		return Tr(lang,
			fmt.Sprintf("✅ <b>#%d</b> %s 已审核销号（审核人：%s）。", it.Number, esc(it.Title), esc(c.DecidedName)),
			fmt.Sprintf("✅ <b>#%d</b> %s is closed after review (by %s).", it.Number, esc(it.Title), esc(c.DecidedName)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "↩️ <b>#%d</b> %s 的办结申请被退回（审核人：%s）", "↩️ Closing <b>#%d</b> %s was returned (by %s)"),
		it.Number, esc(it.Title), esc(c.DecidedName))
	b.WriteString(mentions(remindMembersOf(members, it.Owner), lang))
	fmt.Fprintf(&b, Tr(lang, "\n退回理由：%s", "\nReason: %s"), esc(c.Reason))
	fmt.Fprintf(&b, Tr(lang, "\n事项已恢复为进行中（%d%%）。请整改后报送进展，完成后再发送“/done %d 说明”申请办结。",
		"\nIt is in progress again (%d%%). Report what you do, and send \"/done %d\" again when it is finished."), it.Percent, it.Number)
	return b.String()
}

// PendingClosings answers /review: the requests awaiting review, oldest
// first, how long each has waited; shown bounds the list.
func PendingClosings(list []duban.Closing, items map[int64]duban.Item, shown int, loc *time.Location, today duban.Date, lang string) string {
	if len(list) == 0 {
		return Tr(lang, "📝 没有待审核的办结申请。", "📝 No closing request awaits review.")
	}
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "📝 <b>待审核的办结申请</b>（%d项）", "📝 <b>Closing requests awaiting review</b> (%d)"), len(list))
	for i, c := range list {
		if i == shown {
			fmt.Fprintf(&b, Tr(lang, "\n……另有%d项", "\n… and %d more"), len(list)-shown)
			break
		}
		it := items[c.ID]
		waited := duban.DateOf(c.CreatedAt.In(loc)).DaysUntil(today)
		fmt.Fprintf(&b, Tr(lang, "\n• <b>#%d</b> %s（%s） · %s %s申请", "\n• <b>#%d</b> %s (%s) · asked by %s %s"),
			c.ItemNumber, esc(it.Title), esc(OwnerName(it.Owner, lang)), esc(c.UserName), DateText(duban.DateOf(c.CreatedAt.In(loc)), today, lang))
		if waited > 0 {
			fmt.Fprintf(&b, Tr(lang, " · 已等待%d天", " · waiting %d days"), waited)
		}
	}
	b.WriteString(Tr(lang, "\n\n点按钮审核；退回需写明理由。/item 编号 查看详情，/evidence 编号 查看佐证材料。",
		"\n\nPress a button to decide; a return needs a reason. /item N for details, /evidence N for the evidence."))
	return b.String()
}

// ReviewReminder reminds the reviewers of requests waiting longer than
// days.
func ReviewReminder(list []duban.Closing, days int, loc *time.Location, today duban.Date, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "⏳ <b>办结申请待审核</b>：以下%d项已等待超过%d天，请督办员尽快审核（/review）。",
		"⏳ <b>Closing requests waiting</b>: %d have waited over %d days; reviewers, please decide (/review)."), len(list), days)
	for i, c := range list {
		if i == 20 {
			fmt.Fprintf(&b, Tr(lang, "\n……另有%d项", "\n… and %d more"), len(list)-20)
			break
		}
		fmt.Fprintf(&b, Tr(lang, "\n• <b>#%d</b> %s %s申请", "\n• <b>#%d</b> asked by %s %s"), c.ItemNumber, esc(c.UserName),
			DateText(duban.DateOf(c.CreatedAt.In(loc)), today, lang))
	}
	return b.String()
}
