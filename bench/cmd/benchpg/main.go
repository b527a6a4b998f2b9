// Command benchpg measures the PostgreSQL backend beside the embedded one
// on the same synthetic corpus (the documents and query sets of the
// embedded search benchmark, BenchmarkSearch):
//
//  1. it generates -n documents, stores them in an embedded data directory
//     through the store's Put (one file each), builds its search index
//     (OpenIndex) and computes every reuse pair at once (RefreshReuse: the
//     pairs sequential ingest stores), then copies it all into PostgreSQL
//     with the migrate path (`planmine migrate`);
//  2. per backend, in a child process of its own (so RSS is that side's):
//     opens the corpus on an empty index folder (on PostgreSQL a new
//     replica: index built from the database, change log followed; on the
//     embedded store the same rebuild from SQLite) and times it to ready,
//     the first reuse query included (it loads the reuse postings);
//  3. search latency per query kind through corpus.Corpus.Search, list
//     and target queries the store answers, and one-document reuse
//     queries through the upload path (Add of one file; Delete after).
//
// It prints a table and writes JSON (-out). PostgreSQL is -dsn (or
// PLANMINE_PG_DSN), else a throw-away server from Debian's PostgreSQL 15
// binaries (internal/pgtest).
//
//	go run ./bench/cmd/benchpg -n 10000
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/backend"
	"github.com/planmine/planmine/corpus/migrate"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/searchbench"
	"github.com/planmine/planmine/internal/shared"
)

type config struct {
	N          int
	Work       string
	DSN        string
	Fixtures   string
	Seeds      string
	Runs       int
	ListRuns   int
	Queries    int
	Pairs      bool
	RebuildEmb bool
	Seed       int64
	Load       string   // migrate | direct
	Sides      []string // embedded, postgres
	Workers    int      // parallel Puts of the direct load
	Planmine   string   // planmine binary for the HTTP path; "" skips it
	PGPid      int      // the PostgreSQL server's process group when benchpg started it
	KeepIndex  bool     // the postgres side keeps its index folder from an earlier run
}

// loadResult is the bulk load (step 1).
type loadResult struct {
	Skipped      bool    `json:"skipped,omitempty"` // the data were there from an earlier run
	GenSec       float64 `json:"gen_sec"`
	PutSec       float64 `json:"put_sec"` // embedded store, Put per file
	PutCPUSec    float64 `json:"put_cpu_sec"`
	IndexSec     float64 `json:"index_sec"` // embedded index built from SQLite
	IndexCPUSec  float64 `json:"index_cpu_sec"`
	PairsSec     float64 `json:"pairs_sec"` // RefreshReuse
	PairsCPUSec  float64 `json:"pairs_cpu_sec"`
	MigrateSec   float64 `json:"migrate_sec"` // into PostgreSQL
	MigrateCPU   float64 `json:"migrate_cpu_sec"`
	Pairs        int     `json:"pairs"`
	TextMB       float64 `json:"text_mb"`
	EmbeddedDBMB float64 `json:"embedded_dir_mb"`
	PGDBMB       float64 `json:"pg_db_mb"`
	PeakMB       float64 `json:"peak_mb"`
}

// sideResult is what a child process measured on one backend.
type sideResult struct {
	Backend      string             `json:"backend"`
	Docs         int                `json:"docs"`
	OpenSec      float64            `json:"open_sec"` // Open on an empty index folder: index built, log followed
	OpenCPUSec   float64            `json:"open_cpu_sec"`
	OpenDBCPUSec float64            `json:"open_db_cpu_sec"` // the PostgreSQL server's, meanwhile
	FirstReuseMS float64            `json:"first_reuse_ms"`  // first upload: loads the reuse postings
	ReadySec     float64            `json:"ready_sec"`       // OpenSec + FirstReuseMS
	RSSReadyMB   float64            `json:"rss_ready_mb"`
	PeakMB       float64            `json:"peak_mb"`
	IndexMB      float64            `json:"index_mb"`
	Search       map[string]latency `json:"search"`
	Lists        map[string]latency `json:"lists"`
	Reuse        reuseResult        `json:"reuse"`
	HTTP         *httpResult        `json:"http,omitempty"`
}

type reuseResult struct {
	Queries     int     `json:"queries"`
	AddMedianMS float64 `json:"add_median_ms"` // Add of one file: store, reuse, index
	AddMaxMS    float64 `json:"add_max_ms"`
	CPUMedianMS float64 `json:"cpu_median_ms"`
	DBCPUMeanMS float64 `json:"db_cpu_mean_ms"` // the PostgreSQL server's, per upload
	DelMedianMS float64 `json:"delete_median_ms"`
	Found       int     `json:"found"` // queries whose copied source was among the pairs
	// The upload's stages (corpus.BatchTimes), medians: the write lock with
	// catching up, store, the reuse query of the new document, index.
	LockMedianMS  float64 `json:"lock_median_ms"`
	StoreMedianMS float64 `json:"store_median_ms"`
	ReuseMedianMS float64 `json:"reuse_median_ms"`
	ReuseMaxMS    float64 `json:"reuse_max_ms"`
	IndexMedianMS float64 `json:"index_median_ms"`
}

