package e2e

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/demo"
)

// decodeWidth decodes a PNG file and returns its width.
func decodeWidth(t *testing.T, data []byte) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img.Bounds().Dx()
}

// TestChartCommandWritesThePicture: duban chart -o writes the month's
// progress chart as a PNG, for the current month or another, for a plan;
// --db and --help work as for the other subcommands.
func TestChartCommandWritesThePicture(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	db := demoDB(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf("db: %s\n", db)
	now := time.Now().In(shanghaiLoc(t))
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	tests := []struct {
		name string
		args []string
		want string // in the printed line
	}{
		{"this month", []string{"chart", "-o", filepath.Join(dir, "now.png")},
			fmt.Sprintf("%d年%d月工作进展图（截至%d月%d日）", now.Year(), int(now.Month()), int(now.Month()), now.Day())},
		{"the month before, one plan", []string{"chart", "--month", last.Format("2006-01"), "--plan", demo.PlanName, "-o", filepath.Join(dir, "last.png")},
			fmt.Sprintf("%d年%d月工作进展图", last.Year(), int(last.Month()))},
		{"--db over the config", []string{"chart", "--db", db, "-o", filepath.Join(dir, "db.png")}, "工作进展图"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := cfg
			if tt.name == "--db over the config" {
				body = fmt.Sprintf("db: %s\n", filepath.Join(dir, "not-this.db"))
			}
			out, stderr, err := runConfig(t, body, tt.args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			path := tt.args[len(tt.args)-1]
			if !strings.Contains(out, "已写入 "+path+"：") || !strings.Contains(out, tt.want) {
				t.Errorf("printed %q, want %q", out, tt.want)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if w := decodeWidth(t, data); w < 1080 {
				t.Errorf("%d px wide", w)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "not-this.db")); err == nil {
		t.Error("the config's database was created although --db named another")
	}

	t.Run("refused", func(t *testing.T) {
		next := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0).Format("2006-01")
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{"chart", "--month", next}, "还没到"},
			{[]string{"chart", "--month", "11月"}, "应写成 YYYY-MM"},
			{[]string{"chart", "--plan", "2025年工作要点"}, "没有名为“2025年工作要点”的计划；现有计划：《" + demo.PlanName + "》"},
			{[]string{"chart", "extra"}, "多余的参数“extra”"},
		} {
			if _, _, err := runConfig(t, cfg, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
			}
		}
	})
	t.Run("help", func(t *testing.T) {
		_, stderr, _ := runConfig(t, cfg, "chart", "--help")
		for _, want := range []string{"usage: duban chart", "Example:\n  duban chart", "-month", "current month so far", "-db"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("chart --help lacks %q:\n%s", want, stderr)
			}
		}
	})
}

// TestChartConfigAtStart: a chart font that does not load, or a colour that
// does not parse, is an error naming its key; the bureau's font and
// colours draw.
func TestChartConfigAtStart(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		chart, want string
	}{
		{"chart:\n  font: " + filepath.Join(dir, "simhei.ttf") + "\n", "chart.font"},
		{"chart:\n  colors:\n    done: 绿色\n", "chart.colors.done"},
	} {
		_, _, err := runConfig(t, fmt.Sprintf("db: %s\n%s", db, tt.chart), "chart", "-o", filepath.Join(dir, "x.png"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error naming %s", tt.chart, err, tt.want)
		}
	}
	// "duban run" stops at start on the font, before it reaches Telegram.
	_, _, err := runConfig(t, fmt.Sprintf("db: %s\ntelegram:\n  token: \"1:x\"\n  api_url: http://127.0.0.1:1\nhttp:\n  listen: \"\"\nchart:\n  font: %s\n",
		filepath.Join(dir, "run.db"), filepath.Join(dir, "simhei.ttf")), "run")
	if err == nil || !strings.Contains(err.Error(), "chart.font") || !strings.Contains(err.Error(), "simhei.ttf") {
		t.Errorf("run with a missing font: %v", err)
	}
	out, _, err := runConfig(t, fmt.Sprintf("db: %s\nchart:\n  dark: true\n  colors:\n    done: \"#1b5e20\"\n", db), "chart", "-o", filepath.Join(dir, "dark.png"))
	if err != nil || !strings.Contains(out, "已写入") {
		t.Errorf("dark chart: %v %s", err, out)
	}
}

// TestConsoleChart: in the console, /chart and 看一下图表 write the picture
// into --out and say where.
func TestConsoleChart(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runWith(t, writeConfig(t), "/chart\n看一下图表\n/chart 2030-01\n", "console", "--demo", "--out", dir)
	if err != nil {
		t.Fatal(err)
	}
	saved := regexp.MustCompile(`\[图片\] 已保存到 (\S+\.png) \(\d+ 字节\)\n📊 \d+年\d+月工作进展图（截至\d+月\d+日）`).FindAllStringSubmatch(out, -1)
	if len(saved) != 2 {
		t.Fatalf("console output:\n%s", out)
	}
	if filepath.Dir(saved[0][1]) != dir {
		t.Errorf("saved in %s, want %s", saved[0][1], dir)
	}
	data, err := os.ReadFile(saved[0][1])
	if err != nil {
		t.Fatal(err)
	}
	if w := decodeWidth(t, data); w < 1080 {
		t.Errorf("%d px wide", w)
	}
	if !strings.Contains(out, "2030年1月还没到") {
		t.Errorf("a future month is not refused:\n%s", out)
	}
}
