package llm

import (
	"math"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/internal/cnum"
)

// Numbers as they are written in Chinese official texts: ASCII or full-width
// digits with thousands separators and decimals, and Chinese numerals, with
// the colloquial short forms (一万五) people use.

// readNumber reads a number in digits or Chinese numerals at rs[i].
func readNumber(rs []rune, i int) (float64, float64, int, bool) {
	if digitVal(at(rs, i)) >= 0 {
		return readArabic(rs, i)
	}
	j := i
	for j < len(rs) && (isCNNumeral(rs[j]) || (rs[j] == '点' && j > i && cnum.Digit(at(rs, j+1)) >= 0)) {
		j++
	}
	if j == i {
		return 0, 0, i, false
	}
	v, ok := parseCN(rs[i:j])
	return v, 0, j, ok
}

// readArabic reads 15000, 15,000, 1.5 and full-width digits. The second
// result is the step of the last significant digit, for "3000多".
func readArabic(rs []rune, i int) (float64, float64, int, bool) {
	var digits []rune
	j := i
	for j < len(rs) {
		if d := digitVal(rs[j]); d >= 0 {
			digits = append(digits, rune('0'+d))
			j++
			continue
		}
		// A thousands separator: a comma followed by exactly three digits.
		if rs[j] == ',' && len(digits) > 0 && threeDigits(rs, j+1) {
			j++
			continue
		}
		break
	}
	if len(digits) == 0 {
		return 0, 0, j, false
	}
	intPart := string(digits)
	frac := ""
	if (at(rs, j) == '.' || at(rs, j) == '．') && digitVal(at(rs, j+1)) >= 0 {
		k := j + 1
		for k < len(rs) && digitVal(rs[k]) >= 0 {
			frac += string(rune('0' + digitVal(rs[k])))
			k++
		}
		j = k
	}
	s := intPart
	if frac != "" {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(v, 0) {
		return 0, 0, j, false
	}
	step := 1.0
	if frac == "" {
		for k := len(intPart) - 1; k > 0 && intPart[k] == '0'; k-- {
			step *= 10
		}
	}
	return v, step, j, true
}

func threeDigits(rs []rune, j int) bool {
	for k := j; k < j+3; k++ {
		if digitVal(at(rs, k)) < 0 {
			return false
		}
	}
	return digitVal(at(rs, j+3)) < 0
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

// parseCN reads a Chinese numeral: 十五, 一百二十, 三千零五, 一万五 (15000),
// 一点五, 两. ok is false for runs that are not one number, such as 三四
// (three or four) or 五五.
func parseCN(run []rune) (float64, bool) {
	if k := indexRune(run, '点'); k >= 0 {
		ip, ok := parseCN(run[:k])
		if !ok || k+1 >= len(run) {
			return 0, false
		}
		frac, scale, mul := 0.0, 0.1, 1.0
		for _, r := range run[k+1:] {
			switch d := cnum.Digit(r); {
			case d >= 0 && mul == 1:
				frac += float64(d) * scale
				scale /= 10
			case r == '万':
				mul *= 1e4 // 一点五万
			case r == '亿':
				mul *= 1e8
			default:
				return 0, false
			}
		}
		return (ip + frac) * mul, true
	}
	var total, section, num float64
	lastUnit := 0.0   // the unit just written, for 一万五 / 三百五
	sawDigit := false // a digit waiting for its unit
	zero := false
	for i, r := range run {
		if d := cnum.Digit(r); d >= 0 {
			if d == 0 {
				zero = true
				continue
			}
			if sawDigit {
				return 0, false // two digits in a row: 三四, 五五
			}
			num, sawDigit = float64(d), true
			continue
		}
		var u float64
		switch r {
		case '十':
			u = 10
		case '百':
			u = 100
		case '千':
			u = 1000
		case '万', '亿':
			if !sawDigit && section == 0 && i == 0 {
				return 0, false
			}
			section += num
			if r == '万' {
				total += section * 1e4
			} else {
				total = (total + section) * 1e8
			}
			section, num, sawDigit, zero = 0, 0, false, false
			lastUnit = map[rune]float64{'万': 1e4, '亿': 1e8}[r]
			continue
		default:
			return 0, false
		}
		if !sawDigit {
			if i != 0 && u != 10 {
				return 0, false
			}
			num = 1 // 十五, 百分之百
		}
		section += num * u
		num, sawDigit, zero, lastUnit = 0, false, false, u
	}
	if sawDigit && !zero && lastUnit >= 100 && len(run) >= 2 {
		num *= lastUnit / 10 // 一万五 is 15000, 三百五 is 350
	}
	return total + section + num, true
}

func allCNDigits(run []rune) bool {
	for _, r := range run {
		if cnum.Digit(r) < 0 {
			return false
		}
	}
	return true
}

func isCNNumeral(r rune) bool {
	return cnum.Digit(r) >= 0 || strings.ContainsRune("十百千万亿", r)
}

// digitVal returns the value of an ASCII or full-width digit, or -1.
func digitVal(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

// readInt reads a run of digits known to be short.
func readInt(rs []rune) int64 {
	var n int64
	for _, r := range rs {
		n = n*10 + int64(digitVal(r))
	}
	return n
}
