// Package config reads duban's YAML configuration: defaults, ${VAR}
// expansion for secrets, environment overrides and validation whose errors
// name the offending key. Only main reads it and hands plain values on.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration file.
type Config struct {
	Telegram Telegram `yaml:"telegram"`
	DB       string   `yaml:"db"`
	Timezone string   `yaml:"timezone"`
	Language string   `yaml:"language"`
	Access   Access   `yaml:"access"`
	Schedule Schedule `yaml:"schedule"`
	Remind   Remind   `yaml:"remind"`
	Delivery Delivery `yaml:"delivery"`
	Calendar Calendar `yaml:"calendar"`
	Lights   Lights   `yaml:"lights"`
	Briefing Briefing `yaml:"briefing"`
	Import   Import   `yaml:"import"`
	LLM      LLM      `yaml:"llm"`
	HTTP     HTTP     `yaml:"http"`
	Backup   Backup   `yaml:"backup"`
	Log      Log      `yaml:"log"`
	Evidence Evidence `yaml:"evidence"`
	Units    []Unit   `yaml:"units"`
	Workflow Workflow `yaml:"workflow"`
	Urge     Urge     `yaml:"urge"`
	Chart    Chart    `yaml:"chart"`
}

// Telegram configures the connection to the Bot API.
type Telegram struct {
	Token       string        `yaml:"token"`
	APIURL      string        `yaml:"api_url"`
	Mode        string        `yaml:"mode"` // polling | webhook
	PollTimeout time.Duration `yaml:"poll_timeout"`
	Workers     int           `yaml:"workers"`
	Webhook     Webhook       `yaml:"webhook"`
}

// Webhook configures webhook mode.
type Webhook struct {
	Listen      string `yaml:"listen"`
	URL         string `yaml:"url"`
	SecretToken string `yaml:"secret_token"`
}

// Access says who may do what (see package access and the README's
// Security section).
type Access struct {
	Admins      []int64      `yaml:"admins"`       // plan admins: Telegram user ids who bind groups and change the plan
	Chats       []int64      `yaml:"chats"`        // group ids served without /bind
	GroupsScope []GroupScope `yaml:"groups_scope"` // groups that see only some units or plans
	Reviewers   []int64      `yaml:"reviewers"`    // 督办员: review closing requests (销号/退回) beside the plan admins
}

// GroupScope limits what one served group sees: the items its units lead
// or support, or the items of some plans (both: the units' items in those
// plans).
type GroupScope struct {
	Chat  int64    `yaml:"chat"`
	Units []string `yaml:"units"`
	Plans []string `yaml:"plans"`
}

// Schedule holds the cron specs of the scheduled jobs (robfig/cron syntax,
// "@every 30s" included). An empty spec disables the job.
type Schedule struct {
	Weekly    string        `yaml:"weekly"`
	Deadlines string        `yaml:"deadlines"`
	Monthly   string        `yaml:"monthly"`
	Backup    string        `yaml:"backup"`
	CatchUp   time.Duration `yaml:"catch_up"` // a job missed while down runs on start within this window
}

// Remind tunes the reminders' content.
type Remind struct {
	StaleDays    int    `yaml:"stale_days"`    // no report for this many days = 未报送
	DeadlineDays []int  `yaml:"deadline_days"` // nudge this many days before a deadline
	ReportCycle  string `yaml:"report_cycle"`  // when units must report: "weekly 周五" or "monthly 25"
}

// Lights are the warning-light rules (红灯/黄灯/绿灯): how far behind 序时
// 进度 (in points) makes an item red or yellow, how near its deadline makes
// it yellow, and where 序时进度 starts for items with no start of their own.
type Lights struct {
	RedLag     int    `yaml:"red_lag"`
	YellowLag  int    `yaml:"yellow_lag"`
	YellowDays int    `yaml:"yellow_days"`
	PlanStart  string `yaml:"plan_start"` // MM-DD of the plan year
}

// Briefing configures the ranked 月度通报: the weights of the units' score.
type Briefing struct {
	Weights Weights `yaml:"weights"`
}

