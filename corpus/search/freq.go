package search

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// A batch's analysed documents are all held until its segment is built, and
// bleve's analysis.TokenFrequency was most of that memory (a 340-document
// ingest batch: ≈250 MB, most of the peak RSS of an ingest): its term map is
// sized for every token rather than every distinct term, each term is its
// own allocation and each term's location list grows by appending. The text
// fields of our documents are analysed by compactText instead, which builds
// the same frequencies from slabs.

// compactText is a text field whose analysis builds its token frequencies
// with a freqBuilder. When its analyzer ends in one of our stream filters
// (bigrams and unigrams, trigrams, word pairs), that filter hands its
// tokens straight to the builder instead of building them; and the fields
// of one document that run the same tokenizer and filters over the same
// text before it (text_cjk and text_tri) tokenize it once (shared).
// Everything else is the embedded bleve field's.
type compactText struct {
	*document.TextField
	shared *sharedTokens
	length int
	freqs  index.TokenFrequencies
}

// sharedTokens are the tokens before the last filter, for the users
// fields that analyse the same text with the same tokenizer and filters
// before their last; dropped once the last user has them. Their terms
// point into the first user's value, which the index holds as long as the
// other users' frequencies.
type sharedTokens struct {
	users  int
	tokens analysis.TokenStream
}

// Analyze implements index.Field as document.TextField does.
func (f *compactText) Analyze() {
	in := f.Value()
	if f.Options().IsStored() {
		// The tokens' terms point into what is analysed; the stored value
		// must not be shared with them (bleve copies too).
		in = append([]byte(nil), in...)
	}
	a, last := streamAnalyzer(f.Analyzer())
	if last == nil {
		tokens := f.Analyzer().Analyze(in)
		f.length = len(tokens)
		f.freqs = tokenFrequency(tokens, f.ArrayPositions(), f.Options())
		return
	}
	var base analysis.TokenStream
	if sh := f.shared; sh != nil {
		if sh.tokens == nil {
			sh.tokens = analyzePrefix(a, in)
		}
		base = sh.tokens
		if sh.users--; sh.users <= 0 {
			sh.tokens = nil
		}
	} else {
		base = analyzePrefix(a, in)
	}
	b := newFreqBuilder(2*len(base), f.Options())
	last.each(base, b.add)
	f.length = b.n
	f.freqs = b.finish(f.ArrayPositions(), f.Options())
}

// streamAnalyzer returns a's default analyzer and its last filter when
// that is a stream filter and no char filter runs first.
func streamAnalyzer(a analysis.Analyzer) (*analysis.DefaultAnalyzer, streamFilter) {
	d, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || len(d.CharFilters) > 0 || len(d.TokenFilters) == 0 {
		return nil, nil
	}
	last, ok := d.TokenFilters[len(d.TokenFilters)-1].(streamFilter)
	if !ok {
		return nil, nil
	}
	return d, last
}

// analyzePrefix runs a's tokenizer and every filter but the last.
func analyzePrefix(a *analysis.DefaultAnalyzer, in []byte) analysis.TokenStream {
	tokens := a.Tokenizer.Tokenize(in)
	for _, tf := range a.TokenFilters[:len(a.TokenFilters)-1] {
		tokens = tf.Filter(tokens)
	}
	return tokens
}

// samePrefix says whether two stream analyzers give the same tokens
// before their last filter: the same tokenizer, and before the last
// filter nothing or only widthLower.
func samePrefix(a, b *analysis.DefaultAnalyzer) bool {
	if a.Tokenizer != b.Tokenizer || len(a.TokenFilters) != len(b.TokenFilters) {
		return false
	}
	for i := range a.TokenFilters[:len(a.TokenFilters)-1] {
		_, wa := a.TokenFilters[i].(widthLower)
		_, wb := b.TokenFilters[i].(widthLower)
		if !wa || !wb {
			return false
		}
	}
	return true
}

