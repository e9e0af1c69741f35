package handlers

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/access"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/bigdb"
)

// nopSender drops replies: the benchmarks measure parse, query and render.
type nopSender struct{}

func (nopSender) Send(context.Context, duban.Outgoing) (int, error) { return 1, nil }

// lastSender keeps the last reply, for a benchmark to check it answers
// what it means to measure.
type lastSender struct{ last *duban.Outgoing }

func (s lastSender) Send(_ context.Context, o duban.Outgoing) (int, error) {
	*s.last = o
	return 1, nil
}

// benchHandler is a handler over the big database (100,000 items,
// 1,000,000 reports), with the clock at bigdb.Today.
func benchHandler(b *testing.B) *Handler {
	h, _ := specHandler(b, bigdb.Big, time.UTC)
	return h
}

// yearHandler is a handler over the Year database (10,000 items,
// 1,000,000 reports with their history), in Shanghai, with the clock at
// bigdb.YearToday; the reply it last sent is kept.
func yearHandler(b *testing.B) (*Handler, *duban.Outgoing) {
	return specHandler(b, bigdb.Year, bigdb.Shanghai)
}

func specHandler(b *testing.B, spec bigdb.Spec, loc *time.Location) (*Handler, *duban.Outgoing) {
	b.Helper()
	st := bigdb.Open(b, spec)
	pol := access.New(access.Config{Chats: []int64{bigdb.ChatID}}, st, nil, nil)
	last := new(duban.Outgoing)
	return New(Deps{Store: st, Sender: lastSender{last}, Access: pol, Loc: loc, Now: st.Now}), last
}

func benchmarkText(b *testing.B, text string) { benchmarkOn(b, benchHandler(b), text) }

func benchmarkOn(b *testing.B, h *Handler, text string) {
	m := duban.Message{ChatID: bigdb.ChatID, ChatType: duban.ChatSupergroup, UserID: 7, UserName: "张三", Text: text}
	ctx := context.Background()
	h.Handle(ctx, m) // records the chat and the user once
	b.ResetTimer()
	b.ReportAllocs()
	cpu := bigdb.CPUTime()
	for b.Loop() {
		h.Handle(ctx, m)
	}
	// The process's CPU time per operation: on a shared machine the wall
	// time (ns/op) includes waiting for a core, this does not.
	b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// benchmarkYear benchmarks text over the Year database, first checking
// that the reply holds want.
func benchmarkYear(b *testing.B, text, want string) {
	h, last := yearHandler(b)
	h.Handle(context.Background(), duban.Message{ChatID: bigdb.ChatID, ChatType: duban.ChatSupergroup, UserID: 7, UserName: "张三", Text: text})
	if !strings.Contains(last.Text, want) {
		b.Fatalf("%s answers %q, want it to hold %q", text, last.Text, want)
	}
	benchmarkOn(b, h, text)
}

func BenchmarkDue(b *testing.B)     { benchmarkText(b, "/due") }
func BenchmarkOverdue(b *testing.B) { benchmarkText(b, "/overdue") }
func BenchmarkItem(b *testing.B)    { benchmarkText(b, "/item 54321") }
func BenchmarkOwner(b *testing.B)   { benchmarkText(b, "/owner 督导室") }
func BenchmarkSearch2(b *testing.B) { benchmarkText(b, "/search 资助") }
func BenchmarkSearch4(b *testing.B) { benchmarkText(b, "/search 营养餐费") }

// BenchmarkSearch2Common searches the most frequent two-character word.
func BenchmarkSearch2Common(b *testing.B) { benchmarkText(b, "/search 安全") }

// BenchmarkSearch4Common searches a frequent four-character word.
func BenchmarkSearch4Common(b *testing.B) { benchmarkText(b, "/search 校园安全") }

// BenchmarkItemYear is /item over the Year database: a task with a year of
// reports, judged.
func BenchmarkItemYear(b *testing.B) { benchmarkYear(b, "/item 4321", "#4321") }

// BenchmarkLights is /lights over the Year database: every task judged,
// the red and yellow ones listed by unit.
func BenchmarkLights(b *testing.B) { benchmarkYear(b, "/lights", "🔴") }

// BenchmarkParse parses a plain question (no database).
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("请问本周到期的任务有哪些？", testBot)
	}
}

// BenchmarkReportYear records progress reports ("#N …进度60%") through the
// handler on a copy of the Year database, as a group member sends them:
// parse, access, the store (the report, its item, its audit row), the
// reply. Beside BenchmarkAddProgress in package store it tells what share
// of a report as people make it the events are.
func BenchmarkReportYear(b *testing.B) {
	st := bigdb.OpenCopy(b, bigdb.Year)
	var tick int64
	st.Now = func() time.Time { tick++; return bigdb.YearToday.Add(time.Duration(tick) * time.Second) }
	ctx := context.Background()
	items, err := st.OpenTasks(ctx, time.Time{})
	if err != nil || len(items) < 1000 {
		b.Fatalf("%d open tasks, %v", len(items), err)
	}
	pol := access.New(access.Config{Chats: []int64{bigdb.ChatID}}, st, nil, nil)
	last := new(duban.Outgoing)
	h := New(Deps{Store: st, Sender: lastSender{last}, Access: pol, Loc: bigdb.Shanghai, Now: st.Now})
	message := func(i int) duban.Message {
		return duban.Message{ChatID: bigdb.ChatID, ChatType: duban.ChatSupergroup, UserID: 7, UserName: "张三",
			Text: fmt.Sprintf("#%d 本周已完成%d所学校的排查，进度%d%%", items[i%len(items)].Number, i%50+1, 10*(i%9+1))}
	}
	h.Handle(ctx, message(0))
	if !strings.Contains(last.Text, fmt.Sprintf("#%d", items[0].Number)) {
		b.Fatalf("the report is answered %q", last.Text)
	}
	b.ReportAllocs()
	cpu := bigdb.CPUTime()
	i := 0
	for b.Loop() {
		i++
		h.Handle(ctx, message(i))
	}
	b.ReportMetric(float64((bigdb.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkClassify reads every message of the classifier's table as the
// bot does (Parse: the reference, then Classify): ns/op is per message.
func BenchmarkClassify(b *testing.B) {
	texts := make([]string, len(classifyTests))
	for i, tt := range classifyTests {
		texts[i] = tt.text
	}
	i := 0
	for b.Loop() {
		Parse(texts[i%len(texts)], testBot)
		i++
	}
}

// BenchmarkClassifyLong reads a report of 4,000 characters, the longest
// one taken.
func BenchmarkClassifyLong(b *testing.B) {
	text := "#12 " + strings.Repeat("已完成全县中小学校园安全隐患排查，发现问题12处，均已整改到位。", 4000/30)
	for b.Loop() {
		Parse(text, testBot)
	}
}

// BenchmarkOwnerPartners lists a unit's tasks as lead and as partner.
func BenchmarkOwnerPartners(b *testing.B) { benchmarkText(b, "/owner 教研室") }

// BenchmarkTopic answers a topic question: search, rank, the best match's
// latest report.
func BenchmarkTopic(b *testing.B) { benchmarkText(b, "营养餐的任务进展到哪了") }

// BenchmarkCount counts the tasks of every plan.
func BenchmarkCount(b *testing.B) { benchmarkText(b, "还有多少任务没完成") }

// BenchmarkItemQuestion answers who leads an item.
func BenchmarkItemQuestion(b *testing.B) { benchmarkText(b, "#54321是谁负责的") }
