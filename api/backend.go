package api

import (
	"context"
	"encoding/json"
	"errors"
	"sort"

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
// ReuseClusters) from the Store directly. Delete it, and use *corpus.Corpus
// as the backend, once those methods land.
type corpusAdapter struct{ *corpus.Corpus }

func (a corpusAdapter) List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error) {
	return a.Store.List(ctx, f)
}

func (a corpusAdapter) Original(ctx context.Context, id string) (string, []byte, error) {
	return a.Store.Original(ctx, id)
}

func (a corpusAdapter) Slogans(ctx context.Context) ([]corpus.SloganCount, error) {
	return a.Store.Slogans(ctx)
}

func (a corpusAdapter) DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error) {
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

func (a corpusAdapter) ReusePairs(ctx context.Context, minScore float64, limit int) ([]reuse.Pair, error) {
	rows, err := a.Store.ReusePairs(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []reuse.Pair{}
	for _, r := range rows {
		if r.Score < minScore {
			continue
		}
		p := reuse.Pair{A: reuse.DocRef{ID: r.A}, B: reuse.DocRef{ID: r.B}, Score: r.Score}
		if len(r.Passages) > 0 {
			_ = json.Unmarshal(r.Passages, &p.Passages)
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (a corpusAdapter) ReuseClusters(ctx context.Context) ([][]string, error) {
	return [][]string{}, nil
}

// ---- END TEMPORARY ADAPTER ------------------------------------------------

// readyBackend adds the readiness probe to a corpus: the store answers a
// count and the index answers a count.
type readyBackend struct{ corpusAdapter }

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
