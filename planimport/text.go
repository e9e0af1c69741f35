package planimport

import (
	"iter"
	"strings"
	"unicode/utf8"
)

// Helpers on lines of text, shared by the readers and the outline.

// splitLines splits text into lines on every line-ending convention
// (\r\n, \r, \n, form feed, Unicode line and paragraph separators).
func splitLines(s string) []string {
	return strings.FieldsFunc(s, isLineBreak)
}

// lines is splitLines as an iterator, so that a file of a million short
// lines is not split into a million strings at once.
func lines(s string) iter.Seq[string] {
	return strings.FieldsFuncSeq(s, isLineBreak)
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\f', '\v', '\u2028', '\u2029', '\u0085':
		return true
	}
	return false
}

// normalize cleans one line: zero-width characters go, full-width digits
// and letters become ASCII (so "１．" numbers and "９５％" targets parse the
// same as their half-width forms), every kind of space becomes one ASCII
// space and the ends are trimmed. Chinese punctuation is left alone: it is
// part of the text users read.
func normalize(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\uFEFF' || r == '\u00AD' || r == '\u2060':
			continue
		case r == '\t' || r == ' ' || r == '\u3000' || r == '\u00A0' || (r >= '\u2000' && r <= '\u200A') || r == '\u202F' || r == '\u205F':
			space = true
			continue
		case r < ' ' || r == '\uFFFD':
			continue
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			r -= 0xFEE0
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// clean reports whether normalize would return s unchanged, so that the
// common line costs one scan and no allocation.
func clean(s string) bool {
	prevSpace := true // a leading space needs trimming
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case r < ' ', r == '\u00A0', r == '\u3000', r == '\uFEFF', r == '\uFFFD',
			r >= '\u2000' && r <= '\u200D', r == '\u202F', r == '\u205F', r == '\u2060',
			r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r == '\u00AD':
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// clip returns at most n runes of s, so that the date and owner scanners
// never see a pathological multi-megabyte paragraph in one piece.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// hasColon reports an ASCII or full-width colon. (strings.ContainsAny with
// a non-ASCII set decodes every rune of s; these scans run per item.)
func hasColon(s string) bool {
	return strings.IndexByte(s, ':') >= 0 || strings.Contains(s, "：")
}

// hasDigit reports an ASCII digit in s.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// runeLen is utf8.RuneCountInString under a shorter name.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
