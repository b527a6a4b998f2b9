package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/export"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

const defaultDataDir = "./planmine-data"

// dataFlag registers --data with its PLANMINE_DATA fallback.
func dataFlag(fs interface {
	String(name, value, usage string) *string
}, e env) *string {
	return fs.String("data", envDefault(e.getenv, "PLANMINE_DATA", defaultDataDir), "数据目录 (data directory)")
}

// openCorpus opens the data directory, reporting an index rebuild as progress.
func openCorpus(ctx context.Context, e env, dir string) (*corpus.Corpus, error) {
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	prog := newProgress(e.stderr, "重建索引 (rebuilding index)")
	c, err := local.Open(ctx, dir, lg, func(done, total int) { prog.count(done, total) })
	prog.done()
	if err != nil {
		return nil, fmt.Errorf("打开数据目录失败 (open data dir) %s: %w", dir, err)
	}
	return c, nil
}

func cmdIngest(ctx context.Context, e env, args []string) error {
	fs := newFlags("ingest", e.stderr)
	data := dataFlag(fs, e)
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError{"ingest 需要至少一个路径 (needs at least one PATH)"}
	}
	c, err := openCorpus(ctx, e, *data)
	if err != nil {
		return err
	}
	defer c.Close()
	var files, docs, dups, failed int
	var mu sync.Mutex // counters and terminal output: the storer runs beside the walk
	prog := newProgress(e.stderr, "导入 (ingest)")
	// Files are stored one by one (each durable on its own) and indexed in
	// batches: one index and reuse update per batchFiles files keeps bulk
	// ingest off the search index's segment merges. 256 rather than 32:
	// 1,000 mixed files took 63 s instead of 140 s (CPU 77 s instead of
	// 131 s), peak RSS 1.45 GB instead of 1.15 GB.
	const batchFiles = 256
	store := func(batch []corpus.File) error {
		res, errs, err := c.AddBatch(ctx, batch)
		mu.Lock()
		defer mu.Unlock()
		for i, f := range batch {
			switch {
			case errs[i] != nil:
				failed++
				prog.clear()
				fmt.Fprintf(e.stderr, "失败 (failed) %s: %v\n", f.Name, errs[i])
			case res[i].Duplicate:
				files++
				dups++
				if !prog.tty {
					fmt.Fprintf(e.stdout, "重复 (duplicate) %s\n", f.Name)
				}
			default:
				files++
				docs += len(res[i].IDs)
				if !prog.tty {
					fmt.Fprintf(e.stdout, "已导入 (ingested) %s → %d 篇文档 (documents)\n", f.Name, len(res[i].IDs))
				}
			}
			prog.step(f.Name)
		}
		if err != nil {
			prog.clear()
			fmt.Fprintf(e.stderr, "警告 (warning): %v\n", err)
		}
		return ctx.Err()
	}
	// A pipeline of two: the walk reads and analyses the next batch while
	// the storer writes the previous one (store, reuse, index), so both
	// cores work. At most one batch waits, which bounds memory.
	batches := make(chan []corpus.File, 1)
	storeErr := make(chan error, 1)
	go func() {
		var first error
		for batch := range batches {
			if first == nil {
				first = store(batch)
			}
		}
		storeErr <- first
	}()
	var pending []corpus.File
	err = ingest.WalkFiles(ctx, paths, ingest.Options{}, func(f ingest.File) error {
		if f.Err != nil {
			mu.Lock()
			failed++
			prog.clear()
			fmt.Fprintf(e.stderr, "失败 (failed) %s: %v\n", f.Name, f.Err)
			mu.Unlock()
			return nil
		}
		for i := range f.Docs {
			if err := nlp.Analyze(ctx, &f.Docs[i]); err != nil {
				return err
			}
		}
		pending = append(pending, corpus.File{Name: f.Name, Original: f.Data, Docs: f.Docs})
		if len(pending) >= batchFiles {
			select {
			case batches <- pending:
			case <-ctx.Done():
				return ctx.Err()
			}
			pending = nil
		}
		return nil
	})
	if err == nil && len(pending) > 0 {
		batches <- pending
	}
	close(batches)
	if serr := <-storeErr; err == nil {
		err = serr
	}
	prog.done()
	fmt.Fprintf(e.stdout, "完成 (done): 导入 %d 个文件、%d 篇文档 (files, documents ingested)，重复 %d (duplicates)，失败 %d (failed)\n",
		files-dups, docs, dups, failed)
	if err != nil {
		return err
	}
	if failed > 0 {
		return inputsFailed{failed}
	}
	return nil
}

func cmdSearch(ctx context.Context, e env, args []string) error {
	fs := newFlags("search", e.stderr)
	data := dataFlag(fs, e)
	asJSON := fs.Bool("json", false, "输出 JSON (print JSON)")
	limit := fs.Int("limit", 10, "最多返回条数 (max hits)")
	offset := fs.Int("offset", 0, "跳过条数 (skip hits)")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usageError{"search 需要查询词 (needs a QUERY), e.g. planmine search 三会一课 type:plan"}
	}
	c, err := openCorpus(ctx, e, *data)
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := c.Search(ctx, corpus.Query{Q: strings.Join(words, " "), Limit: *limit, Offset: *offset, NoFacets: !*asJSON})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "共 %d 条结果 (hits)\n", res.Total)
	for i, h := range res.Hits {
		fmt.Fprintf(e.stdout, "%d. %s  [%s]  %.2f\n", *offset+i+1, h.Title, h.Source, h.Score)
		for _, hl := range h.Highlights {
			hl = strings.NewReplacer("<mark>", "【", "</mark>", "】").Replace(hl)
			fmt.Fprintf(e.stdout, "     %s\n", strings.ReplaceAll(hl, "\n", " "))
		}
	}
	return nil
}

