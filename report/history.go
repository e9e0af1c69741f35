package report

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/tidwall/gjson"
)

// HistoryEntry is one change of an item, read from the audit trail.
type HistoryEntry = duban.Change

// History renders an item's recorded changes, newest first: when, who, what
// and, for edits, each changed field as before → after. more says that
// older changes were left out.
func History(number int, entries []HistoryEntry, more bool, loc *time.Location, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "🕘 <b>#%d 的变更记录</b>", "🕘 <b>History of #%d</b>"), number)
	if len(entries) == 0 {
		b.WriteString(Tr(lang, "\n暂无记录。", "\nNothing recorded yet."))
		return b.String()
	}
	if more {
		fmt.Fprintf(&b, Tr(lang, "（最近%d条）", " (latest %d)"), len(entries))
	}
	for _, e := range entries {
		b.WriteString("\n• ")
		b.WriteString(e.At.In(loc).Format(Tr(lang, "1月2日 15:04", "Jan 2 15:04")))
		b.WriteString(" ")
		b.WriteString(esc(ActorName(e.Actor, lang)))
		b.WriteString(" ")
		b.WriteString(esc(ChangeText(e, lang)))
	}
	return b.String()
}

// ActorName names who made a change: the person, or the program.
func ActorName(a duban.Actor, lang string) string {
	switch {
	case a.Name != "":
		return a.Name
	case a.UserID != 0:
		return fmt.Sprintf("%d", a.UserID)
	case a.Via == "cli":
		return Tr(lang, "命令行", "command line")
	}
	return Tr(lang, "系统", "system")
}

// ChangeText says in plain text what a change did: "修改：牵头单位 A → B",
// "报送进展（60%）：…", "从《计划》导入".
func ChangeText(e HistoryEntry, lang string) string {
	if e.Action == duban.ChangeProgress || e.Action == duban.ChangeDone {
		return reportChangeText(e, lang)
	}
	var before, after *duban.ItemSnapshot
	if e.Before != nil {
		before = new(duban.ItemSnapshot)
		if json.Unmarshal(e.Before, before) != nil {
			before = nil
		}
	}
	if e.After != nil {
		after = new(duban.ItemSnapshot)
		if json.Unmarshal(e.After, after) != nil {
			after = nil
		}
	}
	switch e.Action {
	case duban.ChangeAdd:
		return Tr(lang, "添加了本事项", "added the item")
	case duban.ChangeDelete:
		return Tr(lang, "删除了本事项", "deleted the item")
	case duban.ChangeImport:
		if before == nil {
			return fmt.Sprintf(Tr(lang, "从《%s》导入", "imported from %s"), e.Subject)
		}
		return fmt.Sprintf(Tr(lang, "重新导入《%s》：", "re-imported %s: "), e.Subject) + changes(before, after, lang)
	case duban.ChangeEdit:
		return Tr(lang, "修改：", "changed ") + changes(before, after, lang)
	case duban.ChangeWithdraw:
		s := Tr(lang, "撤回进展", "withdrew a report")
		if before != nil && before.Report != "" {
			s += Tr(lang, "“", " “") + clip(before.Report, 80) + "”"
		}
		if c := changes(before, after, lang); before != nil && after != nil && c != Tr(lang, "无变化", "no change") {
			s += Tr(lang, "：", ": ") + c
		}
		return s
	case duban.ChangeExtendAsk:
		var req struct {
			Deadline, Words, Reason string
			Late                    bool
		}
		json.Unmarshal(e.After, &req)
		s := Tr(lang, "申请延期至", "asked to extend to ") + req.Deadline
		if req.Words != "" {
			s += Tr(lang, "（"+req.Words+"）", " ("+req.Words+")")
		}
		if req.Reason != "" {
			s += Tr(lang, "，理由：", ", because: ") + clip(req.Reason, 60)
		}
		if req.Late {
			s += Tr(lang, "（逾期后申请）", " (after the deadline)")
		}
		return s
	case duban.ChangeExtend:
		return Tr(lang, "批准延期：", "extension approved: ") + changes(before, after, lang)
	case duban.ChangeExtendRefuse:
		return Tr(lang, "未同意延期申请", "extension refused")
	case duban.ChangeUrge:
		var u struct {
			Serial string `json:"serial"`
			Kind   string `json:"kind"`
			Days   int    `json:"days_overdue"`
			Note   string `json:"note"`
			Failed string `json:"failed"`
		}
		json.Unmarshal(e.After, &u)
		s := Tr(lang, "催办：", "chased: ") + UrgeLine(duban.Urge{Kind: duban.UrgeKind(u.Kind), Serial: u.Serial, DaysOverdue: u.Days, Failed: u.Failed}, lang)
		if u.Note != "" {
			s += Tr(lang, "，附言：", ", note: ") + clip(u.Note, 60)
		}
		return s
	case duban.ChangeCloseAsk:
		s := Tr(lang, "申请办结", "asked to close it")
		if after != nil && after.Report != "" {
			s += Tr(lang, "：", ": ") + clip(after.Report, 80)
		}
		return s
	case duban.ChangeClose:
		return Tr(lang, "审核通过，销号", "closed it after review")
	case duban.ChangeReturn:
		s := Tr(lang, "退回办结申请", "returned the closing request")
		if after != nil && after.Report != "" {
			s += Tr(lang, "，理由：", ", because: ") + clip(after.Report, 80)
		}
		return s
	case duban.ChangeAck:
		return fmt.Sprintf(Tr(lang, "签收（%s）", "acknowledged for %s"), e.Subject)
	case duban.ChangeEvidence:
		s := fmt.Sprintf(Tr(lang, "上传佐证材料（%s）", "attached evidence (%s)"), EvidenceKindText(e.Subject, lang))
		if after != nil && after.Evidence != "" {
			s += Tr(lang, "：", ": ") + clip(after.Evidence, 80)
		}
		return s
	}
	return e.Action
}

