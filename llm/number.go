package llm

import (
	"math"
	"unicode/utf8"

	"github.com/duban-bot/duban/zhnum"
)

// Numbers are read by zhnum, as everywhere in duban: digits with thousands
// separators and decimals, Chinese numerals with the colloquial short forms
// (一万五), and both mixed (1.5万). This file adapts it to the rune slices
// the scanner walks.

// maxNumberRunes bounds the text handed to zhnum for one number; no figure
// in a draft is longer.
const maxNumberRunes = 64

// readNumber reads the number at rs[i] and returns its value and the index
// after it.
func readNumber(rs []rune, i int) (float64, int, bool) {
	s := string(rs[i:min(len(rs), i+maxNumberRunes)])
	v, n := zhnum.Read(s)
	if n == 0 {
		return 0, i, false
	}
	return v, i + utf8.RuneCountInString(s[:n]), true
}

// atoi is the value of a run of digits known to be short.
func atoi(rs []rune) int {
	v, _, _ := zhnum.Digits(string(rs))
	return int(v)
}

// stepOf is the width of "N多": 3000多 is 3000..3999, 15多 is 15..15.99.
func stepOf(v float64) float64 {
	if v != math.Trunc(v) || v == 0 {
		return 1
	}
	step := 1.0
	for x := int64(v); x%10 == 0 && x > 0 && step < 1e15; x /= 10 {
		step *= 10
	}
	return step
}
