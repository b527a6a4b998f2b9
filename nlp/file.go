package nlp

import (
	"context"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
)

// AnalyzeFile reads one file (all its parts) and analyses every document.
func AnalyzeFile(ctx context.Context, path string, opt ingest.Options) ([]doc.Document, error) {
	docs, err := ingest.ReadFile(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	for i := range docs {
		if err := Analyze(ctx, &docs[i]); err != nil {
			return nil, err
		}
	}
	return docs, nil
}
