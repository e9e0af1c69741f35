package chart

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"git.sr.ht/~sbinet/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Geometry of the pictures, in pixels at DefaultWidth. Type is large: the
// picture is seen on a phone, about a third of its size.
const (
	pad           = 48.0
	headerHeight  = 176
	sectionHeight = 76
	legendHeight  = 64
	emptyHeight   = 260
	rowHeight     = 60
	barHeight     = 38
	axisHeight    = 52
	panelBottom   = 28

	titleSize   = 46.0
	subSize     = 30.0
	sectionSize = 36.0
	legendSize  = 28.0
	nameSize    = 31.0
	rateSize    = 31.0
	countSize   = 24.0
	tickSize    = 24.0
	emptySize   = 40.0

	nameWidth  = 330.0 // the column of unit names
	rateWidth  = 112.0 // the column of rates, after the bars
	lightWidth = 76.0  // one light marker and its count
)

// canvas is one picture being drawn.
type canvas struct {
	r      *Renderer
	dc     *gg.Context
	img    *image.RGBA // what dc draws on
	w      float64
	faces  map[faceKey]font.Face
	logged map[rune]bool
}

type faceKey struct {
	size float64
	bold bool
}

func (r *Renderer) newCanvas(height int) *canvas {
	dc := gg.NewContext(r.opt.Width, height)
	dc.SetColor(r.pal.bg)
	dc.Clear()
	img, _ := dc.Image().(*image.RGBA) // gg.NewContext draws on an *image.RGBA
	return &canvas{r: r, dc: dc, img: img, w: float64(r.opt.Width), faces: map[faceKey]font.Face{}, logged: map[rune]bool{}}
}

func (c *canvas) encode() ([]byte, error) { return encodePNG(c.dc.Image()) }

// setFace selects the font of the given pixel size.
func (c *canvas) setFace(size float64, bold bool) {
	k := faceKey{size, bold}
	f, ok := c.faces[k]
	if !ok {
		f = c.r.font.face(size, bold)
		c.faces[k] = f
	}
	c.dc.SetFontFace(f)
}

