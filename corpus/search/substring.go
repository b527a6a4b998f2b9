package search

import (
	"bytes"
	"cmp"
	"context"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// substringQuery matches documents whose single-valued bigram field holds
// terms at the given relative positions ("" = any term): a contiguous run
// of the query text. It means what bleve's phrase query means on such a
// field, but its searcher walks the postings itself and reads term
// positions only when it must:
//
//   - the documents holding every bigram (and, on text_cjk, every
//     trigram) of the run are found as a bitmap AND of their postings,
//     with no frequencies or positions decoded;
//   - when the run is one gse word of the text field or two adjacent ones
//     (adjacentPairs), a document holding that token holds the run: its
//     postings prove it, and its frequency counts it;
//   - only the other candidates have their bigram positions read.
//
// Bleve's phrase searcher builds a map of term locations for every
// candidate document; reading positions was most of the cost of a search
// for a frequent term.
//
// Only for fields holding one value per document (text_cjk, title); the
// multi-valued filter fields keep bleve's phrase query, which also checks
// that the run lies in one array element.
type substringQuery struct {
	field string
	text  string   // the (folded) run
	all   []string // every distinct bigram of the run
	tris  []string // every distinct trigram of the run (text_cjk only)
	terms []string
	// starts[i] is the byte offset of terms[i] in the query text. A match
	// must have the same byte distances, not only the same positions: runs
	// split by punctuation get consecutive positions (发展，党员 puts 发展
	// and 党员 two positions apart, as in 发展党员), and only the bytes tell
	// the blanked bigram was really there.
	starts []int
	boost  float64
}

// proofFields names, per bigram field, the gse word field over the same
// text whose postings can prove a run without positions.
var proofFields = map[string]string{"text_cjk": "text"}

// Searcher implements query.Query.
func (q *substringQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping,
	_ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &substringSearcher{boost: q.boost, reader: r, field: q.field}
	for i, t := range q.terms {
		if t == "" {
			continue
		}
		s.terms = append(s.terms, t)
		s.offsets = append(s.offsets, uint64(i))
		s.bytes = append(s.bytes, uint64(q.starts[i]-q.starts[0]))
	}
	if len(s.terms) == 0 {
		return s, nil
	}
	// A lone bigram is its own run: its frequency is the count and its
	// norm the length norm, with no positions.
	if len(q.all) <= 1 && len(s.terms) == 1 {
		tfr, err := r.TermFieldReader(ctx, []byte(s.terms[0]), q.field, true, true, false)
		if err != nil {
			return nil, err
		}
		s.opened = append(s.opened, tfr)
		s.cand, s.lone, s.bound = tfr, true, tfr.Count()
		s.idf = idf(r, s.opened)
		return s, nil
	}
	// Candidates hold every bigram of the run. Read without frequencies
	// or positions, their postings are ANDed as bitmaps per segment
	// (bleve's "unadorned" conjunction), so a rare middle bigram (展党 in
	// 发展党员) keeps out documents that merely hold the frequent ends at
	// almost no cost.
	all := q.all
	if len(all) == 0 {
		all = s.terms
	}
	var readers []index.TermFieldReader
	for _, t := range all {
		tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, false, false, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.opened = append(s.opened, tfr)
		readers = append(readers, tfr)
	}
	s.idf = idf(r, readers)
	for _, t := range q.tris {
		tfr, err := r.TermFieldReader(ctx, []byte(t), trigramFields[q.field], false, false, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.opened = append(s.opened, tfr)
		readers = append(readers, tfr)
	}
	s.bound = math.MaxUint64
	for _, tr := range readers {
		s.bound = min(s.bound, tr.Count())
	}
	if c := unadornedAnd(readers); c != nil {
		s.cand = c
		s.opened = append(s.opened, c)
	} else {
		s.cand = newLeapfrog(readers)
	}
	if word, ok := proofWord(q, m); ok {
		tfr, err := r.TermFieldReader(ctx, []byte(word), proofFields[q.field], true, true, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.opened = append(s.opened, tfr)
		s.proof, s.proofDoc = tfr, &index.TermFieldDoc{}
	}
	return s, nil
}

// unadornedAnd is the bitmap AND of the readers' postings, or nil when the
// readers cannot be combined that way (not scorch readers, or one reader).
func unadornedAnd(readers []index.TermFieldReader) index.TermFieldReader {
	if len(readers) < 2 {
		return nil
	}
	var octx index.OptimizableContext
	for _, r := range readers {
		o, ok := r.(index.Optimizable)
		if !ok {
			return nil
		}
		var err error
		if octx, err = o.Optimize("conjunction:unadorned", octx); err != nil || octx == nil {
			return nil
		}
	}
	opt, err := octx.Finish()
	if err != nil || opt == nil {
		return nil
	}
	tfr, _ := opt.(index.TermFieldReader)
	return tfr
}

// postings is what the searcher needs of a candidate stream.
type postings interface {
	Next(*index.TermFieldDoc) (*index.TermFieldDoc, error)
	Advance(index.IndexInternalID, *index.TermFieldDoc) (*index.TermFieldDoc, error)
}

// leapfrog intersects postings one document at a time, for readers that
// cannot be ANDed as bitmaps.
type leapfrog struct {
	readers []index.TermFieldReader
	docs    []*index.TermFieldDoc
	cur     []*index.TermFieldDoc
	started bool
	idbuf   index.IndexInternalID
}

func newLeapfrog(readers []index.TermFieldReader) *leapfrog {
	l := &leapfrog{readers: readers, cur: make([]*index.TermFieldDoc, len(readers))}
	for range readers {
		l.docs = append(l.docs, &index.TermFieldDoc{})
	}
	return l
}

func (l *leapfrog) Next(*index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if !l.started {
		return l.Advance(nil, nil)
	}
	d, err := l.readers[0].Next(l.docs[0].Reset())
	if l.cur[0] = d; err != nil || d == nil {
		return nil, err
	}
	return l.align()
}

func (l *leapfrog) Advance(id index.IndexInternalID, _ *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	for i, r := range l.readers {
		if l.started && (l.cur[i] == nil || id == nil || bytes.Compare(l.cur[i].ID, id) >= 0) {
			continue
		}
		var d *index.TermFieldDoc
		var err error
		if id == nil {
			d, err = r.Next(l.docs[i].Reset())
		} else {
			d, err = r.Advance(id, l.docs[i].Reset())
		}
		if err != nil {
			return nil, err
		}
		l.cur[i] = d
	}
	l.started = true
	return l.align()
}

// align moves the readers until all are on one document.
func (l *leapfrog) align() (*index.TermFieldDoc, error) {
	for {
		var top index.IndexInternalID
		for _, c := range l.cur {
			if c == nil {
				return nil, nil
			}
			if top == nil || bytes.Compare(c.ID, top) > 0 {
				top = c.ID
			}
		}
		aligned := true
		for i, c := range l.cur {
			if bytes.Compare(c.ID, top) < 0 {
				l.idbuf = append(l.idbuf[:0], top...)
				d, err := l.readers[i].Advance(l.idbuf, l.docs[i].Reset())
				if err != nil {
					return nil, err
				}
				l.cur[i], aligned = d, false
				break
			}
		}
		if aligned {
			return l.cur[0], nil
		}
	}
}

// proofWord is the run as one token of the field's gse word analyzer, when
// the run is exactly one such token.
func proofWord(q *substringQuery, m mapping.IndexMapping) (string, bool) {
	if proofFields[q.field] == "" || m == nil || q.text == "" {
		return "", false
	}
	a := m.AnalyzerNamed(analyzerWords)
	if a == nil {
		return "", false
	}
	// A word or a pair of adjacent words (adjacentPairs) spelling the
	// whole run.
	for _, t := range a.Analyze([]byte(q.text)) {
		if string(t.Term) == q.text {
			return q.text, true
		}
	}
	return "", false
}

// idf is bleve's inverse document frequency for the rarest bigram of the
// run (an upper bound of the run's own document frequency), so a rare run
// outweighs a common one in a query of several terms.
func idf(r index.IndexReader, readers []index.TermFieldReader) float64 {
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return 1
	}
	df := uint64(math.MaxUint64)
	for _, tr := range readers {
		df = min(df, tr.Count())
	}
	return 1 + math.Log(float64(n)/float64(df+1))
}

// substringSearcher walks the candidates (documents holding every bigram
// of the run) and keeps those proven by the word postings or by bigram
// positions.
type substringSearcher struct {
	reader  index.IndexReader
	field   string
	terms   []string // bigrams the position check reads ("" blanks dropped)
	offsets []uint64 // position of each term in the run
	bytes   []uint64 // byte offset of each term in the run
	boost   float64
	idf     float64
	opened  []index.TermFieldReader // closed with the searcher
	bound   uint64                  // the rarest bigram's document count

	cand    postings // candidate documents
	candDoc index.TermFieldDoc
	lone    bool // cand is the run's only bigram, with frequencies and norms
	idbuf   index.IndexInternalID

	proof     index.TermFieldReader // the run as a gse word or word pair, or nil
	proofDoc  *index.TermFieldDoc
	proofCur  *index.TermFieldDoc
	proofDone bool

	vreaders []index.TermFieldReader // with positions, opened on first need
	vdocs    []*index.TermFieldDoc
	vcur     []*index.TermFieldDoc
	pos      [][]loc // scratch: locations per reader
}

// loc is one occurrence of a term: position and byte offset.
type loc struct{ pos, start uint64 }

func (s *substringSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.cand == nil {
		return nil, nil
	}
	d, err := s.cand.Next(s.candDoc.Reset())
	return s.match(ctx, d, err)
}

func (s *substringSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.cand == nil {
		return nil, nil
	}
	s.idbuf = append(s.idbuf[:0], id...)
	d, err := s.cand.Advance(s.idbuf, s.candDoc.Reset())
	return s.match(ctx, d, err)
}

// match returns the first candidate from d on that holds the run (nil when
// the candidates run out).
func (s *substringSearcher) match(ctx *bsearch.SearchContext, d *index.TermFieldDoc, err error) (*bsearch.DocumentMatch, error) {
	for ; err == nil && d != nil; d, err = s.cand.Next(s.candDoc.Reset()) {
		n, norm, err := s.count(d)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = append(dm.IndexInternalID[:0], d.ID...)
			dm.Score = s.boost * tfWeight(n) * s.idf * norm
			return dm, nil
		}
	}
	return nil, err
}

// count is how many times the run occurs in candidate d, with the length
// norm to score it by: a lone bigram's frequency, the proof token's
// frequency (norm of the word field), or the runs found by position (norm
// of the bigram field).
func (s *substringSearcher) count(d *index.TermFieldDoc) (int, float64, error) {
	if s.lone {
		return int(d.Freq), d.Norm, nil
	}
	id := d.ID
	if s.proof != nil && !s.proofDone {
		if s.proofCur == nil || bytes.Compare(s.proofCur.ID, id) < 0 {
			// Most candidates are proven in turn, so the proof's next
			// posting is usually this one; Next is cheaper than a seek.
			p, err := s.proof.Next(s.proofDoc.Reset())
			if err == nil && p != nil && bytes.Compare(p.ID, id) < 0 {
				p, err = s.proof.Advance(id, s.proofDoc.Reset())
			}
			if err != nil {
				return 0, 0, err
			}
			s.proofCur, s.proofDone = p, p == nil
		}
		if s.proofCur != nil && bytes.Equal(s.proofCur.ID, id) {
			return int(s.proofCur.Freq), s.proofCur.Norm, nil
		}
	}
	if s.vreaders == nil {
		for i, t := range s.terms {
			tfr, err := s.reader.TermFieldReader(context.Background(), []byte(t), s.field, false, i == 0, true)
			if err != nil {
				return 0, 0, err
			}
			s.vreaders = append(s.vreaders, tfr)
			s.opened = append(s.opened, tfr)
			s.vdocs = append(s.vdocs, &index.TermFieldDoc{})
		}
		s.vcur = make([]*index.TermFieldDoc, len(s.vreaders))
	}
	for i, r := range s.vreaders {
		if s.vcur[i] == nil || bytes.Compare(s.vcur[i].ID, id) < 0 {
			v, err := r.Advance(id, s.vdocs[i].Reset())
			if err != nil {
				return 0, 0, err
			}
			s.vcur[i] = v
		}
		if s.vcur[i] == nil || !bytes.Equal(s.vcur[i].ID, id) {
			return 0, 0, nil
		}
	}
	return s.runs(), s.vcur[0].Norm, nil
}

// runs counts the places where every term sits at its position relative to
// the one before, and across a blank also at its byte offset.
func (s *substringSearcher) runs() int {
	if cap(s.pos) < len(s.vcur) {
		s.pos = make([][]loc, len(s.vcur))
	}
	s.pos = s.pos[:len(s.vcur)]
	for i, d := range s.vcur {
		p := s.pos[i][:0]
		ordered := true
		for _, v := range d.Vectors {
			ordered = ordered && (len(p) == 0 || p[len(p)-1].pos <= v.Pos)
			p = append(p, loc{v.Pos, v.Start})
		}
		if !ordered {
			slices.SortFunc(p, func(a, b loc) int { return cmp.Compare(a.pos, b.pos) })
		}
		s.pos[i] = p
	}
	n := 0
	for _, l0 := range s.pos[0] {
		prev, ok := l0, true
		for i := 1; i < len(s.pos) && ok; i++ {
			wantPos := prev.pos + s.offsets[i] - s.offsets[i-1]
			// Byte distances are checked only across a blanked bigram;
			// adjacent terms are checked by position, as bleve's phrase
			// query does, so 党风 廉政 still finds 党风廉政.
			strict := s.offsets[i]-s.offsets[i-1] > 1
			wantStart := prev.start + s.bytes[i] - s.bytes[i-1]
			ps := s.pos[i]
			k := sort.Search(len(ps), func(j int) bool { return ps[j].pos >= wantPos })
			ok = false
			for ; k < len(ps) && ps[k].pos == wantPos; k++ {
				if !strict || ps[k].start == wantStart {
					prev, ok = ps[k], true
					break
				}
			}
		}
		if ok {
			n++
		}
	}
	return n
}

func (s *substringSearcher) Close() error {
	var first error
	for _, r := range s.opened {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *substringSearcher) Weight() float64      { return 1 }
func (s *substringSearcher) SetQueryNorm(float64) {}
func (s *substringSearcher) Min() int             { return 0 }
func (s *substringSearcher) Size() int            { return 128 * (1 + len(s.opened)) }

// DocumentMatchPoolSize is one: a match is returned before the next is made.
func (s *substringSearcher) DocumentMatchPoolSize() int { return 1 }

// Count is an upper bound of the matches: the rarest bigram's document
// count.
func (s *substringSearcher) Count() uint64 { return s.bound }

// tfWeights holds 1 + ln n for small counts: the logarithm was a twentieth
// of a frequent term's search.
var tfWeights = func() (w [64]float64) {
	for n := 1; n < len(w); n++ {
		w[n] = 1 + math.Log(float64(n))
	}
	return w
}()

// tfWeight is 1 + ln n, the weight of n occurrences.
func tfWeight(n int) float64 {
	if n < len(tfWeights) {
		return tfWeights[n]
	}
	return 1 + math.Log(float64(n))
}
