package search

import (
	"context"
	"errors"
	qlang "github.com/planmine/planmine/corpus/query"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// reuseScores holds the documents' reuse scores for the reuse: filter.
// They are not indexed: a score changes whenever a later document copies
// from an earlier one, and re-indexing the earlier document for that was
// most of the index work of a large ingest. The scores come from the store
// at Open and from Put and SetReuseScores after that.
//
// A filter needs each document's score by its number in the snapshot, so
// each segment gets a column of its documents' ids (built once: segments
// never change) and of their scores (rebuilt after the scores change).
type reuseScores struct {
	mu   sync.Mutex
	byID map[string]float64
	gen  uint64 // bumped on every change of byID
	segs map[uint64]*reuseColumn
}

// reuseColumn is one segment's documents' ids and scores by local number,
// and their tie-break keys (tieKey).
type reuseColumn struct {
	ids    []string
	ties   []float64
	gen    uint64
	scores []float64
}

func newReuseScores() *reuseScores {
	return &reuseScores{byID: map[string]float64{}, segs: map[uint64]*reuseColumn{}}
}

// set records scores; with replace the old ones are dropped first.
func (rs *reuseScores) set(scores map[string]float64, replace bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if replace {
		rs.byID = make(map[string]float64, len(scores))
	}
	for id, s := range scores {
		rs.byID[id] = s
	}
	rs.gen++
}

func (rs *reuseScores) remove(ids []string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, id := range ids {
		delete(rs.byID, id)
	}
	rs.gen++
}

// reset forgets the segment columns (the index was rebuilt: segment ids
// restart).
func (rs *reuseScores) reset() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.segs = map[uint64]*reuseColumn{}
}

// columns returns the scores of the documents of reader's snapshot by
// segment and local number, with each segment's deleted documents.
func (rs *reuseScores) columns(reader index.IndexReader) (scoreColumns, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return scoreColumns{}, errors.New("复用筛选需要 scorch 索引 (reuse filter needs a scorch snapshot)")
	}
	segs := snap.Segments()
	sc := scoreColumns{cols: make([][]float64, len(segs)), starts: make([]uint64, len(segs)+1),
		deleted: make([]*roaring.Bitmap, len(segs))}
	rs.mu.Lock()
	cols, err := rs.segColumns(segs)
	if err != nil {
		rs.mu.Unlock()
		return scoreColumns{}, err
	}
	for i, col := range cols {
		if col.gen != rs.gen {
			// A new slice: searches running on the old one keep it.
			scores := make([]float64, len(col.ids))
			for d, id := range col.ids {
				scores[d] = rs.byID[id]
			}
			col.scores, col.gen = scores, rs.gen
		}
		sc.cols[i] = col.scores
	}
	rs.mu.Unlock()
	for i, ss := range segs {
		sc.deleted[i] = ss.Deleted()
		sc.starts[i+1] = sc.starts[i] + ss.Segment().Count()
	}
	return sc, nil
}

// scoreColumns are a snapshot's reuse scores: segment i holds the global
// document numbers [starts[i], starts[i+1]).
type scoreColumns struct {
	cols    [][]float64
	starts  []uint64
	deleted []*roaring.Bitmap
}

// segColumns returns the id columns of segs, reading those of segments it
// has not seen and forgetting those of segments merged away. rs.mu is held.
func (rs *reuseScores) segColumns(segs []*scorch.SegmentSnapshot) ([]*reuseColumn, error) {
	out := make([]*reuseColumn, len(segs))
	live := make(map[uint64]bool, len(segs))
	for i, ss := range segs {
		live[ss.Id()] = true
		col, ok := rs.segs[ss.Id()]
		if !ok {
			var err error
			if col, err = reuseIDs(ss.Segment()); err != nil {
				return nil, err
			}
			col.gen = rs.gen - 1
			rs.segs[ss.Id()] = col
		}
		out[i] = col
	}
	for id := range rs.segs {
		if !live[id] {
			delete(rs.segs, id)
		}
	}
	return out, nil
}

// reuseIDs reads a segment's document ids by local number from its _id
// terms (each names one document): twice as fast as reading each
// document's stored id (13,345 documents: 20–25 against 40–47 ms), which
// touches a page of the stored section for every document.
func reuseIDs(seg segment.Segment) (*reuseColumn, error) {
	n := seg.Count()
	col := &reuseColumn{ids: make([]string, n), ties: make([]float64, n)}
	dict, err := seg.Dictionary("_id")
	if err != nil {
		return nil, err
	}
	it := dict.AutomatonIterator(everyTerm{}, nil, nil)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
			return nil, err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			if d := p.Number(); d < n {
				col.ids[d] = e.Term
			}
		}
	}
	for d, id := range col.ids {
		col.ties[d] = tieKey(id)
	}
	return col, nil
}

// everyTerm is the automaton that accepts every term of a dictionary.
type everyTerm struct{}

func (everyTerm) Start() int               { return 0 }
func (everyTerm) IsMatch(int) bool         { return true }
func (everyTerm) CanMatch(int) bool        { return true }
func (everyTerm) WillAlwaysMatch(int) bool { return true }
func (everyTerm) Accept(int, byte) int     { return 0 }

