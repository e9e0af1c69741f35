package planimport

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// field names what an inline label ("牵头单位：…") or a ledger column holds.
type field int

const (
	fieldNone field = iota
	fieldNumber
	fieldTask
	fieldBody
	fieldOwner
	fieldPartners
	fieldPerson
	fieldDeadline
	fieldTarget
	fieldProgress
	fieldPercent
	fieldStatus
	fieldNote
	fieldUpdated
	fieldCategory
)

// labelNames are the words plans put before a colon to state who does a
// task, by when and to what end: "（牵头单位：督导室；配合单位：基教科）",
// "责任人：王某", "完成时限：9月底前". Longer names come first so that the
// regular expression prefers them.
var labelNames = []struct {
	name  string
	field field
}{
	{"牵头单位", fieldOwner}, {"责任单位", fieldOwner}, {"责任科室", fieldOwner}, {"责任部门", fieldOwner},
	{"牵头科室", fieldOwner}, {"牵头部门", fieldOwner}, {"责任处室", fieldOwner}, {"牵头处室", fieldOwner},
	{"责任股室", fieldOwner}, {"牵头股室", fieldOwner}, {"主责单位", fieldOwner}, {"负责单位", fieldOwner},
	{"主办单位", fieldOwner}, {"责任主体", fieldOwner}, {"牵头", fieldOwner},
	{"配合单位", fieldPartners}, {"协办单位", fieldPartners}, {"配合科室", fieldPartners},
	{"配合部门", fieldPartners}, {"协同单位", fieldPartners}, {"参与单位", fieldPartners},
	{"协作单位", fieldPartners}, {"配合处室", fieldPartners}, {"协办科室", fieldPartners}, {"配合", fieldPartners},
	{"责任人", fieldPerson}, {"负责人", fieldPerson}, {"联系人", fieldPerson},
	{"完成时限", fieldDeadline}, {"完成时间", fieldDeadline}, {"时间节点", fieldDeadline},
	{"截止时间", fieldDeadline}, {"办结时限", fieldDeadline}, {"完成期限", fieldDeadline}, {"时限", fieldDeadline},
	{"工作目标", fieldTarget}, {"预期目标", fieldTarget}, {"目标任务", fieldTarget}, {"目标", fieldTarget},
	{"备注", fieldNote},
}

var labelField = map[string]field{}

func init() {
	for _, l := range labelNames {
		labelField[l.name] = l.field
	}
}

// labelLoc is one label found in a text: text[start:nameEnd] is the
// label's name and its value starts at value.
type labelLoc struct {
	start, nameEnd, value int
	field                 field
}

// findLabels finds "name：" for every label name, longest name first. It
// looks at colons only, so a multi-megabyte paragraph costs one pass.
func findLabels(text string) []labelLoc {
	var out []labelLoc
	// Next ASCII and full-width colon, each searched again only once
	// passed, so that a text full of one kind stays linear.
	ascii, wide := nextIndex(text, 0, ":"), nextIndex(text, 0, "：")
	for ascii >= 0 || wide >= 0 {
		colon, size := ascii, 1
		if ascii < 0 || (wide >= 0 && wide < ascii) {
			colon, size = wide, len("：")
			wide = nextIndex(text, colon+size, "：")
		} else {
			ascii = nextIndex(text, colon+size, ":")
		}
		before := strings.TrimRight(text[:colon], " ")
		for n := 4; n >= 2; n-- {
			name := lastRunes(before, n)
			if f, ok := labelField[name]; ok {
				value := colon + size
				value += len(text[value:]) - len(strings.TrimLeft(text[value:], " "))
				out = append(out, labelLoc{start: len(before) - len(name), nameEnd: len(before), value: value, field: f})
				break
			}
		}
	}
	return out
}

// nextIndex is strings.Index from a position, -1 when absent.
func nextIndex(s string, from int, sub string) int {
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

// lastRunes returns the last n runes of s, or "" when s is shorter.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	if n > 0 {
		return ""
	}
	return s[i:]
}

// labels holds what inline labels stated.
type labels struct {
	owner    string
	partners string
	person   string
	deadline string
	target   string
	note     string
}

func (l *labels) set(f field, v string) {
	v = strings.Trim(v, "，,。；;、 ")
	if v == "" {
		return
	}
	var p *string
	switch f {
	case fieldOwner:
		p = &l.owner
	case fieldPartners:
		p = &l.partners
	case fieldPerson:
		p = &l.person
	case fieldDeadline:
		p = &l.deadline
	case fieldTarget:
		p = &l.target
	case fieldNote:
		p = &l.note
	default:
		return
	}
	if *p == "" {
		*p = v
	}
}

