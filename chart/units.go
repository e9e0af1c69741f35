package chart

import (
	"image/color"
	"strconv"
)

// unitsPanelHeight is the height of the unit panel for a layout, its
// heading left out.
func unitsPanelHeight(l UnitLayout) int {
	if l.Empty != "" {
		return legendHeight + emptyHeight + panelBottom
	}
	return legendHeight + len(l.Rows)*rowHeight + axisHeight + panelBottom
}

// unitsPanel draws the unit chart below y: heading, legend, a stacked bar
// per row with its name before it and its rate (and lights) after it, the
// count axis under them. It returns where the picture goes on.
func (c *canvas) unitsPanel(y float64, l UnitLayout, heading string) float64 {
	p := c.r.pal
	y = c.section(y, heading)
	y = c.legend(y, l.Legend)
	if l.Empty != "" {
		return c.empty(y, l.Empty) + panelBottom
	}
	x0 := pad + nameWidth
	x1 := c.w - pad - rateWidth
	if l.Lights {
		x1 -= 2 * lightWidth
	}
	scale := (x1 - x0) / float64(l.Max)
	top := y
	bottom := y + float64(len(l.Rows))*rowHeight

	// Stripes behind every other row lead the eye from name to rate.
	for i := range l.Rows {
		if i%2 == 1 {
			c.dc.SetColor(p.stripe)
			c.dc.DrawRectangle(pad-12, top+float64(i)*rowHeight, c.w-2*pad+24, rowHeight)
			c.dc.Fill()
		}
	}
	// Grid lines and the count axis.
	c.dc.SetLineWidth(2)
	for _, t := range l.Ticks {
		x := x0 + float64(t)*scale
		c.dc.SetColor(p.grid)
		c.dc.DrawLine(x, top, x, bottom+8)
		c.dc.Stroke()
		c.text(strconv.Itoa(t), x, bottom+8+tickSize+6, tickSize, false, p.muted, 0.5)
	}

	for i, row := range l.Rows {
		cy := top + float64(i)*rowHeight + rowHeight/2
		nameCol := p.text
		if row.Folded > 0 {
			nameCol = p.muted
		}
		c.text(c.fit(row.Label, nameSize, false, nameWidth-20), pad, baseline(cy, nameSize), nameSize, false, nameCol, 0)
		x, segScale := x0, scale
		if row.Broken {
			segScale = (x1 - x0) / float64(row.Total)
		}
		for _, seg := range []struct {
			n   int
			col color.RGBA
		}{{row.Done, p.done}, {row.Doing, p.doing}, {row.Todo, p.todo}, {row.Overdue, p.overdue}} {
			if seg.n == 0 {
				continue
			}
			w := float64(seg.n) * segScale
			c.dc.SetColor(seg.col)
			c.dc.DrawRectangle(x, cy-barHeight/2, w, barHeight)
			c.dc.Fill()
			// A thin gap in the background colour between segments.
			if x > x0 {
				c.dc.SetColor(p.bg)
				c.dc.DrawRectangle(x-1, cy-barHeight/2, 2, barHeight)
				c.dc.Fill()
			}
			if n := strconv.Itoa(seg.n); c.measure(n, countSize, true)+12 <= w {
				c.text(n, x+w/2, baseline(cy, countSize), countSize, true, onColor(seg.col), 0.5)
			}
			x += w
		}
		if row.Broken {
			c.breakMark(x0+0.1*(x1-x0), cy)
		}
		rateCol := p.text
		if row.RateLabel == "—" {
			rateCol = p.muted
		}
		rx := c.w - pad - rateWidth
		if l.Lights {
			rx -= 2 * lightWidth
		}
		c.text(row.RateLabel, rx+rateWidth-12, baseline(cy, rateSize), rateSize, true, rateCol, 1)
		if l.Lights {
			lx := c.w - pad - 2*lightWidth
			for _, lt := range []struct {
				n   int
				col color.RGBA
			}{{row.Red, p.red}, {row.Yellow, p.yellow}} {
				if lt.n > 0 {
					c.dc.SetColor(lt.col)
					c.dc.DrawCircle(lx+14, cy, 12)
					c.dc.Fill()
					c.text(strconv.Itoa(lt.n), lx+32, baseline(cy, countSize+2), countSize+2, true, p.text, 0)
				}
				lx += lightWidth
			}
		}
	}
	return bottom + axisHeight + panelBottom
}

// breakMark cuts a bar with two slanted strokes in the background colour:
// the bar goes on beyond the axis.
func (c *canvas) breakMark(x, cy float64) {
	c.dc.SetColor(c.r.pal.bg)
	c.dc.SetLineWidth(5)
	for _, dx := range []float64{0, 12} {
		c.dc.DrawLine(x+dx-6, cy+barHeight/2+4, x+dx+6, cy-barHeight/2-4)
		c.dc.Stroke()
	}
}
