package chart

import (
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Colors are the colours of the charts, as hex strings ("#2e9d57", "#3b8"
// or without the #). An empty field keeps the default. The field names,
// lower-cased, are the config keys chart.colors.done, chart.colors.doing…
type Colors struct {
	Done     string // 已完成 segments
	Doing    string // 进行中 segments
	Todo     string // 未开始 segments
	Overdue  string // 逾期 segments
	Red      string // red-light markers (红灯)
	Yellow   string // yellow-light markers (黄灯)
	Line     string // the completion-rate line of the trend
	Expected string // the dashed 序时进度 line
}

// DefaultColors returns the colours used where Colors leaves a field empty:
// mid-tones that read on a light and on a dark background.
func DefaultColors() Colors {
	return Colors{
		Done:     "#2e9d57",
		Doing:    "#3b7fe0",
		Todo:     "#a3abb8",
		Overdue:  "#e04848",
		Red:      "#d92d20",
		Yellow:   "#f2b705",
		Line:     "#2f6fdb",
		Expected: "#f08c00",
	}
}

// Validate checks every colour, naming the first that does not parse.
func (c Colors) Validate() error {
	_, err := c.palette(false)
	return err
}

// ParseColor reads a colour written "#RRGGBB", "#RGB", or either without
// the "#"; surrounding spaces are ignored.
func ParseColor(s string) (color.RGBA, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return color.RGBA{}, fmt.Errorf("%q is not a colour: want #RRGGBB or #RGB", s)
	}
	var v [3]uint8
	for i := range v {
		hi, ok1 := hexDigit(h[2*i])
		lo, ok2 := hexDigit(h[2*i+1])
		if !ok1 || !ok2 {
			return color.RGBA{}, fmt.Errorf("%q is not a colour: want #RRGGBB or #RGB", s)
		}
		v[i] = hi<<4 | lo
	}
	return color.RGBA{v[0], v[1], v[2], 0xff}, nil
}

func hexDigit(c byte) (uint8, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// palette is every colour a chart draws with, parsed.
type palette struct {
	done, doing, todo, overdue, red, yellow, line, expected color.RGBA
	bg, text, muted, grid, stripe                           color.RGBA
}

// palette parses the colours over the defaults and adds the background and
// text colours of the light or dark theme.
func (c Colors) palette(dark bool) (palette, error) {
	d := DefaultColors()
	var p palette
	for _, f := range []struct {
		key      string
		val, def string
		dst      *color.RGBA
	}{
		{"done", c.Done, d.Done, &p.done},
		{"doing", c.Doing, d.Doing, &p.doing},
		{"todo", c.Todo, d.Todo, &p.todo},
		{"overdue", c.Overdue, d.Overdue, &p.overdue},
		{"red", c.Red, d.Red, &p.red},
		{"yellow", c.Yellow, d.Yellow, &p.yellow},
		{"line", c.Line, d.Line, &p.line},
		{"expected", c.Expected, d.Expected, &p.expected},
	} {
		v := f.val
		if strings.TrimSpace(v) == "" {
			v = f.def
		}
		col, err := ParseColor(v)
		if err != nil {
			return palette{}, fmt.Errorf("chart colour %s: %w", f.key, err)
		}
		*f.dst = col
	}
	if dark {
		p.bg = color.RGBA{0x1c, 0x20, 0x26, 0xff}
		p.text = color.RGBA{0xee, 0xf0, 0xf3, 0xff}
		p.muted = color.RGBA{0xa8, 0xb0, 0xbb, 0xff}
		p.grid = color.RGBA{0x3a, 0x41, 0x4b, 0xff}
		p.stripe = color.RGBA{0x24, 0x29, 0x31, 0xff}
	} else {
		p.bg = color.RGBA{0xff, 0xff, 0xff, 0xff}
		p.text = color.RGBA{0x1f, 0x23, 0x28, 0xff}
		p.muted = color.RGBA{0x5f, 0x66, 0x70, 0xff}
		p.grid = color.RGBA{0xe3, 0xe6, 0xea, 0xff}
		p.stripe = color.RGBA{0xf4, 0xf6, 0xf8, 0xff}
	}
	return p, nil
}

// onColor is the text colour that reads on c: near-black or white,
// whichever contrasts more (WCAG's relative luminance; the two contrast
// equally near 0.21).
func onColor(c color.RGBA) color.RGBA {
	if luminance(c) > 0.21 {
		return color.RGBA{0x1f, 0x23, 0x28, 0xff}
	}
	return color.RGBA{0xff, 0xff, 0xff, 0xff}
}

func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
