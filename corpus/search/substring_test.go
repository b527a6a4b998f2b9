package search

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
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
	res, err := ix.collect(context.Background(), q, nil, 100, 0, false)
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

// A run that is one gse word is proven by the word field's postings; a run
// that is not (会一课) or a lone bigram needs no proof reader. Both kinds
// give what bleve's phrase query gives (TestSubstringQueryMatchesPhrase).
func TestSubstringProofWord(t *testing.T) {
	ix := substringIndex(t)
	ctx := context.Background()
	r := snapshotReader(t, ix)
	for _, tc := range []struct {
		term  string
		proof bool
	}{{"三会一课", true}, {"医德医风", true}, {"发展党员", true}, {"会一课", false}, {"党员", false},
		{"不存在的短语", false}} {
		q, ok := bigramPhrase(tc.term, "text_cjk", 1).(*substringQuery)
		if !ok {
			t.Fatalf("%q: not a substringQuery", tc.term)
		}
		s, err := q.Searcher(ctx, r, ix.idx.Mapping(), bsearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.(*substringSearcher).proof != nil; got != tc.proof {
			t.Errorf("%q: proof reader %v, want %v", tc.term, got, tc.proof)
		}
		s.Close()
	}
}

// Scores rank more occurrences and shorter documents higher.
func TestSubstringScores(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	long := strings.Repeat("加强组织建设，规范支部工作。", 20)
	docs := map[string]string{
		"once":  "落实三会一课制度。" + long,
		"twice": "落实三会一课制度，三会一课按时开展。" + long,
		"short": "落实三会一课制度。",
	}
	var es []corpus.Entry
	for id, text := range docs {
		es = append(es, corpus.Entry{Doc: doc.Document{ID: id, Source: "t.txt", DocType: "plan", Text: text}})
	}
	if err := ix.Put(ctx, es); err != nil {
		t.Fatal(err)
	}
	res, err := ix.collect(ctx, bigramPhrase("三会一课", "text_cjk", 1), nil, 10, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, h := range res.hits {
		order = append(order, h.id)
	}
	if strings.Join(order, ",") != "short,twice,once" {
		t.Errorf("order %v, want short,twice,once", order)
	}
}

// Every run cut from the documents (and some that straddle punctuation)
// matches exactly what bleve's full phrase query matches, whichever way
// substringQuery proves it.
func TestSubstringRunsAgreeWithPhrase(t *testing.T) {
	ix := substringIndex(t)
	seen := map[string]bool{}
	for _, d := range substringDocs {
		rs := []rune(d.text)
		for i := 0; i < len(rs); i += 2 {
			for n := 2; n <= 6 && i+n <= len(rs); n += 2 {
				term := fold.Text(string(rs[i : i+n]))
				if seen[term] || strings.ContainsAny(term, "，。；、 ") {
					continue
				}
				seen[term] = true
				toks := bigramQueryAnalyzer.Analyze([]byte(term))
				alignMixed(term, toks)
				got := ids(t, ix, bigramPhrase(term, "text_cjk", 1))
				// A run of one token is a term query outside substringQuery
				// too: the index keeps no position for a character inside a
				// run, which a phrase of one term would ask for.
				var ref query.Query = bleve.NewPhraseQuery(byPosition(toks), "text_cjk")
				if len(toks) == 1 {
					tq := bleve.NewTermQuery(string(toks[0].Term))
					tq.SetField("text_cjk")
					ref = tq
				}
				if want := ids(t, ix, ref); got != want {
					t.Errorf("%q: substring %q, bleve phrase %q", term, got, want)
				}
			}
		}
	}
	if len(seen) < 40 {
		t.Fatalf("only %d runs tried", len(seen))
	}
}

func TestAdjacentPairs(t *testing.T) {
	tok := func(term string, start, pos int) *analysis.Token {
		return &analysis.Token{Term: []byte(term), Start: start, End: start + len(term), Position: pos}
	}
	// 发展党员，党员发展: 发展|党员 touch, 党员|，|党员 do not.
	in := analysis.TokenStream{tok("发展", 0, 1), tok("党员", 6, 2), tok("党员", 15, 3), tok("发展", 21, 4)}
	var got []string
	for _, t := range (adjacentPairs{}).Filter(in) {
		got = append(got, fmt.Sprintf("%s@%d", t.Term, t.Position))
	}
	if want := "发展@1 发展党员@1 党员@2 党员@3 党员发展@3 发展@4"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// A title the text does not repeat is searched with the text.
func TestTitleOnlyMatch(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	es := []corpus.Entry{
		{Doc: doc.Document{ID: "a", Source: "a.txt", Title: "医院党委理论学习中心组学习计划", Text: "全年安排集中学习12次。"}},
		{Doc: doc.Document{ID: "b", Source: "b.txt", Title: "支部工作计划", Text: "支部工作计划\n全年安排集中学习12次。"}},
	}
	if err := ix.Put(ctx, es); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"中心组学习": 1, "支部工作计划": 1, "集中学习": 2, "中心組學習": 1} {
		res, err := ix.Search(ctx, corpus.Query{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want {
			t.Errorf("%q: %d hits, want %d", q, res.Total, want)
		}
	}
}

func TestCJKTrigrams(t *testing.T) {
	var got []string
	for _, tk := range trigramQueryAnalyzer.Analyze([]byte("发展党员，三会一课ab党建")) {
		got = append(got, string(tk.Term))
	}
	// Runs broken by punctuation and Latin letters; 党建 is too short. Of
	// the runs' trigrams, the field holds those keptTrigram picks.
	var want []string
	for _, tri := range []string{"发展党", "展党员", "三会一", "会一课"} {
		if keptTrigram([]byte(tri)) {
			want = append(want, tri)
		}
	}
	if len(want) == 0 || len(want) == 4 {
		t.Fatalf("keptTrigram keeps %v of 4 trigrams: the test wants some of each", want)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// The leapfrog fallback (readers bleve cannot AND as bitmaps) yields the
// same documents as the bitmap AND, through Next and through Advance.
func TestLeapfrogMatchesBitmapAnd(t *testing.T) {
	ix := substringIndex(t)
	ctx := context.Background()
	r := snapshotReader(t, ix)
	open := func(terms ...string) []index.TermFieldReader {
		var rs []index.TermFieldReader
		for _, term := range terms {
			tfr, err := r.TermFieldReader(ctx, []byte(term), "text_cjk", false, false, false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { tfr.Close() })
			rs = append(rs, tfr)
		}
		return rs
	}
	walk := func(p postings, skip bool) []string {
		var out []string
		var d *index.TermFieldDoc
		var err error
		for d, err = p.Next(&index.TermFieldDoc{}); err == nil && d != nil; {
			id, _ := r.ExternalID(d.ID)
			out = append(out, id)
			next := index.IndexInternalID(append([]byte(nil), d.ID...))
			if skip {
				// Advance to the next document number, as a conjunction does.
				next = index.NewIndexInternalID(nil, next.Value()+1)
				d, err = p.Advance(next, &index.TermFieldDoc{})
			} else {
				d, err = p.Next(&index.TermFieldDoc{})
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, terms := range [][]string{{"三会", "一课"}, {"党员", "发展"}, {"医德", "医风", "德医"}, {"三会", "不存"}} {
		bm := unadornedAnd(open(terms...))
		if bm == nil {
			t.Fatalf("%v: no bitmap AND", terms)
		}
		want := walk(bm, false)
		for _, skip := range []bool{false, true} {
			if got := walk(newLeapfrog(open(terms...)), skip); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%v (advance %v): leapfrog %v, bitmap AND %v", terms, skip, got, want)
			}
		}
		if terms[1] != "不存" && len(want) == 0 {
			t.Errorf("%v: no documents", terms)
		}
	}
}

// snapshotReader opens a reader on ix's current snapshot, closed with the
// test.
func snapshotReader(t *testing.T, ix *Index) index.IndexReader {
	t.Helper()
	adv, err := ix.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestMixedScriptRuns: a query where Latin letters or digits touch Han
// characters (a batch number, a document code) finds the text it was cut
// from, wherever the cut starts or ends; a changed digit does not match.
func TestMixedScriptRuns(t *testing.T) {
	ix, err := Open(context.Background(), filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	texts := []string{
		"本年度批次K0001号任务由卫健委负责，编号ABC123落实。",
		"批次K0002号任务另行安排。",
	}
	var entries []corpus.Entry
	for i, s := range texts {
		entries = append(entries, corpus.Entry{Doc: doc.Document{ID: fmt.Sprintf("m%d", i), Source: "m.txt",
			Title: "测试", DocType: "plan", Script: "simplified", Text: s}})
	}
	if err := ix.Put(context.Background(), entries); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"批次K0001号":    "m0",
		"度批次K0001":    "m0",
		"K0001号任务":    "m0",
		"批次K0001号任务由": "m0",
		"编号ABC123落实":  "m0",
		"號任務":         "m0 m1",
		"批次K0002号":    "m1",
		"批次K0003号":    "",
		"年度K0001":     "",
	} {
		res, err := ix.Search(context.Background(), corpus.Query{Q: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%s: hits %q, want %q", q, g, want)
		}
	}
}

// runDocs mix ideographs with digits and letters, so that queries have lone
// characters beside them (第1次, k0001号): the index keeps no position for a
// character inside a run of ideographs, and these are the queries that
// read the positions of the characters at a run's ends.
var runDocs = []string{
	"第1次会议于3月召开，共3名党员参加",
	"会议第1次召开，编号k0001号任务",
	"每季度不少于1次党课，全年12次",
	"a级医院2026年创建，号召党员",
	"次会议次第召开1次",
	"党员3名3名党员，x号",
}

// TestRunsMatchAsContained compares the hits of every run cut from
// runDocs with where the run occurs in the texts, in the single-valued
// text field (substringQuery) and in a multi-valued one (bleve's phrase
// query): a run of letters or digits must be whole there, as the tokenizer
// keeps it whole.
func TestRunsMatchAsContained(t *testing.T) {
	ix, err := Open(context.Background(), filepath.Join(t.TempDir(), "index"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var entries []corpus.Entry
	for i, s := range runDocs {
		entries = append(entries, corpus.Entry{Doc: doc.Document{ID: fmt.Sprintf("r%d", i), Source: "r.txt",
			Title: "测试", DocType: "plan", Script: "simplified", Text: s,
			Sections: []doc.Section{{Title: s}}}})
	}
	if err := ix.Put(context.Background(), entries); err != nil {
		t.Fatal(err)
	}
	alnum := func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	// contained lists the documents holding run with its letters and
	// digits whole.
	contained := func(run []rune) string {
		var out []string
		for i, s := range runDocs {
			rs := []rune(s)
			for at := 0; at+len(run) <= len(rs); at++ {
				if string(rs[at:at+len(run)]) != string(run) ||
					(alnum(run[0]) && at > 0 && alnum(rs[at-1])) ||
					(alnum(run[len(run)-1]) && at+len(run) < len(rs) && alnum(rs[at+len(run)])) {
					continue
				}
				out = append(out, fmt.Sprintf("r%d", i))
				break
			}
		}
		return strings.Join(out, ",")
	}
	tried, lone := 0, 0
	seen := map[string]bool{}
	for _, s := range runDocs {
		rs := []rune(s)
		for i := range rs {
			for j := i + 1; j <= len(rs) && j-i <= 6; j++ {
				run := rs[i:j]
				term := string(run)
				if seen[term] || strings.ContainsAny(term, "，") ||
					(i > 0 && alnum(rs[i-1]) && alnum(rs[i])) || (j < len(rs) && alnum(rs[j-1]) && alnum(rs[j])) {
					continue
				}
				seen[term] = true
				tried++
				want := contained(run)
				if got := ids(t, ix, bigramPhrase(term, "text_cjk", 1)); got != want {
					t.Errorf("text %q: hits %q, want %q", term, got, want)
				}
				if got := ids(t, ix, bigramPhrase(term, "sections", 1)); got != want {
					t.Errorf("sections %q: hits %q, want %q", term, got, want)
				}
				// runs whose phrase holds a lone character's unigram
				if toks := bigramQueryAnalyzer.Analyze([]byte(term)); len(toks) > 1 {
					for _, tk := range toks {
						if tk.Type == analysis.Single {
							lone++
							break
						}
					}
				}
			}
		}
	}
	if tried < 200 || lone < 50 {
		t.Fatalf("%d runs tried, %d with a lone character in a phrase", tried, lone)
	}
}
