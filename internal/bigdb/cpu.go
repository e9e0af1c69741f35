package bigdb

import (
	"syscall"
	"time"
)

// CPUTime returns the CPU time the process has used, user and system.
// Benchmarks report it per operation (cpu-ns/op): on a shared machine the
// wall time (ns/op) includes waiting for a core, this does not.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
