package planimport

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on what a spreadsheet may make us hold: far above any real ledger
// (a county plan has tens to hundreds of rows), far below what hurts.
const (
	maxRows  = 100_000
	maxCols  = 64
	maxCells = 2_000_000 // cells materialised, including blanks excelize pads rows with
	maxMerge = 5_000     // excelize's merge handling is quadratic in the count
)

// readCSV reads a CSV (or tab/semicolon separated) ledger in any encoding
// decodeText accepts.
func readCSV(data []byte) ([][]string, error) {
	text, err := decodeText(data)
	if err != nil {
		if errors.Is(err, ErrText) {
			return nil, ErrCSV
		}
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows [][]string
	for len(rows) < maxRows {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(rows) > 0 {
				break // keep what was readable; the rest is damaged
			}
			return nil, fail(ErrCSV, err)
		}
		if len(rec) > maxCols {
			rec = rec[:maxCols]
		}
		rows = append(rows, rec)
	}
	if len(rows) == 0 {
		return nil, ErrEmpty
	}
	return rows, nil
}

// sniffDelimiter picks the separator used most on the first lines: Excel
// in some locales saves "CSV" with semicolons, and people rename .tsv.
func sniffDelimiter(text string) rune {
	head := text[:min(len(text), 4096)]
	best, bestN := ',', strings.Count(head, ",")
	for _, d := range []rune{'\t', ';'} {
		if n := strings.Count(head, string(d)); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// Zip limits for .docx and .xlsx. A zip's declared sizes are not to be
// trusted, so bytes are counted while inflating. Office XML inflates to
// some 5-20 times its packed size; a bomb to hundreds or thousands, so the
// budget is a ratio of the upload with a floor for small files and a cap.
const (
	maxZipEntries = 2_000
	maxUnzipped   = 64 << 20
	minUnzipped   = 8 << 20
	unzipRatio    = 40
)

// unzipBudget is how many bytes a package of n bytes may inflate to.
func unzipBudget(n int) int64 {
	return min(maxUnzipped, max(minUnzipped, int64(n)*unzipRatio))
}

// errBudget is returned by budgetReader when the unpacked size limit is hit.
var errBudget = errors.New("unpacked size limit reached")

// budgetReader reads from r while the shared budget lasts and fails once
// it is spent, so a zip bomb is cut off rather than silently truncated.
type budgetReader struct {
	r      io.Reader
	budget *int64
}

// Read implements io.Reader, charging what it reads to the budget.
func (b budgetReader) Read(p []byte) (int, error) {
	if *b.budget <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > *b.budget {
		p = p[:*b.budget+1]
	}
	n, err := b.r.Read(p)
	*b.budget -= int64(n)
	if *b.budget < 0 {
		return n, errBudget
	}
	return n, err
}

// checkPackage inflates every entry of a package within the budget and
// counts merged-cell ranges, before excelize (which trusts the declared
// sizes and reads everything) sees it.
func checkPackage(zr *zip.Reader, size int) (merges map[string]int, err error) {
	budget := unzipBudget(size)
	merges = map[string]int{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fail(ErrXlsx, err)
		}
		counter := &mergeCounter{}
		var w io.Writer = io.Discard
		if strings.HasPrefix(strings.ToLower(f.Name), "xl/worksheets/") {
			w = counter
		}
		_, err = io.Copy(w, budgetReader{r: rc, budget: &budget})
		rc.Close()
		if errors.Is(err, errBudget) {
			return nil, ErrPackageTooLarge
		}
		if err != nil {
			return nil, fail(ErrXlsx, err)
		}
		merges[strings.ToLower(f.Name)] = counter.n
	}
	return merges, nil
}

// mergeCounter counts "<mergeCell " in a stream, across chunk boundaries.
type mergeCounter struct {
	n    int
	tail []byte
}

var mergeTag = []byte("<mergeCell ")

// Write implements io.Writer, counting the tags in p.
func (m *mergeCounter) Write(p []byte) (int, error) {
	buf := append(m.tail, p...)
	m.n += bytes.Count(buf, mergeTag)
	keep := min(len(buf), len(mergeTag)-1)
	m.tail = append(m.tail[:0], buf[len(buf)-keep:]...)
	return len(p), nil
}

// readXLSX reads the first sheet that holds a ledger (or the first
// non-empty sheet) as a table block.
func readXLSX(data []byte) (blocks []block, warnings []string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, fail(ErrXlsx, err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, nil, ErrPackageTooLarge
	}
	merges, err := checkPackage(zr, len(data))
	if err != nil {
		return nil, nil, err
	}
	// excelize is third-party code fed with user input; a malformed
	// workbook must become an error message, not a crashed process.
	defer func() {
		if r := recover(); r != nil {
			blocks, warnings, err = nil, nil, fail(ErrXlsx, fmt.Errorf("excelize panic: %v", r))
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: maxUnzipped,
	})
	if err != nil {
		return nil, nil, fail(ErrXlsx, err)
	}
	defer f.Close()
	// A ledger exported by duban names its plan in the workbook's title
	// property: read it as the document's title line.
	var titled []block
	if props, err := f.GetDocProps(); err == nil && strings.TrimSpace(props.Title) != "" {
		titled = []block{{text: strings.TrimSpace(props.Title), title: true}}
	}
	var first [][]string
	var firstName string
	cells := 0
	sheets := f.GetSheetList()
	for _, name := range sheets {
		rows, w, err := sheetRows(f, name, merges, &cells)
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, w...)
		if nonEmptyRows(rows) == 0 {
			continue
		}
		if _, ok := findHeader(rows); ok {
			if len(sheets) > 1 {
				warnings = append(warnings, fmt.Sprintf("工作簿有%d个工作表，只导入了台账所在的“%s”", len(sheets), name))
			}
			return append(titled, block{rows: rows}), warnings, nil
		}
		if first == nil {
			first, firstName = rows, name
		}
	}
	if first == nil {
		return nil, nil, ErrEmpty
	}
	warnings = append(warnings, fmt.Sprintf("工作表“%s”没有识别到台账表头（序号、工作任务、牵头单位……），已按文本逐行导入", firstName))
	return append(titled, block{rows: first}), warnings, nil
}

