package corpus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/planmine/planmine/doc"
)

// Change is one entry of a shared store's change log: a document put,
// deleted or given new reuse results. An empty DocID stands for every
// document (the reuse results were replaced as a whole).
type Change struct {
	Seq   int64
	DocID string
	Op    string // ChangePut, ChangeDelete or ChangeReuse
}

// Change log operations.
const (
	ChangePut    = "put"
	ChangeDelete = "delete"
	ChangeReuse  = "reuse"
)

// ChangeLog is what a store shared by several replicas (corpus/postgres)
// offers them: each replica keeps its own search index and reuse postings
// as derived data and follows the log to keep them current. A Store that
// implements it is followed; the embedded store, owned by one process,
// does not.
type ChangeLog interface {
	// LastChange is the highest sequence number written so far.
	LastChange(ctx context.Context) (int64, error)
	// Changes returns up to limit changes after seq after, in order.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
	// Listen calls notify when changes are written, until ctx ends or
	// the connection fails; notifications may be lost, so callers poll too.
	Listen(ctx context.Context, notify func(seq int64)) error
	// WithLock runs fn while holding the store-wide lock key: one
	// replica at a time.
	WithLock(ctx context.Context, key int64, fn func(ctx context.Context) error) error
}

// writeLockKey serialises the writes of all replicas ("planmine" in ASCII,
// then 0x10): each write aligns new documents against a reuse index that
// holds every document stored before it, as one process would.
const writeLockKey = 0x706c616e6d696e10

// Follower timing: a poll in case a notification was lost, and how long an
// applied sequence number waits before it is recorded (the search index
// persists its batches in the background; recording a number only once its
// batch is surely on disk means a crash replays a little, never skips).
const (
	followPoll  = time.Second
	followSave  = 5 * time.Second
	followChunk = 1000
	seqFile     = "changes-seq.json"
)

// follower keeps a replica's derived indexes current from the change log.
type follower struct {
	log  ChangeLog
	file string
	// wmu admits one write of this process at a time to the store-wide
	// lock (each waiter would otherwise hold a pooled connection).
	wmu sync.Mutex
	// mu is held while changes are applied or this replica writes; seq is
	// the last change applied to the index.
	mu  sync.Mutex
	seq int64

	cancel context.CancelFunc
	done   chan struct{}
}

type seqRecord struct {
	Seq int64 `json:"seq"`
}

// prepareFollow reads, before the index is opened, where the replica's
// index stands in the log: the recorded sequence number, or the current
// end of the log when the index is about to be built from the store.
func (c *Corpus) prepareFollow(ctx context.Context, cl ChangeLog) (f *follower, rebuild bool, err error) {
	last, err := cl.LastChange(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("读取变更记录失败 (read change log): %w", err)
	}
	dir := filepath.Join(c.dir, "index")
	f = &follower{log: cl, file: filepath.Join(dir, seqFile), seq: last}
	b, rerr := os.ReadFile(f.file)
	var rec seqRecord
	switch {
	case rerr == nil && json.Unmarshal(b, &rec) == nil && rec.Seq <= last:
		f.seq = rec.Seq
	case rerr == nil:
		// Unreadable, or ahead of the log: another database's index.
		rebuild = true
	default:
		// No record: a new index is built from the store (after last, so
		// replaying from last misses nothing); an old one is rebuilt.
		if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
			rebuild = true
		}
	}
	return f, rebuild, nil
}

// catchUpAtOpen replays the changes after the index's sequence number
// (rebuilding first an index that is not this database's); OpenIndex runs
// it before its count check, which then only repairs what the log missed.
// progress hears the changes applied out of those to apply.
func (c *Corpus) catchUpAtOpen(ctx context.Context, f *follower, rebuild bool, progress func(IndexProgress)) error {
	t := time.Now()
	if rebuild {
		c.log.Warn("索引不属于此数据库，完整重建 (index does not match the database, rebuilding)")
		if err := c.Index.Rebuild(ctx, c.Store, nil); err != nil {
			return err
		}
	}
	from := f.seq
	c.follow = f
	var report func(int64)
	if progress != nil {
		last, err := f.log.LastChange(ctx)
		if err != nil {
			return fmt.Errorf("读取变更记录失败 (read change log): %w", err)
		}
		if last > from {
			total := int(last - from)
			progress(IndexProgress{Step: IndexCatchingUp, Total: total})
			report = func(seq int64) {
				progress(IndexProgress{Step: IndexCatchingUp, Done: min(int(seq-from), total), Total: total})
			}
		}
	}
	f.mu.Lock()
	err := c.catchUpReporting(ctx, report)
	seq := f.seq
	f.mu.Unlock()
	if err != nil {
		return err
	}
	if seq > from {
		c.log.Info("已从变更记录追上 (caught up from the change log)", "from", from, "to", seq,
			"took", time.Since(t).Round(time.Millisecond))
	}
	return nil
}

// runFollow follows the log in the background until Close.
func (c *Corpus) runFollow(f *follower) {
	fctx, cancel := context.WithCancel(context.Background())
	f.cancel, f.done = cancel, make(chan struct{})
	go c.followLoop(fctx, f)
}

