package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/xuri/excelize/v2"
)

// ledgerColumns are the 台账 sheet's columns: header words and widths. The
// Chinese words are ones planimport reads back, so the file imports as the
// plan it shows; English headers carry the Chinese word too for the same
// reason ("No./序号").
var ledgerColumns = []struct {
	zh, en string
	width  float64
}{
	{"序号", "No.", 7},
	{"工作任务", "Task", 42},
	{"牵头单位", "Lead unit", 14},
	{"配合单位", "Partners", 18},
	{"完成时限", "Deadline", 14},
	{"目标", "Target", 24},
	{"最新进展", "Latest progress", 42},
	{"进度", "Percent", 8},
	{"状态", "Status", 9},
	{"预警", "Light", 9},
	{"更新时间", "Updated", 17},
	{"原定时限", "Original deadline", 14},
	{"佐证材料", "Evidence", 30},
}

// ledgerMonthColumns are the 本月进展 sheet's columns.
var ledgerMonthColumns = []struct {
	zh, en string
	width  float64
}{
	{"日期", "Date", 12},
	{"序号", "No.", 7},
	{"工作任务", "Task", 42},
	{"报送人", "Reported by", 12},
	{"进展", "Progress", 60},
	{"进度", "Percent", 8},
}

// LedgerSheet and LedgerMonthSheet are the sheet names of the ledger.
const (
	LedgerSheet      = "台账"
	LedgerMonthSheet = "本月进展"
)

// ledgerStyles are the cell styles of the ledger. text holds, for each
// style, its twin in the Text number format (@): the style of a text cell
// that a spreadsheet would otherwise take for a formula (see put).
type ledgerStyles struct {
	header, cell, center, overdue, overdueCenter, section int
	light                                                 map[duban.Light]int // the 预警 cell, filled in the light's colour
	text                                                  map[int]int
}

