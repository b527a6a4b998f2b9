package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPer10x(t *testing.T) {
	tests := []struct {
		name    string
		a, b, n float64
		want    float64
		wantNaN bool
	}{
		{name: "linear over 10x", a: 2, b: 20, n: 10, want: 10},
		{name: "quadratic over 10x", a: 1, b: 100, n: 10, want: 100},
		{name: "linear over 100x", a: 1, b: 100, n: 100, want: 10},
		{name: "constant", a: 5, b: 5, n: 10, want: 1},
		{name: "quadratic over 4x", a: 1, b: 16, n: 4, want: 100},
		{name: "below floor", a: 0.5, b: 20, n: 10, wantNaN: true},
		{name: "no growth in docs", a: 1, b: 2, n: 1, wantNaN: true},
	}
	for _, tc := range tests {
		got := per10x(tc.a, tc.b, tc.n, 1)
		if tc.wantNaN {
			if !math.IsNaN(got) {
				t.Errorf("%s: per10x = %v, want NaN", tc.name, got)
			}
			continue
		}
		if math.Abs(got-tc.want) > 1e-9*tc.want {
			t.Errorf("%s: per10x(%v, %v, %v) = %v, want %v", tc.name, tc.a, tc.b, tc.n, got, tc.want)
		}
	}
}

