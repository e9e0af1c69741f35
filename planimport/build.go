package planimport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// block is one unit of a document as its format reader delivers it: a
// paragraph (possibly several lines) or a table.
type block struct {
	text    string
	heading int     // 1..9 when the source marks a heading (Markdown #, Word Heading n)
	num     *marker // a Word list number, already rendered
	title   bool    // Word's Title style
	rows    [][]string
}

// para is one cleaned line of text, or a table.
type para struct {
	m       marker
	hasM    bool
	text    string
	heading int
	title   bool
	rows    [][]string
	// topic marks an unnumbered line that heads a part of the document
	// ("下半年工作计划", "存在的问题"): see topicHeading.
	topic bool
	// dateOnly marks where a line that was only a date stood (see
	// splitDates); signed when it was under the issuing unit's name.
	dateOnly bool
	signed   bool
	date     duban.Date
}

// builder turns blocks into a Document.
type builder struct {
	opt        Options
	doc        *Document
	root       *node
	titleFound bool
	// What the document says about its year (see year.go): its date, the
	// year its opening lines state, and the same per article of a
	// compilation (multi).
	docDate duban.Date
	lead    int
	multi   bool
	parts   []partInfo
	nparts  int
	// sc is the document's scope and cur the one of the article being
	// filled.
	sc, cur *scope
	// lim is what may still be read and built.
	lim *limits
	// gaps are where the numbering skips, found before reviews are dropped.
	gaps []gap
	// label is an owner line that may speak for the list above it (see
	// labelscope.go).
	label *pendingLabel
}

// source describes where the blocks came from.
type source struct {
	format   string
	filename string
	// joinBroken joins lines that a copy from a web page or PDF broke in
	// the middle of a sentence; Word paragraphs are never broken.
	joinBroken bool
}

// assemble builds the Document from the blocks of one file.
func assemble(blocks []block, src source, opt Options, lim *limits) (*Document, error) {
	b := &builder{opt: opt, doc: &Document{Format: src.format}, root: &node{}, lim: lim}
	paras := b.prepare(blocks, src.joinBroken)
	if !hasContent(paras) {
		return nil, ErrEmpty
	}
	paras = b.findTitle(paras, src.filename)
	paras, dates := splitDates(paras)
	b.readDates(paras, dates)
	b.setYear()
	b.grow(paras)
	b.resolve(b.root)
	b.gaps = numberingGaps(b.root)
	b.scopeParts()
	if !b.dropReviews() {
		return nil, fail(ErrSummaryOnly, ErrNoItems)
	}
	b.dropFramingParts()
	b.planPartYear()
	if b.chatter() {
		return nil, ErrNoItems
	}
	b.fill(b.root)
	b.findDoubts()
	b.doc.Items = flatten(b.root)
	if len(b.doc.Items) == 0 {
		return nil, ErrNoItems
	}
	if b.root.structured == 0 && len(b.doc.Items) > 1 {
		b.warn("没有识别到编号层级，已按段落逐条导入")
	}
	if b.lim.cut {
		b.doubt(DoubtTruncated,
			fmt.Sprintf("文件内容过多，只读取了前面的%d项，其余部分没有导入", len(b.doc.Items)),
			fmt.Sprintf("The file holds too much: only its first %d items were read, the rest is left out", len(b.doc.Items)))
	}
	return b.doc, nil
}

func (b *builder) warn(s string) { b.doc.Warnings = append(b.doc.Warnings, s) }

// hasContent reports a paragraph that is more than a date line.
func hasContent(paras []para) bool {
	for _, p := range paras {
		if !p.dateOnly {
			return true
		}
	}
	return false
}

