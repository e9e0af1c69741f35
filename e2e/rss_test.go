package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/tgfake"
)

// BenchmarkIdleRSS builds the duban binary, runs "duban run" against the
// fake Bot API and reports its resident memory once it idles in a long
// poll (VmRSS of /proc/<pid>/status). It also checks that SIGTERM stops it
// cleanly. Run it alone: go test -run XXX -bench IdleRSS -benchtime 1x ./e2e
func BenchmarkIdleRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "duban")
	build := exec.Command("go", "build", "-o", bin, "github.com/duban-bot/duban")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	fake := tgfake.New(b)
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 30s\ndb: %s\n",
		fake.URL, filepath.Join(dir, "duban.db"))), 0o600); err != nil {
		b.Fatal(err)
	}
	for range b.N {
		cmd := exec.Command(bin, "--config", cfg, "run")
		cmd.Env = append(os.Environ(), "DUBAN_TELEGRAM_TOKEN="+tgfake.Token)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		err := fake.WaitCalls(ctx, "getUpdates", fake.CallCount("getUpdates")+1)
		cancel()
		if err != nil {
			cmd.Process.Kill()
			b.Fatalf("duban run never polled: %v\n%s", err, stderr.String())
		}
		// Let start-up garbage be collected and the process settle.
		time.Sleep(3 * time.Second)
		rss, err := vmRSS(cmd.Process.Pid)
		if err != nil {
			cmd.Process.Kill()
			b.Fatal(err)
		}
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("duban run did not stop cleanly on SIGTERM: %v\n%s", err, stderr.String())
		}
		b.ReportMetric(float64(rss)/1024, "MB-idle-RSS")
	}
}

// vmRSS reads a process's resident set size in KiB.
func vmRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}
