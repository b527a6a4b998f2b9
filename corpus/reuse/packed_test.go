package reuse

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"

	"github.com/planmine/planmine/nlp/fingerprint"
)

// TestPackedRoundTrip packs the seed and external documents and checks
// that unpacking gives Normalize's runes and Winnow's fingerprints, and
// that passages cut through the packed offsets are Stream's, on random
// ranges and at every checkpoint boundary; and that it is compact.
func TestPackedRoundTrip(t *testing.T) {
	docs := append(seed003Docs(t), seed000Parts(t)...)
	docs = append(docs, external(t, "gwr_cn_2016_u8.txt"), mkdoc("wide", "一、𠀀𠀁总体要求\n（二）加强𠀂建设。3.全年"))
	rng := rand.New(rand.NewPCG(1, 2))
	var bytes, runes int64
	for _, d := range docs {
		s := fingerprint.Normalize(d.Text)
		prints := fingerprint.Winnow(s.Runes, fingerprint.DefaultK, fingerprint.DefaultW)
		p := newPacked(s, prints)
		bytes += p.size()
		runes += int64(s.Len())
		rs := p.runes(nil)
		if string(rs) != string(s.Runes) {
			t.Fatalf("%s: runes differ", d.ID)
		}
		if got := p.prints(nil, rs, fingerprint.DefaultK); !slices.Equal(got, prints) {
			t.Fatalf("%s: prints differ (%d, want %d)", d.ID, len(got), len(prints))
		}
		n := s.Len()
		check := func(i, j int) {
			ws, we := s.TextSpan(i, j)
			wt := s.TextSlice(d.Text, i, j)
			gs, ge, gt := p.cut(d.Text, n, i, j)
			if gs != ws || ge != we || gt != wt {
				t.Fatalf("%s [%d,%d): cut %d %d %q, want %d %d %q", d.ID, i, j, gs, ge, gt, ws, we, wt)
			}
		}
		for k := 0; k <= n; k += chkEvery {
			for _, i := range []int{k - 1, k, k + 1} {
				for _, j := range []int{i - 1, i, i + 1, i + chkEvery - 1, i + chkEvery, i + 3*chkEvery + 5, n, n + 1} {
					check(i, j)
				}
			}
		}
		for range 200 {
			i := rng.IntN(n + 1)
			check(i, i+rng.IntN(n-i+1))
		}
		for off := -1; off <= s.TextLen+1; off += 1 + rng.IntN(7) {
			if got, want := p.index(d.Text, n, off), s.Index(off); got != want {
				t.Fatalf("%s: index(%d) = %d, want %d", d.ID, off, got, want)
			}
		}
	}
	t.Logf("%d runes, %.2f bytes per rune packed", runes, float64(bytes)/float64(runes))
	if per := float64(bytes) / float64(runes); per > 3 {
		t.Errorf("packed form %.2f bytes per normalised rune, want under 3", per)
	}
}

