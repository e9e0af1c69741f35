package chart

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/math/fixed"
)

func benchRender(b *testing.B, o Options, draw func(r *Renderer) ([]byte, error)) {
	r, err := New(nil, o)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		png, err := draw(r)
		if err != nil {
			b.Fatal(err)
		}
		size = len(png)
	}
	b.ReportMetric(float64(size), "png-bytes")
}

// BenchmarkUnits50 draws the unit chart of 50 units: folded to the default
// 15 bars, and all 50 drawn.
func BenchmarkUnits50(b *testing.B) {
	units := sampleUnits(50, true)
	b.Run("folded", func(b *testing.B) {
		benchRender(b, Options{}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", units)
		})
	})
	b.Run("all", func(b *testing.B) {
		benchRender(b, Options{MaxUnits: 50}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", units)
		})
	})
}

func BenchmarkTrend(b *testing.B) {
	benchRender(b, Options{}, func(r *Renderer) ([]byte, error) {
		return r.Trend("2026年教育工作要点 完成率", "2026年10月31日", sampleTrend())
	})
}

func BenchmarkBriefing(b *testing.B) {
	units := sampleUnits(50, true)
	benchRender(b, Options{}, func(r *Renderer) ([]byte, error) {
		return r.Briefing("2026年教育工作要点 10月通报", "2026年10月31日", units, sampleTrend())
	})
}

// BenchmarkFontRSS reports how much the resident memory of a fresh process
// grows from loading a font and then looking up and rasterizing every
// GB2312 character in both weights: the embedded font, and Debian's 19 MB
// collection where it is installed. Each is measured in a child process
// (the test binary again, see TestMain), so nothing else is counted; the
// pictures' own memory is the benchmarks' B/op.
func BenchmarkFontRSS(b *testing.B) {
	fonts := map[string]string{"embedded": ""}
	if _, err := os.Stat("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"); err == nil {
		fonts["debian-ttc"] = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
	}
	gb, err := os.ReadFile(filepath.Join("font", "gb2312.txt"))
	if err != nil {
		b.Fatal(err)
	}
	for name, path := range fonts {
		b.Run(name, func(b *testing.B) {
			var growth float64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), "CHART_RSS_CHILD=1", "CHART_RSS_FONT="+path, "CHART_RSS_TEXT="+string(gb))
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("child: %v\n%s", err, out)
				}
				_, after, ok := strings.Cut(string(out), "rss-growth-kb=")
				if !ok {
					b.Fatalf("child said %s", out)
				}
				kb, err := strconv.Atoi(strings.Fields(after)[0])
				if err != nil {
					b.Fatal(err)
				}
				growth = float64(kb) / 1024
			}
			b.ReportMetric(growth, "MB-rss-growth")
		})
	}
}

// TestMain runs the tests, or, in the child process of BenchmarkFontRSS,
// only the measurement.
func TestMain(m *testing.M) {
	if os.Getenv("CHART_RSS_CHILD") == "1" {
		if err := rssChild(os.Getenv("CHART_RSS_FONT"), os.Getenv("CHART_RSS_TEXT")); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func rssChild(path, text string) error {
	debug.FreeOSMemory()
	before, err := rssKB()
	if err != nil {
		return err
	}
	f, err := LoadFont(path)
	if err != nil {
		return err
	}
	if m := f.Missing(text); len(m) > 0 {
		return fmt.Errorf("missing %q", m)
	}
	for _, bold := range []bool{false, true} {
		face := f.face(nameSize, bold)
		for _, r := range text {
			if _, _, _, _, ok := face.Glyph(fixed.P(10, 40), r); !ok {
				return fmt.Errorf("no glyph drawn for %q", r)
			}
		}
	}
	debug.FreeOSMemory()
	after, err := rssKB()
	if err != nil {
		return err
	}
	fmt.Printf("rss-growth-kb=%d\n", after-before)
	return nil
}

// rssKB reads the process's resident set size from /proc.
func rssKB() (int, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(b) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			return strconv.Atoi(string(bytes.Fields(rest)[0]))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/self/status")
}
