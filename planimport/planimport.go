// Package planimport decodes the documents an education bureau already has
// — the work plan as Word (.docx), plain text or Markdown, or its ledger
// (台账) as .xlsx or .csv — into plan items. It is pure: bytes in, items
// out; no database, no network.
//
// Text is read as a person reads it: numbering markers ("一、", "（三）", "4.",
// "①", inline "一是…二是…") give the outline, the first clause gives a
// title (cut at a word boundary when long), and the words around it give
// the owner (牵头单位), partners (配合单位), deadline (via zhdate) and
// target.
//
// Office staff read more than the numbering, and so does Decode:
//
//   - Only plans are work. The review parts of a "工作总结及2026年工作计划"
//     (所做的工作, 主要成绩, 存在的问题, or sections that report what was
//     done) are skipped with a warning; a summary alone is refused with
//     ErrSummaryOnly (which also matches ErrNoItems).
//   - A date is a deadline when it says by when work is due, not when it
//     dates what was done ("5月20日，…召开了"), names a year as an attribute
//     ("2026年招聘计划"), spans a long-term period ("十四五期间", "3到5年时间")
//     or counts from a day the document does not state ("本月" in an
//     undated old plan).
//   - The year comes from Options.Year, the title, the opening lines, the
//     signature date, else Options.Now; each article of a compilation
//     ("…第3篇") has its own.
//   - A message without numbering and with fewer than two sentences of
//     work is no plan (ErrNoItems); a table copied one cell per line is
//     read back into rows.
package planimport

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// DefaultMaxBytes is the upload size limit when Options.MaxBytes is 0.
const DefaultMaxBytes = 10 << 20

// Options tune Decode.
type Options struct {
	// Year is the plan year. 0 takes it from the document's title,
	// opening lines or signature date, else from Now.
	Year int
	// Now is the current time; its year is the fallback plan year, its
	// day the one that "本周", "本月" … count from in an undated document
	// of this year, and its location the zone of deadlines. Zero means
	// time.Now().
	Now time.Time
	// MaxBytes is the largest input accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
}

// Item is one decoded node of the plan, in document order. The embedded
// duban.Item carries Number (1..N in document order), ParentNumber (the
// enclosing node's Number, 0 at top level), Kind, Code ("二.(三).4"),
// Title, Body, Owner, Partners, Deadline and DeadlineText, Target, and
// Status and Percent when a ledger states them (StatusTodo otherwise).
type Item struct {
	duban.Item
	// Level is the depth in the outline, 1 at top level.
	Level int
	// Progress is the 进展/完成情况 column of a ledger, if any.
	Progress string
	// Person is the 责任人 named for the item.
	Person string
	// Note is the 备注 of the item.
	Note string
}

// Document is the result of decoding one file.
type Document struct {
	// Title is the plan's title (first meaningful line, a ledger's title
	// row, or the file name when there is neither).
	Title string
	// Year is the plan year used to resolve deadlines.
	Year int
	// Format is the format that was read: txt, md, docx, xlsx or csv.
	Format string
	// Items are the decoded nodes in document order.
	Items []Item
	// Warnings are short Chinese sentences about what was guessed or
	// skipped, for the import preview.
	Warnings []string
	// Doubts say what looks wrong with the result (most tasks without an
	// owner, deadlines already past, gaps in the numbering, tasks that
	// read as past achievements, a file cut short): the preview asks
	// "确认导入？" before importing a document that has any.
	Doubts []Doubt
}

