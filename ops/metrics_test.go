package ops

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrapedFamily is one metric family as a Prometheus server reads it.
type scrapedFamily struct {
	Type string // "counter", "gauge", "histogram"…
	Help string
	// Samples maps each sample's name{labels} to its value, labels in
	// name order and a histogram's le last, the way the page writes them:
	// duban_send_duration_seconds_bucket{via="reply",le="0.5"}.
	Samples map[string]float64
}

// scrapeMetrics serves GET /metrics from m, as the Server does, and reads
// the page with the Prometheus text parser.
func scrapeMetrics(t testing.TB, m *Metrics) map[string]*scrapedFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	(&Server{Metrics: m.Registry()}).Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	fams, err := readMetrics(rec.Body.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, rec.Body)
	}
	return fams
}

// readMetrics parses a page in the text exposition format.
func readMetrics(text string) (map[string]*scrapedFamily, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	parsed, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	out := map[string]*scrapedFamily{}
	for name, f := range parsed {
		sf := &scrapedFamily{Type: strings.ToLower(f.GetType().String()), Help: f.GetHelp(), Samples: map[string]float64{}}
		for _, m := range f.GetMetric() {
			labels := m.GetLabel()
			switch f.GetType() {
			case dto.MetricType_HISTOGRAM:
				h := m.GetHistogram()
				for _, b := range h.GetBucket() {
					sf.Samples[sampleKey(name+"_bucket", labels, formatLe(b.GetUpperBound()))] = float64(b.GetCumulativeCount())
				}
				sf.Samples[sampleKey(name+"_bucket", labels, "+Inf")] = float64(h.GetSampleCount())
				sf.Samples[sampleKey(name+"_sum", labels, "")] = h.GetSampleSum()
				sf.Samples[sampleKey(name+"_count", labels, "")] = float64(h.GetSampleCount())
			case dto.MetricType_COUNTER:
				sf.Samples[sampleKey(name, labels, "")] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				sf.Samples[sampleKey(name, labels, "")] = m.GetGauge().GetValue()
			case dto.MetricType_UNTYPED:
				sf.Samples[sampleKey(name, labels, "")] = m.GetUntyped().GetValue()
			}
		}
		out[name] = sf
	}
	return out, nil
}

