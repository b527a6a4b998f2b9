// Command benchreuse runs planmine's reuse detection on all pairs of a
// folder's documents: ingest (timed apart), then reuse.Analyze (median of
// -runs). It prints the pairs scoring at least -threshold, the top pairs
// and the times, as one JSON object that peers.sh sets beside Dolos's.
package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
)

// pair is one scored document pair, named by file.
type pair struct {
	A     string  `json:"a"`
	B     string  `json:"b"`
	Score float64 `json:"score"`
}

type result struct {
	Tool      string      `json:"tool"`
	Files     int         `json:"files"`
	Docs      int         `json:"docs"`
	IngestSec float64     `json:"ingest_sec"`
	ReuseSec  float64     `json:"median_sec"`
	Runs      int         `json:"runs"`
	Threshold float64     `json:"threshold"`
	Above     int         `json:"pairs_above"`
	AllPairs  int         `json:"pairs_reported"`
	Top       []pair      `json:"top"`
	Mem       measure.Mem `json:"mem"`
}

func main() {
	in := flag.String("in", "", "文本文件目录 (folder of documents)")
	runs := flag.Int("runs", 3, "重复次数 (timed runs)")
	threshold := flag.Float64("threshold", 0.1, "计数阈值 (count pairs scoring at least this)")
	top := flag.Int("top", 10, "列出前 N 对 (list the N best pairs)")
	flag.Parse()
	if *in == "" {
		measure.Fatal("用法 (usage): benchreuse -in FOLDER [-runs N] [-threshold X] [-top N]")
	}
	if err := run(*in, *runs, *threshold, *top); err != nil {
		measure.Fatal("benchreuse: %v", err)
	}
}

func run(in string, runs int, threshold float64, top int) error {
	files, err := filepath.Glob(filepath.Join(in, "*"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	ctx := context.Background()
	t := time.Now()
	var docs []*doc.Document
	for _, f := range files {
		ds, err := ingest.ReadFile(ctx, f, ingest.Options{})
		if err != nil {
			return err
		}
		for i := range ds {
			if ds[i].ID == "" {
				ds[i].ID = ds[i].Source
			}
			docs = append(docs, &ds[i])
		}
	}
	res := result{Tool: "planmine", Files: len(files), Docs: len(docs), IngestSec: time.Since(t).Seconds(), Runs: runs, Threshold: threshold}
	var rep reuse.Report
	res.ReuseSec = measure.Median(measure.Time(runs, func() { rep = reuse.Analyze(docs, reuse.Options{}) }))
	res.AllPairs = len(rep.Pairs)
	var ps []pair
	for _, p := range rep.Pairs {
		if p.Template {
			continue
		}
		ps = append(ps, pair{A: name(p.A), B: name(p.B), Score: p.Score})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Score > ps[j].Score })
	for _, p := range ps {
		if p.Score >= threshold {
			res.Above++
		}
	}
	if len(ps) > top {
		ps = ps[:top]
	}
	res.Top = ps
	res.Mem = measure.ReadMem()
	return measure.Emit(os.Stdout, res)
}

// name is the file name, with the part when a file held several documents.
func name(r reuse.DocRef) string {
	n := filepath.Base(r.Source)
	if r.Part > 1 {
		n += "#" + itoa(r.Part)
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
