package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
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

// mergeDecoded is the merge as it was written before mergeReuse kept the
// stored pairs raw: decode all, replace, sort, encode. The raw merge must
// give the same bytes.
func mergeDecoded(t *testing.T, js []byte, add []reuse.Pair) []byte {
	var ps []reuse.Pair
	if len(js) > 0 {
		if err := json.Unmarshal(js, &ps); err != nil {
			t.Fatal(err)
		}
	}
	replaced := map[string]bool{}
	for _, p := range add {
		replaced[p.B.ID] = true
	}
	kept := ps[:0]
	for _, p := range ps {
		if !replaced[p.B.ID] {
			kept = append(kept, p)
		}
	}
	kept = append(kept, add...)
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Score > kept[j].Score })
	out, err := json.Marshal(kept)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMergeReuseSameAsDecoded(t *testing.T) {
	ctx := context.Background()
	stored := []reuse.Pair{
		pair("p", "x1", 0.9, 0.8, "认真落实“三会一课”制度，每月召开支部委员会"),
		pair("p", "x2", 0.4, 0.3, "组织党员志愿者深入社区开展义诊<活动>&随访"),
		pair("p", "x3", 0.4, 0.35, "每季度讲一次党课"),
		pair("p", "x4", 0.1, 0.05, "全年发展党员5名"),
	}
	storedJS, err := json.Marshal(stored)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		js        []byte
		old       float64
		add       []reuse.Pair
		wantScore float64
		changed   bool
	}{
		{"first pairs of a peer", nil, 0, []reuse.Pair{pair("p", "n1", 0.5, 0.6, "加强党风廉政建设")}, 0.6, true},
		{"new copy in the middle, score kept", storedJS, 0.8,
			[]reuse.Pair{pair("p", "n1", 0.4, 0.2, "开展主题党日活动")}, 0.8, false},
		{"replaces a stored peer and raises the score", storedJS, 0.8,
			[]reuse.Pair{pair("p", "x2", 0.95, 0.85, "深入社区开展义诊"), pair("p", "n2", 0.05, 0.01, "年底前完成")}, 0.85, true},
		{"empty stored list", []byte("[]"), 0, []reuse.Pair{pair("p", "n3", 0.2, 0, "建立台账")}, 0, false},
	}
	for _, tc := range tests {
		st := newReuseStore()
		st.score["p"], st.js["p"] = tc.old, tc.js
		c := &Corpus{Store: st}
		u, changed, err := c.mergeReuse(ctx, "p", tc.add)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := mergeDecoded(t, tc.js, tc.add); !bytes.Equal(u.PairsJSON, want) {
			t.Errorf("%s: merged JSON\n%s\nwant\n%s", tc.name, u.PairsJSON, want)
		}
		if u.DocID != "p" || u.Score != tc.wantScore || changed != tc.changed {
			t.Errorf("%s: update %s score %v changed %v, want p %v %v", tc.name, u.DocID, u.Score, changed, tc.wantScore, tc.changed)
		}
	}
}

func TestMergeReuseBadJSON(t *testing.T) {
	st := newReuseStore()
	st.js["p"] = []byte(`[{"b": 5}]`)
	c := &Corpus{Store: st}
	if _, _, err := c.mergeReuse(context.Background(), "p", []reuse.Pair{pair("p", "n", 0.1, 0.1, "党建")}); err == nil {
		t.Error("mergeReuse accepted a stored pair whose b is not an object")
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

// decodeHeads is the reference for splitPairs: encoding/json's reading of
// B's id and the score of every element.
func decodeHeads(js []byte) ([]storedPair, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(js, &raws); err != nil {
		return nil, err
	}
	out := []storedPair{}
	for _, r := range raws {
		var v struct {
			B struct {
				ID string `json:"id"`
			} `json:"b"`
			Score float64 `json:"score"`
		}
		if err := json.Unmarshal(r, &v); err != nil {
			return nil, err
		}
		out = append(out, storedPair{b: v.B.ID, score: v.Score, raw: r})
	}
	return out, nil
}

func TestSplitPairs(t *testing.T) {
	tricky := pair("p", "q", 0.25, 0.5, `引号"和反斜杠\、括号{}[]以及，"score":9`)
	escID := pair("p", `odd"id\`, 1e-7, 0.1, "党建引领")
	marshal := func(ps ...reuse.Pair) string {
		b, err := json.Marshal(ps)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	indented, err := json.MarshalIndent([]reuse.Pair{tricky, escID}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	valid := []struct {
		name, js string
	}{
		{"as written", marshal(pair("p", "x1", 0.9, 0.8, "落实三会一课"), tricky, escID)},
		{"one pair", marshal(tricky)},
		{"empty", `[]`},
		{"empty with space", ` [ ] `},
		{"indented: slow path", string(indented)},
		{"fields in another order", `[{"score":0.5,"b":{"title":"t","id":"b1"},"a":{"id":"a1"}}]`},
	}
	for _, tc := range valid {
		got, err := splitPairs([]byte(tc.js))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		want, _ := decodeHeads([]byte(tc.js))
		if len(got) != len(want) {
			t.Errorf("%s: %d pairs, want %d", tc.name, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i].b != want[i].b || got[i].score != want[i].score || !bytes.Equal(got[i].raw, want[i].raw) {
				t.Errorf("%s: pair %d = %q %v %s, want %q %v %s", tc.name, i,
					got[i].b, got[i].score, got[i].raw, want[i].b, want[i].score, want[i].raw)
			}
		}
	}
	if got, err := splitPairs(nil); err != nil || got != nil {
		t.Errorf("no JSON: %v %v", got, err)
	}
	if got, err := splitPairs([]byte("null")); err != nil || got != nil {
		t.Errorf("null: %v %v", got, err)
	}
	bad := []string{
		`{}`, `[`, `[{"a":{}`, `[{"a":{},"b":{"id":"x"},"score":1}`, `[{"a":{}}}]`,
		`[{"a":{},"b":{"id":"x"},"score":1}] x`, `[{"a":"unterminated}]`, `[1,,2]`, `[{"b":5}]`,
	}
	for _, js := range bad {
		if got, err := splitPairs([]byte(js)); err == nil {
			t.Errorf("splitPairs(%s) = %v, want an error", js, got)
		}
	}
}

// FuzzSplitPairs: never panics, and whatever encoding/json reads as an
// array of pairs, splitPairs reads the same way.
func FuzzSplitPairs(f *testing.F) {
	seed, _ := json.Marshal([]reuse.Pair{pair("p", "x", 0.5, 0.4, `文本"\{`)})
	for _, s := range []string{string(seed), `[]`, `[{"a":{},"b":{"id":"x"},"score":1}]`, `[{"b":{"id":"\u0041"}}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, js []byte) {
		got, err := splitPairs(js)
		want, werr := decodeHeads(js)
		if werr != nil || err != nil {
			return // invalid input: only the absence of a panic is checked
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d pairs, want %d", js, len(got), len(want))
		}
		for i := range got {
			if got[i].b != want[i].b || got[i].score != want[i].score {
				t.Fatalf("%s: pair %d = %q %v, want %q %v", js, i, got[i].b, got[i].score, want[i].b, want[i].score)
			}
		}
	})
}
