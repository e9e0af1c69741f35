package llm

import "testing"

func TestParseCN(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"十", 10, true}, {"十五", 15, true}, {"二十", 20, true}, {"一百二十", 120, true},
		{"三千零五", 3005, true}, {"一万五", 15000, true}, {"三百五", 350, true}, {"一万零五", 10005, true},
		{"十五万", 150000, true}, {"一亿五千万", 150000000, true}, {"两", 2, true}, {"一点五", 1.5, true},
		{"一点五万", 15000, true}, {"百", 100, true}, {"三四", 0, false}, {"二〇二六", 0, false}, {"万", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseCN([]rune(tt.in))
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("parseCN(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
