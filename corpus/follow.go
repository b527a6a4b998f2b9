package corpus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
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
	// mu is held while changes are applied to the search index or this
	// replica updates it; seq is the last change applied to it.
	mu  sync.Mutex
	seq int64
	// rebuilt: the changes for every document up to this sequence number
	// were this process's own and its index has them (RefreshReuse,
	// Rebuild); the follower does not rebuild the index again for them.
	rebuilt int64
	// own counts the documents this process is writing itself, from
	// before they are stored until it has indexed them: the follower
	// leaves them to it and notes in skipped (under mu) the ones it left.
	ownMu   sync.Mutex
	own     map[string]int
	skipped map[string]int64 // id → the first change of it left to the writer
	// indexed maps the documents a write of this process indexed itself to
	// the last change its reads covered: the follower need not read them
	// again for changes up to there (under mu).
	indexed map[string]int64

	// deferred: the follower keeps only the reuse index current
	// (DeferFollow).
	deferred atomic.Bool

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
	f = &follower{log: cl, file: filepath.Join(dir, seqFile), seq: last,
		own: map[string]int{}, skipped: map[string]int64{}, indexed: map[string]int64{}}
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
			pending = f.safeSeq()
			f.mu.Unlock()
			continue
		case <-wake:
		case <-poll.C:
		}
		var err error
		if f.deferred.Load() {
			err = c.catchUpReuse(ctx)
		} else {
			f.mu.Lock()
			err = c.catchUpLocked(ctx)
			f.mu.Unlock()
		}
		if err != nil && ctx.Err() == nil {
			c.log.Warn("应用变更失败，稍后重试 (applying changes failed, retrying)", "err", err)
		}
	}
}

