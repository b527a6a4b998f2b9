package targets

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/segment"
)

// BenchmarkExtract runs the grammar over all seeds concatenated.
func BenchmarkExtract(b *testing.B) {
	all := shared.Seeds(b)
	benchExtract(b, []string{string(all)}, doc.TypePlan)
}

// BenchmarkExtractRealPages runs the grammar over the dev pages of
// template and document sites: flattened lines of thousands of runes, the
// shape where a scan that looks back or ahead per number can go quadratic.
// The text is folded untimed, as nlp.Analyze hands it over.
func BenchmarkExtractRealPages(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "real", "dev", "*.txt"))
	if len(files) == 0 {
		b.Skip("no dev pages")
	}
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	benchExtract(b, texts, doc.TypeSummary)
}

func benchExtract(b *testing.B, texts []string, docType string) {
	if err := fold.Init(); err != nil {
		b.Fatal(err)
	}
	// Metrics are clipped at word boundaries: load the segmenter untimed.
	if _, err := segment.Default(); err != nil {
		b.Fatal(err)
	}
	folded := make([]string, len(texts))
	size := 0
	for i, t := range texts {
		folded[i] = fold.Text(t)
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for b.Loop() {
		for i, t := range texts {
			Extract(t, Options{DocType: docType, Folded: folded[i]})
		}
	}
	// On a shared machine wall time understates a core's speed; CPU time
	// of this process (GC included) is the per-core figure.
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
	}
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
