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

// rowPair is a pair as its row stores it: reuse.Pair's JSON without the
// passage texts and with each side by id alone (the store has its source,
// part and title). Read back into a reuse.Pair, the missing fields are
// empty, and the corpus fills them (fillTexts, fillRefs).
type rowPair struct {
	A           rowRef       `json:"a"`
	B           rowRef       `json:"b"`
	Score       float64      `json:"score"`
	ACovered    float64      `json:"a_covered"`
	BCovered    float64      `json:"b_covered"`
	Longest     int          `json:"longest"`
	Passages    []rowPassage `json:"passages"`
	Boilerplate []rowPassage `json:"boilerplate,omitempty"`
	Template    bool         `json:"template,omitempty"`
}

type rowRef struct {
	ID string `json:"id"`
}

type rowPassage struct {
	AStart int    `json:"a_start"`
	AEnd   int    `json:"a_end"`
	BStart int    `json:"b_start"`
	BEnd   int    `json:"b_end"`
	Chars  int    `json:"chars"`
	Kind   string `json:"kind,omitempty"`
}

// storedPair is p as its row stores it.
func storedPair(p reuse.Pair) rowPair {
	spans := func(ps []reuse.Passage) []rowPassage {
		if ps == nil {
			return nil
		}
		out := make([]rowPassage, len(ps))
		for i, x := range ps {
			out[i] = rowPassage{AStart: x.AStart, AEnd: x.AEnd, BStart: x.BStart, BEnd: x.BEnd, Chars: x.Chars, Kind: x.Kind}
		}
		return out
	}
	return rowPair{A: rowRef{p.A.ID}, B: rowRef{p.B.ID}, Score: p.Score, ACovered: p.ACovered, BCovered: p.BCovered,
		Longest: p.Longest, Passages: spans(p.Passages), Boilerplate: spans(p.Boilerplate), Template: p.Template}
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
