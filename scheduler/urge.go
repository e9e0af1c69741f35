package scheduler

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// UrgeStore is what the escalating 催办 needs of the store.
type UrgeStore interface {
	RecordUrges(ctx context.Context, reqs []duban.UrgeRequest, render func([]duban.Urge) []duban.Outgoing) (recorded, skipped []duban.Urge, err error)
	UrgeSteps(ctx context.Context) (map[int64]map[duban.UrgeKind]bool, error)
	RunUrges(ctx context.Context, run string) ([]duban.Urge, error)
	UrgeFailed(ctx context.Context, ids []int64, reason string) error
	LatestReports(ctx context.Context, planID int64) (map[int64]duban.Progress, error)
	Chat(ctx context.Context, id int64) (duban.Chat, error)
	User(ctx context.Context, id int64) (duban.User, error)
	Item(ctx context.Context, number int) (duban.Item, error)
}

// urgeJob names the daily escalation pass in the runs table (chat 0).
const urgeJob = "urge"

// hintJob names the one-time hint to a 分管领导 to start the bot, per
// group and leader.
const hintJob = "start-hint"

// noticesInFull is how many 催办单 one group gets in full a day; the rest
// are listed a line each, so that a first pass over a long-neglected plan
// does not flood the group.
const noticesInFull = 10

// escalate runs the daily escalation pass, and reminds the reviewers of
// waiting closing requests, when the deadlines schedule is due on a
// workday and that has not been done for the day.
func (s *Scheduler) escalate(ctx context.Context, now time.Time) {
	if len(s.cfg.UrgeSteps) == 0 && s.cfg.ReviewDays <= 0 || s.cfg.Specs.Deadlines == "" {
		return
	}
	sched, err := ParseSpec(s.cfg.Specs.Deadlines)
	if err != nil {
		return // Start reported it
	}
	d := Due(Deadlines, sched, now, s.cfg.CatchUp, s.cal)
	if !d.Run || d.Period == s.escalated || !s.cal.Workday(duban.DateOf(now)) {
		return
	}
	done, err := s.st.DoneRuns(ctx, urgeJob, d.Period)
	if err != nil {
		s.logErr(ctx, "scheduler: escalation", "err", err)
		return
	}
	if !done[0] {
		n, err := s.Escalate(ctx, now)
		if err != nil {
			s.logErr(ctx, "scheduler: escalation", "err", err)
			return
		}
		if _, err := s.st.EnqueueRun(ctx, urgeJob, 0, d.Period, nil); err != nil {
			s.logErr(ctx, "scheduler: escalation", "err", err)
			return
		}
		r, err := s.RemindReviews(ctx, now)
		if err != nil {
			s.logErr(ctx, "scheduler: review reminder", "err", err)
		}
		if n > 0 || r > 0 {
			s.log.Info("scheduler: 催办 recorded", "day", d.Period, "urges", n, "reviews_reminded", r)
			s.sender.Notify()
		}
	}
	s.escalated = d.Period
}

// urgeTarget is one overdue task and the steps it reaches today.
type urgeTarget struct {
	item  duban.Item
	days  int
	steps []duban.UrgeKind
}