// maxLabelValue bounds a label's value; longer runs are prose, not a unit
// list or a time.
const maxLabelValue = 80

// extractLabels finds the labels in text and returns the text without
// them, so "加强师德建设（牵头单位：人事科）" keeps the title "加强师德建设".
// A label is recognised only at a clause start, so "总体目标：…" stays text.
func extractLabels(text string) (string, labels) {
	var l labels
	if !hasColon(text) {
		return text, l
	}
	locs := findLabels(text)
	if locs == nil {
		return text, l
	}
	var cut [][2]int       // spans to remove
	depth, scanned := 0, 0 // bracket depth at text[scanned], advanced label by label
	for i := 0; i < len(locs); i++ {
		start := locs[i].start
		depth = bracketDepth(text[scanned:start], depth)
		scanned = start
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		opened := start > 0 && strings.ContainsRune("(（【[", prev)
		if start > 0 && !opened && !isBoundary(prev) && !strings.ContainsRune("。；;", prev) {
			continue
		}
		// Values run to the next label, the closing bracket of the
		// annotation, or the end of the clause.
		f := locs[i].field
		vstart := locs[i].value
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1].start
		}
		stops := "。；;\n)）】]"
		if !opened && depth == 0 {
			stops += "，,"
		}
		if j := strings.IndexAny(text[vstart:end], stops); j >= 0 {
			end = vstart + j
		}
		val := text[vstart:end]
		if utf8.RuneCountInString(val) > maxLabelValue {
			continue
		}
		l.set(f, val)
		cs := start
		if opened {
			cs = start - utf8.RuneLen(prev)
		}
		ce := end
		// Swallow the separator to the next label and, when the
		// annotation was bracketed, its closing bracket.
		if r, n := utf8.DecodeRuneInString(text[ce:]); n > 0 && strings.ContainsRune("；;，,)）】]", r) {
			if i+1 < len(locs) && locs[i+1].start == ce+n {
				ce += n
			} else if strings.ContainsRune(")）】]", r) {
				ce += n
			} else if strings.ContainsRune("；;，,", r) && i+1 < len(locs) && strings.TrimSpace(text[ce+n:locs[i+1].start]) == "" {
				ce += n
			}
		}
		cut = append(cut, [2]int{cs, ce})
	}
	if cut == nil {
		return text, l
	}
	return removeSpans(text, cut), l
}

// bracketDepth returns the bracket depth after s, starting from depth: a
// label inside an unclosed bracket, as the second one of "（牵头单位：X，
// 配合单位：Y）", runs to the bracket's end rather than to a comma.
func bracketDepth(s string, depth int) int {
	for _, r := range s {
		switch r {
		case '(', '（', '【', '[':
			depth++
		case ')', '）', '】', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth
}

// removeSpans cuts the spans (in order, possibly adjacent) out of s and
// drops brackets left empty.
func removeSpans(s string, spans [][2]int) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp[0] < last {
			continue
		}
		b.WriteString(s[last:sp[0]])
		last = sp[1]
	}
	b.WriteString(s[last:])
	out := b.String()
	for _, e := range []string{"()", "（）", "【】", "[]", "(）", "（)"} {
		out = strings.ReplaceAll(out, e, "")
	}
	return strings.TrimSpace(out)
}

// Phrases that name the owner inside a sentence. Unit names are runs
// without clause punctuation; isUnit checks them afterwards.
var (
	unitRun = `[^，,。；;：:（()）\s]{2,24}?`
	listRun = `[^，,。；;：:（()）]{2,60}?`
	// 由督导室负责 / 由基教科牵头 / 由人事科牵头负责
	byOwnerRe = regexp.MustCompile(`由(` + unitRun + `)(?:牵头负责|牵头|负责|组织实施|具体实施|承办)`)
	// 督导室牵头，基教科、体卫艺科配合 / 督导室负责、基教科配合
	leadAssistRe = regexp.MustCompile(`(?:^|[，,。；;：:（(、\s])(` + unitRun + `)(?:牵头|负责)[，,、；;\s]*(` + listRun + `)(?:配合|协办|协助|参与)(?:[，,。；;）)\s]|$)`)
	// 督导室牵头。
	leadRe = regexp.MustCompile(`(?:^|[，,。；;：:（(\s])(` + unitRun + `)牵头(?:[，,。；;）)\s]|$)`)
)

