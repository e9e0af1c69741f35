package planimport

// Doubt is something about a decoded document that looks wrong enough
// that the preview should ask before importing it ("确认导入？"), as
// against a Warning, which only tells what was guessed or skipped.
type Doubt struct {
	// Code names the kind of doubt; it is one of the Doubt* constants.
	Code string
	// Text is the sentence for the preview, in Chinese.
	Text string
	// English is the same sentence in English.
	English string
}

// The kinds of doubt.
const (
	// DoubtTruncated: the file held more than one import reads; the rest
	// was left out.
	DoubtTruncated = "truncated"
	// DoubtNoOwners: most tasks name no owner (牵头单位).
	DoubtNoOwners = "no_owners"
	// DoubtPastDeadlines: many deadlines are already past on the day of the
	// import.
	DoubtPastDeadlines = "past_deadlines"
	// DoubtNumberingGaps: the numbering skips (一、二、四、), so part of the
	// document was probably lost in a copy.
	DoubtNumberingGaps = "numbering_gaps"
	// DoubtPastWork: tasks read as work already done (已完成…, 召开了…).
	DoubtPastWork = "past_work"
)

func (b *builder) doubt(code, zh, en string) {
	b.doc.Doubts = append(b.doc.Doubts, Doubt{Code: code, Text: zh, English: en})
}
