package planimport

import "strings"

// A title longer than a reminder line allows is cut where a reader would
// pause: before the next name of a list ("…、地税局、工商局…"), before an
// aside in brackets ("构建学校安全管理“五到位”(基础建设到位、…)"), or
// before a joining word (的, 和, 与, 及, 并, 等); never inside a quotation
// or a bracket.

// Bounds of a cut title: no shorter than minCutRunes (a cut earlier says
// too little) and no longer than maxCutRunes.
const (
	minCutRunes = 12
	maxCutRunes = 46
)

// The brackets and quotes a title must not leave open, in pairs.
var (
	titleOpeners = []rune("“《（(「【‘〔[")
	titleClosers = []rune("”》）)」】’〕]")
)

func runeIn(set []rune, r rune) int {
	for i, c := range set {
		if c == r {
			return i
		}
	}
	return -1
}

// cutTitle shortens s to a title and reports whether it did. A title cut
// inside a clause ends with "…"; one cut before an aside does not.
func cutTitle(s string) (string, bool) {
	if runeLen(s) <= maxTitleRunes {
		return s, false
	}
	var (
		list, join, bracket int // byte offsets of the last cut of each kind
		hard, hardOpen      int // byte offset of rune maxTitleRunes; first bracket open there
		opened              []int
		runes               int
	)
	hardOpen = -1
	for i, r := range s {
		if runes == maxTitleRunes {
			hard = i
			if len(opened) > 0 {
				hardOpen = opened[0]
			}
		}
		if runes > maxCutRunes {
			break
		}
		runes++
		inRange := runes > minCutRunes
		depth := len(opened)
		switch {
		case runeIn(titleOpeners, r) >= 0:
			if depth == 0 && inRange && (r == '（' || r == '(') {
				bracket = i
			}
			opened = append(opened, i)
		case runeIn(titleClosers, r) >= 0:
			if depth > 0 {
				opened = opened[:depth-1]
			}
		case depth > 0 || !inRange:
		case r == '、':
			list = i
		case strings.ContainsRune("的和与及并等", r):
			join = i
		}
	}
	switch {
	case bracket > 0 && bracket >= list && bracket >= join:
		return strings.TrimRight(s[:bracket], " ，,、"), true
	case list > 0:
		return s[:list] + "…", true
	case join > 0:
		return s[:join] + "…", true
	case hard == 0:
		return s, false
	}
	cut := hard
	if hardOpen >= 0 && runeLen(s[:hardOpen]) >= minCutRunes/2 {
		cut = hardOpen
	}
	return closeOpen(strings.TrimRight(s[:cut], " ，,、")) + "…", true
}

// closeOpen closes the brackets and quotes a hard-cut title left open:
// "以“说课、上课" becomes "以“说课、上课”".
func closeOpen(t string) string {
	var open []int
	for _, r := range t {
		if k := runeIn(titleOpeners, r); k >= 0 {
			open = append(open, k)
		} else if runeIn(titleClosers, r) >= 0 && len(open) > 0 {
			open = open[:len(open)-1]
		}
	}
	for k := len(open) - 1; k >= 0; k-- {
		t += string(titleClosers[open[k]])
	}
	return t
}
