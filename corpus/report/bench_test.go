package report_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/corpus/report"
)

// BenchmarkReport builds and renders the report of 篇1 of seed 000 (two
// sources, a passage of 3,257 characters, 24 sections). The fixture's
// ingest is outside the timing; the first PDF also decompresses the font.
func BenchmarkReport(b *testing.B) {
	c := openFixture(b)
	ctx := context.Background()
	var id string
	for _, d := range allDocs(b, c) {
		if d.Part == 1 && filepath.Base(d.Source) == "000_948abd7a737fa59a.txt" {
			id = d.ID
		}
	}
	if id == "" {
		b.Fatal("seed 000 part 1 not in the fixture")
	}
	r, err := report.Build(ctx, c, id, report.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if _, err := report.Build(ctx, c, id, report.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, f := range []struct {
		name  string
		write func(io.Writer, *report.Report) error
	}{{"html", report.WriteHTML}, {"pdf", report.WritePDF}, {"xlsx", report.WriteXLSX}} {
		b.Run(f.name, func(b *testing.B) {
			var n countWriter
			for b.Loop() {
				n = 0
				if err := f.write(&n, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "bytes/op-output")
		})
	}
}

type countWriter int

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
