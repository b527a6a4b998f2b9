package api

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/corpus/export"
	"github.com/planmine/planmine/corpus/report"
	"github.com/planmine/planmine/internal/storetest"
)

// TestExportsNeutraliseFormulas: documents uploaded with a title,
// organisation, metric and clause starting with = + - @ come back escaped
// in GET /targets?format=csv and /reuse/pairs?format=csv, and as string
// cells without formulas in their XLSX.
func TestExportsNeutraliseFormulas(t *testing.T) {
	e := newEnv(t, nil)
	var files []file
	for _, p := range storetest.FormulaFiles(t, t.TempDir()) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{filepath.Base(p), b})
	}
	e.uploadResults(http.StatusCreated, files...)
	get := func(path string) []byte {
		st, b := e.get(path)
		if st != http.StatusOK {
			t.Fatalf("%s: %d %s", path, st, abbrev(b))
		}
		return b
	}
	storetest.CheckCSV(t, "targets csv", get("/api/v1/targets?format=csv"), storetest.FormulaCells...)
	storetest.CheckCSV(t, "pairs csv", get("/api/v1/reuse/pairs?format=csv"), storetest.FormulaCells[:2]...)
	storetest.CheckXLSX(t, "targets xlsx", get("/api/v1/targets?format=xlsx"), export.SheetName, storetest.FormulaTitle)
	storetest.CheckXLSX(t, "pairs xlsx", get("/api/v1/reuse/pairs?format=xlsx"), report.SheetPairs, storetest.FormulaTitle)
}
