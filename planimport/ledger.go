package planimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A ledger (台账) is a table with one task per row. Its header row names the
// columns; bureaus word them in many ways, in any order, often under a title
// row and sometimes over two rows with merged cells.

// headerNames maps a header cell (normalized) to the column it names.
var headerNames = map[string]field{
	"序号": fieldNumber, "编号": fieldNumber, "序": fieldNumber, "号": fieldNumber, "事项编号": fieldNumber, "任务编号": fieldNumber,
	"周次": fieldNumber, "周别": fieldNumber,

	"工作任务": fieldTask, "任务": fieldTask, "事项": fieldTask, "工作内容": fieldTask, "重点任务": fieldTask,
	"工作事项": fieldTask, "任务名称": fieldTask, "事项名称": fieldTask, "具体任务": fieldTask, "主要任务": fieldTask,
	"重点工作": fieldTask, "工作要点": fieldTask, "督办事项": fieldTask, "任务事项": fieldTask, "重点事项": fieldTask,
	"工作项目": fieldTask, "项目名称": fieldTask, "内容": fieldTask, "任务内容": fieldTask, "重点工作任务": fieldTask,
	"工作任务及目标": fieldTask, "名称": fieldTask, "活动内容": fieldTask, "主要工作": fieldTask, "工作安排": fieldTask,

	"具体措施": fieldBody, "工作措施": fieldBody, "主要措施": fieldBody, "推进措施": fieldBody, "措施": fieldBody,
	"工作要求": fieldBody, "具体要求": fieldBody, "任务要求": fieldBody, "具体内容": fieldBody, "主要内容": fieldBody,
	"工作举措": fieldBody, "具体举措": fieldBody, "实施步骤": fieldBody,

	"牵头单位": fieldOwner, "责任单位": fieldOwner, "责任科室": fieldOwner, "责任部门": fieldOwner,
	"牵头科室": fieldOwner, "牵头部门": fieldOwner, "责任处室": fieldOwner, "牵头处室": fieldOwner,
	"责任股室": fieldOwner, "牵头股室": fieldOwner, "主责单位": fieldOwner, "负责单位": fieldOwner,
	"主办单位": fieldOwner, "责任主体": fieldOwner, "牵头": fieldOwner, "责任单位(部门)": fieldOwner,
	"牵头单位(科室)": fieldOwner, "承办单位": fieldOwner, "主责科室": fieldOwner, "牵头责任单位": fieldOwner,

	"配合单位": fieldPartners, "协办单位": fieldPartners, "配合科室": fieldPartners, "配合部门": fieldPartners,
	"协同单位": fieldPartners, "参与单位": fieldPartners, "协作单位": fieldPartners, "配合处室": fieldPartners,
	"协办科室": fieldPartners, "配合": fieldPartners, "协办": fieldPartners, "配合责任单位": fieldPartners,

	"负责部门": fieldOwner, "负责科室": fieldOwner, "负责处室": fieldOwner, "负责股室": fieldOwner, "实施单位": fieldOwner,
	"落实单位": fieldOwner, "执行单位": fieldOwner, "执行部门": fieldOwner, "组织部门": fieldOwner, "责任学校": fieldOwner,

	"责任人": fieldPerson, "负责人": fieldPerson, "具体责任人": fieldPerson, "联系人": fieldPerson, "经办人": fieldPerson,

	"责任领导": fieldLeader, "分管领导": fieldLeader, "牵头领导": fieldLeader, "包保领导": fieldLeader,
	"责任局领导": fieldLeader, "分管局领导": fieldLeader, "责任校领导": fieldLeader, "分管校领导": fieldLeader,

	"完成时限": fieldDeadline, "时限": fieldDeadline, "完成时间": fieldDeadline,
	"截止时间": fieldDeadline, "办结时限": fieldDeadline, "完成期限": fieldDeadline, "时间": fieldDeadline,
	"时间安排": fieldDeadline, "截止日期": fieldDeadline, "完成日期": fieldDeadline, "时限要求": fieldDeadline,
	"计划完成时间": fieldDeadline, "办理时限": fieldDeadline, "起止日期": fieldDeadline, "起止时间": fieldDeadline,
	"日期": fieldDeadline, "时间段": fieldDeadline, "计划时间": fieldDeadline, "实施时间": fieldDeadline,

	"目标": fieldTarget, "工作目标": fieldTarget, "预期目标": fieldTarget, "目标任务": fieldTarget,
	"任务目标": fieldTarget, "预期成效": fieldTarget, "目标要求": fieldTarget, "年度目标": fieldTarget,

	"进展": fieldProgress, "完成情况": fieldProgress, "最新进展": fieldProgress, "进展情况": fieldProgress,
	"推进情况": fieldProgress, "工作进展": fieldProgress, "落实情况": fieldProgress, "办理情况": fieldProgress,
	"完成进展": fieldProgress, "进展及成效": fieldProgress,

	"进度": fieldPercent, "完成进度": fieldPercent, "完成率": fieldPercent, "完成比例": fieldPercent,
	"进度(%)": fieldPercent, "完成百分比": fieldPercent,

	"状态": fieldStatus, "完成状态": fieldStatus, "办理状态": fieldStatus, "是否完成": fieldStatus,
	"任务状态": fieldStatus, "当前状态": fieldStatus,

	"备注": fieldNote, "说明": fieldNote,

	"更新时间": fieldUpdated, "更新日期": fieldUpdated, "填报时间": fieldUpdated, "报送时间": fieldUpdated,

	"时间节点": fieldMilestones, "进度安排": fieldMilestones, "节点": fieldMilestones, "节点安排": fieldMilestones,
	"推进节点": fieldMilestones, "时间进度": fieldMilestones, "进度计划": fieldMilestones, "节点目标": fieldMilestones,
	"时序进度": fieldMilestones, "序时进度安排": fieldMilestones, "阶段安排": fieldMilestones,

	"类别": fieldCategory, "分类": fieldCategory, "板块": fieldCategory, "领域": fieldCategory,
	"类型": fieldCategory, "方面": fieldCategory, "工作类别": fieldCategory, "任务类别": fieldCategory,
	"月份": fieldCategory, "月": fieldCategory,
}