func main() {
	var cfg config
	flag.IntVar(&cfg.N, "n", 10000, "合成文档数 (synthetic documents)")
	flag.StringVar(&cfg.Work, "work", "", "工作目录 (work folder; default $TMPDIR/benchpg-N); 已有同样 N 的数据则复用 (data of the same N are reused)")
	flag.StringVar(&cfg.DSN, "dsn", os.Getenv(pgtest.EnvDSN), "PostgreSQL 地址；空则启动临时服务器 (database URL; empty: start a throw-away server)")
	flag.StringVar(&cfg.Fixtures, "fixtures", "corpus/testdata/docs.json", "已分析的夹具 (analysed fixtures)")
	flag.StringVar(&cfg.Seeds, "seeds", filepath.Join(shared.Dir(), "corpus", "seeds"), "种子文本目录 (seed texts)")
	flag.IntVar(&cfg.Runs, "runs", 300, "每类搜索查询次数 (search queries per kind)")
	flag.IntVar(&cfg.ListRuns, "list-runs", 50, "每类列表查询次数 (list queries per kind)")
	flag.IntVar(&cfg.Queries, "queries", 20, "单文档查重次数 (one-document reuse queries)")
	flag.BoolVar(&cfg.Pairs, "pairs", true, "计算全部查重对 (compute every reuse pair in the load)")
	flag.BoolVar(&cfg.RebuildEmb, "rebuild-embedded", true, "嵌入式端也从存储重建索引 (the embedded side rebuilds its index from SQLite too)")
	flag.Int64Var(&cfg.Seed, "seed", 1, "随机种子 (random seed)")
	flag.StringVar(&cfg.Load, "load", "migrate", "装载方式 (load path): migrate (嵌入式 Put + 查重对 + planmine migrate) | direct (只装 PostgreSQL：并行 Put，复用分数按 BenchmarkSearch 设定 (PostgreSQL only: parallel Put, reuse scores set as BenchmarkSearch sets them))")
	sides := flag.String("sides", "embedded,postgres", "测量哪几端 (sides to measure)")
	flag.IntVar(&cfg.Workers, "workers", 4, "direct 装载的并行数 (parallel Puts of -load direct)")
	flag.StringVar(&cfg.Planmine, "planmine", "", "planmine 程序：经 HTTP API 再测一遍 (planmine binary: measure the whole path through serve too)")
	out := flag.String("out", "", "JSON 输出 (JSON output; default bench/out/pg-N.json)")
	child := flag.String("child", "", "内部：测量一端 (internal: measure one side: embedded|postgres)")
	dir := flag.String("side-dir", "", "内部：该端数据目录 (internal: the side's data folder)")
	flag.IntVar(&cfg.PGPid, "pg-pid", 0, "内部：PostgreSQL 进程组 (internal: the server's process group)")
	flag.BoolVar(&cfg.KeepIndex, "keep-index", false, "PostgreSQL 端沿用上次的索引目录（只补上变更），不从数据库重建 (the postgres side keeps the index folder of an earlier run and only catches up; no rebuild from the database)")
	flag.Parse()
	cfg.Sides = strings.Split(*sides, ",")
	if cfg.Load == "direct" {
		cfg.Sides = []string{"postgres"}
	}
	if cfg.Work == "" {
		cfg.Work = filepath.Join(os.TempDir(), fmt.Sprintf("benchpg-%d", cfg.N))
	}
	ctx := context.Background()
	if *child != "" {
		res, err := measureSide(ctx, cfg, *child, *dir)
		if err != nil {
			measure.Fatal("benchpg %s: %v", *child, err)
		}
		if err := measure.Emit(os.Stdout, res); err != nil {
			measure.Fatal("benchpg: %v", err)
		}
		return
	}
	if *out == "" {
		*out = filepath.Join("bench", "out", fmt.Sprintf("pg-%d.json", cfg.N))
	}
	if err := run(ctx, cfg, *out); err != nil {
		measure.Fatal("benchpg: %v", err)
	}
}

