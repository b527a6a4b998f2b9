package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/planmine/planmine/api"
	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/backend"
	"github.com/planmine/planmine/corpus/export"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/ingest"
)

const defaultDataDir = "./planmine-data"

// storeFlag is the --data and --db flags of a command that opens a corpus.
type storeFlag struct {
	fs   *flag.FlagSet
	e    env
	data *string
	db   *string
}

// dataFlag registers --data (PLANMINE_DATA) and --db (PLANMINE_DB).
func dataFlag(fs *flag.FlagSet, e env) *storeFlag {
	return &storeFlag{
		fs:   fs,
		e:    e,
		data: fs.String("data", envDefault(e.getenv, "PLANMINE_DATA", defaultDataDir), "数据目录；用 --db postgres://… 时存放本机的检索索引 (data directory; with --db postgres://… this replica's search index)"),
		db:   fs.String("db", e.getenv("PLANMINE_DB"), "数据库地址：postgres://… 或 sqlite:目录，默认用 --data 的目录 (database URL: postgres://… or sqlite:DIR; default the --data directory)"),
	}
}

// target resolves the flags (after parse): --data alone is the embedded
// store in that directory, as always; --db names the database.
func (s *storeFlag) target() (backend.Target, error) {
	dir := *s.data
	if *s.db != "" && !s.dataSet() {
		dir = "" // the URL's directory, or a cache folder for PostgreSQL
	}
	t, err := backend.Parse(*s.db, dir)
	if err != nil {
		return backend.Target{}, usageError{err.Error()}
	}
	return t, nil
}

// dataSet reports whether --data or PLANMINE_DATA was given.
func (s *storeFlag) dataSet() bool {
	set := strings.TrimSpace(s.e.getenv("PLANMINE_DATA")) != ""
	s.fs.Visit(func(f *flag.Flag) { set = set || f.Name == "data" })
	return set
}

// embeddedDir is the data directory of a command that works on the
// embedded store's files only (backup, restore, recover).
func (s *storeFlag) embeddedDir(cmd string) (string, error) {
	t, err := s.target()
	if err != nil {
		return "", err
	}
	if t.Postgres() {
		return "", usageError{fmt.Sprintf("%s 只适用于内置存储（数据目录）；PostgreSQL 数据库请用 pg_dump / pg_restore 备份和恢复 (%s works on the embedded store only; back up and restore a PostgreSQL database with pg_dump / pg_restore): %s", cmd, cmd, t)}
	}
	return t.Dir, nil
}

// openExisting opens the corpus of a command that only works on one that
// exists (search, reindex, delete): a mistyped --data must not create an
// empty store and answer as if it were empty.
func openExisting(ctx context.Context, e env, s *storeFlag) (*corpus.Corpus, error) {
	t, err := s.target()
	if err != nil {
		return nil, err
	}
	if !t.Postgres() {
		if err := existingData(t.Dir); err != nil {
			return nil, err
		}
	}
	return openTarget(ctx, e, t)
}

// openExistingStore is openExisting for the commands that read only the
// store (targets, report, pairs): they skip the search index, its repair
// and the segmenter, and run beside a serve that holds the index.
func openExistingStore(ctx context.Context, e env, s *storeFlag) (*corpus.Corpus, error) {
	t, err := s.target()
	if err != nil {
		return nil, err
	}
	if !t.Postgres() {
		if err := existingData(t.Dir); err != nil {
			return nil, err
		}
	}
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c, err := backend.OpenStore(ctx, t, lg)
	if err != nil {
		return nil, openError(t, err)
	}
	return c, nil
}

// existingData says why dir holds no planmine data, or nil.
func existingData(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, sqlite.DBName)); err != nil {
		if _, derr := os.Stat(dir); derr != nil {
			return fmt.Errorf("数据目录不存在 (data directory does not exist): %s\n先用 planmine ingest --data %s 文件… 导入文件 (ingest files first), 或用 --data / PLANMINE_DATA 指定已有的数据目录 (or name an existing one)", dir, dir)
		}
		// Originals or an index without a database: lost, not new.
		if cerr := sqlite.Check(context.Background(), dir); cerr != nil {
			return cerr
		}
		return fmt.Errorf("目录中没有 planmine 数据 (no planmine store in this directory): %s\n用 --data / PLANMINE_DATA 指定 planmine ingest 或 serve 用过的数据目录 (name the data directory planmine ingest or serve used)", dir)
	}
	return nil
}

