package search

import (
	"context"
	"errors"
	qlang "github.com/planmine/planmine/corpus/query"
	"sync"

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

// reuseColumn is one segment's documents' ids and scores by local number.
type reuseColumn struct {
	ids    []string
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

// matching returns, in increasing order, the global numbers of the live
// documents of reader's snapshot whose score passes f.
func (rs *reuseScores) matching(reader index.IndexReader, f qlang.Filter) ([]uint64, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("复用筛选需要 scorch 索引 (reuse filter needs a scorch snapshot)")
	}
	segs := snap.Segments()
	cols := make([][]float64, len(segs))
	rs.mu.Lock()
	live := make(map[uint64]bool, len(segs))
	for i, ss := range segs {
		live[ss.Id()] = true
		col, ok := rs.segs[ss.Id()]
		if !ok {
			var err error
			if col, err = reuseIDs(ss.Segment()); err != nil {
				rs.mu.Unlock()
				return nil, err
			}
			col.gen = rs.gen - 1
			rs.segs[ss.Id()] = col
		}
		if col.gen != rs.gen {
			// A new slice: searches running on the old one keep it.
			sc := make([]float64, len(col.ids))
			for d, id := range col.ids {
				sc[d] = rs.byID[id]
			}
			col.scores, col.gen = sc, rs.gen
		}
		cols[i] = col.scores
	}
	for id := range rs.segs {
		if !live[id] {
			delete(rs.segs, id)
		}
	}
	rs.mu.Unlock()
	var out []uint64
	var offset uint64
	for i, ss := range segs {
		deleted := ss.Deleted()
		for d, s := range cols[i] {
			if f.Passes(s) && (deleted == nil || !deleted.Contains(uint32(d))) {
				out = append(out, offset+uint64(d))
			}
		}
		offset += ss.Segment().Count()
	}
	return out, nil
}

// reuseIDs reads a segment's document ids by local number.
func reuseIDs(seg segment.Segment) (*reuseColumn, error) {
	n := seg.Count()
	col := &reuseColumn{ids: make([]string, n)}
	for d := uint64(0); d < n; d++ {
		id, err := seg.DocID(d)
		if err != nil {
			return nil, err
		}
		col.ids[d] = string(id)
	}
	return col, nil
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
	docs, err := q.scores.matching(r, q.f)
	if err != nil {
		return nil, err
	}
	return &docListSearcher{docs: docs}, nil
}

// docListSearcher returns a fixed, increasing list of global document
// numbers, unscored.
type docListSearcher struct {
	docs []uint64
	next int
}

func (s *docListSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.next >= len(s.docs) {
		return nil, nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.docs[s.next])
	s.next++
	return dm, nil
}

func (s *docListSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	want := id.Value()
	// Galloping search from the current place: filters are mostly
	// advanced by a few documents at a time.
	lo, step := s.next, 1
	for lo+step < len(s.docs) && s.docs[lo+step] < want {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(s.docs))
	for lo < hi {
		mid := (lo + hi) / 2
		if s.docs[mid] < want {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	s.next = lo
	return s.Next(ctx)
}

func (s *docListSearcher) Close() error               { return nil }
func (s *docListSearcher) Weight() float64            { return 1 }
func (s *docListSearcher) SetQueryNorm(float64)       {}
func (s *docListSearcher) Count() uint64              { return uint64(len(s.docs)) }
func (s *docListSearcher) Min() int                   { return 0 }
func (s *docListSearcher) Size() int                  { return 64 + 8*len(s.docs) }
func (s *docListSearcher) DocumentMatchPoolSize() int { return 1 }
