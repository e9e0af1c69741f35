package e2e

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/tgfake"
)

// BenchmarkUpdatesE2E measures updates handled per second through the whole
// bot: the fake Bot API queues them, the real client long-polls them in
// batches of up to 100, the bot claims each in SQLite, the handlers answer
// (queries and renders) or record a report, and the reply goes back
// through sendMessage. The mix over 50 served groups is 60% questions
// (commands and plain Chinese) and 40% progress reports.
func BenchmarkUpdatesE2E(b *testing.B) {
	for _, workers := range []int{4, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			const groups = 50
			var served []int64
			chats := make([]models.Chat, groups)
			for i := range chats {
				chats[i] = tgfake.Group(-1002000000000-int64(i), fmt.Sprintf("第%d中学", i+1))
				served = append(served, chats[i].ID)
			}
			e := newEnv(b, workers, served...)
			e.done.n = make(chan struct{}, 4096)
			users := make([]models.User, 20)
			for i := range users {
				users[i] = tgfake.User(int64(20000+i), fmt.Sprintf("用户%d", i), "")
			}
			tasks := []int{2, 3, 4, 6, 7}
			texts := func(i int) string {
				switch i % 10 {
				case 0, 5:
					return "/due"
				case 1:
					return "本周到期的任务有哪些"
				case 2:
					return "逾期"
				case 3:
					return fmt.Sprintf("/item %d", tasks[i%len(tasks)])
				case 4:
					return "督导室的任务"
				default:
					return fmt.Sprintf("#%d 已推进，进度%d%%", tasks[i%len(tasks)], 10+i%80)
				}
			}
			cpu0 := cpuTime()
			b.ResetTimer()
			start := time.Now()
			go func() {
				for i := range b.N {
					e.fake.PushText(chats[i%groups], users[i%len(users)], texts(i))
				}
			}()
			for range b.N {
				select {
				case <-e.done.n:
				case <-time.After(60 * time.Second):
					b.Fatalf("updates stopped being handled")
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
			// CPU time says what the wall clock cannot on a shared machine:
			// what an update costs, fake server and client included.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/update")
			b.ReportMetric(float64(e.fake.SentCount())/float64(b.N), "replies/update")
		})
	}
}

// cpuTime returns the CPU time the process used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
