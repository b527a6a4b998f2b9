package corpus

import (
	"context"

	"github.com/planmine/planmine/corpus/reuse"
)

// summaryChunk bounds the ids looked up in one store query (SQLite caps
// the bound parameters of one statement).
const summaryChunk = 500

// Summaries returns the list rows of the given documents by id; ids the
// store does not hold are absent from the map.
func (c *Corpus) Summaries(ctx context.Context, ids []string) (map[string]DocSummary, error) {
	out := make(map[string]DocSummary, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), summaryChunk)
		rows, _, err := c.Store.List(ctx, ListFilter{IDs: ids[:n], Limit: n})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = r
		}
		ids = ids[n:]
	}
	return out, nil
}

// ReusePairPage returns one page of the stored pairs with score >=
// minScore, best first, and how many there are; each side carries its org
// and year. limit <= 0 returns every pair from offset on.
func (c *Corpus) ReusePairPage(ctx context.Context, minScore float64, offset, limit int) ([]reuse.Pair, int, error) {
	rows, total, err := c.Store.ReusePairPage(ctx, minScore, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]reuse.Pair, 0, len(rows))
	for _, r := range rows {
		p, _ := pairOf(r)
		out = append(out, p)
	}
	if err := c.fillTexts(ctx, out); err != nil {
		return nil, 0, err
	}
	if err := c.fillRefs(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// fillRefs sets both sides' org and year (and the source, part and title
// where a pair row could not be read) from the store.
func (c *Corpus) fillRefs(ctx context.Context, ps []reuse.Pair) error {
	return c.fillRefsOf(ctx, ps, true)
}

// fillRefsOf is fillRefs; without orgYear it only fills the source, part
// and title of sides stored as an id alone.
func (c *Corpus) fillRefsOf(ctx context.Context, ps []reuse.Pair, orgYear bool) error {
	if len(ps) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, p := range ps {
		for _, id := range []string{p.A.ID, p.B.ID} {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sums, err := c.Summaries(ctx, ids)
	if err != nil {
		return err
	}
	fill := func(r *reuse.DocRef) {
		s, ok := sums[r.ID]
		if !ok {
			return
		}
		if orgYear {
			r.Org, r.Year = s.Org, s.Year
		}
		if r.Source == "" {
			r.Source, r.Part, r.Title = s.Source, s.Part, s.Title
		}
	}
	for i := range ps {
		fill(&ps[i].A)
		fill(&ps[i].B)
	}
	return nil
}
