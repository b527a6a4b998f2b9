// Package api is planmine's reviewer service: the Gin HTTP API of SPEC §5
// under /api/v1 and the embedded single-page web UI of SPEC §6 at /.
//
// NewServer builds the handler from its dependencies (Mat Ryer style: every
// route is in routes.go and handlers close over the Server). Uploads go
// through a bounded ingest queue served by a few workers, so a burst of
// uploads is answered with 429 rather than exhausting the machine, and
// Shutdown lets the ingests already accepted finish.
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/ingest"
)

// Defaults for the zero fields of Deps.
const (
	DefaultMaxFileSize   = 50 << 20
	DefaultQueueSize     = 16
	DefaultJobFiles      = 20
	DefaultJobZipBytes   = 10 << 20
	DefaultMaxUploadSize = 512 << 20
	DefaultMaxZipMembers = ingest.DefaultMaxZipMembers
)

// Deps are what the server needs from the outside. Zero fields take the
// defaults above.
type Deps struct {
	// Corpus is the open document corpus. When nil, the server starts
	// without it and Start opens it in the background; until then routes
	// answer 503 with the reason.
	Corpus *corpus.Corpus
	// Logger receives request logs and errors; nil → slog.Default().
	Logger *slog.Logger
	// Token, when set, is required as "Authorization: Bearer <Token>" on
	// every write (POST, DELETE).
	Token string
	// ReadToken, when set, is required (or Token) on every GET under /api/.
	ReadToken string
	// MaxFileSize caps one uploaded file and one zip member (default 50 MB).
	MaxFileSize int64
	// MaxUploadSize caps a whole request body (default 512 MB).
	MaxUploadSize int64
	// QueueSize bounds the ingest batches waiting for a worker; a request
	// that finds it full gets 429 (default 16).
	QueueSize int
	// Workers is the number of ingest workers (default GOMAXPROCS).
	Workers int
	// JobFiles: an upload with more files than this runs as a job (default 20).
	JobFiles int
	// JobZipBytes: an upload holding a zip larger than this runs as a job
	// (default 10 MB).
	JobZipBytes int64
	// MaxZipMembers caps the entries of one uploaded zip, nested archives
	// included (default ingest.DefaultMaxZipMembers, as planmine ingest).
	MaxZipMembers int
	// Notice, when set, is a line for whoever checks on the server (GET
	// /healthz), e.g. that its data is temporary.
	Notice string
	// ImportBatch is how many files of an upload are stored per batch (one
	// reuse and index update each); 0 → importer.DefaultBatch.
	ImportBatch int
	// Jobs keeps the upload jobs; nil → in memory, run by this server's
	// workers. A SharedJobQueue (corpus/postgres) is shared by every
	// replica: jobs are claimed by JobWorkers workers under a lease of
	// JobLease (default 30 s) extended by heartbeats; an idle worker looks
	// again when a job is queued (this server's, or any server's when the
	// queue can notify) and at least every JobPoll (default 1 s).
	Jobs       JobQueue
	JobWorkers int
	JobLease   time.Duration
	JobPoll    time.Duration
	// Registerer and Gatherer are where metrics go and are read from; nil →
	// a private registry (so two servers in one test process do not clash).
	Registerer prometheus.Registerer
	Gatherer   prometheus.Gatherer
}

func (d Deps) withDefaults() Deps {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.MaxFileSize <= 0 {
		d.MaxFileSize = DefaultMaxFileSize
	}
	if d.MaxUploadSize <= 0 {
		d.MaxUploadSize = DefaultMaxUploadSize
	}
	if d.MaxUploadSize < d.MaxFileSize {
		d.MaxUploadSize = d.MaxFileSize + 1<<20
	}
	if d.QueueSize <= 0 {
		d.QueueSize = DefaultQueueSize
	}
	if d.Workers <= 0 {
		d.Workers = runtime.GOMAXPROCS(0)
	}
	if d.JobFiles <= 0 {
		d.JobFiles = DefaultJobFiles
	}
	if d.JobZipBytes <= 0 {
		d.JobZipBytes = DefaultJobZipBytes
	}
	if d.MaxZipMembers <= 0 {
		d.MaxZipMembers = DefaultMaxZipMembers
	}
	if d.JobWorkers <= 0 {
		d.JobWorkers = 1
	}
	if d.JobLease <= 0 {
		d.JobLease = DefaultJobLease
	}
	if d.JobPoll <= 0 {
		d.JobPoll = DefaultJobPoll
	}
	if d.Registerer == nil || d.Gatherer == nil {
		reg := prometheus.NewRegistry()
		d.Registerer, d.Gatherer = reg, reg
	}
	return d
}