// TestPackedBudgetSameResults aligns the same documents with no packed
// forms, with a budget that holds a few, and with the default, in batches
// as ingest does, and wants the same pairs byte for byte; the small budget
// must hold.
func TestPackedBudgetSameResults(t *testing.T) {
	docs := append(seed003Docs(t), seed000Parts(t)...)
	docs = append(docs, bulkReports(t)[40:56]...)
	run := func(budget int64) ([]string, *Index) {
		ix := New(Options{PackedBytes: budget})
		var out []string
		for start := 0; start < len(docs); start += 7 {
			var ids []string
			for _, d := range docs[start:min(start+7, len(docs))] {
				ix.Add(d)
				ids = append(ids, d.ID)
			}
			err := ix.Align(ids, func(a Aligned) error {
				js, err := json.Marshal(a)
				out = append(out, string(js))
				return err
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if budget > 0 {
				if _, b := ix.cache.size(); b > budget+maxPacked(ix) {
					t.Fatalf("budget %d: cache holds %d bytes", budget, b)
				}
			}
		}
		// Document (the API path) reads candidates from the packed forms
		// too.
		for _, d := range docs[:5] {
			ps, st, _ := ix.Document(d.ID)
			js, _ := json.Marshal(struct {
				P []Pair
				S DocStats
			}{ps, st})
			out = append(out, string(js))
		}
		return out, ix
	}
	formulas := func(ix *Index) string {
		var b strings.Builder
		for _, d := range docs {
			fmt.Fprintln(&b, d.ID, ix.byID[d.ID].formulas())
		}
		return b.String()
	}
	want, ix0 := run(-1)
	if len(want) < 10 {
		t.Fatalf("only %d pairs: the test needs copying", len(want))
	}
	wantF := formulas(ix0)
	if !strings.Contains(strings.Join(docsText(docs), ""), "《") || strings.Count(wantF, "[") < 20 {
		t.Fatalf("the test needs citations and formulas:\n%s", wantF)
	}
	for _, budget := range []int64{150_000, 0} {
		got, ix := run(budget)
		if !slices.Equal(got, want) {
			t.Fatalf("budget %d: results differ from no packed forms", budget)
		}
		if f := formulas(ix); f != wantF {
			t.Fatalf("budget %d: formula intervals differ", budget)
		}
		n, b := ix.cache.size()
		t.Logf("budget %d: %d results, %d packed forms held (%d bytes), %d hits, %d misses", budget, len(got), n, b, ix.cache.hits.Load(), ix.cache.misses.Load())
		if ix.cache.hits.Load() == 0 {
			t.Errorf("budget %d: packed forms never used", budget)
		}
	}
	// Removing documents drops their packed forms.
	_, ix := run(0)
	for _, d := range docs {
		ix.Remove(d.ID)
	}
	if n, b := ix.cache.size(); n != 0 || b != 0 {
		t.Errorf("after removing all: %d packed forms, %d bytes", n, b)
	}
}

func docsText(docs []*doc.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Text)
	}
	return out
}

// maxPacked is the largest packed form held: put keeps the newest one even
// when it alone passes the budget.
func maxPacked(ix *Index) int64 {
	var m int64
	for _, e := range ix.cache.ring {
		m = max(m, e.pk.Load().size())
	}
	return m
}

// TestSeedPathsAgree aligns documents that repeat a sentence many times
// (more prints of one hash than maxPerHash on both sides) through the
// three seed joins, the sort-merge of two sorted lists, a SeedTable with
// a candidate in position order (Align), and one pass over postings
// (Report), and wants the same pairs.
func TestSeedPathsAgree(t *testing.T) {
	refrain := strings.Repeat("坚持以人民为中心的发展思想不断增强人民群众获得感幸福感安全感。\n", 12)
	docs := []*doc.Document{
		mkdoc("r1", planText()+"\n"+refrain),
		mkdoc("r2", refrain+copiedPlan()),
		mkdoc("r3", strings.Repeat(planParas[2]+"\n", 10)+refrain[:200]),
		mkdoc("r4", unrelatedPlan+"\n"+strings.Repeat(planParas[2]+"\n", 9)),
	}
	rep := Analyze(docs, Options{})
	byKey := func(ps []Pair) map[string]string {
		m := map[string]string{}
		for _, p := range ps {
			if p.B.ID < p.A.ID {
				p = p.Mirror()
			}
			js, _ := json.Marshal(p)
			m[p.A.ID+"|"+p.B.ID] = string(js)
		}
		return m
	}
	want := byKey(rep.Pairs)
	if len(want) < 4 {
		t.Fatalf("only %d pairs", len(want))
	}
	ix := New(Options{})
	var ids []string
	for _, d := range docs {
		ix.Add(d)
		ids = append(ids, d.ID)
	}
	var aligned, merged []Pair
	if err := ix.Align(ids, func(a Aligned) error { aligned = append(aligned, a.Pair); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := ix.analyse(ix.byID[docs[i].ID], nil), ix.analyse(ix.byID[docs[j].ID], nil)
			if po := ix.pairOf(a, b); len(po.Passages) > 0 {
				merged = append(merged, po.Pair)
			}
		}
	}
	for name, got := range map[string]map[string]string{"Align": byKey(aligned), "sort-merge": byKey(merged)} {
		if len(got) != len(want) {
			t.Errorf("%s: %d pairs, Report %d", name, len(got), len(want))
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: pair %s differs from Report:\n%.300s\n%.300s", name, k, got[k], w)
			}
		}
	}
}