// Owner statements that close a paragraph: a bracketed annotation with a
// label or a 牵头/负责 phrase, or a last sentence that is nothing but one.
var (
	trailingBracketRe = regexp.MustCompile(`[（(]([^（()）]{2,120})[)）][。；;.]?\s*$`)
	ownerSentenceRe   = regexp.MustCompile(`^` + unitRun + `(?:牵头负责|牵头|负责)(?:[，,、]` + listRun + `(?:配合|协办|协助|参与))?[。；;.]?$`)
)

// trailingOwner splits a closing owner statement off text.
func trailingOwner(text string) (string, string) {
	t := strings.TrimSpace(text)
	// Only the end matters; a regexp over a huge paragraph would not be
	// cheap even though it is linear.
	from := max(0, len(t)-600)
	for from > 0 && !utf8.RuneStart(t[from]) {
		from++
	}
	if !strings.HasSuffix(strings.TrimRight(t, "。；;. "), ")") && !strings.HasSuffix(strings.TrimRight(t, "。；;. "), "）") {
		// No closing bracket: only a closing sentence can be a statement.
	} else if loc := trailingBracketRe.FindStringSubmatchIndex(t[from:]); loc != nil {
		inner := t[from+loc[2] : from+loc[3]]
		if findLabels(inner) != nil || ownerSentenceRe.MatchString(inner) {
			return strings.TrimSpace(t[:from+loc[0]]), t[from+loc[0]:]
		}
	}
	tail := strings.TrimRight(t[from:], "。；;. ")
	if i := strings.LastIndexAny(tail, "。；;\n"); i >= 0 {
		_, n := utf8.DecodeRuneInString(tail[i:])
		if last := strings.TrimSpace(t[from+i+n:]); (strings.Contains(last, "牵头") || strings.Contains(last, "负责")) && ownerSentenceRe.MatchString(last) {
			if o, _ := ownerPhrase(last); o != "" {
				return strings.TrimSpace(t[:from+i+n]), last
			}
		}
	}
	return text, ""
}

// stripOwner returns text without a closing owner statement.
func stripOwner(text string) string {
	rest, _ := trailingOwner(text)
	return strings.TrimSpace(rest)
}

// ownerPhrase finds the owner and partners a sentence names.
func ownerPhrase(text string) (string, []string) {
	// Every phrase needs one of these words; most sentences have none, and
	// the expressions below are not cheap.
	lead, charge := strings.Contains(text, "牵头"), strings.Contains(text, "负责")
	by := strings.Contains(text, "由") && (lead || charge || strings.Contains(text, "实施") || strings.Contains(text, "承办"))
	if !lead && !charge && !by {
		return "", nil
	}
	text = clip(text, maxScanRunes)
	if (lead || charge) && containsAny(text, "配合", "协办", "协助", "参与") {
		if m := leadAssistRe.FindStringSubmatch(text); m != nil && isUnit(m[1]) {
			return cleanUnit(m[1]), units(m[2], true)
		}
	}
	if by {
		for _, loc := range byOwnerRe.FindAllStringSubmatchIndex(text, 4) {
			// "由相关部门负责人…" names people, not an owner.
			if strings.HasPrefix(text[loc[1]:], "人") {
				continue
			}
			if u := text[loc[2]:loc[3]]; isUnit(u) {
				return cleanUnit(u), nil
			}
		}
	}
	if lead {
		if m := leadRe.FindStringSubmatch(text); m != nil && isUnit(m[1]) {
			return cleanUnit(m[1]), nil
		}
	}
	return "", nil
}

// containsAny reports whether s contains any of the words.
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// deptOwner reads department-task headings: "区教育局工作任务：…",
// "督导室：…" or a heading that is just a unit's name.
func deptOwner(text string) (string, []string) {
	head := clip(text, 80)
	i := strings.IndexByte(head, ':')
	if j := strings.Index(head, "："); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 {
		if t := strings.TrimSpace(text); runeLen(t) <= 10 && strongUnit(t) {
			return cleanUnit(t), nil
		}
		return "", nil
	}
	return deptName(strings.TrimSpace(head[:i]))
}

// deptTaskWords end a department-task heading before its colon.
var deptTaskWords = []string{"工作任务", "主要任务", "工作职责", "主要职责", "职责", "任务"}

// deptName reads the words before a colon as one or more department names.
func deptName(prefix string) (string, []string) {
	for _, w := range deptTaskWords {
		if rest, ok := strings.CutSuffix(prefix, w); ok && rest != "" {
			if us := units(rest, true); len(us) > 0 {
				return us[0], us[1:]
			}
			return "", nil
		}
	}
	if n := runeLen(prefix); n >= 2 && n <= 24 && !strings.ContainsAny(prefix, "，,。；;（()）") && isUnit(prefix) {
		return cleanUnit(prefix), nil
	}
	return "", nil
}

