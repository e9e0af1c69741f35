package chart

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Languages of the words the charts add.
const (
	LangZH = "zh"
	LangEN = "en"
)

// Widths, in columns (a hanzi is two, a Latin letter one), past which
// texts are cut with "…".
const (
	NameCols     = 20 // unit names: ten hanzi
	TitleCols    = 44
	SubtitleCols = 60
	MonthCols    = 8
)

// LayoutOptions are what the layout depends on besides the data.
type LayoutOptions struct {
	Lang     string // "zh" or "en"
	MaxUnits int    // bars at most, the folded one among them; at least 2
}

// LegendEntry is one item of a legend: Key names its colour (done, doing,
// todo, overdue, red, yellow, line, expected), Label is the word drawn.
type LegendEntry struct {
	Key   string
	Label string
}

// UnitRow is one bar of the unit chart, as it will be drawn.
type UnitRow struct {
	// Label is the name drawn, cut to NameCols; Name is the whole name.
	Label string
	Name  string
	// Done, Doing, Todo and Overdue are the stacked segments; Total is
	// their sum, the bar's length.
	Done, Doing, Todo, Overdue, Total int
	Red, Yellow                       int
	// RateLabel is the completion rate drawn after the bar: "62%", or "—"
	// for a unit with no task.
	RateLabel string
	// Folded counts the units folded into this row: 0 for a unit's own
	// bar, N for the "其他（N个单位）" bar.
	Folded int
	// Broken says the bar is longer than the axis (the folded bar, whose
	// sum would dwarf the units' own bars): it is drawn across the whole
	// axis with a break mark, its segments in proportion.
	Broken bool
}

// UnitLayout is everything the unit chart draws, decided.
type UnitLayout struct {
	Title, Subtitle string
	Legend          []LegendEntry
	Rows            []UnitRow
	// Max is the axis end (a round number at least the longest bar), and
	// Ticks the axis labels from 0 to Max.
	Max   int
	Ticks []int
	// Lights says the rows carry red and yellow counts.
	Lights bool
	// Empty is the message drawn instead of bars, when there is nothing.
	Empty string
}

// TrendMark is one month of the trend, as it will be drawn.
type TrendMark struct {
	Label       string
	Rate        float64 // 0..1
	RateLabel   string  // "45%"
	Expected    float64 // 0..1
	HasExpected bool
	NoData      bool
	// LabelBelow puts the rate label under the point, where the 序时进度
	// line runs just above it and would cross the label.
	LabelBelow bool
}

// TrendLayout is everything the trend chart draws, decided.
type TrendLayout struct {
	Title, Subtitle string
	Legend          []LegendEntry
	Marks           []TrendMark
	// Ticks label the rate axis, bottom up: "0%" … "100%".
	Ticks []string
	// LabelEvery is the step between month labels drawn, so that they
	// do not overlap: 1 draws all.
	LabelEvery int
	// Empty is the message drawn instead of the axes when no month has
	// data.
	Empty string
}

// wordSet is the fixed text of the charts in one language.
type wordSet struct {
	done, doing, todo, overdue, red, yellow, rate, expected string
	asOf, other, unnamed, noUnits, noTrend                  string
	unitsSection, trendSection                              string
}

var wordsZH = wordSet{
	done: "已完成", doing: "进行中", todo: "未开始", overdue: "逾期",
	red: "红灯", yellow: "黄灯", rate: "完成率", expected: "序时进度",
	asOf: "截至%s", other: "其他（%d个单位）", unnamed: "未定牵头单位",
	noUnits: "本月暂无数据", noTrend: "暂无完成率记录",
	unitsSection: "各单位完成情况", trendSection: "完成率走势",
}

var wordsEN = wordSet{
	done: "Done", doing: "In progress", todo: "Not started", overdue: "Overdue",
	red: "Red", yellow: "Yellow", rate: "Completion", expected: "Expected",
	asOf: "As of %s", other: "Others (%d units)", unnamed: "No lead unit",
	noUnits: "No data this month", noTrend: "No completion recorded yet",
	unitsSection: "By unit", trendSection: "Completion by month",
}

