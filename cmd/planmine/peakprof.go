package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"time"
)

// peakProfile writes a heap profile to path each time the process's
// resident size reaches a new high (by at least 16 MB), so that the file
// left at exit shows what was live near the peak, which a profile at exit
// does not: PLANMINE_PEAKPROFILE=FILE, a debugging aid. The heap profile
// reflects the last completed collection.
func peakProfile(path string) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		var high int64
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			rss := residentBytes()
			if rss < high+16<<20 {
				continue
			}
			high = rss
			var buf bytes.Buffer
			if pprof.Lookup("heap").WriteTo(&buf, 0) == nil {
				_ = os.WriteFile(path, buf.Bytes(), 0o644)
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
				metrics.Read(live)
				_ = os.WriteFile(path+".rss", fmt.Appendf(nil,
					"rss %d MiB, heap in use %d MiB, heap live at last GC %d MiB, next GC %d MiB, other runtime %d MiB, GCs %d\n",
					rss>>20, m.HeapInuse>>20, live[0].Value.Uint64()>>20, m.NextGC>>20, (m.Sys-m.HeapSys)>>20, m.NumGC), 0o644)
			}
		}
	}()
	return func() { close(done) }
}

// residentBytes reads the resident set size from /proc (0 elsewhere).
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(string(f[1]), 10, 64)
	return pages * int64(os.Getpagesize())
}
