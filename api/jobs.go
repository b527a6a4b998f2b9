package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/ingest"
)

// Job states.
const (
	JobQueued  = corpus.JobQueued
	JobRunning = corpus.JobRunning
	JobDone    = corpus.JobDone
	JobFailed  = corpus.JobFailed
)

// Defaults of the shared job queue's Deps.
const (
	DefaultJobLease = 30 * time.Second
	DefaultJobPoll  = time.Second
)

// maxJobs bounds the finished jobs the in-memory queue keeps for polling;
// the oldest go first.
const maxJobs = 1000

// JobQueue keeps the upload jobs (uploads processed in the background) and
// their progress. The default keeps them in memory and the server runs
// them on its own workers; a SharedJobQueue (corpus/postgres) lets every
// replica run and report them.
type JobQueue interface {
	// Enqueue records a queued job of files (total: zip members counted)
	// and returns its id.
	Enqueue(ctx context.Context, files []corpus.JobFile, total int) (string, error)
	// Progress records the counts so far and appends the new results;
	// corpus.ErrJobLost when owner no longer holds the job.
	Progress(ctx context.Context, id, owner string, p corpus.JobProgress) error
	// Finish is the last report: the job is done.
	Finish(ctx context.Context, id, owner string, p corpus.JobProgress) error
	// Get returns a job's state and results; corpus.ErrJobNotFound when
	// there is none with this id.
	Get(ctx context.Context, id string) (*corpus.Job, error)
}

// SharedJobQueue is a JobQueue that several servers take jobs from: each
// server's job workers claim a job under a lease and keep it with
// heartbeats; a job whose server died is claimed again when its lease
// lapses and run from the start. Uploads are idempotent by SHA-256, so a
// re-run stores nothing twice; its results report the files an earlier
// attempt stored as created, as an uninterrupted run would have (see
// jobRun.add for how they are told from files stored by others).
type SharedJobQueue interface {
	JobQueue
	// Claim takes the oldest job that is queued or whose lease lapsed,
	// with its files; nil when there is none.
	Claim(ctx context.Context, owner string, lease time.Duration) (*corpus.Job, error)
	// Heartbeat extends owner's lease; corpus.ErrJobLost when it lost it.
	Heartbeat(ctx context.Context, id, owner string) error
}

// JobStatus is the JSON of GET /api/v1/jobs/{id}.
type JobStatus struct {
	ID      string   `json:"id"`
	State   string   `json:"state"`
	Done    int      `json:"done"`
	Total   int      `json:"total"`
	Failed  int      `json:"failed"`
	Results []Result `json:"results"`
}

// memJobs is the in-memory JobQueue: a restart forgets the jobs, but what
// they ingested is in the corpus. Its jobs run on the server's own
// workers, handed over with the upload.
type memJobs struct {
	started time.Time
	seq     atomic.Uint64

	mu    sync.Mutex
	jobs  map[string]*memJob
	order []string
}

type memJob struct {
	id, state            string
	total, done, failed  int
	results              []Result
	created, updatedTime time.Time
}

func newMemJobs() *memJobs { return &memJobs{started: time.Now(), jobs: map[string]*memJob{}} }

