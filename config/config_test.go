package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
}

func TestParse(t *testing.T) {
	t.Setenv("TEST_TOKEN", "123:abc")
	cfg := Default()
	err := Parse([]byte(`
telegram:
  token: ${TEST_TOKEN}
  mode: webhook
  webhook:
    url: https://example.org/hook
    secret_token: s3cret
db: /var/lib/duban/duban.db
language: en
access:
  admins: [1, 2]
  chats: [-1001]
schedule:
  weekly: "@every 30s"
  catch_up: 2h
calendar:
  holidays:
    - {from: 2026-10-01, to: 2026-10-08, name: 国庆}
  workdays: [2026-10-10]
llm:
  timeout: 5s
`), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Telegram.Token != "123:abc" || cfg.Telegram.Mode != "webhook" || cfg.Language != "en" {
		t.Errorf("telegram/language not read: %+v", cfg.Telegram)
	}
	if len(cfg.Access.Admins) != 2 || cfg.Access.Chats[0] != -1001 {
		t.Errorf("access not read: %+v", cfg.Access)
	}
	if cfg.Schedule.CatchUp != 2*time.Hour || cfg.LLM.Timeout != 5*time.Second {
		t.Errorf("durations not read: %v %v", cfg.Schedule.CatchUp, cfg.LLM.Timeout)
	}
	if cfg.Calendar.Holidays[0].From != "2026-10-01" || cfg.Calendar.Workdays[0] != "2026-10-10" {
		t.Errorf("calendar not read: %+v", cfg.Calendar)
	}
	if cfg.Schedule.Monthly != "0 9 1 * *" {
		t.Errorf("unset key lost its default: %q", cfg.Schedule.Monthly)
	}
}

func TestRejects(t *testing.T) {
	tests := []struct{ name, yaml, key string }{
		{"unknown top key", "tokn: x", "unknown key tokn"},
		{"unknown nested key", "telegram:\n  webhok: {}", "unknown key telegram.webhok"},
		{"unknown key in list", "calendar:\n  holidays:\n    - {from: 2026-01-01, to: 2026-01-02, form: x}", "calendar.holidays[].form"},
		{"bad mode", "telegram:\n  mode: push", "telegram.mode"},
		{"webhook without url", "telegram:\n  mode: webhook", "telegram.webhook.url"},
		{"bad language", "language: fr", "language"},
		{"bad timezone", "timezone: Mars/Olympus", "timezone"},
		{"bad schedule", "schedule:\n  weekly: every monday", "schedule.weekly"},
		{"bad holiday", "calendar:\n  holidays:\n    - {from: 2026-10-08, to: 2026-10-01}", "calendar.holidays[0]"},
		{"bad api url", "telegram:\n  api_url: localhost:8081", "telegram.api_url"},
		{"backup without dir", "schedule:\n  backup: \"0 3 * * *\"", "backup.dir"},
		{"wrong type", "access:\n  admins: [alice]", "admins"},
		{"bad duration", "llm:\n  timeout: soon", "timeout"},
		{"evidence too large", "evidence:\n  max_mb: 5000", "evidence.max_mb"},
		{"evidence quota under one piece", "evidence:\n  quota_gb: 0.01", "evidence.quota_gb"},
		{"evidence quota zero", "evidence:\n  quota_gb: 0", "evidence.quota_gb"},
		{"unit without a name", "units:\n  - aliases: [督导]", "units[0].name"},
		{"alias of two units", "units:\n  - {name: 督导室, aliases: [督导]}\n  - {name: 督导组, aliases: [督导]}", "units[1]"},
		{"leader not a user id", "units:\n  - {name: 督导室, leaders: [-5]}", "units[0].leaders"},
		{"reviewer not a user id", "access:\n  reviewers: [0]", "access.reviewers"},
		{"review where", "workflow:\n  review_in: email", "workflow.review_in"},
		{"review days", "workflow:\n  review_days: 0", "workflow.review_days"},
		{"urge step kind", "urge:\n  steps: [{days: 2, send: sms}]", "urge.steps[0].send"},
		{"urge steps out of order", "urge:\n  steps: [{days: 3, send: line}, {days: 2, send: notice}]", "urge.steps[1].days"},
		{"urge step twice", "urge:\n  steps: [{days: 1, send: line}, {days: 2, send: line}]", "urge.steps[1].send"},
		{"bad chart colour", "chart:\n  colors:\n    done: green", "chart.colors.done"},
		{"short chart colour", "chart:\n  colors:\n    expected: \"#f08c\"", "chart.colors.expected"},
		{"unknown chart colour", "chart:\n  colors:\n    bar: \"#fff\"", "unknown key chart.colors.bar"},
		{"one bar", "chart:\n  max_units: 1", "chart.max_units"},
		{"chart dark not a bool", "chart:\n  dark: sometimes", "chart.dark"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Default()
			err := Parse([]byte(tt.yaml), &cfg)
			if err == nil {
				err = cfg.Validate()
			}
			if err == nil || !strings.Contains(err.Error(), tt.key) {
				t.Fatalf("want error naming %q, got %v", tt.key, err)
			}
		})
	}
}

