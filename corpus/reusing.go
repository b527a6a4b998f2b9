package corpus

import (
	"context"
	"encoding/json"
	"sort"
	"sync"

	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
)

// reuseState holds the copy-detection index. It is derived data: built
// from the store on first use, updated on every Add and Delete, never
// persisted (the pairs it finds are, in the store).
type reuseState struct {
	mu    sync.Mutex
	ix    *reuse.Index
	opt   reuse.Options
	ready bool
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
	ix := reuse.New(c.reuse.opt)
	err := c.Store.All(ctx, func(d doc.Document) error {
		dd := d
		ix.Add(&dd)
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	c.reuse.ix, c.reuse.ready = ix, true
	return ix, nil
}

// ReuseUpdate is one document's reuse result for ReuseWriter.SetReuses:
// what SetReuse stores, and the pair rows PutReusePairs would upsert.
type ReuseUpdate struct {
	DocID     string
	Score     float64
	PairsJSON []byte
	Pairs     []ReusePair
	// ScoreOnly updates the score and keeps the stored pairs JSON: a peer
	// that a new document copies from. Its side of the pair is the pair
	// row the new document stores, and DocumentReuse reads it from there.
	ScoreOnly bool
}

// ReuseWriter is implemented by stores that can write many documents'
// reuse results in one transaction (corpus/sqlite). One batch of new
// documents touches the stored pairs of hundreds of older peers; one
// synced commit for all of them instead of one per peer is what keeps
// AddBatch from waiting on the disk for each.
type ReuseWriter interface {
	SetReuses(ctx context.Context, ups []ReuseUpdate) error
}

// reuseWrites collects reuse results and writes them together at flush:
// in one transaction when the store is a ReuseWriter, else one by one.
type reuseWrites struct {
	st  Store
	ups []ReuseUpdate
}

func (w *reuseWrites) add(u ReuseUpdate) { w.ups = append(w.ups, u) }

func (w *reuseWrites) flush(ctx context.Context) error {
	if len(w.ups) == 0 {
		return nil
	}
	ups := w.ups
	w.ups = nil
	if rw, ok := w.st.(ReuseWriter); ok {
		return rw.SetReuses(ctx, ups)
	}
	for _, u := range ups {
		js := u.PairsJSON
		if u.ScoreOnly {
			_, old, err := w.st.Reuse(ctx, u.DocID)
			if err != nil {
				return err
			}
			js = old
		}
		if err := w.st.SetReuse(ctx, u.DocID, u.Score, js); err != nil {
			return err
		}
		if len(u.Pairs) > 0 {
			if err := w.st.PutReusePairs(ctx, u.Pairs); err != nil {
				return err
			}
		}
	}
	return nil
}

// addReuse indexes new documents for reuse, stores their pairs (each also
// a pair row, which is how the older document sees it: DocumentReuse) and
// scores, and raises the scores of the older documents they share passages
// with (mergeReuse). Only the new documents are aligned, against
// their candidates; their peers are not aligned again, so adding to a
// corpus where many documents share a template stays linear. A peer's score
// becomes the larger of its stored score and its share covered by the new
// document: a lower bound of its total copied share until its own next
// full analysis (see RefreshReuse). All of it is written in one store
// transaction.
// It returns the reuse score of every new document and of every peer whose
// score changed: the documents whose index entries are stale. A peer whose
// score stayed the same gained pairs but needs no re-indexing (the index
// holds only the score), and skipping it keeps the index batch from
// growing with the number of template siblings.
func (c *Corpus) addReuse(ctx context.Context, docs []doc.Document) (map[string]float64, error) {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	ix, err := c.reuseIndex(ctx)
	if err != nil {
		return nil, err
	}
	isNew := map[string]bool{}
	for i := range docs {
		d := docs[i]
		ix.Add(&d) // replaces the copy reuseIndex may have loaded from the store
		isNew[d.ID] = true
	}
	w := &reuseWrites{st: c.Store}
	scores := map[string]float64{}
	peers := map[string][]reuse.Pair{}
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := docs[i].ID
		pairs, st, ok := ix.Document(id)
		if !ok {
			continue
		}
		u, err := reuseUpdate(id, st.Copied, pairs)
		if err != nil {
			return nil, err
		}
		w.add(u)
		scores[id] = st.Copied
		for _, p := range pairs {
			if !p.Template && !isNew[p.B.ID] {
				peers[p.B.ID] = append(peers[p.B.ID], mirror(p))
			}
		}
	}
	// Peers in id order: the transaction's writes do not depend on map order.
	ids := make([]string, 0, len(peers))
	for peer := range peers {
		ids = append(ids, peer)
	}
	sort.Strings(ids)
	for _, peer := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		u, changed, err := c.mergeReuse(ctx, peer, peers[peer])
		if err != nil {
			return nil, err
		}
		w.add(u)
		if changed {
			scores[peer] = u.Score
		}
	}
	if err := w.flush(ctx); err != nil {
		return nil, err
	}
	return scores, nil
}

