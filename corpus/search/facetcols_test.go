package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// The cached facet columns count exactly what bleve's own facet builder
// counts, over an index of several segments with deleted and replaced
// documents, before and after a merge.
// facetTestIndex is an index of 200 documents in eight segments, with
// three deleted and one replaced.
func facetTestIndex(t *testing.T) *Index {
	t.Helper()
	ctx := context.Background()
	ix := emptyIndex(t)
	orgs := []string{"某县人民医院党委", "某縣中醫院黨總支", "某区妇幼保健院党支部"}
	types := []string{"plan", "summary", "scheme"}
	units := []string{"次", "名", "%"}
	mk := func(i int) corpus.Entry {
		org := orgs[i%len(orgs)]
		d := doc.Document{ID: fmt.Sprintf("d%03d", i), Source: "x.txt", DocType: types[i%len(types)],
			Year: doc.IntPtr(2020 + i%5), Org: &org, Script: "simplified",
			Title: fmt.Sprintf("第%d号党建工作计划", i),
			Text:  fmt.Sprintf("落实三会一课制度，党员每季度参加%d次组织生活。", i%7+1)}
		if i%4 == 0 {
			d.Text += "全年发展党员2名。"
			d.Slogans = []doc.Slogan{{Text: "三会一课"}}
		}
		d.Targets = []doc.Target{{Metric: "组织生活", Value: float64(i % 9), Unit: units[i%len(units)], Kind: "plan"}}
		return corpus.Entry{Doc: d}
	}
	// Eight batches make eight segments.
	for b := 0; b < 8; b++ {
		var es []corpus.Entry
		for i := b * 25; i < (b+1)*25; i++ {
			es = append(es, mk(i))
		}
		if err := ix.Put(ctx, es); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Delete(ctx, "d003", "d050", "d199"); err != nil {
		t.Fatal(err)
	}
	re := mk(10)
	re.Doc.DocType, re.Doc.Year = "summary", doc.IntPtr(2031)
	if err := ix.Put(ctx, []corpus.Entry{re}); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestFacetColumnsMatchBleve(t *testing.T) {
	ctx := context.Background()
	// bleve merges segments in the background: on a loaded machine it may
	// merge all eight before the first search. Build again until a search
	// sees several segments, so the columns are compared across segments.
	var ix *Index
	for try := 0; ; try++ {
		ix = facetTestIndex(t)
		if _, err := ix.Search(ctx, corpus.Query{}); err != nil {
			t.Fatal(err)
		}
		if len(ix.cols.segs) >= 2 {
			break
		}
		if try == 4 {
			t.Skip("bleve merged every segment before the first search, five times running")
		}
	}
	queries := []string{"党员", "三会一课", "组织生活 type:plan", "value:2..5", "year:2021..2023 unit:次", "发展党员", ""}
	compare := func(stage string) {
		t.Helper()
		for _, q := range queries {
			got, err := ix.Search(ctx, corpus.Query{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			cols := ix.cols
			ix.cols = nil // bleve's facet builder
			want, err := ix.Search(ctx, corpus.Query{Q: q})
			ix.cols = cols
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Errorf("%s %q: columns %d %v\nbleve %d %v", stage, q, got.Total, got.Facets, want.Total, want.Facets)
			}
			// 40 a year; d003 (2023), d050 (2020) and d199 (2024) deleted,
			// d010 moved from 2020 to 2031.
			if want := "[{2021 40} {2022 40} {2023 39} {2024 39} {2020 38} {2031 1}]"; q == "" && fmt.Sprint(got.Facets["year"]) != want {
				t.Errorf("%s: year facet %v, want %s", stage, got.Facets["year"], want)
			}
		}
	}
	compare("segments")
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	compare("merged")
	if n := len(ix.cols.segs); n > 3 {
		t.Errorf("merged-away segments still cached: %d", n)
	}
}

// Two halves searched at once give what one pass gives: totals, facets,
// and the same hits in the same order on every page.
func TestParallelHalvesMatchSerial(t *testing.T) {
	ctx := context.Background()
	ix := facetTestIndex(t)
	// Ties are in document order; let the background merges finish so the
	// two passes see the same document numbers.
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	defer func(v uint64) { parallelFrom = v }(parallelFrom)
	for _, q := range []string{"党员", "三会一课", "组织生活 type:plan", "value:2..5", "year:2021..2023 unit:次", "发展党员", ""} {
		for _, page := range []corpus.Query{{Q: q}, {Q: q, Offset: 10, Limit: 7}, {Q: q, Offset: 120, Limit: 20}} {
			parallelFrom = 1 << 62
			serial, err := ix.Search(ctx, page)
			if err != nil {
				t.Fatal(err)
			}
			parallelFrom = 1
			par, err := ix.Search(ctx, page)
			if err != nil {
				t.Fatal(err)
			}
			if serial.Total == 0 && q != "value:2..5" {
				t.Errorf("%q: no hits", q)
			}
			if !reflect.DeepEqual(serial, par) {
				t.Errorf("%q offset %d: serial %d %v\nparallel %d %v", q, page.Offset, serial.Total, hitIDs(serial), par.Total, hitIDs(par))
			}
		}
	}
}

func hitIDs(r corpus.SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s:%.4f", h.ID, h.Score))
	}
	return out
}
