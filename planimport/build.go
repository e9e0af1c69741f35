package planimport

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

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
}

// builder turns blocks into a Document.
type builder struct {
	opt        Options
	doc        *Document
	root       *node
	ref        time.Time
	docDate    duban.Date
	titleFound bool
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
func assemble(blocks []block, src source, opt Options) (*Document, error) {
	b := &builder{opt: opt, doc: &Document{Format: src.format}, root: &node{}}
	paras := b.prepare(blocks, src.joinBroken)
	if len(paras) == 0 {
		return nil, ErrEmpty
	}
	paras = b.findTitle(paras, src.filename)
	b.setYear()
	b.grow(paras)
	b.resolve(b.root)
	b.fill(b.root)
	b.doc.Items = flatten(b.root)
	if len(b.doc.Items) == 0 {
		return nil, ErrNoItems
	}
	if b.root.structured == 0 && len(b.doc.Items) > 1 {
		b.warn("没有识别到编号层级，已按段落逐条导入")
	}
	return b.doc, nil
}

func (b *builder) warn(s string) { b.doc.Warnings = append(b.doc.Warnings, s) }

// dateLineRe matches a line that is only a date, as under a signature.
var dateLineRe = regexp.MustCompile(`^[(（]?\s*((?:19|20)\d{2}|[xX×*]{2,4}|20[xX]{2})\s*年\s*([0-9xX]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:([0-9xX]{1,2}|[一二三四五六七八九十]{1,3})\s*日)?\s*[)）]?$`)

// prepare cleans lines, drops noise, reads markers, rejoins broken lines
// and drops signature blocks.
func (b *builder) prepare(blocks []block, joinBroken bool) []para {
	var out []para
	var pending *marker // a marker alone on its line, waiting for its text
	for _, bl := range blocks {
		if bl.rows != nil {
			out = append(out, para{rows: bl.rows})
			continue
		}
		for li, raw := range splitLines(bl.text) {
			line := strings.TrimSpace(stripNoiseTokens(normalize(raw)))
			if line == "" || isNoise(line) {
				continue
			}
			if b.dateLine(line) {
				if n := len(out); n > 0 && isSignature(out[n-1]) {
					out = out[:n-1]
				}
				continue
			}
			p := para{text: line, heading: bl.heading, title: bl.title}
			if li == 0 && bl.num != nil {
				p.m, p.hasM = *bl.num, true
			} else if m, rest, ok := parseMarker(line); ok {
				p.m, p.text, p.hasM = m, rest, true
			} else if m, ok := deptHeading(line); ok {
				p.m, p.hasM = m, true
			} else if bl.heading > 0 && li == 0 {
				p.m = marker{style: styleHeading + strconv.Itoa(bl.heading), rank: bl.heading - 10}
				p.hasM = true
			}
			if li > 0 {
				p.heading, p.title = 0, false
			}
			if pending != nil && !p.hasM {
				p.m, p.hasM = *pending, true
			}
			pending = nil
			if p.hasM && strings.TrimSpace(p.text) == "" {
				m := p.m
				pending = &m
				continue
			}
			if n := len(out); joinBroken && n > 0 && !p.hasM && out[n-1].rows == nil && brokenLine(out[n-1]) {
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

// dateLine reports a line that is only a date and remembers it as the
// document's date.
func (b *builder) dateLine(line string) bool {
	if len(line) > 60 || !strings.Contains(line, "月") {
		return false
	}
	m := dateLineRe.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	mo, err := strconv.Atoi(m[2])
	if err != nil {
		mo, _ = cnNumber(m[2])
	}
	d := 1
	if m[3] != "" {
		if v, err := strconv.Atoi(m[3]); err == nil {
			d = v
		} else if v, n := cnNumber(m[3]); n > 0 {
			d = v
		}
	}
	if date, ok := validDate(y, mo, d); ok && b.docDate.IsZero() {
		b.docDate = date
	}
	return true
}

// isSignature reports the issuing unit's line above a closing date.
func isSignature(p para) bool {
	return p.rows == nil && !p.hasM && runeLen(p.text) <= 30 && !strings.ContainsAny(p.text, "，,。；;：:！？!?")
}

// partRe matches the heading of one article in a compilation of several
// ("学区德育督导工作计划 第2篇").
var partRe = regexp.MustCompile(`^(.{0,60}?)\s*第\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*篇$`)

// isPart reports an article heading of a compilation.
func isPart(s string) bool {
	return strings.HasSuffix(s, "篇") && partRe.MatchString(s)
}

// titleSuffix strips what sites append to titles.
var titleSuffix = regexp.MustCompile(`\s*(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*篇|\((?:word版|可编辑)[^)]*\)|（(?:word版|可编辑)[^）]*）|\.(?:docx?|txt|wps|pdf))\s*$`)

// findTitle takes the plan's title from the first line when it reads like
// one, and drops later copies of it (page headers).
func (b *builder) findTitle(paras []para, filename string) []para {
	first := paras[0]
	title := ""
	switch {
	case first.rows != nil:
	case isPart(first.text):
		title = partRe.FindStringSubmatch(first.text)[1]
	case first.title || first.heading == 1 || (!first.hasM && isTitleLine(first.text)):
		title = first.text
		paras = paras[1:]
	}
	title = strings.TrimSpace(titleSuffix.ReplaceAllString(title, ""))
	if title != "" {
		b.titleFound = true
		kept := paras[:0]
		for _, p := range paras {
			if p.rows == nil && !p.hasM && strings.HasPrefix(p.text, title) && !isPart(p.text) && strings.TrimSpace(titleSuffix.ReplaceAllString(p.text, "")) == title {
				continue
			}
			kept = append(kept, p)
		}
		paras = kept
	} else {
		title = strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
		if title == "." || title == "" {
			title = "未命名计划"
		}
	}
	b.doc.Title = title
	return paras
}

// isTitleLine: short and not a sentence.
func isTitleLine(s string) bool {
	n := runeLen(s)
	return n >= 4 && n <= 80 && !strings.ContainsAny(lastRune(s), "。；;，,") && !strings.ContainsAny(s, "。；;")
}

// yearRe finds the plan year in a title: "2026年", "2025-2026学年", "2026年度".
var yearRe = regexp.MustCompile(`((?:19|20)\d{2})(?:\s*[-—–~至到]\s*(?:19|20)?\d{2})?\s*学?年`)

// setYear decides the plan year and the reference date for deadlines.
func (b *builder) setYear() {
	loc := time.Local
	if !b.opt.Now.IsZero() {
		loc = b.opt.Now.Location()
	}
	year := b.opt.Year
	if year == 0 {
		if m := yearRe.FindStringSubmatch(b.doc.Title); m != nil {
			year, _ = strconv.Atoi(m[1])
		}
	}
	if year == 0 && !b.docDate.IsZero() {
		year = b.docDate.Year
		// A plan for next year is signed in November or December.
		if b.docDate.Month >= time.November && strings.ContainsAny(b.doc.Title, "计划要点安排") {
			year++
		}
	}
	if year == 0 {
		year = b.opt.Now.Year()
	}
	b.doc.Year = year
	b.ref = time.Date(year, time.January, 1, 0, 0, 0, 0, loc)
	if b.docDate.Year == year {
		b.ref = b.docDate.In(loc)
	}
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
	for _, p := range paras {
		switch {
		case parts >= 2 && p.rows == nil && !p.hasM && isPart(p.text):
			dropClosing(lv)
			sm := partRe.FindStringSubmatch(p.text)
			v, n := cnNumber(sm[2])
			if n == 0 {
				v, _ = strconv.Atoi(sm[2])
			}
			part := &node{m: marker{style: "part", value: v, seg: "第" + sm[2] + "篇"}, text: p.text, part: true, section: true}
			newLeveler(b.root).attach(0, part)
			lv = newLeveler(part)
		case p.rows != nil:
			b.table(p.rows, lv)
		case p.hasM:
			for _, it := range splitLineRunIn(p.m, p.text) {
				lv.place(&node{m: it.m, text: it.text})
			}
		default:
			d := lv.deepest()
			d.plain = append(d.plain, p.text)
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
		case p.hasM:
			for _, it := range splitLineRunIn(p.m, p.text) {
				lv.place(&node{m: it.m, text: it.text})
			}
		default:
			d := lv.deepest()
			d.plain = append(d.plain, p.text)
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

// fill computes each node's item fields and applies inheritance from the
// enclosing section: owner and partners when the item states none, the
// deadline when the section states one and the item does not.
func (b *builder) fill(n *node) {
	for _, k := range n.kids {
		b.fillNode(k)
		if n != b.root {
			inherit(k, n)
		}
		b.fill(k)
	}
}

func inherit(k, p *node) {
	it, pi := &k.item, &p.item
	if it.Owner == "" && pi.Owner != "" {
		it.Owner = pi.Owner
		if len(it.Partners) == 0 {
			it.Partners = append([]string(nil), pi.Partners...)
		}
	}
	if it.Deadline.IsZero() && p.deadlineOK {
		it.Deadline, it.DeadlineText = pi.Deadline, pi.DeadlineText
		k.deadlineOK = true
	}
}

// fillNode computes the fields a node states itself.
func (b *builder) fillNode(n *node) {
	it := &n.item
	it.Status = duban.StatusTodo
	switch {
	case n.part:
		head, body, _ := strings.Cut(n.text, "\n")
		if m := partRe.FindStringSubmatch(head); m != nil && strings.TrimSpace(m[1]) != "" {
			head = m[1]
		}
		it.Title, it.Body = clip(strings.TrimSpace(head), maxTitleRunes), body
		return
	case n.row != nil:
		b.fillRow(n)
	default:
		b.fillText(n)
	}
	if it.Title == "" {
		it.Title = untitled(n)
	}
	n.deadlineOK = !it.Deadline.IsZero()
}

// untitled names a node that has no words of its own (a bare "一、").
func untitled(n *node) string {
	if n.m.seg != "" {
		return n.m.seg
	}
	return "未命名事项"
}

func (b *builder) fillText(n *node) {
	it := &n.item
	text, lab := extractLabels(n.text)
	if lab.owner != "" {
		it.Owner, it.Partners = splitOwners(lab.owner)
	}
	if lab.partners != "" {
		it.Partners = appendUnique(it.Partners, units(lab.partners, false)...)
	}
	if it.Owner == "" {
		o, ps := ownerPhrase(text)
		if o == "" {
			o, ps = deptOwner(text)
		}
		it.Owner = o
		it.Partners = appendUnique(it.Partners, ps...)
	}
	it.Title, it.Body = splitTitle(text)
	it.Target = lab.target
	if it.Target == "" {
		it.Target = findTarget(text)
	}
	if lab.deadline != "" {
		it.Deadline, it.DeadlineText = deadlineOf(lab.deadline, b.ref)
		if it.DeadlineText == "" {
			it.DeadlineText = lab.deadline
		}
	}
	if it.Deadline.IsZero() {
		// A section's deadline is what its heading states; the
		// introduction under a heading ("本学年，我们…") sets no date
		// for the tasks below.
		scope := text
		if len(n.kids) > 0 {
			scope = it.Title
		}
		it.Deadline, it.DeadlineText = deadlineOf(scope, b.ref)
	}
	n.item.Person = lab.person
	n.item.Note = lab.note
}

func (b *builder) fillRow(n *node) {
	r, it := n.row, &n.item
	task, lab := extractLabels(r.task)
	it.Title, it.Body = splitTitle(task)
	if it.Title == "" && r.body != "" {
		it.Title, it.Body = splitTitle(r.body)
	} else if r.body != "" {
		it.Body = strings.TrimSpace(joinText(it.Body, []string{r.body}))
	}
	owner := r.owner
	if owner == "" {
		owner = lab.owner
	}
	if owner != "" {
		it.Owner, it.Partners = splitOwners(owner)
	} else {
		it.Owner, it.Partners = ownerPhrase(task)
	}
	for _, ps := range []string{r.partners, lab.partners} {
		it.Partners = appendUnique(it.Partners, units(ps, false)...)
	}
	it.Target = firstNonEmpty(r.target, lab.target)
	if it.Target == "" && !r.targetCol {
		it.Target = findTarget(task)
	}
	if dl := firstNonEmpty(r.deadline, lab.deadline); dl != "" {
		it.Deadline, _ = deadlineOf(dl, b.ref)
		it.DeadlineText = dl
	} else {
		it.Deadline, it.DeadlineText = deadlineOf(task+"\n"+r.body, b.ref)
	}
	it.Person = firstNonEmpty(r.person, lab.person)
	it.Note = firstNonEmpty(r.note, lab.note)
	it.Progress = r.progress
	pct, hasPct := parsePercent(r.percent)
	if !hasPct && r.percent != "" {
		// A 进度 column holding words is a progress note.
		it.Progress = strings.TrimSpace(joinText(it.Progress, []string{r.percent}))
	}
	it.Percent = pct
	st, ok := parseStatus(r.status)
	if !ok && !hasPct {
		st, ok = parseStatus(r.percent)
	}
	switch {
	case ok:
		it.Status = st
	case hasPct && pct >= 100:
		it.Status = duban.StatusDone
	case hasPct && pct > 0:
		it.Status = duban.StatusDoing
	default:
		it.Status = duban.StatusTodo
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func appendUnique(list []string, more ...string) []string {
	for _, m := range more {
		dup := false
		for _, l := range list {
			if l == m {
				dup = true
				break
			}
		}
		if !dup && m != "" {
			list = append(list, m)
		}
	}
	return list
}