func run(ctx context.Context, cfg config, out string) error {
	loadStart := loadavg()
	if cfg.DSN == "" {
		srv, err := pgtest.Start(pgtest.BinDir)
		if err != nil {
			return fmt.Errorf("启动 PostgreSQL 失败 (start PostgreSQL): %w", err)
		}
		defer srv.Stop()
		cfg.DSN, cfg.PGPid = srv.DSN, srv.Pid
		fmt.Fprintf(os.Stderr, "PostgreSQL %s in %s\n", backend.Redact(srv.DSN), srv.Dir)
	}
	if err := os.MkdirAll(cfg.Work, 0o755); err != nil {
		return err
	}
	var load loadResult
	var err error
	if cfg.Load == "direct" {
		load, err = loadDirect(ctx, cfg)
	} else {
		load, err = loadAll(ctx, cfg)
	}
	if err != nil {
		return err
	}
	sides := map[string]sideResult{}
	for _, side := range cfg.Sides {
		d := filepath.Join(cfg.Work, "embedded")
		if side == "postgres" {
			d = filepath.Join(cfg.Work, "replica")
			if cfg.KeepIndex {
				fmt.Fprintf(os.Stderr, "postgres: keeping the index in %s\n", d)
			} else if err := os.RemoveAll(d); err != nil {
				return err
			}
		} else if cfg.RebuildEmb {
			if err := os.RemoveAll(filepath.Join(d, "index")); err != nil {
				return err
			}
		}
		res, err := runChild(ctx, cfg, side, d)
		if err != nil {
			return err
		}
		if cfg.Planmine != "" {
			h, err := measureHTTP(ctx, cfg, cfg.Planmine, side, d)
			if err != nil {
				return fmt.Errorf("HTTP %s: %w", side, err)
			}
			res.HTTP = &h
		}
		sides[side] = res
	}
	report := struct {
		Docs      int                   `json:"docs"`
		LoadAvg   [2]string             `json:"loadavg"` // at start and end
		Load      loadResult            `json:"load"`
		Sides     map[string]sideResult `json:"sides"`
		Args      []string              `json:"args"`
		Generated string                `json:"generated"`
	}{cfg.N, [2]string{loadStart, loadavg()}, load, sides, os.Args[1:], time.Now().UTC().Format(time.RFC3339)}
	printTable(os.Stdout, cfg, load, sides, report.LoadAvg)
	b, err := json.MarshalIndent(report, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// loadAll is step 1: the embedded data directory, then PostgreSQL by the
// migrate path. Either is kept when it already holds N documents.
func loadAll(ctx context.Context, cfg config) (loadResult, error) {
	var res loadResult
	lg := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	emb := backend.Target{Dir: filepath.Join(cfg.Work, "embedded")}
	c, err := backend.OpenStore(ctx, emb, lg)
	if err != nil {
		return res, err
	}
	have, err := c.Store.Count(ctx)
	if err != nil {
		c.Close()
		return res, err
	}
	switch {
	case have == cfg.N:
		res.Skipped = true
		fmt.Fprintf(os.Stderr, "reusing %d documents in %s\n", have, emb.Dir)
		c.Close()
	case have != 0:
		c.Close()
		return res, fmt.Errorf("%s 已有 %d 篇，不是 %d (holds %d documents, not %d): remove it", emb.Dir, have, cfg.N, have, cfg.N)
	default:
		if err := loadEmbedded(ctx, cfg, c, &res); err != nil {
			c.Close()
			return res, err
		}
		if err := c.Close(); err != nil {
			return res, err
		}
	}
	res.EmbeddedDBMB = dirMB(emb.Dir)

	src, err := backend.OpenStore(ctx, emb, lg)
	if err != nil {
		return res, err
	}
	defer src.Close()
	dst, err := backend.OpenStore(ctx, backend.Target{DSN: cfg.DSN, Dir: filepath.Join(cfg.Work, "migrate")}, lg)
	if err != nil {
		return res, err
	}
	defer dst.Close()
	pgHave, err := dst.Store.Count(ctx)
	if err != nil {
		return res, err
	}
	if pgHave == cfg.N {
		fmt.Fprintf(os.Stderr, "reusing %d documents in PostgreSQL\n", pgHave)
	} else {
		s, ok1 := src.Store.(migrate.Source)
		d, ok2 := dst.Store.(migrate.Target)
		if !ok1 || !ok2 {
			return res, fmt.Errorf("stores cannot migrate: %T → %T", src.Store, dst.Store)
		}
		t, c0 := time.Now(), processCPU()
		last := time.Now()
		rep, err := migrate.Run(ctx, s, d, migrate.Options{Progress: func(ph string, done, total int) {
			if time.Since(last) > 30*time.Second {
				fmt.Fprintf(os.Stderr, "migrate %s %d/%d\n", ph, done, total)
				last = time.Now()
			}
		}})
		if err != nil {
			return res, err
		}
		res.MigrateSec, res.MigrateCPU = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
		res.Pairs = rep.Verified.Pairs
		fmt.Fprintf(os.Stderr, "migrated %d documents, %d pairs in %.1f s\n", rep.Documents, rep.Verified.Pairs, res.MigrateSec)
	}
	if d, ok := dst.Store.(migrate.Target); ok && res.Pairs == 0 {
		if sum, err := migrate.Summarize(ctx, d, nil, nil); err == nil {
			res.Pairs = sum.Pairs
		}
	}
	res.PGDBMB = pgSizeMB(ctx, cfg.DSN)
	res.PeakMB = measure.ReadMem().PeakMB
	return res, nil
}

// loadEmbedded stores the documents (one Put per file, as ingest does),
// opens the index (built from the store) and computes the reuse pairs.
func loadEmbedded(ctx context.Context, cfg config, c *corpus.Corpus, res *loadResult) error {
	g, err := searchbench.NewGenerator(cfg.Fixtures, cfg.Seeds)
	if err != nil {
		return err
	}
	t := time.Now()
	docs := make([]doc.Document, cfg.N)
	var bytesIn int
	for i := range docs {
		docs[i] = g.Doc(i)
		bytesIn += len(docs[i].Text)
	}
	res.GenSec = time.Since(t).Seconds()
	res.TextMB = float64(bytesIn) / 1e6

	t, c0 := time.Now(), processCPU()
	last := time.Now()
	for i := range docs {
		d := docs[i]
		if _, err := c.Store.Put(ctx, []byte(d.Text), d.Source, []doc.Document{d}); err != nil {
			return fmt.Errorf("存储失败 (put) %s: %w", d.Source, err)
		}
		docs[i] = doc.Document{}
		if time.Since(last) > 30*time.Second {
			fmt.Fprintf(os.Stderr, "put %d/%d\n", i+1, len(docs))
			last = time.Now()
		}
	}
	res.PutSec, res.PutCPUSec = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
	fmt.Fprintf(os.Stderr, "stored %d documents (%.1f MB of text) in %.1f s\n", cfg.N, res.TextMB, res.PutSec)

	t, c0 = time.Now(), processCPU()
	if err := c.OpenIndex(ctx, nil); err != nil {
		return err
	}
	res.IndexSec, res.IndexCPUSec = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
	fmt.Fprintf(os.Stderr, "indexed in %.1f s\n", res.IndexSec)
	if cfg.Pairs {
		t, c0 = time.Now(), processCPU()
		last = time.Now()
		err := c.RefreshReuse(ctx, func(done, total int) {
			if time.Since(last) > 30*time.Second {
				fmt.Fprintf(os.Stderr, "reuse %d/%d\n", done, total)
				last = time.Now()
			}
		})
		if err != nil {
			return err
		}
		res.PairsSec, res.PairsCPUSec = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
		fmt.Fprintf(os.Stderr, "reuse pairs in %.1f s\n", res.PairsSec)
	}
	return nil
}

// runChild measures one side in a process of its own.
func runChild(ctx context.Context, cfg config, side, dir string) (sideResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return sideResult{}, err
	}
	args := []string{"-child", side, "-side-dir", dir, "-n", strconv.Itoa(cfg.N), "-work", cfg.Work,
		"-fixtures", cfg.Fixtures, "-seeds", cfg.Seeds, "-runs", strconv.Itoa(cfg.Runs),
		"-list-runs", strconv.Itoa(cfg.ListRuns), "-queries", strconv.Itoa(cfg.Queries),
		"-seed", strconv.FormatInt(cfg.Seed, 10), "-pg-pid", strconv.Itoa(cfg.PGPid)}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), pgtest.EnvDSN+"="+cfg.DSN)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	fmt.Fprintf(os.Stderr, "measuring %s in %s\n", side, dir)
	if err := cmd.Run(); err != nil {
		return sideResult{}, fmt.Errorf("%s: %w", side, err)
	}
	var res sideResult
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &res); err != nil {
		return sideResult{}, fmt.Errorf("%s: %w: %s", side, err, stdout.String())
	}
	return res, nil
}

