package planimport

import (
	"regexp"
	"strings"
)

// Plans often say who does a task in a clause of its own, at the start,
// in the middle or at the end of the sentence ("由教研室负责，组织新课标全员
// 培训", "基础教育科牵头，教研室配合，制定…", "修订考核细则，由督导室负责，6月底前
// 印发"). The clause names the owner; the title is the work without it.

var (
	// ownerOnlyRe: a clause that only names the owner, perhaps with its
	// partners ("由X负责", "X牵头、Y配合").
	ownerOnlyRe = regexp.MustCompile(`^由?(` + unitRun + `)(?:牵头负责|牵头|负责|组织实施|具体实施)(?:[、]\s*(` + listRun + `)(?:配合|协办|协助|参与))?$`)
	// assistOnlyRe: the clause after it that names the partners ("Y、Z配合").
	assistOnlyRe = regexp.MustCompile(`^(` + listRun + `)(?:配合|协办|协助|参与)$`)
	// ownerLeadRe: the owner opening the sentence, the work right after
	// it ("由教研室牵头组织…", "各学校负责落实…").
	ownerLeadRe = regexp.MustCompile(`^由?(` + unitRun + `)(?:牵头负责|牵头|负责)`)
)

// notWorkAfterOwner: what follows 负责 when it is a word of its own
// ("负责人", "负责制", "负责任").
var notWorkAfterOwner = []string{"人", "制，", "制。", "制度", "制的", "任", "同志", "的"}

// commaClauses splits s at the commas outside quotes and brackets.
func commaClauses(s string) []string {
	var out []string
	for {
		i, n := firstSep(s, "，,")
		if i < 0 {
			return append(out, strings.TrimSpace(s))
		}
		out = append(out, strings.TrimSpace(s[:i]))
		s = s[i+n:]
	}
}

// ownerClause takes the first clause of a title that only names its owner
// (and the next one when it names the partners) out of it. It returns the
// title without them and the units they name, or ok false.
func ownerClause(title string) (rest, owner string, partners []string, ok bool) {
	t := strings.TrimRight(title, " 。；;.")
	if !strings.Contains(t, "牵头") && !strings.Contains(t, "负责") && !strings.Contains(t, "实施") {
		return title, "", nil, false
	}
	cs := commaClauses(clip(t, maxScanRunes))
	for i, c := range cs {
		m := ownerOnlyRe.FindStringSubmatch(c)
		if m == nil || !isUnit(m[1]) {
			continue
		}
		drop := 1
		partners = units(m[2], true)
		if i+1 < len(cs) && m[2] == "" {
			if a := assistOnlyRe.FindStringSubmatch(cs[i+1]); a != nil {
				if ps := units(a[1], true); len(ps) > 0 {
					partners, drop = ps, 2
				}
			}
		}
		kept := append(append([]string(nil), cs[:i]...), cs[i+drop:]...)
		rest = strings.Join(kept, "，")
		if runeLen(rest) < minTitleRunes {
			return title, "", nil, false
		}
		return rest, cleanUnit(m[1]), partners, true
	}
	if m := ownerLeadRe.FindStringSubmatchIndex(cs[0]); m != nil {
		unit, work := cs[0][m[2]:m[3]], cs[0][m[1]:]
		if isUnit(unit) && !hasAnyPrefix(work, notWorkAfterOwner...) && work != "制" && runeLen(work) >= minTitleRunes {
			cs[0] = work
			return strings.Join(cs, "，"), cleanUnit(unit), nil, true
		}
	}
	return title, "", nil, false
}