// targetFlagUsage documents the filter flags; tracker.ParseFilter reads
// them, as it reads the API's parameters, so Chinese values work in both.
var targetFlagUsage = map[string]string{
	"metric": "指标包含 (metric contains)",
	"unit":   "单位 (unit)",
	"cmp":    "比较：不少于 不超过 超过 少于 约 范围 等于，或 >= <= > < ~ range = (comparator)",
	"min":    "数值下限，如 5、1万 (value >= min)",
	"max":    "数值上限，如 100、2.5亿 (value <= max)",
	"period": "周期，如 每季度 (period)",
	"kind":   "计划 或 完成 (plan|achieved)",
	"year":   "年份，如 2025 或 2025年 (year)",
	"org":    "机构包含 (org contains)",
	"type":   "文种：计划 总结 方案 经验材料 报告 通知 其他 (doc type)",
	"doc":    "文档 id (document id)",
	"status": "完成情况：已完成 未完成 未报告 无法比较 (follow-up status of plan targets)",
}

func cmdTargets(ctx context.Context, e env, args []string) error {
	fs := newFlags("targets", e.stderr)
	data := dataFlag(fs, e)
	format := fs.String("format", "", "输出格式 table|csv|xlsx|json；默认终端显示表格，否则按 --output 扩展名，再否则 csv (output format)")
	output := fs.String("output", "", "输出文件，或目录（按筛选条件与日期命名）；默认标准输出 (output file or folder; default stdout)")
	vals := map[string]*string{}
	for _, k := range tracker.Keys {
		vals[k] = fs.String(k, "", targetFlagUsage[k])
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("targets 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	f, err := tracker.ParseFilter(func(k string) string { return *vals[k] })
	if err != nil {
		return usageError{err.Error()}
	}
	toDir := false
	if *output != "" {
		if st, err := os.Stat(*output); err == nil && st.IsDir() {
			toDir = true
		}
	}
	if *format == "" {
		switch ext := strings.ToLower(filepath.Ext(*output)); {
		case *output == "" && isTerminal(e.stdout):
			*format = "table"
		case !toDir && (ext == ".xlsx" || ext == ".json" || ext == ".csv"):
			*format = ext[1:]
		default:
			*format = "csv"
		}
	}
	switch *format {
	case "table", "csv", "xlsx", "json":
	default:
		return usageError{fmt.Sprintf("未知格式 (unknown format) %q: table|csv|xlsx|json", *format)}
	}
	if *format == "xlsx" && *output == "" && isTerminal(e.stdout) {
		return usageError{"xlsx 需要 --output 文件 (xlsx needs --output FILE when stdout is a terminal)"}
	}
	c, err := openCorpus(ctx, e, *data)
	if err != nil {
		return err
	}
	defer c.Close()
	f.Limit = -1

	if toDir {
		ext := *format
		if ext == "table" {
			ext = "txt"
		}
		name, _ := tracker.FileName(f, ext, time.Now())
		*output = filepath.Join(*output, name)
	}
	rows, total, err := tracker.Rows(ctx, c, f)
	if err != nil {
		return err
	}
	var w io.Writer = e.stdout
	if *output != "" {
		file, err := os.Create(*output)
		if err != nil {
			return fmt.Errorf("无法写入 (cannot write) %s: %w", *output, err)
		}
		defer file.Close()
		w = file
	}
	switch *format {
	case "table":
		if err = export.Table(w, rows); err == nil {
			fmt.Fprintln(w, statusSummary(rows))
		}
	case "xlsx":
		err = export.XLSX(w, rows)
	case "json":
		err = export.JSON(w, total, rows)
	default:
		err = export.CSV(w, rows)
	}
	if err != nil {
		return err
	}
	if *output != "" {
		fmt.Fprintf(e.stderr, "已导出 %d 条目标到 %s (targets exported)\n", len(rows), *output)
	}
	return nil
}

// statusSummary counts the rows and the follow-up statuses of the plans:
// 共 16 条；计划 16 条：已完成 7、未完成 2、未报告 5、无法比较 2.
func statusSummary(rows []corpus.TargetRow) string {
	n := map[string]int{}
	plans := 0
	for _, r := range rows {
		if r.Followup != nil {
			plans++
			n[r.Followup.Status]++
		}
	}
	var parts []string
	for _, s := range []string{followup.Met, followup.NotMet, followup.NotReported, followup.Incomparable} {
		parts = append(parts, fmt.Sprintf("%s %d", tracker.StatusLabel(s), n[s]))
	}
	return fmt.Sprintf("共 %d 条 (targets)；计划 %d 条 (plans)：%s", len(rows), plans, strings.Join(parts, "、"))
}

func cmdReindex(ctx context.Context, e env, args []string) error {
	fs := newFlags("reindex", e.stderr)
	data := dataFlag(fs, e)
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{fmt.Sprintf("reindex 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	c, err := openCorpus(ctx, e, *data)
	if err != nil {
		return err
	}
	defer c.Close()
	prog := newProgress(e.stderr, "重建索引 (reindex)")
	if err := c.Reindex(ctx, func(done, total int) { prog.count(done, total) }); err != nil {
		return err
	}
	prog.done()
	// Full reuse analysis of every document: uploads keep older documents'
	// reuse scores as lower bounds, this brings them up to date.
	if err := c.RefreshReuse(ctx); err != nil {
		return err
	}
	n, err := c.Store.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "索引与查重结果已重建：%d 篇文档 (index and reuse rebuilt: %d documents)\n", n, n)
	return nil
}
