package access

import (
	"context"
	"slices"

	"github.com/duban-bot/duban/duban"
)

// RolesStore is what the roles read beside Store: the 分管领导 added in
// chat and the names of users.
type RolesStore interface {
	Leaders(ctx context.Context) (map[string][]duban.User, error)
	User(ctx context.Context, id int64) (duban.User, error)
}

// Reviewer reports whether userID may review closing requests (销号 /
// 退回): a 督办员 (access.reviewers) or a plan admin.
func (p *Policy) Reviewer(ctx context.Context, userID int64) bool {
	if userID == 0 {
		return false
	}
	return slices.Contains(p.cfg.Reviewers, userID) || p.PlanAdmin(ctx, userID)
}

// Reviewers returns the configured 督办员 and the plan admins of the
// configuration: whom a closing request is sent to privately.
func (p *Policy) Reviewers() []int64 {
	out := slices.Clone(p.cfg.Reviewers)
	for _, id := range p.cfg.Admins {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Units returns the configured units (names, aliases, leaders).
func (p *Policy) Units() duban.Units { return p.cfg.Units }

// LeadersOf returns the 分管领导 of unit: those of the configuration and
// those added in chat with /leader, each once, with their names when the
// bot has seen them.
func (p *Policy) LeadersOf(ctx context.Context, unit string) []duban.User {
	var out []duban.User
	add := func(u duban.User) {
		if u.ID != 0 && !slices.ContainsFunc(out, func(o duban.User) bool { return o.ID == u.ID }) {
			out = append(out, u)
		}
	}
	if u, ok := p.cfg.Units.Find(unit); ok {
		for _, id := range u.Leaders {
			add(p.user(ctx, id))
		}
	}
	for name, users := range p.leaders(ctx) {
		if p.cfg.Units.Same(name, unit) {
			for _, u := range users {
				add(u)
			}
		}
	}
	return out
}

// LedUnits returns the units userID is a 分管领导 of, configured names
// first.
func (p *Policy) LedUnits(ctx context.Context, userID int64) []string {
	if userID == 0 {
		return nil
	}
	var out []string
	for _, u := range p.cfg.Units {
		if slices.Contains(u.Leaders, userID) {
			out = append(out, u.Name)
		}
	}
	for name, users := range p.leaders(ctx) {
		name = p.cfg.Units.Canonical(name)
		if slices.ContainsFunc(users, func(u duban.User) bool { return u.ID == userID }) && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

func (p *Policy) leaders(ctx context.Context) map[string][]duban.User {
	rs, ok := p.st.(RolesStore)
	if !ok {
		return nil
	}
	m, err := rs.Leaders(ctx)
	if err != nil {
		p.log.WarnContext(ctx, "access: load leaders", "err", err)
		return nil
	}
	return m
}

func (p *Policy) user(ctx context.Context, id int64) duban.User {
	if rs, ok := p.st.(RolesStore); ok {
		if u, err := rs.User(ctx, id); err == nil {
			return u
		}
	}
	return duban.User{ID: id}
}
