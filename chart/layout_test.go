package chart

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// golden compares v, as indented JSON, with testdata/NAME.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%s differs from the golden file:\n got: %s\nwant: %s", path, b.Bytes(), want)
	}
}

func TestLayoutUnitsGolden(t *testing.T) {
	long := sampleUnits(3, false)
	long[1].Name = "县教育局推进义务教育优质均衡发展工作领导小组办公室"
	long[2].Name = "  城关\n第一\t小学\u200b "
	messy := []Unit{
		{Name: "", Done: 2, Doing: 1, Rate: 0.66},
		{Name: "负数单位", Done: -3, Doing: 2, Overdue: -1, Rate: -0.5},
		{Name: "全部取消", Rate: math.NaN()},
		{Name: "满分单位", Done: 4, Rate: 1.7},
		{Name: "差一点", Done: 999, Doing: 1, Rate: 0.999},
	}
	for _, tc := range []struct {
		name  string
		title string
		units []Unit
		opt   LayoutOptions
	}{
		{"units-none", "2026年教育工作要点 10月通报", nil, LayoutOptions{Lang: LangZH, MaxUnits: 15}},
		{"units-zero-tasks", "2026年教育工作要点 10月通报", []Unit{{Name: "办公室"}, {Name: "督导室"}}, LayoutOptions{Lang: LangZH, MaxUnits: 15}},
		{"units-one", "2026年教育工作要点 10月通报", sampleUnits(1, false), LayoutOptions{Lang: LangZH, MaxUnits: 15}},
		{"units-eight-lights", "2026年教育工作要点 10月通报", sampleUnits(8, true), LayoutOptions{Lang: LangZH, MaxUnits: 15}},
		{"units-long-names", "县教育局关于印发二〇二六年全县教育系统工作要点及重点任务分解方案的通知 10月通报", long, LayoutOptions{Lang: LangZH, MaxUnits: 15}},
		{"units-sixty", "2026年教育工作要点 10月通报", sampleUnits(60, true), LayoutOptions{Lang: LangZH, MaxUnits: 15}},
		{"units-sixty-en", "2026 work plan, October", sampleUnits(60, false), LayoutOptions{Lang: LangEN, MaxUnits: 10}},
		{"units-messy", "2026年教育工作要点 10月通报", messy, LayoutOptions{Lang: LangZH, MaxUnits: 15}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, LayoutUnits(tc.title, "2026年10月31日", tc.units, tc.opt))
		})
	}
}

func TestLayoutTrendGolden(t *testing.T) {
	twoYears := []TrendPoint{}
	for i := range 24 {
		twoYears = append(twoYears, TrendPoint{Label: string(rune('A'+i)) + "月", Rate: float64(i) / 24})
	}
	for _, tc := range []struct {
		name string
		pts  []TrendPoint
		lang string
	}{
		{"trend-year", sampleTrend(), LangZH},
		{"trend-none", nil, LangZH},
		{"trend-all-nodata", []TrendPoint{{Label: "1月", NoData: true, HasExpected: true, Expected: 0.1}}, LangZH},
		{"trend-no-expected-en", []TrendPoint{{Label: "Jan", Rate: 0.1}, {Label: "Feb", NoData: true}, {Label: "Mar", Rate: 1.2}}, LangEN},
		{"trend-two-years", twoYears, LangZH},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, LayoutTrend("2026年教育工作要点 完成率", "2026年10月31日", tc.pts, LayoutOptions{Lang: tc.lang, MaxUnits: 15}))
		})
	}
}

func TestLayoutUnitsFolds(t *testing.T) {
	units := sampleUnits(60, true)
	l := LayoutUnits("t", "d", units, LayoutOptions{Lang: LangZH, MaxUnits: 15})
	if len(l.Rows) != 15 {
		t.Fatalf("rows = %d, want 15", len(l.Rows))
	}
	for i, r := range l.Rows[:14] {
		if r.Name != units[i].Name {
			t.Errorf("row %d is %q, want %q: the given order is kept", i, r.Name, units[i].Name)
		}
	}
	other := l.Rows[14]
	if other.Name != "其他（46个单位）" || other.Folded != 46 {
		t.Errorf("folded row = %q folding %d", other.Name, other.Folded)
	}
	var done, total, red int
	for _, u := range units[14:] {
		done += u.Done
		total += u.total()
		red += u.Red
	}
	if other.Done != done || other.Total != total || other.Red != red {
		t.Errorf("folded sums = %d/%d red %d, want %d/%d red %d", other.Done, other.Total, other.Red, done, total, red)
	}
	if !other.Broken || l.Max >= other.Total {
		t.Errorf("the folded bar (%d) should be broken over an axis (%d) scaled to the units' own bars", other.Total, l.Max)
	}
	// Exactly MaxUnits units fold nothing.
	if l := LayoutUnits("t", "d", units[:15], LayoutOptions{MaxUnits: 15}); l.Rows[14].Folded != 0 || len(l.Rows) != 15 {
		t.Errorf("15 units with MaxUnits 15 should show 15 bars unfolded")
	}
}

