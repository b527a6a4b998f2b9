package corpus_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
)

// BenchmarkCorpus builds a synthetic corpus of PLANMINE_BENCH_N documents
// (default 200 so CI stays fast) and reports ingest and query figures:
//
//	PLANMINE_BENCH_N=10000 go test -run '^$' -bench BenchmarkCorpus -benchtime 1x ./corpus/
func BenchmarkCorpus(b *testing.B) {
	n := 200
	if v, err := strconv.Atoi(os.Getenv("PLANMINE_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	fx := fixtures(b)
	ctx := context.Background()
	for iter := 0; iter < b.N; iter++ {
		dir := b.TempDir()
		c := openCorpus(b, dir)
		var bytesIn int
		start := time.Now()
		for i := 0; i < n; i++ {
			name, data, docs := synth(fx, i)
			bytesIn += len(data)
			if _, err := c.Add(ctx, name, data, docs); err != nil {
				b.Fatal(err)
			}
		}
		el := time.Since(start).Seconds()
		b.ReportMetric(float64(n)/el, "docs/s")
		b.ReportMetric(float64(bytesIn)/el/1e6, "MB/s")

		queries := map[string]string{
			"keyword":  "三会一课",
			"faceted":  "党员 type:plan year:2020..2024",
			"valrange": "value:30..60 unit:次",
		}
		for name, q := range queries {
			var lat []time.Duration
			total := 0
			for k := 0; k < 200; k++ {
				t0 := time.Now()
				res, err := c.Search(ctx, corpus.Query{Q: q})
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				total = res.Total
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, name+"-p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, name+"-p99-ms")
			b.Logf("%s %q: %d hits", name, q, total)
		}
		b.ReportMetric(float64(dirSize(filepath.Join(dir, "index")))/1e6, "index-MB")
		b.ReportMetric(float64(dirSize(dir))/1e6, "data-MB")
		b.ReportMetric(rssMB(), "RSS-MB")
		c.Close()
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
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkListPages measures what paging and the added list fields cost
// on a synthetic corpus of PLANMINE_BENCH_N documents (default 200): a
// search page with and without the store lookup of its hits' fields, and
// a page of reuse pairs read in SQL against all pairs read and cut:
//
//	PLANMINE_BENCH_N=2000 go test -run '^$' -bench BenchmarkListPages ./corpus/
func BenchmarkListPages(b *testing.B) {
	n := 200
	if v, err := strconv.Atoi(os.Getenv("PLANMINE_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	fx := fixtures(b)
	ctx := context.Background()
	c := openCorpus(b, b.TempDir())
	defer c.Close()
	var files []corpus.File
	start := time.Now()
	for i := 0; i < n; i++ {
		name, data, docs := synth(fx, i)
		files = append(files, corpus.File{Name: name, Original: data, Docs: docs})
		if len(files) == 256 || i == n-1 {
			if _, _, err := c.AddBatch(ctx, files); err != nil {
				b.Fatal(err)
			}
			files = files[:0]
		}
	}
	_, total, err := c.ReusePairPage(ctx, 0, 0, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d documents, %d reuse pairs, built in %.1f s", n, total, time.Since(start).Seconds())
	q := corpus.Query{Q: "党员", Limit: 50, NoFacets: true}
	b.Run("search-index-only", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Index.Search(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search-with-hit-fields", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Search(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	res, err := c.Index.Search(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	b.Run("hit-fields-lookup-only", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Summaries(ctx, ids); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pairs-all-then-cut-100", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.ReusePairs(ctx, 0, 100); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pairs-page-first-100", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := c.ReusePairPage(ctx, 0, 0, 100); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pairs-page-last-100", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := c.ReusePairPage(ctx, 0, max(0, total-100), 100); err != nil {
				b.Fatal(err)
			}
		}
	})
}