// AnalyzedLength implements index.Field.
func (f *compactText) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements index.Field.
func (f *compactText) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// compactTextFields swaps the analysed text fields of d for compactText,
// and lets fields that tokenize the same text alike share the tokens.
func compactTextFields(d *document.Document) {
	var stream []*compactText
	for i, fl := range d.Fields {
		if t, ok := fl.(*document.TextField); ok && t.Options().IsIndexed() && t.Analyzer() != nil {
			c := &compactText{TextField: t}
			d.Fields[i] = c
			if a, _ := streamAnalyzer(t.Analyzer()); a != nil {
				stream = append(stream, c)
			}
		}
	}
	for i, c := range stream {
		if c.shared != nil || c.Options().IsStored() {
			continue
		}
		a, _ := streamAnalyzer(c.Analyzer())
		for _, o := range stream[i+1:] {
			b, _ := streamAnalyzer(o.Analyzer())
			if o.shared != nil || o.Options().IsStored() || !samePrefix(a, b) || !bytes.Equal(c.Value(), o.Value()) {
				continue
			}
			if c.shared == nil {
				c.shared = &sharedTokens{users: 1}
			}
			o.shared = c.shared
			c.shared.users++
		}
	}
}

// tokenFrequency returns what analysis.TokenFrequency returns for the same
// arguments (see freqBuilder).
func tokenFrequency(tokens analysis.TokenStream, arrayPositions []uint64, options index.FieldIndexingOptions) index.TokenFrequencies {
	b := newFreqBuilder(len(tokens), options)
	for _, t := range tokens {
		b.add(*t, true)
	}
	return b.finish(arrayPositions, options)
}

// freqBuilder counts tokens as analysis.TokenFrequency does — one
// TokenFreq per distinct term, its frequency unless the field skips them,
// and with term vectors its locations in token order — but cuts the
// TokenFreqs from slabs, sizes the map for the distinct terms rather than
// every token, and gives each term an exact slice of one slab of
// locations instead of growing it. Tokens added as not placed count
// without a location (zap allows fewer locations than the frequency).
type freqBuilder struct {
	rv      index.TokenFrequencies
	slab    []index.TokenFreq
	hint    int // tokens expected
	n       int // tokens added
	vectors bool
	occ     []occurrence // with vectors: each placed token's term and place
}

type occurrence struct {
	tf                   *index.TokenFreq
	start, end, position int
}

func newFreqBuilder(hint int, options index.FieldIndexingOptions) *freqBuilder {
	b := &freqBuilder{rv: make(index.TokenFrequencies, hint/4), hint: hint, vectors: options.IncludeTermVectors()}
	if b.vectors {
		b.occ = make([]occurrence, 0, hint)
	}
	return b
}

// add counts one token, with its location if placed and the field keeps
// term vectors; its term must stay unchanged.
func (b *freqBuilder) add(t analysis.Token, placed bool) {
	tf := b.rv[string(t.Term)]
	if tf == nil {
		if len(b.slab) == cap(b.slab) {
			b.slab = make([]index.TokenFreq, 0, max(16, (b.hint-b.n)/4))
		}
		b.slab = append(b.slab, index.TokenFreq{Term: t.Term})
		tf = &b.slab[len(b.slab)-1]
		b.rv[string(t.Term)] = tf
	}
	b.n++
	tf.SetFrequency(tf.Frequency() + 1)
	if b.vectors && placed {
		b.occ = append(b.occ, occurrence{tf, t.Start, t.End, t.Position})
	}
}

// finish returns the frequencies.
func (b *freqBuilder) finish(arrayPositions []uint64, options index.FieldIndexingOptions) index.TokenFrequencies {
	if b.vectors {
		tls := make([]index.TokenLocation, len(b.occ))
		ptrs := make([]*index.TokenLocation, len(b.occ))
		// Each term's locations are first counted in the length of its
		// Locations (cut from ptrs, which is as long as all of them), then
		// it gets its exact slice of ptrs.
		for _, o := range b.occ {
			o.tf.Locations = ptrs[:len(o.tf.Locations)+1]
		}
		off := 0
		for _, tf := range b.rv {
			n := len(tf.Locations)
			tf.Locations = ptrs[off : off : off+n]
			off += n
		}
		for i, o := range b.occ {
			tls[i] = index.TokenLocation{ArrayPositions: arrayPositions, Start: o.start, End: o.end, Position: o.position}
			o.tf.Locations = append(o.tf.Locations, &tls[i])
		}
		b.occ = nil
	}
	if options.SkipFreqNorm() {
		for _, tf := range b.rv {
			tf.SetFrequency(0)
		}
	}
	return b.rv
}
