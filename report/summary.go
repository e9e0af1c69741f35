package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// Limits of the template summary. A summary is one chat message, so the
// listing is bounded: the rest is in the ledger, which the text points to.
const (
	summaryMaxListed  = 10 // items described one by one ("一是…十是")
	summaryMaxSilent  = 15 // item numbers listed as not reported
	summaryTitleRunes = 40
	summaryQuoteRunes = 60
)

// TemplateSummary writes a plain-text summary (工作总结 style) of the given
// items and their progress reports, without a language model. It is what
// users get when no model is configured or the model fails, so it states
// only what the records say, as prose: counts by status, and for each item
// with reports ("一是…二是…") its title, number, lead unit and report count,
// what its latest report says (as a clause, not a quotation), its percent
// and whether it was closed; then the open items nobody reported on.
//
// reports are taken as given: the caller selects the period, so that report
// times are cut with the bureau's time zone, which this function does not
// know. from and to only word the period; zero dates mean the whole plan.
// lang is "zh" (default) or "en". Sections (KindSection) are headings, not
// work, and are not counted. Unlike the other texts of this package the
// result is plain text, as a model's draft is: callers escape it (Esc)
// before sending it as HTML.
func TemplateSummary(scope string, items []duban.Item, reports []duban.Progress, from, to duban.Date, lang string) string {
	s := newSummaryFacts(items, reports)
	if lang == LangEN {
		return s.english(scope, from, to)
	}
	return s.chinese(scope, from, to)
}

// summaryFacts is what the template says, computed once for both languages.
type summaryFacts struct {
	tasks     []duban.Item
	byStatus  map[duban.Status]int
	reported  []summaryItemReports // in item order
	nReports  int
	unheard   []int // open tasks without a report, by number
	doneCount int
}

// summaryItemReports is one item with the reports on it.
type summaryItemReports struct {
	item    duban.Item
	reports []duban.Progress
}

func newSummaryFacts(items []duban.Item, reports []duban.Progress) summaryFacts {
	s := summaryFacts{byStatus: map[duban.Status]int{}}
	byNumber := map[int]int{} // item number -> index in s.tasks
	byID := map[int64]int{}
	for _, it := range items {
		if it.Kind == duban.KindSection {
			continue
		}
		byNumber[it.Number] = len(s.tasks)
		if it.ID != 0 {
			byID[it.ID] = len(s.tasks)
		}
		s.tasks = append(s.tasks, it)
	}
	perItem := make([][]duban.Progress, len(s.tasks))
	for _, p := range reports {
		i, ok := byNumber[p.ItemNumber]
		if !ok || p.ItemNumber == 0 {
			if i, ok = byID[p.ItemID]; !ok || p.ItemID == 0 {
				continue // not in scope: a summary speaks only of its own items
			}
		}
		perItem[i] = append(perItem[i], p)
		s.nReports++
	}
	for i, it := range s.tasks {
		st := it.Status
		if !st.Valid() {
			st = duban.StatusTodo
		}
		if summaryClosedBy(perItem[i]) && st.Open() {
			st = duban.StatusDone
		}
		s.byStatus[st]++
		if len(perItem[i]) > 0 {
			s.reported = append(s.reported, summaryItemReports{item: it, reports: perItem[i]})
		} else if st.Open() {
			s.unheard = append(s.unheard, it.Number)
		}
	}
	s.doneCount = s.byStatus[duban.StatusDone]
	return s
}

// summaryClosedBy reports whether one of the reports closed the item (销号), which
// may be newer than the item row the caller loaded.
func summaryClosedBy(ps []duban.Progress) bool {
	for _, p := range ps {
		if p.Done {
			return true
		}
	}
	return false
}

// latest returns the newest report; on equal times the later one in the
// slice wins, as the slice is oldest first.
func (r summaryItemReports) latest() duban.Progress {
	last := r.reports[0]
	for _, p := range r.reports[1:] {
		if !p.CreatedAt.Before(last.CreatedAt) {
			last = p
		}
	}
	return last
}

// percent returns the most recent stated percentage: the newest report that
// states one, else the item's own when it is in progress. ok is false when
// the records state none, and then the summary says nothing about it.
func (r summaryItemReports) percent() (int, bool) {
	best, found := duban.Progress{}, false
	for _, p := range r.reports {
		if p.Percent < 0 || p.Percent > 100 {
			continue
		}
		if !found || !p.CreatedAt.Before(best.CreatedAt) {
			best, found = p, true
		}
	}
	if found {
		return best.Percent, true
	}
	if r.item.Status == duban.StatusDoing && r.item.Percent > 0 {
		return r.item.Percent, true
	}
	return 0, false
}