// openCorpus opens (creating if needed) the corpus, reporting an index
// rebuild as progress.
func openCorpus(ctx context.Context, e env, s *storeFlag) (*corpus.Corpus, error) {
	t, err := s.target()
	if err != nil {
		return nil, err
	}
	return openTarget(ctx, e, t)
}

func openTarget(ctx context.Context, e env, t backend.Target) (*corpus.Corpus, error) {
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	prog := newProgress(e.stderr, "重建索引 (rebuilding index)")
	c, err := backend.Open(ctx, t, lg, func(done, total int) { prog.count(done, total) })
	prog.done()
	if err != nil {
		return nil, openError(t, err)
	}
	return c, nil
}

// openError says which corpus failed to open. A lost or damaged embedded
// store's error already names the data dir and what to run.
func openError(t backend.Target, err error) error {
	if errors.Is(err, corpus.ErrStoreLost) || errors.Is(err, corpus.ErrStoreDamaged) {
		return err
	}
	if t.Postgres() {
		return fmt.Errorf("打开数据库失败 (open database) %s: %w", t, err)
	}
	return fmt.Errorf("打开数据目录失败 (open data dir) %s: %w", t.Dir, err)
}

func cmdIngest(ctx context.Context, e env, args []string) error {
	fs := newFlags("ingest", e.stderr)
	data := dataFlag(fs, e)
	learn := fs.Bool("learn-chrome", true, "先通读本批文件，学习反复出现的网站杂项行再导入 (read the batch once first to learn site chrome recurring across its files)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError{"ingest 需要至少一个路径 (needs at least one PATH)"}
	}
	c, err := openCorpus(ctx, e, data)
	if err != nil {
		return err
	}
	defer c.Close()
	// It serves no search: on a shared store its index takes other
	// replicas' documents when next opened.
	c.DeferFollow()
	defer memoryLimit(e.getenv, ingestMemory)()
	var files, docs, dups, failed int
	warned := false
	prog := newProgress(e.stderr, "导入 (ingest)")
	prog.plain = plainEvery
	if n, err := ingest.Count(ctx, paths); err == nil {
		prog.setTotal(n)
	}
	// fail prints one failure; msg names the file (ingest's errors start
	// with the name, as upload results do).
	fail := func(name, msg string) {
		failed++
		prog.clear()
		if !strings.HasPrefix(msg, name) {
			msg = name + ": " + msg
		}
		fmt.Fprintf(e.stderr, "失败 (failed) %s\n", msg)
	}
	// One pipeline for every way files come in (corpus/importer): files
	// are read and analysed on every core while the previous batch is
	// stored, each file durable on its own, one index and reuse update per
	// batch. A full disk stops the run, and the error says what to do.
	done := func(r importer.Result) error {
		switch {
		case r.Err != nil && corpus.IsNoSpace(r.Err):
			return diskFull{r.Err}
		case r.Err != nil && r.Docs == nil:
			fail(r.Name, r.Err.Error())
		case r.Err != nil:
			// The store's detail (SQL, paths) is not for the user.
			fail(r.Name, r.Name+": "+api.StoreErrorMessage(r.Err))
		case r.Duplicate:
			files++
			dups++
			prog.clear()
			fmt.Fprintf(e.stdout, "重复 (duplicate) %s：%s\n", r.Name, duplicateOf(ctx, c, r.IDs))
		default:
			files++
			docs += len(r.IDs)
			if !prog.tty {
				fmt.Fprintf(e.stdout, "已导入 (ingested) %s → %d 篇文档 (documents)\n", r.Name, len(r.IDs))
			}
		}
		if r.BatchErr != nil && !warned {
			warned = true
			prog.clear()
			fmt.Fprintf(e.stderr, "警告 (warning): %s\n", api.IndexErrorMessage)
		}
		prog.step(r.Name)
		return nil
	}
	opt := importer.Options{Done: done}
	if e.getenv("PLANMINE_INGEST_TRACE") != "" {
		// One line per batch on stderr: where the pipeline waits.
		opt.Trace = slog.New(slog.NewTextHandler(e.stderr, nil))
		c.ObserveBatches(func(bt corpus.BatchTimes) {
			opt.Trace.Info("stages", "docs", bt.Docs, "store", bt.Store.Round(time.Millisecond),
				"reuse", bt.Reuse.Round(time.Millisecond), "index", bt.Index.Round(time.Millisecond))
		})
	}
	err = importer.Run(ctx, c, opt, func(yield func(ingest.File) error) error {
		return readBatch(ctx, e, paths, *learn, yield)
	})
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

// diskFull stops planmine ingest when the data directory's disk is full.
type diskFull struct{ err error }

func (d diskFull) Error() string {
	detail := d.err.Error()
	var se *corpus.SpaceError
	if !errors.As(d.err, &se) {
		detail = corpus.ErrNoSpace.Error()
	}
	return "磁盘已满，导入已停止 (the disk is full; ingest stopped): " + detail +
		"\n已导入的文件完好；释放空间后重新运行同一命令即可继续，已导入的文件会作为重复跳过 (files stored so far are intact; free some space and run the same command again — they are skipped as duplicates)"
}

func (d diskFull) Unwrap() error { return d.err }

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
	c, err := openExisting(ctx, e, data)
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

func cmdTargets(ctx context.Context, e env, args []string) error {
	fs := newFlags("targets", e.stderr)
	data := dataFlag(fs, e)
	t := targetFlags(fs)
	format, output := t.format, t.output
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("targets 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	fs.Visit(func(fl *flag.Flag) { t.set[fl.Name] = true })
	f, err := t.check(e)
	if err != nil {
		return err
	}
	c, err := openExistingStore(ctx, e, data)
	if err != nil {
		return err
	}
	defer c.Close()
	f.Limit = -1
	rows, total, err := t.rows(ctx, c, f)
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
		err = t.table(w, rows)
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

func cmdReindex(ctx context.Context, e env, args []string) error {
	fs := newFlags("reindex", e.stderr)
	data := dataFlag(fs, e)
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{fmt.Sprintf("reindex 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	c, err := openExisting(ctx, e, data)
	if err != nil {
		return err
	}
	defer c.Close()
	// Reuse first, all at once, into the store; then the search index is
	// rebuilt from the store and so carries the new scores.
	rprog := newProgress(e.stderr, "重算查重 (reuse)")
	iprog := newProgress(e.stderr, "重建索引 (reindex)")
	rprog.plain, iprog.plain = plainEvery, plainEvery
	reuseDone := false
	endReuse := func() {
		if !reuseDone {
			rprog.done()
			reuseDone = true
		}
	}
	err = c.Rebuild(ctx, func(done, total int) { rprog.count(done, total) }, func(done, total int) {
		endReuse()
		iprog.count(done, total)
	})
	endReuse()
	iprog.done()
	if err != nil {
		return err
	}
	n, err := c.Store.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "索引与查重结果已重建：%d 篇文档 (index and reuse rebuilt: %d documents)\n", n, n)
	return nil
}

// duplicateOf names the stored document a duplicate file is the same file
// as: "与已存文档相同 (same file as stored) a.zip/x.txt 第1篇 (part 1) [id]".
func duplicateOf(ctx context.Context, c *corpus.Corpus, ids []string) string {
	if len(ids) == 0 {
		return "与已存文件相同 (same file as one already stored)"
	}
	d, err := c.Get(ctx, ids[0])
	if err != nil {
		return fmt.Sprintf("与已存文档相同 (same file as stored) [%s]", ids[0])
	}
	more := ""
	if len(ids) > 1 {
		more = fmt.Sprintf("，共 %d 篇 (%d parts)", len(ids), len(ids))
	}
	return fmt.Sprintf("与已存文档相同 (same file as stored) %s 第%d篇 (part %d) [%s]%s", d.Source, d.Part, d.Part, d.ID, more)
}

func cmdDelete(ctx context.Context, e env, args []string) error {
	fs := newFlags("delete", e.stderr)
	data := dataFlag(fs, e)
	ids, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return usageError{"delete 需要至少一个文档 id (needs at least one document ID), e.g. planmine delete --data DIR 0123456789abcdef-1"}
	}
	c, err := openExisting(ctx, e, data)
	if err != nil {
		return err
	}
	defer c.Close()
	var missing []string
	for _, id := range ids {
		d, err := c.Get(ctx, id)
		if errors.Is(err, corpus.ErrNotFound) {
			missing = append(missing, id)
			fmt.Fprintf(e.stderr, "文档不存在，未删除 (no such document; nothing deleted): %s\n", id)
			continue
		}
		if err != nil {
			return err
		}
		// Store, search index and reuse results, as DELETE /api/v1/documents/{id}.
		if err := c.Delete(ctx, id); err != nil {
			return fmt.Errorf("删除失败 (delete failed) %s: %w", id, err)
		}
		fmt.Fprintf(e.stdout, "已删除 (deleted) %s：%s（%s 第%d篇 part %d）\n", id, d.Title, d.Source, d.Part, d.Part)
	}
	if len(missing) > 0 {
		return fmt.Errorf("%d 个文档 id 不存在 (%d document id(s) not found): %s", len(missing), len(missing), strings.Join(missing, " "))
	}
	return nil
}
