package zhnum

import (
	"math"
	"unicode/utf8"
)

// cnReader is the state of reading one Chinese numeral.
type cnReader struct {
	total   float64 // the groups closed by 万 and 亿
	section float64 // the part below 万 being read
	num     int     // a digit waiting for its unit, -1 when none
	small   int     // the last unit of the section (10, 100, 1000), 0 at its start
	big     float64 // the last of 万 (1e4) and 亿 (1e8) read, 0 before
	yi      bool    // 亿 was read: a second one ends the number
	zero    bool    // 零 was read since the last unit
	prev    float64 // the unit read just before the pending digit, for 一万五
	tail    float64 // the unit right before the last token read
}

// readChinese reads a Chinese numeral at the start of s.
func readChinese(s string, frac bool) (float64, int) {
	r0, sz0 := utf8.DecodeRuneInString(s)
	if CnDigit(r0) == 0 {
		// 零 alone, or 零点五; "〇一" is a code, not a number.
		end := sz0
		v := 0.0
		if frac {
			if f, m, k := cnFraction(s, end); k > end {
				return f * m, k
			}
		}
		if d := CnDigit(firstRune(s[end:])); d >= 0 {
			return 0, 0
		}
		return v, end
	}
	c := cnReader{num: -1}
	i, end := 0, 0
loop:
	for i < len(s) {
		r, sz := utf8.DecodeRuneInString(s[i:])
		switch d := CnDigit(r); {
		case d > 0:
			if c.num >= 0 {
				break loop // two digits in a row: 三四, 五一
			}
			c.num, c.prev = d, c.tail
			c.tail = 0
		case d == 0:
			// 零 is read between a unit and a digit: 一百零五, 一千零十.
			next := firstRune(s[i+sz:])
			if c.num >= 0 || (CnDigit(next) <= 0 && next != '十') {
				break loop
			}
			c.zero, c.tail = true, 0
			i += sz
			continue // end moves only with what follows
		case unit(r) > 0:
			if !c.unit(r, i == 0) {
				break loop
			}
		case r == '万' || r == '亿':
			if !c.scale(r) {
				break loop
			}
		default:
			break loop
		}
		i += sz
		end = i
	}
	if end == 0 {
		return 0, 0
	}
	v := c.value()
	if frac {
		if f, m, k := cnFraction(s, end); k > end {
			// 一点五万: the decimal part belongs to the plain number.
			return (c.total + c.section + float64(max(c.num, 0)) + f) * m, k
		}
	}
	return v, end
}

// unit applies 十, 百, 千, 廿 or 卅; it reports false when the unit cannot
// continue the number (一百千, a bare 百).
func (c *cnReader) unit(r rune, first bool) bool {
	u := unit(r)
	if u == 20 || u == 30 {
		// 廿, 卅: a tens digit and its unit in one.
		if c.num >= 0 || (c.small != 0 && c.small <= 10) {
			return false
		}
		c.num, u = u/10, 10
	}
	if c.num < 0 {
		// Only 十 stands without a digit, at the start or after 零: 十五, 一百零十.
		if u != 10 || !(first || c.zero) {
			return false
		}
		c.num = 1
	}
	if c.small != 0 && u >= c.small {
		return false
	}
	c.section += float64(c.num * u)
	c.num, c.small, c.zero, c.tail = -1, u, false, float64(u)
	return true
}

// scale applies 万 or 亿 to what was read; it reports false for a bare
// scale (万一, 千万 read from 万) or a repeated one (万万).
func (c *cnReader) scale(r rune) bool {
	nothing := c.section == 0 && c.num < 0
	if r == '万' {
		if nothing || c.big == 1e4 {
			return false
		}
		c.total += (c.section + float64(max(c.num, 0))) * 1e4
		c.big = 1e4
	} else {
		// 亿 may follow 万 directly (五万亿), but never stand alone.
		if c.yi || (nothing && c.big != 1e4) {
			return false
		}
		c.total = (c.total + c.section + float64(max(c.num, 0))) * 1e8
		c.big, c.yi = 1e8, true
	}
	c.section, c.num, c.small, c.zero, c.tail = 0, -1, 0, false, c.big
	return true
}

// value is the number read, with the colloquial short forms: a digit
// right after 百, 千, 万 or 亿 counts in the next lower place (一万五 is
// 15000, 三百五 is 350).
func (c *cnReader) value() float64 {
	num := float64(max(c.num, 0))
	if c.num > 0 && !c.zero && c.prev >= 100 {
		num *= c.prev / 10
	}
	return c.total + c.section + num
}

// cnFraction reads a 点 decimal part at byte i (点五, 点七二) and a scale
// word after it (点五万), returning the fraction, the multiplier and the
// offset after them; the offset is i when there is none.
func cnFraction(s string, i int) (float64, float64, int) {
	const dian = "点"
	if len(s)-i <= len(dian) || s[i:i+len(dian)] != dian {
		return 0, 1, i
	}
	j := i + len(dian)
	f, scale := 0.0, 0.1
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		d := CnDigit(r)
		if d < 0 || r == '两' {
			break
		}
		f += float64(d) * scale
		scale /= 10
		j += sz
	}
	if j == i+len(dian) {
		return 0, 1, i
	}
	m := 1.0
	switch firstRune(s[j:]) {
	case '万':
		m, j = 1e4, j+len("万")
	case '亿':
		m, j = 1e8, j+len("亿")
	}
	// Round away the binary noise of summing tenths (0.7+0.02).
	digits := math.Pow(10, math.Round(-math.Log10(scale))-1)
	return math.Round(f*digits) / digits, m, j
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}
