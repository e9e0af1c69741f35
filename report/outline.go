package report

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// OutlineSection is one line of the plan outline: a top-level section and
// the counts of the tasks under it. A zero Section.Number stands for the
// tasks outside any section.
type OutlineSection struct {
	Section duban.Item
	Done    int
	Open    int
	Overdue int
}

// OutlinePlan is one plan with its top-level sections.
type OutlinePlan struct {
	Plan     duban.Plan
	Sections []OutlineSection
}

// Outline renders every plan with its top-level sections and their counts
// of done, open and overdue tasks.
func Outline(plans []OutlinePlan, lang string) string {
	if len(plans) == 0 {
		return Tr(lang, "还没有导入工作计划。管理员可以发送计划文件导入，或用 /add 添加事项。",
			"No plan has been imported yet. An admin can send the plan document or add items with /add.")
	}
	var b strings.Builder
	for i, p := range plans {
		if i > 0 {
			b.WriteString("\n\n")
		}
		var done, open, overdue int
		for _, s := range p.Sections {
			done, open, overdue = done+s.Done, open+s.Open, overdue+s.Overdue
		}
		fmt.Fprintf(&b, "📋 <b>%s</b>\n", esc(p.Plan.Name))
		b.WriteString(Tr(lang,
			fmt.Sprintf("共%d项任务：已完成%d，未完成%d，逾期%d", done+open, done, open, overdue),
			fmt.Sprintf("%d tasks: %d done, %d open, %d overdue", done+open, done, open, overdue)))
		if done+open > 0 {
			fmt.Fprintf(&b, Tr(lang, "（完成率%d%%）", " (%d%% done)"), done*100/(done+open))
		}
		for _, s := range p.Sections {
			b.WriteString("\n")
			if s.Section.Number == 0 {
				b.WriteString(Tr(lang, "• 其他事项", "• Other items"))
			} else {
				fmt.Fprintf(&b, "• <b>#%d</b> %s", s.Section.Number, esc(strings.TrimSpace(s.Section.Code+" "+s.Section.Title)))
			}
			b.WriteString(Tr(lang,
				fmt.Sprintf("：完成%d / 未完成%d", s.Done, s.Open),
				fmt.Sprintf(": %d done / %d open", s.Done, s.Open)))
			if s.Overdue > 0 {
				b.WriteString(Tr(lang,
					fmt.Sprintf(" / <b>逾期%d</b>", s.Overdue),
					fmt.Sprintf(" / <b>%d overdue</b>", s.Overdue)))
			}
		}
	}
	b.WriteString(Tr(lang, "\n\n发送 /item 编号 查看某一部分的事项。", "\n\nSend /item N to see the items of a section."))
	return b.String()
}
