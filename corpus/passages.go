package corpus

import (
	"context"

	"github.com/planmine/planmine/corpus/reuse"
)

// Reuse pairs are stored as spans: a passage's text is a slice of its
// document's text (reuse.Passage: code-point spans into Text, and the
// engine cuts AText and BText exactly there), so a pair row keeps the
// spans and the corpus cuts the text again when it reads the row. Storing
// both texts (and both documents' source and title) made the pair rows
// most of a data directory: 0.1 MB a document at 1,000 documents, growing
// with the number of copies.

// storedPair is p as its row stores it: spans and figures, without the
// passage texts and with each side by id alone (the store has its source,
// part and title). Read back (pairOf), the missing fields are empty, and
// the corpus fills them (fillTexts, fillRefs).
func storedPair(p reuse.Pair) ReusePair {
	spans := func(ps []reuse.Passage) []reuse.Passage {
		if ps == nil {
			return nil
		}
		out := make([]reuse.Passage, len(ps))
		for i, x := range ps {
			out[i] = reuse.Passage{AStart: x.AStart, AEnd: x.AEnd, BStart: x.BStart, BEnd: x.BEnd, Chars: x.Chars, Kind: x.Kind}
		}
		return out
	}
	return ReusePair{A: p.A.ID, B: p.B.ID, Score: p.Score, Row: &PairRow{ACovered: p.ACovered, BCovered: p.BCovered,
		Longest: p.Longest, Passages: spans(p.Passages), Boilerplate: spans(p.Boilerplate), Template: p.Template}}
}

// pairOf is the engine pair a stored pair reads back as; ok is false for
// a pair stored without its row.
func pairOf(r ReusePair) (p reuse.Pair, ok bool) {
	p = reuse.Pair{A: reuse.DocRef{ID: r.A}, B: reuse.DocRef{ID: r.B}, Score: r.Score}
	w := r.Row
	if w == nil {
		return p, false
	}
	p.A, p.B = w.ASide, w.BSide
	p.A.ID, p.B.ID = r.A, r.B
	p.ACovered, p.BCovered, p.Longest, p.Template = w.ACovered, w.BCovered, w.Longest, w.Template
	p.Passages, p.Boilerplate = w.Passages, w.Boilerplate
	return p, true
}

// needsText reports whether a passage of a stored row lacks a text it
// has a span for. Rows written before spans-only storage carry their
// texts and are read as they are.
func needsText(x reuse.Passage) bool {
	return (x.AText == "" && x.AEnd > x.AStart) || (x.BText == "" && x.BEnd > x.BStart)
}

// fillTexts cuts the passage texts the pairs lack from their documents'
// stored texts, in place.
func (c *Corpus) fillTexts(ctx context.Context, ps []reuse.Pair) error {
	seen := map[string]bool{}
	var ids []string
	for _, p := range ps {
		for _, list := range [][]reuse.Passage{p.Passages, p.Boilerplate} {
			for _, x := range list {
				if !needsText(x) {
					continue
				}
				for _, id := range []string{p.A.ID, p.B.ID} {
					if !seen[id] {
						seen[id] = true
						ids = append(ids, id)
					}
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	texts, err := c.Store.Texts(ctx, ids)
	if err != nil {
		return err
	}
	runes := map[string][]rune{}
	cut := func(id string, start, end int) string {
		r, ok := runes[id]
		if !ok {
			r = []rune(texts[id])
			runes[id] = r
		}
		start, end = max(start, 0), min(end, len(r))
		if start >= end {
			return ""
		}
		return string(r[start:end])
	}
	for i := range ps {
		p := &ps[i]
		for _, list := range [][]reuse.Passage{p.Passages, p.Boilerplate} {
			for k := range list {
				x := &list[k]
				if x.AText == "" && x.AEnd > x.AStart {
					x.AText = cut(p.A.ID, x.AStart, x.AEnd)
				}
				if x.BText == "" && x.BEnd > x.BStart {
					x.BText = cut(p.B.ID, x.BStart, x.BEnd)
				}
			}
		}
	}
	return nil
}
