package planimport

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

const (
	wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
		`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"`
	contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	packageRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
)

// testStyles declares Title and Heading 1 the way Word writes them.
const testStyles = `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + wordNS + `>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListTask"><w:name w:val="List Task"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`</w:styles>`

// testNumbering is one multi-level list: 一、 / （一） / 1. / ①, and a
// second instance of it that restarts its third level at 1.
const testNumbering = `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + wordNS + `>` +
	`<w:abstractNum w:abstractNumId="7">` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>` +
	`<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>` +
	`<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>` +
	`</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="9"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="9"/></w:num>` +
	`</w:numbering>`

// p writes a paragraph; num is "numId:ilvl" or "", style a pStyle or "".
func p(num, style, text string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if style != "" {
		b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
	}
	if num != "" {
		id, lvl, _ := strings.Cut(num, ":")
		b.WriteString(`<w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + id + `"/></w:numPr>`)
	}
	b.WriteString("</w:pPr>")
	// Split the text over runs as Word does after edits.
	for i, part := range strings.SplitAfter(text, "，") {
		if part == "" {
			continue
		}
		if i%2 == 1 {
			b.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + part + `</w:t></w:r>`)
		} else {
			b.WriteString(`<w:r><w:t>` + part + `</w:t></w:r>`)
		}
	}
	b.WriteString("</w:p>")
	return b.String()
}

// tc writes a table cell with optional properties.
func tc(props, text string) string {
	return "<w:tc><w:tcPr>" + props + "</w:tcPr>" + p("", "", text) + "</w:tc>"
}

func tr(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }

func document(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`
}

// buildDocx zips the parts of a minimal Word document; empty parts are left
// out.
func buildDocx(t testing.TB, documentXML, numberingXML, stylesXML string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"word/document.xml", documentXML},
		{"word/numbering.xml", numberingXML},
		{"word/styles.xml", stylesXML},
	} {
		if part.body == "" {
			continue
		}
		w, err := zw.Create(part.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sampleDocx is the Word test document: automatic numbering on three
// levels, a style that carries numbering, a text box stored twice, a
// tracked deletion, a ledger table with merged cells and a layout table.
func sampleDocx(t testing.TB) []byte {
	textBox := `<w:p><w:r><w:t>规范办学行为专项督导</w:t></w:r><w:r><mc:AlternateContent>` +
		`<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>重点检查作业和睡眠管理</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>重点检查作业和睡眠管理</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>` +
		`</mc:AlternateContent></w:r><w:del w:id="1"><w:r><w:delText>已删除的旧要求</w:delText></w:r></w:del></w:p>`
	textBox = strings.Replace(textBox, "<w:p><w:r>", `<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r>`, 1)
	ledger := "<w:tbl>" +
		tr(tc("", "序号"), tc("", "工作任务"), tc("", "责任科室"), tc("", "完成时限")) +
		tr(tc(`<w:gridSpan w:val="4"/>`, "一、责任督学")) +
		tr(tc("", "1"), tc("", "开展责任督学挂牌督导，覆盖全部学校"), tc(`<w:vMerge w:val="restart"/>`, "督学办"), tc("", "12月底前")) +
		tr(tc("", "2"), tc("", "发布督导通报"), tc(`<w:vMerge/>`, ""), tc("", "每学期末")) +
		"</w:tbl>"
	layout := "<w:tbl>" + tr(tc("", "附注"), tc("", "本计划由督导室负责解释")) + "</w:tbl>"
	body := p("", "Title", "某区教育局2026年教育督导工作计划") +
		p("1:0", "", "加强督政工作") +
		p("1:1", "", "开展县域义务教育优质均衡督导评估（牵头科室：督导室）") +
		p("1:2", "", "9月底前完成自评报告") +
		p("", "ListTask", "11月迎接省级评估，评估达标率100%") +
		p("1:3", "", "逐校核查，问题清单化") +
		textBox +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>强化督学工作</w:t><w:br/><w:t>（基教股牵头，各学校配合）</w:t></w:r></w:p>` +
		ledger +
		layout +
		p("1:0", "", "做好专项督导，") +
		p("2:0", "", "校车安全") +
		p("2:0", "", "食堂安全") +
		p("", "", "")
	return buildDocx(t, document(body), testNumbering, testStyles)
}

