// Package export writes the targets tracker as CSV, XLSX or JSON.
package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
)

// Column is one exported column: a bilingual header and how to render a row.
type Column struct {
	Header string
	Width  float64 // XLSX column width in characters
	Value  func(r corpus.TargetRow) string
}

// Columns is the export layout, in order. Headers are Chinese with the
// English name after a slash so that both Excel users and scripts can read them.
var Columns = []Column{
	{"文档/document", 36, func(r corpus.TargetRow) string { return orDash(r.Title, r.Source) }},
	{"机构/org", 24, func(r corpus.TargetRow) string { return deref(r.Org) }},
	{"年份/year", 8, func(r corpus.TargetRow) string {
		if r.Year == nil {
			return ""
		}
		return strconv.Itoa(*r.Year)
	}},
	{"章节/section", 30, func(r corpus.TargetRow) string { return strings.Join(r.Section, " > ") }},
	{"原文/clause", 50, func(r corpus.TargetRow) string { return r.Text }},
	{"指标/metric", 20, func(r corpus.TargetRow) string { return r.Metric }},
	{"比较/cmp", 7, func(r corpus.TargetRow) string { return r.Cmp }},
	{"数值/value", 10, func(r corpus.TargetRow) string { return num(r.Value) }},
	{"上限/value_max", 10, func(r corpus.TargetRow) string {
		if r.ValueMax == nil {
			return ""
		}
		return num(*r.ValueMax)
	}},
	{"单位/unit", 8, func(r corpus.TargetRow) string { return r.Unit }},
	{"周期/period", 10, func(r corpus.TargetRow) string { return deref(r.Period) }},
	{"期限/deadline", 14, func(r corpus.TargetRow) string { return deref(r.Deadline) }},
	{"类型/kind", 9, func(r corpus.TargetRow) string { return r.Kind }},
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func orDash(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// bom makes Excel read the CSV as UTF-8 instead of the system code page.
const bom = "\ufeff"

// CSV writes rows as UTF-8 CSV with a BOM and the bilingual header.
func CSV(w io.Writer, rows []corpus.TargetRow) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(Columns))
	for i, c := range Columns {
		rec[i] = c.Header
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range rows {
		for i, c := range Columns {
			rec[i] = c.Value(r)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SheetName is the XLSX sheet holding the targets.
const SheetName = "指标 targets"

// XLSX writes rows as an Excel workbook: one row per target, a bold frozen
// header, set column widths, numbers stored as numbers.
func XLSX(w io.Writer, rows []corpus.TargetRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	numeric := map[string]bool{"年份/year": true, "数值/value": true, "上限/value_max": true}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return err
	}
	// Streaming keeps memory flat for large exports; widths and panes must
	// be set before the first row.
	hdr := make([]interface{}, len(Columns))
	for i, c := range Columns {
		hdr[i] = excelize.Cell{Value: c.Header, StyleID: bold}
	}
	for i, c := range Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	for n, r := range rows {
		vals := make([]interface{}, len(Columns))
		for i, c := range Columns {
			s := c.Value(r)
			if numeric[c.Header] && s != "" {
				if v, err := strconv.ParseFloat(s, 64); err == nil {
					vals[i] = v
					continue
				}
			}
			vals[i] = s
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("写出 XLSX 失败 (write xlsx): %w", err)
	}
	return nil
}

// JSON writes {"total": n, "targets": [...]} (SPEC §5 GET /targets?format=json).
// total is the number matching the filter, which may exceed len(rows) when paged.
func JSON(w io.Writer, total int, rows []corpus.TargetRow) error {
	if rows == nil {
		rows = []corpus.TargetRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Total   int                `json:"total"`
		Targets []corpus.TargetRow `json:"targets"`
	}{total, rows})
}