func TestCutText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cols int
		want string
	}{
		{"办公室", 20, "办公室"},
		{"一二三四五六七八九十", 20, "一二三四五六七八九十"},
		{"一二三四五六七八九十一", 20, "一二三四五六七八九…"},
		{"abcdefghijklmnopqrstuvwxyz", 20, "abcdefghijklmnopqr…"},
		{"督导室 Office of Education", 20, "督导室 Office of E…"},
		{"", 20, ""},
	} {
		if got := CutText(tc.in, tc.cols); got != tc.want {
			t.Errorf("CutText(%q, %d) = %q, want %q", tc.in, tc.cols, got, tc.want)
		}
		if got := CutText(tc.in, tc.cols); TextCols(got) > tc.cols {
			t.Errorf("CutText(%q) = %q is %d columns, over %d", tc.in, got, TextCols(got), tc.cols)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"  督导室 ":             "督导室",
		"城关\n第一\t\t小学":       "城关 第一 小学",
		"教育\u200b局\u202e":    "教育局",
		"学校\ufe0f\x00\x07":   "学校",
		"bad \xff utf8":      "bad \ufffd utf8",
		"\u3000全角空格\u3000开头": "全角空格 开头",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRateLabel(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		want string
	}{
		{0, "0%"}, {0.5, "50%"}, {0.999, "99%"}, {1, "100%"}, {0.29, "29%"}, {0.57, "57%"},
		{-1, "0%"}, {3, "100%"}, {math.NaN(), "0%"}, {math.Inf(1), "100%"},
	} {
		if got := RateLabel(tc.rate); got != tc.want {
			t.Errorf("RateLabel(%v) = %q, want %q", tc.rate, got, tc.want)
		}
	}
}

func TestAxisTicks(t *testing.T) {
	for _, tc := range []struct {
		n     int
		end   int
		ticks string
	}{
		{1, 1, "0 1"},
		{3, 3, "0 1 2 3"},
		{7, 8, "0 2 4 6 8"},
		{20, 20, "0 5 10 15 20"},
		{23, 25, "0 5 10 15 20 25"},
		{101, 125, "0 25 50 75 100 125"},
		{0, 0, "0"},
		{999, 1000, "0 200 400 600 800 1000"},
		{1_000_000, 1_000_000, "0 200000 400000 600000 800000 1000000"},
	} {
		end, ticks := axisTicks(tc.n)
		got := strings.Trim(strings.Join(strings.Fields(strings.Trim(jsonInts(ticks), "[]")), " "), " ")
		if end != tc.end || got != tc.ticks {
			t.Errorf("axisTicks(%d) = %d [%s], want %d [%s]", tc.n, end, got, tc.end, tc.ticks)
		}
	}
}

func jsonInts(v []int) string {
	b, _ := json.Marshal(v)
	return strings.ReplaceAll(string(b), ",", " ")
}

// FuzzLayoutUnits feeds user-typed unit names and any counts to the layout:
// labels stay within their columns on one line, bars within MaxUnits, the
// axis covers every bar it does not break.
func FuzzLayoutUnits(f *testing.F) {
	f.Add("督导室", 3, 2, 1, 0, 0.5, 15)
	f.Add("县教育局推进义务教育优质均衡发展工作领导小组办公室", 1, 0, 0, 9, 0.1, 2)
	f.Add("a\nb\u200bc\xff", -5, 1<<40, 0, 3, math.NaN(), 0)
	f.Fuzz(func(t *testing.T, name string, done, doing, todo, overdue int, rate float64, maxUnits int) {
		units := make([]Unit, 0, 20)
		for i := range 20 {
			units = append(units, Unit{Name: name + strings.Repeat("x", i%3), Done: done + i, Doing: doing, Todo: todo, Overdue: overdue, Rate: rate})
		}
		l := LayoutUnits(name, name, units, LayoutOptions{Lang: LangZH, MaxUnits: maxUnits})
		if TextCols(l.Title) > TitleCols || TextCols(l.Subtitle) > SubtitleCols {
			t.Fatalf("title %q or subtitle %q too wide", l.Title, l.Subtitle)
		}
		if len(l.Rows) > max(maxUnits, 2) {
			t.Fatalf("%d rows for MaxUnits %d", len(l.Rows), maxUnits)
		}
		for _, r := range l.Rows {
			if TextCols(r.Label) > NameCols || strings.ContainsAny(r.Label, "\n\t\r\x00") || r.Label == "" {
				t.Fatalf("label %q", r.Label)
			}
			if r.Total < 0 || r.Total != r.Done+r.Doing+r.Todo+r.Overdue {
				t.Fatalf("row %+v", r)
			}
			if !r.Broken && r.Total > l.Max {
				t.Fatalf("bar %d beyond axis %d", r.Total, l.Max)
			}
			if r.RateLabel != "—" && !strings.HasSuffix(r.RateLabel, "%") {
				t.Fatalf("rate label %q", r.RateLabel)
			}
		}
		if (l.Empty == "") == (len(l.Rows) == 0) {
			t.Fatalf("empty %q with %d rows", l.Empty, len(l.Rows))
		}
	})
}
