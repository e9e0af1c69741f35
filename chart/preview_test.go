package chart

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPreview writes the pictures a person should look at into
// $CHART_PREVIEW_DIR; without it there is nothing to do.
func TestPreview(t *testing.T) {
	dir := os.Getenv("CHART_PREVIEW_DIR")
	if dir == "" {
		t.Skip("CHART_PREVIEW_DIR not set")
	}
	long := sampleUnits(8, true)
	long[2].Name = "县教育局推进义务教育优质均衡发展工作领导小组办公室"
	long[5].Name = "Wide WWW Management Office of County"
	for _, tc := range []struct {
		name string
		opt  Options
		draw func(r *Renderer) ([]byte, error)
	}{
		{"units-1", Options{}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", sampleUnits(1, false))
		}},
		{"units-8-long", Options{}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", long)
		}},
		{"units-60", Options{}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", sampleUnits(60, true))
		}},
		{"units-empty", Options{}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", nil)
		}},
		{"units-8-dark", Options{Dark: true}, func(r *Renderer) ([]byte, error) {
			return r.Units("2026年教育工作要点 10月通报", "2026年10月31日", long)
		}},
		{"trend", Options{}, func(r *Renderer) ([]byte, error) {
			return r.Trend("2026年教育工作要点 完成率", "2026年10月31日", sampleTrend())
		}},
		{"trend-empty-dark", Options{Dark: true}, func(r *Renderer) ([]byte, error) {
			return r.Trend("2026年教育工作要点 完成率", "2026年1月31日", nil)
		}},
		{"briefing", Options{}, func(r *Renderer) ([]byte, error) {
			return r.Briefing("2026年教育工作要点 10月通报", "2026年10月31日", sampleUnits(12, true), sampleTrend())
		}},
		{"units-missing-glyph-colours", Options{Colors: Colors{Done: "#1b5e20", Doing: "#0d47a1", Overdue: "#b71c1c"}}, func(r *Renderer) ([]byte, error) {
			return r.Units("𠀾城关学区 10月通报", "2026年10月31日", []Unit{{Name: "𠀾实验学校", Done: 3, Doing: 2, Overdue: 1, Rate: 0.5}, {Name: "第二中学", Done: 5, Rate: 1}})
		}},
		{"briefing-dark-en", Options{Dark: true, Lang: "en"}, func(r *Renderer) ([]byte, error) {
			return r.Briefing("2026 work plan, October", "Oct 31, 2026", sampleUnits(60, false), sampleTrend())
		}},
	} {
		r, err := New(nil, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := tc.draw(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tc.name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
