package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"

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
