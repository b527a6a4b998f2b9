// Package search is the full-text index of the corpus: bleve v2 (scorch)
// derived from the store, with a CJK bigram field for substring recall
// (三会一课 inside a longer word run: a free-text term matches as an exact
// run) and a gse word field, with adjacent word pairs, that proves runs
// without reading positions and ranks the best hits. Both are built on text
// folded to Simplified, and queries are folded
// the same way, so a Traditional query finds a Simplified document and back.
// Highlights are cut from the ORIGINAL text: fold keeps the rune count, so a
// rune offset in the folded text is the same rune offset in the original.
//
// One process owns the index (bolt file lock); Open gives up after
// bolt_timeout instead of blocking forever when another process holds it.
package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/planmine/planmine/corpus"
	qlang "github.com/planmine/planmine/corpus/query"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/segment"
)

// SchemaVersion changes whenever the mapping or the indexed fields change;
// an index built with another version is rebuilt on Open.
const SchemaVersion = 7

// BoltTimeout bounds how long Open waits for another process's lock.
const BoltTimeout = "2s"

// zapx sizes the buffer a new segment is built in from the segment it
// built before: that segment's bytes per document times this batch's
// documents plus 100. Our batches are cut at batchBytes (≈85 documents of
// an ingest), so the buffer was 2.2 times the segment, zeroed and faulted
// in for nothing. Sized at 1.1 times, it grows once, by doubling, when a
// batch's documents are larger than the last's. BenchmarkPut on the
// 1,000-file store, 3 alternated pairs: 17.5, 15.6, 14.5 → 16.7, 14.7,
// 14.4 s of CPU. (The 10k ingest's profile, with this and the memory
// limit of cmd/planmine changed together against neither: zeroing memory
// 5.1 → 4.4% of the CPU.)
func init() {
	zap.NewSegmentBufferNumResultsBump = 0
	zap.NewSegmentBufferAvgBytesPerDocFactor = 1.1
}

// runtimeConfig is passed to scorch on create and open. unsafe_batch makes
// Batch return once the segment is searchable instead of waiting for it to
// be persisted (≈40 ms per call here): the index is derived data, and
// corpus.Open repairs it from the store after a crash. The merge planner
// gets mergeFloor.
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": BoltTimeout, "unsafe_batch": true,
		"scorchMergePlanOptions": map[string]interface{}{"FloorSegmentSize": mergeFloor}}
}

// flushTimeout bounds the wait for the persister in flush.
const flushTimeout = 60 * time.Second

// flush waits until everything batched so far is on disk: unsafe batches are
// only persisted in the background, and scorch's Close does not wait for
// them. A marker batch with a persisted callback fires after all earlier ones.
func flush(idx bleve.Index) error {
	done := make(chan error, 1)
	b := idx.NewBatch()
	b.SetInternal([]byte("planmine:flushed"), []byte(time.Now().UTC().Format(time.RFC3339Nano)))
	b.SetPersistedCallback(func(err error) {
		select {
		case done <- err:
		default:
		}
	})
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("索引落盘失败 (flush index): %w", err)
	}
	select {
	case err := <-done:
		return err
	case <-time.After(flushTimeout):
		return errors.New("索引落盘超时 (flush index timed out)")
	}
}

// ErrLocked means another process holds the index open.
var ErrLocked = errors.New("搜索索引被其他进程占用 (index is held open by another process)")

const (
	metaFile = "meta.json"
	bleveDir = "bleve"
	buildDir = "bleve.new"
	// batchSize is the most documents one bleve batch holds. Each batch
	// becomes one segment that the merger rewrites later, so an ingest
	// batch (≈340 documents of 256 files) goes in as one segment: at 200,
	// every ingest batch left a second, small segment, and indexing 1,000
	// synthetic documents in batches of 256 took 22–24 s of CPU instead of
	// 17–20 s.
	batchSize = 1000
)

// batchBytes bounds the analysed text of one bleve batch. A batch's
// documents are all analysed before its segment is built and are held until
// it is: an ingest batch of ≈340 documents (1.8 MB of text) held ≈250 MB of
// token frequencies and the segment builder's postings, most of the peak
// RSS of an ingest. Cut at 512 KiB, an ingest batch is about four segments,
// and mergeFloor keeps the merger from rewriting them more often.
var batchBytes = 1 << 19

