package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/pgtest"
)

// Several workers on their own pools claiming at once take every job
// exactly once; claiming costs a few milliseconds.
func TestJobsClaimOnce(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	q := open(t, dsn).Jobs()
	const jobs, workers = 40, 4
	var want []string
	for i := range jobs {
		id, err := q.Enqueue(ctx, []corpus.JobFile{{Name: fmt.Sprintf("%d.txt", i), Data: []byte("x")}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
	}
	var mu sync.Mutex
	var got []string
	var took []time.Duration
	var wg sync.WaitGroup
	for w := range workers {
		wq := open(t, dsn).Jobs()
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("w%d", w)
			for {
				start := time.Now()
				j, err := wq.Claim(ctx, owner, time.Minute)
				d := time.Since(start)
				if err != nil {
					t.Error(err)
					return
				}
				if j == nil {
					return
				}
				if len(j.Files) != 1 || string(j.Files[0].Data) != "x" || j.Owner != owner || j.Attempt != 1 {
					t.Errorf("claimed %+v", j)
				}
				if err := wq.Finish(ctx, j.ID, owner, corpus.JobProgress{Done: 1, Total: 1, Results: []byte(`[{"id":"a"}]`)}); err != nil {
					t.Error(err)
				}
				mu.Lock()
				got, took = append(got, j.ID), append(took, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("claimed %d jobs (%d distinct), want each of %d once", len(got), len(slices.Compact(slices.Clone(got))), len(want))
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	t.Logf("claim latency over %d claims by %d workers: p50 %v, p90 %v, max %v", len(took), workers,
		took[len(took)/2], took[len(took)*9/10], took[len(took)-1])
	j, err := q.Get(ctx, want[0])
	if err != nil || j.State != corpus.JobDone || j.Done != 1 || string(j.Results) != `[{"id": "a"}]` {
		t.Errorf("finished job %+v %s %v", j, j.Results, err)
	}
	if _, err := q.Get(ctx, "job-nope"); !errors.Is(err, corpus.ErrJobNotFound) {
		t.Errorf("unknown job: %v", err)
	}
}

// A job whose lease lapses is claimed again by another worker, starts
// over with the earlier attempt's stored ids, and the first owner's
// reports are refused; after MaxJobAttempts lapses it fails.
func TestJobsLeaseExpiry(t *testing.T) {
	ctx := context.Background()
	q := open(t, pgtest.DSN(t)).Jobs()
	id, err := q.Enqueue(ctx, []corpus.JobFile{{Name: "a.txt", Data: []byte("a")}, {Name: "big.zip", TooLarge: true}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	j, err := q.Claim(ctx, "A", 300*time.Millisecond)
	if err != nil || j == nil || j.ID != id || len(j.Files) != 2 || !j.Files[1].TooLarge {
		t.Fatalf("claim: %+v %v", j, err)
	}
	if err := q.Progress(ctx, id, "A", corpus.JobProgress{Done: 1, Total: 2, Results: []byte(`[{"id":"d1"}]`), Created: []string{"d1"}}); err != nil {
		t.Fatal(err)
	}
	if j, _ := q.Claim(ctx, "B", time.Minute); j != nil {
		t.Fatalf("claimed a job under a live lease: %+v", j)
	}
	time.Sleep(400 * time.Millisecond)
	j, err = q.Claim(ctx, "B", 300*time.Millisecond)
	if err != nil || j == nil || j.ID != id || j.Attempt != 2 || !slices.Equal(j.Created, []string{"d1"}) {
		t.Fatalf("reclaim after the lease lapsed: %+v %v", j, err)
	}
	if got, _ := q.Get(ctx, id); got.Done != 0 || string(got.Results) != "[]" || got.Owner != "B" {
		t.Errorf("a re-run starts over: %+v %s", got, got.Results)
	}
	for _, err := range []error{
		q.Heartbeat(ctx, id, "A"),
		q.Progress(ctx, id, "A", corpus.JobProgress{Done: 2}),
		q.Finish(ctx, id, "A", corpus.JobProgress{Done: 2}),
	} {
		if !errors.Is(err, corpus.ErrJobLost) {
			t.Errorf("the old owner's report: %v, want ErrJobLost", err)
		}
	}
	if err := q.Heartbeat(ctx, id, "B"); err != nil {
		t.Errorf("heartbeat: %v", err)
	}
	// Two more lapses: the third attempt is the last.
	time.Sleep(400 * time.Millisecond)
	if j, _ := q.Claim(ctx, "C", 100*time.Millisecond); j == nil || j.Attempt != 3 {
		t.Fatalf("third attempt: %+v", j)
	}
	time.Sleep(200 * time.Millisecond)
	if j, _ := q.Claim(ctx, "D", time.Minute); j != nil {
		t.Errorf("claimed a job past its attempts: %+v", j)
	}
	if got, _ := q.Get(ctx, id); got.State != corpus.JobFailed {
		t.Errorf("after %d lapsed attempts: state %s", MaxJobAttempts, got.State)
	}
}
