package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

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
// score-sorted request, with two differences that matter for latency: the
// facets are counted by facetCounter (bleve's terms builder allocates a
// string per value per hit), and stored fields are read only for the page.
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
	searcher, err := q.Searcher(ctx, reader, ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return page{}, err
	}
	defer searcher.Close()
	// With a rescore query the window of hits it may reorder is collected
	// from the top; the page is cut after rescoring.
	window, skip := size, from
	if rescore != nil {
		window, skip = max(from+size, rescoreWindow), 0
	}
	coll := collector.NewTopNCollector(window, skip, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	var fc *facetCounter
	var fs *facetingSearcher
	if facets {
		if cols, err := ix.cols.forReader(reader); err == nil && ix.cols != nil {
			fs = newFacetingSearcher(searcher, cols)
			searcher = fs
		} else {
			fc = &facetCounter{counts: map[string]*int{}}
			fb := bsearch.NewFacetsBuilder(reader)
			fb.Add(facetField, fc)
			coll.SetFacetsBuilder(fb)
		}
	}
	if err := coll.Collect(ctx, searcher, reader); err != nil {
		return page{}, err
	}
	out := page{total: int(coll.Total())}
	results := coll.Results()
	if rescore != nil {
		if results, err = ix.rescore(ctx, reader, rescore, results); err != nil {
			return page{}, err
		}
		results = results[min(from, len(results)):min(from+size, len(results))]
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
	switch {
	case fs != nil:
		out.facets = fs.split()
	case fc != nil:
		out.facets = fc.split()
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