// Weights score a unit: the points a task earns by where it stands,
// averaged over the unit's tasks, minus points per late or missed report
// and per 催办.
type Weights struct {
	DoneOnTime float64 `yaml:"done_on_time"`
	DoneLate   float64 `yaml:"done_late"`
	Green      float64 `yaml:"green"`
	Yellow     float64 `yaml:"yellow"`
	Red        float64 `yaml:"red"`
	Overdue    float64 `yaml:"overdue"`
	NoDeadline float64 `yaml:"no_deadline"`
	Late       float64 `yaml:"late_report"`
	Missed     float64 `yaml:"missed_report"`
	Urged      float64 `yaml:"urged"`
}

// Delivery paces outgoing scheduled messages.
type Delivery struct {
	GlobalPerSecond float64 `yaml:"global_per_second"`
	GroupPerMinute  int     `yaml:"group_per_minute"`
	MaxAttempts     int     `yaml:"max_attempts"`
}

// Calendar says which days are worked: the State Council's published days
// off and make-up workdays (调休) unless Official is off, plus the days
// listed here (a listed workday wins over any day off).
type Calendar struct {
	Official bool        `yaml:"official"`
	Holidays []DateRange `yaml:"holidays"`
	Workdays []string    `yaml:"workdays"` // YYYY-MM-DD
}

// DateRange is an inclusive range of days, written as {from: 2026-10-01, to: 2026-10-08}.
type DateRange struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
	Name string `yaml:"name"`
}

// Import limits plan imports.
type Import struct {
	MaxBytes int64 `yaml:"max_bytes"`
}

// LLM configures the OpenAI-compatible model that drafts summaries; it is
// off when BaseURL or Model is empty.
type LLM struct {
	BaseURL       string        `yaml:"base_url"`
	Model         string        `yaml:"model"`
	APIKey        string        `yaml:"api_key"`
	Timeout       time.Duration `yaml:"timeout"`
	MaxTokens     int           `yaml:"max_tokens"`
	Temperature   float32       `yaml:"temperature"`
	MaxConcurrent int           `yaml:"max_concurrent"`
	Cooldown      time.Duration `yaml:"cooldown"` // per chat, between two drafts
}

// HTTP configures the health and metrics listener.
type HTTP struct {
	Listen string `yaml:"listen"` // empty = off
}

// Backup configures scheduled backups.
type Backup struct {
	Dir  string `yaml:"dir"`
	Keep int    `yaml:"keep"`
}

// Evidence configures evidence (佐证材料): how large a piece may be, and
// the optional local copies.
type Evidence struct {
	Dir     string  `yaml:"dir"`      // local copies go here; empty keeps none
	MaxMB   int     `yaml:"max_mb"`   // the largest piece accepted, in MB
	QuotaGB float64 `yaml:"quota_gb"` // the local copies in all, in GB
}

// MaxBytes is evidence.max_mb in bytes.
func (e Evidence) MaxBytes() int64 { return int64(e.MaxMB) << 20 }

// QuotaBytes is evidence.quota_gb in bytes.
func (e Evidence) QuotaBytes() int64 { return int64(e.QuotaGB * (1 << 30)) }

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug | info | warn | error
	Format string `yaml:"format"` // text | json
}

// Default returns the configuration used when no file is given.
func Default() Config {
	return Config{
		Telegram: Telegram{
			APIURL:      "https://api.telegram.org",
			Mode:        "polling",
			PollTimeout: 30 * time.Second,
			Workers:     4,
			Webhook:     Webhook{Listen: "127.0.0.1:8443"},
		},
		DB:       "duban.db",
		Timezone: "Asia/Shanghai",
		Language: "zh",
		Schedule: Schedule{
			Weekly:    "30 8 * * 1",
			Deadlines: "0 9 * * *",
			Monthly:   "0 9 1 * *",
			CatchUp:   6 * time.Hour,
		},
		Remind: Remind{StaleDays: 14, DeadlineDays: []int{7, 3, 1}, ReportCycle: "weekly 周五"},
		Lights: Lights{RedLag: 30, YellowLag: 10, YellowDays: 3, PlanStart: "01-01"},
		Briefing: Briefing{Weights: Weights{DoneOnTime: 100, DoneLate: 60, Green: 80, Yellow: 60, Red: 30, Overdue: 0,
			NoDeadline: 70, Late: 2, Missed: 5, Urged: 1}},
		Calendar: Calendar{Official: true},
		Delivery: Delivery{GlobalPerSecond: 30, GroupPerMinute: 20, MaxAttempts: 8},
		Import:   Import{MaxBytes: 10 << 20},
		LLM:      LLM{Timeout: 60 * time.Second, MaxTokens: 1200, Temperature: 0.3, MaxConcurrent: 2, Cooldown: 30 * time.Second},
		HTTP:     HTTP{Listen: "127.0.0.1:9090"},
		Backup:   Backup{Keep: 7},
		Log:      Log{Level: "info", Format: "text"},
		// 20 MB is the most the Bot API lets a bot download.
		Evidence: Evidence{MaxMB: 20, QuotaGB: 10},
		Workflow: Workflow{Review: true, ReviewIn: "group", ReviewDays: 3, AckDays: 3},
		Urge:     Urge{Steps: defaultUrgeSteps()},
	}
}

