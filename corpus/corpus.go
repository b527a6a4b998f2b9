package corpus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/planmine/planmine/doc"
)

// Query is a search request. Q is the user's query string: free text plus
// field filters (see corpus/search for the language).
type Query struct {
	Q      string `json:"q"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"` // 0 → 10
	// NoFacets skips facet counting when the caller shows none.
	NoFacets bool `json:"-"`
}

// SearchResult is the SPEC §5 GET /search shape.
type SearchResult struct {
	Total  int                     `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
}

// Hit is one matching document; Highlights are snippets of the ORIGINAL
// text (as written, either script) with matches wrapped in <mark>…</mark>.
type Hit struct {
	ID         string   `json:"id"`
	Source     string   `json:"source"`
	Title      string   `json:"title"`
	Score      float64  `json:"score"`
	Highlights []string `json:"highlights"`
	// Part, DocType, Year, Org and ReuseScore come from the store
	// (Corpus.Search fills them; the index alone leaves them zero).
	Part       int     `json:"part"`
	DocType    string  `json:"doc_type"`
	Year       *int    `json:"year"`
	Org        *string `json:"org"`
	ReuseScore float64 `json:"reuse_score"`
}

// FacetCount is one facet value and its document count.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Entry is what the search index receives for one document.
type Entry struct {
	Doc        doc.Document
	ReuseScore float64
}

// Index is the derived full-text search index.
type Index interface {
	// Put adds or replaces documents.
	Put(ctx context.Context, entries []Entry) error
	// SetReuseScores records new reuse scores of indexed documents, for
	// the reuse: filter; the documents themselves are not re-indexed.
	SetReuseScores(ctx context.Context, scores map[string]float64) error
	// Delete removes documents by id; missing ids are ignored.
	Delete(ctx context.Context, ids ...string) error
	// Search runs a query.
	Search(ctx context.Context, q Query) (SearchResult, error)
	// Count returns the number of indexed documents.
	Count() (int, error)
	// IDs returns every indexed document id.
	IDs(ctx context.Context) ([]string, error)
	// Rebuild discards the index and rebuilds it from st.
	Rebuild(ctx context.Context, st Store, progress func(done, total int)) error
	// Close releases the index.
	Close() error
}

// Options configures Open. OpenStore and OpenIndex are the backends (the
// wiring in cmd passes sqlite.OpenStore and search.OpenIndex); they are
// functions because the backends import this package, not the reverse.
type Options struct {
	OpenStore func(ctx context.Context, dir string) (Store, error)
	// OpenIndex opens the index in dir, rebuilding it from st when it is
	// missing, stale or corrupt; progress (may be nil) receives the
	// rebuild's documents done and total.
	OpenIndex func(ctx context.Context, dir string, st Store, progress func(done, total int)) (Index, error)
	// Logger receives repair notices; nil → slog.Default().
	Logger *slog.Logger
	// Progress receives index repair and rebuild progress in Open; may be nil.
	Progress func(done, total int)
}

// ErrIndexNotOpen is returned by the operations that need the search index
// (search, add, delete) on a corpus whose OpenIndex has not returned yet.
var ErrIndexNotOpen = errors.New("搜索索引尚未打开 (search index not open yet)")

// Corpus ties the store (source of truth) to its derived search index.
type Corpus struct {
	Store Store
	// Index is set by OpenIndex (Open calls it); read it only after that
	// has returned.
	Index Index
	log   *slog.Logger
	// reuse is the in-memory copy-detection index, derived from the store
	// on first use (see reusing.go).
	reuse reuseState
	// scores orders the reuse scores the embedded index learns (reusing.go).
	scores scoreFeed

	dir       string
	openIndex func(ctx context.Context, dir string, st Store, progress func(done, total int)) (Index, error)
	// indexOpen is set once OpenIndex has succeeded; the operations that
	// need the index check it first, so a corpus serving store reads
	// while its index opens answers them with ErrIndexNotOpen.
	indexOpen atomic.Bool
	// follow keeps the indexes current from a shared store's change log
	// (follow.go); nil on the embedded store.
	follow *follower
	// observe receives each AddBatch's stage times (ObserveBatches).
	observe atomic.Pointer[func(BatchTimes)]
}

// BatchTimes is how long one AddBatch spent in each stage. Lock is the
// wait for the store-wide write lock (zero on the embedded store); Reuse
// is the reuse query of the new documents against the corpus (on a shared
// store after the reuse index caught up with the documents other replicas
// aligned; candidates, alignment, the pairs and scores written); Index is
// the search index update.
type BatchTimes struct {
	Files, Docs               int
	Lock, Store, Reuse, Index time.Duration
}

// ObserveBatches makes f receive the stage times of every later AddBatch
// that stored something (nil: none). It may be called at any time.
func (c *Corpus) ObserveBatches(f func(BatchTimes)) {
	if f == nil {
		c.observe.Store(nil)
		return
	}
	c.observe.Store(&f)
}

// Open creates dataDir if needed, opens the store in dataDir and the index
// in dataDir/index, and repairs the index when its document count differs
// from the store's (an Add whose indexing step failed, or a crash between
// the store commit and the index flush). It is OpenStore then OpenIndex.
func Open(ctx context.Context, dataDir string, opt Options) (*Corpus, error) {
	c, err := OpenStore(ctx, dataDir, opt)
	if err != nil {
		return nil, err
	}
	var progress func(IndexProgress)
	if opt.Progress != nil {
		progress = func(p IndexProgress) {
			if p.Total > 0 {
				opt.Progress(p.Done, p.Total)
			}
		}
	}
	if err := c.OpenIndex(ctx, progress); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// OpenStore is the first step of Open: it creates dataDir if needed and
// opens the store. The corpus it returns answers store reads (List, Get,
// Original, Targets, Slogans, the stored reuse results) at once; Search,
// Add and Delete wait for OpenIndex. Commands that only read the store
// stop here.
func OpenStore(ctx context.Context, dataDir string, opt Options) (*Corpus, error) {
	if opt.OpenStore == nil || opt.OpenIndex == nil {
		return nil, errors.New("未配置存储后端 (corpus.Options needs OpenStore and OpenIndex)")
	}
	lg := opt.Logger
	if lg == nil {
		lg = slog.Default()
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("创建数据目录失败 (create data dir) %s: %w", dataDir, err)
	}
	st, err := opt.OpenStore(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	return &Corpus{Store: st, log: lg, dir: dataDir, openIndex: opt.OpenIndex}, nil
}

// IndexStep is what OpenIndex is doing, for start-up progress reports.
type IndexStep int

// The steps of OpenIndex, in the order they may come.
const (
	// IndexOpening: opening the index files.
	IndexOpening IndexStep = iota
	// IndexRepairing: adding the documents the index lacks and dropping the
	// ones the store no longer has (after a crash; usually a few).
	IndexRepairing
	// IndexRebuilding: rebuilding the whole index from the store (it was
	// missing, corrupt, built by another version, or the repair failed).
	IndexRebuilding
	// IndexCatchingUp: a replica of a shared store applying the changes
	// other replicas made while it was down (Done and Total count changes
	// of the log, not documents).
	IndexCatchingUp
)

// IndexProgress is one progress report of OpenIndex: its step and, while
// repairing or rebuilding, the documents done out of Total.
type IndexProgress struct {
	Step        IndexStep
	Done, Total int
}

// OpenIndex is the second step of Open: it opens the search index in the
// data directory's index folder, rebuilding it when it is missing, stale
// or corrupt, and repairs it when it disagrees with the store. progress
// (may be nil) hears each step and the documents done. Store reads may run
// on c meanwhile; Close must wait until it returns.
func (c *Corpus) OpenIndex(ctx context.Context, progress func(IndexProgress)) error {
	if c.indexOpen.Load() {
		return errors.New("搜索索引已打开 (search index already open)")
	}
	if progress == nil {
		progress = func(IndexProgress) {}
	}
	progress(IndexProgress{Step: IndexOpening})
	var f *follower
	var rebuild bool
	if cl, ok := c.Store.(ChangeLog); ok {
		var err error
		if f, rebuild, err = c.prepareFollow(ctx, cl); err != nil {
			return err
		}
	}
	ix, err := c.openIndex(ctx, filepath.Join(c.dir, "index"), c.Store, func(done, total int) {
		progress(IndexProgress{Step: IndexRebuilding, Done: done, Total: total})
	})
	if err != nil {
		return err
	}
	c.Index = ix
	if f != nil {
		err = c.catchUpAtOpen(ctx, f, rebuild, progress)
	}
	if err == nil {
		err = c.check(ctx, progress)
	}
	if err != nil {
		ix.Close()
		c.Index, c.follow = nil, nil
		return err
	}
	if f != nil {
		c.runFollow(f)
	}
	c.indexOpen.Store(true)
	return nil
}

// check repairs the index when it disagrees with the store on the count:
// it indexes the documents it lacks and drops the ones the store no longer
// has (a crash loses at most the last few index batches, so this is cheap),
// and falls back to a full rebuild if that fails or the sets still differ.
func (c *Corpus) check(ctx context.Context, progress func(IndexProgress)) error {
	n, err := c.Store.Count(ctx)
	if err != nil {
		return err
	}
	m, err := c.Index.Count()
	if err == nil && m == n {
		return nil
	}
	c.log.Warn("搜索索引与存储不一致，正在修复 (index out of sync with store, repairing)",
		"store", n, "index", m, "err", err)
	if err == nil {
		if err = c.repair(ctx, progress); err == nil {
			if m, err = c.Index.Count(); err == nil && m == n {
				return nil
			}
		}
	}
	c.log.Warn("增量修复失败，完整重建索引 (incremental repair failed, rebuilding)", "err", err)
	return c.Index.Rebuild(ctx, c.Store, func(done, total int) {
		progress(IndexProgress{Step: IndexRebuilding, Done: done, Total: total})
	})
}

// repairChunk is how many missing documents repair loads and indexes at a
// time, so that a large repair reports progress and holds few documents.
const repairChunk = 200

func (c *Corpus) repair(ctx context.Context, progress func(IndexProgress)) error {
	sids, err := c.Store.IDs(ctx)
	if err != nil {
		return err
	}
	iids, err := c.Index.IDs(ctx)
	if err != nil {
		return err
	}
	inIndex := make(map[string]bool, len(iids))
	for _, id := range iids {
		inIndex[id] = true
	}
	scores, err := c.Store.ReuseScores(ctx)
	if err != nil {
		return err
	}
	var missing []string
	for _, id := range sids {
		if inIndex[id] {
			delete(inIndex, id)
			continue
		}
		missing = append(missing, id)
	}
	if len(missing) > 0 {
		progress(IndexProgress{Step: IndexRepairing, Total: len(missing)})
	}
	for done := 0; done < len(missing); {
		chunk := missing[done:min(done+repairChunk, len(missing))]
		entries := make([]Entry, 0, len(chunk))
		for _, id := range chunk {
			d, err := c.Store.Get(ctx, id)
			if err != nil {
				return err
			}
			entries = append(entries, Entry{Doc: *d, ReuseScore: scores[id]})
		}
		if err := c.Index.Put(ctx, entries); err != nil {
			return err
		}
		done += len(chunk)
		progress(IndexProgress{Step: IndexRepairing, Done: done, Total: len(missing)})
	}
	var extra []string
	for id := range inIndex {
		extra = append(extra, id)
	}
	c.log.Info("索引已修复 (index repaired)", "added", len(missing), "removed", len(extra))
	return c.Index.Delete(ctx, extra...)
}

// Add stores a file and its documents, then indexes them. The store commit
// comes first: if indexing fails the documents are kept and the next Open
// repairs the index; the error is still returned so the caller can report it.
// The ids assigned are written back into docs[i].ID.
func (c *Corpus) Add(ctx context.Context, name string, original []byte, docs []doc.Document) (PutResult, error) {
	files := []File{{Name: name, Original: original, Docs: docs}}
	res, errs, err := c.AddBatch(ctx, files)
	if errs[0] != nil {
		return res[0], errs[0]
	}
	return res[0], err
}

// File is one input file for AddBatch: its name, original bytes and the
// analysed documents read from it.
type File struct {
	Name     string
	Original []byte
	Docs     []doc.Document
}

// AddBatch stores the files in one durable commit (Store.PutFiles; no file
// is acknowledged before it) and then updates the reuse index and the
// search index once for the whole batch: one index batch instead of one per
// file, which is what bulk ingest spends its time on otherwise (segment
// merges). errs[i] is file i's store failure (a failure of the whole store
// batch is every file's); err is a failure of the shared reuse or indexing
// step (the files are stored and the next Open repairs the index). The ids
// assigned are written back into the documents, and each file's Original is
// set to nil once stored.
func (c *Corpus) AddBatch(ctx context.Context, files []File) (res []PutResult, errs []error, err error) {
	res, errs, index := c.StageBatch(ctx, files)
	return res, errs, index()
}

// StageBatch is AddBatch in two steps, for a pipeline that stores and
// aligns the next batch while the search index takes this one: it stores
// the files and updates reuse, and returns the rest, the search index
// update, as index. The caller calls index exactly once, before it reports
// the files stored; the index calls of one caller's batches go in the
// order the batches were staged, one at a time, and the next StageBatch
// may run meanwhile. index returns what AddBatch's err would hold. On a
// shared store the whole batch is done by StageBatch and index only
// returns its error.
func (c *Corpus) StageBatch(ctx context.Context, files []File) (res []PutResult, errs []error, index func() error) {
	res = make([]PutResult, len(files))
	errs = make([]error, len(files))
	if !c.indexOpen.Load() {
		for i := range errs {
			errs[i] = ErrIndexNotOpen
		}
		return res, errs, func() error { return ErrIndexNotOpen }
	}
	if c.follow != nil {
		err := c.addShared(ctx, files, res, errs)
		return res, errs, func() error { return err }
	}
	return res, errs, c.stageBatch(ctx, files, res, errs)
}

// storeFiles stores a batch's files and returns the documents it added,
// with those an unfinished earlier write left; ok is false when there is
// nothing to go on with: the store failed the whole batch (every errs[i]
// holds why, err is nil) or the unfinished documents could not be read
// (err). The originals are dropped once stored (or failed): the reuse and
// index updates after, the longest part of a batch, need not hold a batch
// of file bytes (≈35 MB per 256 files of a mixed TXT/DOCX/PDF ingest).
func (c *Corpus) storeFiles(ctx context.Context, files []File, res []PutResult, errs []error) (added []doc.Document, ok bool, err error) {
	r, e, err := c.Store.PutFiles(ctx, files)
	copy(res, r)
	copy(errs, e)
	for i := range files {
		files[i].Original = nil
	}
	if err != nil {
		return nil, false, nil
	}
	added = storedDocs(files, res, errs)
	more, err := c.unfinished(ctx, res, errs)
	if err != nil {
		return nil, false, err
	}
	return append(added, more...), true, nil
}

// stageBatch is StageBatch on the embedded store: the batch is stored
// and aligned, and the index update is returned.
func (c *Corpus) stageBatch(ctx context.Context, files []File, res []PutResult, errs []error) (index func() error) {
	bt := BatchTimes{Files: len(files)}
	t := time.Now()
	added, ok, err := c.storeFiles(ctx, files, res, errs)
	if !ok || len(added) == 0 {
		return func() error { return err }
	}
	bt.Store, bt.Docs, t = time.Since(t), len(added), time.Now()
	// Reuse first, so the one index batch below carries the new scores of
	// the new documents; the older documents they share text with only
	// get their new scores (addReuse hands them over), without being
	// indexed again.
	scores, rerr := c.addReuse(ctx, added)
	bt.Reuse = time.Since(t)
	return func() error {
		// The documents are stored: the index takes them even if the
		// caller has gone away meanwhile.
		ctx := context.WithoutCancel(ctx)
		t := time.Now()
		entries := make([]Entry, 0, len(added))
		for i := range added {
			entries = append(entries, Entry{Doc: added[i], ReuseScore: scores[added[i].ID]})
		}
		ierr := c.Index.Put(ctx, entries)
		// The older peers' new scores reached the index in addReuse; the
		// new documents' may have changed since their alignment.
		if serr := c.settleScores(ctx, added); ierr == nil {
			ierr = serr
		}
		bt.Index = time.Since(t)
		return c.batchDone(bt, ierr, rerr)
	}
}

// batchDone reports a batch that stored documents to the observer and
// turns the failures of its index (ierr) and reuse (rerr) updates into
// the batch's error: the documents are stored either way.
func (c *Corpus) batchDone(bt BatchTimes, ierr, rerr error) error {
	if bt.Docs > 0 {
		if f := c.observe.Load(); f != nil {
			(*f)(bt)
		}
	}
	if ierr != nil {
		return fmt.Errorf("已保存但索引失败 (stored, indexing failed; repaired at next start): %w", ierr)
	}
	if rerr != nil {
		return fmt.Errorf("已保存但查重失败 (stored, reuse update failed): %w", rerr)
	}
	return nil
}

// Get returns one stored document.
func (c *Corpus) Get(ctx context.Context, id string) (*doc.Document, error) {
	return c.Store.Get(ctx, id)
}

// Delete removes a document from the store and the index, and recomputes
// the reuse scores of the documents it shared passages with.
func (c *Corpus) Delete(ctx context.Context, id string) error {
	if !c.indexOpen.Load() {
		return ErrIndexNotOpen
	}
	return c.exclusive(ctx, func(ctx context.Context) error { return c.delete(ctx, id) })
}

func (c *Corpus) delete(ctx context.Context, id string) error {
	// Its peers, read before the store drops its pair rows with it.
	rows, err := c.Store.ReusePairs(ctx, id)
	if err != nil {
		return err
	}
	var peers []string
	for _, r := range rows {
		if r.A != id {
			peers = append(peers, r.A)
		} else if r.B != id {
			peers = append(peers, r.B)
		}
	}
	if err := c.Store.Delete(ctx, id); err != nil {
		return err
	}
	if err := c.Index.Delete(ctx, id); err != nil {
		return err
	}
	scores, err := c.removeReuse(ctx, id, peers)
	if err != nil || c.follow == nil {
		return err // the embedded index learned them in removeReuse
	}
	return c.Index.SetReuseScores(ctx, scores)
}

// Search runs a query against the index and adds each hit's part, type,
// year, org and reuse score from the store.
func (c *Corpus) Search(ctx context.Context, q Query) (SearchResult, error) {
	if !c.indexOpen.Load() {
		return SearchResult{}, ErrIndexNotOpen
	}
	res, err := c.Index.Search(ctx, q)
	if err != nil || len(res.Hits) == 0 {
		return res, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	sums, err := c.Summaries(ctx, ids)
	if err != nil {
		return SearchResult{}, err
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		if s, ok := sums[h.ID]; ok {
			h.Part, h.DocType, h.Year, h.Org, h.ReuseScore = s.Part, s.DocType, s.Year, s.Org, s.ReuseScore
		}
	}
	return res, nil
}

// Targets lists targets across the corpus.
func (c *Corpus) Targets(ctx context.Context, f TargetFilter) ([]TargetRow, int, error) {
	return c.Store.Targets(ctx, f)
}

// SetReuse stores a reuse score and hands it to the index so that
// `reuse:>=0.5` queries see it.
func (c *Corpus) SetReuse(ctx context.Context, docID string, score float64, pairsJSON []byte) error {
	if !c.indexOpen.Load() {
		return ErrIndexNotOpen
	}
	return c.exclusive(ctx, func(ctx context.Context) error { return c.setReuse(ctx, docID, score, pairsJSON) })
}

func (c *Corpus) setReuse(ctx context.Context, docID string, score float64, pairsJSON []byte) error {
	scores := map[string]float64{docID: score}
	if c.follow != nil {
		if err := c.Store.SetReuse(ctx, docID, score, pairsJSON); err != nil {
			return err
		}
		return c.Index.SetReuseScores(ctx, scores)
	}
	// Under the alignments' lock, so that the index learns this score in
	// the order the store took it (feedScores).
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	if err := c.Store.SetReuse(ctx, docID, score, pairsJSON); err != nil {
		return err
	}
	return c.feedScores(ctx, scores, nil)
}

// Reindex rebuilds the search index from the store.
func (c *Corpus) Reindex(ctx context.Context, progress func(done, total int)) error {
	if !c.indexOpen.Load() {
		return ErrIndexNotOpen
	}
	return c.Index.Rebuild(ctx, c.Store, progress)
}

// Close closes the index (when open) and the store.
func (c *Corpus) Close() error {
	var err error
	if c.indexOpen.Swap(false) {
		c.stopFollow()
		err = c.Index.Close()
		if err == nil && c.follow != nil {
			err = c.follow.record(c.follow.safeSeq())
		}
	}
	return errors.Join(err, c.Store.Close())
}
