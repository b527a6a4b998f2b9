// Command benchsearch measures planmine's corpus search (corpus.Open with
// the SQLite store and the bleve index, (*Corpus).AddBatch, (*Corpus).Search)
// on the synthetic corpus benchquery dumps, with phrase queries drawn from
// the corpus itself. It writes the queries to -queries-out so SQLite FTS5
// runs the very same ones, and prints one JSON object.
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

type query struct {
	Q     string  `json:"q"`
	MS    float64 `json:"ms"`
	Total int     `json:"total"`
	// Exact counts the documents whose folded text holds the folded query:
	// the right total for a phrase query under planmine's script folding.
	Exact int `json:"exact"`
}

type result struct {
	Docs     int         `json:"docs"`
	BuildSec float64     `json:"build_sec"`
	DiskMB   float64     `json:"disk_mb"`
	QueryMS  float64     `json:"query_ms"` // median over queries of each query's median
	Queries  []query     `json:"queries"`
	Mem      measure.Mem `json:"mem"`
}

func main() {
	in := flag.String("csv", "", "语料 CSV (corpus CSV id,body from benchquery -dump)")
	n := flag.Int("n", 10000, "最多文档数 (documents to index at most)")
	nq := flag.Int("q", 20, "查询数 (queries)")
	runs := flag.Int("runs", 5, "每个查询重复次数 (runs per query)")
	data := flag.String("data", "bench/out/search-data", "数据目录，会被清空 (data folder, emptied first)")
	qout := flag.String("queries-out", "bench/out/search_queries.txt", "写出查询 (write the queries here)")
	countOnly := flag.Bool("count-only", false, "只计算精确命中数，不建索引 (only the exact counts, no index)")
	flag.Parse()
	if *in == "" {
		measure.Fatal("用法 (usage): benchsearch -csv FILE [-n N] [-q N] [-runs N]")
	}
	if err := run(*in, *n, *nq, *runs, *data, *qout, *countOnly); err != nil {
		measure.Fatal("benchsearch: %v", err)
	}
}

func run(in string, n, nq, runs int, data, qout string, countOnly bool) error {
	ctx := context.Background()
	rows, err := readCSV(in, n)
	if err != nil {
		return err
	}
	qs := draw(rows, nq, rand.New(rand.NewSource(7)))
	if err := os.WriteFile(qout, []byte(strings.Join(qs, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	exact := exactCounts(rows, qs)
	if countOnly {
		res := result{Docs: len(rows)}
		for i, q := range qs {
			res.Queries = append(res.Queries, query{Q: q, Exact: exact[i]})
		}
		return measure.Emit(os.Stdout, res)
	}
	if err := os.RemoveAll(data); err != nil {
		return err
	}
	c, err := corpus.Open(ctx, data, corpus.Options{OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex})
	if err != nil {
		return err
	}
	defer c.Close()
	res := result{Docs: len(rows)}
	t := time.Now()
	// Batches of 32 files through AddBatch, as `planmine ingest` and API
	// zip jobs store them (each file its own durable commit, one index and
	// reuse update per batch).
	var batch []corpus.File
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, errs, err := c.AddBatch(ctx, batch)
		if err != nil {
			return err
		}
		for _, e := range errs {
			if e != nil {
				return e
			}
		}
		batch = batch[:0]
		return nil
	}
	for _, r := range rows {
		d := doc.Document{Source: r[0] + ".txt", Part: 1, Title: firstLine(r[1]), Text: r[1], Script: doc.ScriptSimplified, Format: "txt"}
		batch = append(batch, corpus.File{Name: d.Source, Original: []byte(r[1]), Docs: []doc.Document{d}})
		if len(batch) == 32 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	res.BuildSec = time.Since(t).Seconds()
	res.DiskMB = float64(du(data)) / 1e6
	var meds []float64
	for qi, q := range qs {
		var total int
		ts := measure.Time(runs, func() {
			sr, err := c.Search(ctx, corpus.Query{Q: q, Limit: 10, NoFacets: true})
			if err == nil {
				total = sr.Total
			}
		})
		m := measure.Median(ts) * 1000
		meds = append(meds, m)
		res.Queries = append(res.Queries, query{Q: q, MS: m, Total: total, Exact: exact[qi]})
	}
	res.QueryMS = measure.Median(meds)
	res.Mem = measure.ReadMem()
	return measure.Emit(os.Stdout, res)
}

// exactCounts is, per query, the number of documents whose folded text
// contains the folded query: the reference both engines' totals are read
// against (FTS5 does not fold script; planmine does).
func exactCounts(rows [][]string, qs []string) []int {
	out := make([]int, len(qs))
	fq := make([]string, len(qs))
	for i, q := range qs {
		fq[i] = fold.Text(q)
	}
	for _, r := range rows {
		ft := fold.Text(r[1])
		for i, q := range fq {
			if strings.Contains(ft, q) {
				out[i]++
			}
		}
	}
	return out
}

func readCSV(path string, n int) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	var rows [][]string
	for len(rows) < n {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rows, err
		}
		if len(rec) == 2 {
			rows = append(rows, rec)
		}
	}
	return rows, nil
}

// draw picks nq phrase queries of 4 Han characters from random documents:
// what a reviewer types (a term from a plan), long enough for trigrams.
func draw(rows [][]string, nq int, rng *rand.Rand) []string {
	var qs []string
	for tries := 0; len(qs) < nq && tries < nq*100 && len(rows) > 0; tries++ {
		rs := []rune(rows[rng.Intn(len(rows))][1])
		if len(rs) < 10 {
			continue
		}
		i := rng.Intn(len(rs) - 4)
		q := rs[i : i+4]
		ok := true
		for _, r := range q {
			ok = ok && unicode.Is(unicode.Han, r)
		}
		if ok {
			qs = append(qs, string(q))
		}
	}
	return qs
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func du(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
