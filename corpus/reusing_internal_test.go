package corpus

import (
	"context"
	"testing"

	"github.com/planmine/planmine/corpus/reuse"
)

// reuseStore is a Store that keeps reuse results in maps; the methods the
// reuse code does not call are left to the nil embedded interface.
type reuseStore struct {
	Store
	score map[string]float64
	js    map[string][]byte
	pairs []ReusePair
	sets  int
}

func newReuseStore() *reuseStore {
	return &reuseStore{score: map[string]float64{}, js: map[string][]byte{}}
}

func (s *reuseStore) Reuse(_ context.Context, id string) (float64, []byte, error) {
	return s.score[id], s.js[id], nil
}

func (s *reuseStore) SetReuse(_ context.Context, id string, score float64, js []byte) error {
	s.sets++
	s.score[id], s.js[id] = score, js
	return nil
}

func (s *reuseStore) PutReusePairs(_ context.Context, ps []ReusePair) error {
	s.pairs = append(s.pairs, ps...)
	return nil
}

// batchStore also writes in one call, as corpus/sqlite does.
type batchStore struct {
	*reuseStore
	batches int
}

func (s *batchStore) SetReuses(ctx context.Context, ups []ReuseUpdate) error {
	s.batches++
	for _, u := range ups {
		s.score[u.DocID], s.js[u.DocID] = u.Score, u.PairsJSON
		s.pairs = append(s.pairs, u.Pairs...)
	}
	return nil
}

func pair(a, b string, score, aCov float64, text string) reuse.Pair {
	return reuse.Pair{
		A:     reuse.DocRef{ID: a, Source: a + ".txt", Part: 1, Title: a + "党建工作计划"},
		B:     reuse.DocRef{ID: b, Source: b + ".txt", Part: 1, Title: b + "党建工作计划"},
		Score: score, ACovered: aCov, BCovered: score,
		Passages: []reuse.Passage{{AStart: 0, AEnd: len([]rune(text)), BStart: 3, BEnd: 3 + len([]rune(text)),
			AText: text, BText: text, Chars: len([]rune(text))}},
	}
}

// TestReuseWritesFlush: a ReuseWriter gets all updates in one call; any
// other store gets SetReuse per document and PutReusePairs for pair rows.
func TestReuseWritesFlush(t *testing.T) {
	ctx := context.Background()
	u1, err := reuseUpdate("a", 0.7, []reuse.Pair{pair("a", "b", 0.7, 0.7, "落实主体责任")})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := pair("c", "t", 0, 0.5, "模板原文")
	tmpl.Template = true
	u2, err := reuseUpdate("c", 0, []reuse.Pair{tmpl})
	if err != nil {
		t.Fatal(err)
	}
	u3, err := reuseUpdate("d", 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(u1.Pairs) != 1 || len(u2.Pairs) != 0 || string(u3.PairsJSON) != "[]" {
		t.Fatalf("reuseUpdate: %d pair rows (want 1), template rows %d (want 0), empty JSON %s (want [])",
			len(u1.Pairs), len(u2.Pairs), u3.PairsJSON)
	}

	plain := newReuseStore()
	w := &reuseWrites{st: plain}
	w.add(u1)
	w.add(u2)
	w.add(u3)
	if err := w.flush(ctx); err != nil {
		t.Fatal(err)
	}
	if plain.sets != 3 || len(plain.pairs) != 1 || plain.score["a"] != 0.7 || len(w.ups) != 0 {
		t.Errorf("fallback: %d SetReuse, %d pair rows, score %v, %d left; want 3, 1, 0.7, 0",
			plain.sets, len(plain.pairs), plain.score["a"], len(w.ups))
	}

	bs := &batchStore{reuseStore: newReuseStore()}
	w = &reuseWrites{st: bs}
	if err := w.flush(ctx); err != nil || bs.batches != 0 {
		t.Errorf("empty flush wrote %d batches (%v)", bs.batches, err)
	}
	w.add(u1)
	w.add(u2)
	if err := w.flush(ctx); err != nil {
		t.Fatal(err)
	}
	if bs.batches != 1 || bs.sets != 0 || len(bs.pairs) != 1 || string(bs.js["c"]) != string(u2.PairsJSON) {
		t.Errorf("batched: %d batches, %d single sets, %d pair rows; want 1, 0, 1", bs.batches, bs.sets, len(bs.pairs))
	}
}