// put returns a cell of the style holding v. Text that starts like a
// formula (= + - @, a tab or a carriage return: what a spreadsheet
// evaluates when the cell is edited or the sheet saved as CSV) gets the
// Text number format, under which Excel and LibreOffice keep what is typed
// into the cell as text; the value itself is unchanged, so the file imports
// back to the same words. (excelize has no quote-prefix style; the Text
// format is its equivalent for this purpose.)
func (st ledgerStyles) put(style int, v any) excelize.Cell {
	if s, ok := v.(string); ok && FormulaLike(s) {
		return excelize.Cell{StyleID: st.text[style], Value: s}
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// FormulaLike reports whether a spreadsheet would read s as a formula: it
// starts with =, +, -, @, a tab or a carriage return.
func FormulaLike(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

func newLedgerStyles(f *excelize.File) (ledgerStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	fill := func(c string) excelize.Fill {
		if c == "" {
			return excelize.Fill{}
		}
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	var s ledgerStyles
	s.text = map[int]int{}
	mk := func(bold bool, color, align string) (int, error) {
		style := excelize.Style{
			Font:      &excelize.Font{Bold: bold, Family: "宋体", Size: 11},
			Fill:      fill(color),
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: align, Vertical: "center", WrapText: true},
		}
		id, err := f.NewStyle(&style)
		if err != nil {
			return 0, err
		}
		style.NumFmt = 49 // @, Text
		s.text[id], err = f.NewStyle(&style)
		return id, err
	}
	var errs [11]error
	s.light = map[duban.Light]int{}
	for i, l := range []duban.Light{duban.LightRed, duban.LightYellow, duban.LightGreen, duban.LightDone, duban.LightNone} {
		s.light[l], errs[6+i] = mk(true, lightFill[l], "center")
	}
	s.header, errs[0] = mk(true, "DDEBF7", "center")
	s.cell, errs[1] = mk(false, "", "left")
	s.center, errs[2] = mk(false, "", "center")
	s.overdue, errs[3] = mk(false, "FCE4E4", "left")
	s.overdueCenter, errs[4] = mk(false, "FCE4E4", "center")
	s.section, errs[5] = mk(true, "F2F2F2", "left")
	for _, err := range errs {
		if err != nil {
			return s, fmt.Errorf("ledger style: %w", err)
		}
	}
	return s, nil
}

// lightFill is the fill of a 预警 cell: the light's colour, pale enough to
// read the words on.
var lightFill = map[duban.Light]string{
	duban.LightRed:    "FF8A80",
	duban.LightYellow: "FFE082",
	duban.LightGreen:  "A5D6A7",
	duban.LightDone:   "BBDEFB",
	duban.LightNone:   "EEEEEE",
}

// LightWord names a light in the ledger and the briefing: 红灯, 黄灯, 绿灯,
// 已完成, 无时限.
func LightWord(l duban.Light, lang string) string {
	switch l {
	case duban.LightRed:
		return Tr(lang, "红灯", "red")
	case duban.LightYellow:
		return Tr(lang, "黄灯", "yellow")
	case duban.LightGreen:
		return Tr(lang, "绿灯", "green")
	case duban.LightDone:
		return Tr(lang, "已完成", "done")
	case duban.LightNone:
		return Tr(lang, "无时限", "no deadline")
	}
	return ""
}

// LedgerOf renders the ledger (台账) of a month as an .xlsx file, as the
// month stood at m.AsOf: sheet 台账 with every item in plan order — 序号 is
// the item number users type, 完成时限 the plan's own words when it has
// them, 预警 the item's light in its colour, 原定时限 the deadline before an
// extension, 佐证材料 the evidence attached by then, overdue rows filled red — sheet 本月进展 with the month's
// reports, sheet 变更记录 with the month's other changes (the audit trail) when
// there are any, and sheet 单位统计 with the ranked units and a chart of
// them. Times are shown in m.Loc. The plan's name goes into the workbook's
// properties, so that importing the file back updates that plan.
//
// Sections are kept as rows, merged across the sheet with their heading
// marker ("一、校园安全"), so that the outline survives and planimport
// reads them back as sections, not tasks. GatherMonth gathers what it
// shows; BuildLedger does both.
func LedgerOf(m Month, lang string) ([]byte, error) {
	loc := m.Loc
	if loc == nil {
		loc = time.UTC
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(newParallelZip)
	st, err := newLedgerStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", LedgerSheet); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if m.Title != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: m.Title}); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
	}
	if _, err := f.NewSheet(LedgerMonthSheet); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	// The 变更记录 sheet is the biggest, and what each change did is read
	// from its JSON: its rows are written on another goroutine while this
	// one writes the other sheets. Only its rows: excelize's book-keeping
	// (sheets, stream writers, flushing) stays on this goroutine.
	var (
		changes    *excelize.StreamWriter
		changesErr error
		wg         sync.WaitGroup
	)
	if len(m.Changes) > 0 {
		if _, err := f.NewSheet(LedgerChangesSheet); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		if changes, err = f.NewStreamWriter(LedgerChangesSheet); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		if err := ledgerHeader(changes, st, ledgerChangeColumns, lang); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			changesErr = ledgerChanges(changes, st, m.Changes, loc, lang)
		}()
		defer wg.Wait() // before f.Close, on every return
	}
	if err := ledgerItems(f, st, m.Items, m.Latest, m.Evidence, m.To, loc, lang); err != nil {
		return nil, err
	}
	if err := ledgerMonth(f, st, m.Items, m.Reports, loc, lang); err != nil {
		return nil, err
	}
	if changes != nil {
		if wg.Wait(); changesErr != nil {
			return nil, changesErr
		}
		if err := changes.Flush(); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
	}
	if _, err := f.NewSheet(LedgerUnitsSheet); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if err := ledgerUnits(f, st, m.Units, lang); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("ledger: write: %w", err)
	}
	return buf.Bytes(), nil
}

// ledgerHeader writes the header row and column widths and freezes the
// header.
func ledgerHeader(sw *excelize.StreamWriter, st ledgerStyles, cols []struct {
	zh, en string
	width  float64
}, lang string) error {
	row := make([]any, len(cols))
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
		name := c.zh
		if lang == LangEN {
			name = c.en + "/" + c.zh
		}
		row[i] = st.put(st.header, name)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	return sw.SetRow("A1", row, excelize.RowOpts{Height: 22})
}

func ledgerItems(f *excelize.File, st ledgerStyles, items []duban.Item, latest map[int64]duban.Progress, evidence map[int64][]duban.Evidence, today duban.Date, loc *time.Location, lang string) error {
	sw, err := f.NewStreamWriter(LedgerSheet)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := ledgerHeader(sw, st, ledgerColumns, lang); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(ledgerColumns))
	row := make([]any, len(ledgerColumns))
	for i, it := range items {
		r := i + 2
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if it.Kind == duban.KindSection {
			for j := range row {
				row[j] = excelize.Cell{StyleID: st.section}
			}
			row[0] = st.put(st.section, ledgerSectionText(it))
			if err := sw.SetRow(cell, row); err != nil {
				return fmt.Errorf("ledger row %d: %w", r, err)
			}
			if err := sw.MergeCell(cell, fmt.Sprintf("%s%d", last, r)); err != nil {
				return fmt.Errorf("ledger row %d: %w", r, err)
			}
			continue
		}
		text, center := st.cell, st.center
		if it.Overdue(today) {
			text, center = st.overdue, st.overdueCenter
		}
		// The date, with the plan's own words beside it: "2026-09-30（9月底以前）".
		// The date alone is what the words meant when they were read
		// ("三年内" counts from the document's date), so it is what a
		// re-import must take.
		deadline := it.Deadline.String()
		switch {
		case deadline == "":
			deadline = it.DeadlineText
		case it.DeadlineText != "" && it.DeadlineText != deadline:
			deadline += "（" + it.DeadlineText + "）"
		}
		var progress, updated string
		if p, ok := latest[it.ID]; ok {
			progress = p.Text
			updated = p.CreatedAt.In(loc).Format("2006-01-02 15:04")
		} else if !it.UpdatedAt.IsZero() {
			updated = it.UpdatedAt.In(loc).Format("2006-01-02 15:04")
		}
		row[0] = st.put(center, it.Number)
		row[1] = st.put(text, it.Title)
		row[2] = st.put(center, it.Owner)
		row[3] = st.put(text, strings.Join(it.Partners, "、"))
		row[4] = st.put(center, deadline)
		row[5] = st.put(text, it.Target)
		row[6] = st.put(text, progress)
		row[7] = st.put(center, fmt.Sprintf("%d%%", it.Percent))
		row[8] = st.put(center, ItemStatusText(it, lang))
		row[9] = st.put(st.light[it.Standing.Light], LightWord(it.Standing.Light, lang))
		row[10] = st.put(center, updated)
		row[11] = st.put(center, "")
		if it.Extended() {
			original := it.OriginalDeadline.String()
			if w := it.OriginalDeadlineText; w != "" && w != original {
				original += "（" + w + "）"
			}
			row[11] = st.put(center, original)
		}
		row[12] = st.put(text, ledgerEvidence(evidence[it.ID], lang))
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("ledger row %d: %w", r, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

// ledgerEvidence lists an item's evidence in one cell: "2件：整改前后照片；
// 验收报告.pdf".
func ledgerEvidence(list []duban.Evidence, lang string) string {
	if len(list) == 0 {
		return ""
	}
	names := make([]string, len(list))
	for i, ev := range list {
		names[i] = EvidenceWhat(ev, lang)
	}
	return fmt.Sprintf(Tr(lang, "%d件：%s", "%d: %s"), len(list), strings.Join(names, Tr(lang, "；", "; ")))
}

// ledgerSectionText is a section's heading with its marker: "一、校园安全",
// "（三）队伍建设"; the marker is the last segment of its code.
func ledgerSectionText(it duban.Item) string {
	code := it.Code
	if i := strings.LastIndex(code, "."); i >= 0 {
		code = code[i+1:]
	}
	switch {
	case code == "":
		return it.Title
	case strings.HasPrefix(code, "(") || strings.HasPrefix(code, "（"):
		code = strings.NewReplacer("(", "（", ")", "）").Replace(code)
		return code + it.Title
	}
	return code + "、" + it.Title
}

func ledgerMonth(f *excelize.File, st ledgerStyles, items []duban.Item, reports []duban.Progress, loc *time.Location, lang string) error {
	sw, err := f.NewStreamWriter(LedgerMonthSheet)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := ledgerHeader(sw, st, ledgerMonthColumns, lang); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	titles := make(map[int64]string, len(items))
	for _, it := range items {
		titles[it.ID] = it.Title
	}
	row := make([]any, len(ledgerMonthColumns))
	for i, p := range reports {
		r := i + 2
		cell, _ := excelize.CoordinatesToCellName(1, r)
		pct := ""
		switch {
		case p.Done:
			pct = Tr(lang, "100%（销号）", "100% (closed)")
		case p.Percent != duban.NoPercent:
			pct = fmt.Sprintf("%d%%", p.Percent)
		}
		row[0] = st.put(st.center, p.CreatedAt.In(loc).Format(time.DateOnly))
		row[1] = st.put(st.center, p.ItemNumber)
		row[2] = st.put(st.cell, titles[p.ItemID])
		row[3] = st.put(st.center, p.UserName)
		row[4] = st.put(st.cell, p.Text)
		row[5] = st.put(st.center, pct)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("ledger month row %d: %w", r, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

// LedgerChangesSheet is the ledger's sheet of recorded changes.
const LedgerChangesSheet = "变更记录"

var ledgerChangeColumns = []struct {
	zh, en string
	width  float64
}{
	{"时间", "Time", 18}, {"序号", "No.", 8}, {"操作人", "By", 12}, {"变更内容", "Change", 80},
}

// ledgerChanges writes the rows of the 变更记录 sheet.
func ledgerChanges(sw *excelize.StreamWriter, st ledgerStyles, changes []duban.Change, loc *time.Location, lang string) error {
	row := make([]any, len(ledgerChangeColumns))
	for i, c := range changes {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		number := any("")
		if c.ItemNumber != 0 {
			number = c.ItemNumber
		}
		row[0] = st.put(st.center, c.At.In(loc).Format("2006-01-02 15:04"))
		row[1] = st.put(st.center, number)
		row[2] = st.put(st.center, ActorName(c.Actor, lang))
		row[3] = st.put(st.cell, ChangeText(c, lang))
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("ledger change row %d: %w", i+2, err)
		}
	}
	return nil
}

// LedgerFileName names the ledger file of a day: "台账-2026-11-30.xlsx".
func LedgerFileName(today duban.Date, lang string) string {
	return Tr(lang, "台账-", "ledger-") + today.String() + ".xlsx"
}

// LedgerCSV turns a ledger built by LedgerWithChanges into CSV: the 台账
// sheet, row by row, as UTF-8 with a byte-order mark (so that Excel on a
// Chinese Windows reads it as UTF-8). A cell a spreadsheet would take for
// a formula (FormulaLike) gets a leading apostrophe, the usual defence for
// CSV; planimport drops it again when the file is imported.
func LedgerCSV(xlsx []byte) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		return nil, fmt.Errorf("ledger csv: %w", err)
	}
	defer f.Close()
	rows, err := f.GetRows(LedgerSheet)
	if err != nil {
		return nil, fmt.Errorf("ledger csv: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for _, row := range rows {
		out := make([]string, len(ledgerColumns))
		for i := range out {
			if i < len(row) {
				out[i] = row[i]
			}
		}
		if len(row) == 1 && row[0] != "" {
			// A section: merged across the sheet, which CSV cannot say;
			// its heading goes in the task column, as ledgers write it.
			out[0], out[1] = "", row[0]
		}
		for i := range out {
			if FormulaLike(out[i]) {
				out[i] = "'" + out[i]
			}
		}
		if err := w.Write(out); err != nil {
			return nil, fmt.Errorf("ledger csv: %w", err)
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
