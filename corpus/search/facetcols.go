package search

import (
	"fmt"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/planmine/planmine/corpus"
)

// facetColumns caches each index segment's facet values as small integers
// (ordinals into one dictionary shared by all segments), so counting the
// facets of a hit is two array reads and an increment. Reading them from
// bleve's doc values instead decodes a compressed chunk and hashes every
// value for every hit: it was a third of the cost of a keyword search.
//
// Segments are immutable, so a column is built once per segment (the first
// faceted search that meets it) and dropped when merges have replaced the
// segment. The cache belongs to one open bleve index: segment ids restart
// in a rebuilt one.
type facetColumns struct {
	mu    sync.Mutex
	names []string          // ordinal → "name:value"
	ords  map[string]uint32 // "name:value" → ordinal
	segs  map[uint64]*facetColumn
}

// facetColumn holds one segment's values: document d (local number) has
// ords[starts[d]:starts[d+1]].
type facetColumn struct {
	starts []uint32
	ords   []uint32
}

func newFacetColumns() *facetColumns {
	return &facetColumns{ords: map[string]uint32{}, segs: map[uint64]*facetColumn{}}
}

// snapColumns is the facet lookup for one reader snapshot.
type snapColumns struct {
	offsets []uint64 // first global document number of each segment
	cols    []*facetColumn
	names   []string // the dictionary as it was after these columns were built
}

// errNoColumns means the reader is not a scorch snapshot whose segments
// expose doc values; the caller falls back to bleve's facet builder.
var errNoColumns = fmt.Errorf("facet columns unavailable")

// forReader returns the columns of every segment of reader's snapshot,
// building the ones not seen before.
func (fc *facetColumns) forReader(reader index.IndexReader) (*snapColumns, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok || fc == nil {
		return nil, errNoColumns
	}
	segs := snap.Segments()
	out := &snapColumns{offsets: make([]uint64, len(segs)), cols: make([]*facetColumn, len(segs))}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	var running uint64
	live := make(map[uint64]bool, len(segs))
	for i, ss := range segs {
		// Global numbers follow scorch's own layout: each segment's
		// documents, deleted ones included, after the previous segment's.
		out.offsets[i] = running
		running += ss.Segment().Count()
		live[ss.Id()] = true
		col, ok := fc.segs[ss.Id()]
		if !ok {
			var err error
			if col, err = fc.build(ss.Segment()); err != nil {
				return nil, err
			}
			fc.segs[ss.Id()] = col
		}
		out.cols[i] = col
	}
	// Forget segments merged away. A search still holding an older
	// snapshot rebuilds what it needs; that is rare and only costs time.
	for id := range fc.segs {
		if !live[id] {
			delete(fc.segs, id)
		}
	}
	out.names = fc.names[:len(fc.names):len(fc.names)]
	return out, nil
}

// build reads one segment's facet doc values into a column. The caller
// holds fc.mu.
func (fc *facetColumns) build(seg segment.Segment) (*facetColumn, error) {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, errNoColumns
	}
	n := seg.Count()
	col := &facetColumn{starts: make([]uint32, 0, n+1)}
	fields := []string{facetField}
	var state segment.DocVisitState
	visit := func(_ string, term []byte) {
		o, ok := fc.ords[string(term)]
		if !ok {
			o = uint32(len(fc.names))
			fc.names = append(fc.names, string(term))
			fc.ords[string(term)] = o
		}
		col.ords = append(col.ords, o)
	}
	for d := uint64(0); d < n; d++ {
		col.starts = append(col.starts, uint32(len(col.ords)))
		var err error
		if state, err = dv.VisitDocValues(d, fields, visit, state); err != nil {
			return nil, fmt.Errorf("读取分面值失败 (read facet values): %w", err)
		}
	}
	col.starts = append(col.starts, uint32(len(col.ords)))
	return col, nil
}

// facetingSearcher counts the facet values of every hit its searcher
// returns, on the way to the collector.
type facetingSearcher struct {
	bsearch.Searcher
	cols   *snapColumns
	counts []int32 // by ordinal
	seg    int     // segment of the last hit: hits come in document order
}

func newFacetingSearcher(s bsearch.Searcher, cols *snapColumns) *facetingSearcher {
	return &facetingSearcher{Searcher: s, cols: cols, counts: make([]int32, len(cols.names))}
}

func (s *facetingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.count(dm.IndexInternalID.Value())
	}
	return dm, err
}

func (s *facetingSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.count(dm.IndexInternalID.Value())
	}
	return dm, err
}

func (s *facetingSearcher) count(global uint64) {
	offs := s.cols.offsets
	i := s.seg
	if i >= len(offs) || global < offs[i] || (i+1 < len(offs) && global >= offs[i+1]) {
		i = sort.Search(len(offs), func(k int) bool { return offs[k] > global }) - 1
		if i < 0 {
			return
		}
		s.seg = i
	}
	col := s.cols.cols[i]
	local := global - offs[i]
	if local+1 >= uint64(len(col.starts)) {
		return
	}
	for _, o := range col.ords[col.starts[local]:col.starts[local+1]] {
		s.counts[o]++
	}
}

// split turns the counts into one list per facet name, like
// facetCounter.split.
func (s *facetingSearcher) split() map[string][]corpus.FacetCount {
	fc := &facetCounter{counts: map[string]*int{}}
	for o, n := range s.counts {
		if n > 0 {
			v := int(n)
			fc.counts[s.cols.names[o]] = &v
		}
	}
	return fc.split()
}
