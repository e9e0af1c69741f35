package duban

import (
	"context"
	"slices"
	"strings"
)

// Scope limits what a served group sees: a school's group sees the items
// its own units lead (or support), or the items of some plans. The zero
// Scope sees everything (the bureau's group).
type Scope struct {
	Units []string // lead or partner units; a name matches when one contains the other
	Plans []string // plan names
}

// Empty reports whether s limits nothing.
func (s Scope) Empty() bool { return len(s.Units) == 0 && len(s.Plans) == 0 }

// Allows reports whether an item of the plan named plan is in the scope.
// Sections are in scope whenever their plan is: they hold tasks, and the
// tasks are filtered one by one.
func (s Scope) Allows(it Item, plan string) bool {
	if len(s.Plans) > 0 && !slices.Contains(s.Plans, plan) {
		return false
	}
	if len(s.Units) == 0 || it.Kind == KindSection {
		return true
	}
	for _, u := range s.Units {
		if UnitMatch(u, it.Owner) {
			return true
		}
		for _, p := range it.Partners {
			if UnitMatch(u, p) {
				return true
			}
		}
	}
	return false
}

// UnitMatch reports whether two unit names denote the same unit: equal, or
// one contains the other ("督导" and "督导室").
func UnitMatch(a, b string) bool {
	return a != "" && b != "" && (a == b || strings.Contains(a, b) || strings.Contains(b, a))
}

type scopeKey struct{}

// WithScope returns a context whose item reads are limited to s. The
// handlers set it once per message from the chat's scope and the
// scheduler once per group, so that every list, search, count and ledger
// built under it shows the group's scope only.
func WithScope(ctx context.Context, s Scope) context.Context {
	if s.Empty() {
		return ctx
	}
	return context.WithValue(ctx, scopeKey{}, s)
}

// ScopeFrom returns the scope in ctx, the zero Scope when none.
func ScopeFrom(ctx context.Context) Scope {
	s, _ := ctx.Value(scopeKey{}).(Scope)
	return s
}

// MemberStatus is a user's standing in a Telegram chat, as getChatMember
// and chat_member updates tell it.
type MemberStatus string

// The statuses Telegram knows.
const (
	MemberCreator       MemberStatus = "creator"
	MemberAdministrator MemberStatus = "administrator"
	MemberMember        MemberStatus = "member"
	MemberRestricted    MemberStatus = "restricted" // still in the chat, with fewer rights
	MemberLeft          MemberStatus = "left"
	MemberKicked        MemberStatus = "kicked"
)

// Admin reports whether the status administers the chat.
func (s MemberStatus) Admin() bool { return s == MemberCreator || s == MemberAdministrator }

// In reports whether the user belongs to the chat.
func (s MemberStatus) In() bool { return s.Admin() || s == MemberMember || s == MemberRestricted }

// MemberChange is a chat_member update: someone joined, left, was removed,
// promoted or demoted.
type MemberChange struct {
	UserID int64
	Status MemberStatus
}
