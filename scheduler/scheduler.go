// Package scheduler runs duban's scheduled jobs — the weekly reminder, the
// daily deadline nudges and the monthly briefing with the ledger — and
// delivers what they write through an outbox at the pace Telegram allows.
//
// When a job runs is decided by pure functions of the time (PrevFire, Due,
// Period, Calendar.Shift), so it is tested without sleeping. A job marks its
// period done and writes its messages to the outbox in one transaction
// (store.EnqueueRun): firing it again in the same period writes nothing, a
// restart repeats nothing, and a run missed while the process was down is
// made up when it comes back within the catch-up window. The Sender drains
// the outbox (see its doc for what a crash may repeat).
//
// Wiring, in main:
//
//	sched := scheduler.New(scheduler.Config{
//		Specs:     scheduler.Specs{Weekly: c.Schedule.Weekly, Deadlines: c.Schedule.Deadlines, Monthly: c.Schedule.Monthly},
//		CatchUp:   c.Schedule.CatchUp,
//		StaleDays: c.Remind.StaleDays, DeadlineDays: c.Remind.DeadlineDays,
//		GlobalPerSecond: c.Delivery.GlobalPerSecond, GroupPerMinute: c.Delivery.GroupPerMinute,
//		MaxAttempts: c.Delivery.MaxAttempts,
//		Holidays: holidays, Workdays: workdays, // calendar.* parsed with duban.ParseDate
//		Loc: loc, Lang: c.Language, ServedChats: c.Access.Chats,
//	}, st, tgBot, logger) // tgBot: *bot.Bot, whose Deliver makes one attempt
//	if err := sched.Start(ctx); err != nil { … }
//	defer sched.Stop()
//
// On demand: RunNow (duban remind …), Briefing (/briefing), ParseSettings
// with report.SettingsText (/settings), Sender().Drain (a CLI run with no
// service to send what it enqueued).
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/robfig/cron/v3"
)

// Config is what the scheduler is told; main fills it from config.Config.
type Config struct {
	Specs        Specs         // schedule.weekly|deadlines|monthly
	CatchUp      time.Duration // schedule.catch_up (6h)
	StaleDays    int           // remind.stale_days (14)
	DeadlineDays []int         // remind.deadline_days (7, 3, 1)

	GlobalPerSecond float64 // delivery.global_per_second (30)
	GroupPerMinute  int     // delivery.group_per_minute (20)
	MaxAttempts     int     // delivery.max_attempts (8)
	Inflight        int     // sends at once (4); see Sender

	Holidays []Holiday    // calendar.holidays
	Workdays []duban.Date // calendar.workdays
	// Official adds the State Council's published days off and make-up
	// workdays (calendar.official, default on).
	Official bool

	Loc         *time.Location // timezone
	Lang        string         // language
	ServedChats []int64        // access.chats: served without /bind
	// Standards judge the items (lights), the reporting cycle and the
	// ranking; the zero value means duban.DefaultStandards. Their Workday
	// is the scheduler's calendar.
	Standards duban.Standards
	// Access, when set, has the last word on which groups are served (a
	// binding by someone no longer a plan admin lapses) and limits what a
	// scoped group gets (access.groups_scope); it knows the 分管领导.
	Access Access
	// UrgeSteps are the escalating 催办 of overdue tasks (urge.steps); none
	// turns it off. The pass runs each workday on the deadlines schedule.
	UrgeSteps []duban.UrgeStep
	// AckDays: the weekly reminder lists tasks not acknowledged (签收)
	// this many days after they were assigned (workflow.ack_days, 3).
	AckDays int
	// ReviewDays: closing requests waiting this long remind the reviewers
	// (workflow.review_days; 0: never), in the group they were asked in
	// or, with ReviewPrivate, privately to each reviewer Access names.
	ReviewDays    int
	ReviewPrivate bool
	// Charts, when set, draws the monthly briefing's picture (the units'
	// bars and the completion trend), sent as a photo before the text;
	// nil sends none.
	Charts report.ChartDrawer
}

// Access is what the scheduler asks of the access rules (*access.Policy).
type Access interface {
	GroupServed(ctx context.Context, chatID int64) bool
	Scope(chatID int64) duban.Scope
	LeadersOf(ctx context.Context, unit string) []duban.User
	Reviewers() []int64
}

// Store is what the scheduler needs of the store.
type Store interface {
	OutboxStore
	ServedChats(ctx context.Context, extra []int64) ([]duban.Chat, error)
	Members(ctx context.Context, chatID int64) ([]duban.Member, error)
	report.MonthStore // items and reports as they stood, changes…
	OpenTasks(ctx context.Context, closedSince time.Time) ([]duban.Item, error)
	FirstReports(ctx context.Context, from, to time.Time) (map[int64]time.Time, error)
	DoneRuns(ctx context.Context, job, period string) (map[int64]bool, error)
	EnqueueRun(ctx context.Context, job string, chatID int64, period string, msgs []duban.Outgoing) (bool, error)
	PruneOutbox(ctx context.Context, before time.Time) error
	Unacknowledged(ctx context.Context, before time.Time) ([]duban.Item, error)
	UrgeStore
	ReviewStore
}