func TestGrowth(t *testing.T) {
	rows := []Row{
		{Stage: "read", Docs: 1000, WallS: 1, CPUS: 1, HeapMB: 10, PeakGrowthMB: 20},
		{Stage: "index", Docs: 1000, WallS: 2, HeapMB: 5, PeakGrowthMB: 0.2},
		// The machine got busier: wall time grew 30x, CPU only 10x.
		{Stage: "read", Docs: 10000, WallS: 30, CPUS: 10, HeapMB: 100, PeakGrowthMB: 200},
		{Stage: "index", Docs: 10000, WallS: 200, HeapMB: 5, PeakGrowthMB: 50},
		// A budgeted prefix: 5,000 of 100,000 documents processed.
		{Stage: "index", Docs: 5000, WallS: 100, HeapMB: 5, PeakGrowthMB: 50},
	}
	gs := growth(rows)
	if len(gs) != 3 {
		t.Fatalf("growth gave %d ratios, want 3: %+v", len(gs), gs)
	}
	// Stages keep the order they were first seen in.
	if gs[0].Stage != "read" || gs[1].Stage != "index" || gs[2].Stage != "index" {
		t.Fatalf("stage order %s %s %s", gs[0].Stage, gs[1].Stage, gs[2].Stage)
	}
	if math.Abs(gs[0].TimeX-30) > 1e-9 || math.Abs(gs[0].CPUX-10) > 1e-9 || math.Abs(gs[0].HeapX-10) > 1e-9 || math.Abs(gs[0].PeakX-10) > 1e-9 {
		t.Errorf("read: %+v, want wall 30, linear (10) in CPU and memory", gs[0])
	}
	if math.Abs(gs[1].TimeX-100) > 1e-9 || math.Abs(gs[1].HeapX-1) > 1e-9 {
		t.Errorf("index: %+v, want quadratic time, constant heap", gs[1])
	}
	if !math.IsNaN(gs[1].PeakX) {
		t.Errorf("index peak ratio from 0.2 MB = %v, want NaN (noise)", gs[1].PeakX)
	}
	// Fewer documents at the larger size is not a growth.
	if !math.IsNaN(gs[2].TimeX) || gs[2].From != 10000 || gs[2].To != 5000 {
		t.Errorf("prefix smaller than the previous size: %+v", gs[2])
	}
	b, err := json.Marshal(gs[1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"peak_x_per_10x":null`) || !strings.Contains(string(b), `"kind":"growth"`) {
		t.Errorf("growth JSON %s: want NaN as null and the kind", b)
	}
}

func TestRowFinish(t *testing.T) {
	r := Row{Docs: 500, MB: 5, WallS: 2, RSSBeforeMB: 100, RSSPeakMB: 160}
	r.finish()
	if r.DocsPerS != 250 || r.MBPerS != 2.5 || r.USPerDoc != 4000 || r.PeakGrowthMB != 60 {
		t.Errorf("finish: %+v", r)
	}
	// RSS that fell during the stage is no growth.
	r = Row{Docs: 1, WallS: 1, RSSBeforeMB: 300, RSSPeakMB: 250}
	r.finish()
	if r.PeakGrowthMB != 0 {
		t.Errorf("peak growth %v, want 0 when RSS fell", r.PeakGrowthMB)
	}
	r = Row{}
	r.finish()
	if r.DocsPerS != 0 || r.USPerDoc != 0 {
		t.Errorf("empty row: %+v", r)
	}
}

// TestSampler feeds the sampler a curve that rises and falls between the
// first and the last reading: the peak must be the middle one.
func TestSampler(t *testing.T) {
	var mu sync.Mutex
	vals := []float64{100, 150, 400, 180, 120}
	i := 0
	reached := make(chan struct{})
	read := func() float64 {
		mu.Lock()
		defer mu.Unlock()
		v := vals[min(i, len(vals)-1)]
		if i == len(vals)-1 {
			select {
			case <-reached:
			default:
				close(reached)
			}
		}
		i++
		return v
	}
	s := startSampler(read, time.Millisecond)
	select {
	case <-reached:
	case <-time.After(10 * time.Second):
		t.Fatal("sampler did not read on its own")
	}
	if got := s.Stop(); got != 400 {
		t.Errorf("peak = %v, want 400", got)
	}
	// A peak at the very end is caught by Stop's last reading.
	last := 50.0
	s = startSampler(func() float64 { mu.Lock(); defer mu.Unlock(); return last }, time.Hour)
	mu.Lock()
	last = 900
	mu.Unlock()
	if got := s.Stop(); got != 900 {
		t.Errorf("peak = %v, want the final reading 900", got)
	}
}

func TestParseFlags(t *testing.T) {
	got, err := parseSizes("10000, 1000,100000")
	if err != nil || len(got) != 3 || got[0] != 1000 || got[2] != 100000 {
		t.Errorf("parseSizes = %v, %v; want sorted 1000..100000", got, err)
	}
	for _, bad := range []string{"", "0", "1k", "10,-5"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
	st, err := parseStages("store,addbatch")
	if err != nil || !st["store"] || !st["addbatch"] || st["read"] {
		t.Errorf("parseStages = %v, %v", st, err)
	}
	if _, err := parseStages("store,bleve"); err == nil {
		t.Error("parseStages accepted an unknown stage")
	}
	// read and analyse feed every later stage.
	if !later(st, "read") || !later(st, "analyse") || later(st, "addbatch") {
		t.Errorf("later(%v) wrong", st)
	}
	if later(map[string]bool{"read": true}, "read") {
		t.Error("later: nothing after read was chosen")
	}
}

func TestPrintTable(t *testing.T) {
	rows := []Row{
		{Stage: "store", Size: 1000, Docs: 1000, WallS: 8, DiskMB: 30},
		{Stage: "store", Size: 10000, Docs: 2500, Prefix: true, WallS: 20, DiskMB: 75, Note: "stopped at the 4m0s budget"},
	}
	for i := range rows {
		rows[i].finish()
	}
	var b bytes.Buffer
	printTable(&b, rows)
	out := b.String()
	for _, want := range []string{"2500 of 10000", "stopped at the 4m0s budget", "1000→2500", "time ×/10×"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// 2.5x documents in 2.5x the time: linear, 10 per tenfold.
	if !strings.Contains(out, "10.0") {
		t.Errorf("table lacks the linear ratio 10.0:\n%s", out)
	}
}
