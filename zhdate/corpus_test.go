package zhdate

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// corpusFloor is the share of testdata/corpus.txt that must be read right;
// it is set at what zhdate reaches, so a change that loses ground fails.
const corpusFloor = 0.98

// corpusCase is one line of testdata/corpus.txt.
type corpusCase struct {
	line              int
	source            string
	ref               time.Time
	text, matched     string
	start, end, flags string
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusCase
	var refDay time.Time
	source := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "@ "):
			fields := strings.Fields(line[2:])
			if refDay, err = time.ParseInLocation("2006-01-02", fields[0], cst); err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
			refDay = refDay.Add(10 * time.Hour)
			source = strings.Join(fields[1:], " ")
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 4 || len(cols) > 5 || refDay.IsZero() {
			t.Fatalf("line %d: want text, matched, start, end [, flags] after an @ line: %q", n, line)
		}
		c := corpusCase{line: n, source: source, ref: refDay, text: cols[0], matched: cols[1], start: cols[2], end: cols[3]}
		if c.matched == "=" {
			c.matched = c.text
		}
		if len(cols) == 5 {
			c.flags = cols[4]
		}
		out = append(out, c)
	}
	return out
}

// corpusMiss returns why zhdate's reading of c is wrong, or "".
func corpusMiss(c corpusCase) string {
	got := Find(c.text, c.ref)
	var gs []string
	for _, g := range got {
		gs = append(gs, show(g))
	}
	if len(got) != 1 {
		return fmt.Sprintf("%d expressions %v", len(got), gs)
	}
	g := got[0]
	if g.Text != c.matched || g.Start.Format(time.DateOnly) != c.start || g.End.Format(time.DateOnly) != c.end {
		return "got " + gs[0]
	}
	if c.flags != "" {
		f := strings.Trim(show(g)[strings.LastIndex(show(g), ", ")+2:], `"}`)
		if f == "" {
			f = "-"
		}
		if f != c.flags {
			return "flags " + gs[0]
		}
	}
	return ""
}

// TestCorpus scores zhdate on phrasings taken from public date parsers'
// test suites and our own (see the head of testdata/corpus.txt), prints the
// score and what it misses, and fails below corpusFloor.
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	pass := 0
	bySource := map[string][2]int{}
	var misses []string
	for _, c := range cases {
		s := bySource[c.source]
		s[1]++
		if why := corpusMiss(c); why != "" {
			misses = append(misses, fmt.Sprintf("line %d %s @%s: want {%q, %s, %s, %s}, %s", c.line, c.text, c.ref.Format(time.DateOnly), c.matched, c.start, c.end, c.flags, why))
		} else {
			pass++
			s[0]++
		}
		bySource[c.source] = s
	}
	score := float64(pass) / float64(len(cases))
	t.Logf("corpus: %d/%d read right (%.1f%%)", pass, len(cases), 100*score)
	for src, s := range bySource {
		t.Logf("  %-40s %d/%d", src, s[0], s[1])
	}
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	if score < corpusFloor {
		t.Errorf("corpus score %.1f%% is below the floor of %.0f%%", 100*score, 100*corpusFloor)
	}
}
