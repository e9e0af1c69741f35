package summary

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Reply is a draft worded for the person who asked: a heading, the note
// that the model failed (when it did), the text and the lines under it.
// All parts are plain text; the chat escapes them, the terminal prints them.
type Reply struct {
	Heading string
	Note    string // FallbackNote when the model failed, else ""
	Text    string
	Footer  []string
}

// Words words draft d of what label names ("督导室 · 本月（11月1日—11月25日）").
// failed says the model was asked and failed, so the text is the template
// and the reader is told why. A template summary says it is one, in its
// heading and under it, so that nobody takes it for a drafted text.
func Words(d duban.Draft, failed bool, label, lang string) Reply {
	r := Reply{
		Heading: report.Tr(lang, "📝 工作总结草稿", "📝 Draft work summary"),
		Text:    strings.TrimSpace(d.Text),
	}
	if d.Model == "" {
		r.Heading = report.Tr(lang, "📝 工作总结（模板摘要）", "📝 Work summary (template)")
	}
	if label != "" {
		r.Heading += " · " + label
	}
	if failed {
		r.Note = FallbackNote(lang)
	}
	if d.Unverified > 0 {
		r.Footer = append(r.Footer, CheckLine(d.Unverified, lang))
	}
	if d.Model != "" {
		r.Footer = append(r.Footer, report.Tr(lang,
			"以上由模型只依据报送记录起草，引用的事项以 #编号 标出，请核对后使用。",
			"Drafted by the model from the recorded reports only; items are cited as #N. Please review before use."))
	} else {
		r.Footer = append(r.Footer, TemplateNote(d.Fallback && !failed, lang))
	}
	return r
}

// TemplateNote is the line under a template summary; off says that no
// model is configured.
func TemplateNote(off bool, lang string) string {
	zh := "以上为模板摘要：按报送记录以固定格式生成，只陈述记录中的事实，请核对补充后使用。"
	en := "This is a template summary: generated from the recorded reports in a fixed form, stating the records only; review and complete it before use."
	if off {
		zh, en = "未配置模型，"+zh, "No model is configured. "+en
	}
	return report.Tr(lang, zh, en)
}

// CheckLine says how many figures of a draft the records do not back and
// how they are marked.
func CheckLine(n int, lang string) string {
	if lang == report.LangEN {
		if n == 1 {
			return "⚠️ 1 figure needs checking: it is not in the records and is marked" + duban.UnverifiedEN + "."
		}
		return fmt.Sprintf("⚠️ %d figures need checking: they are not in the records and are marked%s.", n, duban.UnverifiedEN)
	}
	return fmt.Sprintf("⚠️ 有%d处数字需要核实：记录中找不到依据，已标注%s。", n, duban.UnverifiedZH)
}

// Plain is the reply as one plain text, for the terminal.
func (r Reply) Plain() string {
	parts := []string{r.Heading}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	parts = append(parts, r.Text)
	if len(r.Footer) > 0 {
		parts = append(parts, strings.Join(r.Footer, "\n"))
	}
	return strings.Join(parts, "\n\n")
}

// HTML is the reply for Telegram's HTML parse mode: the heading in bold,
// everything escaped (the draft quotes what users typed).
func (r Reply) HTML() string {
	parts := []string{"<b>" + report.Esc(r.Heading) + "</b>"}
	if r.Note != "" {
		parts = append(parts, "<i>"+report.Esc(r.Note)+"</i>")
	}
	parts = append(parts, report.Esc(r.Text))
	if len(r.Footer) > 0 {
		parts = append(parts, report.Esc(strings.Join(r.Footer, "\n")))
	}
	return strings.Join(parts, "\n\n")
}
