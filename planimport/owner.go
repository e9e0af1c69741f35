package planimport

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

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

// tailFrom is where the part of t that closing statements are looked for
// in starts: only the end matters, and a regexp over a huge paragraph
// would not be cheap even though it is linear.
func tailFrom(t string) int {
	from := max(0, len(t)-600)
	for from > 0 && !utf8.RuneStart(t[from]) {
		from++
	}
	return from
}

// closingBracket finds the bracketed annotation that closes t ("…（督导室
// 牵头）。"): where it starts and what it holds.
func closingBracket(t string) (start int, inner string, ok bool) {
	if end := strings.TrimRight(t, "。；;. "); !strings.HasSuffix(end, ")") && !strings.HasSuffix(end, "）") {
		return 0, "", false
	}
	from := tailFrom(t)
	loc := trailingBracketRe.FindStringSubmatchIndex(t[from:])
	if loc == nil {
		return 0, "", false
	}
	return from + loc[0], t[from+loc[2] : from+loc[3]], true
}

// trailingOwner splits a closing owner statement off text.
func trailingOwner(text string) (string, string) {
	t := strings.TrimSpace(text)
	if at, inner, ok := closingBracket(t); ok && (findLabels(inner) != nil || ownerSentenceRe.MatchString(inner)) {
		return strings.TrimSpace(t[:at]), t[at:]
	}
	from := tailFrom(t)
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

// notUnitEndings are words that end like units but name none: "优化教育
// 布局", "学科", "校园".
var notUnitEndings = []string{"布局", "格局", "大局", "开局", "全局", "新局", "学科", "本科", "专科", "好处", "到处", "场所",
	"厕所", "全部", "内部", "外部", "局部", "社会", "机会", "大会", "运动会", "校园", "家园", "乐园", "全校", "教室", "课室"}

// unitSuffixes are multi-character endings that are units too.
var unitSuffixes = []string{"中心", "中学", "小学", "大学", "政府", "街道", "单位", "部门", "机构", "学校", "支部", "总支", "小组", "委员会"}

// isUnit reports whether s reads like the name of a department, school or
// other unit. Owners found in prose must pass it, so that "学科带头人牵头"
// names nobody.
func isUnit(s string) bool {
	s = cleanUnit(s)
	if s == "" || runeLen(s) > 24 {
		return false
	}
	base := stripBrackets(s)
	if hasAnySuffix(base, notUnitEndings...) {
		return false
	}
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
	if hasAnySuffix(base, notUnitEndings...) {
		return false
	}
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

// unitRoleNotes are the roles people note in brackets after a unit's
// name.
var unitRoleNotes = func() []string {
	var out []string
	for _, role := range []string{"牵头", "牵头单位", "主责", "负责", "配合", "协办", "责任单位"} {
		out = append(out, "（"+role+"）", "("+role+")")
	}
	return out
}()

// unitTails are words people write after unit names that are not part of
// them.
var unitTails = []string{"牵头负责", "负责", "牵头", "配合", "协办", "协助", "参与", "等单位", "等部门", "等"}

// cleanUnit trims decorations and role words around a unit name. Brackets
// that belong to the name ("各镇(街道)") stay; stray ones go.
func cleanUnit(s string) string {
	s = trimUnit(s)
	s = strings.TrimPrefix(s, "由")
	// "基教科（牵头）": a role noted after the name.
	if strings.HasSuffix(s, "）") || strings.HasSuffix(s, ")") {
		for _, role := range unitRoleNotes {
			if r, ok := strings.CutSuffix(s, role); ok && r != "" {
				s = trimUnit(r)
				break
			}
		}
	}
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
