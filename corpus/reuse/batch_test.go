package reuse

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// TestAnalyzeBatchMatchesIndex checks the batch build (streams cut from
// shared blocks) against documents indexed one by one: the same report,
// also for a nil document and for Latin-script documents, whose streams
// hold more runes than the third of their bytes a block reserves.
func TestAnalyzeBatchMatchesIndex(t *testing.T) {
	latin := strings.Repeat("The county plan builds 12 new schools and trains 300 teachers in rural areas every year. ", 40)
	docs := []*doc.Document{
		mkdoc("b1", planText()),
		nil,
		mkdoc("b2", copiedPlan()),
		mkdoc("b3", latin),
		mkdoc("b4", "Summary: "+latin[:2000]+unrelatedPlan),
		mkdoc("b5", unrelatedPlan),
	}
	if d := docs[3]; fingerprint.Normalize(d.Text).Len() <= len(d.Text)/3+8 {
		t.Fatalf("%s fits its reserved stream; the test needs one that outgrows it", d.ID)
	}
	got := Analyze(docs, Options{})
	ix := New(Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	want := ix.Report()
	if findPair(got, "b1", "b2") == nil || findPair(got, "b3", "b4") == nil {
		t.Fatalf("pairs b1-b2 and b3-b4 missing: %d pairs", len(got.Pairs))
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("Analyze differs from Add+Report:\n%.600s\n%.600s", g, w)
	}
}

// TestSortPairsInPlace checks the in-place permutation of sortPairs
// against a stable sort of a copy, with ties in score and ids.
func TestSortPairsInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	for n := range 40 {
		ps := make([]Pair, n)
		for i := range ps {
			ps[i] = Pair{A: DocRef{ID: fmt.Sprint(rng.IntN(4))}, B: DocRef{ID: fmt.Sprint(rng.IntN(4))},
				Score: float64(rng.IntN(3)) / 2, Longest: i}
		}
		want := slices.Clone(ps)
		slices.SortStableFunc(want, func(x, y Pair) int {
			if c := cmp.Compare(y.Score, x.Score); c != 0 {
				return c
			}
			if c := strings.Compare(x.A.ID, y.A.ID); c != 0 {
				return c
			}
			return strings.Compare(x.B.ID, y.B.ID)
		})
		sortPairs(ps)
		for i := range ps {
			if ps[i].Longest != want[i].Longest {
				t.Fatalf("n=%d: place %d holds pair %d, want %d", n, i, ps[i].Longest, want[i].Longest)
			}
		}
	}
}
