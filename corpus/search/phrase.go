package search

import (
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/search/query"
)

// bigramQueryAnalyzer is analyzerBigramQuery built directly, so queries can
// be planned without an open index: it holds no dictionary.
var bigramQueryAnalyzer = &analysis.DefaultAnalyzer{
	Tokenizer: unicode.NewUnicodeTokenizer(),
	TokenFilters: []analysis.TokenFilter{cjk.NewCJKWidthFilter(), lowercase.NewLowerCaseFilter(),
		cjk.NewCJKBigramFilter(false)},
}

// trigramQueryAnalyzer gives a run's trigrams (analyzerTrigrams, built
// directly like bigramQueryAnalyzer).
var trigramQueryAnalyzer = &analysis.DefaultAnalyzer{
	Tokenizer: unicode.NewUnicodeTokenizer(),
	TokenFilters: []analysis.TokenFilter{cjk.NewCJKWidthFilter(), lowercase.NewLowerCaseFilter(),
		cjkTrigrams{}},
}

// trigramFields names, per bigram field, the trigram field over the same
// text.
var trigramFields = map[string]string{"text_cjk": "text_tri"}

// bigramPhrase matches s as a contiguous run in a bigram field. On the
// single-valued fields substringQuery does it with every other bigram
// (三会 _ 一课 for 三会一课), checking byte offsets as well as positions, so
// it reads half the postings; elsewhere bleve's phrase query gets them all.
func bigramPhrase(s, field string, boost float64) query.Query {
	toks := bigramQueryAnalyzer.Analyze([]byte(s))
	if len(toks) == 0 {
		// Nothing indexable (punctuation only): let bleve's own phrase
		// query decide, as before.
		q := bleve.NewMatchPhraseQuery(s)
		q.SetField(field)
		q.Analyzer = analyzerBigramQuery
		q.SetBoost(boost)
		return q
	}
	if len(toks) == 1 && !singleValued[field] {
		q := bleve.NewTermQuery(string(toks[0].Term))
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	alignMixed(s, toks)
	terms := sparseBigrams(toks)
	if singleValued[field] {
		starts := make([]int, len(terms))
		for _, t := range toks {
			if at := t.Position - toks[0].Position; at >= 0 && at < len(starts) {
				starts[at] = t.Start
			}
		}
		var all []string
		for _, t := range toks {
			if !slices.Contains(all, string(t.Term)) {
				all = append(all, string(t.Term))
			}
		}
		var tris []string
		if trigramFields[field] != "" {
			for _, t := range trigramQueryAnalyzer.Analyze([]byte(s)) {
				if !slices.Contains(tris, string(t.Term)) {
					tris = append(tris, string(t.Term))
				}
			}
		}
		return &substringQuery{field: field, text: s, all: all, tris: tris, terms: terms, starts: starts, boost: boost}
	}
	// bleve's phrase query checks positions only, so it gets every bigram.
	q := bleve.NewPhraseQuery(byPosition(toks), field)
	q.SetBoost(boost)
	return q
}

// singleValued are the bigram fields holding one value per document, where
// substringQuery may stand in for bleve's phrase query.
var singleValued = map[string]bool{"text_cjk": true, "title": true, "org_text": true, "source_text": true}

// sparseBigrams lays the tokens out by position relative to the first and
// blanks ("" = any term) each bigram whose characters are already covered:
// the kept token before it reaches the start of the one after it, and that
// one is at the next position. Runs split by space or punctuation keep
// every token, so the phrase means exactly what the full one meant.
func sparseBigrams(toks analysis.TokenStream) []string {
	first := toks[0].Position
	terms := make([]string, toks[len(toks)-1].Position-first+1)
	keptEnd := -1
	for i, t := range toks {
		at := t.Position - first
		if at < 0 || at >= len(terms) {
			return fullBigrams(toks)
		}
		if i > 0 && i < len(toks)-1 && keptEnd >= toks[i+1].Start && toks[i+1].Position == t.Position+1 {
			continue
		}
		terms[at] = string(t.Term)
		keptEnd = t.End
	}
	return terms
}

// byPosition lays the tokens out by position, "" (any term) where a
// position has none (after a Han run that alignMixed stepped over); tokens
// out of order give fullBigrams.
func byPosition(toks analysis.TokenStream) []string {
	first := toks[0].Position
	out := make([]string, toks[len(toks)-1].Position-first+1)
	last := first - 1
	for _, t := range toks {
		if t.Position <= last || t.Position-first >= len(out) {
			return fullBigrams(toks)
		}
		out[t.Position-first], last = string(t.Term), t.Position
	}
	return out
}

// fullBigrams is the plain phrase, one term per position; used when the
// positions are not what sparseBigrams expects.
func fullBigrams(toks analysis.TokenStream) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(t.Term)
	}
	return out
}

// alignMixed gives the tokens of a query that mixes Han with other
// characters (批次K0001号) the positions the index gives them. The index's
// bigram analyzer puts a run's last character at a position of its own, so
// whatever follows a run of two or more characters comes one position later
// than after bleve's bigram-only query analysis; a phrase with the query's
// own positions never matched. Each token takes the position of the index
// token with the same bytes.
func alignMixed(s string, toks analysis.TokenStream) {
	mixed, han := false, false
	for _, t := range toks {
		if t.Type == analysis.Double || t.Type == analysis.Single {
			han = true
		} else {
			mixed = true
		}
	}
	if !mixed || !han {
		return
	}
	type span struct{ start, end int }
	at := map[span]int{}
	in := bigramQueryAnalyzer.Tokenizer.Tokenize([]byte(s))
	for _, t := range (bigramUnigram{}).Filter((widthLower{}).Filter(in)) {
		at[span{t.Start, t.End}] = t.Position
	}
	for _, t := range toks {
		if p, ok := at[span{t.Start, t.End}]; ok {
			t.Position = p
		}
	}
}
