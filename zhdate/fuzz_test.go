package zhdate

import (
	"strings"
	"testing"
	"time"
)

// FuzzFind checks the invariants every caller relies on: no panic, Start
// <= End, Text is the input at an offset after the previous match (so
// matches are in order and never overlap), and times are midnight in ref's
// location.
func FuzzFind(f *testing.F) {
	for _, c := range table {
		f.Add(c.in, c.ref.Unix())
	}
	f.Add(paragraph, jul.Unix())
	f.Add("截至2026年2月30日止；7-13月；二〇二五年十三月；下月32日前；每月31日前", jan.Unix())
	f.Add("“十四五”末、十五期间、“十一五", oct.Unix())
	f.Add("中秋国庆前、大大后天、下下个季度、本月第2周、15年3月2日、九七年、3天后、12号到3号、第十周", oct.Unix())
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		// Keep years within what plans use so time arithmetic stays sane.
		ref := time.Unix(unix%(200*365*86400), 0).In(cst)
		pos := 0
		var got []Expr
		done := make(chan bool)
		go func() { got = Find(s, ref); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("Find(%q, %v) hangs", s, ref)
		}
		for _, e := range got {
			if e.End.Before(e.Start) {
				t.Fatalf("%q: Start %v after End %v", e.Text, e.Start, e.End)
			}
			if e.Text == "" {
				t.Fatalf("empty Text in %q", s)
			}
			i := strings.Index(s[pos:], e.Text)
			if i < 0 {
				t.Fatalf("%q is not in the input after offset %d (out of order or overlapping)", e.Text, pos)
			}
			pos += i + len(e.Text)
			for _, tm := range []time.Time{e.Start, e.End} {
				if tm.Location() != cst || tm.Hour() != 0 || tm.Minute() != 0 || tm.Second() != 0 {
					t.Fatalf("%q: %v is not midnight in ref's location", e.Text, tm)
				}
			}
			if e.Recurring && e.Deadline {
				t.Fatalf("%q is both recurring and a deadline", e.Text)
			}
		}
		Parse(s, ref)
		// An empty or odd calendar must not panic or break order either.
		odd := Calendar{
			SpringTerm: Period{MonthDay{0, 40}, MonthDay{13, -1}},
			Holidays: []Holiday{
				{Names: []string{"", "节"}, Days: -3, Dates: map[int]MonthDay{}},
				{Names: []string{"节日", "秋"}, Lunar: MonthDay{12, 30}, Offset: 400, Upcoming: true},
				{Names: []string{"冬"}, Lunar: MonthDay{13, 1}, Term: "冬至", Offset: -400},
				{Names: []string{"夏"}, Term: "不是节气"},
			},
		}
		for _, c := range []Calendar{{}, odd} {
			for _, e := range c.Find(s, ref) {
				if e.End.Before(e.Start) || !strings.Contains(s, e.Text) {
					t.Fatalf("odd calendar: %+v", e)
				}
			}
		}
	})
}
