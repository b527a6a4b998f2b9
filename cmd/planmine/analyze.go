package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

// input is one file read, or why it could not be.
type input struct {
	name string
	docs []doc.Document
	err  error
}

// readAll walks paths, analyses every document, prints each failure with its
// file name, and returns the documents and the number of failed inputs.
// Reading and analysis each use every core; output keeps input order.
// readAll reads paths (and the demo corpus) and runs analyse on every
// document: nlp.Analyze, or less where a command needs less; nil returns
// the documents as read.
func readAll(ctx context.Context, e env, paths []string, withDemo bool, analyse func(context.Context, *doc.Document) error) ([]doc.Document, int, error) {
	var ins []input
	collect := func(name string, ds []doc.Document, err error) error {
		ins = append(ins, input{name, ds, err})
		return nil
	}
	var err error
	if withDemo {
		err = walkDemo(ctx, collect)
	}
	workers := runtime.GOMAXPROCS(0)
	if err == nil && len(paths) > 0 {
		// The batch is read once, learning its recurring chrome on the way
		// (see ingest.WalkLearning); analysis follows the whole read.
		rp := newProgress(e.stderr, "读取 (read)")
		err = ingest.WalkLearning(ctx, paths, ingest.Options{}, workers, rp.step, func(f ingest.File) error {
			return collect(f.Name, f.Docs, f.Err)
		})
		rp.done()
	}
	if err != nil {
		return nil, 0, err
	}
	if analyse == nil {
		return gather(e, ins, nil)
	}
	prog := newProgress(e.stderr, "分析 (analyse)")
	ok := 0
	for _, in := range ins {
		if in.err == nil {
			ok++
		}
	}
	prog.setTotal(ok)
	var mu sync.Mutex
	next := make(chan int)
	errs := make([]error, len(ins))
	var wg sync.WaitGroup
	for range max(1, min(workers, len(ins))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				for k := range ins[i].docs {
					if err := analyse(ctx, &ins[i].docs[k]); err != nil {
						errs[i] = err
						break
					}
				}
				mu.Lock()
				prog.step(ins[i].name)
				mu.Unlock()
			}
		}()
	}
	// Largest input first: the last one analysed is then short, and
	// neither worker waits long on the other at the end.
	order := make([]int, 0, len(ins))
	size := make([]int, len(ins))
	for i := range ins {
		if ins[i].err == nil {
			order = append(order, i)
			for _, d := range ins[i].docs {
				size[i] += len(d.Text)
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	prog.done()
	return gather(e, ins, errs)
}

// gather concatenates the documents of the inputs read, printing each
// input that could not be read; errs (may be nil) are the analysis errors
// by input.
func gather(e env, ins []input, errs []error) ([]doc.Document, int, error) {
	var docs []doc.Document
	failed := 0
	for i, in := range ins {
		if errs != nil && errs[i] != nil {
			return nil, failed, errs[i]
		}
		if in.err != nil {
			failed++
			fmt.Fprintf(e.stderr, "无法读取 (cannot read) %s: %v\n", in.name, in.err)
			continue
		}
		docs = append(docs, in.docs...)
	}
	return docs, failed, nil
}

func cmdAnalyze(ctx context.Context, e env, args []string) error {
	fs := newFlags("analyze", e.stderr)
	asJSON := fs.Bool("json", false, "输出 JSON (print SPEC §2 JSON)")
	withDemo := fs.Bool("demo", false, "分析内置示例文档 (analyse the embedded sample corpus)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 && !*withDemo {
		return usageError{"analyze 需要至少一个路径或 --demo (needs a PATH or --demo)"}
	}
	docs, failed, err := readAll(ctx, e, paths, *withDemo, nlp.Analyze)
	if err != nil {
		return err
	}
	if *asJSON {
		if docs == nil {
			docs = []doc.Document{}
		}
		if err := writeJSON(e.stdout, map[string]any{"documents": docs}); err != nil {
			return err
		}
	} else {
		for i := range docs {
			writeDocSummary(e.stdout, &docs[i])
		}
	}
	if failed > 0 {
		return inputsFailed{failed}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeDocSummary prints one analysed document for a person at a terminal.
func writeDocSummary(w io.Writer, d *doc.Document) {
	fmt.Fprintf(w, "== %s #%d  %s\n", d.Source, d.Part, d.Title)
	year, org, date := "-", "-", "-"
	if d.Year != nil {
		year = fmt.Sprint(*d.Year)
	}
	if d.Org != nil {
		org = *d.Org
	}
	if d.Date != nil {
		date = *d.Date
	}
	fmt.Fprintf(w, "   类型 type: %s  年份 year: %s  机构 org: %s  日期 date: %s  字体 script: %s\n", d.DocType, year, org, date, d.Script)
	var walk func([]doc.Section)
	walk = func(ss []doc.Section) {
		for _, s := range ss {
			fmt.Fprintf(w, "   %s%s %s\n", strings.Repeat("  ", s.Level), s.Number, s.Title)
			walk(s.Children)
		}
	}
	if len(d.Sections) > 0 {
		fmt.Fprintln(w, "   提纲 outline:")
		walk(d.Sections)
	}
	if len(d.Targets) > 0 {
		fmt.Fprintln(w, "   目标 targets:")
		for _, t := range d.Targets {
			v := fmt.Sprint(t.Value)
			if t.ValueMax != nil {
				v += "-" + fmt.Sprint(*t.ValueMax)
			}
			period := ""
			if t.Period != nil {
				period = " " + *t.Period
			}
			fmt.Fprintf(w, "     [%s] %s %s %s%s%s  «%s»\n", t.Kind, t.Metric, t.Cmp, v, t.Unit, period, t.Text)
		}
	}
	if len(d.Slogans) > 0 {
		var s []string
		for _, sl := range d.Slogans {
			s = append(s, fmt.Sprintf("%s×%d", sl.Text, sl.Count))
		}
		fmt.Fprintf(w, "   口号 slogans: %s\n", strings.Join(s, "  "))
	}
	if len(d.Placeholders) > 0 {
		var s []string
		for _, p := range d.Placeholders {
			s = append(s, p.Text)
		}
		fmt.Fprintf(w, "   未填占位符 placeholders: %s\n", strings.Join(s, " "))
	}
	if len(d.People) > 0 {
		var s []string
		for _, p := range d.People {
			s = append(s, p.Role+":"+p.Name)
		}
		fmt.Fprintf(w, "   人员 people: %s\n", strings.Join(s, " "))
	}
	for _, p := range d.Schedule {
		fmt.Fprintf(w, "   阶段 phase: %s %s %s~%s\n", p.Phase, p.Title, p.From, p.To)
	}
	for _, wn := range d.Warnings {
		fmt.Fprintf(w, "   警告 warning: %s\n", wn)
	}
}

// readBatch reads the files under paths for planmine ingest: with learn
// set and a batch of several files, the site chrome that recurs across
// them (a column label or footer no single page gives away) is learned
// first and dropped in the real read, which reuses what the learning read
// extracted wherever the chrome changes nothing.
func readBatch(ctx context.Context, e env, paths []string, learn bool, fn func(ingest.File) error) error {
	var opt ingest.Options
	if !learn {
		return ingest.WalkFiles(ctx, paths, opt, fn)
	}
	if n, err := ingest.Count(ctx, paths); err != nil || n < ingest.MinRecurBatch {
		return ingest.WalkFiles(ctx, paths, opt, fn)
	}
	prog := newProgress(e.stderr, "学习网站杂项 (learning site chrome)")
	l, err := ingest.Learn(ctx, paths, opt)
	prog.done()
	if err != nil {
		return ingest.WalkFiles(ctx, paths, opt, fn)
	}
	return ingest.WalkLearned(ctx, paths, opt, l, fn)
}