// measureSide is steps 2 and 3 on one backend.
func measureSide(ctx context.Context, cfg config, side, dir string) (sideResult, error) {
	res := sideResult{Backend: side, Search: map[string]latency{}, Lists: map[string]latency{}}
	target := backend.Target{Dir: dir}
	if side == "postgres" {
		target.DSN = cfg.DSN
	}
	g, err := searchbench.NewGenerator(cfg.Fixtures, cfg.Seeds)
	if err != nil {
		return res, err
	}
	lg := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	t, c0, d0 := time.Now(), processCPU(), groupCPU(cfg.PGPid)
	last := time.Now()
	c, err := backend.Open(ctx, target, lg, func(done, total int) {
		if time.Since(last) > 30*time.Second {
			fmt.Fprintf(os.Stderr, "%s: index %d/%d\n", side, done, total)
			last = time.Now()
		}
	})
	if err != nil {
		return res, err
	}
	defer c.Close()
	res.OpenSec, res.OpenCPUSec = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
	res.OpenDBCPUSec = (groupCPU(cfg.PGPid) - d0).Seconds()
	if res.Docs, err = c.Store.Count(ctx); err != nil {
		return res, err
	}
	ids, err := c.Store.IDs(ctx)
	if err != nil {
		return res, err
	}
	r := rand.New(rand.NewSource(cfg.Seed))
	// A run's query texts differ from an earlier run's, so an upload is
	// never a duplicate of a file an earlier run left behind.
	tag := time.Now().UnixNano() % 1e9
	first, err := reuseQuery(ctx, c, g, ids, int(tag), r, cfg.PGPid)
	if err != nil {
		return res, err
	}
	res.FirstReuseMS = ms(first.add)
	res.ReadySec = res.OpenSec + first.add.Seconds()
	res.RSSReadyMB = measure.ReadMem().RSSMB
	fmt.Fprintf(os.Stderr, "%s: ready in %.1f s (open %.1f s, first upload %.0f ms)\n", side, res.ReadySec, res.OpenSec, res.FirstReuseMS)

	// PLANMINE_BENCH_QPROF (as in BenchmarkSearch) names a CPU profile of
	// the query phases, one file per side (PATH.SIDE).
	if path := os.Getenv("PLANMINE_BENCH_QPROF"); path != "" {
		f, err := os.Create(path + "." + side)
		if err != nil {
			return res, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return res, err
		}
		defer pprof.StopCPUProfile()
	}
	for _, kind := range searchbench.Kinds {
		r := rand.New(rand.NewSource(42))
		var wall, cpu []time.Duration
		hits := 0
		d0 := groupCPU(cfg.PGPid)
		for k := 0; k < cfg.Runs; k++ {
			q := searchbench.Query(kind, r)
			t, c0 := time.Now(), processCPU()
			sr, err := c.Search(ctx, corpus.Query{Q: q})
			if err != nil {
				return res, fmt.Errorf("search %q: %w", q, err)
			}
			wall, cpu = append(wall, time.Since(t)), append(cpu, processCPU()-c0)
			hits += sr.Total
		}
		l := summarise(wall, cpu, hits)
		l.DBCPUMean = ms(groupCPU(cfg.PGPid)-d0) / float64(cfg.Runs)
		res.Search[kind] = l
	}
	for _, kind := range listKinds {
		r := rand.New(rand.NewSource(43))
		var wall, cpu []time.Duration
		hits := 0
		d0 := groupCPU(cfg.PGPid)
		for k := 0; k < cfg.ListRuns; k++ {
			t, c0 := time.Now(), processCPU()
			n, err := listQuery(ctx, c, kind, r)
			if err != nil {
				return res, fmt.Errorf("list %s: %w", kind, err)
			}
			wall, cpu = append(wall, time.Since(t)), append(cpu, processCPU()-c0)
			hits += n
		}
		l := summarise(wall, cpu, hits)
		l.DBCPUMean = ms(groupCPU(cfg.PGPid)-d0) / float64(cfg.ListRuns)
		res.Lists[kind] = l
	}
	var adds, cpus, dels, locks, stores, reuses, indexes []float64
	var dbCPU time.Duration
	var bt corpus.BatchTimes
	c.ObserveBatches(func(b corpus.BatchTimes) { bt = b })
	defer c.ObserveBatches(nil)
	for q := 1; q <= cfg.Queries; q++ {
		bt = corpus.BatchTimes{}
		m, err := reuseQuery(ctx, c, g, ids, int(tag)+q, r, cfg.PGPid)
		if err != nil {
			return res, err
		}
		if bt.Docs != 1 {
			return res, fmt.Errorf("upload %d: stage times of %d documents", q, bt.Docs)
		}
		locks, stores = append(locks, ms(bt.Lock)), append(stores, ms(bt.Store))
		reuses, indexes = append(reuses, ms(bt.Reuse)), append(indexes, ms(bt.Index))
		adds, cpus, dels = append(adds, ms(m.add)), append(cpus, ms(m.cpu)), append(dels, ms(m.del))
		dbCPU += m.dbCPU
		if m.found {
			res.Reuse.Found++
		}
	}
	res.Reuse.Queries = cfg.Queries
	res.Reuse.DBCPUMeanMS = ms(dbCPU) / float64(max(cfg.Queries, 1))
	res.Reuse.AddMedianMS, res.Reuse.CPUMedianMS, res.Reuse.DelMedianMS = measure.Median(adds), measure.Median(cpus), measure.Median(dels)
	for _, x := range adds {
		res.Reuse.AddMaxMS = max(res.Reuse.AddMaxMS, x)
	}
	res.Reuse.LockMedianMS, res.Reuse.StoreMedianMS = measure.Median(locks), measure.Median(stores)
	res.Reuse.ReuseMedianMS, res.Reuse.IndexMedianMS = measure.Median(reuses), measure.Median(indexes)
	for _, x := range reuses {
		res.Reuse.ReuseMaxMS = max(res.Reuse.ReuseMaxMS, x)
	}
	res.PeakMB = measure.ReadMem().PeakMB
	if err := c.Close(); err != nil {
		return res, err
	}
	res.IndexMB = dirMB(filepath.Join(dir, "index"))
	return res, nil
}

