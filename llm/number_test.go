package llm

import "testing"

func TestReadNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		end  int // runes read; 0 for none
	}{
		{"十五项", 15, 2}, {"一万五千人", 15000, 4}, {"一点五万", 15000, 4}, {"15,000元", 15000, 6},
		{"1.72亿", 1.72e8, 5}, {"３０所", 30, 2}, {"万人", 0, 0}, {"所", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, end, ok := readNumber([]rune(tt.in), 0)
			if ok != (tt.end > 0) || (ok && (v != tt.want || end != tt.end)) {
				t.Errorf("readNumber(%q) = %v, %d, %v; want %v, %d", tt.in, v, end, ok, tt.want, tt.end)
			}
		})
	}
}

func TestStepOf(t *testing.T) {
	for v, want := range map[float64]float64{3000: 1000, 15: 1, 1.5: 1, 0: 1, 120: 10} {
		if got := stepOf(v); got != want {
			t.Errorf("stepOf(%v) = %v, want %v", v, got, want)
		}
	}
}
