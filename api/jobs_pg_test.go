package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// replica is one planmine serve over the shared database: its own search
// index, the database's store and job queue.
type replica struct {
	*testEnv
	jobs *postgres.JobQueue
	stop func(ctx context.Context) error
}

func newReplica(t *testing.T, dsn string, tweak func(*Deps)) *replica {
	t.Helper()
	ctx := context.Background()
	c, err := corpus.Open(ctx, t.TempDir(), corpus.Options{
		OpenStore: func(ctx context.Context, _ string) (corpus.Store, error) { return postgres.Open(ctx, dsn) },
		OpenIndex: search.OpenIndex,
	})
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	qdb, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := qdb.Jobs()
	d := Deps{Corpus: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Jobs: q, JobFiles: 1, JobPoll: 50 * time.Millisecond}
	if os.Getenv("PLANMINE_TEST_LOG") != "" {
		d.Logger = slog.Default()
	}
	if tweak != nil {
		tweak(&d)
	}
	s := NewServer(d)
	hs := httptest.NewServer(s)
	stopped := false
	stop := func(ctx context.Context) error {
		if stopped {
			return nil
		}
		stopped = true
		hs.Close()
		err := s.Shutdown(ctx)
		c.Close()
		qdb.Close()
		return err
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), raceSlowdown*time.Minute)
		defer cancel()
		if err := stop(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return &replica{testEnv: &testEnv{t: t, srv: s, http: hs, corpus: c, token: d.Token}, jobs: q, stop: stop}
}

func genFiles(from, n int) []file {
	var fs []file
	for i := from; i < from+n; i++ {
		name, text := genDoc(i)
		fs = append(fs, file{name, []byte(text)})
	}
	return fs
}

func (e *testEnv) uploadJob(fs ...file) string {
	e.t.Helper()
	st, b := e.upload(fs...)
	if st != http.StatusAccepted {
		e.t.Fatalf("upload: %d %s", st, abbrev(b))
	}
	return decode[struct {
		Job string `json:"job"`
	}](e.t, b).Job
}

// Two replicas with two job workers each run the jobs uploaded to either:
// every job once (one attempt, no duplicates), its status readable from
// both.
func TestSharedJobsRunOnce(t *testing.T) {
	dsn := pgtest.DSN(t)
	a := newReplica(t, dsn, func(d *Deps) { d.JobWorkers = 2 })
	b := newReplica(t, dsn, func(d *Deps) { d.JobWorkers = 2 })
	const jobs, per = 8, 3
	var ids []string
	for k := range jobs {
		up := a
		if k%2 == 1 {
			up = b
		}
		ids = append(ids, up.uploadJob(genFiles(100+k*per, per)...))
	}
	owners := map[string]int{}
	for k, id := range ids {
		other := b
		if k%2 == 1 {
			other = a
		}
		js := other.waitJob(id, raceSlowdown*2*time.Minute)
		if js.Total != per || js.Done != per || js.Failed != 0 || len(js.Results) != per {
			t.Errorf("job %s: %+v", id, js)
		}
		for _, r := range js.Results {
			if r.Status != StatusCreated {
				t.Errorf("job %s result %+v: want created (a job run twice finds its files stored)", id, r)
			}
		}
		j, err := a.jobs.Get(context.Background(), id)
		if err != nil || j.Attempt != 1 {
			t.Errorf("job %s: attempt %d %v, want claimed once", id, j.Attempt, err)
		}
		owners[j.Owner]++
	}
	n, err := a.corpus.Store.Count(context.Background())
	if err != nil || n != jobs*per {
		t.Errorf("%d documents stored (%v), want %d", n, err, jobs*per)
	}
	t.Logf("jobs per owner: %v", owners)
}

