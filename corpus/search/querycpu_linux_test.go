package search

import (
	"syscall"
	"time"
	"unsafe"
)

// clockProcessCPUTime is CLOCK_PROCESS_CPUTIME_ID from <time.h>.
const clockProcessCPUTime = 2

// queryCPU is the process's CPU time on every core (nanosecond clock, not
// the tick-based rusage). The benchmark runs one query at a time and
// nothing else, so the difference around a query is the CPU that query
// used — both halves of a parallel search, and the GC work it caused —
// whatever the other processes on the machine are doing.
func queryCPU() time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
