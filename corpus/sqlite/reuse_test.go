package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/planmine/planmine/corpus"
)

// TestSetReuses: scores, pairs JSON and pair rows of several documents in
// one call, pairs keyed in either order; a missing document fails the call
// and leaves nothing of it behind.
func TestSetReuses(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	if len(ids) < 3 {
		t.Fatalf("fixtures hold %d files, want 3+", len(ids))
	}
	a, b, c := ids[0][0], ids[1][0], ids[2][0]
	ups := []corpus.ReuseUpdate{
		{DocID: a, Score: 0.7, PairsJSON: []byte(`[{"b":{"id":"` + b + `"}}]`),
			Pairs: []corpus.ReusePair{{A: b, B: a, Score: 0.7, Passages: []byte(`{"x":1}`)}}},
		{DocID: b, Score: 0.5, PairsJSON: []byte(`[]`)},
	}
	if err := db.SetReuses(ctx, ups); err != nil {
		t.Fatal(err)
	}
	for _, u := range ups {
		score, js, err := db.Reuse(ctx, u.DocID)
		if err != nil || score != u.Score || string(js) != string(u.PairsJSON) {
			t.Errorf("Reuse(%s) = %v %s %v, want %v %s", u.DocID, score, js, err, u.Score, u.PairsJSON)
		}
	}
	ps, err := db.ReusePairs(ctx, a)
	if err != nil || len(ps) != 1 || ps[0].Score != 0.7 || string(ps[0].Passages) != `{"x":1}` {
		t.Fatalf("pair rows: %+v %v", ps, err)
	}
	// The same pair again, keyed the other way round: an upsert.
	if err := db.SetReuses(ctx, []corpus.ReuseUpdate{{DocID: a, Score: 0.8, PairsJSON: []byte(`[]`),
		Pairs: []corpus.ReusePair{{A: a, B: b, Score: 0.8, Passages: []byte(`{"x":2}`)}}}}); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.ReusePairs(ctx, ""); len(ps) != 1 || ps[0].Score != 0.8 {
		t.Errorf("pair upsert: %+v", ps)
	}

	err = db.SetReuses(ctx, []corpus.ReuseUpdate{
		{DocID: c, Score: 0.9, PairsJSON: []byte(`[]`)},
		{DocID: "ghost-1", Score: 0.3},
	})
	if !errors.Is(err, corpus.ErrNotFound) {
		t.Fatalf("missing document: err %v, want ErrNotFound", err)
	}
	if score, _, _ := db.Reuse(ctx, c); score != 0 {
		t.Errorf("failed call left a score of %v on %s: not one transaction", score, c)
	}
	if err := db.SetReuses(ctx, nil); err != nil {
		t.Errorf("no updates: %v", err)
	}
}