func TestDecodeDocx(t *testing.T) {
	doc := decodeBytes(t, sampleDocx(t), "计划.docx", Options{})
	if doc.Title != "某区教育局2026年教育督导工作计划" || doc.Format != "docx" || doc.Year != 2026 {
		t.Errorf("title %q format %q year %d", doc.Title, doc.Format, doc.Year)
	}
	for _, w := range []want{
		{title: "加强督政工作", code: "一", kind: duban.KindSection},
		{title: "开展县域义务教育优质均衡督导评估", code: "一.(一)", owner: "督导室", kind: duban.KindSection},
		{title: "9月底前完成自评报告", code: "一.(一).1", owner: "督导室", deadline: "2026-09-30"},
		{title: "11月迎接省级评估", code: "一.(一).2", target: "评估达标率100%", deadline: "2026-11-30", kind: duban.KindSection},
		{title: "逐校核查", code: "一.(一).2.①"},
		{title: "规范办学行为专项督导", code: "一.(二)", parent: "加强督政工作"},
		{title: "强化督学工作", code: "二", owner: "基教股", partners: "各学校"},
		{title: "责任督学", code: "二.一", kind: duban.KindSection, parent: "强化督学工作"},
		{title: "开展责任督学挂牌督导", code: "二.一.1", owner: "督学办", deadline: "2026-12-31", dlText: "12月底前"},
		{title: "发布督导通报", code: "二.一.2", owner: "督学办", parent: "责任督学"},
		{title: "做好专项督导", code: "三", kind: duban.KindSection},
		{title: "校车安全", code: "三.1", parent: "做好专项督导"},
		{title: "食堂安全", code: "三.2"},
	} {
		checkItem(t, doc, w)
	}
	box := find(t, doc, "规范办学行为专项督导")
	if strings.Count(box.Body, "重点检查作业和睡眠管理") != 1 || strings.Contains(doc.Outline()+box.Body, "已删除") {
		t.Errorf("text box or deletion handled wrongly: body %q", box.Body)
	}
	if it := find(t, doc, "强化督学工作"); !strings.Contains(it.Body, "本计划由督导室负责解释") {
		t.Errorf("layout table not kept as text: body %q", it.Body)
	}
}

func TestDecodeDocxHeadings(t *testing.T) {
	body := p("", "Title", "督导室2026年工作安排") +
		p("", "1", "督政") +
		p("", "", "完成县域评估，9月底前完成。") +
		p("", "", "迎接省级复查。") +
		p("", "1", "督学") +
		p("", "", "每月挂牌督导一次。")
	doc := decodeBytes(t, buildDocx(t, document(body), "", testStyles), "a.docx", Options{})
	var codes []string
	for _, it := range doc.Items {
		codes = append(codes, it.Code+" "+it.Title)
	}
	if got := strings.Join(codes, "|"); got != "1 督政|1.1 完成县域评估|1.2 迎接省级复查|2 督学" {
		t.Errorf("items %s\n%s", got, doc.Outline())
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		v      int
		format string
		want   string
	}{
		{3, "decimal", "3"}, {12, "chineseCounting", "十二"}, {3, "decimalEnclosedCircle", "③"},
		{2, "decimalEnclosedParen", "⑵"}, {28, "upperLetter", "BB"}, {4, "lowerRoman", "iv"},
		{3, "ideographTraditional", "丙"}, {11, "chineseLegalSimplified", "拾壹"}, {5, "decimalZero", "05"},
	} {
		if got := formatNumber(tt.v, tt.format); got != tt.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}
