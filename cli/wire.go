package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/evidence"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/llm"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
	"github.com/duban-bot/duban/summary"
)

// The wiring of duban: config -> store, access, bot, handlers, scheduler,
// llm, ops. runBot (run.go) puts them together in this order and closes
// them in reverse; the other subcommands take the parts they need.

// OpenStore opens the database at path (config db when empty) and closes
// it with Main.
func (m *Program) OpenStore(path string) (*store.Store, error) {
	if path == "" {
		path = m.Config.DB
	}
	st, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	m.AddCloser(st.Close)
	return st, nil
}

// Access builds the access rules from the configuration (access.*); tg
// tells standings in Telegram chats (the bot), nil where there is none.
func (m *Program) Access(st *store.Store, tg access.Telegram) *access.Policy {
	c := m.Config.Access
	scopes := map[int64]duban.Scope{}
	for _, g := range c.GroupsScope {
		scopes[g.Chat] = duban.Scope{Units: slices.Clone(g.Units), Plans: slices.Clone(g.Plans)}
	}
	return access.New(access.Config{Admins: slices.Clone(c.Admins), Chats: slices.Clone(c.Chats), Scopes: scopes,
		Reviewers: slices.Clone(c.Reviewers), Units: m.Config.UnitsOf()},
		st, tg, m.Logger.With("component", "access"))
}

// HandlerDeps builds the handlers' dependencies from the configuration.
// The bot adapter sets BotUsername; the console sets its own.
func (m *Program) HandlerDeps(st *store.Store, sender duban.Sender, acc *access.Policy) (handlers.Deps, error) {
	loc := m.Loc
	charts, err := m.Charts()
	if err != nil {
		return handlers.Deps{}, err
	}
	return handlers.Deps{
		Store: st, Sender: sender, Lang: m.Config.Language, Loc: loc, Access: acc,
		Now: time.Now, Logger: m.Logger, ImportMaxBytes: m.Config.Import.MaxBytes,
		Drafter: m.Drafter(), SummaryCooldown: m.Config.LLM.Cooldown,
		Schedule: m.scheduleSpecs(),
		Evidence: m.evidenceOptions(),
		Review:   handlers.ReviewOptions{On: m.Config.Workflow.Review, Private: m.Config.Workflow.ReviewIn == "private"},
		Charts:   charts,
	}, nil
}

// Charts returns the renderer of the charts, built from chart.* and the
// language once, its font loaded once, so that the scheduler's briefing
// and /chart draw alike. A font file that does not load is an error naming
// chart.font.
func (m *Program) Charts() (*chart.Renderer, error) {
	if m.charts != nil {
		return m.charts, nil
	}
	c := m.Config.Chart
	font, err := chart.LoadFont(c.Font)
	if err != nil {
		return nil, fmt.Errorf("chart.font: %w", err)
	}
	r, err := chart.New(font, chart.Options{Lang: m.Config.Language, Colors: c.Colors.Colors(), Dark: c.Dark,
		MaxUnits: c.MaxUnits, Logger: m.Logger.With("component", "chart")})
	if err != nil {
		return nil, fmt.Errorf("chart.colors: %w", err)
	}
	m.charts = r
	return r, nil
}

// evidenceOptions are the limits of evidence and, with evidence.dir set,
// the folder its local copies go to (relative to the working directory).
func (m *Program) evidenceOptions() handlers.EvidenceOptions {
	c := m.Config.Evidence
	o := handlers.EvidenceOptions{MaxBytes: c.MaxBytes(), QuotaBytes: c.QuotaBytes()}
	if c.Dir != "" {
		o.Files = evidence.New(c.Dir, m.Loc)
	}
	return o
}

// Drafter returns the model that drafts summaries, built from the llm
// section of the configuration once, so that the bot's /summary and the
// scheduler's briefing share its limit on drafts in flight. With no model
// configured it drafts the template summary.
func (m *Program) Drafter() handlers.Drafter {
	if m.drafter == nil {
		c := m.Config.LLM
		m.drafter = &summary.Writer{Model: llm.New(llm.Config{
			BaseURL: c.BaseURL, Model: c.Model, APIKey: c.APIKey, Timeout: c.Timeout,
			MaxTokens: c.MaxTokens, Temperature: c.Temperature, MaxConcurrent: c.MaxConcurrent,
		}, m.Logger.With("component", "llm"))}
	}
	return m.drafter
}

