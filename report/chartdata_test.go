package report_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
)

// chartYear is a plan year of events under a moving clock, in a real store:
//
//	Feb 10  the plan's tasks are created (January has none):
//	        #2 督导室 by Jun 30, #3 计财科 by Mar 31, #4 安全科 by Dec 31,
//	        #5 督导室 with no deadline, #6 计财科 by Apr 30
//	Mar 20  #3 closed (on time)
//	Apr 15  #6 cancelled
//	May  5  #7 人事科 by Sep 30 is added
//	Jul  2  #2 closed (two days late)
//	Oct  9  #5 closed
//	Nov 25  now
func chartYear(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := time.Date(2026, 2, 10, 9, 0, 0, 0, shanghai)
	st.Now = func() time.Time { return clock }
	on := func(s string) { d := day(s); clock = time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, shanghai) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := duban.Plan{Name: "2026年教育工作要点", Year: 2026}
	must(st.CreatePlan(ctx, &p))
	add := func(it duban.Item) {
		t.Helper()
		it.PlanID = p.ID
		must(st.CreateItem(ctx, &it))
	}
	add(duban.Item{Kind: duban.KindSection, Code: "一", Title: "重点工作"})
	add(duban.Item{ParentNumber: 1, Title: "开展中小学办学水平督导评估", Owner: "督导室", Deadline: day("2026-06-30")})
	add(duban.Item{ParentNumber: 1, Title: "下达年度教育经费预算", Owner: "计财科", Deadline: day("2026-03-31")})
	add(duban.Item{ParentNumber: 1, Title: "完成校舍安全隐患整改", Owner: "安全科", Deadline: day("2026-12-31")})
	add(duban.Item{ParentNumber: 1, Title: "整理督导档案", Owner: "督导室"})
	add(duban.Item{ParentNumber: 1, Title: "核定学生资助名额", Owner: "计财科", Deadline: day("2026-04-30")})
	close := func(n int, text string) {
		t.Helper()
		_, _, err := st.AddProgress(ctx, &duban.Progress{ItemNumber: n, UserID: 7, UserName: "张敏", Text: text, Percent: duban.NoPercent, Done: true}, 0)
		must(err)
	}
	on("2026-03-20")
	close(3, "预算已下达各校")
	on("2026-04-15")
	_, err = st.UpdateItem(ctx, 6, func(it *duban.Item) error { it.Status = duban.StatusCancelled; return nil })
	must(err)
	on("2026-05-05")
	add(duban.Item{ParentNumber: 1, Title: "完成新教师招聘", Owner: "人事科", Deadline: day("2026-09-30")})
	on("2026-07-02")
	close(2, "评估报告已印发")
	on("2026-10-09")
	close(5, "档案已归档")
	on("2026-11-25")
	return st
}

var (
	nov25 = time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)
	june  = time.Date(2026, 7, 1, 0, 0, 0, 0, shanghai).Add(-time.Millisecond)
)

// trendLine writes a point as the golden tables read: the month, the rate
// and the 序时进度 in percent (two decimals), or "—" without data.
func trendLine(p chart.TrendPoint) string {
	if p.NoData {
		return p.Label + " —"
	}
	s := fmt.Sprintf("%s %.0f%%", p.Label, p.Rate*100)
	if p.HasExpected {
		s += fmt.Sprintf(" 序时%.2f%%", p.Expected*100)
	}
	return s
}

// novemberTrend is the golden trend at Nov 25. 序时进度 is the mean, over
// the tasks with a deadline, of days since Jan 1 over days from Jan 1 to the
// deadline (whole percent, 100 from the deadline on); the rate counts
// closed tasks among the tasks not cancelled. E.g. February (day 58):
// #2 5800/180=32, #3 5800/89=65, #4 5800/364=15, #6 5800/119=48 → 40.00.
var novemberTrend = []string{
	"1月 —",             // no task yet
	"2月 0% 序时40.00%",   // (32+65+15+48)/4
	"3月 20% 序时61.75%",  // #3 closed: 1 of 5; (49+100+24+74)/4
	"4月 25% 序时66.00%",  // #6 cancelled: 1 of 4; (66+100+32)/3
	"5月 20% 序时69.75%",  // #7 added: 1 of 5; (83+100+41+55)/4
	"6月 20% 序时78.75%",  // (100+100+49+66)/4
	"7月 40% 序时83.50%",  // #2 closed: 2 of 5; (100+100+57+77)/4
	"8月 40% 序时88.50%",  // (100+100+66+88)/4
	"9月 40% 序时93.50%",  // (100+100+74+100)/4
	"10月 60% 序时95.75%", // #5 closed: 3 of 5; (100+100+83+100)/4
	"11月 60% 序时97.50%", // at Nov 25, day 328: (100+100+90+100)/4
	"12月 —",            // after the month shown
}