// sheetRows reads one sheet with merged ranges filled in: a merged header
// cell names every column under it, and a merged owner cell owns every row
// beside it.
func sheetRows(f *excelize.File, name string, merges map[string]int, cells *int) ([][]string, []string, error) {
	var warnings []string
	it, err := f.Rows(name)
	if err != nil {
		return nil, nil, fail(ErrXlsx, err)
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows) >= maxRows {
			warnings = append(warnings, fmt.Sprintf("工作表“%s”行数过多，只读取了前%d行", name, maxRows))
			break
		}
		row, err := it.Columns()
		if err != nil {
			return nil, nil, fail(ErrXlsx, err)
		}
		*cells += len(row) + 1
		if *cells > maxCells {
			return nil, nil, ErrPackageTooLarge
		}
		if len(row) > maxCols {
			row = row[:maxCols]
		}
		rows = append(rows, append([]string(nil), row...))
	}
	if err := it.Error(); err != nil {
		return nil, nil, fail(ErrXlsx, err)
	}
	switch n := sheetMerges(merges); {
	case n == 0:
		// Nothing to fill, and asking excelize would parse the sheet again.
		return trimRows(rows), warnings, nil
	case n > maxMerge:
		warnings = append(warnings, fmt.Sprintf("工作表“%s”合并单元格过多，未展开合并单元格", name))
		return trimRows(rows), warnings, nil
	}
	mcs, err := f.GetMergeCells(name, true)
	if err != nil {
		return nil, nil, fail(ErrXlsx, err)
	}
	budget := maxCells
	for _, mc := range mcs {
		fillMerge(rows, mc.GetStartAxis(), mc.GetEndAxis(), &budget)
	}
	return trimRows(rows), warnings, nil
}

// sheetMerges is the largest merge count of any worksheet part; the
// package check cannot map part names to sheet names cheaply, and one
// number per workbook is enough to stay clear of the quadratic case.
func sheetMerges(merges map[string]int) int {
	n := 0
	for _, c := range merges {
		n = max(n, c)
	}
	return n
}

// fillMerge copies the top-left value of a merged range into its cells,
// spending the shared budget so that huge ranges cannot run away.
func fillMerge(rows [][]string, from, to string, budget *int) {
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil || r1 < 1 || c1 < 1 || r1 > len(rows) {
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

// zipFormat tells a .docx from a .xlsx by its parts, for files without an
// extension.
func zipFormat(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fail(ErrUnsupported, err)
	}
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "word/document.xml":
			return formatDocx, nil
		case "xl/workbook.xml":
			return formatXLSX, nil
		}
	}
	return "", ErrUnsupported
}