// mergeFloor is the merge planner's FloorSegmentSize: segments smaller than
// this many documents count as this large. With bleve's 2,000 the planner
// merged every new segment of an ingest into the growing small ones again
// and again. Run on 13,345 documents arriving in segments of 340, bleve's
// planner rewrites each document 2.5 times on average and leaves 5
// segments; with 300 and segments of 85, 2.0 times and 6 segments (1,322
// documents: 2.3 → 1.7 times, 1 → 5 segments).
const mergeFloor = 300

// meta is what the index records about how it was built.
type meta struct {
	Segment string `json:"segment_version"`
	Schema  int    `json:"schema_version"`
}

func currentMeta() meta { return meta{Segment: segment.Version, Schema: SchemaVersion} }

// Index is the bleve search index; it implements corpus.Index.
type Index struct {
	dir string
	wmu sync.Mutex   // writers and Rebuild: one at a time
	mu  sync.RWMutex // guards idx against the swap at the end of Rebuild
	idx bleve.Index
	// cols caches the facet values of idx's segments; replaced with idx.
	cols *facetColumns
	// reuse holds the reuse scores the reuse: filter reads (reuse.go).
	reuse *reuseScores
}

var _ corpus.Index = (*Index)(nil)

// OpenIndex has the signature corpus.Options wants.
func OpenIndex(ctx context.Context, dir string, st corpus.Store, progress func(done, total int)) (corpus.Index, error) {
	return Open(ctx, dir, st, progress)
}

// Open opens the index in dir. A missing, stale (other segmenter dictionary
// or schema version) or unreadable index is rebuilt from st; with st nil an
// empty index is created instead. The reuse scores the reuse: filter reads
// are loaded from st; with st nil it knows only those given to Put and
// SetReuseScores from then on.
func Open(ctx context.Context, dir string, st corpus.Store, progress func(done, total int)) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("创建索引目录失败 (create index dir): %w", err)
	}
	ix := &Index{dir: dir, reuse: newReuseScores()}
	if m, err := readMeta(dir); err == nil && m == currentMeta() {
		idx, err := openBleve(filepath.Join(dir, bleveDir))
		if err == nil {
			if st != nil {
				scores, err := st.ReuseScores(ctx)
				if err != nil {
					idx.Close()
					return nil, fmt.Errorf("读取复用分数失败 (read reuse scores): %w", err)
				}
				ix.reuse.set(scores, true)
			}
			ix.idx, ix.cols = idx, newFacetColumns()
			return ix, nil
		}
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		// Corrupt: fall through to a rebuild.
	}
	if st == nil {
		if err := ix.rebuild(ctx, nil, nil); err != nil {
			return nil, err
		}
		return ix, nil
	}
	if err := ix.Rebuild(ctx, st, progress); err != nil {
		return nil, err
	}
	return ix, nil
}

func readMeta(dir string) (meta, error) {
	var m meta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return m, err
	}
	err = json.Unmarshal(b, &m)
	return m, err
}

func writeMeta(dir string) error {
	b, _ := json.Marshal(currentMeta())
	tmp := filepath.Join(dir, metaFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, metaFile))
}

// openBleve opens an existing index, turning a panic on a corrupt file into
// an error and a lock timeout into ErrLocked.
func openBleve(path string) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("索引已损坏 (index corrupt): %v", r)
		}
	}()
	idx, err = bleve.OpenUsing(path, runtimeConfig())
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("%w: %v", ErrLocked, err)
		}
		return nil, err
	}
	// A readable root but broken segments shows up on the first read.
	if _, err := idx.DocCount(); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// newMapping builds the index mapping (see the package doc for why two
