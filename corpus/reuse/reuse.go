// Package reuse finds copied passages between documents: an incremental
// inverted index of winnowed fingerprints (nlp/fingerprint) answers, for one
// document, which others share fingerprints with it, and aligns only
// those into passages with spans in both texts (SPEC §3).
//
// Boilerplate is not copying and is suppressed in two layers, each visible
// in the output as passages with a Kind rather than silently dropped:
//  1. "formula": a passage that is, apart from fewer than MinPassage runes,
//     official formulas from the lexicon (fingerprint.DefaultLexicon);
//  2. "template": a passage shared with a reference text added with
//     AddTemplate (a template site a reviewer loaded), or a peer passage
//     that is itself covered by a template.
//
// What a pair reports depends only on its two documents (and the lexicon
// and templates): its passages, their kinds and both sides' shares are the
// same whatever else the index holds and in whatever order documents were
// added, and each pair is aligned in one orientation (A.ID < B.ID) and
// mirrored for the other. A document's copied share is the union of its
// side of its pairs over its countable text, so it too is independent of
// arrival order; only which candidates are aligned depends on the rest of
// the index (MaxCandidates, see candidates). An earlier version also
// treated text found in many documents as boilerplate (a document-frequency
// cap); that made a pair's result depend on what else had arrived before
// it, and wrote off a dozen verbatim copies in a small corpus as common
// phrasing, so it was removed.
package reuse

