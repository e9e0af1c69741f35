package planimport

import (
	"regexp"
	"strings"
)

// Plans often say who does a task in a clause of its own at the start or
// the end of the sentence ("由教研室负责，组织新课标全员培训", "基础教育科牵头，
// 教研室配合，制定…", "…，督导室负责"). The clause names the owner; the
// title is the work without it.

var (
	// leadingOwnerRe: "由X负责，", "X牵头，Y、Z配合，".
	leadingOwnerRe = regexp.MustCompile(`^由?(` + unitRun + `)(?:牵头负责|牵头|负责|组织实施|具体实施)(?:[，,、]\s*(` + listRun + `)(?:配合|协办|协助|参与))?\s*[，,]\s*`)
	// trailingOwnerRe: "，由X负责", "，X牵头，Y配合" at the end.
	trailingOwnerRe = regexp.MustCompile(`[，,]\s*由?(` + unitRun + `)(?:牵头负责|牵头|负责|组织实施|具体实施)(?:[，,、]\s*(` + listRun + `)(?:配合|协办|协助|参与))?\s*$`)
)

// ownerClause splits an opening or closing owner clause off a title. It
// returns the title without it and the units it names, or ok false.
func ownerClause(title string) (rest, owner string, partners []string, ok bool) {
	t := strings.TrimRight(title, " 。；;.")
	if !strings.Contains(t, "牵头") && !strings.Contains(t, "负责") && !strings.Contains(t, "实施") {
		return title, "", nil, false
	}
	t = clip(t, maxScanRunes)
	m := leadingOwnerRe.FindStringSubmatchIndex(t)
	if m != nil {
		rest = t[m[1]:]
	} else if m = trailingOwnerRe.FindStringSubmatchIndex(t); m != nil {
		rest = t[:m[0]]
	} else {
		return title, "", nil, false
	}
	unit := t[m[2]:m[3]]
	if !isUnit(unit) || runeLen(strings.TrimSpace(rest)) < minTitleRunes {
		return title, "", nil, false
	}
	if m[4] >= 0 {
		partners = units(t[m[4]:m[5]], true)
	}
	return strings.TrimSpace(rest), cleanUnit(unit), partners, true
}
