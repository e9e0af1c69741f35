package handlers

import (
	"bytes"
	"context"
	"image/png"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

func TestParseChartMonth(t *testing.T) {
	today := date("2026-11-25")
	tests := []struct {
		arg, want string // want: the month's first day, or words of the reply
	}{
		{"", "2026-11-01"},
		{"本月", "2026-11-01"},
		{"这个月", "2026-11-01"},
		{"this month", "2026-11-01"},
		{"上月", "2026-10-01"},
		{"上个月的图表", "2026-10-01"},
		{"last", "2026-10-01"},
		{"10月", "2026-10-01"},
		{"十月", "2026-10-01"},
		{"11月份", "2026-11-01"},
		{"１０月", "2026-10-01"}, // full-width digits
		{"12月", "2025-12-01"}, // the latest December that has begun
		{"1月", "2026-01-01"},
		{"oct", "2026-10-01"},
		{"December", "2025-12-01"},
		{"2026-10", "2026-10-01"},
		{"2026/9", "2026-09-01"},
		{"2026.09", "2026-09-01"},
		{"2026年3月", "2026-03-01"},
		{"2025年十二月份", "2025-12-01"},
		{" 2026-10？", "2026-10-01"},
		{"2026-12", "2026年12月还没到"},
		{"2027年1月", "2027年1月还没到"},
		{"13月", "看不懂“13月”"},
		{"2026-13", "看不懂"},
		{"1999-10", "看不懂"},
		{"2026-1-5", "看不懂"},
		{"明年", "看不懂"},
		{"<b>", "看不懂“&lt;b&gt;”"},
	}
	for _, tt := range tests {
		got, err := parseChartMonth(tt.arg, today)
		if err != nil {
			p, ok := err.(*Problem)
			if !ok || !strings.Contains(p.ZH, tt.want) {
				t.Errorf("parseChartMonth(%q) = %v, want %s", tt.arg, err, tt.want)
			}
			continue
		}
		if got.String() != tt.want {
			t.Errorf("parseChartMonth(%q) = %s, want %s", tt.arg, got, tt.want)
		}
	}
}

// FuzzChartMonth: whatever follows /chart, the answer is a reply or the
// first day of a month that has begun, in a plausible year.
func FuzzChartMonth(f *testing.F) {
	for _, s := range []string{"", "本月", "上个月", "10月", "十二月份", "2026-10", "2026年3月", "oct", "2026/13", "２０２６．１０", "\x00", "月", "年月"} {
		f.Add(s)
	}
	today := date("2026-11-25")
	f.Fuzz(func(t *testing.T, arg string) {
		got, err := parseChartMonth(arg, today)
		if err != nil {
			if _, ok := err.(*Problem); !ok {
				t.Fatalf("parseChartMonth(%q): %v is not a reply", arg, err)
			}
			return
		}
		if got.Day != 1 || got.Month < 1 || got.Month > 12 || got.Year < 2000 || got.After(today) {
			t.Fatalf("parseChartMonth(%q) = %s", arg, got)
		}
	})
}

// recordCharts draws with the real renderer and remembers what it drew.
type recordCharts struct {
	r     *chart.Renderer
	mu    sync.Mutex
	units [][]chart.Unit
	pts   [][]chart.TrendPoint
}

func (c *recordCharts) Briefing(title, asOf string, units []chart.Unit, pts []chart.TrendPoint) ([]byte, error) {
	c.mu.Lock()
	c.units, c.pts = append(c.units, units), append(c.pts, pts)
	c.mu.Unlock()
	return c.r.Briefing(title, asOf, units, pts)
}

func (c *recordCharts) last() ([]chart.Unit, []chart.TrendPoint) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.units) == 0 {
		return nil, nil
	}
	return c.units[len(c.units)-1], c.pts[len(c.pts)-1]
}

// unitNames are the names of the units drawn, sorted.
func unitNames(units []chart.Unit) []string {
	var names []string
	for _, u := range units {
		names = append(names, u.Name)
	}
	slices.Sort(names)
	return names
}

