package config

import (
	"strings"

	"github.com/duban-bot/duban/chart"
)

// Chart configures the pictures of the monthly briefing and /chart.
type Chart struct {
	// Font is a TrueType or OpenType file (.ttf, .otf, .ttc) to draw
	// with; empty draws with the font compiled in (Noto Sans CJK SC).
	Font string `yaml:"font"`
	// Dark draws light text on a dark background.
	Dark bool `yaml:"dark"`
	// MaxUnits is how many bars the unit chart shows before folding the
	// rest into one "其他"; 0 means 15.
	MaxUnits int         `yaml:"max_units"`
	Colors   ChartColors `yaml:"colors"`
}

// ChartColors are the bureau's colours, "#RRGGBB" or "#RGB"; empty keeps
// the default.
type ChartColors struct {
	Done     string `yaml:"done"`     // 已完成
	Doing    string `yaml:"doing"`    // 进行中
	Todo     string `yaml:"todo"`     // 未开始
	Overdue  string `yaml:"overdue"`  // 逾期
	Red      string `yaml:"red"`      // 红灯 markers
	Yellow   string `yaml:"yellow"`   // 黄灯 markers
	Line     string `yaml:"line"`     // the completion-rate line
	Expected string `yaml:"expected"` // the 序时进度 line
}

// Colors returns the colours as package chart takes them.
func (c ChartColors) Colors() chart.Colors {
	return chart.Colors{Done: c.Done, Doing: c.Doing, Todo: c.Todo, Overdue: c.Overdue,
		Red: c.Red, Yellow: c.Yellow, Line: c.Line, Expected: c.Expected}
}

// validate reports each bad chart.* value through bad, naming its key.
// Whether the font file opens is found when it is loaded, at start.
func (c Chart) validate(bad func(key, format string, args ...any)) {
	if c.MaxUnits != 0 && (c.MaxUnits < 2 || c.MaxUnits > chart.LimitMaxUnits) {
		bad("chart.max_units", "must be 0 (the default, %d) or between 2 and %d, got %d", chart.DefaultMaxUnits, chart.LimitMaxUnits, c.MaxUnits)
	}
	k := c.Colors
	for _, f := range []struct{ key, val string }{
		{"done", k.Done}, {"doing", k.Doing}, {"todo", k.Todo}, {"overdue", k.Overdue},
		{"red", k.Red}, {"yellow", k.Yellow}, {"line", k.Line}, {"expected", k.Expected},
	} {
		if strings.TrimSpace(f.val) == "" {
			continue
		}
		if _, err := chart.ParseColor(f.val); err != nil {
			bad("chart.colors."+f.key, "%v", err)
		}
	}
}