// analyzers run over the same text).
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(analyzerWords, map[string]interface{}{
		"type": custom.Name, "tokenizer": TokenizerName, "token_filters": []string{lowercase.Name, FilterAdjacentPairs},
	}); err != nil {
		return nil, err
	}
	// The index analyzers use filters of ours that give the tokens of
	// bleve's cjk_width, to_lower and cjk_bigram for a fraction of the
	// allocations (analysis.go); the query analyzers keep bleve's.
	if err := im.AddCustomAnalyzer(analyzerBigrams, map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []string{FilterWidthLower, FilterBigramUnigram},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerTrigrams, map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []string{FilterWidthLower, FilterTrigrams},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerBigramQuery, map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []string{cjk.WidthName, lowercase.Name, cjk.BigramName},
	}); err != nil {
		return nil, err
	}
	text := func(name, analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name, f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll = name, analyzer, false, vectors, false
		f.DocValues = false
		return f
	}
	// Filter-only keyword and numeric fields carry no doc values: doc values
	// are read per hit only for facets, and those come from facetField.
	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll, f.IncludeTermVectors = keyword.Name, false, false, false
		f.DocValues = docValues
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index, f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, true, false, false, false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	// The gse field is only read as postings (proof of a run, rescoring)
	// and highlights are cut from the stored text, so it needs no term
	// vectors; the bigram field needs them for substring (phrase) matching,
	// but not for the unigram of a character inside a run (bigramUnigram).
	// The trigram field only filters candidates: postings without
	// frequencies, norms or positions.
	tri := text("text_tri", analyzerTrigrams, false)
	tri.SkipFreqNorm = true
	dm.AddFieldMappingsAt("text", text("text", analyzerWords, false), text("text_cjk", analyzerBigrams, true), tri)
	dm.AddFieldMappingsAt("title", text("title", analyzerBigrams, true))
	for _, f := range []string{"org_text", "sections", "metrics", "source_text"} {
		dm.AddFieldMappingsAt(f, text(f, analyzerBigrams, true)) // positions: phrase filters
	}
	for _, f := range []string{"doc_type", "script", "slogans", "units", "kinds", "placeholders"} {
		dm.AddFieldMappingsAt(f, kw(false))
	}
	dm.AddFieldMappingsAt(facetField, kw(true))
	for _, f := range []string{"year", "values"} {
		dm.AddFieldMappingsAt(f, num())
	}
	for f := range storedOnly {
		dm.AddFieldMappingsAt(f, stored())
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = analyzerBigrams
	return im, nil
}

// searchText is the folded text both text fields index: the document's
// text, preceded by its title when the text does not already hold it, so
// that a title match is a text match and the search needs one searcher.
func searchText(d doc.Document) string {
	text, title := fold.Text(d.Text), strings.TrimSpace(fold.Text(d.Title))
	if title == "" || strings.Contains(text, title) {
		return text
	}
	return title + "\n" + text
}

// storedOnly are the fields kept for hits and highlights, not indexed.
var storedOnly = map[string]bool{"orig": true, "title_orig": true, "source": true}

// entryDoc is the bleve document for one corpus entry.
func entryDoc(e corpus.Entry) map[string]interface{} {
	d := e.Doc
	m := map[string]interface{}{
		"text":         searchText(d),
		"orig":         d.Text,
		"title":        fold.Text(d.Title),
		"title_orig":   d.Title,
		"source":       d.Source,
		"source_text":  fold.Text(d.Source),
		"doc_type":     d.DocType,
		"script":       d.Script,
		"placeholders": strconv.FormatBool(len(d.Placeholders) > 0),
	}
	var facets []string
	addFacet := func(name, v string) {
		if v != "" {
			facets = append(facets, facetValue(name, v))
		}
	}
	addFacet("type", d.DocType)
	addFacet("script", d.Script)
	addFacet("placeholders", m["placeholders"].(string))
	if d.Year != nil {
		m["year"] = float64(*d.Year)
		addFacet("year", strconv.Itoa(*d.Year))
	}
	if d.Org != nil && *d.Org != "" {
		m["org_text"] = fold.Text(*d.Org)
		addFacet("org", fold.Text(*d.Org))
	}
	var slogans, units, kinds, metrics []string
	var values []float64
	for _, s := range d.Slogans {
		slogans = append(slogans, fold.Text(s.Text))
	}
	for _, t := range d.Targets {
		units = append(units, fold.Text(t.Unit))
		kinds = append(kinds, t.Kind)
		metrics = append(metrics, fold.Text(t.Metric))
		values = append(values, t.Value)
		if t.ValueMax != nil {
			values = append(values, *t.ValueMax)
		}
	}
	var sections []string
	var walk func([]doc.Section)
	walk = func(ss []doc.Section) {
		for _, s := range ss {
			sections = append(sections, fold.Text(s.Title))
			walk(s.Children)
		}
	}
	walk(d.Sections)
	for k, v := range map[string][]string{"slogans": uniq(slogans), "units": uniq(units), "kinds": uniq(kinds),
		"metrics": metrics, "sections": sections} {
		if len(v) > 0 {
			m[k] = v
		}
	}
	if len(values) > 0 {
		m["values"] = values
	}
	for name, vs := range map[string][]string{"slogan": uniq(slogans), "unit": uniq(units), "kind": uniq(kinds)} {
		for _, v := range vs {
			addFacet(name, v)
		}
	}
	m[facetField] = facets
	return m
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Put implements corpus.Index.
func (ix *Index) Put(ctx context.Context, entries []corpus.Entry) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := putBatches(ctx, ix.idx, entries); err != nil {
		return err
	}
	scores := make(map[string]float64, len(entries))
	for _, e := range entries {
		scores[e.Doc.ID] = e.ReuseScore
	}
	ix.reuse.set(scores, false)
	return nil
}

