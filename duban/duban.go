// Package duban holds the domain of the duban service: plans, items, progress
// reports, chats and the rules that relate them. It imports nothing of the
// project's own and no driver, so every other package can depend on it.
package duban

import (
	"strings"
	"time"
)

// Status is the state of an item. The values are stable codes stored in the
// database; the words users see (未开始/进行中/已完成/已取消) come from the
// renderers.
type Status string

// The statuses an item can have.
const (
	StatusTodo      Status = "todo"      // 未开始
	StatusDoing     Status = "doing"     // 进行中
	StatusDone      Status = "done"      // 已完成 (销号)
	StatusCancelled Status = "cancelled" // 已取消
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusTodo, StatusDoing, StatusDone, StatusCancelled:
		return true
	}
	return false
}

// Open reports whether an item in this status still needs work.
func (s Status) Open() bool { return s == StatusTodo || s == StatusDoing }

// Kind tells a heading of the plan from a trackable task.
type Kind string

// The kinds of items.
const (
	KindSection Kind = "section" // a heading: 一、 (一) …; groups tasks
	KindTask    Kind = "task"    // a trackable task
)

// Plan is one document's worth of items (工作计划 / 工作要点).
type Plan struct {
	ID        int64
	Name      string
	Year      int
	Source    string // file name it was imported from, if any
	CreatedAt time.Time
}

// Item is one node of a plan: a section heading or a task. Number is the
// handle users type (#12); it is unique across the database and never reused.
type Item struct {
	ID           int64
	PlanID       int64
	Number       int
	Code         string // section code such as "二.(三).4"
	ParentNumber int    // number of the enclosing section, 0 at top level
	Kind         Kind
	Title        string
	Body         string
	Owner        string   // 牵头单位 / 责任单位
	Partners     []string // 配合单位
	Deadline     Date     // zero when the plan sets none
	DeadlineText string   // the original words, e.g. "9月底以前"
	// OriginalDeadline is the deadline the plan first set, kept when an
	// extension (延期) or an admin moved it; zero while it never moved.
	OriginalDeadline     Date
	OriginalDeadlineText string
	// Start is the day work on the item starts when the plan says so
	// ("7月1日至9月30日"); zero means the plan's start (Rules.PlanStart).
	Start Date
	// Milestones are the item's dated steps (节点), in date order.
	Milestones   []Milestone
	Target       string // 目标
	Status       Status
	Percent      int // 0..100
	Position     int // order within the plan
	PlanYear     int // the year of its plan, for the default start
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastReportAt time.Time // zero when nobody has reported
	DoneAt       time.Time // when it was closed (销号); zero while open
	// Review is the pending request to close it (Closing.ID), 0 when none:
	// the item is 待审核 while it is set.
	Review int64

	// Standing is where the item stands (序时进度, lag, light) as
	// Rules.Judge computed it; the zero Standing until judged.
	Standing Standing
}

// Extended reports whether the deadline was moved from the one the plan set.
func (it Item) Extended() bool {
	return !it.OriginalDeadline.IsZero() && !it.Deadline.IsZero() && it.OriginalDeadline != it.Deadline
}

// Open reports whether the item still needs work.
func (it Item) Open() bool { return it.Status.Open() }

// Overdue reports whether the item is open and its deadline lies before today.
func (it Item) Overdue(today Date) bool {
	return it.Open() && !it.Deadline.IsZero() && it.Deadline.Before(today)
}

// Stale reports whether an open item has had no report since the cut-off
// (未报送). Items created after the cut-off are not stale yet.
func (it Item) Stale(cutoff time.Time) bool {
	if !it.Open() || it.Kind != KindTask {
		return false
	}
	if !it.LastReportAt.IsZero() {
		return it.LastReportAt.Before(cutoff)
	}
	return it.CreatedAt.Before(cutoff)
}

// Progress is one report on an item (进展 / 报送), kept with who and when.
type Progress struct {
	ID         int64
	ItemID     int64
	ItemNumber int
	ChatID     int64
	UserID     int64
	UserName   string
	Text       string
	Percent    int  // -1 when the report states none
	Done       bool // the report closed the item (销号)
	// Note marks a report that says work has not started ("尚未启动"):
	// it is kept and counts as reported, but does not start the item.
	Note      bool
	CreatedAt time.Time
	// MessageID is the chat message the report came in, 0 when not
	// known: editing that message corrects the report.
	MessageID int
}

// NoPercent marks a report that states no percentage.
const NoPercent = -1

// ApplyReport changes it as recording report p does: a closing report or a
// stated 100% closes it, another stated percent becomes its own (reopening
// a done item), and any other report starts a not-started item; a note
// saying that work has not started (p.Note) changes neither status nor
// percent. Store and benchmark generator share it.
func (it *Item) ApplyReport(p Progress) {
	switch {
	case p.Done, p.Percent == 100:
		it.Status, it.Percent = StatusDone, 100
	case p.Note:
	case p.Percent != NoPercent:
		it.Percent = p.Percent
		if it.Status == StatusTodo || it.Status == StatusDone {
			it.Status = StatusDoing
		}
	case it.Status == StatusTodo:
		it.Status = StatusDoing
	}
}

// Chat is a Telegram chat the bot has seen.
type Chat struct {
	ID       int64
	Type     string // private, group, supergroup, channel
	Title    string
	Served   bool
	BoundBy  int64
	BoundAt  time.Time
	Paused   bool // the bot was removed; nothing more is sent
	Settings ChatSettings
}

// ChatSettings are the per-group schedule settings admins change with /settings.
type ChatSettings struct {
	WeeklyOff    bool   `json:"weekly_off,omitempty"`
	DeadlinesOff bool   `json:"deadlines_off,omitempty"`
	MonthlyOff   bool   `json:"monthly_off,omitempty"`
	WeeklyDay    int    `json:"weekly_day,omitempty"`  // 1=Monday … 7=Sunday; 0 = default
	WeeklyTime   string `json:"weekly_time,omitempty"` // "08:30"; empty = default
}

// ScheduleSpecs are the global cron specs of the reminders (config
// schedule.weekly, schedule.deadlines, schedule.monthly); "" is off. A
// chat's ChatSettings adjust them.
type ScheduleSpecs struct {
	Weekly    string
	Deadlines string
	Monthly   string
}

// Member is a user registered to a department in a chat (/iam 督导室).
type Member struct {
	ChatID     int64
	UserID     int64
	Name       string
	Username   string
	Department string
	UpdatedAt  time.Time
}

// User is a Telegram user the bot has seen.
type User struct {
	ID       int64
	Name     string
	Username string
	// SeenServed is set once the user wrote in a served group; it lets them
	// use the bot in a private chat.
	SeenServed bool
	LastSeen   time.Time
}

// NormalizeOwner trims the decorations people put around unit names so that
// "督导室" and "（督导室）" match.
func NormalizeOwner(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "()（）[]【】:：,，;；、。. ")
	return s
}
