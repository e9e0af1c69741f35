package zhnum

import "strings"

var cnDigits = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Format writes n in Chinese numerals as documents do: 十五 (not 一十五),
// 一百一十, 一百零五, 一万零五百, 三亿, 一万零五亿; negative numbers get 负.
// ParseInt reads back every number Format writes up to 2^53.
func Format(n int64) string {
	if n == 0 {
		return cnDigits[0]
	}
	var b strings.Builder
	u := uint64(n)
	if n < 0 {
		b.WriteString("负")
		u = -u // two's complement: right for math.MinInt64 too
	}
	writePositive(&b, u, true)
	return b.String()
}

// writePositive writes n > 0: the part above 亿 as a number of its own
// followed by 亿, then the part above 万, then the rest, with a 零 where a
// place is skipped. lead drops the 一 of a leading 一十 (十五, not 一十五).
func writePositive(b *strings.Builder, n uint64, lead bool) {
	for _, g := range []struct {
		size uint64
		name string
	}{{1e8, "亿"}, {1e4, "万"}} {
		if n < g.size {
			continue
		}
		writePositive(b, n/g.size, lead)
		b.WriteString(g.name)
		n %= g.size
		if n == 0 {
			return
		}
		if n < g.size/10 {
			b.WriteString(cnDigits[0])
		}
		lead = false
	}
	writeSection(b, n, lead)
}

// writeSection writes 1 <= g <= 9999.
func writeSection(b *strings.Builder, g uint64, lead bool) {
	places := [4]string{"千", "百", "十", ""}
	started, zero := false, false
	for p, div := 0, uint64(1000); p < 4; p, div = p+1, div/10 {
		d := g / div % 10
		if d == 0 {
			zero = started
			continue
		}
		if zero {
			b.WriteString(cnDigits[0])
			zero = false
		}
		if d != 1 || p != 2 || started || !lead {
			b.WriteString(cnDigits[d])
		}
		b.WriteString(places[p])
		started = true
	}
}
