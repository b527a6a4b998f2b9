package main

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/planmine/planmine/bench/internal/measure"
)

// rssSampler records the highest resident size seen while a stage runs.
// VmHWM cannot be reset inside a process, so the stage's own peak is
// found by sampling VmRSS; a spike shorter than the interval can be missed,
// which makes the figure a lower bound.
type rssSampler struct {
	read func() float64
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	peak float64
}

// startSampler reads once now and then every interval until Stop.
func startSampler(read func() float64, every time.Duration) *rssSampler {
	s := &rssSampler{read: read, stop: make(chan struct{}), done: make(chan struct{})}
	s.observe(read())
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.observe(s.read())
			}
		}
	}()
	return s
}

func (s *rssSampler) observe(v float64) {
	s.mu.Lock()
	s.peak = max(s.peak, v)
	s.mu.Unlock()
}

// Stop ends the sampling, takes one last reading and returns the peak.
func (s *rssSampler) Stop() float64 {
	close(s.stop)
	<-s.done
	s.observe(s.read())
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

func rssMB() float64 { return measure.ReadMem().RSSMB }

// cpuSeconds is the process's user+system CPU time so far: a stage's CPU
// is the difference, so it counts every goroutine (analysis workers,
// bleve's persister, sqlite) but also whatever else the process runs.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// heapMB is the Go heap in use after a full collection: what the stage's
// results keep alive, not its garbage.
func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

// diskMB is the size of the files under dir.
func diskMB(dir string) float64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return float64(n) / (1 << 20)
}