// deptHeading reads a line that only names a department ("督导室：",
// "区教育局工作任务：") as an unnumbered heading whose code segment is
// the department's name.
func deptHeading(line string) (marker, bool) {
	prefix, ok := strings.CutSuffix(line, "：")
	if !ok {
		prefix, ok = strings.CutSuffix(line, ":")
	}
	if !ok || runeLen(line) > 40 {
		return marker{}, false
	}
	owner, _ := deptName(strings.TrimSpace(prefix))
	if owner == "" {
		return marker{}, false
	}
	return marker{style: "dept", seg: owner, rank: rankPart}, true
}

// unitEndings are the last characters of department and school names.
const unitEndings = "局室科处股办委部站所组会院校园队团联厅馆司镇乡村"

// unitSuffixes are multi-character endings that are units too.
var unitSuffixes = []string{"中心", "政府", "街道", "单位", "部门", "机构", "学校", "支部", "总支", "小组", "委员会"}

// isUnit reports whether s reads like the name of a department, school or
// other unit. Owners found in prose must pass it, so that "学科带头人牵头"
// names nobody.
func isUnit(s string) bool {
	s = cleanUnit(s)
	if s == "" || runeLen(s) > 24 {
		return false
	}
	base := stripBrackets(s)
	for _, suf := range unitSuffixes {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	r, _ := utf8.DecodeLastRuneInString(base)
	return strings.ContainsRune(unitEndings, r)
}

// strongUnit is isUnit for a bare heading: only endings that are hardly
// ever the end of a task's wording.
func strongUnit(s string) bool {
	base := stripBrackets(cleanUnit(s))
	for _, suf := range []string{"室", "科", "股", "局", "中心", "办公室", "处"} {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	return false
}

// stripBrackets removes bracketed parts: "各镇(街道)" → "各镇".
func stripBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '（':
			depth++
			continue
		case ')', '）':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unitTails are words people write after unit names that are not part of
// them.
var unitTails = []string{"牵头负责", "负责", "牵头", "配合", "协办", "协助", "参与", "等单位", "等部门", "等"}

// cleanUnit trims decorations and role words around a unit name. Brackets
// that belong to the name ("各镇(街道)") stay; stray ones go.
func cleanUnit(s string) string {
	s = trimUnit(s)
	s = strings.TrimPrefix(s, "由")
	for changed := true; changed; {
		changed = false
		for _, t := range unitTails {
			if strings.HasSuffix(s, t) && len(s) > len(t) {
				s = trimUnit(strings.TrimSuffix(s, t))
				changed = true
			}
		}
	}
	return s
}

// trimUnit is duban.NormalizeOwner except that a closing bracket matching
// one inside the name is kept.
func trimUnit(s string) string {
	n := duban.NormalizeOwner(s)
	open := strings.Count(n, "(") + strings.Count(n, "（")
	closed := strings.Count(n, ")") + strings.Count(n, "）")
	if open > closed {
		// NormalizeOwner took the name's own closing bracket.
		if i := strings.Index(s, n); i >= 0 {
			rest := s[i+len(n):]
			for open > closed && (strings.HasPrefix(rest, ")") || strings.HasPrefix(rest, "）")) {
				r, size := utf8.DecodeRuneInString(rest)
				n += string(r)
				rest = rest[size:]
				closed++
			}
		}
	}
	return n
}

// isUnitSep reports the characters that separate names in a list of units.
func isUnitSep(r rune) bool {
	switch r {
	case '、', '，', ',', '；', ';', '/', ' ', '\t', '\n':
		return true
	}
	return false
}

// units splits a list of unit names, cleaning each and dropping repeats;
// checked keeps only names that read like units.
func units(s string, checked bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.FieldsFunc(s, isUnitSep) {
		p = cleanUnit(p)
		if p == "" || seen[p] || runeLen(p) > 40 || (checked && !isUnit(p)) {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// splitOwners turns an owner statement into the owner and the units that
// share the work: "区委宣传部、团区委、区教体局" leads with the first;
// "督导室牵头，基教科配合" says so itself.
func splitOwners(s string) (string, []string) {
	if o, ps := ownerPhrase(s); o != "" {
		return o, ps
	}
	us := units(s, false)
	if len(us) == 0 {
		return "", nil
	}
	return us[0], us[1:]
}