func words(lang string) wordSet {
	if lang == LangEN {
		return wordsEN
	}
	return wordsZH
}

// Words returns every fixed text the charts may draw in a language (legend
// words, messages, the folded bar's pattern), for glyph coverage checks.
func Words(lang string) []string {
	w := words(lang)
	return []string{w.done, w.doing, w.todo, w.overdue, w.red, w.yellow, w.rate, w.expected,
		w.asOf, w.other, w.unnamed, w.noUnits, w.noTrend, w.unitsSection, w.trendSection,
		"0123456789%—…□?"}
}

// header prepares the title and the "截至…" line.
func header(title, asOf string, w wordSet) (string, string) {
	t := CutText(CleanText(title), TitleCols)
	sub := ""
	if a := CleanText(asOf); a != "" {
		sub = CutText(fmt.Sprintf(w.asOf, a), SubtitleCols)
	}
	return t, sub
}

// LayoutUnits decides the unit chart: the units in the order given (the
// briefing's ranking), names cleaned and cut to NameCols, and past
// o.MaxUnits the last ones folded into one "其他（N个单位）" bar whose rate
// is the done share of its tasks.
func LayoutUnits(title, asOf string, units []Unit, o LayoutOptions) UnitLayout {
	w := words(o.Lang)
	var l UnitLayout
	l.Title, l.Subtitle = header(title, asOf, w)
	limit := max(o.MaxUnits, 2)
	shown := units
	var rest []Unit
	if len(units) > limit {
		shown, rest = units[:limit-1], units[limit-1:]
	}
	var anyTodo bool
	for _, u := range shown {
		name := CleanText(u.Name)
		if name == "" {
			name = w.unnamed
		}
		row := UnitRow{Label: CutText(name, NameCols), Name: name,
			Done: nonNeg(u.Done), Doing: nonNeg(u.Doing), Todo: nonNeg(u.Todo), Overdue: nonNeg(u.Overdue),
			Red: nonNeg(u.Red), Yellow: nonNeg(u.Yellow)}
		row.Total = row.Done + row.Doing + row.Todo + row.Overdue
		row.RateLabel = RateLabel(clamp01(u.Rate))
		if row.Total == 0 {
			row.RateLabel = "—"
		}
		l.Rows = append(l.Rows, row)
	}
	if len(rest) > 0 {
		name := fmt.Sprintf(w.other, len(rest))
		row := UnitRow{Label: CutText(name, NameCols), Name: name, Folded: len(rest)}
		for _, u := range rest {
			row.Done += nonNeg(u.Done)
			row.Doing += nonNeg(u.Doing)
			row.Todo += nonNeg(u.Todo)
			row.Overdue += nonNeg(u.Overdue)
			row.Red += nonNeg(u.Red)
			row.Yellow += nonNeg(u.Yellow)
		}
		row.Total = row.Done + row.Doing + row.Todo + row.Overdue
		row.RateLabel = "—"
		if row.Total > 0 {
			row.RateLabel = RateLabel(float64(row.Done) / float64(row.Total))
		}
		l.Rows = append(l.Rows, row)
	}
	// The axis is scaled to the units' own bars; the folded bar only
	// when it is all there is.
	longest, longestOwn := 0, 0
	for _, r := range l.Rows {
		longest = max(longest, r.Total)
		if r.Folded == 0 {
			longestOwn = max(longestOwn, r.Total)
		}
		anyTodo = anyTodo || r.Todo > 0
		l.Lights = l.Lights || r.Red > 0 || r.Yellow > 0
	}
	if longest == 0 {
		l.Rows = nil
		l.Lights = false
		l.Empty = w.noUnits
		return l
	}
	if longestOwn == 0 {
		longestOwn = longest
	}
	l.Max, l.Ticks = axisTicks(longestOwn)
	for i := range l.Rows {
		l.Rows[i].Broken = l.Rows[i].Total > l.Max
	}
	l.Legend = []LegendEntry{{"done", w.done}, {"doing", w.doing}}
	if anyTodo {
		l.Legend = append(l.Legend, LegendEntry{"todo", w.todo})
	}
	l.Legend = append(l.Legend, LegendEntry{"overdue", w.overdue})
	if l.Lights {
		l.Legend = append(l.Legend, LegendEntry{"red", w.red}, LegendEntry{"yellow", w.yellow})
	}
	return l
}

