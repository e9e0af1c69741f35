package planimport

import (
	"regexp"
	"strings"
	"time"

	"github.com/duban-bot/duban/zhdate"
)

// A table copied out of a web page or a PDF arrives flattened: one cell
// per line, under a run of header words ("内容 / 工作要求 / 责任部门").
// flatTable reads such a run back into rows, so that its tasks become
// ledger rows instead of the body of the item above it. Cells are told
// apart by what they hold: unit names go to the owner column, sentences
// to the requirements, short phrases to the task; short phrases that pile
// up before a task are its group ("学校收费及管理").

// maxHeaderCell and maxFlatCell bound the lines of a flattened table.
const (
	maxHeaderCell = 10
	maxFlatCell   = 150
)

// flatHeader returns the fields of the header run starting at paras[i]
// and its length, or 0 when there is none: two or more short unnumbered
// lines naming distinct ledger columns, among them a task and an owner.
func flatHeader(paras []para, i int) ([]field, int) {
	var cols []field
	seen := map[field]bool{}
	j := i
	for ; j < len(paras) && j-i < 12; j++ {
		p := paras[j]
		if p.rows != nil || p.hasM || runeLen(p.text) > maxHeaderCell {
			break
		}
		f := headerField(p.text)
		if f == fieldNone || seen[f] {
			break
		}
		seen[f] = true
		cols = append(cols, f)
	}
	if len(cols) < 2 || !seen[fieldOwner] || !(seen[fieldTask] || seen[fieldBody]) {
		return nil, 0
	}
	return cols, j - i
}

// flatRow is one row being read back.
type flatRow struct {
	group, task, body, deadline string
	owners                      []string
}

// flatTable reads the flattened table whose header starts at paras[i]. It
// returns the rows as a ledger (a header row of column names, then one row
// per task) and the index after the table, or ok false.
func flatTable(paras []para, i int) (rows [][]string, end int, ok bool) {
	cols, n := flatHeader(paras, i)
	if n == 0 {
		return nil, i, false
	}
	hasBody := false
	for _, f := range cols {
		hasBody = hasBody || f == fieldBody
	}
	var (
		out     []flatRow
		cur     *flatRow
		pending []string // short lines not yet placed
		group   string
	)
	// place turns the pending short lines into a new row: the last is
	// the task, or with no sentence after them, the last two are the
	// task and its requirement; the ones before are the group.
	place := func(sentence string) {
		if len(pending) == 0 {
			return
		}
		r := flatRow{}
		k := len(pending) - 1
		if sentence == "" && hasBody && len(pending) >= 2 {
			k--
			r.body = pending[k+1]
		}
		r.task = pending[k]
		if k > 0 {
			group = strings.Join(pending[:k], "")
		}
		r.group = group
		if sentence != "" {
			r.body = sentence
		}
		out = append(out, r)
		cur = &out[len(out)-1]
		pending = nil
	}
	j := i + n
	groupAt, rowsAtGroup := -1, 0 // the last group row ("一、防溺水") and the rows before it
lines:
	for ; j < len(paras); j++ {
		p := paras[j]
		if p.hasM && isSectionStyle(p.m) && runeLen(p.text) <= 16 && len(pending) == 0 {
			if groupAt >= 0 && len(out) == rowsAtGroup {
				break lines // two headings in a row: the table is over
			}
			group, groupAt, rowsAtGroup = p.text, j, len(out)
			cur = nil
			continue
		}
		if p.rows != nil || p.hasM || isPart(p.text) || runeLen(p.text) > maxFlatCell {
			break lines
		}
		line := strings.TrimSpace(p.text)
		switch {
		case flatDate(line):
			place("")
			if cur == nil {
				return nil, i, false
			}
			cur.deadline = line
		case flatUnit(line):
			place("")
			if cur == nil {
				return nil, i, false
			}
			cur.owners = append(cur.owners, strings.Trim(line, "、，,；; "))
			continue
		case flatSentence(line):
			if len(pending) > 0 {
				place(line)
			} else if cur != nil && len(cur.owners) == 0 {
				cur.body = joinText(cur.body, []string{line})
			} else {
				// A sentence after a finished row ends the table.
				break lines
			}
		default:
			pending = append(pending, line)
		}
	}
	// Short lines left at the end are not a row, nor a group heading
	// without rows: the table ended before them.
	j -= len(pending)
	if groupAt >= 0 && len(out) == rowsAtGroup {
		j = groupAt
	}
	owned := 0
	for _, r := range out {
		if len(r.owners) > 0 {
			owned++
		}
	}
	if len(out) < 2 || owned*2 < len(out) {
		return nil, i, false
	}
	rows = [][]string{{"类别", "工作任务", "工作要求", "责任单位", "完成时限"}}
	for _, r := range out {
		rows = append(rows, []string{r.group, r.task, r.body, strings.Join(r.owners, "、"), r.deadline})
	}
	return rows, j, true
}

// isHeaderWord reports a line that is one short ledger column name.
func isHeaderWord(line string) bool {
	return line != "" && runeLen(line) <= maxHeaderCell && headerField(line) != fieldNone
}

// flatUnit reports a line that is only a unit's name. One that starts
// with a verb ("召开家长会") is a task unless its ending is unmistakable
// ("保障服务中心").
func flatUnit(line string) bool {
	t := strings.Trim(line, "、，,；; ")
	if runeLen(t) > 16 || strings.ContainsAny(t, "。，,；;：:") || !isUnit(t) {
		return false
	}
	loc := workVerbRe.FindStringIndex(t)
	return loc == nil || loc[0] > 0 || strongUnit(t)
}

// flatDate reports a line that is only a date or a deadline ("9月底前",
// "2026-06-30", "年内").
func flatDate(line string) bool {
	if runeLen(line) > 12 {
		return false
	}
	if _, ok := parseDateCell(line); ok {
		return true
	}
	es := zhdate.Find(line, time.Time{})
	return len(es) == 1 && es[0].Text == line
}

// flatSentence reports a line that is a requirement rather than a name.
func flatSentence(line string) bool {
	return runeLen(line) > 24 || strings.ContainsAny(line, "。；;，,！!")
}

// attachmentRe strips "附件2：" from a table's title.
var attachmentRe = regexp.MustCompile(`^附件\s*\d*\s*[:：]?\s*`)

// flatTableAt reads a flattened table starting at paras[i] (or at its
// title line, "…分工表", which it takes along). Only a short unnumbered
// header word can start one, which keeps the check cheap.
func (b *builder) flatTableAt(paras []para, i int) (rows [][]string, title string, end int, ok bool) {
	p := paras[i]
	if p.rows != nil || p.hasM || runeLen(p.text) > 40 {
		return nil, "", i, false
	}
	start := i
	if strings.HasSuffix(p.text, "表") && i+1 < len(paras) {
		start, title = i+1, attachmentRe.ReplaceAllString(p.text, "")
	}
	if !isHeaderWord(paras[start].text) {
		return nil, "", i, false
	}
	rows, end, ok = flatTable(paras, start)
	if !ok {
		return nil, "", i, false
	}
	name := title
	if name == "" {
		name = "“" + paras[start].text + "”起的几行"
	}
	b.warn(name + "像是复制时拆散的表格，已按表格逐行导入，请核对")
	return rows, title, end, true
}
