package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

func TestSeedFor(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "002_abc.txt"), []byte("\xef\xbb\xbf党建工作计划"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pdf, want string
	}{
		{"/x/002_libreoffice.pdf", "党建工作计划"}, // BOM dropped
		{"/x/002_chromium_type3.pdf", "党建工作计划"},
		{"/x/003_libreoffice.pdf", ""},
		{"/x/gwr_beijing2024_wps.pdf", ""},
		{"/x/noseed.pdf", ""},
	}
	for _, tc := range tests {
		if got := seedFor(tc.pdf, dir); got != tc.want {
			t.Errorf("seedFor(%q) = %q, want %q", tc.pdf, got, tc.want)
		}
	}
}

// TestBenchRealPDF runs one comparison on a real Chromium PDF of a seed:
// both tools must recover the seed's Han text, and agree with each other.
func TestBenchRealPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	path := shared.Path(t, "corpus", "formats", "002_chromium_truetype.pdf")
	seeds := shared.Path(t, "corpus", "seeds")
	r := bench(path, seeds, 1)
	if r.Err != "" {
		t.Fatalf("bench: %s", r.Err)
	}
	if r.Pages < 1 || r.OwnHan < 1000 || r.PopHan < 1000 {
		t.Errorf("bench = %+v, want pages and over 1,000 Han characters from each tool", r)
	}
	if r.Agree < 0.99 || r.OwnSeed < 0.99 || r.PopSeed < 0.99 {
		t.Errorf("agreement %.3f, seed recall planmine %.3f pdftotext %.3f; want ≥ 0.99", r.Agree, r.OwnSeed, r.PopSeed)
	}
}