func (r summaryItemReports) done() bool {
	return r.item.Status == duban.StatusDone || summaryClosedBy(r.reports)
}

func (s summaryFacts) chinese(scope string, from, to duban.Date) string {
	var b strings.Builder
	b.WriteString("本次总结范围为")
	b.WriteString(summaryOrDefault(strings.TrimSpace(scope), "全部工作事项"))
	if p := summaryPeriodZH(from, to); p != "" {
		fmt.Fprintf(&b, "（%s）", p)
	}
	if len(s.tasks) == 0 {
		b.WriteString("，暂无工作事项记录。")
		return b.String()
	}
	fmt.Fprintf(&b, "，共涉及工作事项%d项", len(s.tasks))
	var parts []string
	for _, st := range []duban.Status{duban.StatusDone, duban.StatusDoing, duban.StatusTodo, duban.StatusCancelled} {
		if n := s.byStatus[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s%d项", StatusText(st, LangZH), n))
		}
	}
	b.WriteString("，其中")
	b.WriteString(strings.Join(parts, "、"))
	b.WriteString("。")

	if s.nReports == 0 {
		b.WriteString("期间暂无进展报送记录。")
	} else {
		fmt.Fprintf(&b, "期间各单位共报送进展%d次，涉及事项%d项，主要情况如下：", s.nReports, len(s.reported))
		for i, r := range s.reported {
			if i == summaryMaxListed {
				fmt.Fprintf(&b, "此外，另有%d项事项有进展报送，详见台账。", len(s.reported)-summaryMaxListed)
				break
			}
			b.WriteString(summaryOrdinalZH(i + 1))
			b.WriteString("是")
			b.WriteString(summaryTitle(r.item))
			fmt.Fprintf(&b, "（#%d", r.item.Number)
			if o := strings.TrimSpace(r.item.Owner); o != "" {
				fmt.Fprintf(&b, "，%s牵头", o)
			}
			fmt.Fprintf(&b, "，报送%d次）", len(r.reports))
			if c := summaryClause(r.latest(), r.done()); c != "" {
				b.WriteString("，")
				b.WriteString(c)
			}
			if r.done() {
				b.WriteString("，已完成销号")
			} else if pct, ok := r.percent(); ok {
				fmt.Fprintf(&b, "，目前进度%d%%", pct)
			}
			if i == len(s.reported)-1 || i == summaryMaxListed-1 {
				b.WriteString("。")
			} else {
				b.WriteString("；")
			}
		}
	}
	if len(s.unheard) > 0 {
		fmt.Fprintf(&b, "另有%d项未完成事项本期未报送进展（%s）。", len(s.unheard), summaryNumberList(s.unheard, "、", "等"))
	}
	return b.String()
}

func (s summaryFacts) english(scope string, from, to duban.Date) string {
	var b strings.Builder
	b.WriteString("This summary covers ")
	b.WriteString(summaryOrDefault(strings.TrimSpace(scope), "all items"))
	if p := summaryPeriodEN(from, to); p != "" {
		fmt.Fprintf(&b, " (%s)", p)
	}
	if len(s.tasks) == 0 {
		b.WriteString(". No items are recorded.")
		return b.String()
	}
	fmt.Fprintf(&b, ". It includes %s: ", summaryPlural(len(s.tasks), "item", "items"))
	var parts []string
	for _, st := range []duban.Status{duban.StatusDone, duban.StatusDoing, duban.StatusTodo, duban.StatusCancelled} {
		if n := s.byStatus[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, StatusText(st, LangEN)))
		}
	}
	b.WriteString(strings.Join(parts, ", "))
	b.WriteString(".")

	if s.nReports == 0 {
		b.WriteString(" No progress was reported in the period.")
	} else {
		verb := "were"
		if s.nReports == 1 {
			verb = "was"
		}
		fmt.Fprintf(&b, " %s %s received on %s.", summaryPlural(s.nReports, "progress report", "progress reports"),
			verb, summaryPlural(len(s.reported), "item", "items"))
		for i, r := range s.reported {
			if i == summaryMaxListed {
				fmt.Fprintf(&b, " In addition, %s had reports; see the ledger.", summaryPlural(len(s.reported)-summaryMaxListed, "more item", "more items"))
				break
			}
			fmt.Fprintf(&b, " %s, %s (#%d", summaryOrdinalEN(i+1), summaryTitle(r.item), r.item.Number)
			if o := strings.TrimSpace(r.item.Owner); o != "" {
				fmt.Fprintf(&b, ", led by %s", o)
			}
			fmt.Fprintf(&b, ", %s)", summaryPlural(len(r.reports), "report", "reports"))
			c := summaryClause(r.latest(), r.done())
			if c != "" {
				b.WriteString(": ")
				b.WriteString(c)
			}
			switch pct, ok := r.percent(); {
			case r.done() && c != "":
				b.WriteString("; completed")
			case r.done():
				b.WriteString(" was completed")
			case ok && c != "":
				fmt.Fprintf(&b, "; progress %d%%", pct)
			case ok:
				fmt.Fprintf(&b, " is at %d%%", pct)
			}
			b.WriteString(".")
		}
	}
	if len(s.unheard) > 0 {
		fmt.Fprintf(&b, " %s had no report in the period (%s).", summaryPlural(len(s.unheard), "open item", "open items"),
			summaryNumberList(s.unheard, ", ", ", …"))
	}
	return b.String()
}

