package search

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
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
	// FilterAdjacentPairs is the registered name of adjacentPairs.
	FilterAdjacentPairs = "adjacent_word_pairs"
	// FilterTrigrams is the registered name of cjkTrigrams.
	FilterTrigrams   = "cjk_trigrams"
	analyzerTrigrams = "zh_cjk_tri"
	// FilterWidthLower is the registered name of widthLower.
	FilterWidthLower = "cjk_width_lower"
	// FilterBigramUnigram is the registered name of bigramUnigram.
	FilterBigramUnigram = "cjk_bigram_unigram"
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
	registry.RegisterTokenFilter(FilterWidthLower, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return widthLower{}, nil
	})
	registry.RegisterTokenFilter(FilterBigramUnigram, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return bigramUnigram{}, nil
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
// trigrams (三会一课 → 三会一, 会一课), keeps those keptTrigram picks and
// drops everything else. The trigram
// field is a filter only: a document lacking a trigram of a run cannot hold
// the run, so ANDing trigram postings keeps out documents that hold every
// bigram of 发展党员 but only as 发展党建 … 党员, which otherwise each cost a
// read of bigram positions.
type cjkTrigrams struct{}

func (f cjkTrigrams) Filter(in analysis.TokenStream) analysis.TokenStream {
	// Tokens are cut from a slab sized for the worst case (every character
	// in one run), not allocated one by one.
	nchars := 0
	for _, t := range in {
		if t.Type == analysis.Ideographic {
			nchars += utf8.RuneCount(t.Term)
		}
	}
	return collect(nchars, func(emit emitFunc) { f.each(in, emit) })
}

// each hands the trigram tokens of in to emit, in order.
func (cjkTrigrams) each(in analysis.TokenStream, emit emitFunc) {
	type ch struct {
		start, end int
		term       []byte
	}
	var j joiner
	var run []ch
	pos := 0
	flush := func() {
		for i := 0; i+2 < len(run); i++ {
			a, b, c := run[i].term, run[i+1].term, run[i+2].term
			if !keptTrigram(a, b, c) {
				continue
			}
			pos++
			emit(analysis.Token{Term: j.join(j.join(a, b), c), Start: run[i].start, End: run[i+2].end,
				Position: pos, Type: analysis.Ideographic}, true)
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
}

// keptTrigram says whether a trigram is one the trigram field holds: half
// of them, chosen by a hash of the term, so that the index and a query
// agree on which without knowing each other's text. A run's kept trigrams
// still filter its candidates; the field costs half as much to build.
func keptTrigram(parts ...[]byte) bool {
	h := uint32(2166136261) // FNV-1a of the parts one after the other
	for _, p := range parts {
		for _, c := range p {
			h ^= uint32(c)
			h *= 16777619
		}
	}
	return h&1 == 0
}

// adjacentPairs adds, after each word, the word joined with the next one
// when nothing lies between them in the text (the byte offsets touch):
// 发展 党员 also gives 发展党员, but 发展，党员 does not. A document holding
// such a pair holds it as a contiguous run, so substringQuery can prove
// two-word runs from the word field's postings instead of reading bigram
// positions. The pair sits at its first word's position.
type adjacentPairs struct{}

func (f adjacentPairs) Filter(in analysis.TokenStream) analysis.TokenStream {
	return collect(2*len(in), func(emit emitFunc) { f.each(in, emit) })
}

// each hands the words of in and their pairs to emit, in order.
func (adjacentPairs) each(in analysis.TokenStream, emit emitFunc) {
	var j joiner
	for i, t := range in {
		emit(*t, true)
		if i+1 < len(in) && in[i+1].Start == t.End {
			n := in[i+1]
			emit(analysis.Token{Term: j.join(t.Term, n.Term), Start: t.Start, End: n.End,
				Position: t.Position, Type: t.Type}, true)
		}
	}
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
	segs := seg.Segment(in)
	out := make(analysis.TokenStream, 0, len(segs))
	slab := make([]analysis.Token, 0, len(segs))
	pos := 0
	for _, sg := range segs {
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
		slab = append(slab, analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: typ})
		out = append(out, &slab[len(slab)-1])
	}
	return out
}

// widthLower does what bleve's cjk_width and to_lower filters do one after
// the other, token by token, without their cost on the tokens they leave
// as they are: the width filter rebuilds every term from its runes, so a
// Chinese text paid an allocation per character. A token holding only
// runes both filters keep (ASCII but A–Z, CJK ideographs and symbols) is
// passed on untouched; ASCII with capitals is lower-cased into a copy;
// anything else goes through the two bleve filters.
type widthLower struct{}

var (
	bleveWidth = cjk.NewCJKWidthFilter()
	bleveLower = lowercase.NewLowerCaseFilter()
)

func (widthLower) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		switch termCase(t.Term) {
		case caseKeep:
		case caseASCIIUpper:
			b := make([]byte, len(t.Term))
			for i, c := range t.Term {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b[i] = c
			}
			t.Term = b
		default:
			one := analysis.TokenStream{t}
			bleveLower.Filter(bleveWidth.Filter(one))
		}
	}
	return in
}