// headerNote strips what people add to header words: spaces, line breaks,
// asterisks, colons and notes in brackets ("完成时限（年月）").
var headerNote = regexp.MustCompile(`[\s*★:：]+|[(（][^)）]*[)）]$`)

// headerSplit separates combined header words.
var headerSplit = regexp.MustCompile(`[/／、及和与]`)

// headerField returns the column a header cell names, or fieldNone.
func headerField(cell string) field {
	if cell == "" || len(cell) > 80 || utf8.RuneCountInString(cell) > 20 {
		return fieldNone
	}
	if f, ok := headerNames[cell]; ok {
		return f
	}
	c := headerNote.ReplaceAllString(normalize(cell), "")
	if f, ok := headerNames[c]; ok {
		return f
	}
	// "牵头单位/科室", "责任单位及责任人": the first name that is a header.
	for _, part := range headerSplit.Split(c, -1) {
		if f, ok := headerNames[part]; ok {
			return f
		}
	}
	return fieldNone
}

// taskHeaderEnds end the header of a task column not listed by name:
// "项目内容", "实事项目", "民生事项".
var taskHeaderEnds = []string{"内容", "事项", "任务", "项目", "工作"}

// taskHeaderLike reports a header cell that may name the task column of a
// row that names other columns but none for the task: a short name, no
// figures, ending in one of taskHeaderEnds.
func taskHeaderLike(cell string) bool {
	c := headerNote.ReplaceAllString(normalize(cell), "")
	return runeLen(c) >= 2 && runeLen(c) <= 6 && !strings.ContainsAny(c, "0123456789") && hasAnySuffix(c, taskHeaderEnds...)
}

