package summary

import (
	"context"
	"fmt"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// Writer drafts summaries so that a request always gets one: by the model
// when one is configured and answers, otherwise the template summary built
// from the same records (report.TemplateSummary).
type Writer struct {
	// Model drafts with a model (*llm.Client); nil or not Enabled: the
	// template only.
	Model duban.Drafter
	// Fallbacks counts the summaries given from the template instead of the
	// model: reason "off" (no model configured) or "failed". Nil counts
	// nothing.
	Fallbacks func(reason string)
}

// Enabled reports whether a model is configured.
func (w *Writer) Enabled() bool { return w != nil && w.Model != nil && w.Model.Enabled() }

// Draft returns a draft of req. It always returns a usable Draft:
//
//   - model answered: its checked draft, Model set, nil error;
//   - model off: the template summary with Fallback set, nil error;
//   - nothing reported in scope: the template summary, Fallback unset, nil
//     error, and no call: with no reports a model has nothing to add but
//     room to invent;
//   - model failed: the template summary with Fallback set AND a non-nil
//     error saying why. Callers log the error and show FallbackNote above
//     the text; they need not treat it as a failure of the request.
//
// Model is "" whenever the text is the template.
func (w *Writer) Draft(ctx context.Context, req duban.DraftRequest) (duban.Draft, error) {
	if !w.Enabled() {
		w.count("off")
		return template(req, true), nil
	}
	if !reportedInScope(req) {
		return template(req, false), nil
	}
	d, err := w.Model.Draft(ctx, req)
	if err != nil {
		w.count("failed")
		return template(req, true), fmt.Errorf("draft %s: %w", req.Scope, err)
	}
	return d, nil
}

func (w *Writer) count(reason string) {
	if w != nil && w.Fallbacks != nil {
		w.Fallbacks(reason)
	}
}

func template(req duban.DraftRequest, fallback bool) duban.Draft {
	lang := req.Lang
	if lang != report.LangEN {
		lang = report.LangZH
	}
	return duban.Draft{
		Text:     report.TemplateSummary(req.Scope, req.Items, req.Reports, req.From, req.To, lang),
		Fallback: fallback,
	}
}

// FallbackNote returns the one-line note to show above a fallback draft.
func FallbackNote(lang string) string {
	return report.Tr(lang, "模型暂不可用，以下为根据记录生成的摘要。",
		"The model is unavailable for now; below is a summary generated from the records.")
}

// reportedInScope reports whether any report of req is on one of its items.
func reportedInScope(req duban.DraftRequest) bool {
	numbers, ids := map[int]bool{}, map[int64]bool{}
	for _, it := range req.Items {
		numbers[it.Number], ids[it.ID] = true, it.ID != 0
	}
	for _, p := range req.Reports {
		if p.ItemNumber != 0 && numbers[p.ItemNumber] || p.ItemID != 0 && ids[p.ItemID] {
			return true
		}
	}
	return false
}
