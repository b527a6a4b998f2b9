package corpus

import (
	"fmt"
	"testing"
)

// TestCoverEncoding: covers round-trip through their stored form, an empty
// cover is "[]" (not NULL, which means never computed), and a damaged one
// is an error, not a silent zero.
func TestCoverEncoding(t *testing.T) {
	for _, iv := range [][][2]int{nil, {{0, 25}}, {{3, 40}, {52, 60}, {100, 1000}}} {
		b := encodeCover(iv)
		got, err := decodeCover(b)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(append([][2]int{}, iv...)) {
			t.Errorf("%v: encoded %s, decoded %v %v", iv, b, got, err)
		}
	}
	if b := encodeCover(nil); string(b) != "[]" {
		t.Errorf("empty cover encoded as %q, want []", b)
	}
	for _, bad := range []string{"", "[1,2,3]", "{}", "[1,", `["a","b"]`} {
		if _, err := decodeCover([]byte(bad)); err == nil {
			t.Errorf("decodeCover(%q) accepted", bad)
		}
	}
}

// TestCoverScore: a document's score is the union of its stored cover and
// the new pairs' intervals over its countable text; overlaps count once.
func TestCoverScore(t *testing.T) {
	cases := []struct {
		base      [][2]int
		add       [][][2]int
		countable int
		want      float64
		wantCover string
	}{
		{nil, nil, 100, 0, "[]"},
		{nil, [][][2]int{{{0, 50}}}, 100, 0.5, "[0,50]"},
		{[][2]int{{0, 10}}, [][][2]int{{{5, 20}}, {{30, 40}}}, 40, 0.75, "[0,20,30,40]"},
		{[][2]int{{0, 60}}, [][][2]int{{{10, 20}}}, 100, 0.6, "[0,60]"},
		{nil, [][][2]int{{{0, 80}}}, 0, 0, "[0,80]"},
	}
	for i, c := range cases {
		acc := coverAcc{}
		acc.add("d", c.countable, nil)
		for _, iv := range c.add {
			acc.add("d", c.countable, iv)
		}
		score, cover := acc["d"].score(c.base)
		if score != c.want || string(cover) != c.wantCover {
			t.Errorf("case %d: score %v cover %s, want %v %s", i, score, cover, c.want, c.wantCover)
		}
	}
}