// summaryOpening is the monthly briefing's opening paragraph for the
// scheduler (Scheduler.Opening): the model's draft, or nil when no model is
// configured.
func (m *Program) summaryOpening(st *store.Store) func(ctx context.Context, from, to duban.Date) (string, error) {
	return summary.Opening(m.Drafter(), st, m.Config.Language, m.Loc, time.Now)
}

// newScheduler builds the scheduler from the configuration (schedule.*,
// remind.*, delivery.*, calendar.*, timezone, language, access.chats). d
// delivers its messages: the bot's one-attempt Deliver, or nil for a
// scheduler that only renders and enqueues (/briefing in the console,
// duban remind --dry-run or --queue-only), whose sender must not run.
func (m *Program) newScheduler(st *store.Store, d scheduler.Deliverer, acc scheduler.Access) (*scheduler.Scheduler, error) {
	c := m.Config
	loc := m.Loc
	holidays := make([]scheduler.Holiday, 0, len(c.Calendar.Holidays))
	for i, h := range c.Calendar.Holidays {
		from, err := duban.ParseDate(h.From)
		if err != nil {
			return nil, fmt.Errorf("calendar.holidays[%d].from: %w", i, err)
		}
		to, err := duban.ParseDate(h.To)
		if err != nil {
			return nil, fmt.Errorf("calendar.holidays[%d].to: %w", i, err)
		}
		holidays = append(holidays, scheduler.Holiday{From: from, To: to, Name: h.Name})
	}
	workdays := make([]duban.Date, 0, len(c.Calendar.Workdays))
	for i, w := range c.Calendar.Workdays {
		day, err := duban.ParseDate(w)
		if err != nil {
			return nil, fmt.Errorf("calendar.workdays[%d]: %w", i, err)
		}
		workdays = append(workdays, day)
	}
	charts, err := m.Charts()
	if err != nil {
		return nil, err
	}
	s := scheduler.New(scheduler.Config{
		Charts:          charts,
		Specs:           m.scheduleSpecs(),
		CatchUp:         c.Schedule.CatchUp,
		StaleDays:       c.Remind.StaleDays,
		DeadlineDays:    slices.Clone(c.Remind.DeadlineDays),
		GlobalPerSecond: c.Delivery.GlobalPerSecond,
		GroupPerMinute:  c.Delivery.GroupPerMinute,
		MaxAttempts:     c.Delivery.MaxAttempts,
		Holidays:        holidays,
		Workdays:        workdays,
		Official:        c.Calendar.Official,
		Loc:             loc,
		Lang:            c.Language,
		UrgeSteps:       c.UrgeSteps(),
		AckDays:         c.Workflow.AckDays,
		ReviewDays:      c.Workflow.ReviewDays,
		ReviewPrivate:   c.Workflow.ReviewIn == "private",
		ServedChats:     slices.Clone(c.Access.Chats),
		Access:          acc,
		Standards:       m.standards(),
	}, st, d, m.Logger.With("component", "scheduler"))
	// With a model configured the monthly briefing opens with its drafted
	// paragraph; without one, Opening stays nil.
	s.Opening = m.summaryOpening(st)
	return s, nil
}

// standards are how items and units are judged, from lights.*,
// remind.report_cycle, remind.stale_days and briefing.weights (Validate
// checked them). The scheduler adds its calendar's workdays.
func (m *Program) standards() duban.Standards {
	c := m.Config
	std := duban.DefaultStandards()
	std.Rules.RedLag, std.Rules.YellowLag, std.Rules.YellowDays = c.Lights.RedLag, c.Lights.YellowLag, c.Lights.YellowDays
	std.Rules.StaleDays = c.Remind.StaleDays
	if t, err := time.Parse("01-02", c.Lights.PlanStart); err == nil {
		std.Rules.PlanStart = duban.MonthDay{Month: t.Month(), Day: t.Day()}
	}
	if cy, err := duban.ParseCycle(c.Remind.ReportCycle); err == nil {
		std.Cycle = cy
	}
	w := c.Briefing.Weights
	std.Weights = duban.Weights{DoneOnTime: w.DoneOnTime, DoneLate: w.DoneLate, Green: w.Green, Yellow: w.Yellow, Red: w.Red,
		Overdue: w.Overdue, NoDeadline: w.NoDeadline, Late: w.Late, Missed: w.Missed, Urged: w.Urged}
	return std
}

