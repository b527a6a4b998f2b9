package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// ingestMemory bounds planmine ingest's memory unless GOMEMLIMIT is set.
// Beside the Go heap, an ingest's resident set holds memory the Go
// runtime does not count: the search index's segments, mapped by the
// merges that read them (55–330 MB in the 10,000-file benchmark, peaking
// with the largest merge), and SQLite's page cache. A fixed limit had to
// leave room for the largest merge all along (576 MiB: peak 0.97 GB), so
// the collector ran as if that merge were always on. The limit now
// follows what the rest holds: rss minus that, at least floor.
var ingestMemory = memoryBudget{rss: 920 << 20, floor: 448 << 20}

// memoryBudget is a resident-set budget for the whole process (rss) and
// the least soft limit the Go runtime gets (floor).
type memoryBudget struct {
	rss, floor int64
}

// limit is the runtime's soft limit for a process whose resident set is
// resident bytes, goResident of them the Go runtime's, with live bytes of
// live heap: what the budget leaves beside the memory Go does not count,
// never below the floor nor below 1.5 times the live heap, so that a heap
// that outgrows the budget costs the collector at most what GOGC=50 would
// (no collecting back to back). resident 0 (not known) gives the floor.
func (b memoryBudget) limit(resident, goResident, live int64) int64 {
	want := b.floor
	if resident > 0 {
		other := max(0, resident-goResident)
		want = max(want, b.rss-other)
	}
	return max(want, live*3/2)
}

// memoryLimit sets the runtime's soft memory limit from b, unless the
// environment sets GOMEMLIMIT, and follows the process's memory every
// 100 ms (b.limit). The returned func stops this and restores the
// previous limit.
func memoryLimit(getenv func(string) string, b memoryBudget) (restore func()) {
	if getenv("GOMEMLIMIT") != "" || b.floor <= 0 {
		return func() {}
	}
	ms := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		// What the runtime has mapped less what it returned to the OS:
		// the memory the soft limit counts.
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	read := func() (int64, bool) {
		metrics.Read(ms)
		for _, s := range ms {
			if s.Value.Kind() != metrics.KindUint64 {
				return 0, false
			}
		}
		goResident := int64(ms[1].Value.Uint64() - ms[2].Value.Uint64())
		return b.limit(residentBytes(), goResident, int64(ms[0].Value.Uint64())), true
	}
	limit, ok := read()
	if !ok {
		limit = b.floor
	}
	prev := debug.SetMemoryLimit(limit)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			want, ok := read()
			if !ok {
				return
			}
			if want != limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(prev)
	}
}