// Escalate takes every overdue open task one step further (urge.steps),
// each step once per item and deadline, and queues what the steps send:
// per group one message with its new 催办单, per 分管领导 one private
// message. Tasks awaiting review are not chased. It returns how many 催办
// it recorded. The scheduler calls it once each workday, with the
// deadlines job; it is exported for the tests and the benchmark.
func (s *Scheduler) Escalate(ctx context.Context, now time.Time) (int, error) {
	if len(s.cfg.UrgeSteps) == 0 {
		return 0, nil
	}
	now = now.In(s.cfg.Loc)
	today := duban.DateOf(now)
	items, err := s.st.OpenTasks(ctx, time.Time{})
	if err != nil {
		return 0, err
	}
	taken, err := s.st.UrgeSteps(ctx)
	if err != nil {
		return 0, err
	}
	var targets []urgeTarget
	for _, it := range items {
		if it.Kind != duban.KindTask || !it.Open() || it.Deadline.IsZero() || it.Review != 0 {
			continue
		}
		days := it.Deadline.DaysUntil(today)
		if days <= 0 {
			continue
		}
		t := urgeTarget{item: it, days: days}
		for _, st := range s.cfg.UrgeSteps {
			if days >= st.Days && !taken[it.ID][st.Kind] {
				t.steps = append(t.steps, st.Kind)
			}
		}
		if len(t.steps) > 0 {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return 0, nil
	}
	// The most overdue first: they are the 催办单 shown in full.
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].days > targets[j].days })
	chats, err := s.ServedChats(ctx)
	if err != nil {
		return 0, err
	}
	plans, err := s.planNames(ctx)
	if err != nil {
		return 0, err
	}
	latest, err := s.st.LatestReports(ctx, 0)
	if err != nil {
		return 0, err
	}
	g := urgePass{ctx: ctx, s: s, today: today, chats: chats, plans: plans, latest: latest, items: map[int64]duban.Item{},
		members: map[int64][]duban.Member{}, leaders: map[string][]duban.User{}}
	var reqs []duban.UrgeRequest
	for _, t := range targets {
		g.items[t.item.ID] = t.item
		for _, kind := range t.steps {
			switch kind {
			case duban.UrgeNotice:
				if len(g.groupsOf(t.item)) == 0 {
					continue // no group sees it: nothing to send
				}
			case duban.UrgeLeader:
				if len(g.leadersOf(ctx, t.item.Owner)) == 0 {
					continue // no 分管领导 known yet: the step waits for one
				}
			}
			reqs = append(reqs, duban.UrgeRequest{Number: t.item.Number, Item: t.item, Key: t.item.Deadline.String(),
				Urge: duban.Urge{Kind: kind, DaysOverdue: t.days, CreatedAt: now}})
		}
	}
	if err := g.loadMembers(ctx); err != nil {
		return 0, err
	}
	recorded, _, err := s.st.RecordUrges(ctx, reqs, g.render)
	if err != nil {
		return 0, err
	}
	for _, h := range g.hints {
		if _, err := s.st.EnqueueRun(ctx, hintJob, h.chat, fmt.Sprint(h.leader.ID), []duban.Outgoing{{ChatID: h.chat,
			Text: report.StartHint(h.leader, h.unit, s.cfg.Lang)}}); err != nil {
			return len(recorded), err
		}
	}
	if ids := g.failedIDs(recorded); len(ids) > 0 {
		if err := s.st.UrgeFailed(ctx, ids, report.Tr(s.cfg.Lang, "分管领导尚未私聊机器人", "the leader has not started the bot")); err != nil {
			return len(recorded), err
		}
	}
	return len(recorded), nil
}

// planNames maps plan ids to names, for the groups' scopes.
func (s *Scheduler) planNames(ctx context.Context) (map[int64]string, error) {
	plans, err := s.st.Plans(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(plans))
	for _, p := range plans {
		out[p.ID] = p.Name
	}
	return out, nil
}

// urgePass is one escalation pass: who gets what.
type urgePass struct {
	ctx     context.Context
	s       *Scheduler
	today   duban.Date
	chats   []duban.Chat
	plans   map[int64]string
	latest  map[int64]duban.Progress
	items   map[int64]duban.Item
	members map[int64][]duban.Member // by group
	leaders map[string][]duban.User  // by unit
	hints   []startHint
	reach   map[int64]bool // whether each leader can be written to
}

type startHint struct {
	chat   int64
	leader duban.User
	unit   string
}