// The 督办 loop's defaults: review on, in the group, reminders after 3
// days; 催办 on day 1, 3 and 7; units read with their aliases.
func TestWorkflowDefaultsAndUnits(t *testing.T) {
	cfg := Default()
	if !cfg.Workflow.Review || cfg.Workflow.ReviewIn != "group" || cfg.Workflow.ReviewDays != 3 || cfg.Workflow.AckDays != 3 {
		t.Errorf("workflow defaults: %+v", cfg.Workflow)
	}
	if got := cfg.UrgeSteps(); len(got) != 3 || got[0].Days != 1 || got[1].Kind != "notice" || got[2].Days != 7 {
		t.Errorf("urge defaults: %+v", got)
	}
	if err := Parse([]byte("units:\n  - {name: 督导室, aliases: [督导, 教育督导室], leaders: [42]}\nurge:\n  steps: []"), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	us := cfg.UnitsOf()
	if us.Canonical(" 督导 ") != "督导室" || us.Canonical("教育督导室") != "督导室" || us.Canonical("人事科") != "人事科" {
		t.Errorf("canonical names: %q %q", us.Canonical("督导"), us.Canonical("人事科"))
	}
	if len(cfg.UrgeSteps()) != 0 {
		t.Errorf("an empty steps list turns 催办 off: %+v", cfg.UrgeSteps())
	}
}

// Evidence is at most 20 MB a piece by default, the Bot API's download
// limit, and no local copies are kept unless evidence.dir is set.
func TestEvidenceDefaults(t *testing.T) {
	e := Default().Evidence
	if e.MaxBytes() != 20<<20 || e.Dir != "" || e.QuotaBytes() != 10<<30 {
		t.Errorf("evidence defaults %+v: %d bytes a piece, %d in all", e, e.MaxBytes(), e.QuotaBytes())
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	t.Setenv("DUBAN_DB", "")
	cfg, err := Load("")
	if err != nil {
		t.Fatalf("no config.yaml should give defaults: %v", err)
	}
	if cfg.DB != "duban.db" {
		t.Errorf("db = %q", cfg.DB)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("an explicit missing file must be an error")
	}
	if err := os.WriteFile("config.yaml", []byte("db: from-file.db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "9:env")
	cfg, err = Load("")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "from-file.db" || cfg.Telegram.Token != "9:env" {
		t.Errorf("file or env not applied: db=%q token=%q", cfg.DB, cfg.Telegram.Token)
	}
	t.Setenv("DUBAN_DB", "env.db")
	cfg, _ = Load("")
	if cfg.DB != "env.db" {
		t.Errorf("DUBAN_DB not applied: %q", cfg.DB)
	}
}

// TestExampleFile keeps config.example.yaml loadable and complete.
func TestExampleFile(t *testing.T) {
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Default()
	if err := Parse(data, &cfg); err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	def := Default()
	if cfg.Schedule.Weekly != def.Schedule.Weekly || cfg.Delivery.GroupPerMinute != def.Delivery.GroupPerMinute || cfg.Evidence != def.Evidence {
		t.Errorf("example values drifted from the defaults")
	}
}

// TestExampleDocumentsEveryKey fails when a Config field is missing from
// config.example.yaml.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	var walk func(n *yaml.Node, typ reflect.Type, prefix string)
	walk = func(n *yaml.Node, typ reflect.Type, prefix string) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			var val *yaml.Node
			for j := 0; n != nil && j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == name {
					val = n.Content[j+1]
				}
			}
			if val == nil {
				t.Errorf("config.example.yaml lacks %s%s", prefix, name)
				continue
			}
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) {
				walk(val, f.Type, prefix+name+".")
			}
		}
	}
	walk(root.Content[0], reflect.TypeOf(Config{}), "")
}

// TestChartConfig: chart.* is read and handed to package chart as it is.
func TestChartConfig(t *testing.T) {
	cfg := Default()
	yml := "chart:\n  font: /usr/share/fonts/simhei.ttf\n  dark: true\n  max_units: 20\n  colors:\n    done: \"#1b5e20\"\n    overdue: b71c1c\n    line: \"#36c\"\n"
	if err := Parse([]byte(yml), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	c := cfg.Chart
	if c.Font != "/usr/share/fonts/simhei.ttf" || !c.Dark || c.MaxUnits != 20 {
		t.Errorf("chart = %+v", c)
	}
	got := c.Colors.Colors()
	if got.Done != "#1b5e20" || got.Overdue != "b71c1c" || got.Line != "#36c" || got.Doing != "" || got.Validate() != nil {
		t.Errorf("colours = %+v", got)
	}
	if d := Default().Chart; d.Font != "" || d.Dark || d.MaxUnits != 0 || d.Colors != (ChartColors{}) {
		t.Errorf("chart defaults %+v", d)
	}
}
