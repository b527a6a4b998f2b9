package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/planmine/planmine/api"
	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/backend"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp/segment"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags("serve", e.stderr)
	data := fs.String("data", e.getenv("PLANMINE_DATA"), "数据目录 (data directory; default ./planmine-data, or a temporary one with --demo)")
	db := fs.String("db", e.getenv("PLANMINE_DB"), "数据库地址：postgres://…（多副本共享，本机索引存于 --data）或 sqlite:目录 (database URL: postgres://… shared by replicas, this replica's index in --data; or sqlite:DIR)")
	addr := fs.String("addr", envDefault(e.getenv, "PLANMINE_ADDR", defaultAddr), "监听地址；默认只接受本机连接，--addr :8080 接受所有网卡 (listen address; only this machine by default, :8080 for every interface)")
	withDemo := fs.Bool("demo", false, "载入内置示例文档 (load the embedded sample corpus)")
	token := fs.String("token", e.getenv("PLANMINE_TOKEN"), "写操作令牌 (bearer token required for writes)")
	readToken := fs.String("read-token", e.getenv("PLANMINE_READ_TOKEN"), "读操作令牌，可选 (bearer token required for reads, optional)")
	maxMB := fs.Int("max-file-mb", envInt(e.getenv, "PLANMINE_MAX_FILE_MB", 50), "单个文件上限 MB (per-file size limit)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{fmt.Sprintf("serve 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	dir := *data
	notice := ""
	var target backend.Target
	if *db != "" {
		t, err := backend.Parse(*db, dir)
		if err != nil {
			return usageError{err.Error()}
		}
		target, dir = t, t.Dir
	} else if dir == "" && *withDemo {
		tmp, err := os.MkdirTemp("", "planmine-demo-")
		if err != nil {
			return err
		}
		defer func() {
			os.RemoveAll(tmp)
			logger.Info("临时演示数据已删除 (temporary demo data deleted)", "data", tmp)
		}()
		dir = tmp
		notice = demoNotice
		logger.Warn(notice, "data", tmp)
	} else if dir == "" {
		dir = defaultDataDir
	}
	if target.Dir == "" {
		target = backend.Target{Dir: dir}
	}
	// Listen first and open the data in the background (api.Server.Start):
	// opening the store, rebuilding a damaged index or loading the
	// segmenter takes seconds to minutes, and meanwhile the server answers
	// health checks, store reads once the store is open, and 503 with the
	// reason for the rest.
	// On PostgreSQL the upload jobs live in the database, shared by every
	// replica: any replica's worker claims a queued job, and a job whose
	// replica died is claimed again when its lease lapses.
	var jobs api.JobQueue
	if target.Postgres() {
		jdb, err := postgres.Open(ctx, target.DSN)
		if err != nil {
			return fmt.Errorf("无法打开数据库 (cannot open the database) %s: %w", target.String(), err)
		}
		defer jdb.Close()
		q := jdb.Jobs()
		q.MaxPending = api.DefaultQueueSize
		jobs = q
	}
	srv := api.NewServer(api.Deps{
		Logger:      logger,
		Token:       *token,
		ReadToken:   *readToken,
		MaxFileSize: int64(*maxMB) << 20,
		Notice:      notice,
		Jobs:        jobs,
	})
	hs := srv.HTTPServer(*addr)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("无法监听 (cannot listen on) %s: %w", *addr, err)
	}
	if *token == "" && !isLoopback(ln.Addr()) {
		logger.Warn("未设置 --token：能连到此地址的任何人都能上传和删除文档；只在本机使用请用 --addr 127.0.0.1:8080 (no --token: anyone who can reach this address can upload and delete documents; set --token or PLANMINE_TOKEN, or listen on 127.0.0.1)", "addr", ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	logger.Info("planmine 已启动，正在后台打开数据，/readyz 报告进度 (serving; opening the data in the background, /readyz reports progress)",
		"url", "http://"+displayAddr(ln.Addr()), "data", dir, "db", target.String())

	starter := api.Starter{
		OpenStore: func(ctx context.Context) (*corpus.Corpus, error) {
			return backend.OpenStore(ctx, target, logger)
		},
		LoadSegmenter: func() error { _, err := segment.Default(); return err },
	}
	if *withDemo {
		starter.Demo = func(ctx context.Context, c *corpus.Corpus) error {
			if err := loadDemo(ctx, c, logger); err != nil {
				return err
			}
			if notice == "" {
				logger.Info("示例文档已载入数据目录，退出后保留 (demo corpus loaded into the data directory and kept)", "data", dir)
			}
			return nil
		}
	}
	type opened struct {
		c   *corpus.Corpus
		err error
	}
	octx, cancelOpen := context.WithCancel(ctx)
	defer cancelOpen()
	openc := make(chan opened, 1)
	go func() {
		c, err := srv.Start(octx, starter)
		openc <- opened{c, err}
	}()
	var (
		c      *corpus.Corpus
		fatal  error
		isOpen bool // openc has been read
	)
wait:
	for {
		select {
		case err := <-errc:
			if !errors.Is(err, http.ErrServerClosed) {
				fatal = err
			}
			break wait
		case o := <-openc:
			c, isOpen = o.c, true
			if o.err != nil && ctx.Err() == nil {
				fatal = fmt.Errorf("打开数据目录失败 (open data dir) %s: %w", dir, o.err)
				if target.Postgres() {
					fatal = openError(target, o.err)
				}
				logger.Error("启动失败，服务退出 (start-up failed, exiting)", "data", dir, "err", o.err)
				break wait
			}
		case <-ctx.Done():
			logger.Info("正在关闭，等待进行中的导入完成 (shutting down, finishing in-flight ingests)")
			break wait
		}
	}
	// Stop a start still running (a rebuild honours cancellation) before
	// closing what it opened.
	cancelOpen()
	if !isOpen {
		o := <-openc
		c = o.c
	}
	sctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	err = srv.Shutdown(sctx)
	if c != nil {
		c.Close()
	}
	if fatal != nil {
		return fatal
	}
	return err
}

// loadDemo ingests the embedded sample corpus through the import pipeline
// (idempotent: the store keys files by SHA-256).
func loadDemo(ctx context.Context, c *corpus.Corpus, logger *slog.Logger) error {
	n := 0
	done := func(r importer.Result) error {
		if r.Err != nil {
			return fmt.Errorf("示例文档 (demo file) %s: %w", r.Name, r.Err)
		}
		if !r.Duplicate {
			n += len(r.IDs)
		}
		return nil
	}
	err := importer.Run(ctx, c, importer.Options{Done: done}, func(yield func(ingest.File) error) error {
		return walkDemo(ctx, func(name string, docs []doc.Document, err error) error {
			f := ingest.File{Name: name, Docs: docs, Err: err}
			if err == nil {
				f.Data, f.Err = demoBytes(name)
			}
			return yield(f)
		})
	})
	logger.Info("示例文档已载入 (demo corpus loaded)", "documents", n)
	return err
}

// defaultAddr listens on this machine only: serving writes to the network
// is a choice (--addr :8080), best made with --token.
const defaultAddr = "127.0.0.1:8080"

// demoNotice is said at start, and by /healthz, when --demo runs on a
// temporary data directory.
const demoNotice = "演示数据保存在临时目录中，退出时删除；要保留上传的文件，请用 --data DIR (demo data lives in a temporary folder and is deleted on exit; use --data DIR to keep it)"

// isLoopback reports whether a listener accepts connections from this
// machine only.
func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "::" || host == "0.0.0.0" || host == "" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func envInt(getenv func(string) string, key string, def int) int {
	if v, err := strconv.Atoi(getenv(key)); err == nil && v > 0 {
		return v
	}
	return def
}