// reuseUpdate builds a document's pairs JSON and its pair rows.
func reuseUpdate(id string, score float64, pairs []reuse.Pair) (ReuseUpdate, error) {
	if pairs == nil {
		pairs = []reuse.Pair{}
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return ReuseUpdate{}, err
	}
	u := ReuseUpdate{DocID: id, Score: score, PairsJSON: js}
	for _, p := range pairs {
		if p.Template {
			continue
		}
		pj, err := json.Marshal(p)
		if err != nil {
			return ReuseUpdate{}, err
		}
		u.Pairs = append(u.Pairs, ReusePair{A: p.A.ID, B: p.B.ID, Score: p.Score, Passages: pj})
	}
	return u, nil
}

// mergeReuse raises a peer's score to the share of it the new documents'
// pairs cover (add holds those pairs seen from the peer's side). The pairs
// themselves are not copied into the peer's stored JSON: they are the pair
// rows the new documents store, which DocumentReuse reads. Rewriting the
// peer's JSON instead made every peer of a common template carry the
// passages of all its copies, rewritten by each batch: 4 GB of JSON and a
// 4 GB WAL after 7,500 documents, and ingest slowing to 5 documents/s.
func (c *Corpus) mergeReuse(ctx context.Context, peer string, add []reuse.Pair) (ReuseUpdate, bool, error) {
	old, err := c.reuseScore(ctx, peer)
	if err != nil {
		return ReuseUpdate{}, false, err
	}
	score := old
	for _, p := range add {
		score = max(score, p.ACovered)
	}
	return ReuseUpdate{DocID: peer, Score: score, ScoreOnly: true}, score != old, nil
}

// reuseScore is a document's stored reuse score.
func (c *Corpus) reuseScore(ctx context.Context, id string) (float64, error) {
	if rs, ok := c.Store.(interface {
		ReuseScore(context.Context, string) (float64, error)
	}); ok {
		return rs.ReuseScore(ctx, id)
	}
	score, _, err := c.Store.Reuse(ctx, id)
	return score, err
}

// mirror returns the pair seen from its B side.
func mirror(p reuse.Pair) reuse.Pair {
	m := p
	m.A, m.B = p.B, p.A
	m.ACovered, m.BCovered = p.BCovered, p.ACovered
	m.Passages = mirrorPassages(p.Passages)
	m.Boilerplate = mirrorPassages(p.Boilerplate)
	return m
}

func mirrorPassages(ps []reuse.Passage) []reuse.Passage {
	if ps == nil {
		return nil
	}
	out := make([]reuse.Passage, len(ps))
	for i, x := range ps {
		out[i] = reuse.Passage{AStart: x.BStart, AEnd: x.BEnd, BStart: x.AStart, BEnd: x.AEnd,
			AText: x.BText, BText: x.AText, Chars: x.Chars, Kind: x.Kind}
	}
	return out
}