// keepRuns is how long finished outbox rows and run marks are kept.
const keepRuns = 90 * 24 * time.Hour

// Scheduler runs the jobs and the sender.
type Scheduler struct {
	// Now returns the current time for deciding what is due; tests pin it.
	// The sender paces by its own clock (Sender().Now), which must stay
	// real time against a real server.
	Now func() time.Time
	// Opening, when set, drafts the monthly briefing's opening paragraph
	// (plain text) for the days from..to; an error leaves it out.
	Opening func(ctx context.Context, from, to duban.Date) (string, error)

	cfg    Config
	st     Store
	cal    Calendar
	std    duban.Standards
	log    *slog.Logger
	sender *Sender

	tickMu    sync.Mutex
	missed    map[string]bool // job/period/spec already logged as missed
	lastPrune time.Time
	escalated string // the day the escalation pass last ran

	cron   *cron.Cron
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a scheduler; Start runs it. d is the bot's one-attempt send.
func New(cfg Config, st Store, d Deliverer, logger *slog.Logger) *Scheduler {
	if cfg.Loc == nil {
		cfg.Loc = time.UTC
	}
	if cfg.StaleDays <= 0 {
		cfg.StaleDays = 14
	}
	if cfg.DeadlineDays == nil {
		cfg.DeadlineDays = []int{7, 3, 1}
	}
	if cfg.Lang == "" {
		cfg.Lang = report.LangZH
	}
	if cfg.AckDays <= 0 {
		cfg.AckDays = 3
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{
		Now:    time.Now,
		cfg:    cfg,
		st:     st,
		cal:    NewCalendar(cfg.Holidays, cfg.Workdays, cfg.Official),
		std:    cfg.Standards,
		log:    logger,
		missed: map[string]bool{},
	}
	if s.std.Rules == (duban.Rules{}) {
		s.std.Rules = duban.DefaultRules()
		s.std.Rules.StaleDays = cfg.StaleDays
	}
	if s.std.Weights == (duban.Weights{}) {
		s.std.Weights = duban.DefaultWeights()
	}
	if s.std.Cycle == (duban.Cycle{}) {
		s.std.Cycle = duban.DefaultCycle()
	}
	s.std.Workday = s.cal.Workday
	s.sender = NewSender(SenderConfig{GlobalPerSecond: cfg.GlobalPerSecond, GroupPerMinute: cfg.GroupPerMinute,
		MaxAttempts: cfg.MaxAttempts, Inflight: cfg.Inflight}, st, d, logger)
	s.sender.privateGone = s.privateRefused
	return s
}

// Standards returns how the scheduler judges items and units, its
// calendar's workdays included: the handlers judge by the same.
func (s *Scheduler) Standards() duban.Standards { return s.std }

// Sender returns the scheduler's sender, e.g. to Drain it from the CLI.
func (s *Scheduler) Sender() *Sender { return s.sender }

// Start validates the specs, starts the cron runner and the sender, and
// makes up at once for runs missed while the process was down. Each job
// fires on its own spec; a minutely tick also looks at every job, for the
// groups with their own weekly day and time and for runs moved past a
// holiday. Ticks are idempotent, so firing twice costs a query.
func (s *Scheduler) Start(ctx context.Context) error {
	for _, job := range Jobs {
		if spec := specOf(s.cfg.Specs, job); spec != "" {
			if _, err := ParseSpec(spec); err != nil {
				return fmt.Errorf("schedule.%s: %w", job, err)
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	cl := cronLogger{s.log}
	// Recover sits inside SkipIfStillRunning: a panicking tick is logged
	// and releases its entry, instead of killing the process (cron's
	// default) or blocking the entry for good.
	c := cron.New(cron.WithLocation(s.cfg.Loc), cron.WithParser(specParser), cron.WithLogger(cl),
		cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)))
	for _, job := range Jobs {
		spec := specOf(s.cfg.Specs, job)
		if spec == "" {
			continue
		}
		if _, err := c.AddFunc(spec, func() { s.tick(ctx, job) }); err != nil {
			cancel()
			return fmt.Errorf("schedule.%s: %w", job, err)
		}
	}
	if _, err := c.AddFunc("* * * * *", func() { s.tick(ctx, Jobs...) }); err != nil {
		cancel()
		return err
	}
	s.cron, s.cancel, s.done = c, cancel, make(chan struct{})
	c.Start()
	go func() {
		defer close(s.done)
		s.sender.Run(ctx)
	}()
	go s.safeTick(ctx) // catch up now rather than at the next minute
	return nil
}

// Stop stops the cron runner and the sender, waiting for a running job
// and for the messages in flight to be answered and recorded.
func (s *Scheduler) Stop() {
	if s.cron == nil {
		return
	}
	s.cancel()
	<-s.cron.Stop().Done()
	<-s.done
	s.tickMu.Lock() // a catch-up tick still writing
	s.tickMu.Unlock()
}

func (s *Scheduler) safeTick(ctx context.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("scheduler: tick panicked", "panic", r)
		}
	}()
	s.tick(ctx, Jobs...)
}

// cronLogger routes cron's messages to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}

// target is one chat a job writes to, in a period.
type target struct {
	chat   duban.Chat
	period string
}

// tick runs the given jobs for every served chat where they are due.
func (s *Scheduler) tick(ctx context.Context, jobs ...Job) {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()
	if ctx.Err() != nil {
		return
	}
	now := s.Now().In(s.cfg.Loc)
	chats, err := s.ServedChats(ctx)
	if err != nil {
		s.logErr(ctx, "scheduler: load served chats", "err", err)
		return
	}
	for _, job := range jobs {
		targets, err := s.dueTargets(ctx, job, chats, now)
		if err != nil {
			s.logErr(ctx, "scheduler: decide", "job", job, "err", err)
			continue
		}
		if len(targets) == 0 {
			continue
		}
		if _, err := s.run(ctx, job, targets, now, false); err != nil {
			s.logErr(ctx, "scheduler: run", "job", job, "err", err)
		}
	}
	s.escalate(ctx, now)
	s.warnUnknownYear(now)
	if now.Sub(s.lastPrune) > 24*time.Hour {
		if err := s.st.PruneOutbox(ctx, now.Add(-keepRuns)); err != nil {
			s.logErr(ctx, "scheduler: prune outbox", "err", err)
		} else {
			s.lastPrune = now
		}
	}
}

// dueTargets returns the chats where job is due at now and not done yet,
// and logs (once) the runs missed beyond the catch-up window.
func (s *Scheduler) dueTargets(ctx context.Context, job Job, chats []duban.Chat, now time.Time) ([]target, error) {
	decisions := map[string]Decision{}
	done := map[string]map[int64]bool{}
	missed := map[string]int{}
	var out []target
	for _, c := range chats {
		spec := ChatSpec(s.cfg.Specs, job, c.Settings)
		if spec == "" {
			continue
		}
		d, ok := decisions[spec]
		if !ok {
			sched, err := ParseSpec(spec)
			if err != nil {
				s.log.Error("scheduler: bad schedule", "job", job, "chat", c.ID, "spec", spec, "err", err)
				decisions[spec] = Decision{}
				continue
			}
			d = Due(job, sched, now, s.cfg.CatchUp, s.cal)
			decisions[spec] = d
		}
		if !d.Run && !d.Missed {
			continue
		}
		if _, ok := done[d.Period]; !ok {
			set, err := s.st.DoneRuns(ctx, string(job), d.Period)
			if err != nil {
				return nil, err
			}
			done[d.Period] = set
		}
		if done[d.Period][c.ID] {
			continue
		}
		if d.Missed {
			missed[spec]++
			continue
		}
		out = append(out, target{chat: c, period: d.Period})
	}
	for spec, n := range missed {
		d := decisions[spec]
		key := string(job) + "/" + d.Period + "/" + spec
		if s.missed[key] {
			continue
		}
		s.missed[key] = true
		s.log.Warn("scheduler: run missed while down, skipped (older than the catch-up window)",
			"job", job, "period", d.Period, "was_due", d.Fire, "catch_up", s.cfg.CatchUp, "chats", n)
	}
	return out, nil
}

// RunNow runs job at once for chatID (0: every served chat where the job
// is not switched off) in the current period: the messages are enqueued
// unless the period is done for that chat already, and returned. With
// dryRun the messages are only rendered and returned; nothing is written.
// It backs `duban remind weekly|deadlines|monthly [--chat ID] [--dry-run]`.
func (s *Scheduler) RunNow(ctx context.Context, job Job, chatID int64, dryRun bool) ([]duban.Outgoing, error) {
	if _, err := ParseJob(string(job)); err != nil {
		return nil, err
	}
	now := s.Now().In(s.cfg.Loc)
	period := Period(job, now)
	chats, err := s.ServedChats(ctx)
	if err != nil {
		return nil, err
	}
	var targets []target
	for _, c := range chats {
		if chatID == 0 && jobOff(job, c.Settings) {
			continue // switched off in this chat
		}
		if chatID == 0 || c.ID == chatID {
			targets = append(targets, target{chat: c, period: period})
		}
	}
	if chatID != 0 && len(targets) == 0 {
		// Not served (yet): an explicit run still goes there.
		targets = append(targets, target{chat: duban.Chat{ID: chatID}, period: period})
	}
	return s.run(ctx, job, targets, now, dryRun)
}

// Briefing renders the monthly briefing with the ledger on demand
// (/briefing) for the month holding day month — up to today when that is
// the current month — without marking any period: the scheduled briefing
// still goes out.
func (s *Scheduler) Briefing(ctx context.Context, chatID int64, month duban.Date) ([]duban.Outgoing, error) {
	now := s.Now().In(s.cfg.Loc)
	from := duban.Date{Year: month.Year, Month: month.Month, Day: 1}
	data, err := s.load(s.scoped(ctx, chatID), Monthly, now, from)
	if err != nil {
		return nil, err
	}
	return s.render(Monthly, data, chatID, nil), nil
}

// ServedChats returns the groups the jobs write to: bound or listed, not
// paused, and served as the access rules say.
func (s *Scheduler) ServedChats(ctx context.Context) ([]duban.Chat, error) {
	chats, err := s.st.ServedChats(ctx, s.cfg.ServedChats)
	if err != nil || s.cfg.Access == nil {
		return chats, err
	}
	out := chats[:0]
	for _, c := range chats {
		if s.cfg.Access.GroupServed(ctx, c.ID) {
			out = append(out, c)
		}
	}
	return out, nil
}

// scoped returns ctx limited to what the chat may see.
func (s *Scheduler) scoped(ctx context.Context, chatID int64) context.Context {
	if s.cfg.Access == nil {
		return ctx
	}
	return duban.WithScope(ctx, s.cfg.Access.Scope(chatID))
}

// run renders job for each target and, unless dryRun, enqueues it with the
// period mark. It returns the messages rendered (dry run) or enqueued.
func (s *Scheduler) run(ctx context.Context, job Job, targets []target, now time.Time, dryRun bool) ([]duban.Outgoing, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	var from duban.Date
	if job == Monthly {
		// The period names the month reported.
		p, err := time.ParseInLocation("2006-01", targets[0].period, s.cfg.Loc)
		if err != nil {
			return nil, fmt.Errorf("monthly period %q: %w", targets[0].period, err)
		}
		from = duban.DateOf(p)
	}
	// What a job says is loaded once per scope: once for all the groups
	// that see the whole plan, once for each scoped group.
	loaded := map[string]*jobData{}
	var out []duban.Outgoing
	enqueued := 0
	for _, t := range targets {
		sctx := s.scoped(ctx, t.chat.ID)
		key := fmt.Sprint(duban.ScopeFrom(sctx))
		data, ok := loaded[key]
		var err error
		if !ok {
			if data, err = s.load(sctx, job, now, from); err != nil {
				return out, err
			}
			loaded[key] = data
		}
		var members []duban.Member
		if job != Monthly {
			if members, err = s.st.Members(ctx, t.chat.ID); err != nil {
				return out, err
			}
		}
		msgs := s.render(job, data, t.chat.ID, members)
		if dryRun {
			out = append(out, msgs...)
			continue
		}
		created, err := s.st.EnqueueRun(ctx, string(job), t.chat.ID, t.period, msgs)
		if err != nil {
			return out, err
		}
		if created {
			out = append(out, msgs...)
			enqueued++
		}
	}
	if enqueued > 0 {
		s.log.Info("scheduler: enqueued", "job", job, "period", targets[0].period, "chats", enqueued, "messages", len(out))
		s.sender.Notify()
	}
	return out, nil
}

// warnUnknownYear warns, once a day in December, when next year's official
// days off are not known yet: reminders would then go out on holidays and
// skip make-up Saturdays until the calendar is updated.
func (s *Scheduler) warnUnknownYear(now time.Time) {
	if now.Month() != time.December || s.cal.YearKnown(now.Year()+1) {
		return
	}
	day := now.Format(time.DateOnly)
	if s.missed["calendar/"+day] {
		return
	}
	s.missed["calendar/"+day] = true
	s.log.Warn("scheduler: next year's official days off are not known yet: once the State Council publishes them, "+
		"add them under calendar.holidays and calendar.workdays, or update duban", "year", now.Year()+1)
}

// logErr logs a failed step of a tick, as an error unless the tick was
// interrupted by Stop (then the failure is just the cancellation).
func (s *Scheduler) logErr(ctx context.Context, msg string, args ...any) {
	if ctx.Err() != nil {
		s.log.Debug(msg+" (stopping)", args...)
		return
	}
	s.log.Error(msg, args...)
}