// LayoutTrend decides the trend chart: months in the order given, rates
// clamped to 0..1 and labelled, the 序时进度 in the legend when a month has
// it, and a message instead of axes when no month has data.
func LayoutTrend(title, asOf string, pts []TrendPoint, o LayoutOptions) TrendLayout {
	w := words(o.Lang)
	var l TrendLayout
	l.Title, l.Subtitle = header(title, asOf, w)
	anyData, anyExpected := false, false
	for _, p := range pts {
		m := TrendMark{Label: CutText(CleanText(p.Label), MonthCols), NoData: p.NoData}
		if !p.NoData {
			anyData = true
			m.Rate = clamp01(p.Rate)
			m.RateLabel = RateLabel(m.Rate)
		}
		if p.HasExpected {
			anyExpected = true
			m.HasExpected = true
			m.Expected = clamp01(p.Expected)
			m.LabelBelow = !m.NoData && m.Expected >= m.Rate && m.Expected-m.Rate < 0.15 && m.Rate >= 0.1
		}
		l.Marks = append(l.Marks, m)
	}
	if !anyData {
		l.Marks = nil
		l.Empty = w.noTrend
		return l
	}
	l.Legend = []LegendEntry{{"line", w.rate}}
	if anyExpected {
		l.Legend = append(l.Legend, LegendEntry{"expected", w.expected})
	}
	l.Ticks = []string{"0%", "20%", "40%", "60%", "80%", "100%"}
	l.LabelEvery = (len(l.Marks) + 11) / 12
	return l
}

// RateLabel writes a rate of 0..1 as a whole percentage, rounded down so
// that a plan is not shown complete before it is: 0.999 is "99%".
func RateLabel(rate float64) string {
	return fmt.Sprintf("%d%%", int(math.Floor(clamp01(rate)*100+1e-9)))
}

// CleanText makes a user's text drawable on one line: spaces of any kind
// (newlines, tabs) become one space, control and format characters
// (zero-width ones, direction marks) and variation selectors go, and the
// ends are trimmed.
func CleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// TextCols is the width of s in columns: two for wide, fullwidth and
// ambiguous characters (a CJK font draws those square), one for others.
func TextCols(s string) int {
	n := 0
	for _, r := range s {
		n += runeCols(r)
	}
	return n
}

func runeCols(r rune) int {
	if unicode.Is(unicode.Mn, r) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
		return 2
	}
	return 1
}

// CutText shortens s to at most cols columns, ending it with "…" when it
// was cut.
func CutText(s string, cols int) string {
	if TextCols(s) <= cols {
		return s
	}
	limit := cols - runeCols('…')
	var b strings.Builder
	n := 0
	for _, r := range s {
		c := runeCols(r)
		if n+c > limit {
			break
		}
		n += c
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// axisTicks returns a round axis end at least n, and ticks from 0 to it in
// steps of 1, 2, 2.5 or 5 times a power of ten, six ticks at most.
func axisTicks(n int) (int, []int) {
	step := 1
search:
	for p := 1; ; p *= 10 {
		for _, s := range []int{p, 2 * p, 5 * p / 2, 5 * p} {
			if (n+s-1)/s <= 5 {
				step = s
				break search
			}
		}
	}
	end := (n + step - 1) / step * step
	var ticks []int
	for v := 0; v <= end; v += step {
		ticks = append(ticks, v)
	}
	return end, ticks
}

// maxCount bounds a count, so that sums cannot overflow: no plan has a
// million tasks.
const maxCount = 1_000_000

// nonNeg keeps a count within 0..maxCount.
func nonNeg(v int) int {
	return min(max(v, 0), maxCount)
}
