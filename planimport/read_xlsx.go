package planimport

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// A workbook is read as a stream of its parts' XML tokens, within the
// package limits (read_zip.go): the sheet list, the shared strings (kept
// in one buffer, not one object each), the number formats that tell dates
// and percentages, and each sheet's rows and merged ranges. Only what a
// ledger needs is read; formulas give their cached values.

// Workbook limits: Excel itself allows 32,767 characters in a cell and
// 64,000 cell formats.
const (
	maxSharedStrings = 1_000_000
	maxSharedBytes   = 16 << 20
	maxCellBytes     = 32767 * 3
	maxCellFormats   = 64_000
	maxMerge         = 5_000
)

// sheetRef is one worksheet of the workbook, in the order of its tabs.
type sheetRef struct {
	name, part string
}

// workbook is what the sheets are read with.
type workbook struct {
	p        *ooxmlPackage
	sheets   []sheetRef
	shared   sharedStrings
	formats  []cellFormat // by a cell's s attribute
	date1904 bool
}

// readXLSX reads the first sheet that holds a ledger (or the first
// non-empty sheet) as a table block.
func readXLSX(data []byte, lim *limits) (blocks []block, warnings []string, err error) {
	p, err := openPackage(data, ErrXlsx)
	if err != nil {
		return nil, nil, err
	}
	wb := &workbook{p: p}
	if err := wb.read(officeDocument(p, "xl/workbook.xml")); err != nil {
		return nil, nil, p.fail(ErrXlsx, err)
	}
	if len(wb.sheets) == 0 {
		return nil, nil, ErrXlsx
	}
	// A ledger exported by duban names its plan in the workbook's title
	// property: read it as the document's title line.
	var titled []block
	if title := coreTitle(p); title != "" {
		titled = []block{{text: title, title: true}}
	}
	var first [][]string
	var firstName string
	var firstLim *limits
	for _, s := range wb.sheets {
		// Each sheet has the whole allowance: a long sheet of something
		// else must not leave nothing for the ledger after it.
		sl := newLimits()
		rows, w, err := wb.sheetRows(s, sl)
		if err != nil {
			return nil, nil, p.fail(ErrXlsx, err)
		}
		warnings = append(warnings, w...)
		if nonEmptyRows(rows) == 0 {
			continue
		}
		if _, ok := findHeader(rows); ok {
			if len(wb.sheets) > 1 {
				warnings = append(warnings, fmt.Sprintf("工作簿有%d个工作表，只导入了台账所在的“%s”", len(wb.sheets), s.name))
			}
			lim.cut = lim.cut || sl.cut
			return append(titled, block{rows: rows}), warnings, nil
		}
		if first == nil {
			first, firstName, firstLim = rows, s.name, sl
		}
	}
	if first == nil {
		return nil, nil, ErrEmpty
	}
	lim.cut = lim.cut || firstLim.cut
	warnings = append(warnings, fmt.Sprintf("工作表“%s”没有识别到台账表头（序号、工作任务、牵头单位……），已按文本逐行导入", firstName))
	return append(titled, block{rows: first}), warnings, nil
}

// read reads the workbook part: its sheets, then through its relationships
// the shared strings and the cell formats.
func (wb *workbook) read(part string) error {
	x, c, ok, err := wb.p.xml(part)
	if !ok || err != nil {
		return err
	}
	defer c.Close()
	type sheet struct{ name, rid string }
	var sheets []sheet
	for {
		tok, err := x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "sheet":
			if len(sheets) < maxZipEntries {
				sheets = append(sheets, sheet{attr(se, "name"), attr(se, "id")})
			}
		case "workbookPr":
			v := attr(se, "date1904")
			wb.date1904 = v == "1" || v == "true"
		}
	}
	dir := path.Dir(part)
	rels, err := readRels(wb.p, path.Join(dir, "_rels", path.Base(part)+".rels"), dir)
	if err != nil {
		return err
	}
	for _, s := range sheets {
		if r, ok := rels[s.rid]; ok && wb.p.has(r.target) {
			wb.sheets = append(wb.sheets, sheetRef{name: s.name, part: r.target})
		}
	}
	sharedPart, stylesPart := path.Join(dir, "sharedStrings.xml"), path.Join(dir, "styles.xml")
	for _, r := range rels {
		switch {
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			sharedPart = r.target
		case strings.HasSuffix(r.typ, "/styles"):
			stylesPart = r.target
		}
	}
	if err := wb.shared.read(wb.p, sharedPart); err != nil {
		return err
	}
	wb.formats, err = readCellFormats(wb.p, stylesPart)
	return err
}

// rel is one package relationship.
type rel struct{ typ, target string }

// readRels reads a relationships part; targets are resolved against dir.
func readRels(p *ooxmlPackage, part, dir string) (map[string]rel, error) {
	rels := map[string]rel{}
	x, c, ok, err := p.xml(part)
	if !ok || err != nil {
		return rels, err
	}
	defer c.Close()
	for {
		tok, err := x.Token()
		if err == io.EOF {
			return rels, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" && len(rels) < maxZipEntries {
			target := attr(se, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(dir, target)
			}
			rels[attr(se, "Id")] = rel{typ: attr(se, "Type"), target: target}
		}
	}
}

