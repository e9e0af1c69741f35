package config

import (
	"fmt"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// Unit is one entry of units: a unit's name as the plans write it, the
// other names staff use for it, and its 分管领导 (Telegram user ids), who
// get the last step of a 催办. Leaders may also be added in chat with
// /leader.
type Unit struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
	Leaders []int64  `yaml:"leaders"`
}

// Workflow configures how items are closed and acknowledged.
type Workflow struct {
	// Review: a member's /done asks the reviewers (申请办结 → 销号 or 退回)
	// instead of closing the item. Default on.
	Review bool `yaml:"review"`
	// ReviewIn is where the reviewers get a request: "group" (the group it
	// was made in) or "private" (each reviewer privately).
	ReviewIn string `yaml:"review_in"`
	// ReviewDays: a request pending this long reminds the reviewers.
	ReviewDays int `yaml:"review_days"`
	// AckDays: the weekly reminder lists items not acknowledged (签收) this
	// many days after they were assigned.
	AckDays int `yaml:"ack_days"`
}

// Urge configures the escalating 催办 of overdue items.
type Urge struct {
	Steps []UrgeStep `yaml:"steps"`
}

// UrgeStep is one step: once an item is Days days overdue, Send goes out
// (line: a line in the group's daily reminder; notice: a numbered 催办单 to
// the group; leader: the 催办单 privately to the unit's 分管领导).
type UrgeStep struct {
	Days int    `yaml:"days"`
	Send string `yaml:"send"`
}

// UnitsOf returns the configured units for the domain.
func (c Config) UnitsOf() duban.Units {
	out := make(duban.Units, 0, len(c.Units))
	for _, u := range c.Units {
		out = append(out, duban.Unit{Name: strings.TrimSpace(u.Name), Aliases: u.Aliases, Leaders: u.Leaders})
	}
	return out
}

// UrgeSteps returns urge.steps for the domain.
func (c Config) UrgeSteps() []duban.UrgeStep {
	out := make([]duban.UrgeStep, 0, len(c.Urge.Steps))
	for _, s := range c.Urge.Steps {
		out = append(out, duban.UrgeStep{Days: s.Days, Kind: duban.UrgeKind(s.Send)})
	}
	return out
}

// defaultUrgeSteps are urge.steps when the file says nothing.
func defaultUrgeSteps() []UrgeStep {
	var out []UrgeStep
	for _, s := range duban.DefaultUrgeSteps() {
		out = append(out, UrgeStep{Days: s.Days, Send: string(s.Kind)})
	}
	return out
}

// validateWorkflow checks units, workflow and urge.
func (c Config) validateWorkflow(bad func(key, format string, args ...any)) {
	seen := map[string]string{}
	for i, u := range c.Units {
		key := fmt.Sprintf("units[%d]", i)
		if strings.TrimSpace(u.Name) == "" {
			bad(key+".name", "is required")
			continue
		}
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			k := strings.ToLower(strings.Join(strings.Fields(n), ""))
			if k == "" {
				bad(key+".aliases", "has an empty name")
				continue
			}
			if other, ok := seen[k]; ok && other != u.Name {
				bad(key, "the name %q is also %s's", n, other)
			}
			seen[k] = u.Name
		}
		for _, id := range u.Leaders {
			if id <= 0 {
				bad(key+".leaders", "must be Telegram user ids (positive numbers), got %d", id)
			}
		}
	}
	for _, id := range c.Access.Reviewers {
		if id <= 0 {
			bad("access.reviewers", "must be Telegram user ids (positive numbers), got %d", id)
		}
	}
	switch c.Workflow.ReviewIn {
	case "group", "private":
	default:
		bad("workflow.review_in", "must be group or private, got %q", c.Workflow.ReviewIn)
	}
	if c.Workflow.ReviewDays < 1 || c.Workflow.ReviewDays > 60 {
		bad("workflow.review_days", "must be between 1 and 60, got %d", c.Workflow.ReviewDays)
	}
	if c.Workflow.AckDays < 1 || c.Workflow.AckDays > 60 {
		bad("workflow.ack_days", "must be between 1 and 60, got %d", c.Workflow.AckDays)
	}
	last := 0
	kinds := map[string]bool{}
	for i, s := range c.Urge.Steps {
		key := fmt.Sprintf("urge.steps[%d]", i)
		switch s.Send {
		case string(duban.UrgeLine), string(duban.UrgeNotice), string(duban.UrgeLeader):
		default:
			bad(key+".send", "must be line, notice or leader, got %q", s.Send)
		}
		if kinds[s.Send] {
			bad(key+".send", "%s is listed twice", s.Send)
		}
		kinds[s.Send] = true
		if s.Days < 1 || s.Days > 365 {
			bad(key+".days", "must be between 1 and 365, got %d", s.Days)
		} else if s.Days <= last {
			bad(key+".days", "steps must go up in days, got %d after %d", s.Days, last)
		}
		last = max(last, s.Days)
	}
}
