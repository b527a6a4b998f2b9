package targets

import (
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

// BenchmarkExtract runs the grammar over all seeds concatenated.
func BenchmarkExtract(b *testing.B) {
	all := shared.Seeds(b)
	text := string(all)
	if err := fold.Init(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(all)))
	b.ResetTimer()
	for b.Loop() {
		Extract(text, Options{DocType: doc.TypePlan})
	}
}
