package search

import (
	"context"
	"encoding/json"
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
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

// benchOrgs replace the fixtures' organisations; some are Traditional so
// the cross-script path is exercised at scale.
var benchOrgs = []string{"某市第一人民医院党委", "某縣中醫院黨總支", "某区妇幼保健院党支部", "某省肿瘤医院党委",
	"某市疾病预防控制中心党总支", "某县人民医院党委", "某市口腔醫院黨支部", "某区社区卫生服务中心党支部",
	"某市精神卫生中心党委", "某州人民醫院黨委", "某市第二人民医院党总支", "某区中心血站党支部"}

// generator mutates the hand-written fixtures and the shared seed texts
// into a synthetic corpus: organisations, years and numbers are swapped and
// seed paragraphs are inserted, so documents share vocabulary the way real
// plans do but no two are identical.
type generator struct {
	fixtures []doc.Document
	paras    []string
}

func newGenerator(tb testing.TB) *generator {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "docs.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var fxs []fixture
	if err := json.Unmarshal(b, &fxs); err != nil {
		tb.Fatal(err)
	}
	g := &generator{}
	for _, f := range fxs {
		g.fixtures = append(g.fixtures, f.Docs...)
	}
	dir := shared.Path(tb, "corpus", "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed texts in %s: %v", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if n := utf8.RuneCountInString(line); n >= 20 && n <= 400 {
				g.paras = append(g.paras, line)
			}
		}
	}
	return g
}

// doc returns the i-th synthetic document (deterministic in i).
func (g *generator) doc(i int) doc.Document {
	r := rand.New(rand.NewSource(int64(i) + 1))
	d := g.fixtures[i%len(g.fixtures)]
	org := benchOrgs[r.Intn(len(benchOrgs))]
	year := 2018 + r.Intn(9)
	text := d.Text
	if d.Org != nil && *d.Org != "" {
		text = strings.ReplaceAll(text, *d.Org, org)
	}
	text = strings.ReplaceAll(text, "2026", strconv.Itoa(year))
	lines := strings.Split(text, "\n")
	for k, n := 0, 4+r.Intn(8); k < n; k++ {
		p := g.paras[r.Intn(len(g.paras))]
		p = strings.ReplaceAll(p, "2024", strconv.Itoa(year-1))
		at := 1 + r.Intn(len(lines))
		lines = append(lines[:at], append([]string{p}, lines[at:]...)...)
	}
	lines = append(lines, fmt.Sprintf("批次K%06d号", i))
	d.ID = fmt.Sprintf("bench%06d", i)
	d.Source = fmt.Sprintf("synthetic-%06d.txt", i)
	d.Text = strings.Join(lines, "\n")
	d.Title = strings.Replace(d.Title, "2026", strconv.Itoa(year), 1)
	d.Org = &org
	d.Year = doc.IntPtr(year)
	d.Targets = append([]doc.Target(nil), d.Targets...)
	for k := range d.Targets {
		d.Targets[k].Value = float64(1 + r.Intn(100))
	}
	return d
}

// benchQueries are varied on purpose: a latency figure from one repeated
// query would mostly measure caches.
var (
	benchKeywords = []string{"三会一课", "发展党员", "党风廉政建设", "医德医风", "主题党日", "三會一課",
		"组织生活", "高质量发展", "谈心谈话", "意识形态", "党员", "民主评议", "清廉医院", "廉洁"}
	benchTypes = []string{"plan", "summary", "scheme"}
	benchUnits = []string{"次", "名", "%", "学时", "人"}
)

func benchQuery(kind string, r *rand.Rand) string {
	switch kind {
	case "keyword":
		return benchKeywords[r.Intn(len(benchKeywords))]
	case "faceted":
		y := 2018 + r.Intn(6)
		return fmt.Sprintf("%s type:%s year:%d..%d", benchKeywords[r.Intn(len(benchKeywords))],
			benchTypes[r.Intn(len(benchTypes))], y, y+r.Intn(4))
	case "reuse":
		// The reuse score filter, alone or with a keyword.
		if r.Intn(2) == 0 {
			return fmt.Sprintf("reuse:>=0.%d", 1+r.Intn(9))
		}
		return fmt.Sprintf("%s reuse:>=0.%d", benchKeywords[r.Intn(len(benchKeywords))], 1+r.Intn(9))
	default:
		lo := r.Intn(80)
		return fmt.Sprintf("value:%d..%d unit:%s", lo, lo+5+r.Intn(30), benchUnits[r.Intn(len(benchUnits))])
	}
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
				d := g.doc(i)
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
				q := benchQuery(kind, r)
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
