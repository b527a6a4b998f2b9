package api

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Job states.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
)

// maxJobs bounds the finished jobs kept for polling; the oldest go first.
const maxJobs = 1000

// job is an upload processed in the background.
type job struct {
	id      string
	created time.Time

	mu      sync.Mutex
	state   string
	total   int
	done    int
	failed  int
	results []Result
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

func (j *job) setState(st string) {
	j.mu.Lock()
	j.state = st
	j.mu.Unlock()
}

// add records the results of one file.
func (j *job) add(rs []Result) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done++
	// Archives inside an uploaded zip are counted as one file when the
	// job is planned and bring their members when read.
	j.total = max(j.total, j.done)
	for _, r := range rs {
		if r.Status == StatusFailed {
			j.failed++
			break
		}
	}
	j.results = append(j.results, rs...)
}

func (j *job) finish() {
	j.mu.Lock()
	j.state = JobDone
	// Files skipped inside a zip may make the count fall short of the plan.
	j.total = j.done
	j.mu.Unlock()
}

func (j *job) status() JobStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	rs := append([]Result{}, j.results...)
	return JobStatus{ID: j.id, State: j.state, Done: j.done, Total: j.total, Failed: j.failed, Results: rs}
}

// jobStore keeps jobs in memory: a restart forgets them, but what they
// ingested is in the corpus.
type jobStore struct {
	mu    sync.Mutex
	jobs  map[string]*job
	order []string
}

func newJobStore() *jobStore { return &jobStore{jobs: map[string]*job{}} }

func (s *jobStore) create(id string, total int) *job {
	j := &job{id: id, created: time.Now(), state: JobQueued, total: total, results: []Result{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[id] = j
	s.order = append(s.order, id)
	for len(s.order) > maxJobs {
		old := s.jobs[s.order[0]]
		if old != nil && old.status().State != JobDone {
			break
		}
		delete(s.jobs, s.order[0])
		s.order = s.order[1:]
	}
	return j
}

func (s *jobStore) get(id string) *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobs[id]
}

func (s *jobStore) remove(id string) {
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

func (s *Server) newJobID() string {
	return fmt.Sprintf("job-%d-%d", s.started.Unix(), s.jobSeq.Add(1))
}

// handleJob is GET /api/v1/jobs/{id}.
func (s *Server) handleJob(c *gin.Context) {
	j := s.jobs.get(c.Param("id"))
	if j == nil {
		s.writeError(c, newError(http.StatusNotFound, CodeNotFound, "任务不存在 (job not found)"))
		return
	}
	c.JSON(http.StatusOK, j.status())
}
