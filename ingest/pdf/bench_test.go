package pdf

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

// BenchmarkExtract reports, per producer, MB/s of PDF (the standard
// figure, from SetBytes) and text-MB/s of extracted UTF-8 text.
// Compare with pdftotext: go run ./ingest/pdf/internal/pdfcompare FILE…
func BenchmarkExtract(b *testing.B) {
	dir := shared.Path(b, "corpus")
	files := map[string]string{
		"libreoffice":       filepath.Join(dir, "formats", "000_libreoffice.pdf"),
		"chromium_type3":    filepath.Join(dir, "formats", "000_chromium_type3.pdf"),
		"chromium_truetype": filepath.Join(dir, "formats", "004_chromium_truetype.pdf"),
		"wps":               filepath.Join(dir, "external", "gwr_beijing2024_wps.pdf"),
	}
	for name, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var text int
			for b.Loop() {
				ps, err := Extract(context.Background(), data)
				if err != nil {
					b.Fatal(err)
				}
				text = 0
				for _, p := range ps {
					text += len(p.Text)
				}
			}
			b.ReportMetric(float64(text)*float64(b.N)/1e6/b.Elapsed().Seconds(), "text-MB/s")
		})
	}
}