func formatLe(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func sampleKey(name string, labels []*dto.LabelPair, le string) string {
	parts := []string{}
	for _, l := range labels {
		parts = append(parts, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
	}
	sort.Strings(parts)
	if le != "" {
		parts = append(parts, `le="`+le+`"`)
	}
	if len(parts) == 0 {
		return name
	}
	return name + "{" + strings.Join(parts, ",") + "}"
}

// TestMetricNamesStable pins what dashboards and alerts rely on: every
// family README.md lists keeps its name, type and labels, and the label
// values an operator queries read 0 before anything happens.
func TestMetricNamesStable(t *testing.T) {
	tests := []struct {
		name, typ string
		labels    []string
		zero      []string // samples present at start, reading 0
	}{
		{"duban_updates_handled_total", "counter", []string{"kind"}, []string{
			`{kind="command"}`, `{kind="message"}`, `{kind="callback"}`, `{kind="member"}`, `{kind="other"}`}},
		{"duban_replies_sent_total", "counter", nil, []string{""}},
		{"duban_telegram_send_errors_total", "counter", []string{"kind"}, []string{
			`{kind="rate_limited"}`, `{kind="forbidden"}`, `{kind="migrated"}`, `{kind="bad_request"}`, `{kind="server"}`, `{kind="network"}`}},
		{"duban_handler_panics_total", "counter", nil, []string{""}},
		{"duban_send_duration_seconds", "histogram", []string{"via"}, nil},
		{"duban_telegram_last_contact_timestamp_seconds", "gauge", nil, []string{""}},
		{"duban_outbox_sends_total", "counter", []string{"result"}, []string{
			`{result="sent"}`, `{result="retry"}`, `{result="dead"}`, `{result="rate_limited"}`, `{result="chat_gone"}`, `{result="migrated"}`}},
		{"duban_outbox_pending", "gauge", nil, []string{""}},
		{"duban_outbox_dead", "gauge", nil, []string{""}},
		{"duban_outbox_oldest_age_seconds", "gauge", nil, []string{""}},
		{"duban_model_calls_total", "counter", []string{"result"}, []string{`{result="ok"}`, `{result="failed"}`}},
		{"duban_model_call_duration_seconds", "histogram", nil, []string{"_count"}},
		{"duban_model_fallbacks_total", "counter", []string{"reason"}, []string{`{reason="off"}`, `{reason="failed"}`}},
		{"duban_log_messages_total", "counter", []string{"level"}, []string{`{level="warn"}`, `{level="error"}`}},
		{"duban_backups_total", "counter", []string{"result"}, []string{`{result="ok"}`, `{result="failed"}`}},
		{"duban_backup_last_success_timestamp_seconds", "gauge", nil, []string{""}},
		{"duban_webhook_pending_updates", "gauge", nil, []string{""}},
		{"duban_build_info", "gauge", []string{"version"}, nil},
	}
	m := NewMetrics("v1.2.3")
	m.ReplySent(time.Second) // a histogram series, to read its labels
	gathered, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*dto.MetricFamily{}
	for _, f := range gathered {
		byName[f.GetName()] = f
	}
	scraped := scrapeMetrics(t, NewMetrics("v1.2.3"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := byName[tt.name]
			if f == nil {
				t.Fatal("not exported")
			}
			if got := strings.ToLower(f.GetType().String()); got != tt.typ {
				t.Errorf("type %s, want %s", got, tt.typ)
			}
			if f.GetHelp() == "" {
				t.Error("no help")
			}
			for _, s := range f.GetMetric() {
				var names []string
				for _, l := range s.GetLabel() {
					names = append(names, l.GetName())
				}
				if !slices.Equal(names, tt.labels) {
					t.Errorf("labels %v, want %v", names, tt.labels)
				}
			}
			for _, z := range tt.zero {
				key := tt.name + z
				if v, ok := scraped[tt.name].Samples[key]; !ok || v != 0 {
					t.Errorf("%s = %v (present %v) at start, want 0", key, v, ok)
				}
			}
		})
	}
	var own []string
	for name := range byName {
		if strings.HasPrefix(name, "duban_") {
			own = append(own, name)
		}
	}
	if len(own) != len(tests) {
		t.Errorf("duban exports %d families, the table lists %d: %v", len(own), len(tests), own)
	}
	if s := scraped["duban_build_info"].Samples[`duban_build_info{version="v1.2.3"}`]; s != 1 {
		t.Errorf("build info %v", s)
	}
}

// TestRuntimeMetrics is the "done when": /metrics serves the Go
// and process collectors' figures beside duban's own.
func TestRuntimeMetrics(t *testing.T) {
	m := NewMetrics("test")
	m.UpdateHandled("command")
	fams := scrapeMetrics(t, m)
	for _, name := range []string{"process_resident_memory_bytes", "process_open_fds", "go_goroutines", "go_memstats_heap_alloc_bytes"} {
		f := fams[name]
		if f == nil || f.Type != "gauge" || f.Samples[name] <= 0 {
			t.Errorf("%s: %+v", name, f)
		}
	}
	if f := fams["go_gc_duration_seconds"]; f == nil || f.Type != "summary" {
		t.Errorf("go_gc_duration_seconds: %+v", f)
	}
	if v := fams["duban_updates_handled_total"].Samples[`duban_updates_handled_total{kind="command"}`]; v != 1 {
		t.Errorf("updates handled %v beside them", v)
	}
}

// The outbox gauges are read from the store at every scrape, and a failed
// read shows the last figures rather than a false 0.
func TestOutboxGaugesReadAtScrape(t *testing.T) {
	m := NewMetrics("test")
	read := func() (float64, float64, float64) {
		s := scrapeMetrics(t, m)
		return s["duban_outbox_pending"].Samples["duban_outbox_pending"],
			s["duban_outbox_dead"].Samples["duban_outbox_dead"],
			s["duban_outbox_oldest_age_seconds"].Samples["duban_outbox_oldest_age_seconds"]
	}
	if p, d, o := read(); p != 0 || d != 0 || o != 0 {
		t.Fatalf("before WatchOutbox: %v %v %v", p, d, o)
	}
	out := &fakeOutbox{st: duban.OutboxStats{Pending: 4, Dead: 1, Oldest: 150 * time.Second}}
	m.WatchOutbox(out)
	if p, d, o := read(); p != 4 || d != 1 || o != 150 {
		t.Fatalf("first scrape: %v %v %v", p, d, o)
	}
	out.st = duban.OutboxStats{Pending: 2, Dead: 1, Oldest: 30 * time.Second}
	if p, d, o := read(); p != 2 || d != 1 || o != 30 {
		t.Fatalf("second scrape: %v %v %v", p, d, o)
	}
	out.st, out.err = duban.OutboxStats{}, errors.New("database is locked")
	if p, d, o := read(); p != 2 || d != 1 || o != 30 {
		t.Fatalf("failed read: %v %v %v, want the last figures", p, d, o)
	}
}

// The Bot API's last contact only moves forward, in the gauge as in
// LastContact, whatever order concurrent callers report in.
func TestContactMovesForward(t *testing.T) {
	m := NewMetrics("test")
	now := t0
	m.Now = func() time.Time { return now }
	m.Contact()
	now = t0.Add(-time.Minute) // a caller that read the clock earlier
	m.Contact()
	if got := m.LastContact(); !got.Equal(t0) {
		t.Fatalf("LastContact %v, want %v", got, t0)
	}
	if v := scrapeMetrics(t, m)["duban_telegram_last_contact_timestamp_seconds"].Samples["duban_telegram_last_contact_timestamp_seconds"]; v != float64(t0.Unix()) {
		t.Fatalf("gauge %v, want %v", v, t0.Unix())
	}
}

// FuzzBuildInfoVersion: whatever the build put in the version, the page
// still parses and gives the version back (as valid UTF-8), escaped the
// way a Prometheus server reads it.
func FuzzBuildInfoVersion(f *testing.F) {
	f.Add("v1.2.3")
	f.Add("v1.2.3-4-gabcdef-dirty")
	f.Add("督办")
	f.Add("a\"b\\c\nd")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, v string) {
		page := scrapeMetrics(t, NewMetrics(v))["duban_build_info"]
		key := fmt.Sprintf("duban_build_info{version=%q}", strings.ToValidUTF8(v, "\uFFFD"))
		if page == nil || len(page.Samples) != 1 || page.Samples[key] != 1 {
			t.Fatalf("version %q: want %s 1, page has %+v", v, key, page)
		}
	})
}
