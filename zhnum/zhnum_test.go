package zhnum

import (
	"fmt"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		used string // the part of in that was read; "" for none
	}{
		// Digits.
		{"15", 15, "15"},
		{"１５个", 15, "１５"},
		{"15,000元", 15000, "15,000"},
		{"1,234,567", 1234567, "1,234,567"},
		{"1,23", 1, "1"},
		{"1,2345", 1, "1"},
		{"1.72亿元", 1.72e8, "1.72亿"},
		{"3.5万平方米", 35000, "3.5万"},
		{"62.5%", 62.5, "62.5"},
		{"2026.9.30", 2026.9, "2026.9"},
		{"１．５", 1.5, "１．５"},
		{"3.", 3, "3"},
		{"3万", 30000, "3万"},
		{"8000万", 8e7, "8000万"},
		{"5千万", 5e7, "5千万"},
		{"2万亿", 2e12, "2万亿"},
		{"3百人", 300, "3百"},
		{"3百分点", 3, "3"},
		{"5万千米", 50000, "5万"},
		{"0", 0, "0"},
		// Chinese numerals.
		{"一", 1, "一"},
		{"十", 10, "十"},
		{"十五", 15, "十五"},
		{"二十", 20, "二十"},
		{"二十一", 21, "二十一"},
		{"一百", 100, "一百"},
		{"一百零五", 105, "一百零五"},
		{"一百一十", 110, "一百一十"},
		{"一千零十", 1010, "一千零十"},
		{"三千零五", 3005, "三千零五"},
		{"两千", 2000, "两千"},
		{"两", 2, "两"},
		{"一万五", 15000, "一万五"},
		{"三百五", 350, "三百五"},
		{"一千二", 1200, "一千二"},
		{"一万零五", 10005, "一万零五"},
		{"一万五千", 15000, "一万五千"},
		{"十五万", 150000, "十五万"},
		{"一亿五千万", 1.5e8, "一亿五千万"},
		{"一亿五", 1.5e8, "一亿五"},
		{"五万亿", 5e12, "五万亿"},
		{"一万零五亿", 1.0005e12, "一万零五亿"},
		{"廿五日", 25, "廿五"},
		{"卅", 30, "卅"},
		{"三点五", 3.5, "三点五"},
		{"一点五万", 15000, "一点五万"},
		{"零点七二", 0.72, "零点七二"},
		{"零", 0, "零"},
		{"〇", 0, "〇"},
		{"十二月", 12, "十二"},
		{"三四所", 3, "三"},
		{"五一", 5, "五"},
		{"十一五", 11, "十一"},
		{"二〇二六年", 2, "二"},
		{"一百零", 100, "一百"},
		{"一百千", 100, "一百"},
		{"一百十", 100, "一百"},
		{"五点半", 5, "五"},
		{"五点三十分", 5.3, "五点三"},
		{"十十", 10, "十"},
		{"万万", 0, ""},
		// Not numbers.
		{"百姓", 0, ""},
		{"万一", 0, ""},
		{"千万", 0, ""},
		{"亿元", 0, ""},
		{"〇一", 0, ""},
		{"第3", 0, ""},
		{"", 0, ""},
		{"abc", 0, ""},
		{"\xff", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, n := Read(tt.in)
			if tt.in[:n] != tt.used || v != tt.want {
				t.Errorf("Read(%q) = %v, %q; want %v, %q", tt.in, v, tt.in[:n], tt.want, tt.used)
			}
		})
	}
}

func TestReadInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		used string
	}{
		{"1.5万", 1, "1"},
		{"三点五", 3, "三"},
		{"3万", 30000, "3万"},
		{"15,000", 15000, "15,000"},
		{"一百零五", 105, "一百零五"},
		{"99999999999999999999", 0, ""}, // above 2^53: not exact in a float64
	}
	for _, tt := range tests {
		v, n := ReadInt(tt.in)
		if tt.in[:n] != tt.used || v != tt.want {
			t.Errorf("ReadInt(%q) = %v, %q; want %v, %q", tt.in, v, tt.in[:n], tt.want, tt.used)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]float64{"十五": 15, "3万": 30000, "一点五": 1.5, "1,000": 1000} {
		if v, ok := Parse(in); !ok || v != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, v, ok, want)
		}
	}
	for _, in := range []string{"三四", "二〇二六", "万", "15个", "", " 15"} {
		if v, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %v, want none", in, v)
		}
	}
	if v, ok := ParseInt("八十五"); !ok || v != 85 {
		t.Errorf("ParseInt(八十五) = %v, %v", v, ok)
	}
	if _, ok := ParseInt("1.5"); ok {
		t.Errorf("ParseInt(1.5) accepted")
	}
}