// coreTitle returns the document's title property, if any.
func coreTitle(p *ooxmlPackage) string {
	x, c, ok, err := p.xml("docProps/core.xml")
	if !ok || err != nil {
		return ""
	}
	defer c.Close()
	var b strings.Builder
	in := false
	for {
		tok, err := x.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "title"
		case xml.CharData:
			if in && b.Len() < 4096 {
				b.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "title" {
				return strings.TrimSpace(b.String())
			}
		}
	}
}

// sheetCell is the cell being read.
type sheetCell struct {
	col   int // 1-based
	typ   string
	style int
	value []byte
}

// sheetRows reads one sheet's rows, with merged ranges filled in: a merged
// header cell names every column under it, and a merged owner cell owns
// every row beside it.
func (wb *workbook) sheetRows(s sheetRef, lim *limits) ([][]string, []string, error) {
	x, c, _, err := wb.p.xml(s.part)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	var (
		rows           [][]string
		row            []string
		cell           *sheetCell
		inValue, inRPh = false, 0
		merges         [][2]string
		tooMany        bool
		warnings       []string
	)
	endRow := func() {
		rows = append(rows, row)
		row = nil
	}
	for {
		tok, err := x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				// Rows left out of the file are empty rows.
				n, err := strconv.Atoi(attr(t, "r"))
				if err != nil || n <= len(rows) {
					n = len(rows) + 1
				}
				for len(rows) < n-1 && lim.para() {
					rows = append(rows, nil)
				}
				if len(rows) < n-1 || !lim.para() {
					return trimRows(rows), warnings, nil
				}
				row = nil
			case "c":
				col := len(row) + 1
				if ref := attr(t, "r"); ref != "" {
					if rc, _, ok := cellRef(ref); ok {
						col = rc
					}
				}
				style, _ := strconv.Atoi(attr(t, "s"))
				cell = &sheetCell{col: col, typ: attr(t, "t"), style: style}
			case "v", "t":
				inValue = cell != nil
			case "rPh":
				inRPh++
			case "mergeCell":
				if len(merges) >= maxMerge {
					tooMany = true
				} else if from, to, ok := strings.Cut(attr(t, "ref"), ":"); ok {
					merges = append(merges, [2]string{from, to})
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				endRow()
			case "c":
				if cell != nil && cell.col <= maxCols {
					v := unguard(wb.value(cell))
					if v != "" && lim.text < len(v) {
						lim.cut = true
						return trimRows(rows), warnings, nil
					}
					lim.text -= len(v)
					for len(row) < cell.col {
						row = append(row, "")
					}
					if row[cell.col-1] == "" {
						row[cell.col-1] = v
					}
				}
				cell = nil
			case "v", "t":
				inValue = false
			case "rPh":
				inRPh--
			}
		case xml.CharData:
			if inValue && inRPh == 0 && cell != nil && len(cell.value) < maxCellBytes {
				cell.value = append(cell.value, clipBytes(t, maxCellBytes-len(cell.value))...)
			}
		}
	}
	if tooMany {
		warnings = append(warnings, fmt.Sprintf("工作表“%s”合并单元格过多，未展开合并单元格", s.name))
	} else {
		budget := maxParagraphs * maxCols
		for _, m := range merges {
			fillMerge(rows, m[0], m[1], &budget)
		}
	}
	return trimRows(rows), warnings, nil
}

// cellRef reads a cell reference ("B12") as its column and row, 1-based.
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(strings.TrimPrefix(ref[i:], "$"))
	if err != nil || row < 1 {
		return 0, 0, false
	}
	return col, row, true
}

// fillMerge copies the top-left value of a merged range into its cells,
// spending the shared budget so that huge ranges cannot run away.
func fillMerge(rows [][]string, from, to string, budget *int) {
	c1, r1, ok1 := cellRef(strings.ReplaceAll(from, "$", ""))
	c2, r2, ok2 := cellRef(strings.ReplaceAll(to, "$", ""))
	if !ok1 || !ok2 || r1 > len(rows) || c1 > maxCols {
		return
	}
	r2, c2 = min(r2, len(rows)), min(c2, maxCols)
	top := rows[r1-1]
	if c1 > len(top) {
		return
	}
	v := top[c1-1]
	if v == "" {
		return
	}
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			if *budget--; *budget < 0 {
				return
			}
			for len(rows[r-1]) < c {
				rows[r-1] = append(rows[r-1], "")
			}
			rows[r-1][c-1] = v
		}
	}
}

// trimRows drops trailing empty rows (formatting often extends a sheet far
// below its data).
func trimRows(rows [][]string) [][]string {
	for len(rows) > 0 && nonEmpty(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
}

func nonEmptyRows(rows [][]string) int {
	n := 0
	for _, r := range rows {
		if nonEmpty(r) > 0 {
			n++
		}
	}
	return n
}