type reuseTiming struct {
	add, cpu, del time.Duration
	dbCPU         time.Duration // the PostgreSQL server's during the Add
	found         bool
}

// reuseQuery uploads one new document that copies half of a random
// stored one (the upload path: store, reuse pairs, index), checks that its
// source is among its pairs, and deletes it again.
func reuseQuery(ctx context.Context, c *corpus.Corpus, g *searchbench.Generator, ids []string, i int, r *rand.Rand, pgPid int) (reuseTiming, error) {
	var m reuseTiming
	src, err := c.Get(ctx, ids[r.Intn(len(ids))])
	if err != nil {
		return m, err
	}
	qd := halfCopy(g, i, *src, r)
	t, c0, d0 := time.Now(), processCPU(), groupCPU(pgPid)
	put, err := c.Add(ctx, qd.Source, []byte(qd.Text), []doc.Document{qd})
	m.add, m.cpu, m.dbCPU = time.Since(t), processCPU()-c0, groupCPU(pgPid)-d0
	if err != nil {
		return m, fmt.Errorf("上传失败 (add) %s: %w", qd.Source, err)
	}
	if put.Duplicate || len(put.IDs) != 1 {
		return m, fmt.Errorf("%s: duplicate %v, ids %v", qd.Source, put.Duplicate, put.IDs)
	}
	pairs, err := c.DocumentReuse(ctx, put.IDs[0])
	if err != nil {
		return m, err
	}
	for _, p := range pairs {
		if p.A.ID == src.ID || p.B.ID == src.ID {
			m.found = true
		}
	}
	t = time.Now()
	if err := c.Delete(ctx, put.IDs[0]); err != nil {
		return m, err
	}
	m.del = time.Since(t)
	return m, nil
}