func TestDigits(t *testing.T) {
	tests := []struct {
		in      string
		v       int64
		n, size int
		cn      bool
	}{
		{"2026年", 2026, 4, 4, false},
		{"２０２６年", 2026, 4, 12, false},
		{"09-30", 9, 2, 2, false},
		{"年", 0, 0, 0, false},
		{"1234567890123456789012", 123456789012345678, 22, 22, false},
		{"二〇二六年", 2026, 4, 12, true},
		{"二O二五年", 2025, 4, 10, true},
		{"二零二五", 2025, 4, 12, true},
		{"O二", 0, 0, 0, true},
		{"十二", 0, 0, 0, true},
	}
	for _, tt := range tests {
		f, name := Digits, "Digits"
		if tt.cn {
			f, name = CnDigits, "CnDigits"
		}
		if v, n, size := f(tt.in); v != tt.v || n != tt.n || size != tt.size {
			t.Errorf("%s(%q) = %d, %d, %d; want %d, %d, %d", name, tt.in, v, n, size, tt.v, tt.n, tt.size)
		}
	}
}

func TestOrdinal(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		used string
	}{
		{"第3名", 3, "第3"},
		{"第十二条", 12, "第十二"},
		{"第２周", 2, "第２"},
		{"第一百零一", 101, "第一百零一"},
		{"第", 0, ""},
		{"第几", 0, ""},
		{"3", 0, ""},
	}
	for _, tt := range tests {
		if v, n := Ordinal(tt.in); v != tt.want || tt.in[:n] != tt.used {
			t.Errorf("Ordinal(%q) = %d, %q; want %d, %q", tt.in, v, tt.in[:n], tt.want, tt.used)
		}
	}
}

func TestDigitRunes(t *testing.T) {
	for want, r := range []rune("零一二三四五六七八九") {
		if got := CnDigit(r); got != want {
			t.Errorf("CnDigit(%q) = %d, want %d", r, got, want)
		}
	}
	for r, want := range map[rune]int{'〇': 0, '两': 2, '十': -1, '5': -1, 'a': -1} {
		if got := CnDigit(r); got != want {
			t.Errorf("CnDigit(%q) = %d, want %d", r, got, want)
		}
	}
	for r, want := range map[rune]int{'0': 0, '9': 9, '０': 0, '９': 9, '一': -1, 'a': -1} {
		if got := Digit(r); got != want {
			t.Errorf("Digit(%q) = %d, want %d", r, got, want)
		}
	}
	for _, r := range "零〇一两九十百千万亿廿卅" {
		if !IsNumeral(r) {
			t.Errorf("IsNumeral(%q) = false", r)
		}
	}
	for _, r := range "5a第几多" {
		if IsNumeral(r) {
			t.Errorf("IsNumeral(%q) = true", r)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := map[int64]string{
		0: "零", 1: "一", 10: "十", 15: "十五", 20: "二十", 21: "二十一", 99: "九十九",
		100: "一百", 105: "一百零五", 110: "一百一十", 1005: "一千零五", 1050: "一千零五十",
		10005: "一万零五", 10500: "一万零五百", 15000: "一万五千", 150000: "十五万",
		100010: "十万零一十", 1e8: "一亿", 150000000: "一亿五千万", 100000005: "一亿零五",
		1000500000000: "一万零五亿", -12: "负十二",
	}
	for n, want := range tests {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Format(-1 << 63); got == "" {
		t.Errorf("Format(MinInt64) is empty")
	}
}

func ExampleRead() {
	for _, s := range []string{"一万五千元", "3.5万平方米", "二十一所", "三四所"} {
		v, n := Read(s)
		fmt.Printf("%s: %v (%s)\n", s, v, s[:n])
	}
	// Output:
	// 一万五千元: 15000 (一万五千)
	// 3.5万平方米: 35000 (3.5万)
	// 二十一所: 21 (二十一)
	// 三四所: 3 (三)
}

func BenchmarkRead(b *testing.B) {
	in := []string{"一亿五千万", "15,000", "二十一", "3.5万", "一百零五"}
	for b.Loop() {
		for _, s := range in {
			Read(s)
		}
	}
}
