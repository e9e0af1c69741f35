package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// The aspects ItemAnswer answers; the handlers' Aspect values.
const (
	AspectOwner     = "owner"
	AspectPartners  = "partners"
	AspectDeadline  = "deadline"
	AspectTarget    = "target"
	AspectMaterials = "materials"
)

// ItemAnswer answers one question about an item from the item itself: who
// leads it (with its partners), its deadline, its target, or what to report
// on it, then the state it is in.
//
//	#4 完成营养餐供餐招标
//	牵头单位：督导室
//	配合单位：各学校
//	状态：未开始 · 12月2日前完成，还剩7天
func ItemAnswer(it duban.Item, aspect string, today duban.Date, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>#%d</b> %s", it.Number, esc(it.Title))
	writeAspect(&b, it, aspect, today, lang)
	b.WriteString("\n")
	b.WriteString(stateLine(it, aspect, today, lang))
	return b.String()
}

// writeAspect writes the lines that answer aspect.
func writeAspect(b *strings.Builder, it duban.Item, aspect string, today duban.Date, lang string) {
	line := func(zh, en, value string) {
		fmt.Fprintf(b, "\n%s%s", Tr(lang, zh+"：", en+": "), value)
	}
	none := func(zh, en string) string { return Tr(lang, "计划中没有写明"+zh, "the plan names no "+en) }
	owner := esc(it.Owner)
	if owner == "" {
		owner = none("牵头单位", "lead unit")
	}
	partners := esc(strings.Join(it.Partners, Tr(lang, "、", ", ")))
	switch aspect {
	case AspectOwner:
		line("牵头单位", "Lead unit", owner)
		if partners != "" {
			line("配合单位", "Partners", partners)
		}
	case AspectPartners:
		if partners == "" {
			partners = Tr(lang, "无（计划中没有列出配合单位）", "none listed in the plan")
		}
		line("配合单位", "Partners", partners)
		line("牵头单位", "Lead unit", owner)
	case AspectDeadline:
		if it.Deadline.IsZero() {
			line("时限", "Deadline", none("时限", "deadline"))
			break
		}
		line("时限", "Deadline", DeadlineText(it, today, lang))
	case AspectTarget:
		target := esc(it.Target)
		if target == "" {
			target = none("量化目标", "measurable target")
		}
		line("目标", "Target", target)
		if it.Body != "" {
			line("内容", "Details", esc(clip(it.Body, detailReportRunes)))
		}
	case AspectMaterials:
		b.WriteString(Tr(lang, "\n计划中没有单列报送材料的要求，按任务内容和目标报送进展即可：",
			"\nThe plan lists no particular materials: report what was done against the task and its target."))
		if it.Body != "" {
			line("内容", "Details", esc(clip(it.Body, detailReportRunes)))
		}
		if it.Target != "" {
			line("目标", "Target", esc(it.Target))
		}
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n报送方式：发送“#%d 做了什么（可写进度，如60%%）”。", it.Number),
			fmt.Sprintf("\nTo report: send “#%d what was done (a percent if you have one, e.g. 60%%)”.", it.Number)))
	}
}

// stateLine is the item's state under an answer; the deadline is left out
// when the answer is the deadline.
func stateLine(it duban.Item, aspect string, today duban.Date, lang string) string {
	state := ItemStatusText(it, lang)
	if it.Status == duban.StatusDoing && it.Percent > 0 {
		state += fmt.Sprintf(" %d%%", it.Percent)
	}
	if aspect != AspectDeadline && !it.Deadline.IsZero() {
		state += " · " + DeadlineText(it, today, lang)
	}
	return Tr(lang, "状态：", "Status: ") + state
}

// DeadlineText writes an item's deadline with the plan's words when they
// add something to the date, and, while the item is open, how far it is:
// "12月2日 还剩7天", "9月30日（9月底前） 逾期67天". "12月8日前" beside 12月8日
// adds nothing and is left out.
func DeadlineText(it duban.Item, today duban.Date, lang string) string {
	s := DeadlineWords(it, today, lang)
	if it.Open() && !it.Deadline.IsZero() {
		due := DueText(it.Deadline, today, lang)
		if it.Overdue(today) {
			due = "<b>" + due + "</b>"
		}
		s += " " + due
	}
	return s
}

