package search

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/planmine/planmine/corpus"
)

// TestReuseFilter checks the reuse: filter against the scores themselves
// over several segments, a re-put (a deleted older version), a deletion,
// score changes without re-indexing, and both serial and parallel search.
func TestReuseFilter(t *testing.T) {
	g := newGenerator(t)
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	scores := map[string]float64{}
	const n = 90
	for lo := 0; lo < n; lo += 30 { // three batches, three segments
		var entries []corpus.Entry
		for i := lo; i < lo+30; i++ {
			d := g.Doc(i)
			sc := float64(i%10) / 10
			scores[d.ID] = sc
			entries = append(entries, corpus.Entry{Doc: d, ReuseScore: sc})
		}
		if err := ix.Put(ctx, entries); err != nil {
			t.Fatal(err)
		}
	}
	// A document put again: its first version stays in its segment,
	// deleted.
	d := g.Doc(3)
	scores[d.ID] = 0.95
	if err := ix.Put(ctx, []corpus.Entry{{Doc: d, ReuseScore: 0.95}}); err != nil {
		t.Fatal(err)
	}
	gone := g.Doc(7).ID
	if err := ix.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	delete(scores, gone)
	changed := map[string]float64{g.Doc(10).ID: 0.5, g.Doc(11).ID: 0.3, g.Doc(12).ID: 0.99}
	for id, sc := range changed {
		scores[id] = sc
	}
	if err := ix.SetReuseScores(ctx, changed); err != nil {
		t.Fatal(err)
	}
	want := func(pass func(float64) bool, among map[string]bool) []string {
		var out []string
		for id, sc := range scores {
			if pass(sc) && (among == nil || among[id]) {
				out = append(out, id)
			}
		}
		sort.Strings(out)
		return out
	}
	got := func(q string) []string {
		res, err := ix.Search(ctx, corpus.Query{Q: q, Limit: 1000, NoFacets: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if res.Total != len(out) {
			t.Errorf("%q: total %d, %d hits", q, res.Total, len(out))
		}
		sort.Strings(out)
		return out
	}
	// The documents holding a common term, to combine the filter with.
	plain := map[string]bool{}
	for _, id := range got("三会一课") {
		plain[id] = true
	}
	if len(plain) == 0 || len(plain) >= len(scores) {
		t.Fatalf("三会一课: %d documents of %d; the test needs some, not all", len(plain), len(scores))
	}
	cases := []struct {
		q    string
		pass func(float64) bool
		term bool
	}{
		{"reuse:>=0.5", func(v float64) bool { return v >= 0.5 }, false},
		{"reuse:>0.5", func(v float64) bool { return v > 0.5 }, false},
		{"reuse:<0.3", func(v float64) bool { return v < 0.3 }, false},
		{"reuse:<=0.3", func(v float64) bool { return v <= 0.3 }, false},
		{"reuse:0.3", func(v float64) bool { return v == 0.3 }, false},
		{"reuse:0.2..0.6", func(v float64) bool { return v >= 0.2 && v <= 0.6 }, false},
		{"三会一课 reuse:>=0.5", func(v float64) bool { return v >= 0.5 }, true},
		{"三会一课 reuse:>=0.5 type:plan", nil, true},
	}
	for _, par := range []uint64{parallelFrom, 1} {
		old := parallelFrom
		parallelFrom = par
		for _, c := range cases {
			if c.pass == nil {
				continue
			}
			var among map[string]bool
			if c.term {
				among = plain
			}
			w := want(c.pass, among)
			if g := got(c.q); fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("parallel from %d: %q = %v, want %v", par, c.q, g, w)
			}
		}
		// The filter joins other filters: the hits of both are the
		// hits of each.
		both := got("三会一课 reuse:>=0.5 type:plan")
		typ := map[string]bool{}
		for _, id := range got("三会一课 type:plan") {
			typ[id] = true
		}
		w := want(func(v float64) bool { return v >= 0.5 }, typ)
		if fmt.Sprint(both) != fmt.Sprint(w) {
			t.Errorf("parallel from %d: with type:plan %v, want %v", par, both, w)
		}
		parallelFrom = old
	}
	// A merge renumbers the documents: the columns follow.
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if g, w := got("reuse:>=0.5"), want(func(v float64) bool { return v >= 0.5 }, nil); fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("after compact: %v, want %v", g, w)
	}
}
