package main

import (
	"sort"
	"syscall"
	"time"
	"unsafe"
)

// latency summarises one query kind: wall percentiles (what a user waits
// for, including waiting for a core on a shared machine) and the
// process's CPU time per query (both cores of a parallel search and the
// GC, but also whatever runs in the background meanwhile).
type latency struct {
	N       int     `json:"n"`
	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	MaxMS   float64 `json:"max_ms"`
	CPUP50  float64 `json:"cpu_p50_ms"`
	CPUP99  float64 `json:"cpu_p99_ms"`
	CPUMean float64 `json:"cpu_mean_ms"`
	// DBCPUMean is the PostgreSQL server's CPU per query (mean over the
	// kind; only when benchpg started the server).
	DBCPUMean float64 `json:"db_cpu_mean_ms,omitempty"`
	MeanHit   float64 `json:"mean_hits"`
}

// summarise computes a latency from wall and CPU durations (same length)
// and the total hits; the p99 of fewer than 100 samples is the nearest
// rank, i.e. close to the maximum.
func summarise(wall, cpu []time.Duration, hits int) latency {
	if len(wall) == 0 {
		return latency{}
	}
	w := append([]time.Duration(nil), wall...)
	c := append([]time.Duration(nil), cpu...)
	var sum time.Duration
	for _, x := range cpu {
		sum += x
	}
	sort.Slice(w, func(i, j int) bool { return w[i] < w[j] })
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return latency{
		N:       len(w),
		P50MS:   ms(rank(w, 50)),
		P99MS:   ms(rank(w, 99)),
		MaxMS:   ms(w[len(w)-1]),
		CPUP50:  ms(rank(c, 50)),
		CPUP99:  ms(rank(c, 99)),
		CPUMean: ms(sum) / float64(len(c)),
		MeanHit: float64(hits) / float64(len(w)),
	}
}

// rank is the nearest-rank percentile p of sorted xs (xs not empty).
func rank(xs []time.Duration, p int) time.Duration {
	i := (len(xs)*p + 99) / 100 // ceil(n·p/100), 1-based
	if i < 1 {
		i = 1
	}
	return xs[min(i, len(xs))-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// processCPU is the process's CPU clock (all threads).
func processCPU() time.Duration {
	const clockProcessCPUTime = 2
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
