// Command benchstages measures how each stage of the ingest pipeline grows
// with corpus size. For every size in -sizes it generates that many
// synthetic documents (bench/internal/synth over real base texts), then
// runs each stage on its own over all of them, in pipeline order, each fed
// by the previous stage's output:
//
//	read     ingest.Read of the TXT bytes
//	analyse  nlp.Analyze, -workers goroutines
//	store    sqlite Put, one durable commit per file (as production)
//	index    search Put in batches of -batch files, then Close (flush)
//	reuse    reuse.Index.Add of every document
//	addbatch corpus.AddBatch (store + reuse + index) in batches of -batch
//	         files on a fresh corpus
//
// store, index and addbatch stop at -budget and report the prefix done.
//
// It prints a table (stage × size) with the growth per tenfold documents
// and writes one JSON line per row to -out. -cpuprofile/-memprofile cover
// the addbatch stage only (the one under investigation).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/bench/internal/synth"
	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

// stageNames are the stages in pipeline order.
var stageNames = []string{"read", "analyse", "store", "index", "reuse", "addbatch"}

type config struct {
	sizes      []int
	bases      []string
	minR, maxR int
	workers    int
	batch      int
	budget     time.Duration
	stages     map[string]bool
	data       string
	out        string
	cpuProf    string
	memProf    string
	seed       int64
}

func main() {
	var c config
	sizes := flag.String("sizes", "1000,10000,100000", "文档数，逗号分隔 (corpus sizes)")
	bases := flag.String("bases", "", "基础文本目录，逗号分隔 (comma-separated folders of base texts)")
	flag.IntVar(&c.minR, "min", 1500, "文档最少字数 (least runes per document)")
	flag.IntVar(&c.maxR, "max", 5000, "文档最多字数 (most runes per document)")
	flag.IntVar(&c.workers, "workers", 2, "分析并发数 (analysis workers)")
	flag.IntVar(&c.batch, "batch", 32, "每批文件数，与 planmine ingest 相同 (files per index/AddBatch batch)")
	flag.DurationVar(&c.budget, "budget", 25*time.Minute, "store/index/addbatch 每个规模的时间上限 (time budget of the store, index and addbatch stages per size)")
	only := flag.String("stages", strings.Join(stageNames, ","), "要运行的步骤 (stages to run)")
	flag.StringVar(&c.data, "data", "", "数据目录，会被清空；默认临时目录 (data folder, emptied; default a temp dir)")
	flag.StringVar(&c.out, "out", "bench/out/stages.json", "JSON 行输出 (JSON lines output)")
	flag.StringVar(&c.cpuProf, "cpuprofile", "", "addbatch 的 CPU profile (CPU profile of the addbatch stage)")
	flag.StringVar(&c.memProf, "memprofile", "", "addbatch 之后的内存 profile (heap profile after the addbatch stage)")
	flag.Int64Var(&c.seed, "seed", 1, "随机种子 (random seed)")
	flag.Parse()
	var err error
	if c.sizes, err = parseSizes(*sizes); err != nil {
		measure.Fatal("benchstages: %v", err)
	}
	if c.stages, err = parseStages(*only); err != nil {
		measure.Fatal("benchstages: %v", err)
	}
	if *bases == "" {
		measure.Fatal("用法 (usage): benchstages -bases DIR[,DIR…] [-sizes 1000,10000,100000] [-stages read,…] [-budget 25m]")
	}
	c.bases = strings.Split(*bases, ",")
	if err := run(context.Background(), c, os.Stdout); err != nil {
		measure.Fatal("benchstages: %v", err)
	}
}

// parseSizes reads "1000,10000" into ascending positive sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("无效的规模 (bad size) %q", f)
		}
		out = append(out, n)
	}
	sort.Ints(out)
	return out, nil
}

// parseStages reads a comma-separated subset of stageNames.
func parseStages(s string) (map[string]bool, error) {
	known := map[string]bool{}
	for _, n := range stageNames {
		known[n] = true
	}
	out := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if !known[f] {
			return nil, fmt.Errorf("未知步骤 (unknown stage) %q; known: %s", f, strings.Join(stageNames, ","))
		}
		out[f] = true
	}
	return out, nil
}

