package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

// sharedTexts are the folded texts of the shared corpus.
func sharedTexts(t testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus"), "*", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no shared corpus texts")
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, fold.Text(string(b)))
	}
	return texts
}

// fieldOptions are the option sets our mapping gives analysed fields.
var fieldOptions = []index.FieldIndexingOptions{
	index.IndexField | index.IncludeTermVectors,
	index.IndexField,
	index.IndexField | index.SkipFreqNorm,
	index.IndexField | index.IncludeTermVectors | index.SkipFreqNorm,
	index.IndexField | index.StoreField | index.IncludeTermVectors,
}

// TestTokenFrequencySame checks that tokenFrequency gives what bleve's
// analysis.TokenFrequency gives — terms, frequencies, and every location in
// order — for every analyzer of the mapping and every option set, on the
// samples and the shared corpus.
func TestTokenFrequencySame(t *testing.T) {
	if _, err := segmenter(); err != nil {
		t.Fatal(err)
	}
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	texts := append(append([]string(nil), analysisSamples...), sharedTexts(t)...)
	for _, name := range []string{analyzerWords, analyzerBigrams, analyzerTrigrams} {
		a := m.AnalyzerNamed(name)
		if a == nil {
			t.Fatalf("no analyzer %s", name)
		}
		for i, s := range texts {
			tokens := a.Analyze([]byte(s))
			for _, opts := range fieldOptions {
				for _, ap := range [][]uint64{nil, {2}} {
					want := analysis.TokenFrequency(tokens, ap, opts)
					got := tokenFrequency(tokens, ap, opts)
					if err := sameFrequencies(want, got); err != nil {
						t.Fatalf("%s %v %v text %d: %v", name, opts, ap, i, err)
					}
				}
			}
		}
	}
}

// TestCompactTextSame checks what Put indexes: every analysed field of a
// document mapped as Put maps it, analysed by compactText (stream filters
// handing tokens to the builder, text_cjk and text_tri tokenizing the
// text once), has the token count and frequencies bleve's own text field
// gives, on the samples and the shared corpus in both scripts.
func TestCompactTextSame(t *testing.T) {
	if _, err := segmenter(); err != nil {
		t.Fatal(err)
	}
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	texts := append([]string(nil), analysisSamples...)
	for _, s := range sharedTexts(t) {
		texts = append(texts, s)
	}
	shared, inner := 0, 0
	for i, s := range texts {
		e := corpus.Entry{Doc: doc.Document{ID: fmt.Sprint("d", i), Text: s, Title: analysisSamples[i%len(analysisSamples)],
			Source: "a/b.txt", Sections: []doc.Section{{Title: "一、总体要求"}, {Title: "（二）工作目标"}}}}
		want, got := document.NewDocument(e.Doc.ID), document.NewDocument(e.Doc.ID)
		if err := m.MapDocument(want, entryDoc(e)); err != nil {
			t.Fatal(err)
		}
		if err := m.MapDocument(got, entryDoc(e)); err != nil {
			t.Fatal(err)
		}
		compactTextFields(got)
		// The map's fields come in random order; a name's in array order.
		byName := map[string][]index.Field{}
		for _, f := range want.Fields {
			byName[f.Name()] = append(byName[f.Name()], f)
		}
		for k, f := range got.Fields {
			if c, ok := f.(*compactText); ok && c.shared != nil {
				shared++
			}
			w := byName[f.Name()][0]
			byName[f.Name()] = byName[f.Name()][1:]
			if !w.Options().IsIndexed() {
				continue
			}
			w.Analyze()
			f.Analyze()
			if f.Name() != w.Name() || f.AnalyzedLength() != w.AnalyzedLength() {
				t.Fatalf("text %d field %d: %s %d tokens, want %s %d", i, k, f.Name(), f.AnalyzedLength(), w.Name(), w.AnalyzedLength())
			}
			// Put keeps no location for a character inside a run.
			wf := w.AnalyzedTokenFrequencies()
			if n := dropInnerUnigrams(wf); f.Name() == "text_cjk" {
				inner += n
			}
			if err := sameFrequencies(wf, f.AnalyzedTokenFrequencies()); err != nil {
				t.Fatalf("text %d field %s: %v", i, f.Name(), err)
			}
		}
	}
	if shared < 2*len(texts) {
		t.Errorf("%d fields shared their tokens, want text_cjk and text_tri of all %d texts", shared, len(texts))
	}
	if inner < 1000 {
		t.Errorf("%d inner unigrams in text_cjk, want the shared corpus's thousands", inner)
	}
}

