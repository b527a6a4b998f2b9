package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestMemoryLimit: ingest's soft limit applies while it runs and the
// previous limit comes back after; GOMEMLIMIT in the environment wins.
func TestMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	const base = 5 << 30 // above this test's live heap times 1.5
	restore := memoryLimit(func(string) string { return "" }, base)
	if got := debug.SetMemoryLimit(-1); got != base {
		t.Errorf("limit while ingesting = %d, want %d", got, base)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after = %d, want the previous %d", got, before)
	}

	env := func(k string) string {
		if k == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	}
	restore = memoryLimit(env, base)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit with GOMEMLIMIT set = %d, want it untouched (%d)", got, before)
	}
	restore()
	if before != math.MaxInt64 {
		t.Logf("the test process had a limit already: %d", before)
	}
}
