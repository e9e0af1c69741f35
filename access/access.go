// Package access decides who may see and change the bureau's plan. It is
// the one place these rules live; the handlers ask it about every message
// and the scheduler about every group it writes to.
//
//   - Plan admins are the users of Config.Admins (access.admins) and those a
//     plan admin granted with /grant. Only they bind groups and change the
//     plan (import, add, edit, delete, deadlines, approvals), anywhere.
//   - A group is served when Config.Chats lists it, or a plan admin bound
//     it (a binding by someone who is no longer a plan admin lapses).
//   - Telegram administrators of a served group, anonymous ones included
//     (a message sent on behalf of the group itself), may change that
//     group's settings and register its members — nothing of the plan.
//     Telegram's answer is reused for at most Config.TTL (≤ 60 s) and
//     dropped at once when a chat_member update says the user's standing
//     changed.
//   - A private chat is served for plan admins, and for users who belong
//     to a served group now: they were seen writing there and Telegram
//     says they are still in it (reused for at most Config.TTL). Leaving,
//     being removed, or the group being unbound ends it.
//   - A group may be scoped (Config.Scopes, access.groups_scope) to some
//     units or plans: what it sees is limited through duban.WithScope.
package access

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Store is what the rules read: chats and their binding, the users granted
// plan-admin rights, and the groups each user was seen writing in.
type Store interface {
	Chat(ctx context.Context, id int64) (duban.Chat, error)
	Granted(ctx context.Context, userID int64) (bool, error)
	UserChats(ctx context.Context, userID int64) ([]int64, error)
}

// Telegram tells a user's standing in a chat (getChatMember).
type Telegram interface {
	ChatMember(ctx context.Context, chatID, userID int64) (duban.MemberStatus, error)
}

// Config is the access section of the configuration.
type Config struct {
	Admins []int64               // access.admins
	Chats  []int64               // access.chats
	Scopes map[int64]duban.Scope // access.groups_scope
	// Reviewers are the 督办员 (access.reviewers): they review closing
	// requests beside the plan admins.
	Reviewers []int64
	// Units are the configured units: aliases and 分管领导.
	Units duban.Units
	// TTL bounds how long Telegram's answer about a user's standing is
	// reused; 0 means DefaultTTL, and more than MaxTTL is cut to it.
	TTL time.Duration
}

// DefaultTTL and MaxTTL bound the reuse of Telegram's answers: a demoted
// admin or a member who left keeps nothing for longer than that, even when
// no chat_member update arrives (the bot sees those only as a group admin).
const (
	DefaultTTL = 30 * time.Second
	MaxTTL     = 60 * time.Second
)

// Policy applies the rules. It is safe for concurrent use.
type Policy struct {
	cfg Config
	st  Store
	tg  Telegram // nil: no Telegram (the console); standing is taken as recorded
	log *slog.Logger

	// Now returns the current time; tests pin it.
	Now func() time.Time

	mu    sync.Mutex
	cache map[memberKey]memberEntry
}

type memberKey struct{ chat, user int64 }

type memberEntry struct {
	status duban.MemberStatus
	until  time.Time
}

// maxCache bounds the cache of Telegram answers.
const maxCache = 8192

// New returns a Policy. tg may be nil where there is no Telegram (the
// terminal console): then no one is a group admin and recorded group
// membership is trusted.
func New(cfg Config, st Store, tg Telegram, log *slog.Logger) *Policy {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	cfg.TTL = min(cfg.TTL, MaxTTL)
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Policy{cfg: cfg, st: st, tg: tg, log: log, Now: time.Now, cache: map[memberKey]memberEntry{}}
}

// ConfigAdmins returns the plan admins of the configuration.
func (p *Policy) ConfigAdmins() []int64 { return slices.Clone(p.cfg.Admins) }

// IsConfigAdmin reports whether userID is a plan admin by configuration
// (whose rights /revoke cannot take).
func (p *Policy) IsConfigAdmin(userID int64) bool {
	return userID != 0 && slices.Contains(p.cfg.Admins, userID)
}

