package search

import (
	"bytes"
	"context"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// substringQuery matches documents whose single-valued bigram field holds
// terms at the given relative positions ("" = any term): a contiguous run
// of the query text. It means what bleve's phrase query means on such a
// field, but its searcher walks the postings itself: bleve's phrase searcher
// builds a map of term locations for every candidate document, which made
// it the largest cost of a search for a frequent term.
//
// Only for fields holding one value per document (text_cjk, title); the
// multi-valued filter fields keep bleve's phrase query, which also checks
// that the run lies in one array element.
type substringQuery struct {
	field string
	terms []string
	// starts[i] is the byte offset of terms[i] in the query text. A match
	// must have the same byte distances, not only the same positions: runs
	// split by punctuation get consecutive positions (发展，党员 puts 发展
	// and 党员 two positions apart, as in 发展党员), and only the bytes tell
	// the blanked bigram was really there.
	starts []int
	boost  float64
}

// Searcher implements query.Query.
func (q *substringQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping,
	_ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &substringSearcher{boost: q.boost}
	for i, t := range q.terms {
		if t == "" {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, false, false, true)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.readers = append(s.readers, tfr)
		s.offsets = append(s.offsets, uint64(i))
		s.bytes = append(s.bytes, uint64(q.starts[i]-q.starts[0]))
		s.docs = append(s.docs, &index.TermFieldDoc{})
	}
	s.cur = make([]*index.TermFieldDoc, len(s.readers))
	return s, nil
}

// substringSearcher is a conjunction of term postings with a position check.
type substringSearcher struct {
	readers []index.TermFieldReader
	offsets []uint64              // position of each reader's term in the run
	bytes   []uint64              // byte offset of each reader's term in the run
	docs    []*index.TermFieldDoc // reused per reader
	cur     []*index.TermFieldDoc // current posting per reader; nil = exhausted
	started bool
	boost   float64
	pos     [][]loc // scratch: locations per reader
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
				if err := s.step(i, append(index.IndexInternalID(nil), top...)); err != nil {
					return nil, err
				}
				aligned = false
				break
			}
		}
		if !aligned {
			continue
		}
		if n := s.runs(); n > 0 {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = append(dm.IndexInternalID[:0], s.cur[0].ID...)
			dm.Score = s.boost * (1 + math.Log(float64(n)))
			return dm, nil
		}
		if err := s.step(0, nil); err != nil {
			return nil, err
		}
	}
}

// runs counts the places where every term sits at its position relative to
// the one before, and across a blank also at its byte offset.
func (s *substringSearcher) runs() int {
	if cap(s.pos) < len(s.cur) {
		s.pos = make([][]loc, len(s.cur))
	}
	s.pos = s.pos[:len(s.cur)]
	for i, d := range s.cur {
		p := s.pos[i][:0]
		for _, v := range d.Vectors {
			p = append(p, loc{v.Pos, v.Start})
		}
		sort.Slice(p, func(a, b int) bool { return p[a].pos < p[b].pos })
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
	for _, r := range s.readers {
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
