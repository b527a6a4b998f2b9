package api

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"sync"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
)

// backend is the slice of *corpus.Corpus the handlers use. It is an
// interface so the temporary adapter below can stand in for the methods
// the corpus package is still gaining.
type backend interface {
	Add(ctx context.Context, name string, original []byte, docs []doc.Document) (corpus.PutResult, error)
	Get(ctx context.Context, id string) (*doc.Document, error)
	Delete(ctx context.Context, id string) error
	Search(ctx context.Context, q corpus.Query) (corpus.SearchResult, error)
	Targets(ctx context.Context, f corpus.TargetFilter) ([]corpus.TargetRow, int, error)
	List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error)
	Original(ctx context.Context, id string) (name string, data []byte, err error)
	Slogans(ctx context.Context) ([]corpus.SloganCount, error)
	DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error)
	ReusePairs(ctx context.Context, minScore float64, limit int) ([]reuse.Pair, error)
	ReuseClusters(ctx context.Context) ([][]string, error)
	Ready(ctx context.Context) error
}

// ---- TEMPORARY ADAPTER ----------------------------------------------------
// corpusAdapter supplies the Corpus methods that are due in
// corpus/reusing.go (List, Original, Slogans, DocumentReuse, ReusePairs,
// ReuseClusters, and reuse updates on Add) from the Store and an in-memory
// reuse index. Delete it, and use *corpus.Corpus as the backend, once
// those methods land.
type corpusAdapter struct {
	*corpus.Corpus
	mu   sync.Mutex
	once sync.Once
	ix   *reuse.Index
}

func (a *corpusAdapter) index(ctx context.Context) *reuse.Index {
	a.once.Do(func() {
		a.ix = reuse.New(reuse.Options{})
		_ = a.Store.All(context.WithoutCancel(ctx), func(d doc.Document) error { a.ix.Add(&d); return nil })
	})
	return a.ix
}

func (a *corpusAdapter) Add(ctx context.Context, name string, original []byte, docs []doc.Document) (corpus.PutResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ix := a.index(ctx)
	res, err := a.Corpus.Add(ctx, name, original, docs)
	if err != nil || res.Duplicate {
		return res, err
	}
	for i := range docs {
		d := docs[i]
		ix.Add(&d)
	}
	// The new documents get their pairs; each peer gets the reversed pair
	// merged into what it had, rather than a full recomputation.
	for i := range docs {
		ps := ix.Sources(docs[i].ID)
		if err := a.storeReuse(ctx, docs[i].ID, ps, true); err != nil {
			return res, err
		}
		for _, p := range ps {
			if p.Template {
				continue
			}
			peer := p.B.ID
			old, err := a.DocumentReuse(ctx, peer)
			if err != nil {
				continue
			}
			merged := []reuse.Pair{flip(p)}
			for _, q := range old {
				if q.B.ID != docs[i].ID {
					merged = append(merged, q)
				}
			}
			sort.SliceStable(merged, func(i, j int) bool { return merged[i].Score > merged[j].Score })
			if err := a.storeReuse(ctx, peer, merged, false); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// storeReuse records a document's pairs, its score (best pair) and the
// corpus-wide pair rows. Peers are updated in the store only: re-indexing
// every peer on every upload costs a bleve batch each, and only the
// search filter reuse:>=x reads the indexed score.
func (a *corpusAdapter) storeReuse(ctx context.Context, id string, ps []reuse.Pair, reindex bool) error {
	score := 0.0
	var rows []corpus.ReusePair
	for _, p := range ps {
		if p.Template {
			continue
		}
		score = max(score, p.Score)
		js, _ := json.Marshal(p)
		rows = append(rows, corpus.ReusePair{A: p.A.ID, B: p.B.ID, Score: p.Score, Passages: js})
	}
	js, _ := json.Marshal(ps)
	set := a.Store.SetReuse
	if reindex {
		set = a.SetReuse
	}
	if err := set(ctx, id, score, js); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	return a.Store.PutReusePairs(ctx, rows)
}

// flip returns the pair seen from side B.
func flip(p reuse.Pair) reuse.Pair {
	sw := func(ps []reuse.Passage) []reuse.Passage {
		out := make([]reuse.Passage, len(ps))
		for i, x := range ps {
			out[i] = reuse.Passage{AStart: x.BStart, AEnd: x.BEnd, BStart: x.AStart, BEnd: x.AEnd,
				AText: x.BText, BText: x.AText, Chars: x.Chars, Kind: x.Kind}
		}
		return out
	}
	return reuse.Pair{A: p.B, B: p.A, Score: p.Score, ACovered: p.BCovered, BCovered: p.ACovered,
		Longest: p.Longest, Passages: sw(p.Passages), Boilerplate: sw(p.Boilerplate), Template: p.Template}
}

func (a *corpusAdapter) Delete(ctx context.Context, id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.index(ctx).Remove(id)
	return a.Corpus.Delete(ctx, id)
}

func (a *corpusAdapter) List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error) {
	return a.Store.List(ctx, f)
}

func (a *corpusAdapter) Original(ctx context.Context, id string) (string, []byte, error) {
	return a.Store.Original(ctx, id)
}

func (a *corpusAdapter) Slogans(ctx context.Context) ([]corpus.SloganCount, error) {
	return a.Store.Slogans(ctx)
}

func (a *corpusAdapter) DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error) {
	if _, err := a.Store.Get(ctx, id); err != nil {
		return nil, err
	}
	_, js, err := a.Store.Reuse(ctx, id)
	if err != nil || len(js) == 0 {
		return []reuse.Pair{}, err
	}
	var ps []reuse.Pair
	if err := json.Unmarshal(js, &ps); err != nil {
		return nil, err
	}
	return ps, nil
}

func (a *corpusAdapter) ReusePairs(ctx context.Context, minScore float64, limit int) ([]reuse.Pair, error) {
	rows, err := a.Store.ReusePairs(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []reuse.Pair{}
	seen := map[[2]string]bool{}
	for _, r := range rows {
		key := [2]string{min(r.A, r.B), max(r.A, r.B)}
		if r.Score < minScore || seen[key] {
			continue
		}
		seen[key] = true
		var p reuse.Pair
		if json.Unmarshal(r.Passages, &p) != nil {
			p = reuse.Pair{A: reuse.DocRef{ID: r.A}, B: reuse.DocRef{ID: r.B}, Score: r.Score}
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (a *corpusAdapter) ReuseClusters(ctx context.Context) ([][]string, error) {
	ps, err := a.ReusePairs(ctx, 0.5, 0)
	if err != nil {
		return nil, err
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	for _, p := range ps {
		parent[find(p.A.ID)] = find(p.B.ID)
	}
	groups := map[string][]string{}
	for x := range parent {
		groups[find(x)] = append(groups[find(x)], x)
	}
	out := [][]string{}
	for _, g := range groups {
		if len(g) > 1 {
			sort.Strings(g)
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out, nil
}

// ---- END TEMPORARY ADAPTER ------------------------------------------------

// readyBackend adds the readiness probe to a corpus: the store answers a
// count and the index answers a count.
type readyBackend struct{ *corpusAdapter }

func (r readyBackend) Ready(ctx context.Context) error {
	if r.Corpus == nil || r.Store == nil || r.Index == nil {
		return errors.New("语料库未打开 (corpus not open)")
	}
	if _, err := r.Store.Count(ctx); err != nil {
		return err
	}
	_, err := r.Index.Count()
	return err
}
