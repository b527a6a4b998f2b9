package api

import (
	"context"
	"errors"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
)

// backend is the slice of *corpus.Corpus the handlers use; an interface so
// that handler tests could stand in a fake.
type backend interface {
	StageBatch(ctx context.Context, files []corpus.File) ([]corpus.PutResult, []error, func() error)
	// CheckSpace refuses a batch the disk has no room for (corpus.SpaceError).
	CheckSpace(files []corpus.File) error
	Get(ctx context.Context, id string) (*doc.Document, error)
	Delete(ctx context.Context, id string) error
	Search(ctx context.Context, q corpus.Query) (corpus.SearchResult, error)
	Targets(ctx context.Context, f corpus.TargetFilter) ([]corpus.TargetRow, int, error)
	List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error)
	Original(ctx context.Context, id string) (name string, data []byte, err error)
	Slogans(ctx context.Context) ([]corpus.SloganCount, error)
	DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error)
	DocumentFigures(ctx context.Context, id string) (reuse.DocStats, error)
	ReusePairs(ctx context.Context, minScore float64, limit int) ([]reuse.Pair, error)
	ReusePairPage(ctx context.Context, minScore float64, offset, limit int) ([]reuse.Pair, int, error)
	Summaries(ctx context.Context, ids []string) (map[string]corpus.DocSummary, error)
	ReuseClusters(ctx context.Context) ([][]string, error)
	Ready(ctx context.Context) error
}

// readyBackend adds the readiness probe to a corpus: the store answers a
// count and the index answers a count.
type readyBackend struct{ *corpus.Corpus }

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
