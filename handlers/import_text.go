package handlers

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/planimport"
	"github.com/duban-bot/duban/report"
)

// importErrors are the planimport errors in both languages. planimport
// words them in Chinese only; the English is kept here, by identity.
var importErrors = []struct {
	err *duban.Error
	en  string
}{
	{planimport.ErrTooLarge, "The file is too large to import."},
	{planimport.ErrEmpty, "The file is empty: there is nothing to import."},
	{planimport.ErrSummaryOnly, "This file looks like a work summary: no plan items were found."}, // before ErrNoItems, which it wraps
	{planimport.ErrNoItems, "No plan items were found in the document."},
	{planimport.ErrUnsupported, "This file format is not supported: send a .docx, .xlsx, .csv, .txt or .md file."},
	{planimport.ErrLegacyWord, "Old Word documents (.doc/.wps) are not supported: save the file as .docx in Word or WPS and send it again."},
	{planimport.ErrLegacyExcel, "Old Excel workbooks (.xls) are not supported: save the file as .xlsx and send it again."},
	{planimport.ErrPDF, "PDF files are not supported: send the original Word document (.docx), or save the text as .docx or .txt."},
	{planimport.ErrDocx, "The file is not a valid Word document (.docx)."},
	{planimport.ErrXlsx, "The file is not a valid Excel workbook (.xlsx)."},
	{planimport.ErrCSV, "The file is not a valid CSV table."},
	{planimport.ErrText, "The file is not a text file."},
	{planimport.ErrEncoding, "The text encoding of the file is not recognised: save it as UTF-8 and send it again."},
	{planimport.ErrTooComplex, "The file's inner structure is abnormal (nested too deep, too many elements or cells): save it again with Word, WPS or Excel and send it."}, // before ErrPackageTooLarge, which it comes with
	{planimport.ErrPackageTooLarge, "The file unpacks to far too much content to import."},
	{planimport.ErrRead, "Reading the file failed: please send it again."},
}

// ImportErrorText returns what a user reads about a planimport error, in
// lang, and false for an error that is not the document's fault (which is
// logged instead).
func ImportErrorText(err error, lang string) (string, bool) {
	for _, e := range importErrors {
		if errors.Is(err, e.err) {
			return report.Tr(lang, e.err.Message+"。", e.en), true
		}
	}
	return "", false
}

// TooLargeText says a file is over the import limit; size < 0 when its
// size is not known.
func TooLargeText(size, max int64, lang string) string {
	if size < 0 {
		return report.Tr(lang,
			fmt.Sprintf("文件太大，导入上限是 %s。", SizeText(max)),
			fmt.Sprintf("The file is too large: the import limit is %s.", SizeText(max)))
	}
	return report.Tr(lang,
		fmt.Sprintf("文件太大（%s），导入上限是 %s。", SizeText(size), SizeText(max)),
		fmt.Sprintf("The file is too large (%s): the import limit is %s.", SizeText(size), SizeText(max)))
}

// SizeText writes a byte count for people: "512 KB", "10 MB", "1.5 MB"
// (report.SizeText).
func SizeText(n int64) string { return report.SizeText(n) }

// ImportResultText says what an import changed, as HTML: the plan, the
// counts, and the numbers added and changed.
//
//	✅ 已导入《2026年教育工作要点》（2026年）：新增40项，修改2项，未变10项。
//	新增：#10–#49
//	修改：#3、#7
func ImportResultText(res duban.ImportResult, lang string) string {
	var b strings.Builder
	name := report.Esc(res.Plan.Name)
	fmt.Fprint(&b, report.Tr(lang,
		fmt.Sprintf("✅ 已导入《%s》（%d年）：新增%d项，修改%d项，未变%d项。", name, res.Plan.Year, len(res.Added), len(res.Changed), len(res.Unchanged)),
		fmt.Sprintf("✅ Imported “%s” (%d): %d added, %d changed, %d unchanged.", name, res.Plan.Year, len(res.Added), len(res.Changed), len(res.Unchanged))))
	if len(res.Added) > 0 {
		b.WriteString(report.Tr(lang, "\n新增：", "\nAdded: ") + NumberRanges(res.Added, lang))
	}
	if len(res.Changed) > 0 {
		b.WriteString(report.Tr(lang, "\n修改：", "\nChanged: ") + NumberRanges(res.Changed, lang))
	}
	if len(res.Added)+len(res.Changed) == 0 {
		b.WriteString(report.Tr(lang, "\n文件与已导入的计划一致，没有任何改动。", "\nThe file matches the plan as imported: nothing changed."))
	}
	return b.String()
}

// maxRangeRunes bounds a list of number ranges; the rest is counted.
const maxRangeRunes = 600

// NumberRanges writes item numbers compactly, runs as ranges: "#3、#5–#9"
// ("#3, #5–#9" in English). A very long list ends with how many more.
func NumberRanges(nums []int, lang string) string {
	sep := report.Tr(lang, "、", ", ")
	var b strings.Builder
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		if b.Len() > 0 {
			if utf8.RuneCountInString(b.String()) > maxRangeRunes {
				b.WriteString(report.Tr(lang, fmt.Sprintf("等（另%d项）", len(nums)-i), fmt.Sprintf(" and %d more", len(nums)-i)))
				break
			}
			b.WriteString(sep)
		}
		switch {
		case j == i:
			fmt.Fprintf(&b, "#%d", nums[i])
		case j == i+1:
			fmt.Fprintf(&b, "#%d%s#%d", nums[i], sep, nums[j])
		default:
			fmt.Fprintf(&b, "#%d–#%d", nums[i], nums[j])
		}
		i = j + 1
	}
	return b.String()
}
