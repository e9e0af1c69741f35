package scheduler

import (
	"bufio"
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/tgfake"
)

// BenchmarkWeeklyTwoThousandGroups fans the weekly reminder out to 2,000
// groups through the real bot adapter to a fake Bot API that enforces 300
// sends a second overall and 20 a minute per chat, and reports the
// sustained rate against that limit, the 429s it answered, and memory.
//
//	go test ./scheduler -run ^$ -bench WeeklyTwoThousand -benchtime 1x
func BenchmarkWeeklyTwoThousandGroups(b *testing.B) {
	const (
		groups = 2000
		limit  = 300
	)
	f := newFixture(b, groups)
	f.fake.SetLimits(tgfake.Limits{PerSecond: limit, PerChatMinute: 20})
	f.cfg.GlobalPerSecond = limit
	f.cfg.Inflight = 8
	s := f.scheduler(nil, nil)
	ctx := context.Background()
	week := 0
	for b.Loop() {
		f.clock.Set(monday.AddDate(0, 0, 7*week))
		week++
		s.tick(ctx, Weekly)
		dctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		n, err := s.Sender().Drain(dctx)
		cancel()
		if err != nil || n != 0 {
			b.Fatalf("drain: %d pending, %v", n, err)
		}
	}
	b.StopTimer()
	acc := f.fake.AcceptedAt(0)
	if len(acc) != groups*week {
		b.Fatalf("accepted %d, want %d", len(acc), groups*week)
	}
	// The rate of one fan-out. Telegram's limit (and the fake's) counts
	// sends in any one-second window, so a paced sender sends in bursts at
	// window starts: sends/(last-first) would overstate it. Count the span
	// as the windows it touches (last-first plus one second): a lower
	// bound of the sustained rate. peak is the most sends in any one-second
	// window, which must stay at or under the limit.
	fan := acc[len(acc)-groups:]
	first, last := fan[0], fan[len(fan)-1]
	rate := float64(groups) / (last.Sub(first) + time.Second).Seconds()
	peak := 0
	for i, j := 0, 0; i < len(fan); i++ {
		for fan[i].Sub(fan[j]) >= time.Second {
			j++
		}
		peak = max(peak, i-j+1)
	}
	b.ReportMetric(float64(peak), "peak-1s")
	st := f.fake.Stats()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(100*rate/limit, "%limit")
	b.ReportMetric(float64(st.RateLimited), "429s")
	b.ReportMetric(float64(vmRSS())/(1<<20), "VmRSS-MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "HeapInuse-MB")
	if st.RateLimited > 0 {
		b.Errorf("the fake refused %d sends for going too fast", st.RateLimited)
	}
}

// vmRSS reads the resident set size from /proc, 0 where there is none.
func vmRSS() int64 {
	fh, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