func (s *memJobs) Enqueue(_ context.Context, _ []corpus.JobFile, total int) (string, error) {
	id := fmt.Sprintf("job-%d-%d", s.started.Unix(), s.seq.Add(1))
	j := &memJob{id: id, state: JobQueued, total: total, results: []Result{}, created: time.Now()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[id] = j
	s.order = append(s.order, id)
	for len(s.order) > maxJobs {
		old := s.jobs[s.order[0]]
		if old != nil && old.state != JobDone {
			break
		}
		delete(s.jobs, s.order[0])
		s.order = s.order[1:]
	}
	return id, nil
}

func (s *memJobs) Progress(_ context.Context, id, _ string, p corpus.JobProgress) error {
	return s.update(id, p, JobRunning)
}

func (s *memJobs) Finish(_ context.Context, id, _ string, p corpus.JobProgress) error {
	return s.update(id, p, JobDone)
}

func (s *memJobs) update(id string, p corpus.JobProgress, state string) error {
	var rs []Result
	if len(p.Results) > 0 {
		if err := json.Unmarshal(p.Results, &rs); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[id]
	if j == nil {
		return fmt.Errorf("%w: %s", corpus.ErrJobNotFound, id)
	}
	j.state, j.done, j.total, j.failed = state, p.Done, p.Total, p.Failed
	j.results = append(j.results, rs...)
	j.updatedTime = time.Now()
	return nil
}

func (s *memJobs) Get(_ context.Context, id string) (*corpus.Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[id]
	if j == nil {
		return nil, fmt.Errorf("%w: %s", corpus.ErrJobNotFound, id)
	}
	js, err := json.Marshal(j.results)
	if err != nil {
		return nil, err
	}
	return &corpus.Job{ID: j.id, State: j.state, Total: j.total, Done: j.done, Failed: j.failed, Results: js,
		CreatedAt: j.created, UpdatedAt: j.updatedTime}, nil
}

func (s *memJobs) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.jobs, id)
	for i, o := range s.order {
		if o == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// jobRun is one run of a job by this server: it counts the files' results
// and reports them to the queue as they arrive.
type jobRun struct {
	q                   JobQueue
	id, owner           string
	total, done, failed int
	// rerun: earlier attempts ran; prior are the documents they reported
	// stored; seen the documents this run has reported.
	rerun       bool
	prior, seen map[string]bool
	// lost stops the run when another server took the job over.
	lost func()
	log  func(msg string, args ...any)
}

func (s *Server) newRun(id string, total int, rerun bool, prior []string, lost func()) *jobRun {
	r := &jobRun{q: s.jobs, id: id, owner: s.owner, total: total, rerun: rerun, prior: map[string]bool{}, seen: map[string]bool{},
		lost: lost, log: s.log.Error}
	for _, p := range prior {
		r.prior[p] = true
	}
	return r
}

// start marks the job running (the in-memory queue's jobs are claimed by
// being handed to a worker).
func (r *jobRun) start(ctx context.Context) {
	r.report(ctx, nil, false)
}

// add records the results of one file. A re-run finds the files an
// earlier attempt stored as duplicates of themselves: they are reported
// created, as the first attempt would have. They are the duplicates the
// earlier attempts reported stored, and, as a server may die between
// storing a file and reporting it, those stored under the same name (the
// same file of the same upload: in a zip, the same member). A file given
// twice in the upload is still a duplicate the second time.
func (r *jobRun) add(ctx context.Context, rs []Result) {
	r.done++
	// Archives inside an uploaded zip are counted as one file when the
	// job is planned and bring their members when read.
	r.total = max(r.total, r.done)
	for i, res := range rs {
		if res.Status != StatusDuplicate || !r.rerun || r.seen[res.ID] {
			continue
		}
		if r.prior[res.ID] || (res.DuplicateOf != nil && res.DuplicateOf.Source == res.Source) {
			rs[i].Status, rs[i].DuplicateOf = StatusCreated, nil
		}
	}
	for _, res := range rs {
		if res.ID != "" {
			r.seen[res.ID] = true
		}
		if res.Status == StatusFailed {
			r.failed++
			break
		}
	}
	r.report(ctx, rs, false)
}

// finish reports the job done. Files skipped inside a zip may make the
// count fall short of the plan.
func (r *jobRun) finish(ctx context.Context) {
	r.total = r.done
	r.report(ctx, nil, true)
}

func (r *jobRun) report(ctx context.Context, rs []Result, finish bool) {
	p := corpus.JobProgress{Done: r.done, Total: r.total, Failed: r.failed}
	if len(rs) > 0 {
		js, err := json.Marshal(rs)
		if err != nil {
			r.log("任务结果无法编码 (job results not encodable)", "job", r.id, "err", err)
			return
		}
		p.Results = js
		for _, res := range rs {
			if res.Status == StatusCreated && res.ID != "" {
				p.Created = append(p.Created, res.ID)
			}
		}
	}
	// A run being stopped still reports what it stored (a re-run then
	// knows it); a lost job's reports are refused by the queue anyway.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var err error
	if finish {
		err = r.q.Finish(ctx, r.id, r.owner, p)
	} else {
		err = r.q.Progress(ctx, r.id, r.owner, p)
	}
	switch {
	case errors.Is(err, corpus.ErrJobLost):
		r.log("任务已由其他实例接手，停止 (job taken over by another server; stopping)", "job", r.id)
		if r.lost != nil {
			r.lost()
		}
	case err != nil:
		r.log("任务进度保存失败 (job progress not stored)", "job", r.id, "err", err)
	}
}

// jobWorker claims jobs from a shared queue and runs them, until Shutdown.
func (s *Server) jobWorker(q SharedJobQueue) {
	defer s.workers.Done()
	for {
		select {
		case <-s.stopJobs:
			return
		default:
		}
		// A server still opening its corpus (Start) takes no job yet.
		if s.starting.check(needIndex) != nil {
			select {
			case <-s.stopJobs:
				return
			case <-time.After(s.deps.JobPoll):
			}
			continue
		}
		j, err := q.Claim(s.baseCtx, s.owner, s.deps.JobLease)
		if err != nil && s.baseCtx.Err() == nil {
			s.log.Error("领取任务失败 (claim job)", "err", err)
		}
		if j == nil {
			s.waitJob(q)
			continue
		}
		s.runJob(q, j)
	}
}

// jobWaiter is a shared queue that can tell a worker when a job is queued
// (PostgreSQL: LISTEN), so that an idle replica picks it up at once.
type jobWaiter interface {
	Wait(ctx context.Context) error
}

// waitJob waits until a job may be there: one is queued (this server's
// or, with a jobWaiter, any server's), JobPoll passes, or Shutdown.
func (s *Server) waitJob(q SharedJobQueue) {
	ctx, cancel := context.WithTimeout(s.baseCtx, s.deps.JobPoll)
	defer cancel()
	w, ok := q.(jobWaiter)
	if !ok {
		select {
		case <-s.stopJobs:
		case <-s.jobWake:
		case <-ctx.Done():
		}
		return
	}
	go func() {
		select {
		case <-s.stopJobs:
		case <-s.jobWake:
		case <-ctx.Done():
		}
		cancel()
	}()
	if err := w.Wait(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("等待任务通知失败 (waiting for job notifications failed)", "err", err)
		select { // do not spin on a failing database
		case <-s.stopJobs:
		case <-ctx.Done():
		}
	}
}

// runJob runs a claimed job, heartbeating its lease. When the server is
// stopped mid-job (Shutdown's deadline) or loses the job, it leaves it
// unfinished: its lease lapses and another server runs it again.
func (s *Server) runJob(q SharedJobQueue, j *corpus.Job) {
	ctx, cancel := context.WithCancel(s.baseCtx)
	defer cancel()
	run := s.newRun(j.ID, j.Total, j.Attempt > 1, j.Created, cancel)
	beat := make(chan struct{})
	defer close(beat)
	go func() {
		t := time.NewTicker(max(s.deps.JobLease/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-beat:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if err := q.Heartbeat(ctx, j.ID, s.owner); errors.Is(err, corpus.ErrJobLost) {
					s.log.Error("任务已由其他实例接手，停止 (job taken over by another server; stopping)", "job", j.ID)
					cancel()
					return
				} else if err != nil && ctx.Err() == nil {
					s.log.Warn("任务续约失败 (job heartbeat failed)", "job", j.ID, "err", err)
				}
			}
		}
	}()
	files := make([]upFile, len(j.Files))
	for i, f := range j.Files {
		files[i] = upFile{name: f.Name, data: f.Data}
		if f.TooLarge {
			files[i] = upFile{name: f.Name, err: s.tooLarge(f.Name)}
		}
	}
	b := &batch{files: files, total: j.Total, run: run, done: make(chan struct{})}
	s.runBatch(ctx, b)
	if ctx.Err() == nil {
		run.finish(ctx)
	}
}

// jobFiles are an upload's files as a job queue keeps them.
func jobFiles(files []upFile) []corpus.JobFile {
	out := make([]corpus.JobFile, len(files))
	for i, f := range files {
		out[i] = corpus.JobFile{Name: f.name, Data: f.data, TooLarge: errors.Is(f.err, ingest.ErrTooLarge)}
	}
	return out
}

// handleJob is GET /api/v1/jobs/{id}.
func (s *Server) handleJob(c *gin.Context) {
	j, err := s.jobs.Get(c.Request.Context(), c.Param("id"))
	if errors.Is(err, corpus.ErrJobNotFound) {
		s.writeError(c, newError(http.StatusNotFound, CodeNotFound, "任务不存在 (job not found)"))
		return
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	st := JobStatus{ID: j.ID, State: j.State, Done: j.Done, Total: j.Total, Failed: j.Failed, Results: []Result{}}
	if len(j.Results) > 0 {
		if err := json.Unmarshal(j.Results, &st.Results); err != nil {
			s.writeError(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, st)
}