// summaryTitle is an item's title, shortened, for a sentence.
func summaryTitle(it duban.Item) string {
	if t := summaryClip(strings.TrimSpace(it.Title), summaryTitleRunes); t != "" {
		return t
	}
	return fmt.Sprintf("#%d", it.Number)
}

// progressPhraseRE matches how reports state a progress percent ("，进度60%",
// "目前进度达到60%"): the summary states the percent itself.
var progressPhraseRE = regexp.MustCompile(`[，,；;、]?\s*(目前|当前|现|总体)?(进度|进展|完成进度)(为|达到|达|已达|已达到|约|是|:|：)?\s*-?\d{1,3}(\.\d+)?\s*[%％]`)

// closingOnly are reports that only say the item is done: the summary
// says so itself.
var closingOnly = []string{"已完成", "完成", "完成了", "已全部完成", "全部完成", "已办结", "办结", "已销号", "已经完成", "已经完成了"}

// summaryClause turns a report into a clause of the summary's sentence:
// one line, without the "#12" the reporter typed to address the item, the
// progress percent the sentence states anyway and the closing punctuation;
// cut at a clause boundary when long. It is "" when nothing is left to say.
func summaryClause(p duban.Progress, done bool) string {
	t := strings.Join(strings.Fields(strings.NewReplacer("\r\n", "，", "\n", "，").Replace(p.Text)), " ")
	if rest, ok := strings.CutPrefix(t, fmt.Sprintf("#%d", p.ItemNumber)); ok && p.ItemNumber != 0 {
		t = rest
	}
	t = progressPhraseRE.ReplaceAllString(t, "")
	t = strings.Trim(t, " ，,。.；;！!、：:")
	if done && slices.Contains(closingOnly, t) {
		return ""
	}
	if utf8.RuneCountInString(t) <= summaryQuoteRunes {
		return t
	}
	rs := []rune(t)[:summaryQuoteRunes]
	for i := len(rs) - 1; i >= summaryQuoteRunes/3; i-- {
		if strings.ContainsRune("，,；;。", rs[i]) {
			return string(rs[:i]) + "等"
		}
	}
	return string(rs) + "…"
}

// summaryClip shortens s to n runes, marking the cut.
func summaryClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func summaryNumberList(nums []int, sep, more string) string {
	var parts []string
	for i, n := range nums {
		if i == summaryMaxSilent {
			return strings.Join(parts, sep) + more
		}
		parts = append(parts, fmt.Sprintf("#%d", n))
	}
	return strings.Join(parts, sep)
}

func summaryOrDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func summaryPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summaryPeriodZH words a period as a 工作总结 does: "2026年11月1日至11月30日".
func summaryPeriodZH(from, to duban.Date) string {
	day := func(d duban.Date, withYear bool) string {
		if withYear {
			return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
		}
		return fmt.Sprintf("%d月%d日", int(d.Month), d.Day)
	}
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return day(from, true) + "以来"
	case from.IsZero():
		return "截至" + day(to, true)
	}
	return day(from, true) + "至" + day(to, from.Year != to.Year)
}

func summaryPeriodEN(from, to duban.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return "since " + from.String()
	case from.IsZero():
		return "up to " + to.String()
	}
	return "from " + from.String() + " to " + to.String()
}

// summaryOrdinalZH returns the Chinese numeral for n (1..99) as used in "一是",
// "十一是".
func summaryOrdinalZH(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

func summaryOrdinalEN(n int) string {
	words := []string{"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"}
	if n >= 1 && n <= len(words) {
		return words[n-1]
	}
	return "Also"
}