// tieKey is a document's place among hits of equal score: a number in
// [0, 1) from a hash of its id, the same whichever segment holds it.
func tieKey(id string) float64 {
	h := uint64(14695981039346656037) // FNV-1a over the id's bytes
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return float64(h>>11) / (1 << 53)
}

// tieEpsilon scales tieKey into a hit's score. Scores are sums of a few
// tf-idf terms (0 for filter-only queries): an addition this small orders
// equal scores and leaves unequal ones as they were.
const tieEpsilon = 1e-6

// ties returns the tie-break keys of reader's snapshot by global document
// number, or false when reader is not a scorch snapshot.
func (rs *reuseScores) ties(reader index.IndexReader) (tieColumns, bool, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return tieColumns{}, false, nil
	}
	segs := snap.Segments()
	tc := tieColumns{cols: make([][]float64, len(segs)), starts: make([]uint64, len(segs)+1)}
	rs.mu.Lock()
	cols, err := rs.segColumns(segs)
	rs.mu.Unlock()
	if err != nil {
		return tieColumns{}, false, err
	}
	for i, col := range cols {
		tc.cols[i] = col.ties
		tc.starts[i+1] = tc.starts[i] + segs[i].Segment().Count()
	}
	return tc, true, nil
}

// tieColumns are a snapshot's tie-break keys: segment i holds the global
// document numbers [starts[i], starts[i+1]).
type tieColumns struct {
	cols   [][]float64
	starts []uint64
}

// tieSearcher adds each hit's tie-break key, times tieEpsilon, to its
// score: hits of equal score then come out of the top-N collector in the
// order of their keys, not of their places in the segments, which a
// merge or another indexing order changes (a page of a filter-only list
// would otherwise repeat or skip hits after a merge).
type tieSearcher struct {
	bsearch.Searcher
	tieColumns
	seg int // the segment of the last hit; hits come in document order
}

func (s *tieSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	return s.tie(dm), err
}

func (s *tieSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	return s.tie(dm), err
}

func (s *tieSearcher) tie(dm *bsearch.DocumentMatch) *bsearch.DocumentMatch {
	if dm == nil {
		return nil
	}
	n := dm.IndexInternalID.Value()
	if n < s.starts[s.seg] {
		s.seg = 0
	}
	for s.seg < len(s.cols) && s.starts[s.seg+1] <= n {
		s.seg++
	}
	if s.seg < len(s.cols) {
		if d := n - s.starts[s.seg]; d < uint64(len(s.cols[s.seg])) {
			dm.Score += tieEpsilon * s.cols[s.seg][d]
		}
	}
	return dm
}

// reuseQuery is the reuse: filter: the documents whose score passes f. It
// scores nothing, like the other filters.
type reuseQuery struct {
	scores *reuseScores
	f      qlang.Filter
}

// Searcher implements query.Query.
func (q reuseQuery) Searcher(_ context.Context, r index.IndexReader, _ mapping.IndexMapping,
	_ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	cols, err := q.scores.columns(r)
	if err != nil {
		return nil, err
	}
	return &scoreSearcher{scoreColumns: cols, f: q.f}, nil
}

// scoreSearcher walks the score columns in document order and returns the
// live documents whose score passes f, unscored. It reads only the
// documents it is asked about: a search of half the index never looks at
// the other half, and one led by a term's postings checks the score of
// each document it advances to, with no list of every passing document
// built first (that list, built for each half, was a fifth of a filtered
// search's time at 100k documents, and most of its garbage).
type scoreSearcher struct {
	scoreColumns
	f    qlang.Filter
	seg  int    // the segment holding next
	next uint64 // the next global number to look at
}

func (s *scoreSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for s.seg < len(s.cols) {
		col, start := s.cols[s.seg], s.starts[s.seg]
		del := s.deleted[s.seg]
		for d := s.next - start; d < uint64(len(col)); d++ {
			if s.f.Passes(col[d]) && (del == nil || !del.Contains(uint32(d))) {
				s.next = start + d + 1
				dm := ctx.DocumentMatchPool.Get()
				dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, start+d)
				return dm, nil
			}
		}
		s.seg++
		s.next = s.starts[s.seg]
	}
	return nil, nil
}

func (s *scoreSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if want := id.Value(); want > s.next {
		s.next = want
		for s.seg < len(s.cols) && s.starts[s.seg+1] <= want {
			s.seg++
		}
	}
	return s.Next(ctx)
}

func (s *scoreSearcher) Close() error         { return nil }
func (s *scoreSearcher) Weight() float64      { return 1 }
func (s *scoreSearcher) SetQueryNorm(float64) {}

// Count is the number of documents the columns hold, an upper bound of
// the matches (a conjunction lets its rarest member lead).
func (s *scoreSearcher) Count() uint64              { return s.starts[len(s.cols)] }
func (s *scoreSearcher) Min() int                   { return 0 }
func (s *scoreSearcher) Size() int                  { return 128 + 24*len(s.cols) }
func (s *scoreSearcher) DocumentMatchPoolSize() int { return 1 }
