package duban

import "time"

// Change actions recorded in the audit trail.
const (
	ChangeAdd      = "add"
	ChangeEdit     = "edit"
	ChangeDelete   = "delete"
	ChangeImport   = "import"
	ChangeProgress = "progress"
	ChangeDone     = "done"
	// ChangeWithdraw removes a report from every figure: Before holds the
	// item with the report (Report is its text), After the item without it.
	ChangeWithdraw = "withdraw"
	ChangeBind     = "bind"
	ChangeUnbind   = "unbind"
	ChangeSettings = "settings"
	ChangeMember   = "member"
	ChangePause    = "pause"
	ChangeMigrate  = "migrate"
	ChangeGrant    = "grant"
	ChangeRevoke   = "revoke"
)

// Change is one recorded change (the audit trail): who, when, what, and
// the state before and after as JSON (nil when absent). For items the JSON
// is an ItemSnapshot.
type Change struct {
	ID         int64
	At         time.Time
	Actor      Actor
	Action     string
	ItemNumber int    // 0 when not about an item
	Subject    string // plan name, chat id…
	Before     []byte
	After      []byte
}

// ItemSnapshot is the part of an item the audit trail keeps before and
// after a change: what users can see and edit.
type ItemSnapshot struct {
	Title        string   `json:"title"`
	Body         string   `json:"body,omitempty"`
	Owner        string   `json:"owner,omitempty"`
	Partners     []string `json:"partners,omitempty"`
	Deadline     string   `json:"deadline,omitempty"`
	DeadlineText string   `json:"deadline_text,omitempty"`
	Target       string   `json:"target,omitempty"`
	Status       string   `json:"status"`
	Percent      int      `json:"percent"`
	Code         string   `json:"code,omitempty"`
	Report       string   `json:"report,omitempty"` // the report text, for progress and done
}

// SnapshotOf returns the audited fields of it.
func SnapshotOf(it Item) ItemSnapshot {
	return ItemSnapshot{
		Title: it.Title, Body: it.Body, Owner: it.Owner, Partners: it.Partners, Deadline: it.Deadline.String(),
		DeadlineText: it.DeadlineText, Target: it.Target, Status: string(it.Status), Percent: it.Percent, Code: it.Code,
	}
}
