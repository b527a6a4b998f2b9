package search

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/planmine/planmine/corpus"
)

// page is what one search collects: the total, the requested page of hits
// with their stored fields, and the facet counts.
type page struct {
	total  int
	hits   []pageHit
	facets map[string][]corpus.FacetCount
}

type pageHit struct {
	id, title, source, orig string
	score                   float64
}

// collect runs q the way bleve's SearchInContext does for a plain
// score-sorted request, with differences that matter for latency: facets
// are counted from cached columns (facetcols.go), stored fields are read
// only for the page, and on a large index the documents are split in two
// halves searched at once (see parallelFrom).
// The caller holds ix.mu.
func (ix *Index) collect(ctx context.Context, q, rescore query.Query, size, from int, facets bool) (page, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return page{}, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return page{}, fmt.Errorf("打开索引读取器失败 (open index reader): %w", err)
	}
	defer reader.Close()
	// With a rescore query the window of hits it may reorder is collected
	// from the top; the page is cut after rescoring.
	window, skip := size, from
	if rescore != nil {
		window, skip = max(from+size, rescoreWindow), 0
	}
	var cols *snapColumns
	if facets {
		if cols, err = ix.cols.forReader(reader); err != nil {
			cols = nil // bleve's facet builder below
		}
	}
	var parts []part
	if n, err := reader.DocCount(); err == nil && n >= parallelFrom && runtime.GOMAXPROCS(0) > 1 && (cols != nil || !facets) {
		mid := maxDocNum(reader) / 2
		halves := [2]part{{lo: 0, hi: mid}, {lo: mid, hi: math.MaxUint64}}
		var wg sync.WaitGroup
		for h := range halves {
			wg.Add(1)
			go func(p *part) {
				defer wg.Done()
				p.run(ctx, ix, q, reader, window+skip, cols)
			}(&halves[h])
		}
		wg.Wait()
		parts = halves[:]
	} else {
		p := part{hi: math.MaxUint64}
		if facets && cols == nil {
			// No columns (not a scorch snapshot): bleve counts, serially.
			p.runBleveFacets(ctx, ix, q, reader, window+skip)
		} else {
			p.run(ctx, ix, q, reader, window+skip, cols)
		}
		parts = []part{p}
	}
	var results bsearch.DocumentMatchCollection
	out := page{}
	var counts []int32
	for _, p := range parts {
		if p.err != nil {
			return page{}, p.err
		}
		out.total += p.total
		results = append(results, p.hits...)
		if p.fs != nil {
			if counts == nil {
				counts = make([]int32, len(p.fs.counts))
			}
			for o, n := range p.fs.counts {
				counts[o] += n
			}
		}
		if p.facets != nil {
			out.facets = p.facets
		}
	}
	// Halves hold documents in order, so a stable sort by score keeps
	// bleve's tie order (earlier document first).
	sort.SliceStable(results, func(a, b int) bool { return results[a].Score > results[b].Score })
	results = results[min(skip, len(results)):min(skip+window, len(results))]
	if counts != nil {
		fs := &facetingSearcher{cols: cols, counts: counts}
		out.facets = fs.split()
	}
	if rescore != nil {
		if err := loadIDs(reader, results); err != nil {
			return page{}, err
		}
		if results, err = ix.rescore(ctx, reader, rescore, results); err != nil {
			return page{}, err
		}
		results = results[min(from, len(results)):min(from+size, len(results))]
	}
	if err := loadIDs(reader, results); err != nil {
		return page{}, err
	}
	for _, h := range results {
		ph := pageHit{id: h.ID, score: h.Score}
		d, err := reader.Document(h.ID)
		if err != nil {
			return page{}, err
		}
		if d != nil {
			d.VisitFields(func(f index.Field) {
				switch f.Name() {
				case "orig":
					ph.orig = string(f.Value())
				case "title_orig":
					ph.title = string(f.Value())
				case "source":
					ph.source = string(f.Value())
				}
			})
		}
		out.hits = append(out.hits, ph)
	}
	return out, nil
}

// facetCounter is a bsearch.FacetBuilder over facetField that counts with
// no allocation per value: the map is keyed by the value, and a lookup with
// string(term) does not copy; only a value seen for the first time does.
type facetCounter struct {
	counts map[string]*int
}

func (c *facetCounter) StartDoc() {}
func (c *facetCounter) EndDoc()   {}

func (c *facetCounter) UpdateVisitor(term []byte) {
	if p, ok := c.counts[string(term)]; ok {
		*p++
		return
	}
	n := 1
	c.counts[string(term)] = &n
}

// Result is unused (split reads the counts) but required by the interface.
func (c *facetCounter) Result() *bsearch.FacetResult { return &bsearch.FacetResult{Field: facetField} }
func (c *facetCounter) Field() string                { return facetField }
func (c *facetCounter) Size() int                    { return 64 * len(c.counts) }

// split turns the combined counts into one list per facet name, most
// frequent first (ties by value), each cut to facetSize. Every facet name is
// present, empty when no hit has a value.
func (c *facetCounter) split() map[string][]corpus.FacetCount {
	out := make(map[string][]corpus.FacetCount, len(facetNames))
	for _, name := range facetNames {
		out[name] = []corpus.FacetCount{}
	}
	for term, n := range c.counts {
		name, v, ok := strings.Cut(term, ":")
		if _, known := out[name]; !ok || !known {
			continue
		}
		out[name] = append(out[name], corpus.FacetCount{Value: v, Count: *n})
	}
	for name, fc := range out {
		sort.Slice(fc, func(i, j int) bool {
			if fc[i].Count != fc[j].Count {
				return fc[i].Count > fc[j].Count
			}
			return fc[i].Value < fc[j].Value
		})
		if len(fc) > facetSize {
			out[name] = fc[:facetSize]
		}
	}
	return out
}

