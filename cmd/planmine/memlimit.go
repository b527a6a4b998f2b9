package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// ingestMemoryLimit is the Go runtime's soft memory limit during
// planmine ingest unless GOMEMLIMIT is set. With the default GOGC the heap
// grows to twice what is live before a collection; towards the end of a
// large ingest (13,345 documents: ≈300 MB live) that, with the index's
// mapped segments beside it, passed 1 GB of resident memory. Under the
// limit the collector runs somewhat earlier instead, and only near the
// end of such an ingest.
const ingestMemoryLimit = 576 << 20

// memoryLimit sets the runtime's soft memory limit to base, unless the
// environment sets GOMEMLIMIT, and keeps it at least headroom times the
// live heap, so that a corpus whose live heap outgrows base costs the
// collector at most what GOGC=50 would (no collecting back to back). The
// returned func stops this and restores the previous limit.
func memoryLimit(getenv func(string) string, base int64) (restore func()) {
	if getenv("GOMEMLIMIT") != "" || base <= 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(base)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := base
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(live)
			if live[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			want := max(base, int64(live[0].Value.Uint64())*3/2)
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
