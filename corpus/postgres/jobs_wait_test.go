package postgres

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/pgtest"
)

// Wait returns as soon as another pool queues a job, and a wait that
// times out keeps its connection for the next.
func TestJobsWait(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)
	for range 5 {
		wctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
		if err := a.Jobs().Wait(wctx); wctx.Err() == nil {
			t.Errorf("wait without a job returned %v", err)
		}
		cancel()
	}
	if n := a.pool.Stat().NewConnsCount(); n > 2 {
		t.Errorf("%d connections opened for 5 timed-out waits", n)
	}
	woke := make(chan time.Time, 1)
	ready := make(chan struct{})
	go func() {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		close(ready)
		err := a.Jobs().Wait(wctx)
		if err != nil {
			t.Error(err)
		}
		woke <- time.Now()
	}()
	<-ready
	time.Sleep(200 * time.Millisecond) // LISTEN is in place
	queued := time.Now()
	if _, err := b.Jobs().Enqueue(ctx, []corpus.JobFile{{Name: "a.txt", Data: []byte("a")}}, 1); err != nil {
		t.Fatal(err)
	}
	d := (<-woke).Sub(queued)
	t.Logf("a waiting pool woke %v after another queued a job", d)
	if d > 5*time.Second {
		t.Errorf("woke after %v", d)
	}
}

// migrationCount is how many migrations the package embeds (each applied
// once, whichever replica started first).
func migrationCount(t *testing.T) int {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	return len(names)
}