// Server is the HTTP handler of the API and UI plus its ingest workers.
type Server struct {
	deps    Deps
	log     *slog.Logger
	corpus  backend
	engine  *gin.Engine
	metrics *metrics

	queue   chan *batch
	workers sync.WaitGroup
	// baseCtx outlives requests: an accepted ingest finishes even when its
	// client goes away; Shutdown cancels it only when its deadline passes.
	baseCtx context.Context
	cancel  context.CancelFunc

	mu      sync.RWMutex // guards closing against enqueue
	closing bool
	jobs    JobQueue
	shared  SharedJobQueue // jobs, when shared by replicas
	owner   string         // this server, as the holder of job leases
	// stopJobs ends the shared queue's job workers; jobWake wakes one
	// when this server queued a job.
	stopJobs chan struct{}
	jobWake  chan struct{}
	// gate, when set by a test before the first upload, holds every worker
	// until it is closed (to fill the queue deterministically).
	gate chan struct{}
	// starting is what Start has opened so far; it guards corpus, which
	// Start sets once the store is open.
	starting *startup
}

// NewServer returns the server; it is an http.Handler. Call Shutdown to
// stop its ingest workers.
func NewServer(deps Deps) *Server {
	deps = deps.withDefaults()
	gin.SetMode(gin.ReleaseMode)
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		deps:     deps,
		log:      deps.Logger,
		queue:    make(chan *batch, deps.QueueSize),
		baseCtx:  ctx,
		cancel:   cancel,
		jobs:     deps.Jobs,
		owner:    jobOwner(),
		stopJobs: make(chan struct{}),
		jobWake:  make(chan struct{}, 1),
	}
	if s.jobs == nil {
		s.jobs = newMemJobs()
	}
	if q, ok := s.jobs.(SharedJobQueue); ok {
		s.shared = q
	}
	s.starting = newStartup(deps.Logger, deps.Corpus != nil)
	if deps.Corpus != nil {
		s.corpus = readyBackend{deps.Corpus}
	}
	s.metrics = newMetrics(deps.Registerer, func() float64 { return float64(len(s.queue)) })
	if deps.Corpus != nil {
		s.metrics.observeBatches(deps.Corpus)
	}
	s.engine = gin.New()
	s.routes()
	for i := 0; i < deps.Workers; i++ {
		s.workers.Add(1)
		go s.worker()
	}
	if s.shared != nil {
		for i := 0; i < deps.JobWorkers; i++ {
			s.workers.Add(1)
			go s.jobWorker(s.shared)
		}
	}
	return s
}

// ServeHTTP serves the API and the UI.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.engine.ServeHTTP(w, r)
}

// HTTPServer returns an http.Server for addr with timeouts that keep slow
// or idle clients from holding connections: headers must arrive within
// 10 s; whole uploads may take up to 10 minutes.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute,
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Shutdown stops accepting uploads and waits for the accepted ingests
// (queued and running, jobs included) to finish. When ctx ends first, the
// running ingests are cancelled and ctx's error is returned. It does not
// close the corpus, which belongs to the caller.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		close(s.queue)
		close(s.stopJobs)
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		<-done
		return ctx.Err()
	}
}

// errClosing is returned to uploads that arrive during Shutdown.
var errClosing = newError(http.StatusServiceUnavailable, CodeUnavailable, "服务正在关闭 (server is shutting down)")

// errQueueFull is returned when the ingest queue has no room.
var errQueueFull = newError(http.StatusTooManyRequests, CodeQueueFull, "导入队列已满，请稍后重试 (ingest queue is full, retry later)")

// enqueue hands b to the workers without blocking.
func (s *Server) enqueue(b *batch) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closing {
		return errClosing
	}
	select {
	case s.queue <- b:
		s.metrics.queueDepth.Set(float64(len(s.queue)))
		return nil
	default:
		return errQueueFull
	}
}

func (s *Server) worker() {
	defer s.workers.Done()
	for b := range s.queue {
		if s.gate != nil {
			<-s.gate
		}
		s.metrics.queueDepth.Set(float64(len(s.queue)))
		s.runBatch(s.baseCtx, b)
		if b.run != nil {
			b.run.finish(s.baseCtx)
		}
	}
}

// jobOwner names this server as a job holder: host, process and a random
// part (two servers in one process are two owners).
func jobOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