// groupsOf returns the served groups whose scope holds the item.
func (g *urgePass) groupsOf(it duban.Item) []int64 {
	var out []int64
	for _, c := range g.chats {
		sc := duban.Scope{}
		if g.s.cfg.Access != nil {
			sc = g.s.cfg.Access.Scope(c.ID)
		}
		if sc.Allows(it, g.plans[it.PlanID]) {
			out = append(out, c.ID)
		}
	}
	return out
}

// leadersOf returns the unit's 分管领导, asked once per pass.
func (g *urgePass) leadersOf(ctx context.Context, unit string) []duban.User {
	if l, ok := g.leaders[unit]; ok {
		return l
	}
	var l []duban.User
	if g.s.cfg.Access != nil {
		l = g.s.cfg.Access.LeadersOf(ctx, unit)
	}
	g.leaders[unit] = l
	return l
}

func (g *urgePass) loadMembers(ctx context.Context) error {
	for _, c := range g.chats {
		ms, err := g.s.st.Members(ctx, c.ID)
		if err != nil {
			return err
		}
		g.members[c.ID] = ms
	}
	return nil
}

// render makes the messages of the 催办 recorded: per group one message
// (split when long) with its new 催办单, per 分管领导 one private message.
// A leader the bot cannot write to — never started it, or blocked it — is
// left out and the groups are asked, once, to tell them to start it.
func (g *urgePass) render(recorded []duban.Urge) []duban.Outgoing {
	lang := g.s.cfg.Lang
	byChat := map[int64][]duban.Urge{}
	byLeader := map[int64][]duban.Urge{}
	var chatOrder, leaderOrder []int64
	leaderOf := map[int64]duban.User{}
	for _, u := range recorded {
		it := g.items[u.ItemID]
		switch u.Kind {
		case duban.UrgeNotice:
			for _, c := range g.groupsOf(it) {
				if _, ok := byChat[c]; !ok {
					chatOrder = append(chatOrder, c)
				}
				byChat[c] = append(byChat[c], u)
			}
		case duban.UrgeLeader:
			for _, l := range g.leaders[it.Owner] {
				if !g.reachable(l) {
					g.unreachable(it, l)
					continue
				}
				if _, ok := byLeader[l.ID]; !ok {
					leaderOrder = append(leaderOrder, l.ID)
				}
				leaderOf[l.ID] = l
				byLeader[l.ID] = append(byLeader[l.ID], u)
			}
		}
	}
	var out []duban.Outgoing
	for _, c := range chatOrder {
		for _, text := range g.notices(byChat[c], g.members[c], nil, lang) {
			out = append(out, duban.Outgoing{ChatID: c, Text: text})
		}
	}
	for _, id := range leaderOrder {
		l := leaderOf[id]
		for _, text := range g.notices(byLeader[id], nil, &l, lang) {
			out = append(out, duban.Outgoing{ChatID: id, Text: text})
		}
	}
	return out
}

// notices words a list of 催办 for one addressee: the first ones in full,
// the rest a line each, split into messages Telegram takes.
func (g *urgePass) notices(us []duban.Urge, members []duban.Member, leader *duban.User, lang string) []string {
	var parts []string
	for i, u := range us {
		it := g.items[u.ItemID]
		if i == noticesInFull {
			parts = append(parts, report.Tr(lang, fmt.Sprintf("另有%d项逾期事项今日发出催办单：", len(us)-noticesInFull),
				fmt.Sprintf("%d more overdue items got a notice today:", len(us)-noticesInFull)))
		}
		if i >= noticesInFull {
			parts = append(parts, fmt.Sprintf("%s %s", report.Esc(u.Serial), report.ItemLine(it, g.today, lang)))
			continue
		}
		in := report.UrgeInput{Item: it, Urge: u, Members: members, Leader: leader, Today: g.today, Loc: g.s.cfg.Loc}
		if p, ok := g.latest[it.ID]; ok {
			in.Latest = &p
		}
		parts = append(parts, report.UrgeNotice(in, lang))
	}
	return report.SplitMessage(strings.Join(parts, "\n\n"), report.MaxMessageRunes)
}

