package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestMemoryLimit: ingest's soft limit applies while it runs and the
// previous limit comes back after; GOMEMLIMIT in the environment wins.
func TestMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	// A floor above this test's live heap times 1.5 and a budget below
	// it: the limit is the floor whatever the process holds.
	b := memoryBudget{rss: 1 << 20, floor: 5 << 30}
	restore := memoryLimit(func(string) string { return "" }, b)
	if got := debug.SetMemoryLimit(-1); got != b.floor {
		t.Errorf("limit while ingesting = %d, want %d", got, b.floor)
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
	restore = memoryLimit(env, b)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit with GOMEMLIMIT set = %d, want it untouched (%d)", got, before)
	}
	restore()
	if before != math.MaxInt64 {
		t.Logf("the test process had a limit already: %d", before)
	}
}

// TestMemoryLimitFollowsResident: the limit is what the budget leaves
// beside the memory the Go runtime does not count (mapped index segments),
// within the floor and 1.5 times the live heap; on a system that does not
// tell the resident set (Linux does), the floor.
func TestMemoryLimitFollowsResident(t *testing.T) {
	const mb = 1 << 20
	b := memoryBudget{rss: 900 * mb, floor: 400 * mb}
	for _, c := range []struct {
		name                  string
		resident, goRes, live int64
		want                  int64
	}{
		{"little beside the heap", 350 * mb, 300 * mb, 200 * mb, 850 * mb},
		{"a large merge's segments mapped", 950 * mb, 600 * mb, 300 * mb, 550 * mb},
		{"more mapped than the budget leaves", 1200 * mb, 300 * mb, 200 * mb, 400 * mb},
		{"a live heap past the budget", 1100 * mb, 1000 * mb, 700 * mb, 1050 * mb},
		{"resident set not known", 0, 300 * mb, 200 * mb, 400 * mb},
		{"runtime counts more than is resident", 200 * mb, 300 * mb, 100 * mb, 900 * mb},
	} {
		if got := b.limit(c.resident, c.goRes, c.live); got != c.want {
			t.Errorf("%s: limit = %d MB, want %d MB", c.name, got/mb, c.want/mb)
		}
	}
	if runtime.GOOS == "linux" && residentBytes() <= 0 {
		t.Error("residentBytes = 0 on Linux: the limit would stay at the floor")
	}
}
