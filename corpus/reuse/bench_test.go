package reuse

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
)

// BenchmarkReportBulk72 is all pairs over the 72 government work reports of
// the shared JSONL (about 2.4 M characters), index build included.
func BenchmarkReportBulk72(b *testing.B) {
	docs := bulkReports(b)
	b.ReportAllocs()
	cpu0, ops := cpuTime(), 0
	for b.Loop() {
		ops++
		r := Analyze(docs, Options{})
		if len(r.Documents) != len(docs) {
			b.Fatal("documents missing")
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(max(ops, 1)), "cpu-ms/op")
}

// synthCorpus builds n documents of ~25 sentences (about 4 KB) each from
// the sentences of the 72 reports, mutated per document: digits swapped,
// years changed, the issuing organisation replaced, sentences shuffled.
// Sentences are shared between documents, as plans share phrasing; each
// document is still its own mix.
type synthCorpus struct {
	pool []string
	orgs []string
}

var sentenceEnd = regexp.MustCompile(`[。！？；\n]+`)

func newSynth(tb testing.TB) *synthCorpus {
	s := &synthCorpus{orgs: []string{"县卫生健康局", "市人民医院党委", "区疾控中心", "镇卫生院党支部", "市中医院", "县妇幼保健院", "区人民政府", "省卫生健康委"}}
	for _, d := range bulkReports(tb) {
		for _, x := range sentenceEnd.Split(d.Text, -1) {
			if n := utf8.RuneCountInString(x); n >= 15 && n <= 150 {
				s.pool = append(s.pool, x)
			}
		}
	}
	return s
}

var yearRe = regexp.MustCompile(`(19|20)\d\d`)

// doc generates document i; variant re-mutates the numbers and order (a
// copy of document i edited by someone else).
func (s *synthCorpus) doc(i int, variant int64) *doc.Document {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	org := s.orgs[rng.IntN(len(s.orgs))]
	n := 20 + rng.IntN(10)
	sents := make([]string, n)
	for j := range sents {
		sents[j] = s.pool[rng.IntN(len(s.pool))]
	}
	mut := rand.New(rand.NewPCG(uint64(i), uint64(variant)))
	mut.Shuffle(len(sents), func(a, b int) { sents[a], sents[b] = sents[b], sents[a] })
	year := fmt.Sprint(2000 + mut.IntN(30))
	var b strings.Builder
	for _, x := range sents {
		x = yearRe.ReplaceAllString(x, year)
		x = strings.NewReplacer("国务院", org, "政府", org).Replace(x)
		x = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' && mut.IntN(2) == 0 {
				return '0' + rune(mut.IntN(10))
			}
			return r
		}, x)
		b.WriteString(x)
		b.WriteString("。\n")
	}
	return &doc.Document{ID: fmt.Sprintf("syn-%d-%d", i, variant), Source: "synthetic", Part: 1, Title: org, Text: b.String()}
}

var (
	bigOnce sync.Once
	bigIx   *Index
	bigGen  *synthCorpus
	bigHeap uint64
	bigTime time.Duration
)

// BenchmarkSources100k answers Sources for one new document against a
// synthetic corpus of 100,000 documents. Building the corpus takes a while:
// it runs only with PLANMINE_BENCH_100K=1.
func BenchmarkSources100k(b *testing.B) {
	if os.Getenv("PLANMINE_BENCH_100K") == "" {
		b.Skip("set PLANMINE_BENCH_100K=1 to build the 100,000-document corpus")
	}
	const n = 100_000
	bigOnce.Do(func() {
		bigGen = newSynth(b)
		start := time.Now()
		bigIx = New(Options{})
		for i := range n {
			bigIx.Add(bigGen.doc(i, 0))
		}
		bigTime = time.Since(start)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		bigHeap = ms.HeapAlloc
	})
	target := 12345
	q := bigGen.doc(target, 99)
	q.ID = "query"
	bigIx.Add(q)
	defer bigIx.Remove("query")
	want := fmt.Sprintf("syn-%d-0", target)
	cpu0 := cpuTime()
	ops := 0
	for b.Loop() {
		ops++
		ps := bigIx.Sources("query")
		if len(ps) == 0 || ps[0].B.ID != want || ps[0].Score < 0.8 {
			b.Fatalf("top source %+v, want %s", ps, want)
		}
	}
	// CPU time per answer, which unlike ns/op does not grow when other
	// processes share the cores.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(max(ops, 1)), "cpu-ms/op")
	b.ReportMetric(float64(bigHeap)/(1<<20), "heap-MB")
	b.ReportMetric(bigTime.Seconds(), "build-s")
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAlignBatch is the reuse step of one ingest batch at scale (what
// Corpus.AddBatch runs): 256 new documents, half of them edited copies of
// indexed ones and half new mixes of the same sentence pool, aligned with
// their candidates among PLANMINE_ALIGN_N (default 10,000) indexed
// synthetic documents. It reports CPU milliseconds per new document and
// the pairs found per batch.
func BenchmarkAlignBatch(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("PLANMINE_ALIGN_N")); err == nil && v > 0 {
		n = v
	}
	g := newSynth(b)
	ix := New(Options{})
	for i := range n {
		ix.Add(g.doc(i, 0))
	}
	ids := make([]string, 256)
	for k := range ids {
		d := g.doc(n+k, 0)
		if k%2 == 0 {
			d = g.doc(k*37%n, int64(1+k))
		}
		ix.Add(d)
		ids[k] = d.ID
	}
	cpu0, ops, pairs := cpuTime(), 0, 0
	for b.Loop() {
		ops++
		pairs = 0
		if err := ix.Align(ids, func(Aligned) error { pairs++; return nil }, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(max(ops, 1)*len(ids)), "cpu-ms/doc")
	b.ReportMetric(float64(pairs), "pairs/batch")
}