// scheduleSpecs are the global cron specs of the reminders; /settings
// shows them and the scheduler runs by them.
func (m *Program) scheduleSpecs() duban.ScheduleSpecs {
	s := m.Config.Schedule
	return duban.ScheduleSpecs{Weekly: s.Weekly, Deadlines: s.Deadlines, Monthly: s.Monthly}
}

// Health limits (see ops.Health).
const (
	outboxMaxAge       = time.Hour        // the oldest scheduled message waiting longer: unhealthy
	webhookProbeEvery  = time.Minute      // getWebhookInfo in webhook mode
	webhookErrorWithin = 10 * time.Minute // a delivery error Telegram reported this recently counts
)

// newOpsMetrics declares the metrics and makes the logger count warnings
// and errors; it runs before anything takes the logger. The model client
// counts its drafts.
func (m *Program) newOpsMetrics() *ops.Metrics {
	met := ops.NewMetrics(version)
	m.Logger = slog.New(ops.CountLogs(m.Logger.Handler(), met))
	if w, ok := m.Drafter().(*summary.Writer); ok {
		w.Fallbacks = met.Fallback
		if c, ok := w.Model.(*llm.Client); ok {
			c.Metrics = met
		}
	}
	return met
}

// startOps starts what runs beside the bot: the /healthz and /metrics
// listener on http.listen (when set), the webhook probe in webhook mode and
// the scheduled backups (schedule.backup). The returned stop ends them and
// waits; call it before the store is closed.
func (m *Program) startOps(ctx context.Context, st *store.Store, b *bot.Bot, met *ops.Metrics) (stop func(), err error) {
	c := m.Config
	loc := m.Loc
	log := m.Logger.With("component", "ops")
	met.WatchOutbox(st)
	health := &ops.Health{
		DB: st, Outbox: st, LastContact: met.LastContact, Connecting: b.Connecting,
		ContactWithin: max(3*c.Telegram.PollTimeout, 90*time.Second),
		OutboxMaxAge:  outboxMaxAge,
		Now:           time.Now, Started: time.Now(),
	}
	backups := &ops.Backups{Dir: c.Backup.Dir, Keep: c.Backup.Keep, Spec: c.Schedule.Backup, Loc: loc, Store: st,
		Log: m.Logger.With("component", "backup"), Metrics: met, Now: time.Now}
	if backups.Spec != "" {
		// Found out now rather than at the first fire time.
		if _, err := ops.ParseSpec(backups.Spec, loc); err != nil {
			return nil, err
		}
		if backups.Dir == "" {
			return nil, errors.New("backup.dir: is required when schedule.backup is set")
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if c.Telegram.Mode == "webhook" {
		probe := &ops.WebhookProbe{Every: webhookProbeEvery, Metrics: met, Log: log,
			Probe: func(ctx context.Context) (ops.WebhookInfo, error) {
				s, err := b.WebhookStatus(ctx)
				return ops.WebhookInfo{Pending: s.Pending, LastError: s.LastError, LastErrorAt: s.LastErrorAt}, err
			}}
		health.Webhook = probe.Last
		health.WebhookErrorWithin = webhookErrorWithin
		health.ContactWithin = max(health.ContactWithin, 3*webhookProbeEvery)
		wg.Go(func() { probe.Run(ctx) })
	}
	var srv *ops.Server
	if c.HTTP.Listen != "" {
		srv = &ops.Server{Health: health, Metrics: met.Registry(), Log: log}
		if err := srv.Start(c.HTTP.Listen); err != nil {
			// The groups matter more than their monitoring: serve them,
			// and say so loudly (a scraper also finds the address dead).
			log.Error("health and metrics listener not started", "err", err)
			srv = nil
		}
	}
	if backups.Spec != "" {
		wg.Go(func() {
			if err := backups.Run(ctx); err != nil {
				log.Error("scheduled backups stopped", "err", err)
			}
		})
	}
	return func() {
		cancel()
		wg.Wait()
		if srv != nil {
			sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer scancel()
			if err := srv.Shutdown(sctx); err != nil {
				log.Warn("stop the health listener", "err", err)
			}
		}
	}, nil
}
