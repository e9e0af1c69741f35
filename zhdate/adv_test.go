package zhdate

import (
	"strings"
	"testing"
	"time"
)

// TestAdversarialLinear guards against inputs that would make the scanner
// quadratic: each pattern is repeated to 100 KB, which a linear scan does
// in tens of milliseconds even on a busy machine; the bound is generous so
// only a real blow-up fails.
func TestAdversarialLinear(t *testing.T) {
	for _, unit := range []string{
		"1", "1-", "9 ", "年", "每", "一月", "至", "2026年", "2026-", "9月1日至",
		"上下", "十四五", "“十", "开学", "前", "周一", "１", "\xe5", "五一", "7-8月、",
	} {
		s := strings.Repeat(unit, 100*1024/len(unit))
		start := time.Now()
		Find(s, jul)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q×%d took %v", unit, len(s)/len(unit), d)
		}
	}
}
