package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// Row is one stage run at one corpus size: the JSON line written to
// bench/out/stages.json.
type Row struct {
	Stage string `json:"stage"`
	Size  int    `json:"size"` // documents generated for this size
	Docs  int    `json:"docs"` // documents the stage processed (a prefix when Prefix)
	// Prefix is set when the stage stopped at its time budget.
	Prefix   bool    `json:"prefix,omitempty"`
	MB       float64 `json:"mb"` // input text, UTF-8
	WallS    float64 `json:"wall_s"`
	CPUS     float64 `json:"cpu_s"`
	DocsPerS float64 `json:"docs_per_s"`
	MBPerS   float64 `json:"mb_per_s"`
	USPerDoc float64 `json:"us_per_doc"`
	// HeapMB is the Go heap in use after the stage and a full GC.
	HeapMB float64 `json:"heap_mb"`
	// RSSBeforeMB and RSSPeakMB bracket the stage; PeakGrowthMB is their
	// difference (sampled every 100 ms, so a lower bound).
	RSSBeforeMB  float64 `json:"rss_before_mb"`
	RSSPeakMB    float64 `json:"rss_peak_mb"`
	PeakGrowthMB float64 `json:"peak_growth_mb"`
	DiskMB       float64 `json:"disk_mb,omitempty"`
	Workers      int     `json:"workers,omitempty"`
	Note         string  `json:"note,omitempty"`
	// keep holds what a stage built (the reuse index) until the heap after
	// it has been read; it is not reported.
	keep any
}

// finish fills the derived rates from Docs, MB and WallS.
func (r *Row) finish() {
	r.PeakGrowthMB = max(0, r.RSSPeakMB-r.RSSBeforeMB)
	if r.WallS > 0 {
		r.DocsPerS = float64(r.Docs) / r.WallS
		r.MBPerS = r.MB / r.WallS
	}
	if r.Docs > 0 {
		r.USPerDoc = r.WallS * 1e6 / float64(r.Docs)
	}
}

// Growth compares one stage at two sizes, scaled to a tenfold increase in
// documents: TimeX ≈ 10 is linear, ≈ 100 quadratic; MemX likewise for the
// memory the stage holds (heap after) and reaches (peak RSS growth).
type Growth struct {
	Stage string  `json:"stage"`
	From  int     `json:"from_docs"`
	To    int     `json:"to_docs"`
	TimeX float64 `json:"time_x_per_10x"`
	// CPUX is TimeX on CPU seconds: steadier than wall time on a shared
	// machine whose load changes between sizes.
	CPUX  float64 `json:"cpu_x_per_10x"`
	HeapX float64 `json:"heap_x_per_10x"`
	PeakX float64 `json:"peak_x_per_10x"`
	Kind  string  `json:"kind"` // "growth", to tell these lines from Rows
}

// per10x scales the ratio b/a observed over a document ratio of n to a
// tenfold one: (b/a)^(1/log10 n). It is NaN when either value is too small
// to compare (below floor) or n is not a growth.
func per10x(a, b, n, floor float64) float64 {
	if a < floor || b < floor || n <= 1 {
		return math.NaN()
	}
	return math.Pow(b/a, 1/math.Log10(n))
}

// growth computes, per stage, the ratio between consecutive sizes. Rows
// are in run order; stages keep their first-seen order. Memory below 1 MB
// is noise and gives NaN rather than a meaningless ratio.
func growth(rows []Row) []Growth {
	var order []string
	by := map[string][]Row{}
	for _, r := range rows {
		if _, ok := by[r.Stage]; !ok {
			order = append(order, r.Stage)
		}
		by[r.Stage] = append(by[r.Stage], r)
	}
	var out []Growth
	for _, st := range order {
		rs := by[st]
		for i := 1; i < len(rs); i++ {
			a, b := rs[i-1], rs[i]
			n := float64(b.Docs) / float64(max(a.Docs, 1))
			out = append(out, Growth{
				Stage: st, From: a.Docs, To: b.Docs, Kind: "growth",
				TimeX: per10x(a.WallS, b.WallS, n, 1e-3),
				CPUX:  per10x(a.CPUS, b.CPUS, n, 1e-3),
				HeapX: per10x(a.HeapMB, b.HeapMB, n, 1),
				PeakX: per10x(a.PeakGrowthMB, b.PeakGrowthMB, n, 1),
			})
		}
	}
	return out
}

// num formats a figure for the table; NaN shows as "-".
func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// printTable writes one line per stage and size, then the growth ratios.
func printTable(w io.Writer, rows []Row) {
	head := []string{"stage", "docs", "wall s", "cpu s", "docs/s", "MB/s", "µs/doc", "heap MB", "RSS peak+ MB", "disk MB", "note"}
	var lines [][]string
	for _, r := range rows {
		disk := "-"
		if r.DiskMB > 0 {
			disk = num(r.DiskMB)
		}
		docs := fmt.Sprint(r.Docs)
		if r.Prefix {
			docs += fmt.Sprintf(" of %d", r.Size)
		}
		lines = append(lines, []string{r.Stage, docs, num(r.WallS), num(r.CPUS), num(r.DocsPerS), num(r.MBPerS),
			num(r.USPerDoc), num(r.HeapMB), num(r.PeakGrowthMB), disk, r.Note})
	}
	writeAligned(w, head, lines)
	gs := growth(rows)
	if len(gs) == 0 {
		return
	}
	fmt.Fprintln(w)
	var gl [][]string
	for _, g := range gs {
		gl = append(gl, []string{g.Stage, fmt.Sprintf("%d→%d", g.From, g.To), num(g.TimeX), num(g.CPUX), num(g.HeapX), num(g.PeakX)})
	}
	writeAligned(w, []string{"stage", "docs", "time ×/10×", "cpu ×/10×", "heap ×/10×", "peak ×/10×"}, gl)
}

// writeAligned prints columns padded to their widest cell (in runes, so
// the arrow and µ count as one).
func writeAligned(w io.Writer, head []string, lines [][]string) {
	width := make([]int, len(head))
	for _, l := range append([][]string{head}, lines...) {
		for i, c := range l {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for _, l := range append([][]string{head}, lines...) {
		cells := make([]string, len(l))
		for i, c := range l {
			cells[i] = c + strings.Repeat(" ", width[i]-len([]rune(c)))
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(cells, "  "), " "))
	}
}

// MarshalJSON writes a ratio that could not be computed (NaN) as null:
// encoding/json refuses NaN.
func (g Growth) MarshalJSON() ([]byte, error) {
	opt := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	type plain struct {
		Stage string   `json:"stage"`
		Kind  string   `json:"kind"`
		From  int      `json:"from_docs"`
		To    int      `json:"to_docs"`
		TimeX *float64 `json:"time_x_per_10x"`
		CPUX  *float64 `json:"cpu_x_per_10x"`
		HeapX *float64 `json:"heap_x_per_10x"`
		PeakX *float64 `json:"peak_x_per_10x"`
	}
	return json.Marshal(plain{g.Stage, g.Kind, g.From, g.To, opt(g.TimeX), opt(g.CPUX), opt(g.HeapX), opt(g.PeakX)})
}