// Load reads the file at path over the defaults, expanding ${VAR} from the
// environment, then applies the DUBAN_* environment overrides and validates.
// An empty path means: config.yaml in the working directory when present,
// otherwise the defaults alone.
func Load(path string) (Config, error) {
	cfg := Default()
	explicit := path != ""
	if !explicit {
		path = "config.yaml"
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := Parse(data, &cfg); err != nil {
			return cfg, fmt.Errorf("%s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
		// No config.yaml: defaults and environment.
	default:
		return cfg, fmt.Errorf("read config: %w", err)
	}
	cfg.ApplyEnv(os.Getenv)
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// Parse decodes YAML data into cfg, expanding ${VAR} references from the
// environment first. Keys that Config does not know are an error naming them.
func Parse(data []byte, cfg *Config) error {
	data = []byte(os.Expand(string(data), func(key string) string {
		if key == "$" { // "$$" stays a literal dollar
			return "$"
		}
		return os.Getenv(key)
	}))
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("parse config: %w", err)
	}
	if len(root.Content) == 0 {
		return nil // empty file
	}
	if err := checkKeys(root.Content[0], reflect.TypeOf(*cfg), ""); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil {
		return fmt.Errorf("parse config: %w", err)
	}
	return nil
}

// checkKeys walks the YAML mapping against the struct's yaml tags so that an
// unknown key is reported with its full dotted name ("telegram.webhok").
func checkKeys(n *yaml.Node, t reflect.Type, prefix string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				fields[name] = t.Field(i).Type
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			ft, ok := fields[key]
			if !ok {
				return fmt.Errorf("unknown key %s (line %d)", prefix+key, n.Content[i].Line)
			}
			if err := checkKeys(n.Content[i+1], ft, prefix+key+"."); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if err := checkKeys(c, t.Elem(), strings.TrimSuffix(prefix, ".")+"[]."); err != nil {
				return err
			}
		}
	default:
		// A leaf: decode it alone so a type error names its key.
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			key := strings.TrimSuffix(prefix, ".")
			return fmt.Errorf("%s (line %d): invalid value %q for %s", key, n.Line, n.Value, t)
		}
	}
	return nil
}

// ApplyEnv applies the environment overrides DUBAN_TELEGRAM_TOKEN, DUBAN_DB
// and DUBAN_LLM_API_KEY; getenv is os.Getenv outside tests.
func (c *Config) ApplyEnv(getenv func(string) string) {
	if v := getenv("DUBAN_TELEGRAM_TOKEN"); v != "" {
		c.Telegram.Token = v
	}
	if v := getenv("DUBAN_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("DUBAN_LLM_API_KEY"); v != "" {
		c.LLM.APIKey = v
	}
}

// Location returns the configured time zone.
func (c Config) Location() (*time.Location, error) {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("timezone: unknown time zone %q", c.Timezone)
	}
	return loc, nil
}

