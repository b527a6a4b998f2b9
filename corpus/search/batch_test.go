package search

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/planmine/planmine/corpus"
)

// TestSplitBatchesSameResults checks that cutting a Put into bleve batches
// by analysed size changes what is held at once and nothing else: one Put of
// synthetic documents, indexed in one batch and in many, answers every
// query with the same total, hits, scores and facets.
func TestSplitBatchesSameResults(t *testing.T) {
	ctx := context.Background()
	g := newGenerator(t)
	var entries []corpus.Entry
	for i := 0; i < 240; i++ {
		entries = append(entries, corpus.Entry{Doc: g.Doc(i), ReuseScore: float64(i%10) / 10})
	}
	build := func(limit int) (*Index, uint64) {
		defer func(old int) { batchBytes = old }(batchBytes)
		batchBytes = limit
		ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		if err := ix.Put(ctx, entries); err != nil {
			t.Fatal(err)
		}
		adv, err := ix.idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		n, _ := adv.(*scorch.Scorch).StatsMap()["TotBatches"].(uint64)
		return ix, n
	}
	whole, wholeBatches := build(1 << 40)
	split, splitBatches := build(32 << 10)
	if wholeBatches != 1 || splitBatches < 10 {
		t.Fatalf("bleve batches: %d whole, %d split; want 1 and at least 10", wholeBatches, splitBatches)
	}
	queries := []string{"三会一课", "发展党员", "三會一課", "党员", "党风廉政建设 type:plan", "组织生活 year:2020..2023",
		"value:5..35 unit:次", "type:summary", "医德医风 reuse:>=0.5", "清廉医院 org:某县人民医院党委", "高质量发展 廉洁"}
	for _, q := range queries {
		a, err := whole.Search(ctx, corpus.Query{Q: q, Limit: 1000})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		b, err := split.Search(ctx, corpus.Query{Q: q, Limit: 1000})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if a.Total == 0 {
			t.Errorf("%q: no hits; the query tests nothing", q)
		}
		// Hits of equal score may come in another order: documents are
		// numbered by segment.
		for _, r := range []*corpus.SearchResult{&a, &b} {
			sort.SliceStable(r.Hits, func(i, j int) bool {
				if r.Hits[i].Score != r.Hits[j].Score {
					return r.Hits[i].Score > r.Hits[j].Score
				}
				return r.Hits[i].ID < r.Hits[j].ID
			})
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%q: split batches give %d hits %v, one batch %d hits %v", q, b.Total, hitIDs(b), a.Total, hitIDs(a))
		}
	}
}
