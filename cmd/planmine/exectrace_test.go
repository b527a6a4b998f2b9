package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseTraceWindow(t *testing.T) {
	for _, c := range []struct {
		in   string
		want traceWindow
		bad  bool
	}{
		{in: "", want: traceWindow{}},
		{in: " 60s+8s ", want: traceWindow{start: 60 * time.Second, length: 8 * time.Second}},
		{in: "0s+500ms", want: traceWindow{length: 500 * time.Millisecond}},
		{in: "60s", bad: true},
		{in: "60s+0s", bad: true},
		{in: "-1s+2s", bad: true},
		{in: "a+b", bad: true},
	} {
		got, err := parseTraceWindow(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: want an error, got %+v", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

// TestExecTrace records a window and the whole command, and checks each
// file is a Go execution trace; a window that has not begun when the
// command ends leaves an empty file.
func TestExecTrace(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, window string
		run          time.Duration
		empty        bool
	}{
		{name: "whole", run: 50 * time.Millisecond},
		{name: "window", window: "10ms+20ms", run: 100 * time.Millisecond},
		{name: "late", window: "1h+1s", run: 10 * time.Millisecond, empty: true},
	} {
		path := filepath.Join(dir, c.name+".trace")
		stop, err := execTrace(path, c.window)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		time.Sleep(c.run)
		stop()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.empty {
			if len(data) != 0 {
				t.Errorf("%s: %d bytes, want none", c.name, len(data))
			}
			continue
		}
		if !bytes.HasPrefix(data, []byte("go 1.")) {
			t.Errorf("%s: not an execution trace: %q", c.name, data[:min(len(data), 16)])
		}
	}
	if _, err := execTrace(filepath.Join(dir, "x.trace"), "soon"); err == nil {
		t.Error("a bad window: want an error")
	}
	missing := filepath.Join(dir, "no", "such", "x.trace")
	if _, err := execTrace(missing, ""); err == nil || !strings.Contains(err.Error(), "无法写入执行跟踪") || !strings.Contains(err.Error(), missing) {
		t.Errorf("an unwritable path: got %v, want an error naming it", err)
	}
}
