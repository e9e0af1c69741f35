package holiday

import (
	"strings"
	"testing"
)

// days writes the dates of ds, comma separated, for comparison.
func days(ds []Day) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.Date.String()[5:]+" "+d.Name)
	}
	return strings.Join(s, ", ")
}

func TestOfficial(t *testing.T) {
	tests := []struct {
		year      int
		off, work []string // substrings that must appear, in order
		nOff      int
	}{
		// From the State Council's notices for 2024, 2025 and 2026.
		{2024, []string{"02-10 春节", "02-17 春节", "10-07 国庆节"}, []string{"02-04 春节", "02-18 春节", "10-12 国庆节"}, 30},
		// 2025: 中秋 fell on October 6, inside the 国庆 days off.
		{2025, []string{"01-01 元旦节", "01-28 春节", "02-04 春节", "10-08 国庆中秋"}, []string{"01-26 春节", "02-08 春节", "09-28 国庆中秋", "10-11 国庆中秋"}, 28},
		{2026, []string{"01-01 元旦节", "02-15 春节", "02-23 春节", "04-04 清明节", "06-19 端午节", "09-25 中秋节", "10-07 国庆节"}, []string{"01-04 元旦节", "02-14 春节", "02-28 春节", "05-09 劳动节", "09-20 国庆节", "10-10 国庆节"}, 0},
	}
	for _, tt := range tests {
		y, known := Official(tt.year)
		if !known {
			t.Errorf("%d: not known", tt.year)
			continue
		}
		off, work := days(y.Off), days(y.Work)
		for _, list := range []struct {
			got  string
			want []string
		}{{off, tt.off}, {work, tt.work}} {
			at := 0
			for _, w := range list.want {
				k := strings.Index(list.got[at:], w)
				if k < 0 {
					t.Errorf("%d: %q missing or out of order in %s", tt.year, w, list.got)
					break
				}
				at += k
			}
		}
		if tt.nOff > 0 && len(y.Off) != tt.nOff {
			t.Errorf("%d: %d days off, want %d: %s", tt.year, len(y.Off), tt.nOff, off)
		}
		for _, d := range append(y.Off, y.Work...) {
			if d.Date.Year != tt.year || d.Name == "" {
				t.Errorf("%d: stray day %+v", tt.year, d)
			}
		}
	}
}

func TestUnknownYears(t *testing.T) {
	first, last := Known()
	if first != 2002 || last < 2027 {
		t.Errorf("Known() = %d, %d; want 2002 and at least 2027", first, last)
	}
	for _, y := range []int{1999, 2001, last + 1, 2100, 0, -5} {
		if got, known := Official(y); known || len(got.Off)+len(got.Work) > 0 && y > last {
			t.Errorf("Official(%d) = %+v, known %v", y, got, known)
		}
	}
	if _, known := Official(last); !known {
		t.Errorf("Official(%d) is not known", last)
	}
}
