package duban

import "time"

// ExtensionState is where an extension request (延期申请) stands.
type ExtensionState string

// The states of an extension request.
const (
	ExtensionPending  ExtensionState = "pending"
	ExtensionApproved ExtensionState = "approved"
	ExtensionRefused  ExtensionState = "refused"
)

// Extension is a request to move an item's deadline (延期申请): the new
// deadline asked for, why, and what became of it.
type Extension struct {
	ID           int64
	ItemNumber   int
	ChatID       int64
	UserID       int64
	UserName     string
	Deadline     Date   // asked for
	DeadlineText string // the words ("10月底前")
	Reason       string
	OldDeadline  Date // the deadline when asked
	Late         bool // asked after the deadline had passed
	State        ExtensionState
	DecidedBy    int64
	DecidedAt    time.Time
	CreatedAt    time.Time
}

// MoveDeadline sets it's deadline to d (with its words), keeping the one
// the plan first set as OriginalDeadline: an extension or an admin's
// change never loses where the item started from.
func (it *Item) MoveDeadline(d Date, words string) {
	if it.OriginalDeadline.IsZero() && !it.Deadline.IsZero() && it.Deadline != d {
		it.OriginalDeadline, it.OriginalDeadlineText = it.Deadline, it.DeadlineText
	}
	it.Deadline, it.DeadlineText = d, words
}