// dropInnerUnigrams drops from bleve's frequencies the locations Put does
// not index: those of a one-ideograph term where one bigram ends and
// another starts (a character with its run's characters on both sides;
// kana count as ideographs, as bleve's tokenizer types them).
// It returns how many it dropped.
func dropInnerUnigrams(tfs index.TokenFrequencies) int {
	han := func(s []byte) int {
		n := 0
		for _, r := range string(s) {
			if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				return -1
			}
			n++
		}
		return n
	}
	ends, starts := map[int]bool{}, map[int]bool{}
	for _, tf := range tfs {
		if han(tf.Term) == 2 {
			for _, l := range tf.Locations {
				ends[l.End], starts[l.Start] = true, true
			}
		}
	}
	dropped := 0
	for _, tf := range tfs {
		if han(tf.Term) != 1 {
			continue
		}
		kept := tf.Locations[:0]
		for _, l := range tf.Locations {
			if ends[l.End] && starts[l.Start] {
				dropped++
				continue
			}
			kept = append(kept, l)
		}
		tf.Locations = kept
	}
	return dropped
}

func sameFrequencies(want, got index.TokenFrequencies) error {
	if len(want) != len(got) {
		return fmt.Errorf("%d terms, want %d", len(got), len(want))
	}
	for term, w := range want {
		g, ok := got[term]
		if !ok {
			return fmt.Errorf("term %q missing", term)
		}
		if string(g.Term) != string(w.Term) || g.Frequency() != w.Frequency() {
			return fmt.Errorf("term %q: %q freq %d, want %q freq %d", term, g.Term, g.Frequency(), w.Term, w.Frequency())
		}
		if len(g.Locations) != len(w.Locations) {
			return fmt.Errorf("term %q: %d locations, want %d", term, len(g.Locations), len(w.Locations))
		}
		for i := range w.Locations {
			if !reflect.DeepEqual(*g.Locations[i], *w.Locations[i]) {
				return fmt.Errorf("term %q location %d: %+v, want %+v", term, i, *g.Locations[i], *w.Locations[i])
			}
		}
	}
	return nil
}

// TestTokenFrequencySmaller checks the point of tokenFrequency: the
// frequencies of the shared corpus's texts, held as a batch holds them,
// take less memory than bleve's.
func TestTokenFrequencySmaller(t *testing.T) {
	if _, err := segmenter(); err != nil {
		t.Fatal(err)
	}
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	texts := sharedTexts(t)
	type field struct {
		analyzer string
		opts     index.FieldIndexingOptions
	}
	// The three fields the document text is indexed as.
	fields := []field{{analyzerWords, index.IndexField}, {analyzerBigrams, index.IndexField | index.IncludeTermVectors},
		{analyzerTrigrams, index.IndexField | index.SkipFreqNorm}}
	var tokens []analysis.TokenStream
	var opts []index.FieldIndexingOptions
	for _, s := range texts {
		for _, f := range fields {
			tokens = append(tokens, m.AnalyzerNamed(f.analyzer).Analyze([]byte(s)))
			opts = append(opts, f.opts)
		}
	}
	held := func(build func(analysis.TokenStream, []uint64, index.FieldIndexingOptions) index.TokenFrequencies) uint64 {
		out := make([]index.TokenFrequencies, len(tokens))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i, ts := range tokens {
			out[i] = build(ts, nil, opts[i])
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(out)
		return after.HeapAlloc - before.HeapAlloc
	}
	bleve, ours := held(analysis.TokenFrequency), held(tokenFrequency)
	runtime.KeepAlive(tokens)
	t.Logf("%d texts: bleve %.1f MB, ours %.1f MB", len(texts), float64(bleve)/1e6, float64(ours)/1e6)
	if ours >= bleve*4/5 {
		t.Errorf("frequencies hold %d bytes, bleve's %d: want at least a fifth less", ours, bleve)
	}
}

func BenchmarkTokenFrequency(b *testing.B) {
	if _, err := segmenter(); err != nil {
		b.Fatal(err)
	}
	m, err := newMapping()
	if err != nil {
		b.Fatal(err)
	}
	texts := sharedTexts(b)
	a := m.AnalyzerNamed(analyzerBigrams)
	var tokens []analysis.TokenStream
	for _, s := range texts {
		tokens = append(tokens, a.Analyze([]byte(s)))
	}
	opts := index.IndexField | index.IncludeTermVectors
	for _, c := range []struct {
		name  string
		build func(analysis.TokenStream, []uint64, index.FieldIndexingOptions) index.TokenFrequencies
	}{{"bleve", analysis.TokenFrequency}, {"ours", tokenFrequency}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, ts := range tokens {
					c.build(ts, nil, opts)
				}
			}
		})
	}
}
