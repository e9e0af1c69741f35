package planimport

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/xuri/excelize/v2"
)

// fuzzMax keeps fuzz inputs small enough for many executions per second;
// the size limits themselves are tested in TestBadInput.
const fuzzMax = 1 << 20

// fuzzDecode decodes data and checks that the result is an item list with
// its invariants or a user-facing error, never a panic. A decode that does
// not return within the watchdog's time panics, so that the fuzzer records
// the input instead of hanging with it.
func fuzzDecode(t *testing.T, data []byte, name string) {
	var doc *Document
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		doc, err = Decode(bytes.NewReader(data), name, Options{Now: testNow, MaxBytes: fuzzMax})
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		panic("Decode hangs")
	}
	if err != nil {
		var de *duban.Error
		if !errors.As(err, &de) || de.Code != duban.EINVALID || de.Message == "" {
			t.Fatalf("error is not a user-facing *duban.Error: %v", err)
		}
		return
	}
	checkInvariants(t, doc)
}

func addTestdata(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzDecodeText(f *testing.F) {
	addTestdata(f, "plan_utf8.txt", "plan_gb18030.txt", "plan.md", "summary_plan.txt", "district_points.txt", "compilation.txt", "flat_table.txt",
		"unseen_points_labels.txt", "unseen_points_brackets.md", "unseen_school_months.txt", "unseen_term_weeks.txt", "unseen_deadline_words.txt")
	for _, s := range []string{
		"一、甲\n（一）乙\n1.丙\n（1）丁\n①戊", "一是甲。二是乙。(1)丙(2)丁", "首先，甲；其次，乙；最后，丙。",
		"（牵头单位：督导室；配合单位：基教股、", "督导室：\n1.甲\n", "| 序号 | 工作任务 | 牵头单位 |\n|---|---|---|\n| 1 | 甲 | 乙 |",
		"学区计划 第1篇\n一、甲\n学区计划 第2篇\n一、乙", "某局\n2026年1月6日", "\xEF\xBB\xBF一、\n\n",
		"九月：\n1.甲\n10月份：乙；丙\n第6周（3月30日—4月3日）：丁", "1.甲\n2.乙\n责任单位：丙\n二、丁", "由甲科负责，元旦后第二周寒假安全教育", "二〇二六年工作要点\n一、甲\n1.开学后两周内乙（5月中旬）\n某局\n二〇二六年二月十日",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, "a.txt")
		fuzzDecode(t, data, "a.md")
	})
}

func FuzzDecodeCSV(f *testing.F) {
	addTestdata(f, "ledger.csv", "ledger_gbk.csv")
	f.Add(unseenLedgerCSV(f, false))
	f.Add(unseenLedgerCSV(f, true))
	f.Add([]byte("序号,工作任务,牵头单位,完成时限\n1,\"甲\"\"乙\",丙,9月底前\n"))
	f.Add([]byte("工作任务\t状态\t进度\n甲\t已完成\t0.6\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, "a.csv")
	})
}

// FuzzDecodeDocx fuzzes the parts of a Word package rather than the zip
// bytes, which a mutation would almost always make fail the checksum; a
// raw input that is already a zip is decoded as it is too.
func FuzzDecodeDocx(f *testing.F) {
	f.Add([]byte(document(p("1:0", "", "加强督政")+p("1:1", "", "完成评估（牵头科室：督导室）"))), []byte(testNumbering), []byte(testStyles))
	f.Add([]byte(document("<w:tbl>"+tr(tc("", "序号"), tc("", "工作任务"), tc(`<w:gridSpan w:val="2"/>`, "牵头单位"))+tr(tc("", "1"), tc(`<w:vMerge/>`, "甲"), tc("", "乙"))+"</w:tbl>")), []byte(""), []byte(""))
	f.Add(sampleDocx(f), []byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, doc, numbering, styles []byte) {
		if bytes.HasPrefix(doc, magicZip) {
			fuzzDecode(t, doc, "a.docx")
			return
		}
		fuzzDecode(t, buildDocx(t, string(doc), string(numbering), string(styles)), "a.docx")
	})
}

// FuzzDecodeXLSX writes the fuzzed text into a sheet (lines are rows, tabs
// separate cells, "@A1:B2" lines merge ranges) so that the decoder sees
// valid workbooks with arbitrary content; raw zip inputs are decoded too.
func FuzzDecodeXLSX(f *testing.F) {
	f.Add([]byte("某县台账\n完成时限\t序号\t重点任务\t责任单位\n\t\t\t牵头单位\t配合单位\n9月底前\t1\t甲\t乙\t丙、丁\n@A1:E1\n@D2:E2"))
	f.Add([]byte("序号\t工作任务\t状态\t进度\n1\t甲\t已完成\t60%\n一、乙\n@A3:D3"))
	f.Add([]byte("周次\t起止日期\t工作内容\t负责部门\t责任领导\n第1周\t9月1日—9月5日\t开学典礼\t政教处\t王\n第5周\t\t国庆放假\n填表说明：甲\n@A4:E4"))
	rows, merges := ledgerRows()
	f.Add(writeSheet(f, "台账", rows, merges))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, magicZip) {
			fuzzDecode(t, data, "a.xlsx")
			return
		}
		fuzzDecode(t, sheetFromText(t, string(data)), "a.xlsx")
	})
}

// sheetFromText writes a minimal workbook by hand (excelize's writer is
// too slow for fuzzing): one sheet of inline strings and the merges asked
// for. Cell text is escaped; merge references are not, so the fuzzer can
// break the XML too.
func sheetFromText(t *testing.T, text string) []byte {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	var sheet, merges strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet ` + ns + `><sheetData>`)
	nMerges := 0
	for r, line := range strings.Split(text, "\n") {
		if r >= 200 {
			break
		}
		if ref, ok := strings.CutPrefix(line, "@"); ok {
			merges.WriteString(`<mergeCell ref="` + ref + `"/>`)
			nMerges++
			continue
		}
		fmt.Fprintf(&sheet, `<row r="%d">`, r+1)
		for c, cell := range strings.Split(line, "\t") {
			if c >= 20 {
				break
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			sheet.WriteString(`<c r="` + name + `" t="inlineStr"><is><t>`)
			xml.EscapeText(&sheet, []byte(cell))
			sheet.WriteString(`</t></is></c>`)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData>`)
	if nMerges > 0 {
		fmt.Fprintf(&sheet, `<mergeCells count="%d">%s</mergeCells>`, nMerges, merges.String())
	}
	sheet.WriteString(`</worksheet>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook ` + ns + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	} {
		w, err := zw.Create(part.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, part.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSheetFromText(t *testing.T) {
	doc := decodeBytes(t, sheetFromText(t, "序号\t工作任务\t牵头单位\n1\t甲任务\t乙科\n@A1:A1"), "a.xlsx", Options{})
	checkItem(t, doc, want{title: "甲任务", owner: "乙科"})
}
