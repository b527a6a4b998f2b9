package search

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/go-ego/gse"

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
)

func init() {
	registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		seg, err := segment.Default()
		if err != nil {
			return nil, fmt.Errorf("加载分词器失败 (load segmenter): %w", err)
		}
		return &gseTokenizer{seg: seg}, nil
	})
}

// gseTokenizer segments text (already folded to Simplified by the caller)
// into words. Punctuation and space segments are dropped and positions stay
// dense, so a phrase query matches words that are adjacent in the text.
type gseTokenizer struct{ seg *gse.Segmenter }

func (t *gseTokenizer) Tokenize(in []byte) analysis.TokenStream {
	var out analysis.TokenStream
	pos := 0
	for _, sg := range t.seg.Segment(in) {
		start, end := sg.Start(), sg.End()
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