func run(ctx context.Context, c config, stdout io.Writer) error {
	texts, err := baseTexts(ctx, c.bases)
	if err != nil {
		return err
	}
	// Load the segmenter dictionary (~4 s) before any stage is timed: a
	// server or ingest run pays it once at start-up.
	warm := doc.Document{Text: "一、指导思想\n全年发展党员5名。"}
	if err := nlp.Analyze(ctx, &warm); err != nil {
		return err
	}
	data := c.data
	if data == "" {
		if data, err = os.MkdirTemp("", "benchstages-"); err != nil {
			return err
		}
		defer os.RemoveAll(data)
	}
	if err := os.MkdirAll(filepath.Dir(c.out), 0o755); err != nil {
		return err
	}
	out, err := os.Create(c.out)
	if err != nil {
		return err
	}
	defer out.Close()
	var rows []Row
	for _, n := range c.sizes {
		dir := filepath.Join(data, strconv.Itoa(n))
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		rs, err := runSize(ctx, c, texts, n, dir)
		for _, r := range rs {
			fmt.Fprintf(os.Stderr, "%-8s %7d docs  %8.2f s  %8.1f docs/s\n", r.Stage, r.Docs, r.WallS, r.DocsPerS)
			if eerr := measure.Emit(out, r); eerr != nil {
				return eerr
			}
		}
		rows = append(rows, rs...)
		if err != nil {
			return fmt.Errorf("%d 篇 (docs): %w", n, err)
		}
		os.RemoveAll(dir)
	}
	for _, g := range growth(rows) {
		if err := measure.Emit(out, g); err != nil {
			return err
		}
	}
	printTable(stdout, rows)
	return nil
}

