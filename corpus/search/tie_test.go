package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// TestTieOrderIndependentOfLayout: hits with equal scores come back in the
// same order whatever order their documents were indexed in (and so
// whatever segments the merger left), so that paging through a filter-only
// list, where every hit scores the same, neither repeats nor skips a hit
// when the index changed its layout between two pages.
func TestTieOrderIndependentOfLayout(t *testing.T) {
	ctx := context.Background()
	var docs []doc.Document
	for i := 0; i < 30; i++ {
		docs = append(docs, doc.Document{ID: fmt.Sprintf("doc-%02d", i), Title: "卫生院党支部2026年工作计划",
			DocType: doc.TypePlan, Script: doc.ScriptSimplified, Year: doc.IntPtr(2026),
			Text: "卫生院党支部2026年工作计划\n一、落实三会一课制度，党课每季度不少于1次。"})
	}
	forward := emptyIndex(t, docs[:10], docs[10:20], docs[20:])
	backward := emptyIndex(t, docs[20:], docs[10:20], docs[:10])
	pages := func(ix *Index, q string) []string {
		var ids []string
		for off := 0; off < len(docs); off += 7 {
			res, err := ix.Search(ctx, corpus.Query{Q: q, Limit: 7, Offset: off, NoFacets: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
		}
		return ids
	}
	for _, q := range []string{"type:plan", "三会一课", "year:2026"} {
		a, b := pages(forward, q), pages(backward, q)
		if len(a) != len(docs) {
			t.Fatalf("%s: %d hits over the pages, want %d", q, len(a), len(docs))
		}
		if !slices.Equal(a, b) {
			t.Errorf("%s: tie order follows the indexing order:\n  %v\n  %v", q, a, b)
		}
		seen := map[string]bool{}
		for _, id := range a {
			seen[id] = true
		}
		if len(seen) != len(docs) {
			t.Errorf("%s: pages repeat a hit: %v", q, a)
		}
	}
}

// TestReuseIDsFromTerms: the ids read from the _id terms are those each
// document stores, segment by segment, deleted documents included.
func TestReuseIDsFromTerms(t *testing.T) {
	ctx := context.Background()
	var batches [][]doc.Document
	for b := 0; b < 3; b++ {
		var docs []doc.Document
		for i := 0; i < 7; i++ {
			docs = append(docs, doc.Document{ID: fmt.Sprintf("b%d-%d", b, i), Title: "工作计划",
				Text: fmt.Sprintf("第%d批第%d份：落实三会一课制度。", b, i)})
		}
		batches = append(batches, docs)
	}
	ix := emptyIndex(t, batches...)
	if err := ix.Delete(ctx, "b1-3"); err != nil {
		t.Fatal(err)
	}
	segs := snapshotReader(t, ix).(*scorch.IndexSnapshot).Segments()
	if len(segs) < 2 {
		t.Fatalf("%d segments, want several", len(segs))
	}
	n := 0
	for _, ss := range segs {
		col, err := reuseIDs(ss.Segment())
		if err != nil {
			t.Fatal(err)
		}
		for d := range col.ids {
			want, err := ss.Segment().DocID(uint64(d))
			if err != nil {
				t.Fatal(err)
			}
			if col.ids[d] != string(want) || col.ties[d] != tieKey(string(want)) {
				t.Errorf("document %d: id %q, stored %q", d, col.ids[d], want)
			}
			n++
		}
	}
	if n < 21 {
		t.Errorf("%d documents over the segments, want at least 21", n)
	}
}

// emptyIndex opens a new index in a temporary folder, closed when the test
// ends, and puts each batch of documents in turn (a segment each).
func emptyIndex(t *testing.T, batches ...[]doc.Document) *Index {
	t.Helper()
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, b := range batches {
		entries := make([]corpus.Entry, len(b))
		for i, d := range b {
			entries[i] = corpus.Entry{Doc: d}
		}
		if err := ix.Put(ctx, entries); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}