// SetReuseScores implements corpus.Index: the reuse: filter reads the new
// scores at once, and nothing is re-indexed.
func (ix *Index) SetReuseScores(_ context.Context, scores map[string]float64) error {
	if len(scores) > 0 {
		ix.reuse.set(scores, false)
	}
	return nil
}

func putBatches(ctx context.Context, idx bleve.Index, entries []corpus.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	if _, err := segmenter(); err != nil {
		return err
	}
	b := idx.NewBatch()
	n, size := 0, 0
	send := func() error {
		if n == 0 {
			return nil
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("索引失败 (index batch): %w", err)
		}
		b = idx.NewBatch()
		n, size = 0, 0
		return nil
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.Doc.ID == "" {
			return errors.New("文档缺少编号 (document has no id)")
		}
		m := entryDoc(e)
		d := document.NewDocument(e.Doc.ID)
		if err := idx.Mapping().MapDocument(d, m); err != nil {
			return fmt.Errorf("索引失败 (index) %s: %w", e.Doc.ID, err)
		}
		compactTextFields(d)
		if err := b.IndexAdvanced(d); err != nil {
			return fmt.Errorf("索引失败 (index) %s: %w", e.Doc.ID, err)
		}
		n++
		size += analysedBytes(m)
		if n >= batchSize || size >= batchBytes {
			if err := send(); err != nil {
				return err
			}
		}
	}
	return send()
}

// analysedBytes is the size of the text a bleve document's analysis
// turns into tokens (the stored-only fields are left out): what the
// analysis and the segment builder's postings grow with.
func analysedBytes(m map[string]interface{}) int {
	n := 0
	for k, v := range m {
		if storedOnly[k] {
			continue
		}
		switch v := v.(type) {
		case string:
			n += len(v)
		case []string:
			for _, s := range v {
				n += len(s)
			}
		}
	}
	return n
}

// Delete implements corpus.Index.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	b := ix.idx.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := ix.idx.Batch(b); err != nil {
		return err
	}
	ix.reuse.remove(ids)
	return nil
}

// Count implements corpus.Index.
func (ix *Index) Count() (int, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n, err := ix.idx.DocCount()
	return int(n), err
}

// IDs implements corpus.Index.
func (ix *Index) IDs(ctx context.Context) ([]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n, err := ix.idx.DocCount()
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n)+1, 0, false)
	req.Sort = bsearch.SortOrder{&bsearch.SortDocID{}}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// Close implements corpus.Index.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := errors.Join(flush(ix.idx), ix.idx.Close())
	ix.idx = nil
	return err
}

// Rebuild implements corpus.Index: it builds a fresh index beside the live
// one (searches keep working meanwhile), then swaps it in.
func (ix *Index) Rebuild(ctx context.Context, st corpus.Store, progress func(done, total int)) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	return ix.rebuild(ctx, st, progress)
}