// baseTexts reads every .txt file in the folders as the generator's bases.
func baseTexts(ctx context.Context, dirs []string) ([]string, error) {
	var texts []string
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.txt"))
		if err != nil {
			return nil, err
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
	if len(texts) == 0 {
		return nil, fmt.Errorf("没有基础文本 (no .txt base texts in %s)", strings.Join(dirs, ","))
	}
	return texts, nil
}

// file is one generated input and, once the stages ran, its documents.
type file struct {
	name string
	data []byte
	docs []doc.Document
}

// runSize generates n documents and runs the chosen stages over them.
func runSize(ctx context.Context, c config, texts []string, n int, dir string) ([]Row, error) {
	g, err := synth.New(texts, c.seed)
	if err != nil {
		return nil, err
	}
	files := make([]file, n)
	var mb float64
	for i := range files {
		d := g.Doc(i, c.minR, c.maxR)
		files[i] = file{name: d.Source, data: []byte(d.Text)}
		mb += float64(len(files[i].data)) / 1e6
	}
	var rows []Row
	stage := func(name string, f func(r *Row) error) error {
		if !c.stages[name] {
			return nil
		}
		r := Row{Stage: name, Size: n, Docs: n, MB: mb}
		err := measureStage(&r, f)
		rows = append(rows, r)
		return err
	}
	// read and analyse always run when a later stage needs their output;
	// unchosen ones are just not reported.
	need := func(name string) bool { return c.stages[name] || later(c.stages, name) }

	if need("read") {
		if err := stageOrRun(c, "read", stage, func(r *Row) error { return readAll(ctx, files) }); err != nil {
			return rows, err
		}
	}
	if need("analyse") {
		err := stageOrRun(c, "analyse", stage, func(r *Row) error {
			r.Workers = c.workers
			return analyseAll(ctx, files, c.workers)
		})
		if err != nil {
			return rows, err
		}
	}
	if err := stage("store", func(r *Row) error { return storeAll(ctx, files, filepath.Join(dir, "store"), c.budget, r) }); err != nil {
		return rows, err
	}
	if err := stage("index", func(r *Row) error { return indexAll(ctx, files, filepath.Join(dir, "index"), c.batch, c.budget, r) }); err != nil {
		return rows, err
	}
	if err := stage("reuse", func(r *Row) error { return reuseAll(files, r) }); err != nil {
		return rows, err
	}
	err = stage("addbatch", func(r *Row) error {
		stop, err := startProfile(c.cpuProf)
		if err != nil {
			return err
		}
		err = addBatchAll(ctx, files, filepath.Join(dir, "corpus"), c.batch, c.budget, r)
		stop()
		if err == nil && c.memProf != "" {
			err = writeHeapProfile(c.memProf)
		}
		return err
	})
	return rows, err
}

// later reports whether any stage after name is chosen.
func later(chosen map[string]bool, name string) bool {
	seen := false
	for _, s := range stageNames {
		if seen && chosen[s] {
			return true
		}
		seen = seen || s == name
	}
	return false
}

// stageOrRun measures f as a stage when it was chosen and just runs it
// otherwise (its output feeds a later stage).
func stageOrRun(c config, name string, stage func(string, func(*Row) error) error, f func(*Row) error) error {
	if c.stages[name] {
		return stage(name, f)
	}
	return f(&Row{})
}

// measureStage runs f between the process measurements and fills r.
func measureStage(r *Row, f func(r *Row) error) error {
	runtime.GC()
	r.RSSBeforeMB = rssMB()
	cpu := cpuSeconds()
	s := startSampler(rssMB, 100*time.Millisecond)
	t := time.Now()
	err := f(r)
	r.WallS = time.Since(t).Seconds()
	r.CPUS = cpuSeconds() - cpu
	r.RSSPeakMB = s.Stop()
	r.HeapMB = heapMB()
	runtime.KeepAlive(r.keep)
	r.keep = nil
	r.finish()
	return err
}

func readAll(ctx context.Context, files []file) error {
	for i := range files {
		ds, err := ingest.Read(ctx, files[i].name, bytes.NewReader(files[i].data), ingest.Options{})
		if err != nil {
			return fmt.Errorf("读取失败 (read) %s: %w", files[i].name, err)
		}
		files[i].docs = ds
	}
	return nil
}

// analyseAll runs nlp.Analyze over every document with the given number of
// workers, each taking the next file.
func analyseAll(ctx context.Context, files []file, workers int) error {
	var next int
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if stop || i >= len(files) {
					return
				}
				for k := range files[i].docs {
					if err := nlp.Analyze(ctx, &files[i].docs[k]); err != nil {
						mu.Lock()
						first = cmpErr(first, err)
						mu.Unlock()
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// copyDocs gives a stage its own slice of a file's documents: the store
// and AddBatch write ids into what they are given.
func copyDocs(ds []doc.Document) []doc.Document {
	return append([]doc.Document(nil), ds...)
}

func storeAll(ctx context.Context, files []file, dir string, budget time.Duration, r *Row) error {
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		return err
	}
	bud := newBudget(budget, r)
	done := 0
	for ; done < len(files) && !bud.over(); done++ {
		f := files[done]
		if _, err := st.Put(ctx, f.data, f.name, copyDocs(f.docs)); err != nil {
			st.Close()
			return err
		}
	}
	r.Docs, r.MB = done, textMB(files[:done])
	err = st.Close()
	r.DiskMB = diskMB(dir)
	return err
}

// indexAll puts the documents into a fresh bleve index in batches of
// batch files (the entries one AddBatch hands the index), then closes it
// so that the time includes persisting what was batched.
func indexAll(ctx context.Context, files []file, dir string, batch int, budget time.Duration, r *Row) error {
	ix, err := search.Open(ctx, dir, nil, nil)
	if err != nil {
		return err
	}
	bud := newBudget(budget, r)
	done := 0
	for done < len(files) && !bud.over() {
		end := min(done+batch, len(files))
		var entries []corpus.Entry
		for _, f := range files[done:end] {
			for k, d := range f.docs {
				if d.ID == "" {
					d.ID = fmt.Sprintf("%s-%d", f.name, k+1)
				}
				entries = append(entries, corpus.Entry{Doc: d})
			}
		}
		if err := ix.Put(ctx, entries); err != nil {
			ix.Close()
			return err
		}
		done = end
	}
	r.Docs, r.MB = done, textMB(files[:done])
	err = ix.Close()
	r.DiskMB = diskMB(dir)
	return err
}

// budget stops a slow stage after its time limit: the stage then reports
// the prefix it processed.
type budget struct {
	limit time.Duration
	start time.Time
	r     *Row
}

func newBudget(limit time.Duration, r *Row) *budget {
	return &budget{limit: limit, start: time.Now(), r: r}
}

// over reports whether the time is up, marking the row as a prefix.
func (b *budget) over() bool {
	if b.limit <= 0 || time.Since(b.start) <= b.limit {
		return false
	}
	b.r.Prefix = true
	b.r.Note = fmt.Sprintf("stopped at the %s budget", b.limit)
	return true
}

// textMB is the size of the files' bytes in MB.
func textMB(files []file) float64 {
	var n int
	for _, f := range files {
		n += len(f.data)
	}
	return float64(n) / 1e6
}

// reuseAll adds every document to a fresh reuse index. The index is kept
// alive (r.keep) until the heap is read, so HeapMB shows what it holds.
func reuseAll(files []file, r *Row) error {
	ix := reuse.New(reuse.Options{})
	docs := make([]doc.Document, 0, len(files))
	for i := range files {
		for k, d := range files[i].docs {
			if d.ID == "" {
				d.ID = fmt.Sprintf("%s-%d", files[i].name, k+1)
			}
			docs = append(docs, d)
		}
	}
	for i := range docs {
		ix.Add(&docs[i])
	}
	r.keep = ix
	return nil
}

// addBatchAll runs corpus.AddBatch over the files in batches on a fresh
// corpus, as planmine ingest does, until the files or the budget run out.
func addBatchAll(ctx context.Context, files []file, dir string, batch int, budget time.Duration, r *Row) error {
	c, err := corpus.Open(ctx, dir, corpus.Options{OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex})
	if err != nil {
		return err
	}
	bud := newBudget(budget, r)
	done := 0
	for done < len(files) && !bud.over() {
		end := min(done+batch, len(files))
		fs := make([]corpus.File, 0, end-done)
		for _, f := range files[done:end] {
			fs = append(fs, corpus.File{Name: f.name, Original: f.data, Docs: copyDocs(f.docs)})
		}
		_, errs, err := c.AddBatch(ctx, fs)
		if err == nil {
			for _, e := range errs {
				err = cmpErr(err, e)
			}
		}
		if err != nil {
			c.Close()
			return err
		}
		done = end
	}
	r.Docs, r.MB = done, textMB(files[:done])
	err = c.Close()
	r.DiskMB = diskMB(dir)
	return err
}

func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.WriteHeapProfile(f)
}
