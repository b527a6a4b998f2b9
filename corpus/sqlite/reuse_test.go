package sqlite

import (
	"context"
	"errors"
	"fmt"
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

// TestReusePairPage: pages of the pair rows, best first with ties broken
// by the ids, a total that ignores the page, and min_score applied to both.
func TestReusePairPage(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	var all []string
	for _, f := range ids {
		all = append(all, f...)
	}
	if len(all) < 4 {
		t.Fatalf("fixtures hold %d documents, want 4+", len(all))
	}
	// Every pair of the first four documents; two share a score.
	scores := []float64{0.9, 0.5, 0.5, 0.3, 0.2, 0.1}
	var put []corpus.ReusePair
	k := 0
	for i := 0; i < 4; i++ {
		for j := i + 1; j < 4; j++ {
			put = append(put, corpus.ReusePair{A: all[j], B: all[i], Score: scores[k], Passages: fmt.Appendf(nil, `{"k":%d}`, k)})
			k++
		}
	}
	if err := db.PutReusePairs(ctx, put); err != nil {
		t.Fatal(err)
	}
	full, total, err := db.ReusePairPage(ctx, 0, 0, 0)
	if err != nil || total != 6 || len(full) != 6 {
		t.Fatalf("all pairs: %d rows, total %d, %v", len(full), total, err)
	}
	for i := 1; i < len(full); i++ {
		p, q := full[i-1], full[i]
		if p.Score < q.Score || (p.Score == q.Score && p.A+"\x00"+p.B > q.A+"\x00"+q.B) {
			t.Errorf("order: %v before %v", p, q)
		}
	}
	tests := []struct {
		name                 string
		min                  float64
		offset, limit        int
		wantTotal, wantFirst int // wantFirst indexes full
		wantLen              int
	}{
		{"first page", 0, 0, 2, 6, 0, 2},
		{"second page splits the tie", 0, 2, 2, 6, 2, 2},
		{"last page is short", 0, 4, 4, 6, 4, 2},
		{"past the end", 0, 9, 2, 6, -1, 0},
		{"min score", 0.5, 0, 10, 3, 0, 3},
		{"min score, second page", 0.5, 1, 1, 3, 1, 1},
	}
	for _, tc := range tests {
		got, total, err := db.ReusePairPage(ctx, tc.min, tc.offset, tc.limit)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if total != tc.wantTotal || len(got) != tc.wantLen {
			t.Errorf("%s: %d rows total %d, want %d rows total %d", tc.name, len(got), total, tc.wantLen, tc.wantTotal)
			continue
		}
		for i, p := range got {
			w := full[tc.wantFirst+i]
			if p.A != w.A || p.B != w.B || string(p.Passages) != string(w.Passages) {
				t.Errorf("%s: row %d is %s/%s, want %s/%s", tc.name, i, p.A, p.B, w.A, w.B)
			}
		}
	}
}
