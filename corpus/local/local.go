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

// Options are the corpus options of the embedded backends. progress, if
// not nil, receives index repair and rebuild progress in corpus.Open.
func Options(logger *slog.Logger, progress func(done, total int)) corpus.Options {
	return corpus.Options{
		OpenStore: sqlite.OpenStore,
		OpenIndex: search.OpenIndex,
		Logger:    logger,
		Progress:  progress,
	}
}

// Open opens (creating if needed) the corpus in dir. progress, if not nil,
// receives index-rebuild progress at start-up.
func Open(ctx context.Context, dir string, logger *slog.Logger, progress func(done, total int)) (*corpus.Corpus, error) {
	return corpus.Open(ctx, dir, Options(logger, progress))
}

// OpenStore opens (creating if needed) the store of the corpus in dir
// only: store reads work at once, and (*corpus.Corpus).OpenIndex opens the
// search index when searches or writes are wanted.
func OpenStore(ctx context.Context, dir string, logger *slog.Logger) (*corpus.Corpus, error) {
	return corpus.OpenStore(ctx, dir, Options(logger, nil))
}