// Validate checks every value; its error names the bad key.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.Telegram.APIURL == "" || !(strings.HasPrefix(c.Telegram.APIURL, "http://") || strings.HasPrefix(c.Telegram.APIURL, "https://")) {
		bad("telegram.api_url", "must be an http(s) URL, got %q", c.Telegram.APIURL)
	}
	switch c.Telegram.Mode {
	case "polling":
	case "webhook":
		if c.Telegram.Webhook.URL == "" {
			bad("telegram.webhook.url", "is required in webhook mode")
		} else if !strings.HasPrefix(c.Telegram.Webhook.URL, "https://") && !strings.HasPrefix(c.Telegram.Webhook.URL, "http://") {
			bad("telegram.webhook.url", "must be an http(s) URL, got %q", c.Telegram.Webhook.URL)
		}
		if c.Telegram.Webhook.Listen == "" {
			bad("telegram.webhook.listen", "is required in webhook mode")
		}
		switch s := c.Telegram.Webhook.SecretToken; {
		case s == "":
			// Without it anyone who finds the URL can post forged updates.
			bad("telegram.webhook.secret_token", "is required in webhook mode (e.g. ${DUBAN_WEBHOOK_SECRET}; make one with: openssl rand -hex 32)")
		case !validSecret(s):
			bad("telegram.webhook.secret_token", "may hold only A-Z, a-z, 0-9, _ and -, 1 to 256 characters")
		}
	default:
		bad("telegram.mode", "must be polling or webhook, got %q", c.Telegram.Mode)
	}
	if c.Telegram.PollTimeout < 2*time.Second || c.Telegram.PollTimeout > 10*time.Minute {
		bad("telegram.poll_timeout", "must be between 2s and 10m, got %s", c.Telegram.PollTimeout)
	}
	if c.Telegram.Workers < 1 || c.Telegram.Workers > 64 {
		bad("telegram.workers", "must be between 1 and 64, got %d", c.Telegram.Workers)
	}
	if c.DB == "" {
		bad("db", "must name a database file")
	}
	seen := map[int64]bool{}
	for i, g := range c.Access.GroupsScope {
		key := fmt.Sprintf("access.groups_scope[%d]", i)
		switch {
		case g.Chat == 0:
			bad(key+".chat", "must be a group id")
		case seen[g.Chat]:
			bad(key+".chat", "group %d is scoped twice", g.Chat)
		case len(g.Units) == 0 && len(g.Plans) == 0:
			bad(key, "needs units or plans")
		}
		seen[g.Chat] = true
		for _, u := range append(slices.Clone(g.Units), g.Plans...) {
			if strings.TrimSpace(u) == "" {
				bad(key, "has an empty unit or plan name")
			}
		}
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" {
		bad("timezone", "unknown time zone %q", c.Timezone)
	}
	if c.Language != "zh" && c.Language != "en" {
		bad("language", "must be zh or en, got %q", c.Language)
	}
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	for key, spec := range map[string]string{
		"schedule.weekly": c.Schedule.Weekly, "schedule.deadlines": c.Schedule.Deadlines,
		"schedule.monthly": c.Schedule.Monthly, "schedule.backup": c.Schedule.Backup,
	} {
		if spec == "" {
			continue
		}
		if _, err := parser.Parse(spec); err != nil {
			bad(key, "invalid schedule %q: %v", spec, err)
		}
	}
	if c.Schedule.CatchUp < 0 {
		bad("schedule.catch_up", "must not be negative")
	}
	if c.Remind.StaleDays < 1 || c.Remind.StaleDays > 366 {
		bad("remind.stale_days", "must be between 1 and 366, got %d", c.Remind.StaleDays)
	}
	for _, d := range c.Remind.DeadlineDays {
		if d < 0 || d > 90 {
			bad("remind.deadline_days", "days must be between 0 and 90, got %d", d)
		}
	}
	if _, err := duban.ParseCycle(c.Remind.ReportCycle); err != nil {
		bad("remind.report_cycle", "%s", duban.ErrorMessage(err))
	}
	if c.Lights.RedLag < 0 || c.Lights.RedLag > 100 || c.Lights.YellowLag < 0 || c.Lights.YellowLag > c.Lights.RedLag {
		bad("lights", "need 0 <= yellow_lag <= red_lag <= 100, got yellow_lag %d, red_lag %d", c.Lights.YellowLag, c.Lights.RedLag)
	}
	if c.Lights.YellowDays < 0 || c.Lights.YellowDays > 60 {
		bad("lights.yellow_days", "must be between 0 and 60, got %d", c.Lights.YellowDays)
	}
	if _, err := time.Parse("01-02", c.Lights.PlanStart); err != nil {
		bad("lights.plan_start", "must be MM-DD, such as 01-01, got %q", c.Lights.PlanStart)
	}
	w := c.Briefing.Weights
	for name, v := range map[string]float64{"done_on_time": w.DoneOnTime, "done_late": w.DoneLate, "green": w.Green,
		"yellow": w.Yellow, "red": w.Red, "overdue": w.Overdue, "no_deadline": w.NoDeadline,
		"late_report": w.Late, "missed_report": w.Missed, "urged": w.Urged} {
		if v < 0 || v > 1000 {
			bad("briefing.weights."+name, "must be between 0 and 1000, got %v", v)
		}
	}
	if c.Delivery.GlobalPerSecond <= 0 || c.Delivery.GlobalPerSecond > 1000 {
		bad("delivery.global_per_second", "must be above 0 and at most 1000, got %v", c.Delivery.GlobalPerSecond)
	}
	if c.Delivery.GroupPerMinute < 1 || c.Delivery.GroupPerMinute > 600 {
		bad("delivery.group_per_minute", "must be between 1 and 600, got %d", c.Delivery.GroupPerMinute)
	}
	if c.Delivery.MaxAttempts < 1 {
		bad("delivery.max_attempts", "must be at least 1, got %d", c.Delivery.MaxAttempts)
	}
	for i, r := range c.Calendar.Holidays {
		from, err1 := time.Parse(time.DateOnly, r.From)
		to, err2 := time.Parse(time.DateOnly, r.To)
		if err1 != nil || err2 != nil || to.Before(from) {
			bad(fmt.Sprintf("calendar.holidays[%d]", i), "needs from and to as YYYY-MM-DD with from <= to, got %q..%q", r.From, r.To)
		}
	}
	for i, d := range c.Calendar.Workdays {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			bad(fmt.Sprintf("calendar.workdays[%d]", i), "must be YYYY-MM-DD, got %q", d)
		}
	}
	c.validateWorkflow(bad)
	if c.Import.MaxBytes < 1024 {
		bad("import.max_bytes", "must be at least 1024, got %d", c.Import.MaxBytes)
	}
	if c.LLM.BaseURL != "" && !strings.HasPrefix(c.LLM.BaseURL, "http://") && !strings.HasPrefix(c.LLM.BaseURL, "https://") {
		bad("llm.base_url", "must be an http(s) URL, got %q", c.LLM.BaseURL)
	}
	if c.LLM.Timeout <= 0 {
		bad("llm.timeout", "must be positive, got %s", c.LLM.Timeout)
	}
	if c.LLM.MaxTokens < 0 {
		bad("llm.max_tokens", "must not be negative")
	}
	if c.LLM.Temperature < 0 || c.LLM.Temperature > 2 {
		bad("llm.temperature", "must be between 0 and 2, got %v", c.LLM.Temperature)
	}
	if c.LLM.MaxConcurrent < 1 {
		bad("llm.max_concurrent", "must be at least 1, got %d", c.LLM.MaxConcurrent)
	}
	if c.LLM.Cooldown < 0 {
		bad("llm.cooldown", "must not be negative")
	}
	if c.Schedule.Backup != "" && c.Backup.Dir == "" {
		bad("backup.dir", "is required when schedule.backup is set")
	}
	if c.Backup.Keep < 1 {
		bad("backup.keep", "must be at least 1, got %d", c.Backup.Keep)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "must be text or json, got %q", c.Log.Format)
	}
	// A local Bot API server lets bots download up to 2000 MB.
	if c.Evidence.MaxMB < 1 || c.Evidence.MaxMB > 2000 {
		bad("evidence.max_mb", "must be between 1 and 2000, got %d", c.Evidence.MaxMB)
	}
	if c.Evidence.QuotaGB <= 0 || c.Evidence.QuotaBytes() < c.Evidence.MaxBytes() {
		bad("evidence.quota_gb", "must be positive and hold at least one piece of evidence.max_mb, got %v", c.Evidence.QuotaGB)
	}
	c.Chart.validate(bad)
	return errors.Join(errs...)
}

func validSecret(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