const (
	caseKeep = iota
	caseASCIIUpper
	caseOther
)

// termCase says what width and lower-case folding would do to a term.
func termCase(term []byte) int {
	out := caseKeep
	for i := 0; i < len(term); {
		c := term[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				out = caseASCIIUpper
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(term[i:])
		if !caselessCJK(r) {
			return caseOther
		}
		i += n
	}
	return out
}

// caselessCJK reports runes that neither filter changes: the CJK
// ideograph blocks (no case, no width variants). TestWidthLowerRunes
// checks the claim against both filters for every rune of the range.
func caselessCJK(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || (r >= 0x3000 && r <= 0x303F)
}

// bigramUnigram does what bleve's cjk_bigram filter does with
// output_unigram set — every ideograph as a unigram and each touching pair
// as a bigram, at the position of its first character, other tokens as
// they are — with the tokens and bigram terms cut from two slabs instead of
// one allocation each. TestBigramUnigramSameTokens compares the two.
type bigramUnigram struct{}

func (f bigramUnigram) Filter(in analysis.TokenStream) analysis.TokenStream {
	nchars := 0
	for _, t := range in {
		if t.Type == analysis.Ideographic {
			nchars += utf8.RuneCount(t.Term)
		} else {
			nchars++
		}
	}
	return collect(2*nchars, func(emit emitFunc) { f.each(in, emit) })
}

// each hands the unigram, bigram and other tokens of in to emit, in order.
//
// The unigram of a character with a character of its run on either side
// (the 会 of 三会一课) is emitted as not placed: no query reads its
// position. A query's unigrams are its lone characters (bleve's bigram
// filter gives a unigram only for a run of one); alone, such a query reads
// the term's frequency only, and in a phrase the character has a
// non-ideograph or a break beside it (第1次, K号), so the index character
// it matches is at an end of its run. Those inner positions were 38% of
// the text_cjk locations of the shared corpus; the 10k ingest benchmark's
// index is 20% smaller without them (README.md).
func (bigramUnigram) each(in analysis.TokenStream, emit emitFunc) {
	var j joiner
	// prev is the last buffered character (bleve's ring holds at most one
	// once its unigram is out); have says whether there is one, and inner
	// whether prev follows a character of its run.
	var prev analysis.Token
	have, inner := false, false
	pos := 1
	single := func(placed bool) {
		emit(analysis.Token{Type: analysis.Single, Term: prev.Term, Position: pos, Start: prev.Start, End: prev.End}, placed)
	}
	for _, t := range in {
		if t.Type != analysis.Ideographic {
			if have {
				single(true)
				pos++
				have = false
			}
			o := *t
			o.Position = pos
			emit(o, true)
			pos++
			continue
		}
		for off := 0; off < len(t.Term); {
			_, n := utf8.DecodeRune(t.Term[off:])
			c := analysis.Token{Term: t.Term[off : off+n], Start: t.Start + off, End: t.Start + off + n}
			off += n
			if have && c.Start != prev.End {
				single(true)
				pos++
				have = false
			}
			if have {
				single(!inner)
				emit(analysis.Token{Type: analysis.Double, Term: j.join(prev.Term, c.Term), Position: pos,
					Start: prev.Start, End: c.End}, true)
				pos++
			}
			prev, have, inner = c, true, have
		}
	}
	if have {
		single(true)
	}
}

// streamFilter is a last filter of our index analyzers: besides building
// its token stream it can hand the tokens one by one to whoever counts
// them (compactText), so that they are never built. The terms it hands
// over stay valid.
type streamFilter interface {
	analysis.TokenFilter
	each(in analysis.TokenStream, emit emitFunc)
}

// emitFunc takes a stream filter's next token. placed says whether a query
// can read the token's position; the index keeps the locations of placed
// tokens only (see bigramUnigram.each).
type emitFunc func(t analysis.Token, placed bool)

// collect builds a token stream from what each emits, the tokens cut from
// a slab of about n.
func collect(n int, each func(emit emitFunc)) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, n)
	slab := make([]analysis.Token, 0, n)
	each(func(t analysis.Token, _ bool) {
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, max(16, n/4))
		}
		slab = append(slab, t)
		out = append(out, &slab[len(slab)-1])
	})
	return out
}

// joiner joins two terms into one. Terms cut from the analysed text that
// lie side by side in it (most bigrams, trigrams and word pairs) are joined
// by widening the first over the second, with no copy; others are copied
// into a slab.
type joiner struct {
	slab []byte
}

func (j *joiner) join(a, b []byte) []byte {
	n := len(a) + len(b)
	if len(a) > 0 && len(b) > 0 && cap(a) >= n && &a[:len(a)+1][len(a)] == &b[0] {
		return a[:n:n]
	}
	if len(j.slab)+n > cap(j.slab) {
		j.slab = make([]byte, 0, max(4096, n))
	}
	from := len(j.slab)
	j.slab = append(append(j.slab, a...), b...)
	return j.slab[from:len(j.slab):len(j.slab)]
}
