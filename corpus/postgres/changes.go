package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
)

var _ corpus.ChangeLog = (*DB)(nil)

// LastChange implements corpus.ChangeLog: the highest sequence number
// written so far (0 for an empty log).
func (db *DB) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&seq)
	return seq, err
}

// Changes implements corpus.ChangeLog: up to limit changes after seq
// after, in sequence order. A row with no document (ReplaceReuse) has an
// empty DocID.
func (db *DB) Changes(ctx context.Context, after int64, limit int) ([]corpus.Change, error) {
	rows, err := db.pool.Query(ctx, `SELECT seq, coalesce(doc_id, ''), op FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("读取变更记录失败 (read change log): %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (corpus.Change, error) {
		var c corpus.Change
		err := r.Scan(&c.Seq, &c.DocID, &c.Op)
		return c, err
	})
}

// Listen implements corpus.ChangeLog: it LISTENs on Channel on a
// connection of its own (taken out of the pool) and calls notify with the
// sequence number of each notification until ctx ends or the connection
// fails. The caller polls as well: a notification sent while no listener
// was connected is lost.
func (db *DB) Listen(ctx context.Context, notify func(seq int64)) error {
	pc, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	conn := pc.Hijack()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		seq, _ := strconv.ParseInt(n.Payload, 10, 64)
		notify(seq)
	}
}

// WithLock implements corpus.ChangeLog: it runs fn holding the session
// advisory lock key on a connection of its own, so that one replica at a
// time runs it. The lock goes with the connection: a replica that dies
// holding it releases it.
func (db *DB) WithLock(ctx context.Context, key int64, fn func(ctx context.Context) error) error {
	pc, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	if _, err := pc.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		// A cancelled wait may leave the connection in any state.
		conn := pc.Hijack()
		conn.Close(context.Background())
		return fmt.Errorf("等待写锁失败 (wait for the write lock): %w", err)
	}
	ferr := fn(ctx)
	uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var ok bool
	if err := pc.QueryRow(uctx, `SELECT pg_advisory_unlock($1)`, key).Scan(&ok); err != nil || !ok {
		// Closing the connection releases the lock.
		conn := pc.Hijack()
		conn.Close(context.Background())
		if err == nil {
			err = errors.New("lock not held")
		}
		return errors.Join(ferr, fmt.Errorf("释放写锁失败 (release the write lock): %w", err))
	}
	pc.Release()
	return ferr
}
