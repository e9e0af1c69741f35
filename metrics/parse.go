package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Family is a metric family read back by Parse.
type Family struct {
	Name, Help, Type string
	// Samples maps each sample line's name{labels} as written to its value.
	Samples map[string]float64
	// Series lists the samples in order, with their labels decoded.
	Series []Sample
}

// Sample is one sample line read back by Parse.
type Sample struct {
	Name   string // with a histogram's _bucket, _sum or _count
	Labels map[string]string
	Value  float64
}

// Parse reads the text exposition format strictly: every sample belongs to
// a family announced by # HELP and # TYPE before it, names and labels are
// well formed, values are numbers, and a histogram's buckets are
// cumulative up to le="+Inf", which equals its _count. It exists so that
// tests check what a Prometheus server would read, not just substrings.
func Parse(text string) (map[string]*Family, error) {
	fams := map[string]*Family{}
	var cur *Family
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		n++
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("line %d: invalid UTF-8", n)
		}
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, _ := strings.Cut(strings.TrimPrefix(line, "# HELP "), " ")
			if !nameRe.MatchString(name) {
				return nil, fmt.Errorf("line %d: bad metric name %q", n, name)
			}
			if _, dup := fams[name]; dup {
				return nil, fmt.Errorf("line %d: family %s twice", n, name)
			}
			cur = &Family{Name: name, Help: help, Samples: map[string]float64{}}
			fams[name] = cur
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(strings.TrimPrefix(line, "# TYPE "), " ")
			if cur == nil || cur.Name != name || cur.Type != "" {
				return nil, fmt.Errorf("line %d: TYPE of %s not right after its HELP", n, name)
			}
			switch typ {
			case "counter", "gauge", "histogram":
			default:
				return nil, fmt.Errorf("line %d: unknown type %q", n, typ)
			}
			cur.Type = typ
		case line == "" || strings.HasPrefix(line, "#"):
			return nil, fmt.Errorf("line %d: unexpected %q", n, line)
		default:
			if cur == nil || cur.Type == "" {
				return nil, fmt.Errorf("line %d: sample before HELP and TYPE", n)
			}
			name, labels, value, err := parseSample(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			if !belongs(cur, name) {
				return nil, fmt.Errorf("line %d: sample %s outside its family %s", n, name, cur.Name)
			}
			key := line[:strings.LastIndexByte(line, ' ')]
			if _, dup := cur.Samples[key]; dup {
				return nil, fmt.Errorf("line %d: sample %s twice", n, key)
			}
			cur.Samples[key] = value
			cur.Series = append(cur.Series, Sample{Name: name, Labels: labels, Value: value})
		}
	}
	for _, f := range fams {
		if f.Type == "histogram" {
			if err := checkHistogram(f); err != nil {
				return nil, err
			}
		}
	}
	return fams, nil
}

func belongs(f *Family, sample string) bool {
	if f.Type != "histogram" {
		return sample == f.Name
	}
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if sample == f.Name+suffix {
			return true
		}
	}
	return false
}

// parseSample splits name{a="x",b="y"} value.
func parseSample(line string) (string, map[string]string, float64, error) {
	i := strings.IndexAny(line, "{ ")
	if i <= 0 {
		return "", nil, 0, fmt.Errorf("no value in %q", line)
	}
	name, rest := line[:i], line[i:]
	if !nameRe.MatchString(name) {
		return "", nil, 0, fmt.Errorf("bad sample name %q", name)
	}
	labels := map[string]string{}
	if strings.HasPrefix(rest, "{") {
		rest = rest[1:]
		for !strings.HasPrefix(rest, "}") {
			eq := strings.Index(rest, `="`)
			if eq <= 0 {
				return "", nil, 0, fmt.Errorf("bad label in %q", line)
			}
			lname := rest[:eq]
			if !labelRe.MatchString(lname) {
				return "", nil, 0, fmt.Errorf("bad label name %q", lname)
			}
			rest = rest[eq+2:]
			var val strings.Builder
			closed := false
			for j := 0; j < len(rest); j++ {
				c := rest[j]
				if c == '\\' && j+1 < len(rest) {
					j++
					switch rest[j] {
					case '\\':
						val.WriteByte('\\')
					case '"':
						val.WriteByte('"')
					case 'n':
						val.WriteByte('\n')
					default:
						return "", nil, 0, fmt.Errorf("bad escape in %q", line)
					}
					continue
				}
				if c == '\n' {
					return "", nil, 0, fmt.Errorf("raw newline in a label value")
				}
				if c == '"' {
					rest, closed = rest[j+1:], true
					break
				}
				val.WriteByte(c)
			}
			if !closed {
				return "", nil, 0, fmt.Errorf("unterminated label value in %q", line)
			}
			if _, dup := labels[lname]; dup {
				return "", nil, 0, fmt.Errorf("label %s twice", lname)
			}
			labels[lname] = val.String()
			rest = strings.TrimPrefix(rest, ",")
		}
		rest = rest[1:]
	}
	if !strings.HasPrefix(rest, " ") {
		return "", nil, 0, fmt.Errorf("no space before the value in %q", line)
	}
	v, err := parseValue(rest[1:])
	if err != nil {
		return "", nil, 0, err
	}
	return name, labels, v, nil
}

func parseValue(s string) (float64, error) {
	switch s {
	case "+Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	case "NaN":
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("bad value %q", s)
	}
	return v, nil
}

// checkHistogram checks that each series' buckets grow with le and end in
// +Inf equal to its _count.
func checkHistogram(f *Family) error {
	type acc struct {
		bound, count float64
		inf          bool
	}
	buckets := map[string]*acc{}
	counts := map[string]float64{}
	for _, s := range f.Series {
		key := seriesKey(s.Labels)
		switch s.Name {
		case f.Name + "_bucket":
			le, ok := s.Labels["le"]
			if !ok {
				return fmt.Errorf("%s: bucket without le", f.Name)
			}
			bound, err := parseValue(le)
			if err != nil {
				return fmt.Errorf("%s: bad le %q", f.Name, le)
			}
			a := buckets[key]
			if a == nil {
				a = &acc{bound: math.Inf(-1)}
				buckets[key] = a
			}
			if a.inf || bound <= a.bound || s.Value < a.count {
				return fmt.Errorf("%s{%s}: bucket le=%q out of order or below the one before", f.Name, key, le)
			}
			a.bound, a.count, a.inf = bound, s.Value, math.IsInf(bound, 1)
		case f.Name + "_count":
			counts[key] = s.Value
		}
	}
	for key, a := range buckets {
		if !a.inf {
			return fmt.Errorf("%s{%s}: no +Inf bucket", f.Name, key)
		}
		if c, ok := counts[key]; !ok || c != a.count {
			return fmt.Errorf("%s{%s}: +Inf bucket %v, _count %v", f.Name, key, a.count, c)
		}
	}
	return nil
}

// seriesKey names a label set without its le, in a fixed order.
func seriesKey(labels map[string]string) string {
	parts := make([]string, 0, len(labels))
	for k, v := range labels {
		if k != "le" {
			parts = append(parts, k+"="+strconv.Quote(v))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}