func withCharts(t *testing.T, e *testEnv) *recordCharts {
	t.Helper()
	r, err := chart.New(nil, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := &recordCharts{r: r}
	d := e.h.d
	d.Charts = c
	e.h = New(d)
	return c
}

// photo handles text from a member of chat and returns the one photo
// sent, failing when the answer is anything else.
func (e *testEnv) photo(t *testing.T, chat int64, text string) duban.Outgoing {
	t.Helper()
	e.h.Handle(context.Background(), e.msg(chat, memberID, text))
	out := e.out.take()
	if len(out) != 1 || out[0].File == nil || !out[0].File.Photo {
		var texts []string
		for _, o := range out {
			texts = append(texts, plain(o.Text))
		}
		t.Fatalf("%s: got %d messages, not one photo: %q", text, len(out), texts)
	}
	if out[0].ChatID != chat {
		t.Errorf("%s: sent to %d", text, out[0].ChatID)
	}
	return out[0]
}

// TestChartInAGroup: /chart and its plain phrasings send the month's
// picture as a photo under a caption naming the month and its day.
func TestChartInAGroup(t *testing.T) {
	e := newTestEnv(t, "zh")
	c := withCharts(t, e)
	tests := []struct {
		text, caption, file string
	}{
		{"/chart", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"/chart@" + testBot + " 本月", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"看一下图表", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"进度图", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"查看图表", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"发一下图表", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"请发一下本月的进度图", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"上个月的进度图", "📊 2026年10月工作进展图（截至10月31日）", "工作进展图-2026-10-31.png"},
		{"11月的图表", "📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png"},
		{"/chart 2026-10", "📊 2026年10月工作进展图（截至10月31日）", "工作进展图-2026-10-31.png"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p := e.photo(t, servedGroup, tt.text)
			if p.Text != tt.caption || p.File.Name != tt.file {
				t.Errorf("caption %q, file %q; want %q, %q", p.Text, p.File.Name, tt.caption, tt.file)
			}
			img, err := png.Decode(bytes.NewReader(p.File.Data))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if w := img.Bounds().Dx(); w < chart.DefaultWidth {
				t.Errorf("%d px wide", w)
			}
			if p.ReplyTo == 0 {
				t.Errorf("the photo does not answer the request")
			}
		})
	}

	// The plan's tasks were all added on Nov 25: November has its units,
	// October nothing — its picture says so rather than draw empty axes.
	e.photo(t, servedGroup, "/chart")
	units, pts := c.last()
	if names, want := unitNames(units), []string{"人事科", "安全稳定科", "教师发展中心", "督导室", "督导组", "计划财务科"}; !slices.Equal(names, want) {
		t.Errorf("units %v, want %v", names, want)
	}
	if len(pts) != 12 || pts[10].NoData || pts[9].NoData != true || !pts[11].NoData {
		t.Errorf("trend: %+v", pts)
	}
	e.photo(t, servedGroup, "/chart 上月")
	units, pts = c.last()
	if l := chart.LayoutUnits("", "", units, chart.LayoutOptions{}); l.Empty != "本月暂无数据" {
		t.Errorf("October draws %+v, want 本月暂无数据", l)
	}
	if l := chart.LayoutTrend("", "", pts, chart.LayoutOptions{}); l.Empty == "" {
		t.Errorf("October's trend draws %+v", l.Marks)
	}

	for _, tt := range []struct{ text, want string }{
		{"/chart 2026-12", "2026年12月还没到，只能画本月和以前月份的图表。"},
		{"/chart 下个月", "看不懂“下个月”"},
	} {
		if got := e.group(t, tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.text, got, tt.want)
		}
	}
	// Chatter about charts is not a request.
	for _, text := range []string{"这个图表做得不错", "图表收到", "把图表打印出来"} {
		if got := e.group(t, text); got != "" {
			t.Errorf("%s: answered %q", text, got)
		}
	}
}

// TestChartWhereItCannotBe: an unserved group gets no plan data, a bot
// without charts says so, a database without a plan says to import one.
func TestChartWhereItCannotBe(t *testing.T) {
	e := newTestEnv(t, "zh")
	if got := e.group(t, "/chart"); got != "这里暂时不能画图表。" {
		t.Errorf("without charts: %q", got)
	}
	withCharts(t, e)
	got := strings.Join(e.say(t, e.msg(unservedGroup, memberID, "/chart")), "\n")
	if strings.Contains(got, "工作进展图") || len(e.out.take()) != 0 {
		t.Errorf("an unserved group got %q", got)
	}
	empty := newTestEnv(t, "en")
	for _, it := range []int{2, 3, 4, 6, 7, 8, 9, 1, 5} {
		if _, err := empty.st.DeleteItem(context.Background(), it); err != nil {
			t.Fatal(err)
		}
	}
	withCharts(t, empty)
	// Items deleted, the plan still there: an empty picture.
	p := empty.photo(t, servedGroup, "/chart")
	if p.Text != "📊 Progress chart, November 2026 (as of Nov 25)" {
		t.Errorf("caption %q", p.Text)
	}
}

// TestChartBeforeAnyPlan: with no plan imported, /chart says how to
// import one.
func TestChartBeforeAnyPlan(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &testEnv{st: st, out: &fakeSender{}, members: &fakeMembers{left: map[int64]bool{}}}
	pol := access.New(access.Config{Chats: []int64{servedGroup}}, st, e.members, nil)
	e.h = New(Deps{Store: st, Sender: e.out, Access: pol, Loc: shanghai(), BotUsername: testBot,
		Now: func() time.Time { return testNow }})
	withCharts(t, e)
	if got := e.group(t, "/chart"); !strings.Contains(got, "还没有导入工作计划") {
		t.Errorf("no plan: %q", got)
	}
}

// TestChartInAScopedGroup: a school's group sees the units of its own
// items only.
func TestChartInAScopedGroup(t *testing.T) {
	e := newScopedEnv(t)
	c := withCharts(t, e)
	e.photo(t, schoolGroup, "/chart")
	units, _ := c.last()
	if names, want := unitNames(units), []string{"督导室", "计划财务科"}; !slices.Equal(names, want) {
		t.Errorf("the school's group sees units %v, want %v", names, want)
	}
}
