// Command benchseg measures planmine's analysis throughput on a folder of
// text files, next to gse segmentation alone on the same bytes:
//
//   - ingest+analysis: ingest.ReadFile then nlp.Analyze on every file;
//   - analysis: nlp.Analyze alone on the already ingested documents;
//   - gse: nlp/segment's Cut on each file's text (gse's segmentation over
//     the compiled dictionary, no HMM);
//   - gse-hmm: gse itself with HMM (jieba's default), loaded untimed;
//   - per stage: each nlp.Stages entry's share of the analysis time.
//
// Dictionary loading is done once before timing, as peers are timed too.
// It prints one JSON object; -cpuprofile writes a pprof CPU profile of
// the analysis runs.
package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp"
	"github.com/planmine/planmine/nlp/segment"
	"github.com/planmine/planmine/nlp/segment/gsedict"
)

// result is what peers.sh reads.
type result struct {
	Files     int                `json:"files"`
	Bytes     int                `json:"bytes"`      // input file bytes (what peers segment)
	TextBytes int                `json:"text_bytes"` // cleaned document text bytes
	Docs      int                `json:"docs"`
	LoadSec   float64            `json:"load_sec"` // gse dictionary load
	Runs      int                `json:"runs"`
	Median    map[string]float64 `json:"median_sec"`
	MBps      map[string]float64 `json:"mb_per_sec"`
	StageSec  map[string]float64 `json:"stage_sec"` // median per stage over runs
	Mem       measure.Mem        `json:"mem"`
}

func main() {
	dir := flag.String("in", "", "文本文件目录 (folder of .txt files)")
	runs := flag.Int("runs", 3, "重复次数 (timed runs; the median is reported)")
	cpuprofile := flag.String("cpuprofile", "", "写入分析阶段 CPU 剖析 (write a CPU profile of the analysis runs)")
	flag.Parse()
	if *dir == "" {
		measure.Fatal("用法 (usage): benchseg -in FOLDER [-runs N] [-cpuprofile FILE]")
	}
	if err := run(*dir, *runs, *cpuprofile); err != nil {
		measure.Fatal("benchseg: %v", err)
	}
}

func run(dir string, runs int, cpuprofile string) error {
	ctx := context.Background()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	var raws []string
	res := result{Files: len(files), Runs: runs, Median: map[string]float64{}, MBps: map[string]float64{}, StageSec: map[string]float64{}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		raws = append(raws, string(b))
		res.Bytes += len(b)
	}
	t := time.Now()
	seg, err := segment.Default()
	if err != nil {
		return err
	}
	res.LoadSec = time.Since(t).Seconds()

	var docs []doc.Document
	ingestAnalyze := func() {
		docs = docs[:0]
		for _, f := range files {
			ds, err := ingest.ReadFile(ctx, f, ingest.Options{})
			if err != nil {
				measure.Fatal("benchseg: %v", err)
			}
			for i := range ds {
				_ = nlp.Analyze(ctx, &ds[i])
			}
			docs = append(docs, ds...)
		}
	}
	ingestAnalyze() // warm-up: lazy tables of every stage
	res.Docs = len(docs)
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Text
		res.TextBytes += len(d.Text)
	}
	analyze := func() {
		for _, d := range docs {
			fresh := doc.Document{ID: d.ID, Source: d.Source, Part: d.Part, Title: d.Title, Text: d.Text, Hints: d.Hints, Script: d.Script}
			_ = nlp.Analyze(ctx, &fresh)
		}
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		res.Median["analysis"] = measure.Median(measure.Time(runs, analyze))
		pprof.StopCPUProfile()
		f.Close()
	} else {
		res.Median["analysis"] = measure.Median(measure.Time(runs, analyze))
	}
	res.Median["ingest+analysis"] = measure.Median(measure.Time(runs, ingestAnalyze))
	res.Median["gse"] = measure.Median(measure.Time(runs, func() {
		for _, s := range raws {
			seg.Cut(s)
		}
	}))
	// gse itself, loaded the slow way (not timed), for its HMM mode, which
	// jieba uses by default and planmine does not.
	ref, err := gsedict.Reference()
	if err != nil {
		return err
	}
	res.Median["gse-hmm"] = measure.Median(measure.Time(runs, func() {
		for _, s := range raws {
			ref.Cut(s, true)
		}
	}))

	// Per stage: the same composition as nlp.Analyze, timed stage by stage.
	per := map[string][]float64{}
	for r := 0; r < runs; r++ {
		sum := map[string]float64{}
		for _, d := range docs {
			fresh := doc.Document{ID: d.ID, Source: d.Source, Part: d.Part, Title: d.Title, Text: d.Text, Hints: d.Hints, Script: d.Script}
			t := time.Now()
			folded := fold.Text(fresh.Text)
			sum["fold"] += time.Since(t).Seconds()
			for _, st := range nlp.Stages {
				t := time.Now()
				func() {
					defer func() { _ = recover() }()
					st.Run(&fresh, folded)
				}()
				sum[st.Name] += time.Since(t).Seconds()
			}
		}
		for k, v := range sum {
			per[k] = append(per[k], v)
		}
	}
	for k, v := range per {
		res.StageSec[k] = measure.Median(v)
	}
	mb := float64(res.Bytes) / 1e6
	for k, v := range res.Median {
		if v > 0 {
			n := mb
			if k == "analysis" {
				n = float64(res.TextBytes) / 1e6
			}
			res.MBps[k] = n / v
		}
	}
	res.Mem = measure.ReadMem()
	return measure.Emit(os.Stdout, res)
}
