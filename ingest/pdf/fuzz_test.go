package pdf

import (
	"context"
	"errors"
	"testing"

	"github.com/planmine/planmine/ingest/readerr"
)

// FuzzExtract feeds mutated PDFs to Extract: it must never panic, and any
// error must wrap a reader sentinel. The pdftotext fallback is disabled
// so that the fuzzer exercises this package, not process spawning.
func FuzzExtract(f *testing.F) {
	b := newBuilder()
	f.Add(b.build(b.cjkLine(72, 700, 12, "加强党的建设"), "BT /F1 12 Tf 72 600 Td [(A) -300 (B)] TJ ET"))
	b2 := newBuilder()
	b2.forms = []string{b2.cjkLine(0, 0, 12, "表单")}
	f.Add(b2.build("q 1 0 0 1 72 700 cm /Fm0 Do Q"))
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := extract(context.Background(), data, false)
		if err != nil {
			if !errors.Is(err, readerr.ErrCorrupt) && !errors.Is(err, readerr.ErrNoText) && !errors.Is(err, readerr.ErrTooLarge) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		for _, p := range ps {
			if p.Text == "" || p.Page < 1 {
				t.Fatalf("bad paragraph %+v", p)
			}
		}
	})
}