// reachable reports whether the bot may write to a leader privately: they
// opened a private chat with it, and it was not closed since.
func (g *urgePass) reachable(l duban.User) bool {
	if ok, seen := g.reach[l.ID]; seen {
		return ok
	}
	c, err := g.s.st.Chat(g.ctx, l.ID)
	ok := err == nil && c.Type == duban.ChatPrivate && !c.Paused
	if g.reach == nil {
		g.reach = map[int64]bool{}
	}
	g.reach[l.ID] = ok
	return ok
}

// unreachable notes a leader the 催办单 of it cannot reach: the groups
// that see it are asked once to have them start the bot.
func (g *urgePass) unreachable(it duban.Item, l duban.User) {
	for _, c := range g.groupsOf(it) {
		h := startHint{chat: c, leader: l, unit: it.Owner}
		if !slices.ContainsFunc(g.hints, func(o startHint) bool { return o.chat == h.chat && o.leader.ID == h.leader.ID }) {
			g.hints = append(g.hints, h)
		}
	}
}

// failedIDs are the leader 催办 that reached no leader at all.
func (g *urgePass) failedIDs(recorded []duban.Urge) []int64 {
	var out []int64
	for _, u := range recorded {
		if u.Kind == duban.UrgeLeader && !slices.ContainsFunc(g.leaders[u.Owner], g.reachable) {
			out = append(out, u.ID)
		}
	}
	return out
}

// privateRefused handles a 催办单 Telegram refused to deliver to a
// private chat (403: the leader never started the bot, or blocked it):
// the 催办 are marked undelivered and the groups that see the items are
// asked, once per leader, to have them start the bot. The group itself is
// never paused for it.
func (s *Scheduler) privateRefused(ctx context.Context, m duban.OutboxMessage, reason string) {
	if !strings.HasPrefix(m.Run, "urge:") || m.Msg.ChatID <= 0 {
		return
	}
	urges, err := s.st.RunUrges(ctx, m.Run)
	if err != nil {
		s.logErr(ctx, "scheduler: 催办 not delivered", "err", err, "run", m.Run)
		return
	}
	leader, err := s.st.User(ctx, m.Msg.ChatID)
	if err != nil {
		leader = duban.User{ID: m.Msg.ChatID}
	}
	chats, err := s.ServedChats(ctx)
	if err != nil {
		s.logErr(ctx, "scheduler: 催办 not delivered", "err", err)
		return
	}
	plans, err := s.planNames(ctx)
	if err != nil {
		s.logErr(ctx, "scheduler: 催办 not delivered", "err", err)
		return
	}
	g := urgePass{ctx: ctx, s: s, chats: chats, plans: plans}
	var ids []int64
	hinted := map[int64]bool{}
	for _, u := range urges {
		if u.Kind != duban.UrgeLeader {
			continue
		}
		ids = append(ids, u.ID)
		it, err := s.st.Item(ctx, u.ItemNumber)
		if err != nil {
			continue
		}
		for _, c := range g.groupsOf(it) {
			if hinted[c] {
				continue
			}
			hinted[c] = true
			if _, err := s.st.EnqueueRun(ctx, hintJob, c, fmt.Sprint(leader.ID), []duban.Outgoing{{ChatID: c,
				Text: report.StartHint(leader, u.Owner, s.cfg.Lang)}}); err != nil {
				s.logErr(ctx, "scheduler: start hint", "err", err)
			}
		}
	}
	why := report.Tr(s.cfg.Lang, "分管领导尚未私聊机器人", "the leader has not started the bot")
	if err := s.st.UrgeFailed(ctx, ids, why); err != nil {
		s.logErr(ctx, "scheduler: 催办 not delivered", "err", err)
	}
	s.log.Warn("scheduler: 催办单 refused by Telegram in a private chat; the groups were asked to have the leader start the bot",
		"leader", leader.ID, "reason", reason, "urges", len(ids))
	s.sender.Notify()
}