// PlanAdmin reports whether userID is a plan admin.
func (p *Policy) PlanAdmin(ctx context.Context, userID int64) bool {
	if userID == 0 {
		return false
	}
	if slices.Contains(p.cfg.Admins, userID) {
		return true
	}
	ok, err := p.st.Granted(ctx, userID)
	if err != nil {
		p.log.WarnContext(ctx, "access: load grant", "err", err, "user", userID)
		return false
	}
	return ok
}

// Listed reports whether the configuration serves the group (access.chats).
func (p *Policy) Listed(chatID int64) bool { return slices.Contains(p.cfg.Chats, chatID) }

// GroupServed reports whether the group is served: listed in the
// configuration, or bound by someone who is a plan admin.
func (p *Policy) GroupServed(ctx context.Context, chatID int64) bool {
	if p.Listed(chatID) {
		return true
	}
	c, err := p.st.Chat(ctx, chatID)
	if err != nil {
		if duban.ErrorCode(err) != duban.ENOTFOUND {
			p.log.WarnContext(ctx, "access: load chat", "err", err, "chat", chatID)
		}
		return false
	}
	return c.Served && p.PlanAdmin(ctx, c.BoundBy)
}

// GroupAdmin reports whether the sender of m administers m's group as
// Telegram says: an anonymous admin posting as the group, or a creator or
// administrator.
func (p *Policy) GroupAdmin(ctx context.Context, m duban.Message) bool {
	if !m.IsGroup() {
		return false
	}
	if m.SenderChatID != 0 && m.SenderChatID == m.ChatID {
		return true
	}
	if p.tg == nil || m.UserID == 0 {
		return false
	}
	st, err := p.status(ctx, m.ChatID, m.UserID)
	if err != nil {
		p.log.WarnContext(ctx, "access: check group admin", "err", err, "chat", m.ChatID, "user", m.UserID)
		return false
	}
	return st.Admin()
}

// PrivateServed reports whether userID may use the bot in a private chat:
// a plan admin, a 督办员, a 分管领导, or someone who belongs to a served
// group now.
func (p *Policy) PrivateServed(ctx context.Context, userID int64) bool {
	if p.PlanAdmin(ctx, userID) || slices.Contains(p.cfg.Reviewers, userID) {
		return true
	}
	if userID == 0 {
		return false
	}
	chats, err := p.st.UserChats(ctx, userID)
	if err != nil {
		p.log.WarnContext(ctx, "access: load user's groups", "err", err, "user", userID)
		return false
	}
	for _, c := range chats {
		if !p.GroupServed(ctx, c) {
			continue
		}
		if p.tg == nil {
			return true
		}
		st, err := p.status(ctx, c, userID)
		if err != nil {
			p.log.WarnContext(ctx, "access: check membership", "err", err, "chat", c, "user", userID)
			continue
		}
		if st.In() {
			return true
		}
	}
	// Last, as the rarest: a 分管领导 who belongs to no group.
	return len(p.LedUnits(ctx, userID)) > 0
}

// Scope returns what the group may see; the zero Scope for all.
func (p *Policy) Scope(chatID int64) duban.Scope { return p.cfg.Scopes[chatID] }

// Changed takes in a chat_member update: the user's standing in the chat
// is now st, so any reused answer about them there is dropped (a demoted
// admin loses their rights at once) and the new one is kept.
func (p *Policy) Changed(chatID, userID int64, st duban.MemberStatus) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cache[memberKey{chatID, userID}] = memberEntry{status: st, until: p.Now().Add(p.cfg.TTL)}
}

// status returns the user's standing in the chat, from Telegram or from an
// answer at most TTL old.
func (p *Policy) status(ctx context.Context, chatID, userID int64) (duban.MemberStatus, error) {
	key := memberKey{chatID, userID}
	now := p.Now()
	p.mu.Lock()
	e, ok := p.cache[key]
	p.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.status, nil
	}
	st, err := p.tg.ChatMember(ctx, chatID, userID)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	if len(p.cache) >= maxCache {
		for k, e := range p.cache {
			if !now.Before(e.until) {
				delete(p.cache, k)
			}
		}
		if len(p.cache) >= maxCache {
			clear(p.cache)
		}
	}
	p.cache[key] = memberEntry{status: st, until: now.Add(p.cfg.TTL)}
	p.mu.Unlock()
	return st, nil
}
