package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// reuseState holds the copy-detection index. It is derived data: built
// from the store on first use, updated on every Add and Delete, never
// persisted (the pairs it finds are, in the store).
type reuseState struct {
	mu    sync.Mutex
	ix    *reuse.Index
	opt   reuse.Options
	ready bool
	// members are the documents ix holds. On a shared store seq is the
	// last change of the log applied to ix: a document joins once its
	// writer aligned it (its reuse cover is stored), so that each document
	// is aligned against those aligned before it, on whichever replica.
	members map[string]bool
	seq     int64
}

// SetReuseOptions replaces the reuse options; call it before the first Add.
func (c *Corpus) SetReuseOptions(opt reuse.Options) {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	c.reuse.opt = opt
}

// reuseIndex returns the index, loading every stored document into it the
// first time. The caller holds c.reuse.mu.
func (c *Corpus) reuseIndex(ctx context.Context) (*reuse.Index, error) {
	if c.reuse.ready {
		return c.reuse.ix, nil
	}
	var last int64
	var skip map[string]bool
	if f := c.follow; f != nil {
		// From where the log is replayed (first: a change made while the
		// store is read is replayed, which does no harm), and the
		// documents stored but not aligned yet: they join once aligned.
		var err error
		if last, err = f.log.LastChange(ctx); err != nil {
			return nil, err
		}
		if ua, ok := c.Store.(unaligned); ok {
			ids, err := ua.Unaligned(ctx)
			if err != nil {
				return nil, err
			}
			skip = make(map[string]bool, len(ids))
			for _, id := range ids {
				skip[id] = true
			}
		}
	}
	ix := reuse.New(c.reuse.opt)
	members := map[string]bool{}
	err := c.Store.All(ctx, func(d doc.Document) error {
		if !skip[d.ID] {
			ix.Add(reuseDoc(&d))
			members[d.ID] = true
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	c.reuse.ix, c.reuse.ready, c.reuse.members, c.reuse.seq = ix, true, members, last
	return ix, nil
}

// unaligned is a shared store that lists the documents whose reuse
// results were never written (their writer has not aligned them yet, or
// stopped before it did).
type unaligned interface {
	Unaligned(ctx context.Context) ([]string, error)
}

// catchUpReuse brings the reuse index up to date with the change log of a
// shared store: documents other replicas aligned join it, deleted ones
// leave. A write runs it under the store-wide lock before aligning; the
// follower runs the same in the background, so little is left for then.
func (c *Corpus) catchUpReuse(ctx context.Context) error {
	f := c.follow
	if f == nil {
		return nil
	}
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	if !c.reuse.ready {
		return nil // loaded whole on first use
	}
	for {
		chs, err := f.log.Changes(ctx, c.reuse.seq, followChunk)
		if err != nil {
			return err
		}
		if len(chs) == 0 {
			return nil
		}
		if err := c.applyReuseLocked(ctx, chs, nil, nil); err != nil {
			return err
		}
		if len(chs) < followChunk {
			return nil
		}
	}
}

// followReuse is the follower's part of catchUpReuse: chs applied to the
// reuse index with the covers and documents already read for the search
// index (either may lack some).
func (c *Corpus) followReuse(ctx context.Context, chs []Change, covers map[string]ReuseCover, got map[string]*doc.Document) error {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	if !c.reuse.ready {
		return nil
	}
	return c.applyReuseLocked(ctx, chs, covers, got)
}

// applyReuseLocked applies the changes of chs after c.reuse.seq to the
// reuse index; c.reuse.mu is held. A document whose cover is not stored
// yet is left out: its writer logs a reuse change when it has aligned it.
func (c *Corpus) applyReuseLocked(ctx context.Context, chs []Change, covers map[string]ReuseCover, got map[string]*doc.Document) error {
	last := map[string]string{}
	var order []string
	for _, ch := range chs {
		if ch.Seq <= c.reuse.seq || ch.DocID == "" {
			continue
		}
		if _, seen := last[ch.DocID]; !seen {
			order = append(order, ch.DocID)
		}
		last[ch.DocID] = ch.Op
	}
	var join, ask []string
	for _, id := range order {
		if last[id] == ChangeDelete {
			if c.reuse.members[id] {
				c.reuse.ix.Remove(id)
				delete(c.reuse.members, id)
			}
			continue
		}
		if c.reuse.members[id] {
			continue
		}
		join = append(join, id)
		if _, ok := covers[id]; !ok {
			ask = append(ask, id)
		}
	}
	if len(ask) > 0 {
		more, err := c.Store.ReuseCovers(ctx, ask)
		if err != nil {
			return err
		}
		all := make(map[string]ReuseCover, len(covers)+len(more))
		for id, cv := range covers {
			all[id] = cv
		}
		for id, cv := range more {
			all[id] = cv
		}
		covers = all
	}
	var ready, read []string
	for _, id := range join {
		if cv, ok := covers[id]; ok && cv.Cover != nil {
			ready = append(ready, id)
			if got[id] == nil {
				read = append(read, id)
			}
		}
	}
	more, err := c.getDocs(ctx, read)
	if err != nil {
		return err
	}
	for _, id := range ready {
		d := got[id]
		if d == nil {
			d = more[id]
		}
		if d == nil {
			continue // deleted since
		}
		c.reuse.ix.Add(reuseDoc(d))
		c.reuse.members[id] = true
	}
	c.reuse.seq = max(c.reuse.seq, chs[len(chs)-1].Seq)
	return nil
}

// reuseDoc is the part of d the reuse index keeps for as long as d is
// indexed: what it aligns (the text), names a pair's sides with (id,
// source, part, title) and computes section figures from (the outline).
// The rest of the analysis (targets, slogans, people, hints, …) would
// otherwise stay live for every document of the corpus: on 13,345
// documents, most of the ingest's live heap.
func reuseDoc(d *doc.Document) *doc.Document {
	return &doc.Document{ID: d.ID, Source: d.Source, Part: d.Part, Title: d.Title, Text: d.Text, Sections: d.Sections}
}

// How stored reuse results stay exact and linear (the README's "Reuse
// scores"):
//
//   - A pair is aligned once, when the later of its two documents arrives
//     (reuse.Index.Align), always in the same orientation, and stored as a
//     pair row. What it holds depends only on its two documents.
//   - A document's score (总文字复制比) is the union of its side of its pair
//     rows over its countable text. Its cover, that union as intervals, is
//     stored with it, so a new pair updates an older peer's score exactly
//     by adding the new pair's intervals to its cover: no peer is aligned
//     again and no other pair row is read. (Re-aligning every peer of a
//     template shared by thousands of documents made ingest quadratic;
//     rewriting peers' pairs JSON grew it to 4 GB.)
//   - Hence the final state does not depend on arrival order or batching;
//     RefreshReuse recomputes it all at once and finds the same. The one
//     exception is the candidate cap: a document with more than
//     MaxCandidates candidates is aligned with the best of those present
//     when it arrives, which later arrivals can change.

// coverAcc collects the covers of the documents a batch of pairs touches.
type coverAcc map[string]*docCover

type docCover struct {
	countable int
	iv        [][2]int
}

// scoreOf is the score and cover of id from this alignment alone (0 and
// none when it took part in no pair).
func (m coverAcc) scoreOf(id string) (float64, []byte) {
	dc := m[id]
	if dc == nil {
		dc = &docCover{}
	}
	return dc.score(nil)
}

// alignInto aligns ids on ix, adding each pair's covers to acc and its row
// to *rows; with flush set, rows are handed over (and *rows emptied) every
// refreshChunk pairs.
func alignInto(ctx context.Context, ix *reuse.Index, ids []string, acc coverAcc, rows *[]ReusePair,
	flush func([]ReusePair) error, progress func(done, total int)) error {
	return ix.Align(ids, func(a reuse.Aligned) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		*rows = append(*rows, storedPair(a.Pair))
		acc.add(a.A.ID, a.CountableA, a.CoverA)
		acc.add(a.B.ID, a.CountableB, a.CoverB)
		var err error
		if flush != nil && len(*rows) >= refreshChunk {
			err = flush(*rows)
			*rows = nil
		}
		return err
	}, progress)
}

func (m coverAcc) add(id string, countable int, iv [][2]int) {
	c := m[id]
	if c == nil {
		c = &docCover{}
		m[id] = c
	}
	c.countable = countable
	c.iv = append(c.iv, iv...)
}

// score unions the collected intervals with base (a stored cover) and
// returns the score and the encoded cover.
func (c *docCover) score(base [][2]int) (float64, []byte) {
	iv := fingerprint.Union(append(append([][2]int(nil), base...), c.iv...))
	return shareOf(fingerprint.Measure(iv), c.countable), encodeCover(iv)
}

func shareOf(n, d int) float64 {
	if d <= 0 {
		return 0
	}
	return min(1, float64(n)/float64(d))
}

// encodeCover writes intervals as a flat JSON array [s0,e0,s1,e1,…]; an
// empty cover is "[]", never NULL (NULL means not computed).
func encodeCover(iv [][2]int) []byte {
	flat := make([]int, 0, 2*len(iv))
	for _, x := range iv {
		flat = append(flat, x[0], x[1])
	}
	b, _ := json.Marshal(flat)
	return b
}

func decodeCover(b []byte) ([][2]int, error) {
	var flat []int
	if err := json.Unmarshal(b, &flat); err != nil || len(flat)%2 != 0 {
		return nil, fmt.Errorf("复用覆盖数据损坏 (corrupt reuse cover): %.40q", b)
	}
	iv := make([][2]int, 0, len(flat)/2)
	for i := 0; i < len(flat); i += 2 {
		iv = append(iv, [2]int{flat[i], flat[i+1]})
	}
	return iv, nil
}

// addReuse indexes new documents for reuse, aligns each with its
// candidates, stores every pair found as a pair row, and sets the score and
// cover of the new documents and of the older peers they share passages
// with, all in one store transaction. It returns the reuse score of every
// new document and of every peer whose score changed: the scores the
// search index's reuse: filter must learn (Index.SetReuseScores; the
// documents are not indexed again). A peer whose score stayed the same
// gained pairs but has nothing to hand over.
func (c *Corpus) addReuse(ctx context.Context, docs []doc.Document) (map[string]float64, error) {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	ix, err := c.reuseIndex(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(docs))
	isNew := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		ix.Add(reuseDoc(d)) // replaces the copy reuseIndex may have loaded from the store
		c.reuse.members[d.ID] = true
		if !isNew[d.ID] {
			ids = append(ids, d.ID)
		}
		isNew[d.ID] = true
	}
	acc := coverAcc{}
	var rows []ReusePair
	if err := alignInto(ctx, ix, ids, acc, &rows, nil, nil); err != nil {
		return nil, err
	}
	var peers []string
	for id := range acc {
		if !isNew[id] {
			peers = append(peers, id)
		}
	}
	sort.Strings(peers)
	stored, err := c.Store.ReuseCovers(ctx, peers)
	if err != nil {
		return nil, err
	}
	scores := map[string]float64{}
	ups := make([]ReuseUpdate, 0, len(ids)+len(peers))
	for _, id := range ids {
		score, cover := acc.scoreOf(id)
		ups = append(ups, ReuseUpdate{DocID: id, Score: score, Cover: cover})
		scores[id] = score
	}
	for _, id := range peers {
		old, ok := stored[id]
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		var base [][2]int
		if old.Cover == nil {
			// Stored before covers were kept: its cover is the union of
			// its pair rows so far.
			_, base, err = c.figures(ctx, ix, id)
		} else {
			base, err = decodeCover(old.Cover)
		}
		if err != nil {
			return nil, err
		}
		score, cover := acc[id].score(base)
		ups = append(ups, ReuseUpdate{DocID: id, Score: score, Cover: cover})
		if score != old.Score {
			scores[id] = score
		}
	}
	if err := c.Store.SetReuses(ctx, ups, rows); err != nil {
		return nil, err
	}
	if err := c.feedScores(ctx, scores, ids); err != nil {
		return nil, err
	}
	return scores, nil
}

// scoreFeed orders the reuse scores the search index learns on the
// embedded store. Each alignment hands the index the scores it stored
// while it still holds c.reuse.mu (feedScores), so the index learns them in
// the order they were computed, whichever order the batches' index updates
// then run in (two uploads at once). A batch's new documents get a score
// from Put as well, which may come after a later alignment changed it:
// pending keeps the newest score of each document whose batch is not
// indexed yet, and settleScores hands it over after Put. A shared store's
// replicas read the scores back from the store instead (follow.go).
type scoreFeed struct {
	mu      sync.Mutex
	pending map[string]float64
}

// feedScores hands the index scores just stored; fresh are the new
// documents of a batch whose index update is still to come. The caller
// holds c.reuse.mu. No-op on a shared store, or before the index is open
// (it then reads every score from the store as it opens).
func (c *Corpus) feedScores(ctx context.Context, scores map[string]float64, fresh []string) error {
	if c.follow != nil || !c.indexOpen.Load() || len(scores) == 0 {
		return nil
	}
	f := &c.scores
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pending == nil {
		f.pending = map[string]float64{}
	}
	for _, id := range fresh {
		f.pending[id] = scores[id]
	}
	for id, s := range scores {
		if _, ok := f.pending[id]; ok {
			f.pending[id] = s
		}
	}
	return c.Index.SetReuseScores(ctx, scores)
}

// settleScores is called once a batch's new documents went to the index
// (or failed to): Put gave them the scores of their own alignment, and the
// newest, if a later alignment changed them meanwhile, go to the index now.
func (c *Corpus) settleScores(ctx context.Context, docs []doc.Document) error {
	if c.follow != nil {
		return nil
	}
	f := &c.scores
	f.mu.Lock()
	defer f.mu.Unlock()
	newest := make(map[string]float64, len(docs))
	for i := range docs {
		if s, ok := f.pending[docs[i].ID]; ok {
			newest[docs[i].ID] = s
			delete(f.pending, docs[i].ID)
		}
	}
	if len(newest) == 0 {
		return nil
	}
	return c.Index.SetReuseScores(ctx, newest)
}

// figures computes a document's reuse figures and cover from its stored
// pair rows (ix analyses its text; it need not hold the document).
func (c *Corpus) figures(ctx context.Context, ix *reuse.Index, id string) (reuse.DocStats, [][2]int, error) {
	d, err := c.Store.Get(ctx, id)
	if err != nil {
		return reuse.DocStats{}, nil, err
	}
	pairs, err := c.storedPairs(ctx, id)
	if err != nil {
		return reuse.DocStats{}, nil, err
	}
	st, cover := ix.Figures(d, pairs)
	return st, cover, nil
}

// DocumentFigures returns a document's reuse figures computed from its
// stored pairs (DocumentReuse) over its countable text: Copied is its
// stored reuse score, never below MaxSource, the largest of those pairs'
// shares of the same text.
func (c *Corpus) DocumentFigures(ctx context.Context, id string) (reuse.DocStats, error) {
	c.reuse.mu.Lock()
	ix := c.reuse.ix
	opt := c.reuse.opt
	c.reuse.mu.Unlock()
	if ix == nil {
		ix = reuse.New(opt)
	}
	st, _, err := c.figures(ctx, ix, id)
	return st, err
}

// RefreshReuse recomputes every document's pairs, cover and score at once
// and replaces the stored ones in one transaction, then hands the index
// the scores that changed. With no candidate cap in play the result
// equals what adding the documents one by one stored; data written by
// earlier versions (lower-bound scores of older documents) is brought up to
// date. progress, if not nil, receives the documents aligned so far.
func (c *Corpus) RefreshReuse(ctx context.Context, progress func(done, total int)) error {
	return c.exclusive(ctx, func(ctx context.Context) error { return c.refreshReuseIndex(ctx, progress) })
}

func (c *Corpus) refreshReuseIndex(ctx context.Context, progress func(done, total int)) error {
	changed, err := c.refreshReuse(ctx, progress)
	if err != nil || c.follow == nil {
		return err // the embedded index learned them in refreshReuse
	}
	return c.Index.SetReuseScores(ctx, changed)
}

// Rebuild recomputes every document's reuse results (RefreshReuse) and
// then rebuilds the search index from the store, which then holds the new
// scores: `planmine reindex`.
func (c *Corpus) Rebuild(ctx context.Context, reuseProgress, indexProgress func(done, total int)) error {
	return c.exclusive(ctx, func(ctx context.Context) error {
		if _, err := c.refreshReuse(ctx, reuseProgress); err != nil {
			return err
		}
		return c.Index.Rebuild(ctx, c.Store, indexProgress)
	})
}

// refreshChunk is how many pair rows a refresh hands the store at a time:
// the rows carry their passages' text, so a full refresh does not hold
// them all.
const refreshChunk = 512

// refreshReuse is RefreshReuse without the search index; it returns the
// scores that changed.
func (c *Corpus) refreshReuse(ctx context.Context, progress func(done, total int)) (map[string]float64, error) {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	ix, err := c.reuseIndex(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := c.Store.IDs(ctx)
	if err != nil {
		return nil, err
	}
	before, err := c.Store.ReuseScores(ctx)
	if err != nil {
		return nil, err
	}
	changed := map[string]float64{}
	err = c.Store.ReplaceReuse(ctx, func(put func([]ReuseUpdate, []ReusePair) error) error {
		acc := coverAcc{}
		var rows []ReusePair
		flush := func(rows []ReusePair) error { return put(nil, rows) }
		if err := alignInto(ctx, ix, ids, acc, &rows, flush, progress); err != nil {
			return err
		}
		ups := make([]ReuseUpdate, 0, refreshChunk)
		for i, id := range ids {
			score, cover := acc.scoreOf(id)
			ups = append(ups, ReuseUpdate{DocID: id, Score: score, Cover: cover})
			if score != before[id] {
				changed[id] = score
			}
			if len(ups) == refreshChunk || i == len(ids)-1 {
				if err := put(ups, rows); err != nil {
					return err
				}
				ups, rows = ups[:0], nil
			}
		}
		return put(nil, rows)
	})
	if err != nil {
		return nil, err
	}
	if err := c.feedScores(ctx, changed, nil); err != nil {
		return nil, err
	}
	return changed, nil
}

// removeReuse drops a deleted document from the reuse index and recomputes
// the covers and scores of its former peers from their remaining pair rows
// (the store dropped the deleted document's rows with it), returning their
// new scores.
func (c *Corpus) removeReuse(ctx context.Context, id string, peers []string) (map[string]float64, error) {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	ix := c.reuse.ix
	if c.reuse.ready {
		ix.Remove(id)
		delete(c.reuse.members, id)
	} else {
		ix = reuse.New(c.reuse.opt)
	}
	scores := map[string]float64{}
	var ups []ReuseUpdate
	for _, peer := range peers {
		st, cover, err := c.figures(ctx, ix, peer)
		if err != nil {
			return nil, err
		}
		ups = append(ups, ReuseUpdate{DocID: peer, Score: st.Copied, Cover: encodeCover(cover)})
		scores[peer] = st.Copied
	}
	if err := c.Store.SetReuses(ctx, ups, nil); err != nil {
		return nil, err
	}
	if err := c.feedScores(ctx, scores, nil); err != nil {
		return nil, err
	}
	return scores, nil
}

// List lists stored documents with their reuse scores.
func (c *Corpus) List(ctx context.Context, f ListFilter) ([]DocSummary, int, error) {
	return c.Store.List(ctx, f)
}

// Original returns a document's original file name and bytes.
func (c *Corpus) Original(ctx context.Context, id string) (string, []byte, error) {
	return c.Store.Original(ctx, id)
}

// Slogans counts slogans across the corpus.
func (c *Corpus) Slogans(ctx context.Context) ([]SloganCount, error) {
	return c.Store.Slogans(ctx)
}

// DocumentReuse returns the SPEC §3 pairs of one document, each seen from
// it (the document as A) with the source's title, org and year, most copied
// first: its pair rows, which is what its reuse score is the union of.
func (c *Corpus) DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error) {
	if _, err := c.Store.Get(ctx, id); err != nil {
		return nil, err
	}
	return c.storedPairs(ctx, id)
}

// storedPairs reads a document's pair rows, seen from it.
func (c *Corpus) storedPairs(ctx context.Context, id string) ([]reuse.Pair, error) {
	rows, err := c.Store.ReusePairs(ctx, id)
	if err != nil {
		return nil, err
	}
	ps := []reuse.Pair{}
	for _, r := range rows {
		p, ok := pairOf(r)
		if !ok {
			continue
		}
		if p.B.ID == id && p.A.ID != id {
			p = p.Mirror()
		}
		if p.A.ID != id {
			continue
		}
		ps = append(ps, p)
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Score != ps[j].Score {
			return ps[i].Score > ps[j].Score
		}
		return ps[i].B.ID < ps[j].B.ID
	})
	if err := c.fillTexts(ctx, ps); err != nil {
		return nil, err
	}
	if err := c.fillRefs(ctx, ps); err != nil {
		return nil, err
	}
	return ps, nil
}

