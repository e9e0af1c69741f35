package duban

import (
	"context"
	"time"
)

// DraftRequest is what a summary (工作总结) is drafted from: the items in
// scope and their reports in the period, nothing else.
type DraftRequest struct {
	Scope    string     // what is summarised, in human words: "#12 …", "督导室", "2026年11月", "全年"
	From, To Date       // the period, inclusive; zero = the whole plan
	Items    []Item     // the items in scope
	Reports  []Progress // their reports in the period, oldest first
	Detailed bool       // a longer draft (/summary 本月 详细): ~400–800 characters instead of 150–400
	Lang     string     // "zh" (default) or "en"
	// Location is the zone in which report times become dates; nil = China
	// Standard Time (UTC+8).
	Location *time.Location
}

// Draft is a drafted summary.
type Draft struct {
	Text       string // the paragraph(s), with the unverified figures marked
	Unverified int    // how many figures were marked
	Model      string // the model that drafted it; "" for the template
	Fallback   bool   // the model was off or unavailable and this is the template summary
}

// Drafter drafts summaries. The model client (package llm) drafts with a
// model and fails when it cannot; package summary's Writer wraps it so that
// a draft is always given, falling back to the template.
type Drafter interface {
	Draft(ctx context.Context, req DraftRequest) (Draft, error)
	// Enabled reports whether a model is configured.
	Enabled() bool
}

// The marks put right after a figure of a draft that the records do not
// back (【待核实】). The English one carries its own space so that "60%
// [unverified]" reads naturally.
const (
	UnverifiedZH = "【待核实】"
	UnverifiedEN = " [unverified]"
)
