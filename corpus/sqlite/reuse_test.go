package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/reuse"
)

// TestSetReuses: scores, covers and pair rows of several documents in one
// call, pairs keyed in either order; a missing document fails the call and
// leaves nothing of it behind.
func TestSetReuses(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	if len(ids) < 3 {
		t.Fatalf("fixtures hold %d files, want 3+", len(ids))
	}
	a, b, c := ids[0][0], ids[1][0], ids[2][0]
	if got, err := db.ReuseCovers(ctx, []string{a, "ghost"}); err != nil || len(got) != 1 || got[a].Cover != nil {
		t.Fatalf("covers before any reuse: %+v %v, want %s with a NULL cover only", got, err, a)
	}
	ups := []corpus.ReuseUpdate{{DocID: a, Score: 0.7, Cover: []byte(`[0,70]`)}, {DocID: b, Score: 0.5, Cover: []byte(`[]`)}}
	pairs := []corpus.ReusePair{{A: b, B: a, Score: 0.7, Row: &corpus.PairRow{Longest: 1}}}
	if err := db.SetReuses(ctx, ups, pairs); err != nil {
		t.Fatal(err)
	}
	covers, err := db.ReuseCovers(ctx, []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range ups {
		if got := covers[u.DocID]; got.Score != u.Score || string(got.Cover) != string(u.Cover) {
			t.Errorf("ReuseCovers(%s) = %v %s, want %v %s", u.DocID, got.Score, got.Cover, u.Score, u.Cover)
		}
	}
	if scores, _ := db.ReuseScores(ctx); scores[a] != 0.7 {
		t.Errorf("ReuseScores = %v", scores)
	}
	ps, err := db.ReusePairs(ctx, a)
	if err != nil || len(ps) != 1 || ps[0].Score != 0.7 || ps[0].A != b || ps[0].Row == nil || ps[0].Row.Longest != 1 {
		t.Fatalf("pair rows: %+v %v", ps, err)
	}
	// The same pair again, keyed the other way round: an upsert.
	if err := db.SetReuses(ctx, nil, []corpus.ReusePair{{A: a, B: b, Score: 0.8, Row: &corpus.PairRow{Longest: 2}}}); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.ReusePairs(ctx, ""); len(ps) != 1 || ps[0].Score != 0.8 || ps[0].A != a || ps[0].Row.Longest != 2 {
		t.Errorf("pair upsert: %+v", ps)
	}

	for _, bad := range []struct {
		ups   []corpus.ReuseUpdate
		pairs []corpus.ReusePair
	}{
		{[]corpus.ReuseUpdate{{DocID: c, Score: 0.9, Cover: []byte(`[]`)}, {DocID: "ghost-1", Score: 0.3}}, nil},
		{[]corpus.ReuseUpdate{{DocID: c, Score: 0.9, Cover: []byte(`[]`)}}, []corpus.ReusePair{{A: c, B: "ghost-1", Score: 1}}},
	} {
		if err := db.SetReuses(ctx, bad.ups, bad.pairs); !errors.Is(err, corpus.ErrNotFound) {
			t.Fatalf("missing document: err %v, want ErrNotFound", err)
		}
		if got, _ := db.ReuseCovers(ctx, []string{c}); got[c].Score != 0 || got[c].Cover != nil {
			t.Errorf("failed call left %+v on %s: not one transaction", got[c], c)
		}
	}
	if err := db.SetReuses(ctx, nil, nil); err != nil {
		t.Errorf("no updates: %v", err)
	}
}

// TestReplaceReuse: a refresh replaces every pair row and the documents'
// results in one transaction; a failed refresh leaves the old ones.
func TestReplaceReuse(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	a, b, c := ids[0][0], ids[1][0], ids[2][0]
	if err := db.SetReuse(ctx, a, 0.4, []byte(`[{"legacy":true}]`)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetReuses(ctx, []corpus.ReuseUpdate{{DocID: a, Score: 0.4, Cover: []byte(`[0,4]`)}},
		[]corpus.ReusePair{{A: a, B: b, Score: 0.4, Row: &corpus.PairRow{Longest: 1}}}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := db.ReplaceReuse(ctx, func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error {
		if err := put([]corpus.ReuseUpdate{{DocID: a, Score: 0}}, nil); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("failed fill: %v", err)
	}
	if ps, _ := db.ReusePairs(ctx, ""); len(ps) != 1 || ps[0].Row == nil || ps[0].Row.Longest != 1 {
		t.Errorf("after a failed refresh the old rows are gone: %+v", ps)
	}
	err = db.ReplaceReuse(ctx, func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error {
		if err := put(nil, []corpus.ReusePair{{A: c, B: b, Score: 0.9, Row: &corpus.PairRow{Longest: 2}}}); err != nil {
			return err
		}
		return put([]corpus.ReuseUpdate{{DocID: a, Score: 0, Cover: []byte(`[]`)},
			{DocID: b, Score: 0.9, Cover: []byte(`[0,9]`)}, {DocID: c, Score: 0.9, Cover: []byte(`[0,9]`)}}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := db.ReusePairs(ctx, "")
	if len(ps) != 1 || ps[0].A != c || ps[0].B != b || ps[0].Row == nil || ps[0].Row.Longest != 2 {
		t.Errorf("rows after refresh: %+v, want only the new %s/%s", ps, b, c)
	}
	if score, js, _ := db.Reuse(ctx, a); score != 0 || js != nil {
		t.Errorf("%s after refresh: score %v, legacy JSON %s; want 0 and none", a, score, js)
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
			put = append(put, corpus.ReusePair{A: all[j], B: all[i], Score: scores[k], Row: &corpus.PairRow{Longest: k}})
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
		if p.Score < q.Score || (p.Score == q.Score && min(p.A, p.B)+"\x00"+max(p.A, p.B) > min(q.A, q.B)+"\x00"+max(q.A, q.B)) {
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
			if p.A != w.A || p.B != w.B || p.Row == nil || p.Row.Longest != w.Row.Longest {
				t.Errorf("%s: row %d is %s/%s, want %s/%s", tc.name, i, p.A, p.B, w.A, w.B)
			}
		}
	}
}

// TestPairRowsOfEarlierVersions: pair rows as earlier versions wrote them
// (the engine pair's JSON: spans only, and before that with texts and
// each side's source and title), put in the table as they were, read back
// as the same typed pairs, in the orientation their JSON names; rows
// written now are binary BLOBs.
func TestPairRowsOfEarlierVersions(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	a, b, c := ids[0][0], ids[1][0], ids[2][0]
	lo, hi := min(a, b), max(a, b)
	spans := fmt.Sprintf(`{"a":{"id":%q},"b":{"id":%q},"score":0.5,"a_covered":0.25,"b_covered":0.125,"longest":12,`+
		`"passages":[{"a_start":3,"a_end":15,"b_start":40,"b_end":52,"chars":12}],`+
		`"boilerplate":[{"a_start":20,"a_end":26,"b_start":0,"b_end":6,"chars":6,"kind":"formula"}]}`, hi, lo)
	lo2, hi2 := min(a, c), max(a, c)
	texts := fmt.Sprintf(`{"a":{"id":%q,"source":"甲.docx","part":1,"title":"甲"},"b":{"id":%q,"source":"乙.pdf","part":0,"title":"乙"},`+
		`"score":0.75,"a_covered":0.5,"b_covered":0.5,"longest":4,"passages":[{"a_start":0,"a_end":4,"b_start":8,"b_end":12,`+
		`"a_text":"加快建设","b_text":"加快建設","chars":4}],"template":true}`, lo2, hi2)
	for _, r := range []struct {
		a, b  string
		score float64
		js    string
	}{{lo, hi, 0.5, spans}, {lo2, hi2, 0.75, texts}} {
		if _, err := db.w.ExecContext(ctx, `INSERT INTO reuse_pairs(a,b,score,passages_json) VALUES(?,?,?,?)`,
			r.a, r.b, r.score, r.js); err != nil {
			t.Fatal(err)
		}
	}
	want := []corpus.ReusePair{
		{A: lo2, B: hi2, Score: 0.75, Row: &corpus.PairRow{ACovered: 0.5, BCovered: 0.5, Longest: 4, Template: true,
			Passages: []reuse.Passage{{AStart: 0, AEnd: 4, BStart: 8, BEnd: 12, AText: "加快建设", BText: "加快建設", Chars: 4}},
			ASide:    reuse.DocRef{Source: "甲.docx", Part: 1, Title: "甲"}, BSide: reuse.DocRef{Source: "乙.pdf", Title: "乙"}}},
		{A: hi, B: lo, Score: 0.5, Row: &corpus.PairRow{ACovered: 0.25, BCovered: 0.125, Longest: 12,
			Passages:    []reuse.Passage{{AStart: 3, AEnd: 15, BStart: 40, BEnd: 52, Chars: 12}},
			Boilerplate: []reuse.Passage{{AStart: 20, AEnd: 26, BStart: 0, BEnd: 6, Chars: 6, Kind: reuse.KindFormula}}}},
	}
	got, err := db.ReusePairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows of earlier versions read back as\n%s\nwant\n%s", jsonOf(t, got), jsonOf(t, want))
	}
	// Stored again, they are binary and read back the same.
	if err := db.PutReusePairs(ctx, got); err != nil {
		t.Fatal(err)
	}
	var blobs, bytes int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*), sum(length(passages_json)) FROM reuse_pairs
		WHERE typeof(passages_json)='blob' AND substr(passages_json,1,1)<>'{'`).Scan(&blobs, &bytes); err != nil || blobs != 2 {
		t.Fatalf("rewritten rows: %d binary, %v", blobs, err)
	}
	again, err := db.ReusePairs(ctx, "")
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Fatalf("rewritten rows read back as\n%s (%v)\nwant\n%s", jsonOf(t, again), err, jsonOf(t, want))
	}
	t.Logf("2 rows: %d bytes as JSON, %d binary", len(spans)+len(texts), bytes)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
