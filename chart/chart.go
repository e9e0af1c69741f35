// Package chart draws the pictures of the monthly briefing (月度通报) as PNG:
// per-unit stacked bars of done, in-progress and overdue tasks, and the
// plan's completion rate month by month against the expected progress
// (序时进度). Leaders look before they read, and Telegram shows a photo
// inline in the group.
//
// Chinese must render on a fresh server with no fonts installed, so the
// package embeds a subset of Noto Sans CJK SC covering GB2312 (see
// font/gen.sh); a bureau may use its own font file instead. A character no
// font has is drawn as □ and logged, never left blank.
//
// Layout is prepared by pure functions (LayoutUnits, LayoutTrend) whose
// output the golden tests pin; Renderer only draws what they decided.
package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"math"
)

// Unit is one lead unit's figures for the unit chart.
type Unit struct {
	// Name is the unit as users know it (督导室); empty for tasks with no
	// lead unit.
	Name string
	// Done, Doing, Todo and Overdue are disjoint task counts that stack
	// into the unit's bar: an overdue task counts as overdue only, not as
	// in progress or not started. Cancelled tasks are left out.
	Done, Doing, Todo, Overdue int
	// Red and Yellow count the unit's red and yellow lights (红灯, 黄灯);
	// zero where lights are not computed.
	Red, Yellow int
	// Rate is the unit's completion rate, 0..1, as the briefing gives it.
	Rate float64
}

// total is the length of the unit's bar.
func (u Unit) total() int { return u.Done + u.Doing + u.Todo + u.Overdue }

// TrendPoint is one month of the completion trend.
type TrendPoint struct {
	// Label names the month on the axis: "1月", "Jan".
	Label string
	// Rate is the plan's completion rate at the month's end, 0..1.
	Rate float64
	// Expected is the 序时进度 at the month's end, 0..1, when HasExpected.
	Expected    float64
	HasExpected bool
	// NoData marks a month with no recorded history: no point is drawn.
	NoData bool
}

// Options tune a Renderer. The zero value draws Chinese, light, in the
// default colours, 1080 pixels wide, at most DefaultMaxUnits bars.
type Options struct {
	// Lang is "zh" (default) or "en" for the words the charts add.
	Lang string
	// Colors are the bureau's colours; empty fields keep the defaults.
	Colors Colors
	// Dark draws light text on a dark background.
	Dark bool
	// MaxUnits bounds the bars of the unit chart: past it the last bars
	// fold into one "其他（N个单位）". 0 means DefaultMaxUnits; it is kept
	// within 2..LimitMaxUnits.
	MaxUnits int
	// Width is the picture's width in pixels: 0 means DefaultWidth, and it
	// is kept within DefaultWidth..LimitWidth.
	Width int
	// Logger receives the characters no font has; nil means slog.Default().
	Logger *slog.Logger
}

// DefaultWidth is the width of every picture unless Options.Width is larger:
// enough for a phone to show large type.
const DefaultWidth = 1080

// LimitWidth and LimitMaxUnits bound the options so that a picture stays
// within what Telegram takes as a photo (width plus height at most 10,000
// pixels) and within tens of megabytes while drawn.
const (
	LimitWidth    = 2560
	LimitMaxUnits = 100
)

// DefaultMaxUnits is the number of bars the unit chart shows by default,
// the folded "其他" bar among them; it keeps a chart legible on a phone.
const DefaultMaxUnits = 15

// Renderer draws charts with one font and one set of options. It is safe
// for concurrent use.
type Renderer struct {
	font *Font
	opt  Options
	pal  palette
	log  *slog.Logger
}

// New returns a Renderer drawing with the font f (nil: the embedded font).
// It fails when a colour of o does not parse, naming it.
func New(f *Font, o Options) (*Renderer, error) {
	if f == nil {
		var err error
		if f, err = LoadFont(""); err != nil {
			return nil, err
		}
	}
	if o.Lang != LangEN {
		o.Lang = LangZH
	}
	if o.MaxUnits == 0 {
		o.MaxUnits = DefaultMaxUnits
	}
	o.MaxUnits = min(max(o.MaxUnits, 2), LimitMaxUnits)
	o.Width = min(max(o.Width, DefaultWidth), LimitWidth)
	pal, err := o.Colors.palette(o.Dark)
	if err != nil {
		return nil, err
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Renderer{font: f, opt: o, pal: pal, log: log}, nil
}

// Units draws the unit chart: title, "截至 asOf", a legend, and one stacked
// bar per unit in the order given (the briefing's ranking), each labelled
// with its completion rate. With no units or no tasks it says
// "本月暂无数据".
func (r *Renderer) Units(title, asOf string, units []Unit) ([]byte, error) {
	l := LayoutUnits(title, asOf, units, r.layoutOptions())
	c := r.newCanvas(headerHeight + unitsPanelHeight(l))
	y := c.header(l.Title, l.Subtitle)
	c.unitsPanel(y, l, "")
	return c.encode()
}

// Trend draws the plan's completion rate month by month, with the
// 序时进度 line where the points have it. With no month of data it says
// so instead of drawing an empty axis.
func (r *Renderer) Trend(title, asOf string, pts []TrendPoint) ([]byte, error) {
	l := LayoutTrend(title, asOf, pts, r.layoutOptions())
	c := r.newCanvas(headerHeight + trendPanelHeight)
	y := c.header(l.Title, l.Subtitle)
	c.trendPanel(y, l, "")
	return c.encode()
}

// Briefing draws both charts in one picture, the unit chart above the
// trend, under one title: the photo of the monthly briefing.
func (r *Renderer) Briefing(title, asOf string, units []Unit, pts []TrendPoint) ([]byte, error) {
	o := r.layoutOptions()
	ul := LayoutUnits(title, asOf, units, o)
	tl := LayoutTrend(title, asOf, pts, o)
	w := words(o.Lang)
	c := r.newCanvas(headerHeight + sectionHeight + unitsPanelHeight(ul) + sectionHeight + trendPanelHeight)
	y := c.header(ul.Title, ul.Subtitle)
	y = c.unitsPanel(y, ul, w.unitsSection)
	c.trendPanel(y, tl, w.trendSection)
	return c.encode()
}

func (r *Renderer) layoutOptions() LayoutOptions {
	return LayoutOptions{Lang: r.opt.Lang, MaxUnits: r.opt.MaxUnits}
}

// encodePNG writes the picture; best speed, since the photo is sent once
// and Telegram recompresses it anyway.
func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return b.Bytes(), nil
}

// clamp01 keeps a rate within 0..1; NaN is 0.
func clamp01(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}
