package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
)

// JobsChannel is notified with a job's id when it is queued.
const JobsChannel = "planmine_jobs"

// MaxJobAttempts is how many times a job is claimed before it is given up
// as failed: a file that kills every replica that reads it must not go
// round for ever.
const MaxJobAttempts = 3

// KeepJobs is how long finished jobs stay for their status to be read.
const KeepJobs = 7 * 24 * time.Hour

// JobQueue is the upload job queue in the database, shared by every
// replica (api.SharedJobQueue). A job is held by one owner under a lease
// that the owner's heartbeats and progress reports extend; once it lapses
// any worker may claim the job again and run it from the start.
type JobQueue struct {
	db *DB
	// MaxPending, when > 0, bounds the unfinished (queued or running)
	// jobs: Enqueue refuses more with corpus.ErrQueueFull, as the embedded
	// queue refuses batches when full. Their files wait in the database.
	MaxPending int
}

// Jobs returns the job queue of the database.
func (db *DB) Jobs() *JobQueue { return &JobQueue{db: db} }

func newJobID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "job-" + hex.EncodeToString(b[:])
}

// Enqueue stores a queued job with its files and returns its id.
func (q *JobQueue) Enqueue(ctx context.Context, files []corpus.JobFile, total int) (string, error) {
	id := newJobID()
	err := pgx.BeginFunc(ctx, q.db.pool, func(tx pgx.Tx) error {
		if q.MaxPending > 0 {
			// One count-and-insert at a time across replicas, so that
			// two at once cannot both take the last place.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(lockJobs)); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')`).Scan(&n); err != nil {
				return err
			}
			if n >= q.MaxPending {
				return corpus.ErrQueueFull
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO jobs(id, state, total) VALUES($1, 'queued', $2)`, id, total); err != nil {
			return err
		}
		rows := make([][]any, len(files))
		for i, f := range files {
			data := f.Data
			if data == nil {
				data = []byte{}
			}
			rows[i] = []any{id, i, f.Name, data, f.TooLarge}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"job_files"}, []string{"job_id", "ord", "name", "data", "too_large"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, JobsChannel, id)
		return err
	})
	if errors.Is(err, corpus.ErrQueueFull) {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("保存任务失败 (store job): %w", err)
	}
	return id, nil
}

// Claim takes the oldest job that is queued, or running under a lease
// that lapsed, for owner until lease from now, and returns it with its
// files; nil when there is none. Jobs skipped because another worker is
// claiming them at the same moment (SKIP LOCKED) are left to it. A claimed
// job starts over: no results, its earlier attempts' stored documents kept
// in Created.
func (q *JobQueue) Claim(ctx context.Context, owner string, lease time.Duration) (*corpus.Job, error) {
	var j *corpus.Job
	err := pgx.BeginFunc(ctx, q.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE jobs SET state='failed', owner=NULL, lease_until=NULL, updated_at=now()
			WHERE id IN (SELECT id FROM jobs WHERE state='running' AND lease_until < now() AND attempt >= $1
			FOR UPDATE SKIP LOCKED)`, MaxJobAttempts); err != nil {
			return err
		}
		var c corpus.Job
		err := tx.QueryRow(ctx, `UPDATE jobs SET state='running', owner=$1, lease_until=now()+make_interval(secs => $2),
			lease_secs=$2, attempt=attempt+1, done=0, failed=0, results='[]', updated_at=now()
			WHERE id = (SELECT id FROM jobs WHERE state='queued' OR (state='running' AND lease_until < now())
				ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
			RETURNING id, state, total, created_ids, owner, lease_until, attempt, created_at, updated_at`,
			owner, lease.Seconds()).Scan(&c.ID, &c.State, &c.Total, &c.Created, &c.Owner, &c.LeaseUntil, &c.Attempt,
			&c.CreatedAt, &c.UpdatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT name, data, too_large FROM job_files WHERE job_id=$1 ORDER BY ord`, c.ID)
		if err != nil {
			return err
		}
		c.Files, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (corpus.JobFile, error) {
			var f corpus.JobFile
			err := r.Scan(&f.Name, &f.Data, &f.TooLarge)
			return f, err
		})
		if err != nil {
			return err
		}
		c.Results = []byte("[]")
		j = &c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("领取任务失败 (claim job): %w", err)
	}
	return j, nil
}

// Heartbeat extends owner's lease on a running job by its lease;
// corpus.ErrJobLost when owner no longer holds it.
func (q *JobQueue) Heartbeat(ctx context.Context, id, owner string) error {
	tag, err := q.db.pool.Exec(ctx, `UPDATE jobs SET lease_until=now()+make_interval(secs => lease_secs)
		WHERE id=$1 AND owner=$2 AND state='running'`, id, owner)
	if err != nil {
		return fmt.Errorf("任务续约失败 (job heartbeat): %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: %s", corpus.ErrJobLost, id)
	}
	return nil
}

// Progress records the counts, appends the new results and stored ids,
// and extends the lease; corpus.ErrJobLost when owner no longer holds it.
func (q *JobQueue) Progress(ctx context.Context, id, owner string, p corpus.JobProgress) error {
	return q.update(ctx, id, owner, p, false)
}

// Finish is the last Progress: the job is done and its files are dropped.
func (q *JobQueue) Finish(ctx context.Context, id, owner string, p corpus.JobProgress) error {
	return q.update(ctx, id, owner, p, true)
}

func (q *JobQueue) update(ctx context.Context, id, owner string, p corpus.JobProgress, finish bool) error {
	results := p.Results
	if len(results) == 0 {
		results = []byte("[]")
	}
	created := p.Created
	if created == nil {
		created = []string{}
	}
	return pgx.BeginFunc(ctx, q.db.pool, func(tx pgx.Tx) error {
		state, lease := "running", "now()+make_interval(secs => lease_secs)"
		if finish {
			state, lease = "done", "NULL"
		}
		tag, err := tx.Exec(ctx, `UPDATE jobs SET state=$3, done=$4, total=$5, failed=$6, results=results || $7::jsonb,
			created_ids=created_ids || $8::text[], lease_until=`+lease+`, updated_at=now()
			WHERE id=$1 AND owner=$2 AND state='running'`, id, owner, state, p.Done, p.Total, p.Failed, string(results), created)
		if err != nil {
			return fmt.Errorf("保存任务进度失败 (store job progress): %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: %s", corpus.ErrJobLost, id)
		}
		if !finish {
			return nil
		}
		if _, err := tx.Exec(ctx, `DELETE FROM job_files WHERE job_id=$1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated_at < now()-make_interval(secs => $1)`,
			KeepJobs.Seconds())
		return err
	})
}

// Get returns a job without its files; corpus.ErrJobNotFound when there
// is none with this id.
func (q *JobQueue) Get(ctx context.Context, id string) (*corpus.Job, error) {
	var j corpus.Job
	var owner *string
	var lease *time.Time
	var results string
	err := q.db.pool.QueryRow(ctx, `SELECT id, state, total, done, failed, results::text, created_ids, owner, lease_until,
		attempt, created_at, updated_at FROM jobs WHERE id=$1`, id).Scan(&j.ID, &j.State, &j.Total, &j.Done, &j.Failed,
		&results, &j.Created, &owner, &lease, &j.Attempt, &j.CreatedAt, &j.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", corpus.ErrJobNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("读取任务失败 (read job): %w", err)
	}
	j.Results = []byte(results)
	if owner != nil {
		j.Owner = *owner
	}
	if lease != nil {
		j.LeaseUntil = *lease
	}
	return &j, nil
}

// Wait returns when a job is queued (a notification on JobsChannel) or
// ctx ends, whichever is first; a worker that found nothing to claim
// waits here instead of polling. A job queued just before the wait began
// is found at the worker's next poll.
func (q *JobQueue) Wait(ctx context.Context) error {
	conn, err := q.db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection goes back LISTENing no more: UNLISTEN on a fresh
	// context, or drop it when that fails.
	defer func() {
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, `UNLISTEN `+JobsChannel); err != nil {
			conn.Conn().Close(uctx)
		}
		conn.Release()
	}()
	if _, err := conn.Exec(ctx, `LISTEN `+JobsChannel); err != nil {
		return err
	}
	_, err = conn.Conn().WaitForNotification(ctx)
	return err
}
