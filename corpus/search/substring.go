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
//   - the documents holding every bigram are found from the postings
//     alone (no frequencies or positions are decoded for them);
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
	// The postings-only conjunction takes the bigrams the position check
	// needs and the rarest of the others: a rare middle bigram (展党 in
	// 发展党员) keeps out documents that merely hold the frequent ends, at
	// the cost of one more postings list.
	single := len(q.all) <= 1
	for i, t := range s.terms {
		// The first reader gives the length norm; a lone bigram is its own
		// run, so its frequency is the count and no positions are needed.
		tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, single, i == 0, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.readers = append(s.readers, tfr)
		s.docs = append(s.docs, &index.TermFieldDoc{})
	}
	var rarest index.TermFieldReader
	for _, t := range q.all {
		if slices.Contains(s.terms, t) {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, false, false, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		if rarest == nil || tfr.Count() < rarest.Count() {
			rarest, tfr = tfr, rarest
		}
		if tfr != nil {
			tfr.Close()
		}
	}
	if rarest != nil {
		s.readers = append(s.readers, rarest)
		s.docs = append(s.docs, &index.TermFieldDoc{})
	}
	s.cur = make([]*index.TermFieldDoc, len(s.readers))
	if word, ok := proofWord(q, m); ok && !single {
		tfr, err := r.TermFieldReader(ctx, []byte(word), proofFields[q.field], true, false, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.proof, s.proofDoc = tfr, &index.TermFieldDoc{}
	}
	s.idf = idf(r, s.readers)
	return s, nil
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

// substringSearcher is a conjunction of term postings with a proof by
// word or a position check.
type substringSearcher struct {
	reader  index.IndexReader
	field   string
	terms   []string
	readers []index.TermFieldReader // postings only (the first with norms)
	offsets []uint64                // position of each reader's term in the run
	bytes   []uint64                // byte offset of each reader's term in the run
	docs    []*index.TermFieldDoc   // reused per reader
	cur     []*index.TermFieldDoc   // current posting per reader; nil = exhausted
	started bool
	boost   float64
	idf     float64
	idbuf   index.IndexInternalID

	proof     index.TermFieldReader // the run as a gse word, or nil
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
	if !s.started {
		s.started = true
		for i := range s.readers {
			d, err := s.readers[i].Next(s.docs[i].Reset())
			if err != nil {
				return nil, err
			}
			if d == nil {
				return nil, nil
			}
			s.cur[i] = d
		}
	} else if err := s.step(0, nil); err != nil || s.cur[0] == nil {
		return nil, err
	}
	return s.match(ctx)
}

func (s *substringSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.started {
		s.started = true
		for i := range s.readers {
			d, err := s.readers[i].Advance(id, s.docs[i].Reset())
			if err != nil {
				return nil, err
			}
			if d == nil {
				return nil, nil
			}
			s.cur[i] = d
		}
		return s.match(ctx)
	}
	for i := range s.readers {
		if s.cur[i] == nil {
			return nil, nil
		}
		if bytes.Compare(s.cur[i].ID, id) < 0 {
			if err := s.step(i, id); err != nil || s.cur[i] == nil {
				return nil, err
			}
		}
	}
	return s.match(ctx)
}

// step moves reader i to its next posting, or to the first at or after id.
func (s *substringSearcher) step(i int, id index.IndexInternalID) error {
	var d *index.TermFieldDoc
	var err error
	if id == nil {
		d, err = s.readers[i].Next(s.docs[i].Reset())
	} else {
		d, err = s.readers[i].Advance(id, s.docs[i].Reset())
	}
	s.cur[i] = d
	return err
}

// match aligns the readers on one document that has the run, starting from
// their current postings, and returns it (nil when the postings run out).
func (s *substringSearcher) match(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if len(s.readers) == 0 {
		return nil, nil
	}
	for {
		// Bring every reader to the largest current document.
		var top index.IndexInternalID
		for i := range s.cur {
			if s.cur[i] == nil {
				return nil, nil
			}
			if top == nil || bytes.Compare(s.cur[i].ID, top) > 0 {
				top = s.cur[i].ID
			}
		}
		aligned := true
		for i := range s.cur {
			if bytes.Compare(s.cur[i].ID, top) < 0 {
				s.idbuf = append(s.idbuf[:0], top...)
				if err := s.step(i, s.idbuf); err != nil {
					return nil, err
				}
				aligned = false
				break
			}
		}
		if !aligned {
			continue
		}
		n, err := s.count()
		if err != nil {
			return nil, err
		}
		if n > 0 {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = append(dm.IndexInternalID[:0], s.cur[0].ID...)
			dm.Score = s.boost * (1 + math.Log(float64(n))) * s.idf * s.cur[0].Norm
			return dm, nil
		}
		if err := s.step(0, nil); err != nil {
			return nil, err
		}
	}
}

// count is how many times the run occurs in the document every reader is
// on: a lone bigram's frequency, the proof word's frequency, or the runs
// found by position.
func (s *substringSearcher) count() (int, error) {
	id := s.cur[0].ID
	if len(s.readers) == 1 && len(s.terms) == 1 {
		return int(s.cur[0].Freq), nil
	}
	if s.proof != nil && !s.proofDone {
		if s.proofCur == nil || bytes.Compare(s.proofCur.ID, id) < 0 {
			d, err := s.proof.Advance(id, s.proofDoc.Reset())
			if err != nil {
				return 0, err
			}
			s.proofCur, s.proofDone = d, d == nil
		}
		if s.proofCur != nil && bytes.Equal(s.proofCur.ID, id) {
			return int(s.proofCur.Freq), nil
		}
	}
	if s.vreaders == nil {
		for _, t := range s.terms {
			tfr, err := s.reader.TermFieldReader(context.Background(), []byte(t), s.field, false, false, true)
			if err != nil {
				return 0, err
			}
			s.vreaders = append(s.vreaders, tfr)
			s.vdocs = append(s.vdocs, &index.TermFieldDoc{})
		}
		s.vcur = make([]*index.TermFieldDoc, len(s.vreaders))
	}
	for i, r := range s.vreaders {
		if s.vcur[i] == nil || bytes.Compare(s.vcur[i].ID, id) < 0 {
			d, err := r.Advance(id, s.vdocs[i].Reset())
			if err != nil {
				return 0, err
			}
			s.vcur[i] = d
		}
		if s.vcur[i] == nil || !bytes.Equal(s.vcur[i].ID, id) {
			return 0, nil
		}
	}
	return s.runs(), nil
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
	rs := append(append([]index.TermFieldReader(nil), s.readers...), s.vreaders...)
	if s.proof != nil {
		rs = append(rs, s.proof)
	}
	for _, r := range rs {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *substringSearcher) Weight() float64      { return 1 }
func (s *substringSearcher) SetQueryNorm(float64) {}
func (s *substringSearcher) Min() int             { return 0 }
func (s *substringSearcher) Size() int            { return 128 * (1 + len(s.readers)) }

// DocumentMatchPoolSize is one: a match is returned before the next is made.
func (s *substringSearcher) DocumentMatchPoolSize() int { return 1 }

func (s *substringSearcher) Count() uint64 {
	var n uint64 = math.MaxUint64
	for _, r := range s.readers {
		n = min(n, r.Count())
	}
	if len(s.readers) == 0 {
		return 0
	}
	return n
}
