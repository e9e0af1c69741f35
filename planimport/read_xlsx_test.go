package planimport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/xuri/excelize/v2"
)

// TestXLSXCellValues writes a ledger the way Excel users type it — real
// dates in three formats, a percentage, rich text, a formula, a boolean —
// and checks that each cell reads as the person sees it.
func TestXLSXCellValues(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	style := func(cell string, s *excelize.Style) {
		t.Helper()
		id, err := f.NewStyle(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sh, cell, cell, id); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range []string{"序号", "工作任务", "牵头单位", "完成时限", "完成进度", "是否完成"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		set(cell, h)
	}
	set("A2", 1)
	set("B2", "完成校舍安全排查")
	set("C2", "安全办")
	set("D2", time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
	style("D2", &excelize.Style{NumFmt: 14})
	set("E2", 0.6)
	style("E2", &excelize.Style{NumFmt: 9})
	set("F2", false)

	set("A3", 2)
	if err := f.SetCellRichText(sh, "B3", []excelize.RichTextRun{{Text: "建成"}, {Text: "智慧校园平台", Font: &excelize.Font{Bold: true}}}); err != nil {
		t.Fatal(err)
	}
	set("C3", "装备中心")
	set("D3", 46356) // 2026-11-30, as a serial with a custom Chinese date format
	fmtCode := `yyyy"年"m"月"d"日"`
	style("D3", &excelize.Style{CustomNumFmt: &fmtCode})
	if err := f.SetCellFormula(sh, "E3", `="100%"`); err != nil {
		t.Fatal(err)
	}
	set("F3", true)

	set("A4", 3)
	set("B4", "修订学生资助管理办法")
	set("D4", "2026/12/31")
	set("E4", 0.25)
	pct := "0.0%"
	style("E4", &excelize.Style{CustomNumFmt: &pct})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	doc := decodeBytes(t, buf.Bytes(), "台账.xlsx", Options{})
	for _, w := range []want{
		{title: "完成校舍安全排查", owner: "安全办", deadline: "2026-09-30", percent: 60, status: duban.StatusTodo},
		{title: "建成智慧校园平台", owner: "装备中心", deadline: "2026-11-30", status: duban.StatusDone},
		{title: "修订学生资助管理办法", deadline: "2026-12-31", percent: 25, status: duban.StatusDoing},
	} {
		checkItem(t, doc, w)
	}
}

func TestCellFormats(t *testing.T) {
	for code, want := range map[string]cellFormat{
		"General": cellNumber, "0.00": cellNumber, "#,##0": cellNumber, "@": cellNumber,
		"yyyy-mm-dd": cellDate, `yyyy"年"m"月"d"日"`: cellDate, "m/d": cellDate, "[$-804]aaaa": cellNumber, "h:mm": cellDate,
		"0%": cellPercent, "0.0%": cellPercent, `"完成"0`: cellNumber, `\d0`: cellNumber, "[Red]0.00": cellNumber,
	} {
		if got := formatOfCode(code); got != want {
			t.Errorf("formatOfCode(%q) = %d, want %d", code, got, want)
		}
	}
	for _, tt := range []struct {
		f    float64
		want string
	}{{1350, "1350"}, {0.1 + 0.2, "0.3"}, {1e20, "100000000000000000000"}, {-2.5, "-2.5"}} {
		if got := shortNumber(tt.f); got != tt.want {
			t.Errorf("shortNumber(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	if s, ok := serialDate(46295, false); !ok || s != "2026-09-30" {
		t.Errorf("serialDate = %q %v", s, ok)
	}
	if s, ok := serialDate(46295-1462, true); !ok || s != "2026-09-30" {
		t.Errorf("serialDate 1904 = %q %v", s, ok)
	}
	if _, ok := serialDate(3e6, false); ok {
		t.Error("serial past 9999 read as a date")
	}
}

// TestXLSXHandWritten reads workbooks as other programs write them:
// inline strings, rows and cells without references, rows left out,
// strings with phonetic guides, absolute part names.
func TestXLSXHandWritten(t *testing.T) {
	sheet := str(sheetHead +
		`<row><c t="inlineStr"><is><t>工作任务</t></is></c><c t="inlineStr"><is><t>牵头单位</t></is></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>` +
		`<row r="4"><c r="B4" t="inlineStr"><is><r><t>人事</t></r><r><t>股</t></r></is></c><c r="A4" t="s"><v>4</v></c></row>` +
		`</sheetData></worksheet>`)
	shared := str(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<si><t>工作任务</t></si><si><t>牵头单位</t></si><si><t>开展校园安全排查</t></si><si><t>安全办</t></si>` +
		`<si><r><t>招聘</t></r><r><t>新教师</t></r><rPh sb="0" eb="2"><t>ショウヘイ</t></rPh></si></sst>`)
	parts := xlsxParts(sheet, shared)
	for i := range parts {
		if parts[i].name == "xl/_rels/workbook.xml.rels" {
			parts[i].body = str(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>` +
				`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
		}
	}
	doc := decodeBytes(t, buildZip(t, 0, parts...), "a.xlsx", Options{})
	checkItem(t, doc, want{title: "开展校园安全排查", owner: "安全办"})
	checkItem(t, doc, want{title: "招聘新教师", owner: "人事股"})
	if out := doc.Outline(); strings.Contains(out, "ショウヘイ") {
		t.Errorf("phonetic guide imported:\n%s", out)
	}
}
