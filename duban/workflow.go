package duban

import (
	"slices"
	"strings"
	"time"
)

// Unit is a unit of the bureau as the configuration knows it (units:): its
// name as plans write it, the other names staff use for it, and its
// 分管领导 — the leaders who oversee it, who get the last step of a 催办.
type Unit struct {
	Name    string
	Aliases []string
	Leaders []int64 // Telegram user ids
}

// Units is the configured units; the zero value knows none, and then every
// name stands for itself.
type Units []Unit

// Canonical returns the configured name of the unit that name denotes: the
// unit whose name or one of whose aliases equals it (ignoring spaces and
// case), or name itself, trimmed, when no unit claims it.
func (us Units) Canonical(name string) string {
	name = strings.TrimSpace(name)
	if u, ok := us.Find(name); ok {
		return u.Name
	}
	return name
}

// Find returns the configured unit whose name or alias equals name.
func (us Units) Find(name string) (Unit, bool) {
	key := unitKey(name)
	if key == "" {
		return Unit{}, false
	}
	for _, u := range us {
		if unitKey(u.Name) == key || slices.ContainsFunc(u.Aliases, func(a string) bool { return unitKey(a) == key }) {
			return u, true
		}
	}
	return Unit{}, false
}

// Same reports whether two unit names denote the same unit: through the
// configured names and aliases, or as UnitMatch has it.
func (us Units) Same(a, b string) bool {
	ca, cb := us.Canonical(a), us.Canonical(b)
	return UnitMatch(ca, cb)
}

func unitKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// ClosingState is where a request to close an item (申请办结) stands.
type ClosingState string

// The states of a closing request.
const (
	ClosingPending  ClosingState = "pending"  // 待审核
	ClosingApproved ClosingState = "approved" // 销号
	ClosingReturned ClosingState = "returned" // 退回
	// ClosingWithdrawn: its author took the closing report back (/undo).
	ClosingWithdrawn ClosingState = "withdrawn"
)

// Closing is a lead unit's request to close an item (申请办结): the
// closing report, who asked, and the reviewer's decision (销号 or 退回 with
// a reason).
type Closing struct {
	ID         int64
	ItemID     int64
	ItemNumber int
	ProgressID int64 // the closing report
	ChatID     int64 // where it was asked
	UserID     int64
	UserName   string
	Text       string // the closing report's words
	// PrevStatus and PrevPercent are the item's before the request: a
	// returned item goes back to in progress at its former percent.
	PrevStatus  Status
	PrevPercent int
	State       ClosingState
	Reason      string // why it was returned
	DecidedBy   int64
	DecidedName string
	DecidedAt   time.Time
	RemindedAt  time.Time // when the reviewers were last reminded of it
	CreatedAt   time.Time
}

// UrgeKind is what one step of a 催办 sends.
type UrgeKind string

// The kinds of 催办.
const (
	// UrgeLine: the item is a line of the group's daily reminder.
	UrgeLine UrgeKind = "line"
	// UrgeNotice: a numbered 催办单 to the group, mentioning the unit's
	// registered members.
	UrgeNotice UrgeKind = "notice"
	// UrgeLeader: the 催办单 sent privately to the unit's 分管领导.
	UrgeLeader UrgeKind = "leader"
	// UrgeManual: a 催办单 an admin sent with /urge.
	UrgeManual UrgeKind = "manual"
)

// UrgeStep is one step of the escalation (urge.steps): what is sent once an
// item is Days days overdue.
type UrgeStep struct {
	Days int
	Kind UrgeKind
}

// DefaultUrgeSteps are day 1 a line in the daily reminder, day 3 a 催办单
// to the group, day 7 the 催办单 to the 分管领导.
func DefaultUrgeSteps() []UrgeStep {
	return []UrgeStep{{1, UrgeLine}, {3, UrgeNotice}, {7, UrgeLeader}}
}

// Urge is one 催办 on record: an escalation step or an admin's /urge.
type Urge struct {
	ID          int64
	ItemID      int64
	ItemNumber  int
	Kind        UrgeKind
	Serial      string // the 催办单's number, e.g. "督〔2026〕15号"; "" for a line
	Owner       string // the lead unit then
	Deadline    Date   // the deadline it chased
	DaysOverdue int
	ByUser      int64 // who sent it; 0 for the schedule
	ByName      string
	Note        string // the admin's 附言
	Failed      string // why it could not be delivered, "" when it was
	CreatedAt   time.Time
}

// UrgeRequest is one 催办 to record: on item Number, once per Key (an
// escalation step passes the item's deadline, /urge the day). Item, when
// its ID is set, is the item as the caller just read it, so that the
// store need not read it again.
type UrgeRequest struct {
	Number int
	Item   Item
	Urge   Urge
	Key    string
}
