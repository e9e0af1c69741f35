package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// chart answers /chart [本月|上月|10月|2026-10] and "看一下图表", "上个月的
// 进度图": the picture of a month — the units' bars in the briefing's
// ranking above the plan's completion trend — as a photo, the one the
// monthly briefing sends first. The current month is drawn so far, another
// as it stood at its end; a month with nothing in it says so in the
// picture.
func (h *Handler) chart(ctx context.Context, r *request) error {
	if h.d.Charts == nil {
		return problem("这里暂时不能画图表。", "Charts are not available here.")
	}
	month, err := parseChartMonth(r.args, r.today)
	if err != nil {
		return err
	}
	asOf := report.MonthAsOf(month, h.d.Now(), h.d.Loc)
	m, err := report.GatherMonth(ctx, h.d.Store, "", asOf, h.d.Standards, h.d.Loc)
	switch duban.ErrorCode(err) {
	case "":
	case duban.EINVALID:
		// No item then: an empty picture, unless no plan was ever imported.
		plans, err := h.d.Store.Plans(ctx)
		if err != nil {
			return err
		}
		if len(plans) == 0 {
			return problem("还没有导入工作计划，暂时没有图表。管理员可以把计划文件发给机器人并写上 /import 导入。",
				"No plan has been imported yet, so there is no chart. An admin can send the plan file with /import.")
		}
	default:
		return err
	}
	f, err := report.MonthChart(ctx, h.d.Store, m, h.d.Standards, h.d.Charts, r.lang)
	if err != nil {
		return err
	}
	h.send(ctx, r, duban.Outgoing{Text: report.ChartCaption(m, r.lang), File: &f})
	return nil
}

// chartMonthWords name the current and the last month.
var chartMonthWords = map[string]int{
	"本月": 0, "这个月": 0, "这月": 0, "当月": 0, "本月份": 0, "this": 0, "month": 0, "thismonth": 0,
	"上月": -1, "上个月": -1, "上一个月": -1, "上月份": -1, "last": -1, "previous": -1, "lastmonth": -1,
}

// parseChartMonth reads the argument of /chart and returns the first day
// of the month: nothing or 本月 for the current month, 上月 for the last
// one, "10月" (十月, 10月份, oct) for the latest October that has begun,
// "2026-10" (2026/10, 2026.10, 2026年10月) for that month. A month that
// has not begun is refused with a reply that says so.
func parseChartMonth(args string, today duban.Date) (duban.Date, error) {
	s := strings.ToLower(strings.Join(strings.Fields(string(fold(args))), ""))
	s = strings.Trim(s, "?!,;:。，、")
	for _, suf := range []string{"的图表", "图表", "的进度图", "进度图", "的图", "的"} {
		s = strings.TrimSuffix(s, suf)
	}
	cur := time.Date(today.Year, today.Month, 1, 0, 0, 0, 0, time.UTC)
	if s == "" {
		return duban.DateOf(cur), nil
	}
	if off, ok := chartMonthWords[s]; ok {
		return duban.DateOf(cur.AddDate(0, off, 0)), nil
	}
	y, m, ok := chartYearMonth(s)
	if !ok {
		quoted := report.Esc(clipRunes(strings.TrimSpace(args), 20))
		return duban.Date{}, problem(
			fmt.Sprintf("看不懂“%s”。可以写 /chart（本月）、/chart 上月、/chart 10月 或 /chart 2026-10。", quoted),
			fmt.Sprintf("I did not get “%s”. Try /chart (this month), /chart last, /chart oct or /chart 2026-10.", quoted))
	}
	if y == 0 {
		// "10月" is the latest October that has begun.
		y = today.Year
		if time.Month(m) > today.Month {
			y--
		}
	}
	want := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	if want.After(cur) {
		return duban.Date{}, problem(
			fmt.Sprintf("%d年%d月还没到，只能画本月和以前月份的图表。", y, m),
			fmt.Sprintf("%s has not begun: charts are drawn for this month and the months before.", want.Format("January 2006")))
	}
	return duban.DateOf(want), nil
}

// chartYearMonth reads "10月", "十月", "10月份", "oct", "october" (year 0)
// or "2026-10", "2026/10", "2026.10", "2026年10月" (s folded, lower-case,
// without spaces).
func chartYearMonth(s string) (year, month int, ok bool) {
	if m, ok := monthArg(s); ok {
		return 0, m, true
	}
	for m := time.January; m <= time.December; m++ {
		if name := strings.ToLower(m.String()); s == name || s == name[:3] {
			return 0, int(m), true
		}
	}
	ys, ms, found := "", "", false
	if ys, ms, found = strings.Cut(s, "年"); found {
		var okM bool
		if month, okM = monthArg(ms); !okM {
			return 0, 0, false
		}
	} else if len(s) > 5 && (s[4] == '-' || s[4] == '/' || s[4] == '.') {
		ys, ms = s[:4], s[5:]
		n, err := strconv.Atoi(ms)
		if err != nil || len(ms) > 2 || n < 1 || n > 12 {
			return 0, 0, false
		}
		month = n
	} else {
		return 0, 0, false
	}
	year, err := strconv.Atoi(ys)
	if err != nil || len(ys) != 4 || year < 2000 || year > 2100 {
		return 0, 0, false
	}
	return year, month, true
}

// --- chart: 看一下图表 · 发一下进度图 · 上个月的进度图 · 11月的图表 ---

// monthWords are the words of one month a request may name.
var monthWords = []string{"本月", "这个月", "当月", "本月份", "上月", "上个月", "上月份"}

var chartVocab = newVocab(
	[]string{"图表", "进度图", "进展图", "统计图", "走势图", "趋势图", "柱状图", "完成情况图", "完成率图"},
	append([]string{"工作", "完成", "完成率", "进度", "进展", "情况", "各单位", "单位", "张", "个", "的"}, monthWords...),
	askWords, politeWords)

// monthRequest reads a request for something of a month (a chart, a
// briefing) made of v's words: the month it names ("10月", or "上月"
// for last month's words, "" for none or this month) and the words left
// once a numbered month is taken out.
func monthRequest(t ruleText, v vocab) (args, rest string, ok bool) {
	rest = t.bare
	if m, start, end, found := findMonth(rest); found {
		rest, args = rest[:start]+rest[end:], strconv.Itoa(m)+"月"
	}
	if !v.covers(rest) {
		return "", "", false
	}
	if args == "" && containsAny(rest, "上个月", "上月") {
		args = "上月"
	}
	return args, rest, true
}

// matchChart reads a request for the progress chart, with a month named
// or not.
func matchChart(t ruleText) (Intent, bool) {
	args, rest, ok := monthRequest(t, chartVocab)
	if !ok {
		return Intent{}, false
	}
	if args == "" && containsAny(rest, "本月", "这个月", "当月") {
		args = "本月"
	}
	return Intent{Command: "chart", Args: args}, true
}