// followLoop applies changes as they are announced, or at the latest every
// followPoll, and records the applied sequence number now and then.
func (c *Corpus) followLoop(ctx context.Context, f *follower) {
	defer close(f.done)
	wake := make(chan struct{}, 1)
	go func() {
		for ctx.Err() == nil {
			err := f.log.Listen(ctx, func(int64) {
				select {
				case wake <- struct{}{}:
				default:
				}
			})
			if ctx.Err() != nil {
				return
			}
			c.log.Warn("变更通知连接断开，重连中 (change notifications lost, reconnecting)", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(followPoll):
			}
		}
	}()
	poll := time.NewTicker(followPoll)
	defer poll.Stop()
	save := time.NewTicker(followSave)
	defer save.Stop()
	var pending int64 = -1
	for {
		select {
		case <-ctx.Done():
			return
		case <-save.C:
			if pending >= 0 {
				if err := f.record(pending); err != nil {
					c.log.Warn("记录变更序号失败 (record change seq)", "err", err)
				}
			}
			f.mu.Lock()
			pending = f.seq
			f.mu.Unlock()
			continue
		case <-wake:
		case <-poll.C:
		}
		f.mu.Lock()
		err := c.catchUpLocked(ctx)
		f.mu.Unlock()
		if err != nil && ctx.Err() == nil {
			c.log.Warn("应用变更失败，稍后重试 (applying changes failed, retrying)", "err", err)
		}
	}
}

// record writes seq beside the index, atomically.
func (f *follower) record(seq int64) error {
	b, _ := json.Marshal(seqRecord{Seq: seq})
	tmp := f.file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, f.file)
}

// stopFollow ends the background follower; Close then records the last
// applied sequence number once the index is flushed and closed.
func (c *Corpus) stopFollow() {
	if f := c.follow; f != nil && f.cancel != nil {
		f.cancel()
		<-f.done
	}
}

// FollowedSeq is the last change of the shared store's log applied to this
// replica's indexes (0 on the embedded backend).
func (c *Corpus) FollowedSeq() int64 {
	f := c.follow
	if f == nil {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seq
}

// exclusive runs a write of the corpus. On a shared store it holds the
// store-wide write lock, first applies every change other replicas made,
// and afterwards counts the changes of the write as applied (the write
// updated this replica's indexes itself). On the embedded store it just
// runs fn.
func (c *Corpus) exclusive(ctx context.Context, fn func(ctx context.Context) error) error {
	f := c.follow
	if f == nil {
		return fn(ctx)
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	return f.log.WithLock(ctx, writeLockKey, func(ctx context.Context) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		if err := c.catchUpLocked(ctx); err != nil {
			return err
		}
		if err := fn(ctx); err != nil {
			// Not advanced: the follower replays this write's changes.
			return err
		}
		last, err := f.log.LastChange(ctx)
		if err == nil {
			f.seq = last
		}
		return nil
	})
}

// catchUpLocked applies the changes after f.seq; f.mu is held.
func (c *Corpus) catchUpLocked(ctx context.Context) error {
	return c.catchUpReporting(ctx, nil)
}

// catchUpReporting is catchUpLocked telling report (if set) the sequence
// number reached after each chunk of changes.
func (c *Corpus) catchUpReporting(ctx context.Context, report func(seq int64)) error {
	f := c.follow
	if f == nil {
		return nil
	}
	for {
		chs, err := f.log.Changes(ctx, f.seq, followChunk)
		if err != nil {
			return err
		}
		if len(chs) == 0 {
			return nil
		}
		if err := c.applyChanges(ctx, chs); err != nil {
			return err
		}
		f.seq = chs[len(chs)-1].Seq
		if report != nil {
			report(f.seq)
		}
		if len(chs) < followChunk {
			return nil
		}
	}
}

// applyChanges brings the search index and the in-memory reuse index up to
// date with chs. Each document is read as it is now, so only its last
// change counts and replaying a change twice does no harm. New documents
// join the reuse index without being aligned: their writer stored their
// pairs and scores.
func (c *Corpus) applyChanges(ctx context.Context, chs []Change) error {
	last := map[string]string{}
	var order []string
	all := false
	for _, ch := range chs {
		if ch.DocID == "" {
			all = true
			continue
		}
		prev, seen := last[ch.DocID]
		if !seen {
			order = append(order, ch.DocID)
		}
		if ch.Op != ChangeReuse || prev == "" {
			last[ch.DocID] = ch.Op
		}
	}
	var dels, reads []string
	for _, id := range order {
		if last[id] == ChangeDelete {
			dels = append(dels, id)
		} else {
			reads = append(reads, id)
		}
	}
	covers, err := c.Store.ReuseCovers(ctx, reads)
	if err != nil {
		return err
	}
	var entries []Entry
	var added []doc.Document
	scores := map[string]float64{} // documents whose reuse results alone changed
	for _, id := range reads {
		cv, ok := covers[id]
		if last[id] == ChangeReuse {
			if ok {
				// The index holds the document; only the reuse: filter's
				// score changes (no re-indexing).
				scores[id] = cv.Score
			} else {
				dels = append(dels, id) // deleted since
			}
			continue
		}
		d, err := c.Store.Get(ctx, id)
		if errors.Is(err, ErrNotFound) || (err == nil && !ok) {
			dels = append(dels, id) // deleted since
			continue
		}
		if err != nil {
			return err
		}
		entries = append(entries, Entry{Doc: *d, ReuseScore: cv.Score})
		added = append(added, *d)
	}
	c.reuse.mu.Lock()
	if c.reuse.ready {
		for _, id := range dels {
			c.reuse.ix.Remove(id)
		}
		for i := range added {
			c.reuse.ix.Add(reuseDoc(&added[i]))
		}
	}
	c.reuse.mu.Unlock()
	if all {
		return c.Index.Rebuild(ctx, c.Store, nil)
	}
	if len(dels) > 0 {
		if err := c.Index.Delete(ctx, dels...); err != nil {
			return err
		}
	}
	if len(entries) > 0 {
		if err := c.Index.Put(ctx, entries); err != nil {
			return err
		}
	}
	if len(scores) > 0 {
		return c.Index.SetReuseScores(ctx, scores)
	}
	return nil
}
