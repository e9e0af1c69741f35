package zhdate

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// TestCPUTime reports CPU time per Find when ZHDATE_CPU is set; on a shared
// machine it is steadier than the benchmark's wall time.
func TestCPUTime(t *testing.T) {
	if os.Getenv("ZHDATE_CPU") == "" {
		t.Skip("set ZHDATE_CPU=1")
	}
	for _, c := range []struct {
		name string
		s    string
	}{{"dense", bench10KB}, {"plain", plain10KB}} {
		var ru0, ru1 syscall.Rusage
		n := 3000
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		for range n {
			Find(c.s, jul)
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		cpu := time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano()) / time.Duration(n)
		t.Logf("%s: %v CPU per Find", c.name, cpu)
	}
}
