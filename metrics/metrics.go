// Package metrics is a small registry of counters, gauges and histograms
// written out in the Prometheus text exposition format (version 0.0.4).
// It is hand-written so that duban needs no client library: the handful of
// series it exports do not justify one.
//
// A metric is declared once, with its label names, on a Registry; a series
// is one combination of label values (With). Declaring the label values an
// operator will query at start makes them show as 0 before anything happens,
// which is what rate() and alerts want. Values are safe for concurrent use.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ContentType is the Content-Type of WriteText's output.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Registry holds the declared metrics, in declaration order.
type Registry struct {
	mu       sync.Mutex
	families []*family
	names    map[string]bool
	collect  []func()
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{names: map[string]bool{}}
}

// kind is a metric type as written in # TYPE.
type kind string

const (
	kindCounter   kind = "counter"
	kindGauge     kind = "gauge"
	kindHistogram kind = "histogram"
)

// family is one metric name with its series.
type family struct {
	name    string
	help    string
	kind    kind
	labels  []string
	buckets []float64 // histograms

	mu     sync.Mutex
	series map[string]*series
}

// series is one set of label values. A counter or gauge keeps its value in
// bits; a histogram its counts under mu.
type series struct {
	values []string
	bits   atomic.Uint64

	mu     sync.Mutex
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

var (
	nameRe  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelRe = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// declare adds a family; a bad or repeated name is a programming error, so
// it panics at start rather than exporting something Prometheus refuses.
func (r *Registry) declare(f *family) *family {
	if !nameRe.MatchString(f.name) {
		panic("metrics: invalid metric name " + strconv.Quote(f.name))
	}
	for _, l := range f.labels {
		if !labelRe.MatchString(l) || strings.HasPrefix(l, "__") || (f.kind == kindHistogram && l == "le") {
			panic("metrics: invalid label name " + strconv.Quote(l) + " on " + f.name)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[f.name] {
		panic("metrics: metric declared twice: " + f.name)
	}
	r.names[f.name] = true
	f.series = map[string]*series{}
	r.families = append(r.families, f)
	return f
}

// get returns the series of values, creating it.
func (f *family) get(values []string) *series {
	if len(values) != len(f.labels) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, got %d", f.name, len(f.labels), len(values)))
	}
	key := strings.Join(values, "\xff")
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.series[key]
	if !ok {
		s = &series{values: slices.Clone(values)}
		if f.kind == kindHistogram {
			s.counts = make([]uint64, len(f.buckets))
		}
		f.series[key] = s
	}
	return s
}

// Counter is a value that only goes up.
type Counter struct{ f *family }

// Counter declares a counter. By Prometheus convention its name ends in
// _total.
func (r *Registry) Counter(name, help string, labels ...string) *Counter {
	return &Counter{r.declare(&family{name: name, help: help, kind: kindCounter, labels: labels})}
}

// With returns the series of the label values, given in the order the
// labels were declared.
func (c *Counter) With(values ...string) CounterSeries {
	return CounterSeries{c.f.get(values)}
}

// Inc adds 1 to the series of the label values.
func (c *Counter) Inc(values ...string) { c.With(values...).Add(1) }

// CounterSeries is one series of a counter.
type CounterSeries struct{ s *series }

// Inc adds 1.
func (c CounterSeries) Inc() { c.Add(1) }

// Add adds v; a negative v is ignored, since a counter never goes down.
func (c CounterSeries) Add(v float64) {
	if v < 0 || math.IsNaN(v) {
		return
	}
	addFloat(&c.s.bits, v)
}

// Gauge is a value that goes up and down.
type Gauge struct{ f *family }

// Gauge declares a gauge. Set it where the value changes, or from a
// Collect function when it is cheaper to compute at scrape time.
func (r *Registry) Gauge(name, help string, labels ...string) *Gauge {
	return &Gauge{r.declare(&family{name: name, help: help, kind: kindGauge, labels: labels})}
}

// With returns the series of the label values.
func (g *Gauge) With(values ...string) GaugeSeries { return GaugeSeries{g.f.get(values)} }

// Set sets the series of the label values to v.
func (g *Gauge) Set(v float64, values ...string) { g.With(values...).Set(v) }

// GaugeSeries is one series of a gauge.
type GaugeSeries struct{ s *series }

// Set sets the value.
func (g GaugeSeries) Set(v float64) { g.s.bits.Store(math.Float64bits(v)) }

// Add adds v, which may be negative.
func (g GaugeSeries) Add(v float64) { addFloat(&g.s.bits, v) }

// Value returns the value.
func (g GaugeSeries) Value() float64 { return math.Float64frombits(g.s.bits.Load()) }

// Histogram counts observations into buckets (e.g. send latency).
type Histogram struct{ f *family }

// DefaultBuckets suit request latencies in seconds, from 5 ms to 1 min.
var DefaultBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// Histogram declares a histogram with the given upper bounds (sorted, +Inf
// implied); nil means DefaultBuckets.
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *Histogram {
	if buckets == nil {
		buckets = DefaultBuckets
	}
	b := slices.Clone(buckets)
	if !slices.IsSorted(b) || len(slices.Compact(slices.Clone(b))) != len(b) {
		panic("metrics: histogram buckets must be sorted and distinct: " + name)
	}
	if n := len(b); n > 0 && math.IsInf(b[n-1], 1) {
		b = b[:n-1]
	}
	return &Histogram{r.declare(&family{name: name, help: help, kind: kindHistogram, labels: labels, buckets: b})}
}

// With returns the series of the label values.
func (h *Histogram) With(values ...string) HistogramSeries {
	return HistogramSeries{h.f.get(values), h.f.buckets}
}

// Observe records v in the series of the label values.
func (h *Histogram) Observe(v float64, values ...string) { h.With(values...).Observe(v) }

// HistogramSeries is one series of a histogram.
type HistogramSeries struct {
	s       *series
	buckets []float64
}

// Observe records v.
func (h HistogramSeries) Observe(v float64) {
	if math.IsNaN(v) {
		return
	}
	i, _ := slices.BinarySearch(h.buckets, v) // first bound >= v; len = +Inf only
	h.s.mu.Lock()
	if i < len(h.s.counts) {
		h.s.counts[i]++
	}
	h.s.count++
	h.s.sum += v
	h.s.mu.Unlock()
}

// Collect registers fn to run before every WriteText, to set gauges that
// are computed at scrape time (one database query for several gauges).
func (r *Registry) Collect(fn func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.collect = append(r.collect, fn)
}

// WriteText runs the Collect functions, then writes every metric in the
// text exposition format: families in declaration order, series sorted by
// their label values.
func (r *Registry) WriteText(w io.Writer) error {
	r.mu.Lock()
	collect := slices.Clone(r.collect)
	families := slices.Clone(r.families)
	r.mu.Unlock()
	for _, fn := range collect {
		fn()
	}
	bw := bufio.NewWriter(w)
	for _, f := range families {
		f.write(bw)
	}
	return bw.Flush()
}

func (f *family) write(w *bufio.Writer) {
	f.mu.Lock()
	all := make([]*series, 0, len(f.series))
	for _, s := range f.series {
		all = append(all, s)
	}
	f.mu.Unlock()
	if len(all) == 0 && len(f.labels) == 0 {
		all = append(all, f.get(nil)) // an unlabelled metric is always shown
	}
	slices.SortFunc(all, func(a, b *series) int { return slices.Compare(a.values, b.values) })

	fmt.Fprintf(w, "# HELP %s %s\n", f.name, escapeHelp(f.help))
	fmt.Fprintf(w, "# TYPE %s %s\n", f.name, f.kind)
	for _, s := range all {
		if f.kind != kindHistogram {
			writeSample(w, f.name, f.labels, s.values, "", "", math.Float64frombits(s.bits.Load()))
			continue
		}
		s.mu.Lock()
		counts, count, sum := slices.Clone(s.counts), s.count, s.sum
		s.mu.Unlock()
		var cum uint64
		for i, le := range f.buckets {
			cum += counts[i]
			writeSample(w, f.name+"_bucket", f.labels, s.values, "le", formatFloat(le), float64(cum))
		}
		writeSample(w, f.name+"_bucket", f.labels, s.values, "le", "+Inf", float64(count))
		writeSample(w, f.name+"_sum", f.labels, s.values, "", "", sum)
		writeSample(w, f.name+"_count", f.labels, s.values, "", "", float64(count))
	}
}

// writeSample writes one line: name{labels} value. extra is an added label
// (a histogram's le) when not empty.
func writeSample(w *bufio.Writer, name string, labels, values []string, extra, extraValue string, v float64) {
	w.WriteString(name)
	if len(labels) > 0 || extra != "" {
		w.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(l)
			w.WriteString(`="`)
			w.WriteString(escapeLabel(values[i]))
			w.WriteByte('"')
		}
		if extra != "" {
			if len(labels) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(extra)
			w.WriteString(`="`)
			w.WriteString(extraValue)
			w.WriteByte('"')
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.WriteString(formatFloat(v))
	w.WriteByte('\n')
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string { return helpEscaper.Replace(s) }

// escapeLabel escapes a label value; invalid UTF-8 becomes U+FFFD, since
// the format is UTF-8 and a scraper would refuse the whole page.
func escapeLabel(s string) string { return labelEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD")) }

// addFloat adds v to the float64 stored as bits in a.
func addFloat(a *atomic.Uint64, v float64) {
	for {
		old := a.Load()
		if a.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}
