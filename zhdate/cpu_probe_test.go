//go:build linux

package zhdate

import (
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"
)

// TestCPUProbe reports the thread CPU time of Find on the benchmark texts
// when ZHDATE_CPU is set. On a shared, loaded machine wall-clock
// benchmarks swing several-fold; thread CPU time stays close to the real
// cost.
func TestCPUProbe(t *testing.T) {
	if os.Getenv("ZHDATE_CPU") == "" {
		t.Skip("set ZHDATE_CPU=1 to measure")
	}
	const rusageThread = 1 // RUSAGE_THREAD
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	debug.SetGCPercent(-1)
	defer debug.SetGCPercent(100)
	for _, c := range []struct {
		name string
		s    string
	}{{"dense", bench10KB}, {"plain", plain10KB}} {
		best := time.Hour
		for round := 0; round < 5; round++ {
			var a, b syscall.Rusage
			n := 300
			syscall.Getrusage(rusageThread, &a)
			for range n {
				Find(c.s, jul)
			}
			syscall.Getrusage(rusageThread, &b)
			d := time.Duration(b.Utime.Nano()-a.Utime.Nano()+b.Stime.Nano()-a.Stime.Nano()) / time.Duration(n)
			if d < best {
				best = d
			}
		}
		t.Logf("%s: %v thread CPU per Find (best of 5)", c.name, best)
	}
}