import (
	"sync"
	"sync/atomic"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// Options tunes the index. Zero fields take the defaults of DefaultOptions.
type Options struct {
	// K is the k-gram length in normalised runes, W the winnowing window.
	K, W int
	// MinPassage is the shortest passage reported, in normalised runes; it
	// also is the least non-boilerplate text a passage needs to count as
	// copying.
	MinPassage int
	// Gap is the largest edit bridged inside one passage, in runes.
	Gap int
	// MinShared is how many fingerprints a candidate must share with the
	// document before it is aligned.
	MinShared int
	// MaxCandidates bounds the candidates aligned per document: half by
	// IDF-weighted shared fingerprints, half by resemblance (see
	// candidates), so a copy among many template siblings is not cut.
	MaxCandidates int
	// ClusterScore is the pair score from which two documents belong to one
	// cluster (single linkage). 0.5 means at least half of the shorter
	// document is shared text: a copy, not a shared paragraph.
	ClusterScore float64
	// ClusterLonger is the share of the longer document a pair must also
	// cover to link a cluster, so that a short text quoting two long ones
	// (a resolution on two work reports) does not chain them together.
	ClusterLonger float64
	// Lexicon is the formula list; nil means fingerprint.DefaultLexicon.
	Lexicon *fingerprint.Lexicon
	// NoLexicon turns the formula layer off.
	NoLexicon bool
	// PackedBytes bounds the memory the index keeps of its documents'
	// matching form (see packed: about 2.7 bytes per normalised rune), so
	// that a document aligned as the candidate of many others is not
	// normalised and fingerprinted again each time. 0 means
	// DefaultPackedBytes; negative keeps none.
	PackedBytes int64
}

// DefaultOptions returns the defaults (see fingerprint.DefaultK for why).
func DefaultOptions() Options {
	return Options{
		K: fingerprint.DefaultK, W: fingerprint.DefaultW,
		MinPassage:    fingerprint.DefaultAlign.MinLen,
		Gap:           fingerprint.DefaultAlign.Gap,
		MinShared:     3,
		MaxCandidates: 50,
		ClusterScore:  0.5,
		ClusterLonger: 0.2,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	o.K, o.W = o.kw()
	if o.MinPassage <= 0 {
		o.MinPassage = d.MinPassage
	}
	if o.Gap <= 0 {
		o.Gap = d.Gap
	}
	if o.MinShared <= 0 {
		o.MinShared = d.MinShared
	}
	if o.MaxCandidates <= 0 {
		o.MaxCandidates = d.MaxCandidates
	}
	if o.ClusterScore <= 0 {
		o.ClusterScore = d.ClusterScore
	}
	if o.ClusterLonger <= 0 {
		o.ClusterLonger = d.ClusterLonger
	}
	if o.PackedBytes == 0 {
		o.PackedBytes = DefaultPackedBytes
	}
	if o.Lexicon == nil && !o.NoLexicon {
		o.Lexicon = fingerprint.DefaultLexicon()
	}
	return o
}

// kw returns K and W, defaults filled in.
func (o Options) kw() (k, w int) {
	k, w = o.K, o.W
	if k <= 0 {
		k = fingerprint.DefaultK
	}
	if w <= 0 {
		w = fingerprint.DefaultW
	}
	return k, w
}

// Passage kinds. KindCopy passages are copying; the others are boilerplate.
// KindCommon is no longer produced (see the package comment); pairs stored
// by earlier versions may carry it until they are recomputed.
const (
	KindCopy     = ""
	KindCommon   = "common"
	KindFormula  = "formula"
	KindTemplate = "template"
)

// DocRef names a document in a pair.
type DocRef struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Part   int    `json:"part"`
	Title  string `json:"title"`
	// Org and Year are left empty by the engine; the corpus fills them when
	// it reads pairs back, so that same-titled documents can be told apart.
	Org  *string `json:"org,omitempty"`
	Year *int    `json:"year,omitempty"`
}

// Passage is one shared passage, with code-point spans into each document's
// Text (half-open) and Chars, its length in normalised runes on side A.
type Passage struct {
	AStart int    `json:"a_start"`
	AEnd   int    `json:"a_end"`
	BStart int    `json:"b_start"`
	BEnd   int    `json:"b_end"`
	AText  string `json:"a_text"`
	BText  string `json:"b_text"`
	Chars  int    `json:"chars"`
	// Kind is "" for copying, else the boilerplate layer that suppressed it:
	// formula or template.
	Kind string `json:"kind,omitempty"`
}

// Pair is two documents sharing passages (SPEC §3). Passages are copying;
// Boilerplate holds the suppressed shared passages, for display greyed out.
type Pair struct {
	A        DocRef  `json:"a"`
	B        DocRef  `json:"b"`
	Score    float64 `json:"score"`
	ACovered float64 `json:"a_covered"`
	BCovered float64 `json:"b_covered"`
	// Longest is the longest copied passage in normalised runes.
	Longest     int       `json:"longest"`
	Passages    []Passage `json:"passages"`
	Boilerplate []Passage `json:"boilerplate,omitempty"`
	// Template is set when B is a reference text added with AddTemplate:
	// all its passages are then boilerplate and Score is 0.
	Template bool `json:"template,omitempty"`
}

// SectionStats is the copied share of one outline section.
type SectionStats struct {
	Level  int     `json:"level"`
	Number string  `json:"number"`
	Title  string  `json:"title"`
	Start  int     `json:"start"`
	End    int     `json:"end"`
	Copied float64 `json:"copied"`
}

// DocStats are one document's reuse figures in CNKI vocabulary.
type DocStats struct {
	DocRef
	// Chars is the normalised length, Countable the part that is not
	// formula or template text (the denominator of the shares below).
	Chars     int `json:"chars"`
	Countable int `json:"countable"`
	// Copied is the total copy ratio (总文字复制比): the union over all
	// peer sources of copied passages.
	Copied float64 `json:"copied"`
	// MaxSource is the largest single-source ratio (单篇最大文字复制比).
	MaxSource   float64 `json:"max_source"`
	MaxSourceID string  `json:"max_source_id,omitempty"`
	// Boilerplate is the share of Chars that is formula or template text.
	Boilerplate float64 `json:"boilerplate"`
	// Longest is the longest copied passage in normalised runes.
	Longest  int            `json:"longest"`
	Sources  int            `json:"sources"`
	Sections []SectionStats `json:"sections,omitempty"`
	// cover is the copied text Copied counts (normalised, disjoint).
	cover [][2]int
}

// Report is the corpus-wide result (SPEC §3 plus per-document figures).
type Report struct {
	Pairs     []Pair     `json:"pairs"`
	Clusters  [][]string `json:"clusters"`
	Documents []DocStats `json:"documents"`
}

// entry is one indexed document. Its fingerprints are not kept in full:
// a compact form (packed) is, within Options.PackedBytes, and otherwise
// they are recomputed from the text when the document is aligned or
// removed, which keeps a 100,000-document index to its postings and that
// budget.
type entry struct {
	num uint32
	// prints is the number of distinct fingerprints, the size term of the
	// resemblance used to rank candidates.
	prints   uint32
	d        *doc.Document
	template bool
	// formula is the formula and citation text (normalised intervals, as
	// start/end pairs), found the first time the document is analysed (or
	// at a batch build) and kept: a document analysed as a candidate again
	// and again would otherwise search the lexicon each time. Not at Add,
	// whose per-document garbage sets a large build's memory.
	formula atomic.Pointer[[]int32]
	// pk is the packed matching form, nil when not kept; hot marks its use
	// since the cache's clock hand passed. ring (the entry's place in the
	// cache's ring) and gone (removed from the index) are guarded by the
	// cache's lock.
	pk   atomic.Pointer[packed]
	hot  atomic.Bool
	ring int
	gone bool
}

// prepared is a document's stream and fingerprints, sorted by hash (the
// order both indexing and the seed join want), computed once when a caller
// both indexes and analyses it (Analyze).
type prepared struct {
	s       fingerprint.Stream
	prints  []fingerprint.Print
	formula [][2]int
	hashes  []uint64
	buf     fingerprint.Buffers
	// pk is the packed form, when asked for.
	pk *packed
}

// withFormula fills in the formula intervals of a peer document.
func (ix *Index) withFormula(p *prepared, text string) *prepared {
	p.formula = ix.formulaOf(p.s, text)
	return p
}

// formulaOf returns the formula and citation intervals of a stream, not
// nil (empty when the lexicon is off).
func (ix *Index) formulaOf(s fingerprint.Stream, text string) [][2]int {
	return ix.formulaBy(s, text, s.Index)
}

// formulaBy is formulaOf for a stream holding only its runes, with index
// mapping text offsets to it (Stream.Index).
func (ix *Index) formulaBy(s fingerprint.Stream, text string, index func(int) int) [][2]int {
	if ix.opt.Lexicon == nil {
		return [][2]int{}
	}
	f := fingerprint.Intervals(ix.opt.Lexicon.Find(s))
	f = fingerprint.Union(append(f, fingerprint.CitationsBy(text, index)...))
	if f == nil {
		f = [][2]int{}
	}
	return f
}

// setFormula stores the formula intervals compactly.
func (e *entry) setFormula(iv [][2]int) {
	fs := make([]int32, 0, 2*len(iv))
	for _, x := range iv {
		fs = append(fs, int32(x[0]), int32(x[1]))
	}
	e.formula.Store(&fs)
}

// formulas returns the stored intervals, or nil when not yet found.
func (e *entry) formulas() [][2]int {
	p := e.formula.Load()
	if p == nil {
		return nil
	}
	fs := *p
	out := make([][2]int, 0, len(fs)/2)
	for i := 0; i+1 < len(fs); i += 2 {
		out = append(out, [2]int{int(fs[i]), int(fs[i+1])})
	}
	return out
}

// prepare returns a new prepared form of text, kept by the caller; its
// scratch space is pooled.
func (ix *Index) prepare(text string, pack bool) *prepared {
	b := bufPool.Get().(*fingerprint.Buffers)
	p := ix.prepareWith(&prepared{}, text, pack, b)
	bufPool.Put(b)
	return p
}

// bufPool holds the winnowing and sorting scratch space of prepare.
var bufPool = sync.Pool{New: func() any { return new(fingerprint.Buffers) }}

// prepareInto fills p, reusing its buffers; with pack set (and a packed
// budget) it also packs the result into p.pk.
func (ix *Index) prepareInto(p *prepared, text string, pack bool) *prepared {
	return ix.prepareWith(p, text, pack, &p.buf)
}

// prepareWith is prepareInto with scratch space b.
func (ix *Index) prepareWith(p *prepared, text string, pack bool, b *fingerprint.Buffers) *prepared {
	p.s = fingerprint.NormalizeInto(p.s, text)
	p.prints = fingerprint.WinnowInto(p.prints, b, p.s.Runes, ix.opt.K, ix.opt.W)
	p.pk = nil
	if pack && ix.cache.budget > 0 {
		p.pk = newPacked(p.s, p.prints)
	}
	fingerprint.SortByHashInto(p.prints, b)
	p.formula = nil
	return p
}

// prepPool recycles the buffers of Add and Remove: a document's stream and
// fingerprints are dropped once its postings are written, and reusing them
// keeps a large build from producing garbage (and the heap, with its GC
// headroom, from growing) per document.
var prepPool = sync.Pool{New: func() any { return &prepared{} }}

// Index is an in-memory inverted index from fingerprint to the documents
// holding it. It is safe for concurrent readers with one writer.
type Index struct {
	opt Options

	mu    sync.RWMutex
	docs  []*entry // by num; nil once removed
	byID  map[string]*entry
	peers int
	post  *postings // peer documents
	tpost *postings // template documents
	cache packCache
}

// New returns an empty index.
func New(opt Options) *Index {
	ix := &Index{
		opt:   opt.withDefaults(),
		byID:  map[string]*entry{},
		post:  newPostings(),
		tpost: newPostings(),
	}
	ix.cache.budget = ix.opt.PackedBytes
	return ix
}

// Options returns the options in force, defaults filled in.
func (ix *Index) Options() Options { return ix.opt }

// Len returns the number of peer documents indexed (templates excluded).
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.peers
}