// prepare cleans lines, drops noise, reads markers, rejoins broken lines
// and drops signature blocks.
func (b *builder) prepare(blocks []block, joinBroken bool) []para {
	var out []para
	var pending *marker // a marker alone on its line, waiting for its text
	inTable := false
	for _, bl := range blocks {
		if bl.rows != nil {
			out = append(out, para{rows: bl.rows})
			continue
		}
		if b.lim.paras <= 0 {
			b.lim.cut = true
			break
		}
		li := -1
		for raw := range lines(bl.text) {
			li++
			line := strings.TrimSpace(stripNoiseTokens(normalize(raw)))
			if line == "" || isNoise(line) {
				continue
			}
			if !b.lim.para() {
				return out
			}
			if date, ok := dateLine(line); ok {
				signed := false
				// The line above is the issuing unit's when something came
				// before it; the first line of all is the title, dated.
				if n := len(out); n > 1 && isSignature(out[n-1]) {
					out = out[:n-1]
					signed = true
				}
				out = append(out, para{dateOnly: true, date: date, signed: signed})
				continue
			}
			if joinBroken {
				line = stripPageNumber(line)
			}
			p := para{text: line, heading: bl.heading, title: bl.title}
			if m, head, work, ok := periodHeading(line); ok && !(li == 0 && bl.num != nil) {
				out = append(out, para{m: m, hasM: true, text: head})
				for i, w := range work {
					out = append(out, para{m: periodWork(i), hasM: true, text: w})
				}
				pending = nil
				continue
			}
			if li == 0 && bl.num != nil {
				p.m, p.hasM = *bl.num, true
			} else if m, rest, ok := parseMarker(line); ok {
				p.m, p.text, p.hasM = m, rest, true
				if _, head, work, ok := periodHeading(rest); ok && len(work) > 0 {
					// "1.九月：开学工作；教师节表彰": the month heads its work.
					out = append(out, para{m: m, hasM: true, text: head})
					for i, w := range work {
						out = append(out, para{m: periodWork(i), hasM: true, text: w})
					}
					pending = nil
					continue
				}
			} else if m, ok := deptHeading(line); ok {
				p.m, p.hasM = m, true
			} else if bl.heading > 0 && li == 0 {
				p.m = marker{style: styleHeading + strconv.Itoa(bl.heading), rank: bl.heading - 10}
				p.hasM = true
			}
			if li > 0 {
				p.heading, p.title = 0, false
			}
			p.topic = !p.hasM && topicHeading(p.text)
			if pending != nil && !p.hasM {
				p.m, p.hasM = *pending, true
			}
			pending = nil
			if p.hasM && strings.TrimSpace(p.text) == "" {
				m := p.m
				pending = &m
				continue
			}
			// Lines under a run of header words are the cells of a
			// flattened table (see flattable.go), never broken prose.
			switch {
			case p.hasM || isPart(p.text) || runeLen(p.text) > maxFlatCell:
				inTable = false
			case len(out) > 0 && isHeaderWord(p.text) && isHeaderWord(out[len(out)-1].text):
				inTable = true
			}
			if n := len(out); joinBroken && !inTable && n > 0 && !p.hasM && !p.topic && out[n-1].rows == nil && !out[n-1].dateOnly && !out[n-1].topic && brokenLine(out[n-1]) {
				out[n-1].text += p.text
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

// brokenLine reports a line that stops mid-sentence: without closing
// punctuation and either long or an unnumbered line with clause
// punctuation inside. Short lines without it are headings.
func brokenLine(p para) bool {
	s := p.text
	if strings.ContainsAny(lastRune(s), "。！？!?；;：:”\"）)】」…") {
		return false
	}
	return runeLen(s) >= 50 || (!p.hasM && strings.ContainsAny(s, "，,、"))
}

func lastRune(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[i:]
		}
	}
	return s
}

// grow builds the tree from the paragraphs.
func (b *builder) grow(paras []para) {
	parts := 0
	for _, p := range paras {
		if p.rows == nil && !p.hasM && isPart(p.text) {
			parts++
		}
	}
	lv := newLeveler(b.root)
	defer func() { dropClosing(lv) }()
	defer b.settleLabel(nil)
	for i := 0; i < len(paras) && b.lim.itemsLeft(); i++ {
		p := paras[i]
		if p.rows != nil || !p.hasM && (p.topic || isPart(p.text)) {
			b.settleLabel(nil)
		}
		if rows, title, end, ok := b.flatTableAt(paras, i); ok {
			b.settleLabel(nil)
			if title != "" {
				// A table with its own title ("…责任分工表") is a part of
				// the document of its own, not the item above's.
				lv.attach(0, &node{m: marker{style: "table", seg: "附表"}, text: title, section: true})
			}
			b.table(rows, lv)
			i = end - 1
			continue
		}
		if addressee(p, paras[i+1:]) && b.root.structured == 0 && len(lv.stack) == 1 && len(lv.deepest().plain) == 0 {
			continue // "各股室、各学校：" opening a notice
		}
		switch {
		case parts >= 2 && p.rows == nil && !p.hasM && isPart(p.text):
			dropClosing(lv)
			sm := partRe.FindStringSubmatch(p.text)
			v, n := cnNumber(sm[2])
			if n == 0 {
				v, _ = strconv.Atoi(sm[2])
			}
			if !b.lim.takeItems(1) {
				return
			}
			part := &node{m: marker{style: "part", value: v, seg: "第" + sm[2] + "篇"}, text: p.text, part: true, section: true, ord: b.nparts}
			b.nparts++
			newLeveler(b.root).attach(0, part)
			lv = newLeveler(part)
		case p.rows != nil:
			b.table(p.rows, lv)
		case p.topic && !(lv.stack[0].part && len(lv.stack[0].kids) == 0):
			// A part of the document: a new top-level section, whatever
			// was open. (Before anything else in an article of a
			// compilation, it is the article's own title.)
			if !b.lim.takeItems(1) {
				return
			}
			dropClosing(lv)
			lv.attach(0, &node{m: marker{style: styleTopic, rank: rankPart}, text: p.text, section: true})
		case p.hasM:
			b.placeLine(lv, p)
		default:
			b.plainLine(lv, p.text)
		}
	}
}

// placeLine places a numbered line's items, within the item allowance.
func (b *builder) placeLine(lv *leveler, p para) {
	its := splitLineRunIn(p.m, p.text)
	if !b.lim.takeItems(len(its)) {
		return
	}
	for i, it := range its {
		n := &node{m: it.m, text: it.text}
		lv.place(n)
		if i == 0 {
			b.settleLabel(n)
		}
	}
}

// Closing paragraphs ("总之，…", "新的一年，…为…而努力奋斗！") end plans
// and are no work; they are recognised by these words near their start or
// at their end.
var (
	closingOpeners = []string{"总之", "综上所述", "新的一年", "展望未来", "让我们", "任务光荣", "使命光荣", "站在新的起点", "回顾过去"}
	closingEnds    = []string{"努力奋斗！", "努力奋斗!", "而奋斗！", "新的贡献。", "新的更大贡献。", "新的篇章。", "新的辉煌。"}
)

// dropClosing removes closing paragraphs from the end of the text read so
// far: they would otherwise become the last item or its body.
func dropClosing(lv *leveler) {
	d := lv.deepest()
	for n := len(d.plain); n > 0; n-- {
		p := d.plain[n-1]
		if !isClosing(p) {
			break
		}
		d.plain = d.plain[:n-1]
	}
}

func isClosing(p string) bool {
	head := clip(p, 20)
	for _, w := range closingOpeners {
		if strings.Contains(head, w) {
			return true
		}
	}
	for _, w := range closingEnds {
		if strings.HasSuffix(p, w) {
			return true
		}
	}
	return false
}

// table adds a table: a ledger's rows as items, any other table as lines of
// text.
func (b *builder) table(rows [][]string, lv *leveler) {
	if h, ok := findHeader(rows); ok {
		if !b.titleFound && h.title != "" {
			b.doc.Title = strings.TrimSpace(titleSuffix.ReplaceAllString(h.title, ""))
			b.titleFound = true
			if b.opt.Year == 0 {
				if m := yearRe.FindStringSubmatch(b.doc.Title); m != nil {
					b.setYear()
				}
			}
		}
		b.ledgerNodes(h, rows, lv)
		return
	}
	var blocks []block
	for _, r := range rows {
		if line := rowText(r); line != "" {
			blocks = append(blocks, block{text: line})
		}
	}
	for _, p := range b.prepare(blocks, false) {
		switch {
		case p.dateOnly:
		case p.hasM:
			b.placeLine(lv, p)
		default:
			b.plainLine(lv, p.text)
		}
	}
}

// rowText renders a table row that is not a ledger row as one line: a lone
// cell as it is, a leading number cell as the line's marker, other cells
// joined as clauses.
func rowText(r []string) string {
	var cells []string
	for _, c := range r {
		if c = strings.TrimSpace(cellText(c)); c != "" && (len(cells) == 0 || cells[len(cells)-1] != c) {
			cells = append(cells, c)
		}
	}
	switch len(cells) {
	case 0:
		return ""
	case 1:
		return cells[0]
	}
	first := cells[0]
	if v, n := arNumber(first); n == len(first) && v > 0 {
		return first + "." + strings.Join(cells[1:], "；")
	}
	if v, n := cnNumber(first); n == len(first) && v > 0 {
		return first + "、" + strings.Join(cells[1:], "；")
	}
	if m, rest, ok := parseMarker(first); ok && rest == "" && m.numbered() {
		return first + strings.Join(cells[1:], "；")
	}
	return strings.Join(cells, "；")
}

// addressee reports the line a notice opens with to name whom it is sent
// to ("各股室、各学校：", "各乡镇中心学校，县直各学校："): units before a
// colon, more than one or all of a kind, over a paragraph of prose.
func addressee(p para, rest []para) bool {
	if !p.hasM || p.m.style != "dept" || !containsAny(p.text, "各", "、", "，", ",") {
		return false
	}
	return len(rest) > 0 && !rest[0].hasM && rest[0].rows == nil && !rest[0].dateOnly
}
