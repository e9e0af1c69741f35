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
	// Extensions (延期): asked, approved (the deadline moves), refused.
	ChangeExtendAsk    = "extend_ask"
	ChangeExtend       = "extend"
	ChangeExtendRefuse = "extend_refuse"
	// ChangeMilestone is a milestone added or marked done.
	ChangeMilestone = "milestone"
	ChangeEvidence  = "evidence" // a piece of evidence attached to the item
	// The 督办 loop: a closing request (申请办结), its review (销号 or 退回),
	// a 催办 sent, an assignment acknowledged (签收), a 分管领导 added or
	// removed.
	ChangeCloseAsk = "close_ask"
	ChangeClose    = "close"
	ChangeReturn   = "return"
	ChangeUrge     = "urge"
	ChangeAck      = "ack"
	ChangeLeader   = "leader"
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
	// What the item's standing is computed from, so that its state at any
	// past moment can be told from the trail (the 月度通报 as of the
	// month's end).
	Start                string      `json:"start,omitempty"`
	OriginalDeadline     string      `json:"original_deadline,omitempty"`
	OriginalDeadlineText string      `json:"original_deadline_text,omitempty"`
	Milestones           []Milestone `json:"milestones,omitempty"`
	DoneAt               time.Time   `json:"done_at,omitzero"`

	// Evidence describes the piece attached, for evidence.
	Evidence string `json:"evidence,omitempty"`
}

// SnapshotOf returns the audited fields of it.
func SnapshotOf(it Item) ItemSnapshot {
	return ItemSnapshot{
		Title: it.Title, Body: it.Body, Owner: it.Owner, Partners: it.Partners, Deadline: it.Deadline.String(),
		DeadlineText: it.DeadlineText, Target: it.Target, Status: string(it.Status), Percent: it.Percent, Code: it.Code,
		Start: it.Start.String(), OriginalDeadline: it.OriginalDeadline.String(), OriginalDeadlineText: it.OriginalDeadlineText,
		Milestones: it.Milestones, DoneAt: it.DoneAt,
	}
}

// Restore sets the audited fields of it to the snapshot's: the item as it
// was at the snapshot. Dates that do not parse are left zero.
func (s ItemSnapshot) Restore(it *Item) {
	it.Title, it.Body, it.Owner, it.Partners = s.Title, s.Body, s.Owner, s.Partners
	it.Deadline, _ = parseOptionalDate(s.Deadline)
	it.DeadlineText, it.Target, it.Status, it.Percent, it.Code = s.DeadlineText, s.Target, Status(s.Status), s.Percent, s.Code
	it.Start, _ = parseOptionalDate(s.Start)
	it.OriginalDeadline, _ = parseOptionalDate(s.OriginalDeadline)
	it.OriginalDeadlineText, it.Milestones, it.DoneAt = s.OriginalDeadlineText, s.Milestones, s.DoneAt
}

func parseOptionalDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	return ParseDate(s)
}
