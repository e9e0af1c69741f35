package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// SearchView is what a search found: items and reports, each capped, with
// the totals and the titles of the items the reports are on.
type SearchView struct {
	Query        string
	Items        []duban.Item
	ItemTotal    int
	Reports      []duban.Progress
	ReportTotal  int
	ReportTitles map[int]string // item number -> title
	// Cap is where the totals stopped counting: a total above it reads
	// "more than Cap". Zero means the totals are exact.
	Cap int
}

// searchReportRunes bounds a report quoted in search results.
const searchReportRunes = 80

// SearchResults renders the matches of a search; each report shows the
// item it is on as #N.
func SearchResults(v SearchView, today duban.Date, loc *time.Location, lang string) string {
	q := esc(v.Query)
	if v.ItemTotal == 0 && v.ReportTotal == 0 && len(v.Items) == 0 && len(v.Reports) == 0 {
		return Tr(lang,
			fmt.Sprintf("🔍 没有找到包含“%s”的事项或进展。", q),
			fmt.Sprintf("🔍 Nothing mentions “%s”.", q))
	}
	var b strings.Builder
	b.WriteString(Tr(lang, fmt.Sprintf("🔍 <b>搜索“%s”</b>", q), fmt.Sprintf("🔍 <b>Search “%s”</b>", q)))
	if len(v.Items) > 0 {
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n\n<b>事项</b>（%s项）", v.count(v.ItemTotal)),
			fmt.Sprintf("\n\n<b>Items</b> (%s)", v.count(v.ItemTotal))))
		for _, it := range v.Items {
			b.WriteString("\n")
			if it.Kind == duban.KindSection {
				fmt.Fprintf(&b, "<b>#%d</b> %s", it.Number, esc(it.Title))
				continue
			}
			b.WriteString(ItemLine(it, today, lang))
		}
		v.writeMore(&b, v.ItemTotal, len(v.Items), lang)
	}
	if len(v.Reports) > 0 {
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n\n<b>进展</b>（%s条）", v.count(v.ReportTotal)),
			fmt.Sprintf("\n\n<b>Reports</b> (%s)", v.count(v.ReportTotal))))
		for _, p := range v.Reports {
			title := v.ReportTitles[p.ItemNumber]
			fmt.Fprintf(&b, "\n<b>#%d</b> %s", p.ItemNumber, esc(clip(title, 30)))
			p.Text = clip(p.Text, searchReportRunes)
			b.WriteString("\n  ")
			b.WriteString(ReportLine(p, loc, lang))
		}
		v.writeMore(&b, v.ReportTotal, len(v.Reports), lang)
	}
	return b.String()
}

// count writes a total, "1000+" past the cap.
func (v SearchView) count(total int) string {
	if v.Cap > 0 && total > v.Cap {
		return fmt.Sprintf("%d+", v.Cap)
	}
	return fmt.Sprint(total)
}

// writeMore says how many matches are not listed.
func (v SearchView) writeMore(b *strings.Builder, total, shown int, lang string) {
	if v.Cap > 0 && total > v.Cap {
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n……还有更多（超过%d）未列出，可换个更具体的词。", v.Cap),
			fmt.Sprintf("\n… more than %d in all: try more specific words.", v.Cap)))
		return
	}
	writeMore(b, total-shown, lang)
}
