package planimport

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/zhdate"
)

// Two ways a date in a task's wording is not its deadline, though it
// sits in the sentence: it marks when the work starts ("元旦后第二周进行",
// "国庆节以后") or it names the vacation the work is about ("寒假安全教育",
// "暑假作业检查", "国庆假期安全教育"), which happens before the vacation,
// not by its end.

// afterWords make a date the start of the work.
var afterWords = []string{"后", "以后", "之后", "过后", "起", "开始"}

// startsAfter reports a date followed by words that make it a start.
func startsAfter(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	for _, w := range afterWords {
		if strings.HasPrefix(rest, w) {
			return !strings.HasPrefix(rest, "后期") && !strings.HasPrefix(rest, "起草")
		}
	}
	return false
}

// vacationWords name the school vacations; vacationTail may complete one
// ("国庆" + "假期").
var (
	vacationWords = []string{"寒假", "暑假", "假期", "暑期", "寒暑假", "长假"}
	vacationTail  = []string{"小长假", "长假", "假期", "放假"}
	// withinWords after a vacation make it the time of the work.
	withinWords = []string{"期间", "中", "里", "内", "前", "以前", "之前", "时", "结束", "开始", "后", "以后", "之后", "到来", "来临", "放假", "返校", "开学", "至", "到"}
)

// vacationAttribute reports a vacation named as what the work is about:
// a vacation word (or a holiday with 假期 after it) followed at once by
// the work's own words.
func vacationAttribute(words, rest string) bool {
	vac := false
	for _, w := range vacationWords {
		if strings.HasSuffix(words, w) {
			vac = true
		}
	}
	for _, w := range vacationTail {
		if r, ok := strings.CutPrefix(rest, w); ok {
			vac, rest = true, r
			break
		}
	}
	if !vac {
		return false
	}
	for _, w := range withinWords {
		if strings.HasPrefix(rest, w) {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return r >= 0x4E00 && r <= 0x9FFF
}

// spanAfter reads "X后N天内", "开学后两周内": a span counted from a day
// rather than from the plan's date. text[end:] follows the expression e
// of X; next is the expression after it. It returns the day the span ends
// and how far the words run in text.
func spanAfter(text string, end int, e, next zhdate.Expr) (time.Time, int, bool) {
	j := strings.Index(text[end:], next.Text)
	if j < 0 || kindOf(next.Text) != kindDuration || !strings.HasSuffix(next.Text, "内") {
		return time.Time{}, 0, false
	}
	gap := strings.TrimSpace(text[end : end+j])
	if gap != "后" && gap != "以后" && gap != "之后" {
		return time.Time{}, 0, false
	}
	from := e.Start
	if from.IsZero() {
		from = e.End
	}
	alt := zhdate.Find(next.Text, from)
	if from.IsZero() || len(alt) != 1 || alt[0].End.IsZero() {
		return time.Time{}, 0, false
	}
	return alt[0].End, end + j + len(next.Text), true
}
