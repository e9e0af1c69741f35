package bot

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

// BenchmarkAdapterRoundTrip measures the adapter alone: an update goes from
// the fake Bot API through the long poll, the claim in SQLite and a handler
// that only replies, back to the fake through sendMessage. What
// BenchmarkUpdatesE2E costs beyond this is the handlers' and the store's.
func BenchmarkAdapterRoundTrip(b *testing.B) {
	f := newFixture(b, func(o *Options) { o.Workers = 4 })
	var sendErr error
	rec := &recorder{ch: make(chan duban.Message, 4096)}
	rec.act = func(ctx context.Context, m duban.Message) {
		if _, err := f.bot.Send(ctx, duban.Outgoing{ChatID: m.ChatID, ReplyTo: m.MessageID, Text: "<b>#12</b> 开展校园安全隐患排查 进行中 60%"}); err != nil {
			sendErr = err
		}
	}
	f.run(b, rec)
	chats := make([]models.Chat, 50)
	for i := range chats {
		chats[i] = tgfake.Group(-1003000000000-int64(i), fmt.Sprintf("第%d中学", i))
	}
	user := tgfake.User(42, "张三", "")
	cpu0 := cpuTime()
	b.ResetTimer()
	start := time.Now()
	go func() {
		for i := range b.N {
			f.fake.PushText(chats[i%len(chats)], user, "/due")
		}
	}()
	rec.wait(b, b.N)
	elapsed := time.Since(start)
	b.StopTimer()
	if sendErr != nil {
		b.Fatal(sendErr)
	}
	if logs := f.logs.String(); strings.Contains(logs, "level=WARN") || strings.Contains(logs, "level=ERROR") {
		b.Fatalf("problems logged:\n%s", logs)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/update")
}

func BenchmarkSplitHTML(b *testing.B) {
	long := strings.Repeat("<b>#12</b> 完善营养餐管理制度，进度60%\n", 600)
	b.SetBytes(int64(len(long)))
	for b.Loop() {
		splitHTML(long, MaxTextLen)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