// rescoreWindow is how many of the best hits the rescore query may reorder
// (Elasticsearch's rescore window, Solr's re-rank). Pages past it are
// ordered by the match query alone.
const rescoreWindow = 100

// rescore adds each hit's score under q (run over those hits only) to its
// score and re-sorts them, keeping the previous order among equals.
func (ix *Index) rescore(ctx context.Context, reader index.IndexReader, q query.Query,
	hits bsearch.DocumentMatchCollection) (bsearch.DocumentMatchCollection, error) {
	if len(hits) == 0 {
		return hits, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	only := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q})
	s, err := only.Searcher(ctx, reader, ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	coll := collector.NewTopNCollector(len(hits), 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	if err := coll.Collect(ctx, s, reader); err != nil {
		return nil, err
	}
	bonus := make(map[string]float64, len(hits))
	for _, h := range coll.Results() {
		bonus[h.ID] = h.Score
	}
	out := append(bsearch.DocumentMatchCollection(nil), hits...)
	for _, h := range out {
		h.Score += bonus[h.ID]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

// parallelFrom is the index size from which a search runs as two halves on
// two cores. Below it the cost of a second searcher is not worth it. A
// variable so that tests can run the halves on a small index.
var parallelFrom uint64 = 20000

// part is one range of global document numbers [lo, hi) searched on its
// own: its top hits, its total and its facet counts.
type part struct {
	lo, hi uint64
	hits   bsearch.DocumentMatchCollection
	total  int
	fs     *facetingSearcher
	facets map[string][]corpus.FacetCount
	err    error
}

func (p *part) run(ctx context.Context, ix *Index, q query.Query, reader index.IndexReader, n int, cols *snapColumns) {
	s, err := q.Searcher(ctx, reader, ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		p.err = err
		return
	}
	defer s.Close()
	var searcher bsearch.Searcher = &rangeSearcher{Searcher: s, lo: p.lo, hi: p.hi}
	if tc, ok, err := ix.reuse.ties(reader); err != nil {
		p.err = err
		return
	} else if ok {
		searcher = &tieSearcher{Searcher: searcher, tieColumns: tc}
	}
	if cols != nil {
		p.fs = newFacetingSearcher(searcher, cols)
		searcher = p.fs
	}
	coll := collector.NewTopNCollector(n, 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	if p.err = coll.Collect(ctx, searcher, reader); p.err != nil {
		return
	}
	p.total, p.hits = int(coll.Total()), coll.Results()
}

// runBleveFacets is run with bleve's own facet builder, for readers
// without cached columns.
func (p *part) runBleveFacets(ctx context.Context, ix *Index, q query.Query, reader index.IndexReader, n int) {
	s, err := q.Searcher(ctx, reader, ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		p.err = err
		return
	}
	defer s.Close()
	coll := collector.NewTopNCollector(n, 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	fc := &facetCounter{counts: map[string]*int{}}
	fb := bsearch.NewFacetsBuilder(reader)
	fb.Add(facetField, fc)
	coll.SetFacetsBuilder(fb)
	if p.err = coll.Collect(ctx, s, reader); p.err != nil {
		return
	}
	p.total, p.hits, p.facets = int(coll.Total()), coll.Results(), fc.split()
}

// rangeSearcher passes on the hits of its searcher whose global document
// number lies in [lo, hi): it starts with an Advance to lo and ends at hi.
type rangeSearcher struct {
	bsearch.Searcher
	lo, hi  uint64
	started bool
	buf     index.IndexInternalID
}

func (s *rangeSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started && s.lo > 0 {
		s.started = true
		s.buf = index.NewIndexInternalID(s.buf, s.lo)
		return s.within(s.Searcher.Advance(ctx, s.buf))
	}
	s.started = true
	return s.within(s.Searcher.Next(ctx))
}

func (s *rangeSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if id.Value() < s.lo {
		s.buf = index.NewIndexInternalID(s.buf, s.lo)
		id = s.buf
	}
	s.started = true
	return s.within(s.Searcher.Advance(ctx, id))
}

func (s *rangeSearcher) within(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if dm != nil && dm.IndexInternalID.Value() >= s.hi {
		return nil, err
	}
	return dm, err
}

// maxDocNum is one past the largest global document number of the
// reader's snapshot (deleted documents included); for other readers, the
// document count.
func maxDocNum(reader index.IndexReader) uint64 {
	if snap, ok := reader.(*scorch.IndexSnapshot); ok {
		var n uint64
		for _, ss := range snap.Segments() {
			n += ss.Segment().Count()
		}
		return n
	}
	n, _ := reader.DocCount()
	return n
}

// loadIDs fills the external ids of hits that lack them.
func loadIDs(reader index.IndexReader, hits bsearch.DocumentMatchCollection) error {
	for _, h := range hits {
		if h.ID != "" {
			continue
		}
		id, err := reader.ExternalID(h.IndexInternalID)
		if err != nil {
			return err
		}
		h.ID = id
	}
	return nil
}