// visible replaces each character no font has with □ (or ? when even □ is
// missing), logging each once per picture: a missing glyph is never drawn
// blank, and the log says which it was.
func (c *canvas) visible(s string) string {
	missing := c.r.font.Missing(s)
	if len(missing) == 0 {
		return s
	}
	sub := "□"
	if !c.r.font.Has('□') {
		sub = "?"
	}
	var b strings.Builder
	for _, r := range s {
		if !c.r.font.Has(r) {
			if !c.logged[r] {
				c.logged[r] = true
				c.r.log.Warn("chart: character missing from the font, drawn as "+sub,
					"char", string(r), "code", fmt.Sprintf("U+%04X", r), "font", c.r.font.Name(), "text", s)
			}
			b.WriteString(sub)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// measure returns the width of s in the given face.
func (c *canvas) measure(s string, size float64, bold bool) float64 {
	c.setFace(size, bold)
	w, _ := c.dc.MeasureString(c.visible(s))
	return w
}

// text draws s with its baseline at y, anchored at x by ax (0 left, 0.5
// centre, 1 right), and returns its width. It draws through x/image's
// font.Drawer straight onto the picture: gg's own text path resamples every
// glyph through an affine transform, which these upright labels do not need
// and which took a fifth of the drawing time.
func (c *canvas) text(s string, x, y, size float64, bold bool, col color.Color, ax float64) float64 {
	s = c.visible(s)
	c.setFace(size, bold)
	w, _ := c.dc.MeasureString(s)
	d := font.Drawer{
		Dst:  c.img,
		Src:  image.NewUniform(col),
		Face: c.faces[faceKey{size, bold}],
		Dot:  fixed.P(int(x-ax*w+0.5), int(y+0.5)),
	}
	d.DrawString(s)
	return w
}

// fit cuts s with "…" until it is at most width pixels wide: the layout cut
// it by columns, and a few Latin letters are wider than a column.
func (c *canvas) fit(s string, size float64, bold bool, width float64) string {
	if c.measure(s, size, bold) <= width {
		return s
	}
	rs := []rune(strings.TrimSuffix(s, "…"))
	for len(rs) > 0 {
		rs = rs[:len(rs)-1]
		t := string(rs) + "…"
		if c.measure(t, size, bold) <= width {
			return t
		}
	}
	return "…"
}

// baseline returns the baseline that centres a line of the given size on
// y: CJK glyphs sit from about 0.88 em above the baseline to 0.12 below.
func baseline(y, size float64) float64 { return y + 0.36*size }

// header draws the title and the "截至…" line and returns where the
// picture goes on.
func (c *canvas) header(title, subtitle string) float64 {
	p := c.r.pal
	c.text(c.fit(title, titleSize, true, c.w-2*pad), pad, pad+titleSize*0.9, titleSize, true, p.text, 0)
	if subtitle != "" {
		c.text(c.fit(subtitle, subSize, false, c.w-2*pad), pad, pad+titleSize+24+subSize*0.9, subSize, false, p.muted, 0)
	}
	c.dc.SetColor(p.grid)
	c.dc.DrawRectangle(pad, headerHeight-12, c.w-2*pad, 2)
	c.dc.Fill()
	return headerHeight
}

// section draws a panel's heading and returns where the panel starts.
func (c *canvas) section(y float64, heading string) float64 {
	if heading == "" {
		return y
	}
	c.dc.SetColor(c.r.pal.line)
	c.dc.DrawRectangle(pad, y+18, 8, sectionSize)
	c.dc.Fill()
	c.text(heading, pad+22, baseline(y+18+sectionSize/2, sectionSize), sectionSize, true, c.r.pal.text, 0)
	return y + sectionHeight
}

// keyColor is the colour of a legend key.
func (c *canvas) keyColor(key string) color.RGBA {
	p := c.r.pal
	switch key {
	case "done":
		return p.done
	case "doing":
		return p.doing
	case "todo":
		return p.todo
	case "overdue":
		return p.overdue
	case "red":
		return p.red
	case "yellow":
		return p.yellow
	case "line":
		return p.line
	}
	return p.expected
}

// legend draws the entries on one line, smaller type when they would not
// fit, and returns where the panel goes on.
func (c *canvas) legend(y float64, entries []LegendEntry) float64 {
	if len(entries) == 0 {
		return y + legendHeight
	}
	const swatch, gap, space = 26.0, 10.0, 34.0
	size := legendSize
	for ; size > 16; size -= 2 {
		total := 0.0
		for _, e := range entries {
			total += c.swatchWidth(e.Key, swatch) + gap + c.measure(e.Label, size, false) + space
		}
		if total-space <= c.w-2*pad {
			break
		}
	}
	cy := y + legendHeight/2
	x := pad
	for _, e := range entries {
		col := c.keyColor(e.Key)
		sw := c.swatchWidth(e.Key, swatch)
		c.dc.SetColor(col)
		switch e.Key {
		case "red", "yellow":
			c.dc.DrawCircle(x+swatch/2, cy, swatch/2)
			c.dc.Fill()
		case "line":
			c.dc.SetLineWidth(5)
			c.dc.DrawLine(x, cy, x+sw, cy)
			c.dc.Stroke()
			c.dc.DrawCircle(x+sw/2, cy, 8)
			c.dc.Fill()
		case "expected":
			c.dc.SetLineWidth(4)
			c.dc.SetDash(10, 7)
			c.dc.DrawLine(x, cy, x+sw, cy)
			c.dc.Stroke()
			c.dc.SetDash()
		default:
			c.dc.DrawRoundedRectangle(x, cy-swatch/2, swatch, swatch, 4)
			c.dc.Fill()
		}
		x += sw + gap
		x += c.text(e.Label, x, baseline(cy, size), size, false, c.r.pal.text, 0) + space
	}
	return y + legendHeight
}

func (c *canvas) swatchWidth(key string, swatch float64) float64 {
	if key == "line" || key == "expected" {
		return 2 * swatch
	}
	return swatch
}

// empty draws the message of a panel with nothing to show, in a box as
// wide as the panel, and returns where the picture goes on.
func (c *canvas) empty(y float64, msg string) float64 {
	p := c.r.pal
	c.dc.SetColor(p.grid)
	c.dc.SetLineWidth(3)
	c.dc.SetDash(14, 10)
	c.dc.DrawRoundedRectangle(pad, y+10, c.w-2*pad, emptyHeight-20, 16)
	c.dc.Stroke()
	c.dc.SetDash()
	c.text(msg, c.w/2, baseline(y+emptyHeight/2, emptySize), emptySize, true, p.muted, 0.5)
	return y + emptyHeight
}