func TestTrendGolden(t *testing.T) {
	st := chartYear(t)
	ctx := context.Background()
	std := duban.DefaultStandards()
	check := func(t *testing.T, pts []chart.TrendPoint, want []string) {
		t.Helper()
		var got []string
		for _, p := range pts {
			got = append(got, trendLine(p))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("trend:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	t.Run("the year up to November", func(t *testing.T) {
		pts, err := report.Trend(ctx, st, "", nov25, std, shanghai, report.LangZH)
		if err != nil {
			t.Fatal(err)
		}
		check(t, pts, novemberTrend)
	})
	t.Run("by the plan's name", func(t *testing.T) {
		pts, err := report.Trend(ctx, st, "2026年教育工作要点", nov25, std, shanghai, report.LangZH)
		if err != nil {
			t.Fatal(err)
		}
		check(t, pts, novemberTrend)
	})
	t.Run("June as it stood at its end, asked in November", func(t *testing.T) {
		pts, err := report.Trend(ctx, st, "", june, std, shanghai, report.LangZH)
		if err != nil {
			t.Fatal(err)
		}
		want := append(append([]string(nil), novemberTrend[:6]...), "7月 —", "8月 —", "9月 —", "10月 —", "11月 —", "12月 —")
		check(t, pts, want)
	})
	t.Run("a school year from September", func(t *testing.T) {
		sy := std
		sy.Rules.PlanStart = duban.MonthDay{Month: time.September, Day: 1}
		pts, err := report.Trend(ctx, st, "", nov25, sy, shanghai, report.LangEN)
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, p := range pts {
			labels = append(labels, p.Label)
		}
		if strings.Join(labels, " ") != "Sep Oct Nov Dec Jan Feb Mar Apr May Jun Jul Aug" {
			t.Errorf("labels %v", labels)
		}
		if pts[0].NoData || math.Abs(pts[0].Rate-0.4) > 1e-9 || pts[2].NoData || math.Abs(pts[2].Rate-0.6) > 1e-9 || !pts[3].NoData || !pts[11].NoData {
			t.Errorf("school-year trend: %+v", pts)
		}
	})
	t.Run("a plan nobody has", func(t *testing.T) {
		if _, err := report.Trend(ctx, st, "2025年工作要点", nov25, std, shanghai, report.LangZH); duban.ErrorCode(err) != duban.ENOTFOUND {
			t.Errorf("err = %v, want ENOTFOUND", err)
		}
	})
}

// TestChartUnitsGolden: the unit chart's bars are the briefing's units in
// its ranking, November as it stood at Nov 25.
func TestChartUnitsGolden(t *testing.T) {
	st := chartYear(t)
	m, err := report.GatherMonth(context.Background(), st, "", nov25, duban.DefaultStandards(), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	want := []chart.Unit{
		{Name: "计财科", Done: 1, Rate: 1},   // #3 on time (#6 cancelled: left out)
		{Name: "督导室", Done: 2, Rate: 1},   // #2 late, #5 done
		{Name: "安全科", Doing: 1, Red: 1},   // #4 open, far behind 序时进度
		{Name: "人事科", Overdue: 1, Red: 1}, // #7 past Sep 30
	}
	if got := report.ChartUnits(m); !reflect.DeepEqual(got, want) {
		t.Errorf("units:\n%+v\nwant:\n%+v", got, want)
	}
	var ranked []string
	for _, u := range m.Units {
		ranked = append(ranked, u.Unit)
	}
	if strings.Join(ranked, " ") != "计财科 督导室 安全科 人事科" {
		t.Errorf("the briefing ranks %v", ranked)
	}
	// A unit's rate is the one the briefing prints, rounded.
	m.Units = []duban.UnitStats{{Unit: "教研室", Items: 3, DoneOnTime: 2, OpenNotDue: 1, Rate: 67}}
	if got := report.ChartUnits(m); len(got) != 1 || got[0].Rate != 0.67 || chart.RateLabel(got[0].Rate) != "67%" {
		t.Errorf("rounded rate: %+v", got)
	}
}

// drawn records what MonthChart asked to draw.
type drawn struct {
	title, asOf string
	units       []chart.Unit
	pts         []chart.TrendPoint
}

func (d *drawn) Briefing(title, asOf string, units []chart.Unit, pts []chart.TrendPoint) ([]byte, error) {
	d.title, d.asOf, d.units, d.pts = title, asOf, units, pts
	return []byte("png"), nil
}

func TestMonthChart(t *testing.T) {
	st := chartYear(t)
	ctx := context.Background()
	std := duban.DefaultStandards()
	for _, tt := range []struct {
		name, plan, lang          string
		asOf                      time.Time
		title, day, caption, file string
		months                    int // months with data
	}{
		{"November so far", "", "zh", nov25, "2026年教育工作要点 · 11月工作进展", "2026年11月25日",
			"📊 2026年11月工作进展图（截至11月25日）", "工作进展图-2026-11-25.png", 10},
		{"June at its end", "2026年教育工作要点", "zh", report.MonthAsOf(day("2026-06-10"), nov25, shanghai),
			"2026年教育工作要点 · 6月工作进展", "2026年6月30日", "📊 2026年6月工作进展图（截至6月30日）", "工作进展图-2026-06-30.png", 5},
		{"in English", "", "en", nov25, "2026年教育工作要点 · November 2026", "Nov 25, 2026",
			"📊 Progress chart, November 2026 (as of Nov 25)", "progress-2026-11-25.png", 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := report.GatherMonth(ctx, st, tt.plan, tt.asOf, std, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			var d drawn
			f, err := report.MonthChart(ctx, st, m, std, &d, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			if d.title != tt.title || d.asOf != tt.day {
				t.Errorf("drawn %q %q, want %q %q", d.title, d.asOf, tt.title, tt.day)
			}
			if got := report.ChartCaption(m, tt.lang); got != tt.caption {
				t.Errorf("caption %q, want %q", got, tt.caption)
			}
			if f.Name != tt.file || !f.Photo || string(f.Data) != "png" {
				t.Errorf("file %q photo=%v %q", f.Name, f.Photo, f.Data)
			}
			if !reflect.DeepEqual(d.units, report.ChartUnits(m)) {
				t.Errorf("units drawn %+v", d.units)
			}
			n := 0
			for _, p := range d.pts {
				if !p.NoData {
					n++
				}
			}
			if len(d.pts) != report.TrendMonths || n != tt.months {
				t.Errorf("%d points, %d with data; want %d, %d", len(d.pts), n, report.TrendMonths, tt.months)
			}
		})
	}
}

// TestMonthChartRenders: the month through the real renderer is a PNG wide
// enough for a phone, taller with the trend under the bars.
func TestMonthChartRenders(t *testing.T) {
	st := chartYear(t)
	ctx := context.Background()
	std := duban.DefaultStandards()
	r, err := chart.New(nil, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := report.GatherMonth(ctx, st, "", nov25, std, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	f, err := report.MonthChart(ctx, st, m, std, r, report.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < chart.DefaultWidth || b.Dy() <= b.Dx()/2 || b.Dx()+b.Dy() > 10000 {
		t.Errorf("picture %dx%d", b.Dx(), b.Dy())
	}
}

func TestMonthAsOf(t *testing.T) {
	for _, tt := range []struct {
		month string
		now   time.Time
		want  time.Time
	}{
		{"2026-11-01", nov25, nov25},
		{"2026-10-15", nov25, time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai).Add(-time.Millisecond)},
		{"2026-12-31", time.Date(2027, 1, 1, 9, 0, 0, 0, shanghai), time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai).Add(-time.Millisecond)},
	} {
		if got := report.MonthAsOf(day(tt.month), tt.now, shanghai); !got.Equal(tt.want) {
			t.Errorf("MonthAsOf(%s, %s) = %s, want %s", tt.month, tt.now, got, tt.want)
		}
	}
}