// hasAnySuffix reports whether s ends with one of the words.
func hasAnySuffix(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// ledgerHeader is a recognised header: the field of every column and the
// first data row.
type ledgerHeader struct {
	cols  []field
	start int
	title string // text of the title rows above the header, if any
}

// maxHeaderScan is how far down a sheet the header may be.
const maxHeaderScan = 30

// findHeader finds the header row of a ledger. A row qualifies when it
// names a task column and at least one other known column.
func findHeader(rows [][]string) (ledgerHeader, bool) {
	for i := 0; i < len(rows) && i < maxHeaderScan; i++ {
		cols, n := headerRow(rows[i])
		if n < 2 || !hasField(cols, fieldTask) {
			continue
		}
		h := ledgerHeader{cols: cols, start: i + 1}
		// A second header row under merged group cells ("责任单位" over
		// "牵头单位 | 配合单位") refines the columns it names.
		if i+1 < len(rows) {
			sub, sn := headerRow(rows[i+1])
			if sn > 0 && sn*2 >= nonEmpty(rows[i+1]) {
				for j, f := range sub {
					if f == fieldNone {
						continue
					}
					for len(h.cols) <= j {
						h.cols = append(h.cols, fieldNone)
					}
					h.cols[j] = f
				}
				h.start = i + 2
			}
		}
		h.cols = dedupeColumns(h.cols)
		h.title = titleAbove(rows[:i])
		return h, true
	}
	return ledgerHeader{}, false
}

// headerRow returns the field of each cell and how many distinct known
// fields the row names.
func headerRow(row []string) ([]field, int) {
	cols := make([]field, len(row))
	seen := map[field]bool{}
	for j, c := range row {
		f := headerField(c)
		cols[j] = f
		if f != fieldNone {
			seen[f] = true
		}
	}
	if !seen[fieldTask] && len(seen) >= 2 {
		for j, c := range row {
			if cols[j] == fieldNone && taskHeaderLike(c) {
				cols[j] = fieldTask
				seen[fieldTask] = true
				break
			}
		}
	}
	return cols, len(seen)
}

// dedupeColumns resolves repeated fields: a second owner column (a merged
// "责任单位" over two columns) holds the partners; a second task column
// holds details; other repeats are ignored.
func dedupeColumns(cols []field) []field {
	seen := map[field]bool{}
	for j, f := range cols {
		if f == fieldNone {
			continue
		}
		if seen[f] {
			switch f {
			case fieldOwner:
				f = fieldPartners
			case fieldTask:
				f = fieldBody
			default:
				f = fieldNone
			}
			if seen[f] {
				f = fieldNone
			}
		}
		cols[j] = f
		seen[f] = true
	}
	return cols
}

func hasField(cols []field, f field) bool {
	for _, c := range cols {
		if c == f {
			return true
		}
	}
	return false
}

func nonEmpty(row []string) int {
	n := 0
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// titleAbove returns the first cell text of the rows above the header,
// usually the ledger's title.
func titleAbove(rows [][]string) string {
	for _, r := range rows {
		for _, c := range r {
			if c = strings.TrimSpace(normalize(c)); c != "" {
				return c
			}
		}
	}
	return ""
}

// ledgerRow is one data row, by field.
type ledgerRow struct {
	number, task, body, owner, partners, person, deadline string
	leader                                                string
	target, progress, percent, status, note, category     string
	milestones                                            string
	// targetCol: the ledger has a target column, so an empty cell means
	// no target rather than "look in the wording".
	targetCol bool
}

func (h ledgerHeader) row(cells []string) ledgerRow {
	r := ledgerRow{targetCol: hasField(h.cols, fieldTarget)}
	for j, c := range cells {
		if j >= len(h.cols) {
			break
		}
		c = cellText(c)
		if c == "" {
			continue
		}
		var p *string
		switch h.cols[j] {
		case fieldNumber:
			p = &r.number
		case fieldTask:
			p = &r.task
		case fieldBody:
			p = &r.body
		case fieldOwner:
			p = &r.owner
		case fieldPartners:
			p = &r.partners
		case fieldPerson:
			p = &r.person
		case fieldLeader:
			p = &r.leader
		case fieldDeadline:
			p = &r.deadline
		case fieldTarget:
			p = &r.target
		case fieldProgress:
			p = &r.progress
		case fieldPercent:
			p = &r.percent
		case fieldStatus:
			p = &r.status
		case fieldNote:
			p = &r.note
		case fieldCategory:
			p = &r.category
		case fieldMilestones:
			p = &r.milestones
		default:
			continue
		}
		if *p == "" {
			*p = c
		}
	}
	return r
}

// cellText normalizes each line of a cell and drops the empty ones.
func cellText(c string) string {
	if !strings.ContainsAny(c, "\r\n") {
		return normalize(c)
	}
	var lines []string
	for _, l := range splitLines(c) {
		if l = normalize(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// isEmpty reports a row with nothing to import.
func (r ledgerRow) isEmpty() bool {
	return r.task == "" && r.body == "" && r.owner == "" && r.deadline == "" && r.target == "" && r.category == "" && r.milestones == ""
}

// isHeaderRepeat catches the header printed again on every page.
func (r ledgerRow) isHeaderRepeat() bool {
	return headerField(r.task) == fieldTask && (r.owner == "" || headerField(r.owner) == fieldOwner)
}

// sectionMarker reports whether the row is a group heading rather than a
// task: a row spanning all columns (merged, so every cell repeats the same
// text), or a numbered heading ("一、", "（二）") with no owner, time or
// target of its own. It returns the heading's marker and text.
func (r ledgerRow) sectionMarker(cells []string, cols []field) (marker, string, bool) {
	if txt, ok := spanning(cells); ok && (r.owner == "" || r.owner == txt) {
		m, rest, _ := parseMarker(txt)
		return m, rest, true
	}
	// "一 | 党的建设" with the name merged over the other columns: the
	// 序号 cell numbers the group.
	if r.number != "" {
		if txt, ok := spanningBut(cells, cols, fieldNumber); ok {
			if m, _, ok := parseMarker(strings.TrimSpace(r.number) + "、" + txt); ok && isSectionStyle(m) {
				return m, txt, true
			}
		}
	}
	bare := r.owner == "" && r.partners == "" && r.deadline == "" && r.target == "" && r.person == "" && r.status == "" && r.percent == ""
	if !bare {
		return marker{}, "", false
	}
	text := r.task
	if text == "" {
		text = r.body
	}
	if m, rest, ok := parseMarker(strings.TrimSpace(r.number + "、" + text)); ok && r.number != "" && isSectionStyle(m) {
		return m, rest, true
	}
	if m, rest, ok := parseMarker(text); ok && isSectionStyle(m) {
		return m, rest, true
	}
	return marker{}, "", false
}

// isSectionStyle: the styles ledgers use for group rows.
func isSectionStyle(m marker) bool {
	switch m.style {
	case styleCn, styleCnParen, stylePart, styleChapter, styleSection, styleDi, styleRoman:
		return true
	}
	return false
}

// spanningBut is spanning over the cells not in a column of field f.
func spanningBut(cells []string, cols []field, f field) (string, bool) {
	text, n := "", 0
	for j, c := range cells {
		if j < len(cols) && cols[j] == f {
			continue
		}
		if c = cellText(c); c == "" {
			continue
		}
		if text != "" && c != text {
			return "", false
		}
		text = c
		n++
	}
	return text, n >= 2
}

// spanning returns the text of a row whose non-empty cells all hold the
// same text (a merged row) when there are at least two of them, or a
// single cell at all.
func spanning(cells []string) (string, bool) { return spanningBut(cells, nil, fieldNone) }

// ledgerNodes turns the data rows under a header into nodes below the
// deepest node of lv.
func (b *builder) ledgerNodes(h ledgerHeader, rows [][]string, lv *leveler) {
	anchor := lv.deepest()
	llv := newLeveler(anchor)
	category := ""
	for _, cells := range rows[h.start:] {
		r := h.row(cells)
		if r.isEmpty() || r.isHeaderRepeat() || tableNote(cells) || dayOff(r.task) {
			continue
		}
		// A row makes at most a category, a section or a task: two nodes.
		if !b.lim.takeItems(2) {
			return
		}
		if r.category != "" && r.category != category {
			category = r.category
			m, rest, ok := parseMarker(category)
			if !ok {
				m, rest = marker{style: "category", rank: -1}, category
			}
			llv.place(&node{m: m, text: rest, section: true})
		}
		if m, text, ok := r.sectionMarker(cells, h.cols); ok {
			llv.place(&node{m: m, text: text, section: true})
			continue
		}
		n := &node{row: &r}
		n.m.seg = numberSeg(r.number)
		if r.task != "" {
			if m, rest, ok := parseMarker(r.task); ok {
				r.task = rest
				if n.m.seg == "" {
					n.m.seg = m.seg
				}
			}
		}
		llv.adopt(n)
	}
}

// numberSeg cleans a 序号 cell for use in a code: "12", "#12", "1.2", "（三）".
func numberSeg(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	if s == "" {
		return ""
	}
	if m, rest, ok := parseMarker(s); ok && rest == "" && m.seg != "" {
		return m.seg
	}
	s = strings.TrimRight(s, "、，,．.：: ")
	if runeLen(s) > 20 {
		return ""
	}
	return s
}

// tableNoteWords open the rows under a ledger that are about the table,
// not in it: how to fill it in, who made it.
var tableNoteWords = []string{"填表说明", "填报说明", "说明：", "说明:", "注：", "注:", "备注：", "备注:", "附注", "附：",
	"制表人", "填表人", "填报人", "审核人", "制表单位", "填报单位", "联系电话", "制表时间", "填报时间", "填表时间"}

// tableNote reports a row whose first text is a note on the table.
func tableNote(cells []string) bool {
	for _, c := range cells {
		if c = strings.TrimSpace(cellText(c)); c != "" {
			return hasAnyPrefix(c, tableNoteWords...)
		}
	}
	return false
}

// dayOffRe: a school calendar's row that only marks days without school
// ("国庆放假", "元旦假期", "清明节放假调休").
var dayOffRe = regexp.MustCompile(`^[^，,。；;\s]{1,8}?(?:放假|假期|休假|休息|调休)(?:调休)?$`)

// dayOff reports a task cell that only marks days off: nothing to do.
func dayOff(task string) bool {
	return dayOffRe.MatchString(strings.TrimSpace(task))
}