// ReusePairs returns the stored pairs with score >= minScore, best first,
// at most limit (0 = all). Each pair is listed once.
func (c *Corpus) ReusePairs(ctx context.Context, minScore float64, limit int) ([]reuse.Pair, error) {
	return c.reusePairs(ctx, minScore, limit, true)
}

// reusePairs is ReusePairs; without texts it leaves what rows stored as
// spans lack (passage texts, each side's source, part and title) empty.
func (c *Corpus) reusePairs(ctx context.Context, minScore float64, limit int, texts bool) ([]reuse.Pair, error) {
	rows, err := c.Store.ReusePairs(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []reuse.Pair{}
	seen := map[[2]string]bool{}
	for _, r := range rows {
		key := [2]string{min(r.A, r.B), max(r.A, r.B)}
		if r.Score < minScore || seen[key] {
			continue
		}
		seen[key] = true
		p, _ := pairOf(r)
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	if !texts {
		return out, nil
	}
	if err := c.fillTexts(ctx, out); err != nil {
		return nil, err
	}
	if err := c.fillRefsOf(ctx, out, false); err != nil {
		return nil, err
	}
	return out, nil
}

// ReuseClusters groups mutually copied documents with the reuse package's
// clustering rule.
func (c *Corpus) ReuseClusters(ctx context.Context) ([][]string, error) {
	ps, err := c.reusePairs(ctx, 0, 0, false)
	if err != nil {
		return nil, err
	}
	c.reuse.mu.Lock()
	opt := c.reuse.opt
	c.reuse.mu.Unlock()
	return reuse.Clusters(ps, opt), nil
}
