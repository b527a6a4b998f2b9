package search

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/planmine/planmine/nlp/segment"
)

// TokenizerName is the name the mapping persists for the gse tokenizer. Any
// binary that opens the index must link this package so that init has
// registered it; bleve cannot open the index otherwise.
const TokenizerName = "gse"

// Analyzer names used by the mapping.
const (
	analyzerWords   = "zh_gse" // gse words, dense positions: phrase queries
	analyzerBigrams = "zh_cjk" // CJK unigrams+bigrams: substring recall
	// analyzerBigramQuery analyses queries against the bigram fields with
	// bigrams only: the index has unigrams at the same positions as the
	// bigrams, so a phrase of bigrams matches, and skipping the unigrams
	// avoids a multi-term phrase at every position (5× slower at 1k docs).
	analyzerBigramQuery = "zh_cjk_q"
	filterBigram        = "cjk_bigram_uni"
	// FilterAdjacentPairs is the registered name of adjacentPairs.
	FilterAdjacentPairs = "adjacent_word_pairs"
	// FilterTrigrams is the registered name of cjkTrigrams.
	FilterTrigrams   = "cjk_trigrams"
	analyzerTrigrams = "zh_cjk_tri"
)

func init() {
	// bleve builds every analyzer of the mapping when it opens an index;
	// the tokenizer loads the dictionary on its first text instead, so
	// opening the index (planmine targets, report, serve's store reads)
	// does not wait for it.
	registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return gseTokenizer{}, nil
	})
	registry.RegisterTokenFilter(FilterAdjacentPairs, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return adjacentPairs{}, nil
	})
	registry.RegisterTokenFilter(FilterTrigrams, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return cjkTrigrams{}, nil
	})
}

// segmenter returns the word segmenter, loading it on first use. What
// indexes or queries the word field calls it first, so that a failed load
// is an error there rather than a field without words.
func segmenter() (*segment.Segmenter, error) {
	seg, err := segment.Default()
	if err != nil {
		return nil, fmt.Errorf("加载分词器失败 (load segmenter): %w", err)
	}
	return seg, nil
}

// cjkTrigrams turns runs of touching Han characters into their character
// trigrams (三会一课 → 三会一, 会一课) and drops everything else. The trigram
// field is a filter only: a document lacking a trigram of a run cannot hold
// the run, so ANDing trigram postings keeps out documents that hold every
// bigram of 发展党员 but only as 发展党建 … 党员, which otherwise each cost a
// read of bigram positions.
type cjkTrigrams struct{}

func (cjkTrigrams) Filter(in analysis.TokenStream) analysis.TokenStream {
	type ch struct {
		start, end int
		term       []byte
	}
	var out analysis.TokenStream
	var run []ch
	flush := func() {
		for i := 0; i+2 < len(run); i++ {
			term := make([]byte, 0, run[i+2].end-run[i].start)
			term = append(append(append(term, run[i].term...), run[i+1].term...), run[i+2].term...)
			out = append(out, &analysis.Token{Term: term, Start: run[i].start, End: run[i+2].end,
				Position: len(out) + 1, Type: analysis.Ideographic})
		}
		run = run[:0]
	}
	for _, t := range in {
		if t.Type != analysis.Ideographic {
			flush()
			continue
		}
		for off := 0; off < len(t.Term); {
			_, n := utf8.DecodeRune(t.Term[off:])
			c := ch{start: t.Start + off, end: t.Start + off + n, term: t.Term[off : off+n]}
			if len(run) > 0 && run[len(run)-1].end != c.start {
				flush()
			}
			run = append(run, c)
			off += n
		}
	}
	flush()
	return out
}

// adjacentPairs adds, after each word, the word joined with the next one
// when nothing lies between them in the text (the byte offsets touch):
// 发展 党员 also gives 发展党员, but 发展，党员 does not. A document holding
// such a pair holds it as a contiguous run, so substringQuery can prove
// two-word runs from the word field's postings instead of reading bigram
// positions. The pair sits at its first word's position.
type adjacentPairs struct{}

func (adjacentPairs) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 2*len(in))
	for i, t := range in {
		out = append(out, t)
		if i+1 < len(in) && in[i+1].Start == t.End {
			n := in[i+1]
			term := make([]byte, 0, len(t.Term)+len(n.Term))
			term = append(append(term, t.Term...), n.Term...)
			out = append(out, &analysis.Token{Term: term, Start: t.Start, End: n.End, Position: t.Position,
				Type: t.Type})
		}
	}
	return out
}

// gseTokenizer segments text (already folded to Simplified by the caller)
// into words. Punctuation and space segments are dropped and positions stay
// dense, so a phrase query matches words that are adjacent in the text.
type gseTokenizer struct{}

func (gseTokenizer) Tokenize(in []byte) analysis.TokenStream {
	seg, err := segmenter()
	if err != nil {
		// Unreachable in practice: Put, Rebuild and Search load the
		// segmenter before any text reaches bleve and return its error.
		return nil
	}
	var out analysis.TokenStream
	pos := 0
	for _, sg := range seg.Segment(in) {
		start, end := sg.Start, sg.End
		if start < 0 || end > len(in) || start >= end {
			continue
		}
		term := in[start:end]
		r, _ := utf8.DecodeRune(term)
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		pos++
		typ := analysis.AlphaNumeric
		if unicode.Is(unicode.Han, r) {
			typ = analysis.Ideographic
		}
		out = append(out, &analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: typ})
	}
	return out
}
