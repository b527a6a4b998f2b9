package search

import (
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
// with tokenFrequency. Everything else is the embedded bleve field's.
type compactText struct {
	*document.TextField
	length int
	freqs  index.TokenFrequencies
}

// Analyze implements index.Field as document.TextField does.
func (f *compactText) Analyze() {
	in := f.Value()
	if f.Options().IsStored() {
		// The tokens' terms point into what is analysed; the stored value
		// must not be shared with them (bleve copies too).
		in = append([]byte(nil), in...)
	}
	tokens := f.Analyzer().Analyze(in)
	f.length = len(tokens)
	f.freqs = tokenFrequency(tokens, f.ArrayPositions(), f.Options())
}

// AnalyzedLength implements index.Field.
func (f *compactText) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements index.Field.
func (f *compactText) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// compactTextFields swaps the analysed text fields of d for compactText.
func compactTextFields(d *document.Document) {
	for i, fl := range d.Fields {
		if t, ok := fl.(*document.TextField); ok && t.Options().IsIndexed() && t.Analyzer() != nil {
			d.Fields[i] = &compactText{TextField: t}
		}
	}
}

// tokenFrequency returns what analysis.TokenFrequency returns for the same
// arguments — one TokenFreq per distinct term, its frequency unless the
// field skips them, and with term vectors its locations in token order —
// but cuts the TokenFreqs from slabs, sizes the map for the distinct terms
// rather than every token, and gives each term an exact slice of one slab
// of location pointers instead of growing it.
func tokenFrequency(tokens analysis.TokenStream, arrayPositions []uint64, options index.FieldIndexingOptions) index.TokenFrequencies {
	vectors := options.IncludeTermVectors()
	rv := make(index.TokenFrequencies, len(tokens)/4)
	var of []*index.TokenFreq // the term of each token, for the locations
	if vectors {
		of = make([]*index.TokenFreq, len(tokens))
	}
	var slab []index.TokenFreq
	for i, t := range tokens {
		tf := rv[string(t.Term)]
		if tf == nil {
			if len(slab) == cap(slab) {
				slab = make([]index.TokenFreq, 0, max(16, (len(tokens)-i)/4))
			}
			slab = append(slab, index.TokenFreq{Term: t.Term})
			tf = &slab[len(slab)-1]
			rv[string(t.Term)] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		if vectors {
			of[i] = tf
		}
	}
	if vectors {
		tls := make([]index.TokenLocation, len(tokens))
		ptrs := make([]*index.TokenLocation, len(tokens))
		off := 0
		for _, tf := range rv {
			n := tf.Frequency()
			tf.Locations = ptrs[off : off : off+n]
			off += n
		}
		for i, t := range tokens {
			tls[i] = index.TokenLocation{ArrayPositions: arrayPositions, Start: t.Start, End: t.End, Position: t.Position}
			of[i].Locations = append(of[i].Locations, &tls[i])
		}
	}
	if options.SkipFreqNorm() {
		for _, tf := range rv {
			tf.SetFrequency(0)
		}
	}
	return rv
}
