package report

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// LightsList renders open tasks by light (/lights), grouped by lead unit
// under each light, red first; counts are the tasks of each light in all.
func LightsList(items []duban.Item, counts map[duban.Light]int, today duban.Date, lang string) string {
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("🚦 <b>预警情况</b>：🔴红灯%d项，🟡黄灯%d项，🟢绿灯%d项，⚪无时限%d项，✅已完成%d项",
			counts[duban.LightRed], counts[duban.LightYellow], counts[duban.LightGreen], counts[duban.LightNone], counts[duban.LightDone]),
		fmt.Sprintf("🚦 <b>Lights</b>: 🔴 %d red, 🟡 %d yellow, 🟢 %d green, ⚪ %d without deadline, ✅ %d done",
			counts[duban.LightRed], counts[duban.LightYellow], counts[duban.LightGreen], counts[duban.LightNone], counts[duban.LightDone])))
	if len(items) == 0 {
		b.WriteString(Tr(lang, "\n\n没有要列出的任务。", "\n\nNothing to list."))
		return b.String()
	}
	shown := items
	if len(shown) > remindMaxListed {
		shown = shown[:remindMaxListed]
	}
	var light duban.Light
	var group []duban.Item
	flush := func() {
		if len(group) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n\n%s <b>%s</b>", light.Emoji(), LightWord(light, lang))
		writeGrouped(&b, group, today, lang)
		group = nil
	}
	for _, it := range shown {
		if it.Standing.Light != light {
			flush()
			light = it.Standing.Light
		}
		group = append(group, it)
	}
	flush()
	if n := len(items) - len(shown); n > 0 {
		b.WriteString(Tr(lang, fmt.Sprintf("\n\n……另有%d项未列出，详见台账（/export）。", n), fmt.Sprintf("\n\n… and %d more: see the ledger (/export).", n)))
	}
	b.WriteString(Tr(lang, "\n\n🔴 逾期或严重滞后于序时进度；🟡 临近时限、滞后或未报送。", "\n\n🔴 overdue or far behind schedule; 🟡 due soon, behind, or unreported."))
	return b.String()
}

// MissingList renders who owes a report (/missing): the tasks of the
// current cycle with no report yet, grouped by unit, and the last cycle's
// missed and late ones.
func MissingList(owing []duban.Item, cur duban.Period, missed, late []duban.Item, prev duban.Period, today duban.Date, lang string) string {
	var b strings.Builder
	due := Tr(lang, "报送截止："+DateText(cur.Due, today, lang), "due by "+DateText(cur.Due, today, lang))
	if cur.Due.Before(today) {
		due = Tr(lang, "已过报送日（"+DateText(cur.Due, today, lang)+"）", "past the due day ("+DateText(cur.Due, today, lang)+")")
	}
	b.WriteString(Tr(lang,
		fmt.Sprintf("📮 <b>本期报送情况</b>（%s—%s，%s）：尚未报送%d项", DateText(cur.From, today, lang), DateText(cur.To, today, lang), due, len(owing)),
		fmt.Sprintf("📮 <b>Reports this cycle</b> (%s – %s, %s): %d not yet", DateText(cur.From, today, lang), DateText(cur.To, today, lang), due, len(owing))))
	if len(owing) == 0 {
		b.WriteString(Tr(lang, "\n各单位本期都已报送。", "\nEvery unit has reported this cycle."))
	} else {
		shown := owing
		if len(shown) > remindMaxListed {
			shown = shown[:remindMaxListed]
		}
		writeGrouped(&b, shown, today, lang)
		writeMore(&b, len(owing)-len(shown), lang)
	}
	if len(missed)+len(late) > 0 {
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n\n<b>上期</b>（%s—%s）：漏报%d项，迟报%d项", DateText(prev.From, today, lang), DateText(prev.To, today, lang), len(missed), len(late)),
			fmt.Sprintf("\n\n<b>Last cycle</b> (%s – %s): %d missed, %d late", DateText(prev.From, today, lang), DateText(prev.To, today, lang), len(missed), len(late))))
		writeUnreported(&b, missed, late, newRemindAddressee(nil, lang), lang)
	}
	b.WriteString(Tr(lang, "\n\n报送方式：发送“#编号 进展内容”。", "\n\nTo report, send “#N what was done”."))
	return b.String()
}