func (ix *Index) rebuild(ctx context.Context, st corpus.Store, progress func(done, total int)) error {
	tmp := filepath.Join(ix.dir, buildDir)
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	m, err := newMapping()
	if err != nil {
		return err
	}
	nidx, err := bleve.NewUsing(tmp, m, scorch.Name, bleve.Config.DefaultKVStore, runtimeConfig())
	if err != nil {
		return fmt.Errorf("创建索引失败 (create index): %w", err)
	}
	scores := map[string]float64{}
	if st != nil {
		if scores, err = fill(ctx, nidx, st, progress); err != nil {
			nidx.Close()
			os.RemoveAll(tmp)
			return fmt.Errorf("重建索引失败 (rebuild index): %w", err)
		}
		// A fill leaves one segment per batch; merge them before the index
		// goes live rather than in the background under the first queries.
		if err := compact(ctx, nidx); err != nil {
			nidx.Close()
			os.RemoveAll(tmp)
			return fmt.Errorf("重建索引失败 (rebuild index): %w", err)
		}
	}
	if err := errors.Join(flush(nidx), nidx.Close()); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx != nil {
		ix.idx.Close()
		ix.idx = nil
	}
	os.Remove(filepath.Join(ix.dir, metaFile))
	live := filepath.Join(ix.dir, bleveDir)
	if err := os.RemoveAll(live); err != nil {
		return err
	}
	if err := os.Rename(tmp, live); err != nil {
		return err
	}
	idx, err := openBleve(live)
	if err != nil {
		return err
	}
	ix.idx, ix.cols = idx, newFacetColumns()
	ix.reuse.reset()
	ix.reuse.set(scores, true)
	return writeMeta(ix.dir)
}

