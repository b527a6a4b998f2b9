// Command benchquery measures the incremental reuse query: a synthetic
// corpus of -n documents (bench/internal/synth, mutated from real texts)
// is indexed with reuse.Index.Add, then -queries new documents, each
// copying half of a random indexed one, are added and asked for their
// sources (Add + Sources, then Remove). It prints build time, memory and
// the median query time as one JSON object; -dump writes the corpus as
// CSV (id,body) for the SQLite FTS5 comparison.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/bench/internal/synth"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
)

type result struct {
	Docs       int         `json:"docs"`
	Runes      int64       `json:"runes"`
	GenSec     float64     `json:"gen_sec"`
	BuildSec   float64     `json:"build_sec"`
	MemCorpus  measure.Mem `json:"mem_corpus"` // texts generated, nothing indexed
	MemIndexed measure.Mem `json:"mem_indexed"`
	Queries    int         `json:"queries"`
	QueryMS    float64     `json:"query_ms"` // median Add+Sources+Remove
	QueryMaxMS float64     `json:"query_max_ms"`
	Found      int         `json:"found"` // queries whose copied source was reported
}

func main() {
	bases := flag.String("bases", "", "基础文本目录，逗号分隔 (comma-separated folders of base texts)")
	n := flag.Int("n", 10000, "合成文档数 (synthetic documents)")
	queries := flag.Int("queries", 20, "查询次数 (queries; the median is reported)")
	minR := flag.Int("min", 1500, "文档最少字数 (least runes per document)")
	maxR := flag.Int("max", 5000, "文档最多字数 (most runes per document)")
	dump := flag.String("dump", "", "导出语料 CSV (write the corpus as CSV id,body)")
	seed := flag.Int64("seed", 1, "随机种子 (random seed)")
	flag.Parse()
	if *bases == "" {
		measure.Fatal("用法 (usage): benchquery -bases DIR[,DIR…] [-n N] [-queries N] [-dump FILE]")
	}
	if err := run(strings.Split(*bases, ","), *n, *queries, *minR, *maxR, *dump, *seed); err != nil {
		measure.Fatal("benchquery: %v", err)
	}
}

func run(dirs []string, n, queries, minR, maxR int, dump string, seed int64) error {
	ctx := context.Background()
	var texts []string
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.txt"))
		if err != nil {
			return err
		}
		sort.Strings(files)
		for _, f := range files {
			ds, err := ingest.ReadFile(ctx, f, ingest.Options{})
			if err != nil {
				continue // a base that cannot be read is simply not used
			}
			for _, x := range ds {
				texts = append(texts, x.Text)
			}
		}
	}
	g, err := synth.New(texts, seed)
	if err != nil {
		return err
	}
	var res result
	t := time.Now()
	docs := make([]doc.Document, n)
	for i := range docs {
		docs[i] = g.Doc(i, minR, maxR)
		res.Runes += int64(len([]rune(docs[i].Text)))
	}
	texts = nil
	res.GenSec = time.Since(t).Seconds()
	res.Docs = n
	if dump != "" {
		if err := writeCSV(dump, docs); err != nil {
			return err
		}
	}
	runtime.GC()
	res.MemCorpus = measure.ReadMem()

	ix := reuse.New(reuse.Options{})
	t = time.Now()
	for i := range docs {
		ix.Add(&docs[i])
	}
	res.BuildSec = time.Since(t).Seconds()
	runtime.GC()
	res.MemIndexed = measure.ReadMem()

	rng := rand.New(rand.NewSource(seed + 1))
	var times []float64
	for q := 0; q < queries; q++ {
		src := docs[rng.Intn(len(docs))]
		qd := g.Query(q, src)
		t := time.Now()
		ix.Add(&qd)
		pairs := ix.Sources(qd.ID)
		ix.Remove(qd.ID)
		times = append(times, time.Since(t).Seconds()*1000)
		for _, p := range pairs {
			if p.B.ID == src.ID {
				res.Found++
				break
			}
		}
	}
	res.Queries = queries
	res.QueryMS = measure.Median(times)
	for _, x := range times {
		res.QueryMaxMS = max(res.QueryMaxMS, x)
	}
	m := measure.ReadMem()
	res.MemIndexed.PeakMB = m.PeakMB
	return measure.Emit(os.Stdout, res)
}

func writeCSV(path string, docs []doc.Document) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	for _, d := range docs {
		if err := w.Write([]string{d.ID, d.Text}); err != nil {
			f.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
