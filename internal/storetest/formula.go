package storetest

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/internal/csvcell"
)

// formulaLine is the first line of the first file FormulaFiles writes.
const formulaLine = `=HYPERLINK("https://example.com","点此")2026年党建工作计划`

// FormulaTitle is the title planmine reads from formulaLine (the cleaner
// drops the web address): still what a spreadsheet would run as a
// formula if an export put it in a cell as is.
const FormulaTitle = `=HYPERLINK("","点此")2026年党建工作计划`

// formulaShared is a passage both files hold, so that they form a reuse
// pair and the pairs export carries their titles.
const formulaShared = "坚持把党的政治建设摆在首位，严格落实“三会一课”、组织生活会、民主评议党员等制度，" +
	"推动党建工作与医疗业务深度融合，以高质量党建引领医院高质量发展，" +
	"切实把党建优势转化为推动医院改革发展的强大动力，不断增强患者的获得感和满意度。\n"

// FormulaFiles writes two plans as TXT files into dir and returns their
// paths. Read through ingest and analysis, their title (=HYPERLINK…,
// @青松县…), organisation (@青松县人民医院党委), a metric (+sum) and a
// clause (-5次…) start with = + - @, as a hostile or careless submission
// can; they share a passage, so they are a reuse pair.
func FormulaFiles(t testing.TB, dir string) []string {
	t.Helper()
	files := map[string]string{
		"formula-a.txt": formulaLine + "\n一、主要任务\n（一）-5次以上的+SUM(A1)党课。全年开展主题党日活动不少于12次。\n" +
			formulaShared + "二、工作要求\n各支部发展党员不少于2名。\n@青松县人民医院党委\n2026年1月5日\n",
		"formula-b.txt": "@青松县人民医院党委2026年党建工作计划\n一、主要任务\n全年开展主题党日活动不少于10次。\n" +
			formulaShared + "二、工作要求\n每季度至少开展党课1次。\n",
	}
	var paths []string
	for _, name := range []string{"formula-a.txt", "formula-b.txt"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// FormulaCells are cells the exports of FormulaFiles' documents must hold,
// escaped: the titles, the organisation, a metric and a clause.
var FormulaCells = []string{"'" + FormulaTitle, "'@青松县人民医院党委2026年党建工作计划", "'@青松县人民医院党委", "'+sum", "'-5次以上的+SUM"}

// CheckCSV fails the test unless body (UTF-8 CSV, BOM allowed) parses,
// no cell would run as a formula in a spreadsheet (each is as
// csvcell.Escape leaves it) and each of want is a cell.
func CheckCSV(t testing.TB, what string, body []byte, want ...string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		for _, c := range r {
			seen[c] = true
			if csvcell.Escape(c) != c {
				t.Errorf("%s: cell %q would run as a formula", what, c)
			}
		}
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("%s: no cell %q", what, w)
		}
	}
}

// CheckXLSX fails the test unless the workbook in body has, on sheet, a
// cell holding text as a string, and no formula on that sheet at all.
func CheckXLSX(t testing.TB, what string, body []byte, sheet, text string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	found := 0
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if fm, err := f.GetCellFormula(sheet, cell); err != nil || fm != "" {
				t.Errorf("%s: %s!%s has formula %q (%v)", what, sheet, cell, fm, err)
			}
			if v != text {
				continue
			}
			found++
			typ, err := f.GetCellType(sheet, cell)
			if err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
				t.Errorf("%s: %s!%s holding %q has type %v (%v), want a string", what, sheet, cell, text, typ, err)
			}
		}
	}
	if found == 0 {
		t.Errorf("%s: no cell %q on %s", what, text, sheet)
	}
	// Nothing in the sheet's XML is a formula element, whatever the reader
	// above makes of it.
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(x, []byte("<f>")) || bytes.Contains(x, []byte("<f ")) {
			t.Errorf("%s: %s holds a formula element", what, zf.Name)
		}
	}
}