// DeadlineWords writes an item's deadline with the plan's words when they
// add something to the date: "9月30日（9月底前）", but "12月8日" for
// "12月8日前".
func DeadlineWords(it duban.Item, today duban.Date, lang string) string {
	if it.Deadline.IsZero() && strings.TrimSpace(it.DeadlineText) != "" {
		return esc(it.DeadlineText) // "长期坚持": no date to show
	}
	date := DateText(it.Deadline, today, lang)
	if words := it.DeadlineText; words != "" && !it.Deadline.IsZero() && !restatesDate(words, DateText(it.Deadline, today, LangZH)) {
		date += Tr(lang, "（"+esc(words)+"）", " ("+esc(words)+")")
	}
	return date
}

// TopicAnswer answers a question about a topic ("消防演练谁牵头",
// "营养餐的任务进展到哪了"): the item that matches best, answered as
// ItemAnswer would (its latest report when the question is about its
// progress), then the other matches. latest may be nil.
func TopicAnswer(topic string, aspect string, best duban.Item, latest *duban.Progress, others []duban.Item, today duban.Date, loc *time.Location, lang string) string {
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("🔎 与“%s”最相关的事项：\n", esc(topic)),
		fmt.Sprintf("🔎 The item that best matches “%s”:\n", esc(topic))))
	b.WriteString(ItemLine(best, today, lang))
	switch aspect {
	case AspectOwner, AspectPartners, AspectDeadline, AspectTarget, AspectMaterials:
		writeAspect(&b, best, aspect, today, lang)
	default:
		if latest != nil {
			b.WriteString(Tr(lang, "\n最新进展：", "\nLatest report: "))
			b.WriteString(strings.TrimPrefix(ReportLine(*latest, loc, lang), "• "))
		} else if best.Kind == duban.KindTask {
			b.WriteString(Tr(lang, "\n尚无进展报送。", "\nNo progress reported yet."))
		}
	}
	if len(others) > 0 {
		b.WriteString(Tr(lang, "\n\n其他相关事项：", "\n\nOther matches:"))
		for _, it := range others {
			b.WriteString("\n")
			b.WriteString(ItemLine(it, today, lang))
		}
	}
	fmt.Fprintf(&b, Tr(lang, "\n\n发送 /item %d 查看详情，/search %s 查看全部结果。", "\n\nSend /item %d for the details, /search %s for every match."),
		best.Number, esc(topic))
	return b.String()
}

// NoteRecorded confirms a report saying work has not started: it is kept,
// and the item's status stays as it was.
func NoteRecorded(it duban.Item, today duban.Date, lang string) string {
	return Tr(lang,
		fmt.Sprintf("📝 已记录 #%d 的情况（尚未开始），状态仍为“%s”。", it.Number, StatusText(it.Status, lang)),
		fmt.Sprintf("📝 Noted on #%d (not started yet); it stays %s.", it.Number, StatusText(it.Status, lang))) +
		"\n" + ItemLine(it, today, lang)
}

// RecordPrompt asks whether a message that is neither clearly a question
// nor a report is progress on the item; buttons carry the answer.
func RecordPrompt(it duban.Item, text string, lang string) string {
	return Tr(lang,
		fmt.Sprintf("要把这条消息记为 <b>#%d</b> %s 的进展吗？\n“%s”", it.Number, esc(clip(it.Title, 30)), esc(clip(text, 60))),
		fmt.Sprintf("Record this as progress on <b>#%d</b> %s?\n“%s”", it.Number, esc(clip(it.Title, 30)), esc(clip(text, 60))))
}

// ReportWithdrawn confirms a withdrawn report and shows the item as it now
// stands, without it.
func ReportWithdrawn(p duban.Progress, it duban.Item, today duban.Date, loc *time.Location, lang string) string {
	return Tr(lang,
		fmt.Sprintf("↩️ 已撤回 #%d 的一条进展，不再计入进度、通报和总结（变更记录中保留）：\n", it.Number),
		fmt.Sprintf("↩️ A report on #%d was withdrawn: it no longer counts anywhere (the history keeps it):\n", it.Number)) +
		ReportLine(p, loc, lang) + "\n" + Tr(lang, "现在：", "Now: ") + ItemLine(it, today, lang)
}