// A replica that dies mid-job (stopped, its heartbeats end) leaves the
// job to the other once its lease lapses: the other runs it again from the
// start and finishes it, every file stored once and reported created;
// progress is visible through the other replica's job endpoint all along.
func TestSharedJobTakeover(t *testing.T) {
	dsn := pgtest.DSN(t)
	lease := time.Second
	slow := func(d *Deps) { d.JobLease, d.ImportBatch = lease, 2 }
	a := newReplica(t, dsn, slow)
	const files = 40
	id := a.uploadJob(genFiles(300, files)...)
	// B starts once A holds the job, so that A is the one that dies.
	ctx := context.Background()
	deadline := time.Now().Add(raceSlowdown * time.Minute)
	for {
		j, err := a.jobs.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State == JobRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job not claimed: %+v", j)
		}
		time.Sleep(10 * time.Millisecond)
	}
	b := newReplica(t, dsn, slow)
	// Progress through B's endpoint while A runs the job.
	var seen JobStatus
	for {
		st, body := b.get("/api/v1/jobs/" + id)
		if st != http.StatusOK {
			t.Fatalf("job via the other replica: %d %s", st, body)
		}
		seen = decode[JobStatus](t, body)
		if seen.State == JobDone {
			t.Fatalf("job finished before the replica could be stopped: make it longer")
		}
		if seen.Done >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no progress seen through the other replica: %+v", seen)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if seen.State != JobRunning || len(seen.Results) < seen.Done {
		t.Errorf("progress through the other replica: %+v", seen)
	}
	dead, cancel := context.WithCancel(ctx)
	cancel()
	a.stop(dead) // cancels A's run mid-job: no finish, no more heartbeats
	stoppedAt := time.Now()
	storedByA, _ := b.corpus.Store.Count(ctx)

	js := b.waitJob(id, raceSlowdown*2*time.Minute)
	t.Logf("A stored %d of %d files before it stopped; B finished the job %v later", storedByA, files, time.Since(stoppedAt))
	if storedByA == 0 || storedByA >= files {
		t.Errorf("A stored %d of %d files: the test wants it stopped mid-job", storedByA, files)
	}
	if js.Total != files || js.Done != files || js.Failed != 0 || len(js.Results) != files {
		t.Errorf("job after takeover: total %d done %d failed %d results %d", js.Total, js.Done, js.Failed, len(js.Results))
	}
	ids := map[string]bool{}
	for i, r := range js.Results {
		if r.Status != StatusCreated || r.DuplicateOf != nil {
			t.Errorf("result %d %+v: want created", i, r)
		}
		if want := fmt.Sprintf("gen_%03d_", 300+i); len(r.Source) < len(want) || r.Source[:len(want)] != want {
			t.Errorf("result %d is %s: want upload order", i, r.Source)
		}
		ids[r.ID] = true
	}
	n, _ := b.corpus.Store.Count(ctx)
	if n != files || len(ids) != files {
		t.Errorf("%d documents stored, %d distinct ids reported; want %d", n, len(ids), files)
	}
	j, err := b.jobs.Get(ctx, id)
	if err != nil || j.Attempt != 2 || j.Owner != b.srv.owner {
		t.Errorf("job %+v %v: want a second attempt by the other replica", j, err)
	}
}

// An idle replica picks up a job another queued at once (notified), not at
// its next poll.
func TestSharedJobPickup(t *testing.T) {
	dsn := pgtest.DSN(t)
	b := newReplica(t, dsn, func(d *Deps) { d.JobPoll = 20 * time.Second })
	ctx := context.Background()
	qdb, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer qdb.Close()
	var took []time.Duration
	for k := range 5 {
		time.Sleep(300 * time.Millisecond) // b's worker is listening again
		name, text := genDoc(500 + k)
		start := time.Now()
		id, err := qdb.Jobs().Enqueue(ctx, []corpus.JobFile{{Name: name, Data: []byte(text)}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for {
			j, err := qdb.Jobs().Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if j.State != JobQueued {
				break
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("job %s not claimed in %v (poll is 20 s: the notification did not wake the replica)", id, time.Since(start))
			}
			time.Sleep(time.Millisecond)
		}
		took = append(took, time.Since(start))
		b.waitJob(id, raceSlowdown*time.Minute)
	}
	t.Logf("queued → claimed by an idle replica: %v", took)
}

// The shared queue is bounded like the embedded one: with MaxPending
// unfinished jobs in the database (here held by a replica that stopped
// answering, under a long lease), an upload that would be a job gets 429
// queue_full on any replica, and is accepted again once one finishes.
func TestSharedJobQueueFull(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	const limit = 2
	// The dead replica claims its jobs before a starts: a's own workers
	// would otherwise claim them first.
	qdb, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer qdb.Close()
	other := qdb.Jobs()
	var held []string
	for k := range limit {
		id, err := other.Enqueue(ctx, []corpus.JobFile{{Name: fmt.Sprintf("held-%d.txt", k), Data: []byte("x")}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		j, err := other.Claim(ctx, "gone", time.Hour)
		if err != nil || j == nil {
			t.Fatalf("claim %s: %v %v", id, j, err)
		}
		held = append(held, j.ID)
	}
	other.MaxPending = limit
	a := newReplica(t, dsn, func(d *Deps) { d.Jobs.(*postgres.JobQueue).MaxPending = limit })
	st, b := a.upload(genFiles(500, 2)...)
	if st != http.StatusTooManyRequests {
		t.Fatalf("upload with %d unfinished jobs: %d %s, want 429", limit, st, abbrev(b))
	}
	if e := decode[errorBody](t, b); e.Error.Code != CodeQueueFull {
		t.Errorf("code %q, want %q", e.Error.Code, CodeQueueFull)
	}
	if _, err := other.Enqueue(ctx, nil, 0); !errors.Is(err, corpus.ErrQueueFull) {
		t.Errorf("enqueue on a full queue: %v, want ErrQueueFull", err)
	}
	if err := other.Finish(ctx, held[0], "gone", corpus.JobProgress{Done: 1, Total: 1, Results: []byte("[]")}); err != nil {
		t.Fatal(err)
	}
	id := a.uploadJob(genFiles(500, 2)...)
	if js := a.waitJob(id, raceSlowdown*2*time.Minute); js.Done != 2 || js.Failed != 0 {
		t.Errorf("job after a place freed: %+v", js)
	}
}
