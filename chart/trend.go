package chart

// Geometry of the trend panel.
const (
	trendPlotHeight  = 400.0
	trendTopRoom     = 48.0 // above 100%, for the rate labels
	trendAxisWidth   = 86.0
	trendLabelHeight = 56.0
	trendPanelHeight = legendHeight + int(trendTopRoom+trendPlotHeight+trendLabelHeight) + panelBottom
)

// trendPanel draws the trend below y: heading, legend, the rate axis from
// 0% to 100%, the completion rate as a line with labelled points (broken
// where a month has no data) and the 序时进度 as a dashed line. It returns
// where the picture goes on.
func (c *canvas) trendPanel(y float64, l TrendLayout, heading string) float64 {
	p := c.r.pal
	y = c.section(y, heading)
	y = c.legend(y, l.Legend)
	if l.Empty != "" {
		// The panel keeps its height, so that the briefing's layout does
		// not depend on the data; the message is centred in it.
		h := trendPlotHeight + trendTopRoom + trendLabelHeight
		c.empty(y+(h-emptyHeight)/2, l.Empty)
		return y + h + panelBottom
	}
	x0, x1 := pad+trendAxisWidth, c.w-pad-16
	top := y + trendTopRoom
	bottom := top + trendPlotHeight
	yOf := func(v float64) float64 { return bottom - v*trendPlotHeight }

	c.dc.SetLineWidth(2)
	for i, t := range l.Ticks {
		v := float64(i) / float64(len(l.Ticks)-1)
		c.dc.SetColor(p.grid)
		c.dc.DrawLine(x0, yOf(v), x1, yOf(v))
		c.dc.Stroke()
		c.text(t, x0-14, baseline(yOf(v), tickSize), tickSize, false, p.muted, 1)
	}
	step := (x1 - x0) / float64(len(l.Marks))
	xOf := func(i int) float64 { return x0 + (float64(i)+0.5)*step }
	for i, m := range l.Marks {
		if i%l.LabelEvery != 0 && i != len(l.Marks)-1 {
			continue
		}
		col := p.text
		if m.NoData {
			col = p.muted
		}
		c.text(m.Label, xOf(i), bottom+12+tickSize, tickSize+2, false, col, 0.5)
	}

	// 序时进度: dashed, joining consecutive months that have it.
	c.dc.SetColor(p.expected)
	c.dc.SetLineWidth(4)
	c.dc.SetDash(12, 8)
	for i := 1; i < len(l.Marks); i++ {
		a, b := l.Marks[i-1], l.Marks[i]
		if a.HasExpected && b.HasExpected {
			c.dc.DrawLine(xOf(i-1), yOf(a.Expected), xOf(i), yOf(b.Expected))
			c.dc.Stroke()
		}
	}
	c.dc.SetDash()
	for i, m := range l.Marks {
		if m.HasExpected {
			c.dc.DrawCircle(xOf(i), yOf(m.Expected), 5)
			c.dc.Fill()
		}
	}

	// The completion rate: solid, broken where a month has no data.
	c.dc.SetColor(p.line)
	c.dc.SetLineWidth(6)
	c.dc.SetLineCapRound()
	for i := 1; i < len(l.Marks); i++ {
		a, b := l.Marks[i-1], l.Marks[i]
		if !a.NoData && !b.NoData {
			c.dc.DrawLine(xOf(i-1), yOf(a.Rate), xOf(i), yOf(b.Rate))
			c.dc.Stroke()
		}
	}
	for i, m := range l.Marks {
		if m.NoData {
			continue
		}
		c.dc.SetColor(p.line)
		c.dc.DrawCircle(xOf(i), yOf(m.Rate), 10)
		c.dc.Fill()
		c.dc.SetColor(p.bg)
		c.dc.DrawCircle(xOf(i), yOf(m.Rate), 4)
		c.dc.Fill()
		if i%l.LabelEvery == 0 || i == len(l.Marks)-1 {
			ly := yOf(m.Rate) - 20
			if m.LabelBelow {
				ly = yOf(m.Rate) + 20 + tickSize
			}
			c.text(m.RateLabel, xOf(i), ly, tickSize, true, p.text, 0.5)
		}
	}
	return bottom + trendLabelHeight + panelBottom
}