// fill indexes every stored document and returns their reuse scores.
func fill(ctx context.Context, idx bleve.Index, st corpus.Store, progress func(done, total int)) (map[string]float64, error) {
	total, err := st.Count(ctx)
	if err != nil {
		return nil, err
	}
	scores, err := st.ReuseScores(ctx)
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(0, total)
	}
	var buf []corpus.Entry
	done := 0
	flush := func() error {
		if err := putBatches(ctx, idx, buf); err != nil {
			return err
		}
		done += len(buf)
		buf = buf[:0]
		if progress != nil {
			progress(done, total)
		}
		return nil
	}
	err = st.All(ctx, func(d doc.Document) error {
		buf = append(buf, corpus.Entry{Doc: d, ReuseScore: scores[d.ID]})
		if len(buf) >= batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return scores, err
}

// facetField is the one keyword field every facet is counted from: values
// are "name:value" (type:plan, year:2026, org:某县人民医院党委). Facets are
// counted over every hit from doc values, and one field costs one doc-value
// lookup per hit where eight fields cost eight.
const facetField = "facet"

// facetNames are the facets a search returns (SPEC §5 GET /search).
var facetNames = []string{"type", "year", "org", "kind", "unit", "slogan", "placeholders", "script"}

// facetSize is how many values each facet returns, most frequent first.
const facetSize = 10

func facetValue(name, v string) string { return name + ":" + v }

// indexField is the index field each filter key of the query language
// reads (reuse: reads the scores in memory, see reuse.go).
var indexField = map[string]string{
	"type": "doc_type", "year": "year", "org": "org_text", "slogan": "slogans", "unit": "units",
	"kind": "kinds", "value": "values", "section": "sections", "metric": "metrics", "title": "title",
	"source": "source_text", "placeholder": "placeholders", "script": "script",
}

// Search implements corpus.Index. Syntax errors wrap query.ErrSyntax.
//
// Only the page's hits pay for stored fields and highlights: no match
// locations are collected (bleve would gather them for every hit), and the
// snippets are cut from the stored original text by pageHighlights.
func (ix *Index) Search(ctx context.Context, q corpus.Query) (corpus.SearchResult, error) {
	p, err := qlang.Parse(q.Q)
	if err != nil {
		return corpus.SearchResult{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return corpus.SearchResult{}, errors.New("索引已关闭 (index closed)")
	}
	if len(p.Terms) > 0 {
		// Terms are also matched as gse words (ranking, highlights).
		if _, err := segmenter(); err != nil {
			return corpus.SearchResult{}, err
		}
	}
	bq, rescore := buildQuery(p, ix.reuse)
	res, err := ix.collect(ctx, bq, rescore, limit, max(q.Offset, 0), !q.NoFacets)
	if err != nil {
		return corpus.SearchResult{}, fmt.Errorf("搜索失败 (search): %w", err)
	}
	out := corpus.SearchResult{Total: res.total, Hits: []corpus.Hit{}, Facets: map[string][]corpus.FacetCount{}}
	var pats []pattern
	if len(p.Terms) > 0 && len(res.hits) > 0 {
		pats = patterns(p.Terms)
	}
	for _, h := range res.hits {
		hit := corpus.Hit{ID: h.id, Score: h.score, Title: h.title, Source: h.source, Highlights: []string{}}
		if h.orig != "" && len(pats) > 0 {
			if hl := pageHighlights(h.orig, pats, 3); len(hl) > 0 {
				hit.Highlights = hl
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	if res.facets != nil {
		out.Facets = res.facets
	}
	return out, nil
}

// buildQuery turns a parsed query into bleve. Every free-text term must
// occur as a contiguous run of the folded text or title (searchText, the
// CJK bigram field); every filter must hold. rescore (nil without terms) holds
// the ranking signals that do not decide membership: the term as gse words
// (a document using 发展党员 as a word ranks above one where the run
// straddles two words) and the term in the title. Collect applies it to
// the first rescoreWindow hits only, so its cost does not grow with the
// number of hits.
func buildQuery(p qlang.Query, scores *reuseScores) (q query.Query, rescore query.Query) {
	var must, filters, signals []query.Query
	for _, term := range p.Terms {
		must = append(must, bigramPhrase(term, "text_cjk", 1))
		words := bleve.NewMatchQuery(term)
		words.SetField("text")
		words.Analyzer = analyzerWords
		words.SetOperator(query.MatchQueryOperatorAnd)
		words.SetBoost(2)
		signals = append(signals, words, bigramPhrase(term, "title", 3))
	}
	if len(signals) > 0 {
		rescore = bleve.NewDisjunctionQuery(signals...)
	}
	for _, f := range p.Filters {
		field := indexField[f.Key]
		switch f.Kind {
		case qlang.Keyword:
			t := bleve.NewTermQuery(f.Value)
			t.SetField(field)
			filters = append(filters, t)
		case qlang.Bool:
			t := bleve.NewTermQuery(strconv.FormatBool(f.Bool))
			t.SetField(field)
			filters = append(filters, t)
		case qlang.Phrase:
			filters = append(filters, bigramPhrase(f.Value, field, 1))
		case qlang.Number:
			if f.Key == "reuse" {
				filters = append(filters, reuseQuery{scores: scores, f: f})
				continue
			}
			minIncl, maxIncl := f.MinIncl, f.MaxIncl
			r := bleve.NewNumericRangeInclusiveQuery(f.Min, f.Max, &minIncl, &maxIncl)
			r.SetField(field)
			filters = append(filters, r)
		}
	}
	switch len(filters) {
	case 0:
	case 1:
		must = append(must, filterQuery{filters[0]})
	default:
		must = append(must, filterQuery{bleve.NewConjunctionQuery(filters...)})
	}
	switch len(must) {
	case 0:
		return bleve.NewMatchAllQuery(), nil
	case 1:
		return must[0], rescore
	}
	return bleve.NewConjunctionQuery(must...), rescore
}

// filterQuery runs a filter without scoring: filters decide which
// documents match, not their rank. Unscored term and numeric-range
// searchers let bleve combine their postings as bitmaps ("unadorned"
// disjunction/conjunction) instead of walking and scoring every posting of
// every range term; on 10k documents that made range queries several times
// cheaper.
type filterQuery struct{ query.Query }

// Searcher implements query.Query.
func (q filterQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping,
	o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	o.Score, o.Explain, o.IncludeTermVectors = "none", false, false
	return q.Query.Searcher(ctx, r, m, o)
}

// Compact merges the index's segments into as few as the merge policy
// allows and waits for it. After a bulk load (a rebuild, a large ingest) a
// query otherwise visits dozens of small segments, each with its own term
// dictionary lookups. Rebuild compacts by itself.
func (ix *Index) Compact(ctx context.Context) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errors.New("索引已关闭 (index closed)")
	}
	return compact(ctx, ix.idx)
}

func compact(ctx context.Context, idx bleve.Index) error {
	if err := flush(idx); err != nil {
		return err
	}
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := sc.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("索引合并失败 (merge index segments): %w", err)
	}
	return nil
}
