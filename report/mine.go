package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// UnitItems are one unit's open tasks, judged.
type UnitItems struct {
	Unit  string
	Items []duban.Item
	Total int // its open tasks in all; more than len(Items) when cut
}

// lightRank orders lights red first.
var lightRank = map[duban.Light]int{duban.LightRed: 0, duban.LightYellow: 1, duban.LightGreen: 2, duban.LightNone: 3}

// MineList answers /mine (我的任务) and 我分管的: the open tasks of the
// sender's units, a heading per unit, red first, then yellow, then by
// deadline. leader says it is the 分管领导's view of the units they
// oversee.
func MineList(groups []UnitItems, leader bool, today duban.Date, lang string) string {
	var b strings.Builder
	total, red := 0, 0
	for _, g := range groups {
		total += g.Total
		for _, it := range g.Items {
			if it.Standing.Light == duban.LightRed {
				red++
			}
		}
	}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Unit
	}
	who := esc(strings.Join(names, Tr(lang, "、", ", ")))
	switch {
	case leader:
		fmt.Fprintf(&b, Tr(lang, "🧭 <b>我分管的单位</b>（%s）：未完成任务%d项", "🧭 <b>Units I oversee</b> (%s): %d open tasks"), who, total)
	default:
		fmt.Fprintf(&b, Tr(lang, "📌 <b>我的任务</b>（%s）：未完成任务%d项", "📌 <b>My tasks</b> (%s): %d open tasks"), who, total)
	}
	if red > 0 {
		fmt.Fprintf(&b, Tr(lang, "，其中🔴红灯%d项", ", 🔴 %d red"), red)
	}
	if total == 0 {
		b.WriteString(Tr(lang, "。\n目前没有未完成的任务。", ".\nNothing open."))
		return b.String()
	}
	b.WriteString(Tr(lang, "。", "."))
	// With several units, those with red items first.
	sorted := append([]UnitItems(nil), groups...)
	sort.SliceStable(sorted, func(i, j int) bool { return worst(sorted[i].Items) < worst(sorted[j].Items) })
	for _, g := range sorted {
		if g.Total == 0 {
			continue
		}
		items := append([]duban.Item(nil), g.Items...)
		sort.SliceStable(items, func(i, j int) bool {
			a, c := lightRank[items[i].Standing.Light], lightRank[items[j].Standing.Light]
			if a != c {
				return a < c
			}
			di, dj := items[i].Deadline, items[j].Deadline
			switch {
			case di.IsZero() != dj.IsZero():
				return dj.IsZero()
			case !di.IsZero() && di != dj:
				return di.Before(dj)
			}
			return items[i].Number < items[j].Number
		})
		fmt.Fprintf(&b, "\n\n<b>%s</b>（%d）", esc(g.Unit), g.Total)
		for _, it := range items {
			b.WriteString("\n")
			b.WriteString(ItemLine(it, today, lang))
		}
		writeMore(&b, g.Total-len(g.Items), lang)
	}
	b.WriteString(Tr(lang, "\n\n报送进展：发送“#编号 进展内容”；办结：发送“/done 编号 说明”。", "\n\nReport with \"#N what was done\"; finished: \"/done N\"."))
	return b.String()
}

func worst(items []duban.Item) int {
	w := len(lightRank)
	for _, it := range items {
		if r, ok := lightRank[it.Standing.Light]; ok && r < w {
			w = r
		}
	}
	return w
}

// AssignNotice tells a unit's members in a group that tasks were assigned
// to them, to acknowledge (签收) with the button under it.
func AssignNotice(unit string, items []duban.Item, members []duban.Member, today duban.Date, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "📋 <b>任务签收</b>：<b>%s</b> 牵头%d项任务", "📋 <b>Please acknowledge</b>: <b>%s</b> leads %d tasks"), esc(unit), len(items))
	ms := remindMembersOf(members, unit)
	b.WriteString(mentions(ms, lang))
	const shown = 20
	for i, it := range items {
		if i == shown {
			writeMore(&b, len(items)-shown, lang)
			break
		}
		b.WriteString("\n")
		b.WriteString(ItemLine(it, today, lang))
	}
	if len(ms) == 0 {
		fmt.Fprintf(&b, Tr(lang, "\n\n本群还没有%s的成员登记：请先发送“/iam %s”登记，再点“签收”。", "\n\nNo member of %s is registered here: send \"/iam %s\" first, then press the button."), esc(unit), esc(unit))
	} else {
		fmt.Fprintf(&b, Tr(lang, "\n\n请%s的同事点下方“签收”确认收到。", "\n\nA member of %s, please press the button to acknowledge."), esc(unit))
	}
	return b.String()
}

// UnackedSection is the weekly reminder's list of tasks not acknowledged
// (签收) days after they were assigned; "" when there are none.
func UnackedSection(items []duban.Item, days int, today duban.Date, lang string) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "📋 <b>分配超过%d天仍未签收</b>（%d项）", "📋 <b>Not acknowledged %d days after assignment</b> (%d)"), days, len(items))
	writeGrouped(&b, items, today, lang)
	return b.String()
}

// AssignNotices is one message asking many units to acknowledge (签收)
// their tasks, each unit a line with its members mentioned, a button each.
func AssignNotices(units []string, byUnit map[string][]duban.Item, members []duban.Member, lang string) string {
	var b strings.Builder
	total := 0
	for _, u := range units {
		total += len(byUnit[u])
	}
	fmt.Fprintf(&b, Tr(lang, "📋 <b>任务签收</b>：%d个单位牵头%d项任务，请各单位登记的成员点下方本单位的按钮签收（/mine 查看本单位的任务）。",
		"📋 <b>Please acknowledge</b>: %d units lead %d tasks; a registered member of each unit, press your unit's button (/mine lists them)."), len(units), total)
	for _, u := range units {
		fmt.Fprintf(&b, Tr(lang, "\n• <b>%s</b> %d项", "\n• <b>%s</b> %d"), esc(u), len(byUnit[u]))
		b.WriteString(mentions(remindMembersOf(members, u), lang))
	}
	return b.String()
}
