package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/zhdate"
)

// deadline answers /deadline N 时限: the item's deadline from Chinese words
// ("9月底前", "年内", "下月10日前") or a date (2026-09-30), keeping the
// words; "无" clears it. Like /edit it is for admins.
func (h *Handler) deadline(ctx context.Context, r *request) error {
	const usageZH = "/deadline 12 9月底前"
	const usageEN = "/deadline 12 2026-09-30"
	n, words, err := parseNumberArg(r.args, usageZH, usageEN)
	if err != nil {
		return err
	}
	if words == "" {
		return problem("请写上新的时限，例如："+usageZH+"（写“无”清除时限）",
			"Please give the new deadline, e.g. "+usageEN+" (“none” clears it)")
	}
	if utf8.RuneCountInString(words) > maxFieldRunes {
		return problem(fmt.Sprintf("时限太长了（最多%d个字）。", maxFieldRunes),
			fmt.Sprintf("The deadline is too long (at most %d characters).", maxFieldRunes))
	}
	old, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	var d duban.Date
	if isClear(words) {
		words = ""
	} else {
		if d, err = resolveDeadline(words, h.d.Now().In(h.d.Loc), h.planYear(ctx, old.PlanID)); err != nil {
			return err
		}
		if _, err := duban.ParseDate(words); err == nil {
			words = "" // a date is not words to keep
		}
	}
	it, err := h.d.Store.UpdateItem(ctx, n, func(it *duban.Item) error {
		it.MoveDeadline(d, words) // the plan's own deadline is kept
		return nil
	})
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return notFound(n)
	} else if err != nil {
		return err
	}
	h.reply(ctx, r, deadlineChanged(it, r.today, r.lang)+pastNote(it.Deadline, r.today, r.lang))
	return nil
}

// deadlineChanged confirms a new deadline: "✏️ #12 时限改为 9月30日（9月底前）"
// and the item as it now stands.
func deadlineChanged(it duban.Item, today duban.Date, lang string) string {
	if it.Deadline.IsZero() && it.DeadlineText != "" {
		return report.Tr(lang, fmt.Sprintf("✏️ #%d 时限改为“%s”（不设具体日期，不计逾期）\n", it.Number, report.Esc(it.DeadlineText)),
			fmt.Sprintf("✏️ #%d is now “%s” (no date, never overdue)\n", it.Number, report.Esc(it.DeadlineText))) + report.ItemLine(it, today, lang)
	}
	if it.Deadline.IsZero() {
		return report.Tr(lang, fmt.Sprintf("✏️ 已清除 #%d 的时限\n", it.Number), fmt.Sprintf("✏️ #%d has no deadline now\n", it.Number)) +
			report.ItemLine(it, today, lang)
	}
	when := report.DeadlineWords(it, today, lang)
	text := report.Tr(lang, fmt.Sprintf("✏️ #%d 时限改为 %s\n", it.Number, when),
		fmt.Sprintf("✏️ #%d is now due %s\n", it.Number, when))
	if it.Extended() {
		text += report.Tr(lang, fmt.Sprintf("（原定%s）\n", report.DateText(it.OriginalDeadline, today, lang)),
			fmt.Sprintf("(originally %s)\n", report.DateText(it.OriginalDeadline, today, lang)))
	}
	return text + report.ItemLine(it, today, lang)
}

// planYear is the year of the plan with that id, 0 when it is not known.
func (h *Handler) planYear(ctx context.Context, id int64) int {
	plans, err := h.d.Store.Plans(ctx)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "load plans", "err", err)
		return 0
	}
	for _, p := range plans {
		if p.ID == id {
			return p.Year
		}
	}
	return 0
}

// resolveDeadline reads deadline words against now, in now's zone. Words
// naming a day of the year ("9月底前", "年内") belong to the plan's year;
// words counted from today ("明天", "下月10日前", "30日内") count from now,
// whatever the plan's year.
func resolveDeadline(words string, now time.Time, planYear int) (duban.Date, error) {
	if d, err := duban.ParseDate(strings.TrimSpace(words)); err == nil {
		return d, nil
	}
	switch ongoingDeadline(words) {
	case "year":
		y := planYear
		if y == 0 {
			y = now.Year()
		}
		return duban.Date{Year: y, Month: time.December, Day: 31}, nil
	case "ongoing":
		return duban.Date{}, nil // kept as words: the work has no end date
	}
	ref := now
	if planYear != 0 && planYear != now.Year() && !relativeWords(words, now) {
		ref = time.Date(planYear, now.Month(), min(now.Day(), 28), now.Hour(), now.Minute(), 0, 0, now.Location())
	}
	if e, ok := zhdate.Parse(words, ref); ok && !e.End.IsZero() {
		return duban.DateOf(e.End), nil
	}
	return duban.Date{}, problem(
		fmt.Sprintf("看不懂时限“%s”，没有修改。可以写 9月底前、12月20日之前、年内、下月10日前、2026-12-31 等。", report.Esc(clipRunes(words, 30))),
		fmt.Sprintf("I did not get the deadline “%s”; nothing was changed. Write e.g. 2026-12-31 or 9月底前.", report.Esc(clipRunes(words, 30))))
}

