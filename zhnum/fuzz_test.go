package zhnum

import (
	"math"
	"strconv"
	"testing"
)

// FuzzRead checks what scanners rely on: no panic, a size within the
// input, a number read again alike from the bytes it used (so the reader
// never depends on what follows the number), and whole-string helpers
// that agree with the readers.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"15,000元", "1.72亿", "一万五", "一百零五", "三点五", "二〇二六年", "第十二", "廿五", "五万亿", "零点七", "3百分点", "一亿零五", "十一五"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, n := Read(s)
		if n < 0 || n > len(s) || math.IsNaN(v) || v < 0 {
			t.Fatalf("Read(%q) = %v, %d", s, v, n)
		}
		if n > 0 {
			if v2, n2 := Read(s[:n]); v2 != v || n2 != n {
				t.Fatalf("Read(%q) = %v, %d but Read(%q) = %v, %d", s, v, n, s[:n], v2, n2)
			}
			if p, ok := Parse(s[:n]); !ok || p != v {
				t.Fatalf("Parse(%q) = %v, %v; Read read %v", s[:n], p, ok, v)
			}
		} else if v != 0 {
			t.Fatalf("Read(%q) = %v with nothing read", s, v)
		}
		iv, in := ReadInt(s)
		if in > n || in < 0 || iv < 0 {
			t.Fatalf("ReadInt(%q) = %d, %d; Read used %d", s, iv, in, n)
		}
		if in > 0 {
			if iv2, in2 := ReadInt(s[:in]); iv2 != iv || in2 != in {
				t.Fatalf("ReadInt(%q) = %d, %d but ReadInt(%q) = %d, %d", s, iv, in, s[:in], iv2, in2)
			}
		}
		if o, on := Ordinal(s); on > 0 && (on > len(s) || o < 0) {
			t.Fatalf("Ordinal(%q) = %d, %d", s, o, on)
		}
		for _, g := range []func(string) (int64, int, int){Digits, CnDigits} {
			if dv, dn, dsize := g(s); dsize > len(s) || dn > dsize || dv < 0 {
				t.Fatalf("digits of %q = %d, %d, %d", s, dv, dn, dsize)
			}
		}
	})
}

// FuzzFormat checks the round trip: every number Format writes up to
// 2^53 reads back whole, and so does its decimal form.
func FuzzFormat(f *testing.F) {
	for _, n := range []int64{0, 7, 10, 15, 105, 110, 1005, 10005, 150000, 100000005, 1000500000000, 1 << 53} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		if n < 0 {
			n = -(n + 1)
		}
		n %= 1<<53 + 1
		s := Format(n)
		if got, ok := ParseInt(s); !ok || got != n {
			t.Fatalf("ParseInt(Format(%d) = %q) = %d, %v", n, s, got, ok)
		}
		d := strconv.FormatInt(n, 10)
		if got, ok := ParseInt(d); !ok || got != n {
			t.Fatalf("ParseInt(%q) = %d, %v", d, got, ok)
		}
		if got, cnt, size := Digits(d); got != n || cnt != len(d) || size != len(d) {
			t.Fatalf("Digits(%q) = %d, %d, %d", d, got, cnt, size)
		}
	})
}