// reportChangeText says what a report (progress or done) did. It reads
// only the percent and the words of the snapshots, with gjson rather than
// by decoding them: a month's ledger lists tens of thousands of reports.
// A snapshot that is not JSON, or whose percent is no whole number or
// whose words are no string, cannot be read, as for json.Unmarshal.
func reportChangeText(e HistoryEntry, lang string) string {
	verb := Tr(lang, "报送进展", "reported")
	if e.Action == duban.ChangeDone {
		verb = Tr(lang, "销号", "closed it")
	}
	after, ok := reportSnapshot(e.After)
	if !ok {
		return verb
	}
	s := verb
	if before, ok := reportSnapshot(e.Before); !ok || before.percent != after.percent {
		s += fmt.Sprintf(Tr(lang, "（%d%%）", " (%d%%)"), after.percent)
	}
	if after.report != "" {
		s += Tr(lang, "：", ": ") + clip(after.report, 80)
	}
	return s
}

// reportFields are what a report's snapshot tells of it.
type reportFields struct {
	percent int
	report  string
}

// reportSnapshot reads the percent and the report of an ItemSnapshot;
// false when there is none or it cannot be read.
func reportSnapshot(data []byte) (reportFields, bool) {
	var f reportFields
	if data == nil || !gjson.ValidBytes(data) {
		return f, false
	}
	r := gjson.GetManyBytes(data, "percent", "report")
	switch pct := r[0]; pct.Type {
	case gjson.Null:
	case gjson.Number:
		n, err := strconv.Atoi(pct.Raw)
		if err != nil {
			return f, false
		}
		f.percent = n
	default:
		return f, false
	}
	switch r[1].Type {
	case gjson.Null:
	case gjson.String:
		f.report = r[1].Str
	default:
		return f, false
	}
	return f, true
}

// changes lists the fields that differ between two snapshots.
func changes(before, after *duban.ItemSnapshot, lang string) string {
	if before == nil || after == nil {
		return ""
	}
	type field struct {
		zh, en   string
		old, new string
	}
	fields := []field{
		{"标题", "title", before.Title, after.Title},
		{"内容", "body", clip(before.Body, 40), clip(after.Body, 40)},
		{"牵头单位", "owner", before.Owner, after.Owner},
		{"配合单位", "partners", strings.Join(before.Partners, "、"), strings.Join(after.Partners, "、")},
		{"时限", "deadline", deadlineWords(before), deadlineWords(after)},
		{"目标", "target", before.Target, after.Target},
		{"状态", "status", StatusText(duban.Status(before.Status), lang), StatusText(duban.Status(after.Status), lang)},
		{"进度", "percent", fmt.Sprintf("%d%%", before.Percent), fmt.Sprintf("%d%%", after.Percent)},
		{"编号", "code", before.Code, after.Code},
		{"原定时限", "original deadline", before.OriginalDeadline, after.OriginalDeadline},
		{"节点", "milestones", milestoneWords(before.Milestones, lang), milestoneWords(after.Milestones, lang)},
	}
	var parts []string
	none := Tr(lang, "无", "none")
	for _, f := range fields {
		if f.old == f.new {
			continue
		}
		o, n := f.old, f.new
		if o == "" {
			o = none
		}
		if n == "" {
			n = none
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s", Tr(lang, f.zh, f.en), o, n))
	}
	if len(parts) == 0 {
		return Tr(lang, "无变化", "no change")
	}
	return strings.Join(parts, Tr(lang, "；", "; "))
}

func deadlineWords(s *duban.ItemSnapshot) string {
	switch {
	case s.Deadline == "":
		return s.DeadlineText
	case s.DeadlineText == "":
		return s.Deadline
	}
	return s.Deadline + "（" + s.DeadlineText + "）"
}

// milestoneWords lists milestones briefly for the history: "12-20 完成督导报告✔".
func milestoneWords(ms []duban.Milestone, lang string) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		p := m.Date.String() + " " + clip(m.Text, 20)
		if m.Done {
			p += "✔"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, Tr(lang, "；", "; "))
}
