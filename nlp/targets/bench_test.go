package targets

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

// BenchmarkExtract runs the grammar over all seeds concatenated.
func BenchmarkExtract(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(shared.Path(b, "corpus", "seeds"), "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	var all []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, data...)
	}
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
