package cnum

import "testing"

func TestDigit(t *testing.T) {
	for want, r := range []rune("零一二三四五六七八九") {
		if got := Digit(r); got != want {
			t.Errorf("Digit(%q) = %d, want %d", r, got, want)
		}
	}
	for r, want := range map[rune]int{'〇': 0, '两': 2, '十': -1, '百': -1, '5': -1, 'a': -1} {
		if got := Digit(r); got != want {
			t.Errorf("Digit(%q) = %d, want %d", r, got, want)
		}
	}
}
