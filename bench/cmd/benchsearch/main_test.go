package main

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
)

func TestDraw(t *testing.T) {
	rows := [][]string{
		{"a", "全年计划发展党员十五名，其中临床一线不少于八名。"},
		{"b", "abc 123"}, // no Han run of 4: never drawn from
		{"c", "各党支部每月开展主题党日活动一次，做到有记录有总结。"},
	}
	qs := draw(rows, 10, rand.New(rand.NewSource(1)))
	if len(qs) != 10 {
		t.Fatalf("draw returned %d queries, want 10", len(qs))
	}
	for _, q := range qs {
		rs := []rune(q)
		if len(rs) != 4 {
			t.Errorf("query %q has %d runes, want 4", q, len(rs))
		}
		for _, r := range rs {
			if !unicode.Is(unicode.Han, r) {
				t.Errorf("query %q holds non-Han %q", q, r)
			}
		}
		if !strings.Contains(rows[0][1], q) && !strings.Contains(rows[2][1], q) {
			t.Errorf("query %q is not a substring of the corpus", q)
		}
	}
	// Same seed, same queries: FTS5 and planmine must run the same set.
	again := draw(rows, 10, rand.New(rand.NewSource(1)))
	if strings.Join(qs, ",") != strings.Join(again, ",") {
		t.Error("draw is not deterministic for a seed")
	}
	if got := draw(nil, 5, rand.New(rand.NewSource(1))); len(got) != 0 {
		t.Errorf("draw on no rows = %v, want none", got)
	}
}