// Deadlines a 台账 writes without a date: the whole year ("全年"), or
// work that never ends ("长期坚持", "常态化"). A cadence ("每月") is not
// a deadline and is refused: it says how often, not by when.
var (
	wholeYearWords = []string{"全年", "全年度", "本年度", "年度", "全年完成", "年度内"}
	openEndedWords = []string{"长期", "长期坚持", "长期推进", "长期开展", "常态化", "常态化推进", "常态化开展", "持续",
		"持续推进", "持续开展", "经常性", "日常", "不定期"}
)

// ongoingDeadline says whether words are a whole-year deadline ("year"),
// an open-ended one ("ongoing"), or neither ("").
func ongoingDeadline(words string) string {
	w := bare(fold(words))
	switch {
	case slices.Contains(wholeYearWords, w):
		return "year"
	case slices.Contains(openEndedWords, w):
		return "ongoing"
	}
	return ""
}

// resolveAhead is resolveDeadline for a deadline that must lie ahead (a
// new task, an extension, a milestone): words that name no year and have
// passed this year ("端午节前" said in December, "1月底前") mean their next
// occurrence. Words with a year keep it.
func resolveAhead(words string, now time.Time, planYear int) (duban.Date, error) {
	d, err := resolveDeadline(words, now, planYear)
	today := duban.DateOf(now)
	if err != nil || !d.Before(today) {
		return d, err
	}
	ref := time.Date(d.Year+1, now.Month(), min(now.Day(), 28), 12, 0, 0, 0, now.Location())
	if e, ok := zhdate.Parse(words, ref); ok && !e.End.IsZero() {
		if next := duban.DateOf(e.End); next != d && !next.Before(today) {
			return next, nil
		}
	}
	return d, nil
}

// pastNote warns that a deadline set by hand has already passed: the item
// is overdue from now on, and the year may be wrong.
func pastNote(d, today duban.Date, lang string) string {
	if d.IsZero() || !d.Before(today) {
		return ""
	}
	return report.Tr(lang, fmt.Sprintf("\n⚠️ 这个时限已经过了（%d年%d月%d日），事项会算作逾期；如果指的是明年，请写上年份，例如“%d年6月底前”。", d.Year, d.Month, d.Day, today.Year+1),
		fmt.Sprintf("\n⚠️ This deadline has passed (%s): the item counts as overdue. If you meant next year, write the year, e.g. %d-06-30.", d, today.Year+1))
}

// relativeWords reports whether words resolve to different days from two
// days of the same year: then they count from today (明天, 下月, 本学期),
// else they name a day of the year (9月底前, 年内, 秋学期).
func relativeWords(words string, now time.Time) bool {
	loc := now.Location()
	a, okA := zhdate.Parse(words, time.Date(now.Year(), 3, 2, 12, 0, 0, 0, loc))
	b, okB := zhdate.Parse(words, time.Date(now.Year(), 10, 12, 12, 0, 0, 0, loc))
	return okA != okB || !a.End.Equal(b.End)
}

// --- deadline: #12 时限改为9月底前 ---

var (
	deadlineFields = []string{"完成时限", "截止日期", "截止时间", "完成时间", "时限", "期限"}
	deadlineVerbs  = []string{"调整为", "调整到", "调整至", "设置为", "延期至", "延期到", "推迟至", "推迟到", "提前至",
		"提前到", "改为", "改成", "改到", "延至", "延到", "定为", "设为"}
)

// refCursor reads the words after a strong item reference at the start
// of a message, one list of alternatives at a time.
type refCursor struct {
	t   ruleText
	ref itemRef
	i   int // rune offset in t.fold
}

// afterRef starts a cursor after the strong item reference t opens with.
func afterRef(t ruleText) (refCursor, bool) {
	ref, ok := t.ref, t.hasRef
	if !ok || !ref.strong {
		return refCursor{}, false
	}
	return refCursor{t: t, ref: ref, i: ref.end}, true
}

// skip passes spaces and light punctuation.
func (c *refCursor) skip() {
	for c.i < len(c.t.fold) && (unicode.IsSpace(c.t.fold[c.i]) || strings.ContainsRune(":,，、：的", c.t.fold[c.i])) {
		c.i++
	}
}

// word passes the first of words found at the cursor, if any.
func (c *refCursor) word(words []string) bool {
	for _, w := range words {
		if hasRunes(c.t.fold, c.i, w) {
			c.i += utf8.RuneCountInString(w)
			return true
		}
	}
	return false
}

// rest is the original text from the cursor on, trimmed.
func (c *refCursor) rest() string { return strings.TrimSpace(c.t.from(c.i)) }

// matchDeadline reads "#12 时限改为9月底前" (a strong item reference, a
// deadline word, a verb of change, the new deadline) as /deadline 12
// 9月底前. Anything else about an item stays a report.
func matchDeadline(t ruleText) (Intent, bool) {
	c, ok := afterRef(t)
	if !ok {
		return Intent{}, false
	}
	c.skip()
	if !c.word(deadlineFields) {
		return Intent{}, false
	}
	c.skip()
	if !c.word(deadlineVerbs) {
		return Intent{}, false
	}
	c.skip()
	rest := c.rest()
	if rest == "" {
		return Intent{}, false
	}
	return Intent{Command: "deadline", Args: c.ref.number + " " + rest}, true
}
