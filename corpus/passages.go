package corpus

import (
	"context"

	"github.com/planmine/planmine/corpus/reuse"
)

// Reuse pairs are stored as spans: a passage's text is a slice of its
// document's text (reuse.Passage: code-point spans into Text, and the
// engine cuts AText and BText exactly there), so a pair row keeps the
// spans and the corpus cuts the text again when it reads the row. Storing
// both texts made the pair rows most of a data directory (0.1 MB a
// document at 1,000 documents, growing with the number of copies).

// withoutTexts returns p with the texts of its passages dropped, for
// storing; the slices are copied, p is not changed.
func withoutTexts(p reuse.Pair) reuse.Pair {
	strip := func(ps []reuse.Passage) []reuse.Passage {
		if ps == nil {
			return nil
		}
		out := make([]reuse.Passage, len(ps))
		for i, x := range ps {
			x.AText, x.BText = "", ""
			out[i] = x
		}
		return out
	}
	p.Passages, p.Boilerplate = strip(p.Passages), strip(p.Boilerplate)
	return p
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
