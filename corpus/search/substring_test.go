package search

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// substringDocs are written for this test: runs split across sentences,
// repeated bigrams and both scripts.
var substringDocs = []struct{ typ, text string }{
	{"plan", "全面落实三会一课制度，规范组织生活。"},
	{"plan", "三会召开情况良好。一课一讲活动持续开展。"}, // 三会 and 一课, never adjacent
	{"summary", "支部嚴格執行三會一課，黨員教育管理不斷加強。"},
	{"scheme", "加强组织建设，推进清廉医院建设，建设廉洁文化。"},
	{"plan", "会一会一课三会一课课"}, // overlapping repeats
	{"summary", "医德医风专项整治；医德 医风 建设"},
	{"plan", "年内发展党员3名，党员发展质量稳步提高。"},
	{"scheme", "坚持发展，党员带头；三会、一课、组织生活会。"}, // runs split by punctuation
}

func substringIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(context.Background(), filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var entries []corpus.Entry
	for i, d := range substringDocs {
		entries = append(entries, corpus.Entry{Doc: doc.Document{ID: fmt.Sprintf("d%d", i), Source: "t.txt",
			Title: "测试", DocType: d.typ, Script: "simplified", Text: d.text}})
	}
	if err := ix.Put(context.Background(), entries); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(t *testing.T, ix *Index, q query.Query) string {
	t.Helper()
	res, err := ix.collect(context.Background(), q, 100, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.hits {
		if h.score <= 0 {
			t.Errorf("%s: score %v", h.id, h.score)
		}
		out = append(out, h.id)
	}
	sort.Strings(out)
	if res.total != len(out) {
		t.Errorf("total %d, hits %d", res.total, len(out))
	}
	return strings.Join(out, ",")
}

// substringQuery must match exactly what bleve's full phrase query matches.
func TestSubstringQueryMatchesPhrase(t *testing.T) {
	ix := substringIndex(t)
	tests := []struct{ term, want string }{
		{"三会一课", "d0,d2,d4"},
		{"会一课", "d0,d2,d4"},
		{"三会一课制度", "d0"},
		{"一课一讲", "d1"},
		{"清廉医院建设", "d3"},
		{"医德医风", "d5"},
		{"发展党员", "d6"},
		{"党员发展质量", "d6"},
		{"课三会", "d4"},
		{"会一会一课", "d4"},
		{"不存在的短语", ""},
		{"发展党员带头", ""},
		{"会一课", "d0,d2,d4"},
		{"党员带头", "d7"},
		// Two runs never form a phrase (the index has unigrams between
		// them); such terms match through the word field instead.
		{"发展 党员", ""},
		{"三会 一课", ""},
	}
	for _, tc := range tests {
		toks := bigramQueryAnalyzer.Analyze([]byte(tc.term))
		full := bleve.NewPhraseQuery(fullBigrams(toks), "text_cjk")
		got, ref := ids(t, ix, bigramPhrase(tc.term, "text_cjk", 1)), ids(t, ix, full)
		if got != tc.want || ref != tc.want {
			t.Errorf("%q: substring %q, bleve phrase %q, want %q", tc.term, got, ref, tc.want)
		}
		if _, ok := bigramPhrase(tc.term, "text_cjk", 1).(*substringQuery); !ok {
			t.Errorf("%q: not a substringQuery", tc.term)
		}
	}
}

// Inside a conjunction the searcher is driven by Advance.
func TestSubstringQueryAdvance(t *testing.T) {
	ix := substringIndex(t)
	for _, tc := range []struct{ term, typ, want string }{
		{"三会一课", "plan", "d0,d4"},
		{"三会一课", "summary", "d2"},
		{"会一课", "scheme", ""},
		{"发展党员", "scheme", ""},
		{"发展党员", "plan", "d6"},
	} {
		typ := bleve.NewTermQuery(tc.typ)
		typ.SetField("doc_type")
		q := bleve.NewConjunctionQuery(typ, bigramPhrase(tc.term, "text_cjk", 1))
		if got := ids(t, ix, q); got != tc.want {
			t.Errorf("%q type:%s: %q want %q", tc.term, tc.typ, got, tc.want)
		}
	}
}
