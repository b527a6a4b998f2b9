package targets

import (
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/segment"
)

// BenchmarkExtract runs the grammar over all seeds concatenated.
func BenchmarkExtract(b *testing.B) {
	all := shared.Seeds(b)
	text := string(all)
	if err := fold.Init(); err != nil {
		b.Fatal(err)
	}
	// Metrics are clipped at word boundaries: load the segmenter untimed.
	if _, err := segment.Default(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(all)))
	b.ResetTimer()
	for b.Loop() {
		Extract(text, Options{DocType: doc.TypePlan})
	}
}
