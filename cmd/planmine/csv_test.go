package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/corpus/export"
	"github.com/planmine/planmine/corpus/report"
	"github.com/planmine/planmine/internal/storetest"
)

// TestExportsNeutraliseFormulas: documents whose title, organisation,
// metric and clause start with = + - @ are ingested as a user would; the
// CSV that planmine targets and planmine pairs write holds them escaped
// (a spreadsheet reads them as text), and their XLSX holds them as string
// cells with no formula anywhere.
func TestExportsNeutraliseFormulas(t *testing.T) {
	data := t.TempDir()
	paths := storetest.FormulaFiles(t, t.TempDir())
	if _, stderr, code := runCLI(t, append([]string{"ingest", "--data", data}, paths...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	out := t.TempDir()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, args := range [][]string{
		{"targets", "--data", data, "--format", "csv", "--output", filepath.Join(out, "t.csv")},
		{"targets", "--data", data, "--format", "xlsx", "--output", filepath.Join(out, "t.xlsx")},
		{"pairs", "--data", data, "--format", "csv", "--output", filepath.Join(out, "p.csv")},
		{"pairs", "--data", data, "--format", "xlsx", "--output", filepath.Join(out, "p.xlsx")},
	} {
		if _, stderr, code := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	storetest.CheckCSV(t, "targets csv", read("t.csv"), storetest.FormulaCells...)
	storetest.CheckCSV(t, "pairs csv", read("p.csv"), storetest.FormulaCells[:2]...)
	storetest.CheckXLSX(t, "targets xlsx", read("t.xlsx"), export.SheetName, storetest.FormulaTitle)
	storetest.CheckXLSX(t, "pairs xlsx", read("p.xlsx"), report.SheetPairs, storetest.FormulaTitle)
}