// Decode reads one document and returns its items. filename decides the
// format by its extension (.txt .md .docx .xlsx .csv; content sniffing when
// it has none). Errors meant for the user wrap one of the Err* values of
// this package, each an *duban.Error with code EINVALID.
func Decode(r io.Reader, filename string, opt Options) (*Document, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	data, err := io.ReadAll(io.LimitReader(r, opt.MaxBytes+1))
	if err != nil {
		return nil, fail(ErrRead, err)
	}
	if int64(len(data)) > opt.MaxBytes {
		return nil, ErrTooLarge
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	format, err := formatOf(filename, data)
	if err != nil {
		return nil, err
	}
	src := source{format: format, filename: filename}
	lim := newLimits()
	var blocks []block
	var warnings []string
	switch format {
	case formatText, formatMarkdown:
		text, err := decodeText(data)
		if err != nil {
			return nil, err
		}
		src.joinBroken = true
		if format == formatMarkdown {
			blocks = markdownBlocks(text)
		} else {
			blocks = textBlocks(text)
		}
	case formatCSV:
		rows, err := readCSV(data, lim)
		if err != nil {
			return nil, err
		}
		if _, ok := findHeader(rows); !ok {
			warnings = append(warnings, "表格没有识别到台账表头（序号、工作任务、牵头单位……），已按文本逐行导入")
		}
		blocks = []block{{rows: rows}}
	case formatXLSX:
		blocks, warnings, err = readXLSX(data, lim)
		if err != nil {
			return nil, err
		}
	case formatDocx:
		blocks, err = readDocx(data, lim)
		if err != nil {
			return nil, err
		}
	}
	doc, err := assemble(blocks, src, opt, lim)
	if err != nil {
		return nil, err
	}
	doc.Warnings = append(warnings, doc.Warnings...)
	return doc, nil
}

// The formats Decode reads.
const (
	formatText     = "txt"
	formatMarkdown = "md"
	formatDocx     = "docx"
	formatXLSX     = "xlsx"
	formatCSV      = "csv"
)

// Magic numbers of the files people upload by mistake.
var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	magicPDF = []byte("%PDF")
	magicRTF = []byte(`{\rtf`)
	magicBin = [][]byte{[]byte("\x89PNG"), []byte("\xFF\xD8\xFF"), []byte("GIF8"), []byte("Rar!"), []byte("7z\xBC\xAF"), []byte("\x1F\x8B")}
)

// hasMagic reports a binary format that may not contain NUL bytes early.
func hasMagic(data []byte) bool {
	for _, m := range magicBin {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return bytes.HasPrefix(data, magicPDF) || bytes.HasPrefix(data, magicOLE) || bytes.HasPrefix(data, magicRTF)
}

// formatOf decides the format from the extension and checks that the
// content agrees, so that a PNG renamed .docx gets a clear answer.
func formatOf(filename string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(filename))
	isZip := bytes.HasPrefix(data, magicZip) || bytes.HasPrefix(data, []byte("PK\x05\x06"))
	// binaryErr names the real format when it is one people confuse with
	// ours (a PDF or an old .doc), else says the file is not what its
	// extension claims.
	binaryErr := func(fallback error) error {
		switch {
		case bytes.HasPrefix(data, magicPDF):
			return ErrPDF
		case bytes.HasPrefix(data, magicOLE), bytes.HasPrefix(data, magicRTF):
			return ErrLegacyWord
		}
		return fallback
	}
	switch ext {
	case ".docx", ".docm", ".dotx", ".wpsx":
		if isZip {
			return formatDocx, nil
		}
		return "", binaryErr(ErrDocx)
	case ".doc", ".wps", ".dot", ".rtf":
		if isZip {
			return formatDocx, nil // a .docx with the old extension
		}
		return "", ErrLegacyWord
	case ".xlsx", ".xlsm", ".xltx":
		if isZip {
			return formatXLSX, nil
		}
		if bytes.HasPrefix(data, magicOLE) {
			return "", ErrLegacyExcel
		}
		return "", binaryErr(ErrXlsx)
	case ".xls", ".et", ".ett":
		if isZip {
			return formatXLSX, nil
		}
		return "", ErrLegacyExcel
	case ".csv", ".tsv":
		if isZip || looksBinary(data) || hasMagic(data) {
			return "", binaryErr(ErrCSV)
		}
		return formatCSV, nil
	case ".txt", ".text", ".md", ".markdown":
		if isZip || looksBinary(data) || hasMagic(data) {
			return "", binaryErr(ErrText)
		}
		if ext == ".md" || ext == ".markdown" {
			return formatMarkdown, nil
		}
		return formatText, nil
	case ".pdf":
		return "", ErrPDF
	case "":
		switch {
		case isZip:
			return zipFormat(data)
		case looksBinary(data) || hasMagic(data):
			return "", binaryErr(ErrUnsupported)
		}
		return formatText, nil
	}
	return "", binaryErr(ErrUnsupported)
}