// listKinds are the list queries the store answers (GET /documents and
// GET /targets with filters).
var listKinds = []string{"type+year", "org", "text", "reuse-sorted", "targets"}

// listReq is one list query, both as the store filter and as the API's
// query string.
type listReq struct {
	targets bool
	list    corpus.ListFilter
	target  corpus.TargetFilter
	params  url.Values
}

func listRequest(kind string, r *rand.Rand) listReq {
	var q listReq
	v := url.Values{}
	switch kind {
	case "type+year":
		q.list = corpus.ListFilter{Type: searchbench.Types[r.Intn(len(searchbench.Types))], Year: 2018 + r.Intn(9)}
		v.Set("type", q.list.Type)
		v.Set("year", strconv.Itoa(q.list.Year))
	case "org":
		org := []rune(searchbench.Orgs[r.Intn(len(searchbench.Orgs))])
		q.list = corpus.ListFilter{Org: string(org[1:5])}
		v.Set("org", q.list.Org)
	case "text":
		q.list = corpus.ListFilter{Q: searchbench.Keywords[r.Intn(len(searchbench.Keywords))]}
		v.Set("q", q.list.Q)
	case "reuse-sorted":
		q.list = corpus.ListFilter{MinReuse: float64(1+r.Intn(5)) / 10, Sort: corpus.SortReuse}
		v.Set("min_reuse", strconv.FormatFloat(q.list.MinReuse, 'f', -1, 64))
		v.Set("sort", "reuse")
	default:
		lo := float64(r.Intn(80))
		hi := lo + float64(5+r.Intn(30))
		q.targets = true
		q.target = corpus.TargetFilter{Unit: searchbench.Units[r.Intn(len(searchbench.Units))], Min: &lo, Max: &hi, Year: 2018 + r.Intn(9)}
		v.Set("unit", q.target.Unit)
		v.Set("min", strconv.FormatFloat(lo, 'f', -1, 64))
		v.Set("max", strconv.FormatFloat(hi, 'f', -1, 64))
		v.Set("year", strconv.Itoa(q.target.Year))
	}
	q.params = v
	return q
}

