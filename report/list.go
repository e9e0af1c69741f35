package report

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// DueList renders open tasks due in a window, grouped by owner in order of
// their earliest deadline. window names the period for the heading
// ("本周（11月23日—11月29日）"); total is how many are due in all, so that a
// capped list says how many it leaves out. The scheduler's weekly reminder
// and the /due reply both use it.
func DueList(items []duban.Item, total int, window string, today duban.Date, lang string) string {
	if total == 0 && len(items) == 0 {
		return Tr(lang, "📅 "+esc(window)+"没有到期的任务。", "📅 Nothing is due "+esc(window)+".")
	}
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("📅 <b>%s到期的任务</b>（共%d项）", esc(window), total),
		fmt.Sprintf("📅 <b>Due %s</b> (%d)", esc(window), total)))
	writeGrouped(&b, items, today, lang)
	writeMore(&b, total-len(items), lang)
	return b.String()
}

// OverdueList renders open tasks past their deadline, grouped by owner,
// oldest deadline first; total is how many are overdue in all.
func OverdueList(items []duban.Item, total int, today duban.Date, lang string) string {
	if total == 0 && len(items) == 0 {
		return Tr(lang, "✅ 没有逾期的任务。", "✅ Nothing is overdue.")
	}
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("⚠️ <b>逾期未完成的任务</b>（共%d项）", total),
		fmt.Sprintf("⚠️ <b>Overdue tasks</b> (%d)", total)))
	writeGrouped(&b, items, today, lang)
	writeMore(&b, total-len(items), lang)
	return b.String()
}

// OverdueNote is the line under a due list that points to the overdue ones
// besides; empty when there are none.
func OverdueNote(n int, lang string) string {
	if n <= 0 {
		return ""
	}
	return Tr(lang,
		fmt.Sprintf("另有%d项已逾期，发送 /overdue 查看。", n),
		fmt.Sprintf("%d more %s overdue: send /overdue.", n, plural(n, "task is", "tasks are")))
}

// OwnerList renders the open tasks of the owners a query matched, grouped
// by owner.
func OwnerList(query string, owners []string, items []duban.Item, total int, today duban.Date, lang string) string {
	name := query
	if len(owners) == 1 {
		name = owners[0]
	}
	if total == 0 && len(items) == 0 {
		return Tr(lang,
			fmt.Sprintf("👥 %s目前没有未完成的任务。", esc(name)),
			fmt.Sprintf("👥 %s has no open tasks.", esc(name)))
	}
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("👥 <b>%s的未完成任务</b>（共%d项）", esc(name), total),
		fmt.Sprintf("👥 <b>Open tasks of %s</b> (%d)", esc(name), total)))
	if len(owners) > 1 {
		b.WriteString(Tr(lang, "\n匹配的单位：", "\nMatching units: "))
		b.WriteString(esc(strings.Join(owners, Tr(lang, "、", ", "))))
	}
	writeGrouped(&b, items, today, lang)
	writeMore(&b, total-len(items), lang)
	return b.String()
}

// NoOwner says that no unit matches a query and lists the known ones.
func NoOwner(query string, known []string, lang string) string {
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("没有找到单位“%s”。", esc(query)),
		fmt.Sprintf("No unit matches “%s”.", esc(query))))
	if len(known) == 0 {
		b.WriteString(Tr(lang, "计划里还没有牵头单位。", " The plan names no units yet."))
		return b.String()
	}
	const max = 40
	shown := known
	if len(shown) > max {
		shown = shown[:max]
	}
	b.WriteString(Tr(lang, "\n已知单位：", "\nKnown units: "))
	b.WriteString(esc(strings.Join(shown, Tr(lang, "、", ", "))))
	if len(known) > max {
		b.WriteString(Tr(lang, fmt.Sprintf(" 等%d个", len(known)), fmt.Sprintf(" and %d more", len(known)-max)))
	}
	return b.String()
}

// writeGrouped writes items under a bold line per owner. Owners come in the
// order of their first item, so a list sorted by deadline shows the most
// urgent owner first; the owner is left out of each line since the group
// heading names it.
func writeGrouped(b *strings.Builder, items []duban.Item, today duban.Date, lang string) {
	order, groups := groupByOwner(items)
	for _, owner := range order {
		fmt.Fprintf(b, "\n\n<b>%s</b>", esc(OwnerName(owner, lang)))
		for _, it := range groups[owner] {
			it.Owner = ""
			b.WriteString("\n")
			b.WriteString(ItemLine(it, today, lang))
		}
	}
}

// writeMore says how many items a capped list leaves out.
func writeMore(b *strings.Builder, n int, lang string) {
	if n <= 0 {
		return
	}
	b.WriteString(Tr(lang,
		fmt.Sprintf("\n\n……另有%d项未列出，可按单位查看（/owner 单位）或缩小范围（/due 3）。", n),
		fmt.Sprintf("\n\n… and %d more not listed: narrow it by unit (/owner unit) or by days (/due 3).", n)))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groupByOwner splits items by owner, the owners in the order of their first
// item, so that a list sorted by deadline keeps the most urgent owner first.
func groupByOwner(items []duban.Item) (order []string, groups map[string][]duban.Item) {
	groups = map[string][]duban.Item{}
	for _, it := range items {
		if _, ok := groups[it.Owner]; !ok {
			order = append(order, it.Owner)
		}
		groups[it.Owner] = append(groups[it.Owner], it)
	}
	return order, groups
}

// OwnerName is how a lead unit is named in a heading: its name, or words
// saying that no unit leads.
func OwnerName(owner, lang string) string {
	if owner == "" {
		return Tr(lang, "未定牵头单位", "No lead unit")
	}
	return owner
}
