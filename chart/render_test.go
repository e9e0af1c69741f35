package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"sync"
	"testing"
)

// ink counts the pixels that are not the background colour.
func ink(img image.Image, bg color.RGBA) int {
	return count(img, img.Bounds(), func(c color.RGBA) bool { return c != bg })
}

// count counts the pixels of r that satisfy ok.
func count(img image.Image, r image.Rectangle, ok func(color.RGBA) bool) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ok(color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)) {
				n++
			}
		}
	}
	return n
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	return img
}

func exactly(want color.RGBA) func(color.RGBA) bool {
	return func(c color.RGBA) bool { return c == want }
}

// unitTexts are the strings the unit chart draws.
func unitTexts(l UnitLayout) []string {
	s := []string{l.Title, l.Subtitle, l.Empty}
	for _, e := range l.Legend {
		s = append(s, e.Label)
	}
	for _, r := range l.Rows {
		s = append(s, r.Label, r.RateLabel)
	}
	return s
}

// TestUnitsPicture decodes the unit chart at 1, 8 and 60 units, with long
// names, empty, light and dark: its size follows the layout, every label's
// glyphs exist in the font, the background is the theme's, the bars are
// drawn in the bureau's colours.
func TestUnitsPicture(t *testing.T) {
	long := sampleUnits(8, true)
	long[2].Name = "县教育局推进义务教育优质均衡发展工作领导小组办公室"
	done := color.RGBA{0x12, 0x34, 0x56, 0xff}
	for _, tc := range []struct {
		name  string
		units []Unit
		dark  bool
		rows  int
	}{
		{"one", sampleUnits(1, false), false, 1},
		{"eight-long-names", long, false, 8},
		{"eight-dark", long, true, 8},
		{"sixty", sampleUnits(60, true), false, DefaultMaxUnits},
		{"none", nil, false, 0},
		{"none-dark", nil, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(nil, Options{Dark: tc.dark, Colors: Colors{Done: "#123456"}})
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.Units("2026年教育工作要点 10月通报", "2026年10月31日", tc.units)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, b)
			l := LayoutUnits("2026年教育工作要点 10月通报", "2026年10月31日", tc.units, r.layoutOptions())
			if len(l.Rows) != tc.rows {
				t.Fatalf("%d bars, want %d", len(l.Rows), tc.rows)
			}
			want := image.Rect(0, 0, DefaultWidth, headerHeight+unitsPanelHeight(l))
			if img.Bounds() != want {
				t.Fatalf("size %v, want %v", img.Bounds(), want)
			}
			for _, s := range unitTexts(l) {
				if m := r.font.Missing(s); len(m) > 0 {
					t.Errorf("label %q has characters with no glyph: %q", s, m)
				}
			}
			bg := color.RGBAModel.Convert(img.At(2, 2)).(color.RGBA)
			if bg != r.pal.bg || (luminance(bg) < 0.5) != tc.dark {
				t.Errorf("background %v, dark %v", bg, tc.dark)
			}
			// The title is drawn in the theme's text colour.
			title := image.Rect(int(pad), int(pad), 600, int(pad+titleSize))
			if n := count(img, title, exactly(r.pal.text)); n < 500 {
				t.Errorf("title drawn with %d pixels of the text colour", n)
			}
			bars := count(img, img.Bounds(), exactly(done))
			if tc.rows > 0 && bars < 1000*tc.rows/2 {
				t.Errorf("%d pixels of the bureau's done colour for %d bars", bars, tc.rows)
			}
			if tc.rows == 0 {
				if bars != 0 {
					t.Errorf("no data, yet %d bar pixels", bars)
				}
				// 本月暂无数据 is drawn in the middle of the panel.
				y := headerHeight + legendHeight
				mid := image.Rect(DefaultWidth/4, y+emptyHeight/3, 3*DefaultWidth/4, y+2*emptyHeight/3)
				if n := count(img, mid, exactly(r.pal.muted)); n < 500 {
					t.Errorf("the no-data message has %d pixels", n)
				}
			}
		})
	}
}