func listQuery(ctx context.Context, c *corpus.Corpus, kind string, r *rand.Rand) (int, error) {
	q := listRequest(kind, r)
	if q.targets {
		_, n, err := c.Targets(ctx, q.target)
		return n, err
	}
	_, n, err := c.List(ctx, q.list)
	return n, err
}

func printTable(w io.Writer, cfg config, load loadResult, sides map[string]sideResult, la [2]string) {
	fmt.Fprintf(w, "\nbenchpg: %d documents, load average %s → %s\n", cfg.N, la[0], la[1])
	if !load.Skipped {
		fmt.Fprintf(w, "load (%s): put %.1f s (%.1f CPU), index %.1f s (%.1f CPU), reuse pairs %.1f s (%.1f CPU), migrate to PostgreSQL %.1f s (%.1f CPU)\n",
			cfg.Load, load.PutSec, load.PutCPUSec, load.IndexSec, load.IndexCPUSec, load.PairsSec, load.PairsCPUSec, load.MigrateSec, load.MigrateCPU)
	}
	fmt.Fprintf(w, "%d reuse pairs; embedded data dir %.0f MB, PostgreSQL database %.0f MB\n", load.Pairs, load.EmbeddedDBMB, load.PGDBMB)
	fmt.Fprintf(w, "%-30s", "")
	for _, s := range cfg.Sides {
		fmt.Fprintf(w, " %24s", s)
	}
	fmt.Fprintln(w)
	row := func(name string, f func(r sideResult) string) {
		fmt.Fprintf(w, "%-30s", name)
		for _, s := range cfg.Sides {
			fmt.Fprintf(w, " %24s", f(sides[s]))
		}
		fmt.Fprintln(w)
	}
	lat := func(l latency) string {
		if l.N == 0 {
			return "-"
		}
		if l.DBCPUMean > 0 {
			return fmt.Sprintf("%.2f / %.2f (%.1f; +%.1f)", l.P50MS, l.P99MS, l.CPUP99, l.DBCPUMean)
		}
		return fmt.Sprintf("%.2f / %.2f (%.1f)", l.P50MS, l.P99MS, l.CPUP99)
	}
	row("open, empty index (s)", func(r sideResult) string { return fmt.Sprintf("%.1f", r.OpenSec) })
	row("  CPU (s), + database's", func(r sideResult) string { return fmt.Sprintf("%.1f + %.1f", r.OpenCPUSec, r.OpenDBCPUSec) })
	row("first upload (ms)", func(r sideResult) string { return fmt.Sprintf("%.0f", r.FirstReuseMS) })
	row("ready (s)", func(r sideResult) string { return fmt.Sprintf("%.1f", r.ReadySec) })
	row("RSS ready / peak (MB)", func(r sideResult) string { return fmt.Sprintf("%.0f / %.0f", r.RSSReadyMB, r.PeakMB) })
	fmt.Fprintln(w, "p50 / p99 ms (CPU p99 ms; + database's CPU mean ms)")
	for _, k := range searchbench.Kinds {
		row("search "+k, func(r sideResult) string { return lat(r.Search[k]) })
	}
	for _, k := range listKinds {
		row("list "+k, func(r sideResult) string { return lat(r.Lists[k]) })
	}
	row("upload 1 doc median/max ms", func(r sideResult) string {
		return fmt.Sprintf("%.1f / %.1f", r.Reuse.AddMedianMS, r.Reuse.AddMaxMS)
	})
	row("  CPU median ms, + database's", func(r sideResult) string {
		return fmt.Sprintf("%.1f + %.1f", r.Reuse.CPUMedianMS, r.Reuse.DBCPUMeanMS)
	})
	row("  lock/store/index median ms", func(r sideResult) string {
		return fmt.Sprintf("%.1f / %.1f / %.1f", r.Reuse.LockMedianMS, r.Reuse.StoreMedianMS, r.Reuse.IndexMedianMS)
	})
	row("  reuse query median/max ms", func(r sideResult) string {
		return fmt.Sprintf("%.1f / %.1f", r.Reuse.ReuseMedianMS, r.Reuse.ReuseMaxMS)
	})
	row("  source found", func(r sideResult) string { return fmt.Sprintf("%d/%d", r.Reuse.Found, r.Reuse.Queries) })
	row("delete median ms", func(r sideResult) string { return fmt.Sprintf("%.1f", r.Reuse.DelMedianMS) })
	row("index (MB)", func(r sideResult) string { return fmt.Sprintf("%.0f", r.IndexMB) })
	if cfg.Planmine == "" {
		return
	}
	fmt.Fprintln(w, "through planmine serve (HTTP, p50 / p99 ms, server CPU mean ms)")
	httpRow := func(name string, f func(h *httpResult) string) {
		row(name, func(r sideResult) string {
			if r.HTTP == nil {
				return "-"
			}
			return f(r.HTTP)
		})
	}
	httpRow("restart to /readyz (s)", func(h *httpResult) string { return fmt.Sprintf("%.1f", h.ReadySec) })
	httpRow("server peak RSS (MB)", func(h *httpResult) string { return fmt.Sprintf("%.0f", h.PeakMB) })
	hlat := func(l latency) string { return fmt.Sprintf("%.2f / %.2f (%.1f)", l.P50MS, l.P99MS, l.CPUMean) }
	for _, k := range searchbench.Kinds {
		httpRow("GET search "+k, func(h *httpResult) string { return hlat(h.Search[k]) })
	}
	for _, k := range listKinds {
		httpRow("GET list "+k, func(h *httpResult) string { return hlat(h.Lists[k]) })
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func dirMB(dir string) float64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return float64(n) / 1e6
}

// pgSizeMB is the database's size on disk (pg_database_size), 0 when
// it cannot be read.
func pgSizeMB(ctx context.Context, dsn string) float64 {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&n); err != nil {
		return 0
	}
	return float64(n) / 1e6
}