// WithdrawChoices lists an item's latest reports for an admin to pick the
// one to withdraw (the buttons are numbered as the lines).
func WithdrawChoices(it duban.Item, reports []duban.Progress, loc *time.Location, lang string) string {
	if len(reports) == 0 {
		return Tr(lang, fmt.Sprintf("#%d 还没有进展，没有可撤回的。", it.Number), fmt.Sprintf("#%d has no reports to withdraw.", it.Number))
	}
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("要撤回 <b>#%d</b> %s 的哪一条进展？撤回后不再计入进度、通报和总结，变更记录中保留。", it.Number, esc(clip(it.Title, 30))),
		fmt.Sprintf("Which report on <b>#%d</b> %s should be withdrawn? It will no longer count anywhere; the history keeps it.", it.Number, esc(clip(it.Title, 30)))))
	for i, p := range reports {
		fmt.Fprintf(&b, "\n%d. %s", i+1, strings.TrimPrefix(ReportLine(p, loc, lang), "• "))
	}
	return b.String()
}

// CountsText answers "还有多少任务没完成", "一共多少项", "完成率多少": the
// figure asked for first ("open", "total", "rate" or "done"), then the
// others. Cancelled tasks are in none of them.
func CountsText(c duban.TaskCounts, focus string, lang string) string {
	total := c.Done + c.Open
	if total == 0 {
		return Tr(lang, "计划里还没有任务。", "The plan has no tasks yet.")
	}
	rate := c.Done * 100 / total
	var head string
	switch focus {
	case "open":
		head = Tr(lang, fmt.Sprintf("📊 还有<b>%d项</b>任务未完成（其中逾期%d项）。", c.Open, c.Overdue),
			fmt.Sprintf("📊 <b>%d</b> %s open (%d overdue).", c.Open, plural(c.Open, "task is", "tasks are"), c.Overdue))
	case "rate":
		head = Tr(lang, fmt.Sprintf("📊 完成率<b>%d%%</b>（已完成%d项 / 共%d项）。", rate, c.Done, total),
			fmt.Sprintf("📊 <b>%d%%</b> done (%d of %d tasks).", rate, c.Done, total))
	case "done":
		head = Tr(lang, fmt.Sprintf("📊 已完成<b>%d项</b>任务。", c.Done),
			fmt.Sprintf("📊 <b>%d</b> %s done.", c.Done, plural(c.Done, "task is", "tasks are")))
	default:
		head = Tr(lang, fmt.Sprintf("📊 计划共有<b>%d项</b>任务。", total),
			fmt.Sprintf("📊 The plan has <b>%d</b> %s.", total, plural(total, "task", "tasks")))
	}
	scope := ""
	if c.Plans > 1 {
		scope = Tr(lang, fmt.Sprintf("（%d份计划合计）", c.Plans), fmt.Sprintf(" (%d plans together)", c.Plans))
	}
	return head + "\n" + Tr(lang,
		fmt.Sprintf("共%d项%s：已完成%d项，未完成%d项，其中逾期%d项；完成率%d%%。已取消的任务不计在内，各部分情况发送 /plan 查看。",
			total, scope, c.Done, c.Open, c.Overdue, rate),
		fmt.Sprintf("%d tasks%s: %d done, %d open, %d of them overdue; %d%% done. Cancelled tasks are not counted; send /plan for each section.",
			total, scope, c.Done, c.Open, c.Overdue, rate))
}

// PartnerList renders the open tasks on which the matched units are
// partners (配合单位), marked as such, under the tasks they lead (which
// OwnerList renders).
func PartnerList(query string, partners []string, items []duban.Item, total int, today duban.Date, lang string) string {
	name := query
	if len(partners) == 1 {
		name = partners[0]
	}
	if total == 0 && len(items) == 0 {
		return Tr(lang,
			fmt.Sprintf("🤝 %s配合的任务目前没有未完成的。", esc(name)),
			fmt.Sprintf("🤝 %s supports no open task as a partner.", esc(name)))
	}
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("🤝 <b>%s配合的未完成任务</b>（共%d项，牵头单位见括号）", esc(name), total),
		fmt.Sprintf("🤝 <b>Open tasks %s supports as a partner</b> (%d; lead unit in brackets)", esc(name), total)))
	if len(partners) > 1 {
		b.WriteString(Tr(lang, "\n匹配的配合单位：", "\nMatching partners: "))
		b.WriteString(esc(strings.Join(partners, Tr(lang, "、", ", "))))
	}
	for _, it := range items {
		b.WriteString("\n")
		b.WriteString(ItemLine(it, today, lang))
	}
	writeMore(&b, total-len(items), lang)
	return b.String()
}
