// Package local opens the embedded default corpus: SQLite store and bleve
// index in one data directory, no server needed. It is the one place that
// wires the backends together, so cmd and api share it.
package local

import (
	"context"
	"log/slog"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
)

// Open opens (creating if needed) the corpus in dir. progress, if not nil,
// receives index-rebuild progress at start-up.
func Open(ctx context.Context, dir string, logger *slog.Logger, progress func(done, total int)) (*corpus.Corpus, error) {
	return corpus.Open(ctx, dir, corpus.Options{
		OpenStore: sqlite.OpenStore,
		OpenIndex: search.OpenIndex,
		Logger:    logger,
		Progress:  progress,
	})
}
