package main

import (
	"fmt"
	"os"
	"runtime/trace"
	"strings"
	"time"
)

// traceWindow is when an execution trace runs: from start after the
// command begins, for length (0: to the end of the command).
type traceWindow struct {
	start, length time.Duration
}

// parseTraceWindow reads PLANMINE_EXECTRACE_WINDOW: "START+LENGTH" in Go
// durations ("60s+8s"), or "" for the whole command.
func parseTraceWindow(s string) (traceWindow, error) {
	if s = strings.TrimSpace(s); s == "" {
		return traceWindow{}, nil
	}
	a, b, ok := strings.Cut(s, "+")
	start, err1 := time.ParseDuration(a)
	length, err2 := time.ParseDuration(b)
	if !ok || err1 != nil || err2 != nil || start < 0 || length <= 0 {
		return traceWindow{}, fmt.Errorf("PLANMINE_EXECTRACE_WINDOW 格式应为 开始+时长 (want START+LENGTH, e.g. 60s+8s): %q", s)
	}
	return traceWindow{start: start, length: length}, nil
}

// execTrace writes a runtime execution trace of the command to path
// (PLANMINE_EXECTRACE, a debugging aid like PLANMINE_CPUPROFILE): where
// goroutines run, wait and block, read with `go tool trace` or
// bench/cmd/benchtrace. A whole 10,000-file ingest makes a trace of
// ≈130 MB; PLANMINE_EXECTRACE_WINDOW keeps a window of it. The returned
// func ends the trace early (at exit).
func execTrace(path, window string) (stop func(), err error) {
	w, err := parseTraceWindow(window)
	if err != nil {
		return func() {}, err
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}, fmt.Errorf("无法写入执行跟踪 (cannot write the execution trace): %w", err)
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	// wait waits d (0: until stopped) and says whether it was not stopped
	// first.
	wait := func(d time.Duration) bool {
		if d == 0 {
			<-done
			return false
		}
		select {
		case <-done:
			return false
		case <-time.After(d):
			return true
		}
	}
	go func() {
		defer close(finished)
		defer f.Close()
		if w.start > 0 && !wait(w.start) {
			return
		}
		if trace.Start(f) != nil {
			return
		}
		defer trace.Stop()
		wait(w.length)
	}()
	return func() {
		close(done)
		<-finished
	}, nil
}
