package metrics

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestWriteTextKnownState(t *testing.T) {
	r := NewRegistry()
	updates := r.Counter("duban_updates_handled_total", "Updates handled, by kind.", "kind")
	updates.With("message") // declared: shows as 0
	updates.Inc("command")
	updates.Inc("command")
	panics := r.Counter("duban_handler_panics_total", "Handler panics.")
	_ = panics
	depth := r.Gauge("duban_outbox_pending", "Messages waiting.\nSecond line with a \\ backslash.")
	calls := 0
	r.Collect(func() { calls++; depth.Set(float64(3 * calls)) })
	lat := r.Histogram("duban_send_duration_seconds", "Send latency.", []float64{0.1, 1}, "via")
	lat.Observe(0.05, "reply")
	lat.Observe(0.1, "reply") // on the bound: counted in le="0.1"
	lat.Observe(7, "reply")
	odd := r.Counter("odd_total", "Label escaping.", "v")
	odd.Inc("a\"b\\c\nd")

	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	want := `# HELP duban_updates_handled_total Updates handled, by kind.
# TYPE duban_updates_handled_total counter
duban_updates_handled_total{kind="command"} 2
duban_updates_handled_total{kind="message"} 0
# HELP duban_handler_panics_total Handler panics.
# TYPE duban_handler_panics_total counter
duban_handler_panics_total 0
# HELP duban_outbox_pending Messages waiting.\nSecond line with a \\ backslash.
# TYPE duban_outbox_pending gauge
duban_outbox_pending 3
# HELP duban_send_duration_seconds Send latency.
# TYPE duban_send_duration_seconds histogram
duban_send_duration_seconds_bucket{via="reply",le="0.1"} 2
duban_send_duration_seconds_bucket{via="reply",le="1"} 2
duban_send_duration_seconds_bucket{via="reply",le="+Inf"} 3
duban_send_duration_seconds_sum{via="reply"} 7.15
duban_send_duration_seconds_count{via="reply"} 3
# HELP odd_total Label escaping.
# TYPE odd_total counter
odd_total{v="a\"b\\c\nd"} 1
`
	if got := buf.String(); got != want {
		t.Fatalf("exposition:\n%s\nwant:\n%s", got, want)
	}
	if _, err := Parse(buf.String()); err != nil {
		t.Fatalf("does not parse: %v", err)
	}
	buf.Reset()
	r.WriteText(&buf)
	if !strings.Contains(buf.String(), "duban_outbox_pending 6\n") {
		t.Fatalf("collect did not run again:\n%s", buf.String())
	}
}

func TestCounterIgnoresNegative(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "c")
	c.With().Add(2.5)
	c.With().Add(-1)
	g := r.Gauge("g", "g")
	g.With().Add(-4)
	fams := scrape(t, r)
	if v := fams["c_total"].Samples["c_total"]; v != 2.5 {
		t.Errorf("counter = %v, want 2.5", v)
	}
	if v := fams["g"].Samples["g"]; v != -4 {
		t.Errorf("gauge = %v, want -4", v)
	}
}

func TestDeclarationMistakesPanic(t *testing.T) {
	tests := []struct {
		name string
		fn   func(r *Registry)
	}{
		{"bad name", func(r *Registry) { r.Counter("1x", "") }},
		{"bad label", func(r *Registry) { r.Counter("x_total", "", "a-b") }},
		{"le on histogram", func(r *Registry) { r.Histogram("h", "", nil, "le") }},
		{"twice", func(r *Registry) { r.Gauge("g", ""); r.Gauge("g", "") }},
		{"unsorted buckets", func(r *Registry) { r.Histogram("h", "", []float64{2, 1}) }},
		{"wrong label count", func(r *Registry) { r.Counter("x_total", "", "a").Inc() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			tt.fn(NewRegistry())
		})
	}
}

func TestConcurrentUpdates(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "c", "k")
	h := r.Histogram("h_seconds", "h", nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				c.Inc([]string{"a", "b"}[i%2])
				h.Observe(0.01)
			}
		}()
	}
	var buf bytes.Buffer
	for range 10 {
		buf.Reset()
		r.WriteText(&buf) // scrapes while counting
	}
	wg.Wait()
	fams := scrape(t, r)
	if a, b := fams["c_total"].Samples[`c_total{k="a"}`], fams["c_total"].Samples[`c_total{k="b"}`]; a != 4000 || b != 4000 {
		t.Fatalf("counts a=%v b=%v", a, b)
	}
	if n := fams["h_seconds"].Samples["h_seconds_count"]; n != 8000 {
		t.Fatalf("histogram count %v", n)
	}
}

func FuzzLabelValue(f *testing.F) {
	f.Add("plain")
	f.Add("督导室")
	f.Add("a\"b\\c\nd")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, v string) {
		r := NewRegistry()
		r.Counter("x_total", "x", "v").Inc(v)
		var buf bytes.Buffer
		if err := r.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		fams, err := Parse(buf.String())
		if err != nil {
			t.Fatalf("value %q: %v\n%s", v, err, buf.String())
		}
		s := fams["x_total"].Series
		if len(s) != 1 || s[0].Labels["v"] != strings.ToValidUTF8(v, "\uFFFD") || s[0].Value != 1 {
			t.Fatalf("value %q came back as %+v", v, s)
		}
	})
}

func scrape(t *testing.T, r *Registry) map[string]*Family {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	fams, err := Parse(buf.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return fams
}

func TestParseRejects(t *testing.T) {
	head := "# HELP h_seconds h\n# TYPE h_seconds histogram\n"
	tests := []struct{ name, text string }{
		{"sample before help", "x 1\n"},
		{"type without help", "# TYPE x counter\nx 1\n"},
		{"unknown type", "# HELP x x\n# TYPE x summary\nx 1\n"},
		{"bad value", "# HELP x x\n# TYPE x gauge\nx one\n"},
		{"unterminated label", "# HELP x x\n# TYPE x gauge\nx{a=\"b} 1\n"},
		{"bad escape", "# HELP x x\n# TYPE x gauge\nx{a=\"\\t\"} 1\n"},
		{"other family", "# HELP x x\n# TYPE x gauge\ny 1\n"},
		{"twice", "# HELP x x\n# TYPE x gauge\nx 1\nx 2\n"},
		{"buckets shrink", head + "h_seconds_bucket{le=\"1\"} 2\nh_seconds_bucket{le=\"+Inf\"} 1\nh_seconds_count 1\n"},
		{"no +Inf", head + "h_seconds_bucket{le=\"1\"} 2\nh_seconds_count 2\n"},
		{"count differs", head + "h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_count 3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.text); err == nil {
				t.Fatalf("accepted:\n%s", tt.text)
			}
		})
	}
}