// loadDirect is the quick load for large N: the documents go straight
// into PostgreSQL through the store's Put (one file each, -workers at a
// time), and each gets the reuse score BenchmarkSearch gives its document
// (i%100/100, through SetReuses) instead of computed reuse pairs.
func loadDirect(ctx context.Context, cfg config) (loadResult, error) {
	var res loadResult
	lg := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c, err := backend.OpenStore(ctx, backend.Target{DSN: cfg.DSN, Dir: filepath.Join(cfg.Work, "migrate")}, lg)
	if err != nil {
		return res, err
	}
	defer c.Close()
	have, err := c.Store.Count(ctx)
	if err != nil {
		return res, err
	}
	if have == cfg.N {
		res.Skipped = true
		fmt.Fprintf(os.Stderr, "reusing %d documents in PostgreSQL\n", have)
		res.PGDBMB = pgSizeMB(ctx, cfg.DSN)
		return res, nil
	}
	if have != 0 {
		return res, fmt.Errorf("PostgreSQL 已有 %d 篇，不是 %d (holds %d documents, not %d)", have, cfg.N, have, cfg.N)
	}
	g, err := searchbench.NewGenerator(cfg.Fixtures, cfg.Seeds)
	if err != nil {
		return res, err
	}
	ids := make([]string, cfg.N)
	next := make(chan int)
	errc := make(chan error, cfg.Workers)
	var textBytes atomic.Int64
	t, c0 := time.Now(), processCPU()
	for w := 0; w < cfg.Workers; w++ {
		go func() {
			for i := range next {
				d := g.Doc(i)
				textBytes.Add(int64(len(d.Text)))
				put, err := c.Store.Put(ctx, []byte(d.Text), d.Source, []doc.Document{d})
				if err == nil && len(put.IDs) != 1 {
					err = fmt.Errorf("%s: %d ids", d.Source, len(put.IDs))
				}
				if err != nil {
					errc <- fmt.Errorf("存储失败 (put) %s: %w", d.Source, err)
					for range next {
					}
					return
				}
				ids[i] = put.IDs[0]
			}
			errc <- nil
		}()
	}
	last := time.Now()
	for i := 0; i < cfg.N; i++ {
		next <- i
		if time.Since(last) > 30*time.Second {
			fmt.Fprintf(os.Stderr, "put %d/%d\n", i, cfg.N)
			last = time.Now()
		}
	}
	close(next)
	for w := 0; w < cfg.Workers; w++ {
		if e := <-errc; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return res, err
	}
	res.PutSec, res.PutCPUSec = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
	res.TextMB = float64(textBytes.Load()) / 1e6
	fmt.Fprintf(os.Stderr, "stored %d documents in PostgreSQL in %.1f s\n", cfg.N, res.PutSec)
	t, c0 = time.Now(), processCPU()
	for lo := 0; lo < cfg.N; lo += 1000 {
		var ups []corpus.ReuseUpdate
		for i := lo; i < min(lo+1000, cfg.N); i++ {
			// A cover, even an empty one, marks the document aligned: a
			// replica's reuse index holds only aligned documents, and the
			// one-document queries must meet all of them.
			ups = append(ups, corpus.ReuseUpdate{DocID: ids[i], Score: float64(i%100) / 100, Cover: []byte("[]")})
		}
		if err := c.Store.SetReuses(ctx, ups, nil); err != nil {
			return res, err
		}
	}
	res.PairsSec, res.PairsCPUSec = time.Since(t).Seconds(), (processCPU() - c0).Seconds()
	res.PGDBMB = pgSizeMB(ctx, cfg.DSN)
	res.PeakMB = measure.ReadMem().PeakMB
	return res, nil
}
