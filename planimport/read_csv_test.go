package planimport

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// guarded are cell texts a spreadsheet program would run as formulas, as
// an exported ledger writes them into a CSV (with an apostrophe) and what
// they must read back as.
var guarded = []struct{ written, read string }{
	{"'=SUM(A1:A3)", "=SUM(A1:A3)"},
	{"'+86-0571-1234", "+86-0571-1234"},
	{"'-完成率不低于95%", "-完成率不低于95%"},
	{"'@督导室", "@督导室"},
	{"'\t制表符开头", "\t制表符开头"},
	// Only one apostrophe, and only before those characters.
	{"''=x", "''=x"},
	{"'可编辑", "'可编辑"},
	{"'", "'"},
	{"=未加引号", "=未加引号"},
}

func TestUnguard(t *testing.T) {
	for _, g := range guarded {
		if got := unguard(g.written); got != g.read {
			t.Errorf("unguard(%q) = %q, want %q", g.written, got, g.read)
		}
	}
	if got := unguard("'\r回车"); got != "\r回车" {
		t.Errorf("unguard CR = %q", got)
	}
}

// TestFormulaGuardRoundTrip reads back a ledger whose target cells an
// exporter guarded: in a CSV with an apostrophe, in an .xlsx with the
// quote-prefix style and the value unchanged (or, typed by hand, with an
// apostrophe too).
func TestFormulaGuardRoundTrip(t *testing.T) {
	var csvText, sheet strings.Builder
	csvText.WriteString("序号,工作任务,牵头单位,目标\n")
	inline := func(ref, v string, style int) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(v))
		return fmt.Sprintf(`<c r="%s" t="inlineStr" s="%d"><is><t xml:space="preserve">%s</t></is></c>`, ref, style, b.String())
	}
	sheet.WriteString(sheetHead + `<row r="1">` + inline("A1", "序号", 0) + inline("B1", "工作任务", 0) + inline("C1", "牵头单位", 0) + inline("D1", "目标", 0) + `</row>`)
	for i, g := range guarded {
		row := strconv.Itoa(i + 2)
		task := "推进第" + cnString(i+1) + "项工作"
		csvText.WriteString(strings.Join([]string{strconv.Itoa(i + 1), task, "督导室", csvQuote(g.written)}, ",") + "\n")
		// The target as the exporter writes it (the text as it is, with
		// the quote-prefix style), or on odd rows as a person types it
		// (with an apostrophe).
		target := g.read
		if i%2 == 1 {
			target = g.written
		}
		sheet.WriteString(`<row r="` + row + `"><c r="A` + row + `"><v>` + strconv.Itoa(i+1) + `</v></c>` +
			inline("B"+row, task, 0) + inline("C"+row, "督导室", 0) + inline("D"+row, target, 1) + `</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	parts := append(xlsxParts(str(sheet.String()), nil), zipPart{"xl/styles.xml", str(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2">` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"/></cellXfs></styleSheet>`)})
	for name, data := range map[string][]byte{"台账.csv": []byte(csvText.String()), "台账.xlsx": buildZip(t, 0, parts...)} {
		doc := decodeBytes(t, data, name, Options{})
		for i, g := range guarded {
			it := find(t, doc, "推进第"+cnString(i+1)+"项工作")
			// Cells are normalized (a leading tab goes) as always.
			if want := cellText(g.read); it.Target != want {
				t.Errorf("%s row %d: target %q, want %q", name, i+1, it.Target, want)
			}
		}
	}
}

func csvQuote(s string) string {
	if strings.ContainsAny(s, "\",\n\r\t") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