// Add indexes d as a peer document, replacing any document with its ID.
// It touches only d's own fingerprints' postings.
func (ix *Index) Add(d *doc.Document) { ix.add(d, false) }

// AddTemplate indexes d as a reference text (a template site page, an
// official model plan): documents sharing passages with it get those
// passages as template boilerplate, not as copying.
func (ix *Index) AddTemplate(d *doc.Document) { ix.add(d, true) }

func (ix *Index) add(d *doc.Document, template bool) {
	if d == nil {
		return
	}
	pre := ix.prepareInto(prepPool.Get().(*prepared), d.Text, !template)
	ix.addPrepared(d, template, pre)
	pre.pk = nil
	prepPool.Put(pre)
}

// addPrepared indexes d from its prepared fingerprints and returns its
// entry.
func (ix *Index) addPrepared(d *doc.Document, template bool, pre *prepared) *entry {
	pre.hashes = sortedHashes(pre.hashes, pre.prints)
	hs := pre.hashes
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old := ix.byID[d.ID]; old != nil {
		ix.removeLocked(old)
	}
	e := &entry{num: uint32(len(ix.docs)), prints: uint32(len(hs)), d: d, template: template, ring: -1}
	if !template && pre.formula != nil {
		e.setFormula(pre.formula)
	}
	if !template && pre.pk != nil {
		ix.cache.put(e, pre.pk)
	}
	ix.docs = append(ix.docs, e)
	ix.byID[d.ID] = e
	post := ix.post
	if template {
		post = ix.tpost
	} else {
		ix.peers++
	}
	for _, h := range hs {
		post.add(h, e.num)
	}
	return e
}

