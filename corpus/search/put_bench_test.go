package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
)

// BenchmarkPut measures what indexing costs per document: it fills a fresh
// index through Put in batches the size of an ingest batch (≈340 documents
// of 256 files) and prints the CPU time per document, the segment merges
// included (the index is closed, which waits for them). The documents are
// those of a data directory's store (PLANMINE_BENCH_STORE, e.g. a
// `planmine ingest` of bench/out/e2e-files-1000) or else PLANMINE_BENCH_N
// synthetic ones (default 2000). PLANMINE_BENCH_PROF names a CPU profile.
//
//	PLANMINE_BENCH_STORE=/tmp/data go test -run '^$' -bench BenchmarkPut -benchtime 1x ./corpus/search/
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	var docs []doc.Document
	if dir := os.Getenv("PLANMINE_BENCH_STORE"); dir != "" {
		st, err := sqlite.Open(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		err = st.All(ctx, func(d doc.Document) error { docs = append(docs, d); return nil })
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
	} else {
		n := 2000
		if v, err := strconv.Atoi(os.Getenv("PLANMINE_BENCH_N")); err == nil && v > 0 {
			n = v
		}
		g := newGenerator(b)
		for i := 0; i < n; i++ {
			docs = append(docs, g.Doc(i))
		}
	}
	if _, err := segmenter(); err != nil {
		b.Fatal(err)
	}
	var bytesIn int
	for _, d := range docs {
		bytesIn += len(d.Text)
	}
	const batch = 340
	for iter := 0; iter < b.N; iter++ {
		dir := filepath.Join(b.TempDir(), "index")
		ix, err := Open(ctx, dir, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if path := os.Getenv("PLANMINE_BENCH_PROF"); path != "" {
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				b.Fatal(err)
			}
		}
		start, cpu0 := time.Now(), cpuTime()
		for lo := 0; lo < len(docs); lo += batch {
			var entries []corpus.Entry
			for _, d := range docs[lo:min(lo+batch, len(docs))] {
				entries = append(entries, corpus.Entry{Doc: d})
			}
			if err := ix.Put(ctx, entries); err != nil {
				b.Fatal(err)
			}
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		cpu, wall := cpuTime()-cpu0, time.Since(start)
		if os.Getenv("PLANMINE_BENCH_PROF") != "" {
			pprof.StopCPUProfile()
		}
		ms := float64(cpu.Microseconds()) / 1000 / float64(len(docs))
		fmt.Printf("\nput %d documents (%.1f MB of text) in batches of %d: %.1f s wall, %.1f s CPU, %.2f ms CPU/doc; index %.1f MB\n",
			len(docs), float64(bytesIn)/1e6, batch, wall.Seconds(), cpu.Seconds(), ms, float64(dirSize(dir))/1e6)
		b.ReportMetric(ms, "cpu-ms/doc")
	}
}
