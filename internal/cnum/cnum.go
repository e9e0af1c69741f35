// Package cnum reads Chinese numerals. It is shared by the handlers
// (percents and item numbers people type) and the model client's
// grounding check (figures in drafts); zhdate keeps its own reading so that
// it stays a standard-library-only package.
package cnum

// Digit returns the value of a Chinese digit (零/〇 0, 一 1, 二/两 2, … 九 9),
// or -1 for any other rune.
func Digit(r rune) int {
	switch r {
	case '零', '〇':
		return 0
	case '一':
		return 1
	case '二', '两':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}
