// Package zhnum reads numbers as they are written in Chinese text: ASCII
// and full-width digits ("15", "１５", "15,000", "1.5"), Chinese numerals
// ("十五", "二十一", "一百零五", "两千", "三点五", "一亿五千万"), the
// colloquial short forms ("一万五" is 15000, "三百五" is 350), mixed forms
// ("3万", "1.5亿"), ordinals ("第3", "第十二") and numbers spelled digit by
// digit ("二〇二六").
//
// The readers look at the start of a string and say how many bytes they
// used, which is what a scanner needs; Parse and ParseInt read a whole
// string. A reader stops where the number stops: "三四" (three or four)
// reads 三, "五一" reads 五, "二〇二六" reads 二 (CnDigits reads it whole),
// "十二月" reads 十二. It never reads a bare unit as a number: "百姓",
// "万一", "千万" read nothing (十 is the exception: "十五" is 15). What a
// number means in its sentence (a month, a count, an item) is left to the
// caller. The package uses the standard library only.
package zhnum

import (
	"strconv"
	"unicode/utf8"
)

// Digit returns the value of an ASCII or full-width digit, or -1.
func Digit(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

// CnDigit returns the value of a Chinese digit (〇 and 零 0, 一 1, 二 and
// 两 2, … 九 9), or -1 for any other rune.
func CnDigit(r rune) int {
	switch r {
	case '〇', '零':
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

// IsNumeral reports whether r belongs to a Chinese numeral: a Chinese
// digit or one of the units 十, 百, 千, 万, 亿, 廿 (20) and 卅 (30).
func IsNumeral(r rune) bool {
	return CnDigit(r) >= 0 || unit(r) > 0 || r == '万' || r == '亿'
}

// unit is the value of a unit inside a section below 万: 十, 百, 千, and
// 廿 and 卅 standing for 二十 and 三十.
func unit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	case '廿':
		return 20
	case '卅':
		return 30
	}
	return 0
}

// Digits reads the ASCII or full-width digits at the start of s and
// returns their value, how many there were and the bytes they used. The
// value stops growing after 18 digits, so it never overflows.
func Digits(s string) (v int64, n, size int) {
	return digitRun(s, func(s string, i, _ int) (int, int) { return digitAt(s, i) })
}

// digitRun reads digits one by one with at, which returns the digit at
// byte i (the n-th of the run) and its size, or -1.
func digitRun(s string, at func(s string, i, n int) (int, int)) (v int64, n, size int) {
	for size < len(s) {
		d, sz := at(s, size, n)
		if d < 0 {
			break
		}
		if n < 18 {
			v = v*10 + int64(d)
		}
		n++
		size += sz
	}
	return v, n, size
}

// digitAt returns the ASCII or full-width digit at byte i of s and its size.
func digitAt(s string, i int) (int, int) {
	if i >= len(s) {
		return -1, 0
	}
	if c := s[i]; c >= '0' && c <= '9' {
		return int(c - '0'), 1
	}
	// Full-width digits are EF BC 90 … EF BC 99.
	if i+2 < len(s) && s[i] == 0xEF && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99 {
		return int(s[i+2] - 0x90), 3
	}
	return -1, 0
}

// CnDigits reads Chinese digits one by one at the start of s, as years and
// codes are written ("二〇二六" is 2026), and returns their value, how many
// there were and the bytes they used. After the first digit the look-alikes
// of 〇 that documents put in years (○, O, Ｏ, o) are read as zero too.
func CnDigits(s string) (v int64, n, size int) {
	return digitRun(s, cnDigitAt)
}

// cnDigitAt returns the Chinese digit at byte i of s, the n-th of its run,
// and its size, or -1.
func cnDigitAt(s string, i, n int) (int, int) {
	r, sz := utf8.DecodeRuneInString(s[i:])
	d := CnDigit(r)
	if d < 0 && n > 0 && (r == '○' || r == 'O' || r == 'Ｏ' || r == 'o') {
		d = 0
	}
	return d, sz
}

// Read reads the number at the start of s and returns its value and the
// bytes it used; size 0 means s does not start with a number. It reads
// digits with thousands separators and a decimal part ("15,000", "1.72"),
// Chinese numerals with a 点 decimal part ("三点五", "一点五万"), and
// digits followed by 百, 千, 万 or 亿 ("3万", "1.5亿"; not "3百分点").
func Read(s string) (float64, int) {
	return read(s, true)
}

// ReadInt reads a whole number at the start of s, as Read does but
// without a decimal part ("1.5" reads 1), and returns it with the bytes
// it used; size 0 means none, or a number above 2^53, which a float64 (and
// so Read) cannot hold exactly.
func ReadInt(s string) (int64, int) {
	v, size := read(s, false)
	if size == 0 || v > 1<<53 {
		return 0, 0
	}
	return int64(v), size
}

// Parse reads s as one number, all of it, as Read does.
func Parse(s string) (float64, bool) {
	v, size := Read(s)
	return v, size > 0 && size == len(s)
}

// ParseInt reads s as one whole number, all of it, as ReadInt does.
func ParseInt(s string) (int64, bool) {
	v, size := ReadInt(s)
	return v, size > 0 && size == len(s)
}

// Ordinal reads "第" and the number after it ("第3", "第十二") at the
// start of s and returns the number and the bytes used, 0 when there is
// none.
func Ordinal(s string) (int64, int) {
	const di = "第"
	if len(s) <= len(di) || s[:len(di)] != di {
		return 0, 0
	}
	v, size := ReadInt(s[len(di):])
	if size == 0 {
		return 0, 0
	}
	return v, len(di) + size
}

func read(s string, frac bool) (float64, int) {
	if d, _ := digitAt(s, 0); d >= 0 {
		return readArabic(s, frac)
	}
	return readChinese(s, frac)
}

// readArabic reads digits, separators, a decimal part and a scale word.
func readArabic(s string, frac bool) (float64, int) {
	buf := make([]byte, 0, 24)
	i := 0
	for {
		d, sz := digitAt(s, i)
		if d >= 0 {
			buf = append(buf, byte('0'+d))
			i += sz
			continue
		}
		// A thousands separator: a comma before exactly three digits.
		if i < len(s) && s[i] == ',' && threeDigits(s, i+1) {
			i++
			continue
		}
		break
	}
	if frac {
		if k, ok := point(s, i); ok {
			if d, _ := digitAt(s, k); d >= 0 {
				buf = append(buf, '.')
				i = k
				for d, sz := digitAt(s, i); d >= 0; d, sz = digitAt(s, i) {
					buf = append(buf, byte('0'+d))
					i += sz
				}
			}
		}
	}
	v, err := strconv.ParseFloat(string(buf), 64)
	if err != nil {
		return 0, 0 // only out of range, for hundreds of digits
	}
	if m, sz := scaleAfterDigits(s, i); sz > 0 {
		v *= m
		i += sz
	}
	return v, i
}

// point returns the byte after a decimal point ("." or "．") at i.
func point(s string, i int) (int, bool) {
	switch {
	case i < len(s) && s[i] == '.':
		return i + 1, true
	case len(s)-i >= len("．") && s[i:i+len("．")] == "．":
		return i + len("．"), true
	}
	return i, false
}

func threeDigits(s string, i int) bool {
	for k := 0; k < 3; k++ {
		d, sz := digitAt(s, i)
		if d < 0 {
			return false
		}
		i += sz
	}
	d, _ := digitAt(s, i)
	return d < 0
}

// scaleAfterDigits reads 百, 千, 万, 亿 after digits, and 万亿 and 千万
// combinations, returning the multiplier and the bytes used.
func scaleAfterDigits(s string, i int) (float64, int) {
	m, j := 1.0, i
	last := 0.0
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		var u float64
		switch r {
		case '百':
			if r2, _ := utf8.DecodeRuneInString(s[j+sz:]); r2 == '分' {
				return m, j - i // 3百分点 is points, not 300
			}
			u = 1e2
		case '千':
			u = 1e3
		case '万':
			u = 1e4
		case '亿':
			u = 1e8
		default:
			return m, j - i
		}
		// Each scale must be larger than the last (千万, 万亿), never 万千.
		if last != 0 && u <= last {
			return m, j - i
		}
		m *= u
		last = u
		j += sz
	}
	return m, j - i
}
