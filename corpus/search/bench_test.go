package search

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/searchbench"
	"github.com/planmine/planmine/internal/shared"
)

// newGenerator is the synthetic corpus of the search benchmarks
// (internal/searchbench) over this package's fixtures and the shared seeds.
func newGenerator(tb testing.TB) *searchbench.Generator {
	tb.Helper()
	g, err := searchbench.NewGenerator(filepath.Join("..", "testdata", "docs.json"), shared.Path(tb, "corpus", "seeds"))
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// BenchmarkSearch fills an index with PLANMINE_BENCH_N synthetic documents
// (default 2000) straight through Put in large batches, reopens it as a
// server would after a restart, and prints ingest rate, query latency per
// kind, index size and RSS:
//
//	PLANMINE_BENCH_N=10000 go test -run '^$' -bench BenchmarkSearch -benchtime 1x -timeout 60m ./corpus/search/
func BenchmarkSearch(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("PLANMINE_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	g := newGenerator(b)
	ctx := context.Background()
	for iter := 0; iter < b.N; iter++ {
		// PLANMINE_BENCH_DIR keeps the index between runs: one that holds
		// n documents of the current schema is queried without refilling.
		dir := filepath.Join(b.TempDir(), "index")
		if d := os.Getenv("PLANMINE_BENCH_DIR"); d != "" {
			dir = filepath.Join(d, strconv.Itoa(n))
		}
		ix, err := Open(ctx, dir, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		var bytesIn, runes int
		start, cpuStart := time.Now(), cpuTime()
		// PLANMINE_BENCH_BATCH puts the documents in smaller batches, as
		// an ingest does (≈340); PLANMINE_BENCH_NOCOMPACT then queries the
		// segments the merger left, as a server does after an ingest.
		chunk := 2000
		if v, err := strconv.Atoi(os.Getenv("PLANMINE_BENCH_BATCH")); err == nil && v > 0 {
			chunk = v
		}
		have, _ := ix.Count()
		if have == n {
			fmt.Printf("\nreusing the index in %s\n", dir)
		}
		for lo := 0; lo < n && have != n; lo += chunk {
			entries := make([]corpus.Entry, 0, chunk)
			for i := lo; i < min(lo+chunk, n); i++ {
				d := g.Doc(i)
				bytesIn += len(d.Text)
				runes += utf8.RuneCountInString(d.Text)
				entries = append(entries, corpus.Entry{Doc: d, ReuseScore: float64(i%100) / 100})
			}
			if err := ix.Put(ctx, entries); err != nil {
				b.Fatal(err)
			}
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		ingest, ingestCPU := time.Since(start).Seconds(), cpuTime()-cpuStart
		ix, err = Open(ctx, dir, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		// The scores come from the store when a corpus opens the index;
		// here they are handed over as a corpus would.
		scores := make(map[string]float64, n)
		for i := 0; i < n; i++ {
			scores[fmt.Sprintf("bench%06d", i)] = float64(i%100) / 100
		}
		if err := ix.SetReuseScores(ctx, scores); err != nil {
			b.Fatal(err)
		}
		settle := time.Now()
		if os.Getenv("PLANMINE_BENCH_NOCOMPACT") == "" {
			if err := ix.Compact(ctx); err != nil {
				b.Fatal(err)
			}
		}
		compact := time.Since(settle).Seconds()

		b.StopTimer()
		fmt.Printf("\nsearch benchmark: %d documents, %.1f MB of text (%.0f runes/doc), GOMAXPROCS %d\n",
			n, float64(bytesIn)/1e6, float64(runes)/float64(n), runtime.GOMAXPROCS(0))
		if have != n {
			fmt.Printf("ingest %.0f docs/s, %.2f MB/s (%.1f s wall, %.1f s CPU); compact %.1f s\n",
				float64(n)/ingest, float64(bytesIn)/ingest/1e6, ingest, ingestCPU.Seconds(), compact)
		}
		if adv, err := ix.idx.Advanced(); err == nil {
			if r, err := adv.Reader(); err == nil {
				if snap, ok := r.(*scorch.IndexSnapshot); ok {
					fmt.Printf("%d segments\n", len(snap.Segments()))
				}
				r.Close()
			}
		}
		fmt.Printf("%-9s %8s %8s %8s %12s %12s %11s %10s\n", "query", "p50 ms", "p99 ms", "max ms",
			"cpu p50 ms", "cpu p99 ms", "cpu ms/q", "mean hits")
		// Each query's CPU time (the process's CPU clock: both halves of a
		// parallel search, and its GC) next to the wall clock: on a shared
		// machine the wall percentiles mostly measure waiting for a core.
		// PLANMINE_BENCH_QPROF names a CPU profile of the query phase alone.
		if path := os.Getenv("PLANMINE_BENCH_QPROF"); path != "" {
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
		for _, kind := range []string{"keyword", "faceted", "valrange", "reuse"} {
			r := rand.New(rand.NewSource(42))
			var lat, qcpu []time.Duration
			hits := 0
			const runs = 300
			cpu0 := cpuTime()
			for k := 0; k < runs; k++ {
				q := searchbench.Query(kind, r)
				t0, c0 := time.Now(), queryCPU()
				res, err := ix.Search(ctx, corpus.Query{Q: q})
				if err != nil {
					b.Fatal(err)
				}
				lat, qcpu = append(lat, time.Since(t0)), append(qcpu, queryCPU()-c0)
				hits += res.Total
			}
			cpu := cpuTime() - cpu0
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			sort.Slice(qcpu, func(i, j int) bool { return qcpu[i] < qcpu[j] })
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			p50, p99 := ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100])
			fmt.Printf("%-9s %8.2f %8.2f %8.2f %12.2f %12.2f %11.2f %10d\n", kind, p50, p99, ms(lat[len(lat)-1]),
				ms(qcpu[len(qcpu)/2]), ms(qcpu[len(qcpu)*99/100]), ms(cpu)/runs, hits/runs)
			b.ReportMetric(ms(qcpu[len(qcpu)*99/100]), kind+"-cpu-p99-ms")
			b.ReportMetric(p50, kind+"-p50-ms")
			b.ReportMetric(p99, kind+"-p99-ms")
		}
		rss, live := rssMB(), liveRSSMB()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		// Measured closed, so files of snapshots the merger has replaced
		// are gone.
		size := float64(dirSize(dir)) / 1e6
		fmt.Printf("index %.1f MB, RSS %.0f MB after the queries, peak %.0f MB (ingest included)\n", size, live, rss)
		if have != n {
			b.ReportMetric(float64(n)/ingest, "docs/s")
		}
		b.ReportMetric(size, "index-MB")
		b.ReportMetric(rss, "RSS-MB")
		b.StartTimer()
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// rssMB reads the peak resident set size (VmHWM) on Linux; 0 elsewhere.
func rssMB() float64 { return procStatusMB("VmHWM:") }

// liveRSSMB reads the current resident set size (VmRSS) on Linux.
func liveRSSMB() float64 { return procStatusMB("VmRSS:") }

func procStatusMB(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// cpuTime is the process's user+system CPU time so far: on a shared
// machine the wall-clock percentiles include time spent waiting for a core,
// CPU per query does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