// Remove drops the document (or template) with this ID; it reports whether
// there was one.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	e := ix.byID[id]
	if e == nil {
		return false
	}
	ix.removeLocked(e)
	return true
}

func (ix *Index) removeLocked(e *entry) {
	post := ix.post
	if e.template {
		post = ix.tpost
	} else {
		ix.peers--
	}
	ix.cache.drop(e)
	pre := ix.prepareInto(prepPool.Get().(*prepared), e.d.Text, false)
	pre.hashes = sortedHashes(pre.hashes, pre.prints)
	for _, h := range pre.hashes {
		post.remove(h, e.num)
	}
	prepPool.Put(pre)
	ix.docs[e.num] = nil
	delete(ix.byID, e.d.ID)
}

func (ix *Index) prints(s fingerprint.Stream) []fingerprint.Print {
	return fingerprint.Winnow(s.Runes, ix.opt.K, ix.opt.W)
}

// sortedHashes returns the distinct hashes of prints (sorted by hash),
// appended to dst[:0].
func sortedHashes(dst []uint64, p []fingerprint.Print) []uint64 {
	hs := dst[:0]
	if cap(hs) < len(p) {
		hs = make([]uint64, 0, len(p)) // at most one per print: no regrowing
	}
	for i, x := range p {
		if i == 0 || x.Hash != p[i-1].Hash {
			hs = append(hs, x.Hash)
		}
	}
	return hs
}

func ref(d *doc.Document) DocRef {
	return DocRef{ID: d.ID, Source: d.Source, Part: d.Part, Title: d.Title}
}
