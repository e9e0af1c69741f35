package duban

import (
	"context"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-02-27")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"string", d.String(), "2026-02-27"},
		{"add across month end", d.AddDays(2).String(), "2026-03-01"},
		{"add back across year", Date{2026, 1, 1}.AddDays(-1).String(), "2025-12-31"},
		{"days until", d.DaysUntil(Date{2026, 3, 3}), 4},
		{"days until earlier", d.DaysUntil(Date{2026, 2, 20}), -7},
		{"before", d.Before(Date{2026, 2, 28}), true},
		{"after", d.After(Date{2026, 2, 28}), false},
		{"zero", Date{}.IsZero(), true},
		{"zero string", Date{}.String(), ""},
		{"of a time in its zone", DateOf(time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))).String(), "2026-11-25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("2026-02-30 parsed")
	}
}

func TestItemRules(t *testing.T) {
	today := Date{2026, 11, 25}
	cutoff := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	old := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name           string
		it             Item
		overdue, stale bool
	}{
		{"open, past deadline, never reported", Item{Kind: KindTask, Status: StatusTodo, Deadline: Date{2026, 11, 24}, CreatedAt: old}, true, true},
		{"due today is not overdue", Item{Kind: KindTask, Status: StatusDoing, Deadline: today, CreatedAt: old, LastReportAt: recent}, false, false},
		{"done is neither", Item{Kind: KindTask, Status: StatusDone, Deadline: Date{2026, 1, 1}, CreatedAt: old}, false, false},
		{"cancelled is neither", Item{Kind: KindTask, Status: StatusCancelled, Deadline: Date{2026, 1, 1}, CreatedAt: old}, false, false},
		{"no deadline is never overdue", Item{Kind: KindTask, Status: StatusTodo, CreatedAt: old}, false, true},
		{"reported long ago is stale", Item{Kind: KindTask, Status: StatusDoing, CreatedAt: old, LastReportAt: old}, false, true},
		{"new item is not stale yet", Item{Kind: KindTask, Status: StatusTodo, CreatedAt: recent}, false, false},
		{"a section is never stale", Item{Kind: KindSection, Status: StatusTodo, CreatedAt: old}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.it.Overdue(today); got != tt.overdue {
				t.Errorf("Overdue = %v", got)
			}
			if got := tt.it.Stale(cutoff); got != tt.stale {
				t.Errorf("Stale = %v", got)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	err := Errorf(ENOTFOUND, "item #%d not found", 12)
	if ErrorCode(err) != ENOTFOUND || ErrorMessage(err) != "item #12 not found" {
		t.Errorf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if ErrorCode(context.Canceled) != EINTERNAL || ErrorMessage(context.Canceled) != "internal error" {
		t.Error("a plain error must read as internal, its text hidden")
	}
	if ErrorCode(nil) != "" {
		t.Error("nil has a code")
	}
	if a := ActorFrom(WithActor(context.Background(), Actor{UserID: 7, Via: "cli"})); a.UserID != 7 || a.Via != "cli" {
		t.Errorf("actor = %+v", a)
	}
	if NormalizeOwner(" （督导室） ") != "督导室" {
		t.Errorf("NormalizeOwner = %q", NormalizeOwner(" （督导室） "))
	}
}

// TestApplyReport: what recording a report does to its task's status and
// percent.
func TestApplyReport(t *testing.T) {
	for _, c := range []struct {
		name    string
		it      Item
		p       Progress
		status  Status
		percent int
	}{
		{"words only start a task", Item{Status: StatusTodo}, Progress{Percent: NoPercent}, StatusDoing, 0},
		{"words only leave one in progress", Item{Status: StatusDoing, Percent: 40}, Progress{Percent: NoPercent}, StatusDoing, 40},
		{"a note that work has not started", Item{Status: StatusTodo}, Progress{Percent: NoPercent, Note: true}, StatusTodo, 0},
		{"a percent becomes its own", Item{Status: StatusTodo}, Progress{Percent: 60}, StatusDoing, 60},
		{"a lower percent too", Item{Status: StatusDoing, Percent: 60}, Progress{Percent: 30}, StatusDoing, 30},
		{"100% closes it", Item{Status: StatusDoing, Percent: 90}, Progress{Percent: 100}, StatusDone, 100},
		{"closing", Item{Status: StatusDoing, Percent: 20}, Progress{Percent: NoPercent, Done: true}, StatusDone, 100},
		{"words on a closed task keep it closed", Item{Status: StatusDone, Percent: 100}, Progress{Percent: NoPercent}, StatusDone, 100},
		{"a percent opens it again", Item{Status: StatusDone, Percent: 100}, Progress{Percent: 80}, StatusDoing, 80},
	} {
		t.Run(c.name, func(t *testing.T) {
			it := c.it
			it.ApplyReport(c.p)
			if it.Status != c.status || it.Percent != c.percent {
				t.Errorf("%s %d%%; want %s %d%%", it.Status, it.Percent, c.status, c.percent)
			}
		})
	}
}
