package segment_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/segment"
)

func seedBytes(b *testing.B) [][]byte {
	files, _ := filepath.Glob(filepath.Join(shared.Path(b, "corpus", "seeds"), "*.txt"))
	var out [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// BenchmarkSegment cuts the shared seeds with the compiled segmenter.
func BenchmarkSegment(b *testing.B) {
	texts := seedBytes(b)
	s, err := segment.Default()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			s.Segment(t)
		}
	}
}

// BenchmarkSegmentGse cuts the same text with gse loaded the old way.
func BenchmarkSegmentGse(b *testing.B) {
	texts := seedBytes(b)
	g, err := gsedictReference()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			g.Segment(t)
		}
	}
}
