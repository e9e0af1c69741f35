package duban

import "time"

// Milestone is a dated step of an item (节点 / 具体措施): "6月底前完成招标"
// is the step 完成招标 due on the last day of June. An item's milestones
// are in the order of their dates; the item's deadline is the last one's.
type Milestone struct {
	// Seq is the step's place among the item's milestones, from 1.
	Seq int `json:"seq"`
	// Date is the day the step is due.
	Date Date `json:"date"`
	// DateText is the plan's words for the date ("6月底前").
	DateText string `json:"date_text,omitempty"`
	// Text is what is to be done by then ("完成招标").
	Text string `json:"text"`
	// Done is set when the step was reported done, at DoneAt.
	Done   bool      `json:"done,omitempty"`
	DoneAt time.Time `json:"done_at,omitzero"`
}
