package eval

import (
	"context"

	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

// Production is the pipeline planmine ships: ingest and analyse each file,
// and compare its documents with the reuse index. `planmine eval` and the
// acceptance tests both measure this one.
func Production() Pipeline {
	return Pipeline{
		Analyze: func(ctx context.Context, path string) ([]doc.Document, error) {
			return nlp.AnalyzeFile(ctx, path, ingest.Options{})
		},
		Reuse: func(docs []doc.Document) ([][2]string, [][]string) {
			ps := make([]*doc.Document, len(docs))
			for i := range docs {
				ps[i] = &docs[i]
			}
			rep := reuse.Analyze(ps, reuse.Options{})
			var pairs [][2]string
			for _, p := range rep.Pairs {
				if len(p.Passages) > 0 {
					pairs = append(pairs, [2]string{p.A.ID, p.B.ID})
				}
			}
			return pairs, rep.Clusters
		},
	}
}
