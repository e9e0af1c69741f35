package handlers

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban-bot/duban/access"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/bigdb"
	"github.com/duban-bot/duban/store"
)

// nopSender drops replies: the benchmarks measure parse, query and render.
type nopSender struct{}

func (nopSender) Send(context.Context, duban.Outgoing) (int, error) { return 1, nil }

// benchHandler is a handler over the big database (100,000 items,
// 1,000,000 reports), with the clock at bigdb.Today.
func benchHandler(b *testing.B) *Handler {
	b.Helper()
	path, err := bigdb.Path(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := func() time.Time { return bigdb.Today }
	st.Now = now
	pol := access.New(access.Config{Chats: []int64{bigdb.ChatID}}, st, nil, nil)
	return New(Deps{Store: st, Sender: nopSender{}, Access: pol, Loc: time.UTC, Now: now})
}

func benchmarkText(b *testing.B, text string) {
	h := benchHandler(b)
	m := duban.Message{ChatID: bigdb.ChatID, ChatType: duban.ChatSupergroup, UserID: 7, UserName: "张三", Text: text}
	ctx := context.Background()
	h.Handle(ctx, m) // records the chat and the user once
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		h.Handle(ctx, m)
	}
	// The process's CPU time per operation: on a shared machine the wall
	// time (ns/op) includes waiting for a core, this does not.
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// BenchmarkParse parses a plain question (no database).
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("请问本周到期的任务有哪些？", testBot)
	}
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