// safeSeq is the sequence number to record: f.seq, or before the first
// change the follower left to a write of this process that has not
// indexed it yet (a crash then replays it). f.mu is held.
func (f *follower) safeSeq() int64 {
	seq := f.seq
	for _, s := range f.skipped {
		seq = min(seq, s-1)
	}
	return seq
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

// DeferFollow makes the follower of a shared store keep only the reuse
// index current from now on: other replicas' documents reach this
// replica's search index when it is next opened, which replays the change
// log from where it stopped. For a bulk ingest, which serves no search:
// indexing every other replica's documents costs a replica nearly as much
// CPU as its own (the search index is most of ingest's work), so ingest
// replicas that each index everything barely scale. Serving replicas
// follow in full (writes visible on the others within seconds). No-op on
// the embedded store.
func (c *Corpus) DeferFollow() {
	if f := c.follow; f != nil {
		f.deferred.Store(true)
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

// exclusive runs a write of the corpus other than AddBatch (deletes,
// reuse refreshes). On a shared store it holds the store-wide write lock,
// first applies every change other replicas made to both indexes, and runs
// fn holding the search index too; the follower replays the write's own
// changes afterwards (deletes and scores: cheap), except the rebuild of a
// change for every document, done by fn itself. On the embedded store it
// just runs fn.
func (c *Corpus) exclusive(ctx context.Context, fn func(ctx context.Context) error) error {
	f := c.follow
	if f == nil {
		return fn(ctx)
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	return f.log.WithLock(ctx, writeLockKey, func(ctx context.Context) error {
		if err := c.catchUpReuse(ctx); err != nil {
			return err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if err := c.catchUpLocked(ctx); err != nil {
			return err
		}
		if err := fn(ctx); err != nil {
			return err
		}
		// Changes for every document are written only under this lock,
		// so those up to here are this write's own.
		last, err := f.log.LastChange(ctx)
		if err == nil {
			f.rebuilt = last
		}
		return nil
	})
}

// ownIDs are the ids the store gives the documents of files.
func ownIDs(files []File) []string {
	var ids []string
	for i := range files {
		_, docs, err := Prepare(files[i].Original, files[i].Name, files[i].Docs)
		if err != nil {
			continue // not stored
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// setOwn counts ids in (n=1) or out (n=-1) of this process's own writes.
func (f *follower) setOwn(ids []string, n int) {
	f.ownMu.Lock()
	defer f.ownMu.Unlock()
	for _, id := range ids {
		if f.own[id] += n; f.own[id] <= 0 {
			delete(f.own, id)
		}
	}
}

func (f *follower) isOwn(id string) bool {
	f.ownMu.Lock()
	defer f.ownMu.Unlock()
	return f.own[id] > 0
}

// addShared is AddBatch on a shared store. The files are stored first,
// without the store-wide lock (Put is idempotent by SHA-256 across
// replicas, and storing is most of the database work). Under the lock
// only what must be serial: the reuse index catches up with the documents
// other replicas aligned, and the new documents are aligned against it
// and their pairs and scores written, so that each document is aligned
// against every one aligned before it, as in one sequential ingest. The
// search index is updated after the lock, holding only this replica's
// index lock; the follower indexes other replicas' documents meanwhile and
// leaves this write's own to it.
func (c *Corpus) addShared(ctx context.Context, files []File, res []PutResult, errs []error) error {
	f := c.follow
	bt := BatchTimes{Files: len(files)}
	ids := ownIDs(files)
	f.setOwn(ids, 1)
	settled := false
	defer func() {
		if !settled {
			f.mu.Lock()
			c.settleOwn(context.WithoutCancel(ctx), ids, nil)
			f.mu.Unlock()
		}
	}()
	t := time.Now()
	added, ok, err := c.storeFiles(ctx, files, res, errs)
	if !ok {
		return err
	}
	bt.Store, bt.Docs, t = time.Since(t), len(added), time.Now()
	var scores map[string]float64
	var rerr error
	if len(added) > 0 {
		f.wmu.Lock()
		rerr = f.log.WithLock(ctx, writeLockKey, func(ctx context.Context) error {
			bt.Lock, t = time.Since(t), time.Now()
			if err := c.catchUpReuse(ctx); err != nil {
				return err
			}
			var err error
			scores, err = c.addReuse(ctx, added)
			return err
		})
		f.wmu.Unlock()
		bt.Reuse, t = time.Since(t), time.Now()
	}
	// The search index must not lose this part to a client that went
	// away: the documents are stored.
	ictx := context.WithoutCancel(ctx)
	f.mu.Lock()
	ierr := c.settleOwn(ictx, ids, added)
	if ierr == nil && len(scores) > 0 {
		ierr = c.freshScores(ictx, scores, added)
	}
	settled = true
	f.mu.Unlock()
	bt.Index = time.Since(t)
	return c.batchDone(bt, ierr, rerr)
}

// storedDocs are the documents of the files stored new by this batch, with
// their ids and sources filled in.
func storedDocs(files []File, res []PutResult, errs []error) []doc.Document {
	var added []doc.Document
	for i := range files {
		f := &files[i]
		if errs[i] != nil || res[i].Duplicate {
			continue
		}
		for k := range f.Docs {
			if k < len(res[i].IDs) {
				f.Docs[k].ID = res[i].IDs[k]
			}
			if f.Docs[k].Source == "" {
				f.Docs[k].Source = f.Name
			}
		}
		added = append(added, f.Docs...)
	}
	return added
}

// settleOwn indexes the documents of a write of this process (added, in
// memory) and those of its ids the follower left to it that are not among
// them (stored by another replica first, or by a failed batch), then takes
// ids out of the process's own. Each gets its reuse score as stored now:
// a later change reaches the index through the follower. f.mu is held.
func (c *Corpus) settleOwn(ctx context.Context, ids []string, added []doc.Document) error {
	f := c.follow
	defer f.setOwn(ids, -1)
	have := make(map[string]*doc.Document, len(added))
	var want []string
	for i := range added {
		if have[added[i].ID] == nil {
			want = append(want, added[i].ID)
		}
		have[added[i].ID] = &added[i]
	}
	for _, id := range ids {
		if _, ok := f.skipped[id]; ok && have[id] == nil {
			want = append(want, id)
		}
	}
	for _, id := range ids {
		delete(f.skipped, id)
	}
	if len(want) == 0 {
		return nil
	}
	// First: the covers read below hold every change up to upTo.
	upTo, err := f.log.LastChange(ctx)
	if err != nil {
		return err
	}
	covers, err := c.Store.ReuseCovers(ctx, want)
	if err != nil {
		return err
	}
	var read []string
	for _, id := range want {
		if have[id] == nil {
			read = append(read, id)
		}
	}
	got, err := c.getDocs(ctx, read)
	if err != nil {
		return err
	}
	entries := make([]Entry, 0, len(want))
	for _, id := range want {
		d := have[id]
		if d == nil {
			d = got[id]
		}
		cv, ok := covers[id]
		if d == nil || !ok {
			continue // deleted since
		}
		entries = append(entries, Entry{Doc: *d, ReuseScore: cv.Score})
	}
	if err := c.Index.Put(ctx, entries); err != nil {
		return err
	}
	for _, e := range entries {
		f.indexed[e.Doc.ID] = upTo
	}
	return nil
}

// freshScores hands the index the stored scores of the older documents a
// write's alignment changed (scores' keys other than added's), read now
// so that a later change another replica made is not overwritten; f.mu
// is held.
func (c *Corpus) freshScores(ctx context.Context, scores map[string]float64, added []doc.Document) error {
	isNew := make(map[string]bool, len(added))
	for i := range added {
		isNew[added[i].ID] = true
	}
	var peers []string
	for id := range scores {
		if !isNew[id] {
			peers = append(peers, id)
		}
	}
	if len(peers) == 0 {
		return nil
	}
	covers, err := c.Store.ReuseCovers(ctx, peers)
	if err != nil {
		return err
	}
	fresh := make(map[string]float64, len(covers))
	for id, cv := range covers {
		fresh[id] = cv.Score
	}
	return c.Index.SetReuseScores(ctx, fresh)
}

// docsReader is a store that reads many documents in one query.
type docsReader interface {
	GetMany(ctx context.Context, ids []string) (map[string]*doc.Document, error)
}

// getDocs reads the documents of ids that exist.
func (c *Corpus) getDocs(ctx context.Context, ids []string) (map[string]*doc.Document, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if r, ok := c.Store.(docsReader); ok {
		return r.GetMany(ctx, ids)
	}
	out := make(map[string]*doc.Document, len(ids))
	for _, id := range ids {
		d, err := c.Store.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, nil
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
// change counts and replaying a change twice does no harm. The documents
// this process is writing itself are left to it (noted in f.skipped).
// f.mu is held.
func (c *Corpus) applyChanges(ctx context.Context, chs []Change) error {
	f := c.follow
	last := map[string]string{}
	first := map[string]int64{}
	var order []string
	all := false
	for _, ch := range chs {
		if ch.DocID == "" {
			all = all || ch.Seq > f.rebuilt
			continue
		}
		if ch.Seq <= f.indexed[ch.DocID] {
			continue // indexed by this process's own write after it
		}
		prev, seen := last[ch.DocID]
		if !seen {
			order = append(order, ch.DocID)
			first[ch.DocID] = ch.Seq
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
	scores := map[string]float64{} // documents whose reuse results alone changed
	var need []string
	for _, id := range reads {
		cv, ok := covers[id]
		if !ok {
			dels = append(dels, id) // deleted since
			continue
		}
		if f.isOwn(id) {
			if _, ok := f.skipped[id]; !ok {
				f.skipped[id] = first[id]
			}
			continue
		}
		if last[id] == ChangeReuse {
			// The index holds the document; only the reuse: filter's
			// score changes (no re-indexing).
			scores[id] = cv.Score
			continue
		}
		need = append(need, id)
	}
	got, err := c.getDocs(ctx, need)
	if err != nil {
		return err
	}
	var entries []Entry
	for _, id := range need {
		d := got[id]
		if d == nil {
			dels = append(dels, id) // deleted since
			continue
		}
		entries = append(entries, Entry{Doc: *d, ReuseScore: covers[id].Score})
	}
	if err := c.followReuse(ctx, chs, covers, got); err != nil {
		return err
	}
	end := chs[len(chs)-1].Seq
	for id, upTo := range f.indexed {
		if upTo <= end {
			delete(f.indexed, id)
		}
	}
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