func TestTrendPicture(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []TrendPoint
		dark bool
		line bool
	}{
		{"year", sampleTrend(), false, true},
		{"year-dark", sampleTrend(), true, true},
		{"none", nil, false, false},
		{"all-nodata", []TrendPoint{{Label: "1月", NoData: true}}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(nil, Options{Dark: tc.dark, Colors: Colors{Line: "#0a0b0c", Expected: "#fe0dcb"}})
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.Trend("2026年教育工作要点 完成率", "2026年10月31日", tc.pts)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, b)
			if want := image.Rect(0, 0, DefaultWidth, headerHeight+trendPanelHeight); img.Bounds() != want {
				t.Fatalf("size %v, want %v", img.Bounds(), want)
			}
			l := LayoutTrend("2026年教育工作要点 完成率", "2026年10月31日", tc.pts, r.layoutOptions())
			texts := append([]string{l.Title, l.Subtitle, l.Empty}, l.Ticks...)
			for _, m := range l.Marks {
				texts = append(texts, m.Label, m.RateLabel)
			}
			for _, s := range texts {
				if m := r.font.Missing(s); len(m) > 0 {
					t.Errorf("label %q has characters with no glyph: %q", s, m)
				}
			}
			line := count(img, img.Bounds(), exactly(color.RGBA{0x0a, 0x0b, 0x0c, 0xff}))
			expected := count(img, img.Bounds(), exactly(color.RGBA{0xfe, 0x0d, 0xcb, 0xff}))
			// The legend draws a little of each colour; the lines much more.
			if tc.line && (line < 3000 || expected < 1500) {
				t.Errorf("rate line %d pixels, 序时进度 %d", line, expected)
			}
			if !tc.line && (line > 800 || expected > 0) {
				t.Errorf("no data, yet a line of %d pixels and 序时进度 of %d", line, expected)
			}
		})
	}
}

func TestBriefingPicture(t *testing.T) {
	r, err := New(nil, Options{Lang: LangEN, Width: 1600, Colors: Colors{Done: "#123456", Line: "#0a0b0c"}})
	if err != nil {
		t.Fatal(err)
	}
	units := sampleUnits(12, true)
	b, err := r.Briefing("2026 work plan, October", "Oct 31, 2026", units, sampleTrend())
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	ul := LayoutUnits("", "", units, r.layoutOptions())
	want := image.Rect(0, 0, 1600, headerHeight+sectionHeight+unitsPanelHeight(ul)+sectionHeight+trendPanelHeight)
	if img.Bounds() != want {
		t.Fatalf("size %v, want %v", img.Bounds(), want)
	}
	split := headerHeight + sectionHeight + unitsPanelHeight(ul)
	top, bottom := image.Rect(0, 0, 1600, split), image.Rect(0, split, 1600, want.Max.Y)
	if n := count(img, top, exactly(color.RGBA{0x12, 0x34, 0x56, 0xff})); n < 5000 {
		t.Errorf("the unit panel has %d bar pixels", n)
	}
	if n := count(img, bottom, exactly(color.RGBA{0x0a, 0x0b, 0x0c, 0xff})); n < 3000 {
		t.Errorf("the trend panel has %d line pixels", n)
	}
	// Narrower than a phone needs is widened; the width and the number of
	// bars are bounded, so that Telegram takes the photo.
	for _, tc := range []struct {
		opt        Options
		width, max int
	}{
		{Options{Width: 500, MaxUnits: 1}, DefaultWidth, 2},
		{Options{Width: 100000, MaxUnits: 5000}, LimitWidth, LimitMaxUnits},
	} {
		r, _ = New(nil, tc.opt)
		b, _ = r.Units("t", "", sampleUnits(300, true))
		img := decode(t, b)
		l := LayoutUnits("t", "", sampleUnits(300, true), r.layoutOptions())
		if img.Bounds().Dx() != tc.width || len(l.Rows) != tc.max || img.Bounds().Dx()+img.Bounds().Dy() > 10000 {
			t.Errorf("options %+v: picture %v with %d bars, want width %d and %d bars", tc.opt, img.Bounds(), len(l.Rows), tc.width, tc.max)
		}
	}
}

// TestRendererConcurrent: one Renderer serves several goroutines, each
// getting the same picture.
func TestRendererConcurrent(t *testing.T) {
	r, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	units := sampleUnits(20, true)
	want, err := r.Units("通报", "2026年10月31日", units)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := r.Units("通报", "2026年10月31日", units)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("concurrent render differs (err %v)", err)
			}
		})
	}
	wg.Wait()
}

// FuzzRenderNames draws user-typed unit names and titles, whatever they
// hold (characters no font has, controls, broken UTF-8): a PNG of the size
// the layout says always comes out.
func FuzzRenderNames(f *testing.F) {
	f.Add("督导室", "2026年10月通报", 3)
	f.Add("𠀾实验学校\u200d\ufe0f", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", 1)
	f.Add("\xff\x00\n", "", 0)
	r, err := New(nil, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, title string, n int) {
		units := []Unit{{Name: name, Done: n, Doing: 1, Rate: 0.5}, {Name: name + name, Overdue: n, Red: n}}
		b, err := r.Units(title, name, units)
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, b)
		l := LayoutUnits(title, name, units, r.layoutOptions())
		if img.Bounds().Dy() != headerHeight+unitsPanelHeight(l) {
			t.Fatalf("height %d for %d rows", img.Bounds().Dy(), len(l.Rows))
		}
	})
}
