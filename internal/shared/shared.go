// Package shared locates the project's shared sample corpus and gold labels
// (the `shared/` folder that sits beside the checkout) for tests and tools.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder: $PLANMINE_SHARED if set, else the first
// `shared` folder holding SPEC.md found beside this directory or one of its
// parents. It returns "" when there is none.
func Dir() string {
	if d := os.Getenv("PLANMINE_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(filepath.Dir(d), "shared")
		if _, err := os.Stat(filepath.Join(cand, "SPEC.md")); err == nil {
			return cand
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path joins elem onto the shared folder. In a test it skips the test when
// the folder is missing, except under CI (CI=true), where it fails it: CI
// always has the folder, so a missing one there is a broken set-up.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("shared/ folder not found beside the checkout")
		}
		tb.Skip("shared/ folder not found beside the checkout")
	}
	return filepath.Join(append([]string{d}, elem...)...)
}

// Seeds returns the sample seed files (shared/corpus/seeds/*.txt) joined in
// name order, for benchmarks that measure throughput over all of them.
func Seeds(tb testing.TB) []byte {
	tb.Helper()
	files, err := filepath.Glob(Path(tb, "corpus", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed files: %v", err)
	}
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}