// RefreshReuse recomputes every document's pairs and score with a full
// analysis (Add keeps peers' scores as lower bounds; planmine reindex
// calls this).
func (c *Corpus) RefreshReuse(ctx context.Context) error {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	ix, err := c.reuseIndex(ctx)
	if err != nil {
		return err
	}
	ids, err := c.Store.IDs(ctx)
	if err != nil {
		return err
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	scores, err := c.refreshReuse(ctx, ix, set)
	if err != nil {
		return err
	}
	old, err := c.reindexEntries(ctx, scores, nil)
	if err != nil {
		return err
	}
	return c.Index.Put(ctx, old)
}

// removeReuse drops a deleted document and refreshes its former peers,
// returning their new scores.
func (c *Corpus) removeReuse(ctx context.Context, id string) (map[string]float64, error) {
	c.reuse.mu.Lock()
	defer c.reuse.mu.Unlock()
	if !c.reuse.ready {
		return nil, nil
	}
	ix := c.reuse.ix
	touched := map[string]bool{}
	for _, p := range ix.Sources(id) {
		touched[p.B.ID] = true
	}
	ix.Remove(id)
	return c.refreshReuse(ctx, ix, touched)
}

// refreshReuse recomputes and stores the pairs and score of each document
// and returns the scores; re-indexing them is the caller's (one batch).
// A document's score is its total copied share (总文字复制比): the union of
// passages copied from all peer sources over its countable text.
func (c *Corpus) refreshReuse(ctx context.Context, ix *reuse.Index, ids map[string]bool) (map[string]float64, error) {
	scores := make(map[string]float64, len(ids))
	keys := make([]string, 0, len(ids))
	for id := range ids {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	w := &reuseWrites{st: c.Store}
	for _, id := range keys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pairs, st, ok := ix.Document(id)
		if !ok {
			continue
		}
		u, err := reuseUpdate(id, st.Copied, pairs)
		if err != nil {
			return nil, err
		}
		w.add(u)
		scores[id] = st.Copied
		// A full refresh holds every document's pairs JSON otherwise.
		if len(w.ups) >= refreshChunk {
			if err := w.flush(ctx); err != nil {
				return nil, err
			}
		}
	}
	if err := w.flush(ctx); err != nil {
		return nil, err
	}
	return scores, nil
}

// refreshChunk is how many documents' reuse results a refresh writes per
// transaction.
const refreshChunk = 256

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

// DocumentReuse returns the SPEC §3 pairs of one document, each source
// with its title, org and year, as stored at the last update that touched it.
func (c *Corpus) DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error) {
	if _, err := c.Store.Get(ctx, id); err != nil {
		return nil, err
	}
	_, js, err := c.Store.Reuse(ctx, id)
	if err != nil {
		return nil, err
	}
	ps := []reuse.Pair{}
	if len(js) > 0 {
		if err := json.Unmarshal(js, &ps); err != nil {
			return nil, err
		}
	}
	// Pairs stored by documents added later (mergeReuse): their rows, seen
	// from this document's side. Its own analysis wins where both exist.
	have := map[string]bool{}
	for _, p := range ps {
		have[p.B.ID] = true
	}
	rows, err := c.Store.ReusePairs(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		var p reuse.Pair
		if len(r.Passages) == 0 || json.Unmarshal(r.Passages, &p) != nil {
			continue
		}
		if p.B.ID == id {
			p = mirror(p)
		}
		if p.A.ID != id || have[p.B.ID] {
			continue
		}
		have[p.B.ID] = true
		ps = append(ps, p)
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Score > ps[j].Score })
	if err := c.fillRefs(ctx, ps); err != nil {
		return nil, err
	}
	return ps, nil
}

// ReusePairs returns the stored pairs with score >= minScore, best first,
// at most limit (0 = all). Each pair is listed once.
func (c *Corpus) ReusePairs(ctx context.Context, minScore float64, limit int) ([]reuse.Pair, error) {
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
		var p reuse.Pair
		if json.Unmarshal(r.Passages, &p) != nil {
			p = reuse.Pair{A: reuse.DocRef{ID: r.A}, B: reuse.DocRef{ID: r.B}, Score: r.Score}
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// ReuseClusters groups mutually copied documents with the reuse package's
// clustering rule.
func (c *Corpus) ReuseClusters(ctx context.Context) ([][]string, error) {
	ps, err := c.ReusePairs(ctx, 0, 0)
	if err != nil {
		return nil, err
	}
	c.reuse.mu.Lock()
	opt := c.reuse.opt
	c.reuse.mu.Unlock()
	return reuse.Clusters(ps, opt), nil
}
