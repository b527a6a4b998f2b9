// Package export writes the targets tracker as CSV, XLSX, JSON or a text
// table for the terminal.
package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/internal/csvcell"
)

// Column is one exported column: a bilingual header and how to render a row.
type Column struct {
	Header string
	Width  float64 // XLSX column width in characters
	Value  func(r corpus.TargetRow) string
	// Numeric columns are stored as numbers in XLSX.
	Numeric bool
}

// Columns is the export layout, in order. Headers are Chinese with the
// English name after a slash so that both Excel users and scripts can read
// them. Kinds, comparators, document types and statuses are in words
// (计划/完成, 不少于/约…), figures as readers write them (目标/target:
// 不少于4.4万亿元); 数值/value keeps the raw number for sorting and sums.
// The follow-up columns are empty on achieved rows.
var Columns = []Column{
	{Header: "文档/document", Width: 36, Value: func(r corpus.TargetRow) string { return orDash(r.Title, r.Source) }},
	{Header: "来源文件/source file", Width: 30, Value: func(r corpus.TargetRow) string { return tracker.SourceFile(r.Source, r.Part) }},
	{Header: "机构/org", Width: 24, Value: func(r corpus.TargetRow) string { return deref(r.Org) }},
	{Header: "年份/year", Width: 8, Numeric: true, Value: func(r corpus.TargetRow) string { return intStr(r.Year) }},
	{Header: "文种/doc type", Width: 9, Value: func(r corpus.TargetRow) string { return tracker.TypeLabel(r.DocType) }},
	{Header: "章节/section", Width: 30, Value: func(r corpus.TargetRow) string { return strings.Join(r.Section, " > ") }},
	{Header: "原文/clause", Width: 50, Value: func(r corpus.TargetRow) string { return r.Text }},
	{Header: "指标/metric", Width: 20, Value: func(r corpus.TargetRow) string { return r.Metric }},
	{Header: "类型/kind", Width: 8, Value: func(r corpus.TargetRow) string { return tracker.KindLabel(r.Kind) }},
	{Header: "比较/cmp", Width: 8, Value: func(r corpus.TargetRow) string { return tracker.CmpLabel(r.Cmp) }},
	{Header: "目标/target", Width: 16, Value: func(r corpus.TargetRow) string { return tracker.Display(r.Target) }},
	{Header: "数值/value", Width: 12, Numeric: true, Value: func(r corpus.TargetRow) string { return num(r.Value) }},
	{Header: "上限/value_max", Width: 12, Numeric: true, Value: func(r corpus.TargetRow) string { return numPtr(r.ValueMax) }},
	{Header: "单位/unit", Width: 8, Value: func(r corpus.TargetRow) string { return r.Unit }},
	{Header: "周期/period", Width: 10, Value: func(r corpus.TargetRow) string { return deref(r.Period) }},
	{Header: "期限/deadline", Width: 14, Value: func(r corpus.TargetRow) string { return deref(r.Deadline) }},
	{Header: "完成情况/status", Width: 10, Value: func(r corpus.TargetRow) string {
		if r.Followup == nil {
			return ""
		}
		return tracker.StatusLabel(r.Followup.Status)
	}},
	{Header: "完成值/achieved", Width: 14, Value: achieved(func(a *corpus.TargetRow) string { return tracker.Display(a.Target) })},
	{Header: "完成值数值/achieved value", Width: 12, Numeric: true, Value: achieved(func(a *corpus.TargetRow) string { return num(a.Value) })},
	{Header: "完成值单位/achieved unit", Width: 8, Value: achieved(func(a *corpus.TargetRow) string { return a.Unit })},
	{Header: "完成值原文/achieved clause", Width: 40, Value: achieved(func(a *corpus.TargetRow) string { return a.Text })},
	{Header: "完成值来源/achieved source", Width: 30, Value: achieved(func(a *corpus.TargetRow) string { return tracker.SourceFile(a.Source, a.Part) })},
	{Header: "完成值文档ID/achieved doc id", Width: 20, Value: achieved(func(a *corpus.TargetRow) string { return a.DocID })},
	{Header: "去年目标/last year's target", Width: 16, Value: func(r corpus.TargetRow) string {
		if r.Followup == nil || r.Followup.LastPlan == nil {
			return ""
		}
		return tracker.Display(r.Followup.LastPlan.Target)
	}},
	{Header: "去年完成/last year's achieved", Width: 16, Value: func(r corpus.TargetRow) string {
		if r.Followup == nil || r.Followup.LastAchieved == nil {
			return ""
		}
		return tracker.Display(r.Followup.LastAchieved.Target)
	}},
	{Header: "说明/note", Width: 40, Value: func(r corpus.TargetRow) string {
		if r.Followup == nil {
			return ""
		}
		return r.Followup.Note
	}},
}

// achieved renders a field of the achieved row a plan links to ("" when none).
func achieved(f func(a *corpus.TargetRow) string) func(r corpus.TargetRow) string {
	return func(r corpus.TargetRow) string {
		if r.Followup == nil || r.Followup.Achieved == nil {
			return ""
		}
		return f(r.Followup.Achieved)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func intStr(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func orDash(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func numPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}

// bom makes Excel read the CSV as UTF-8 instead of the system code page.
const bom = "\ufeff"

// CSV writes rows as UTF-8 CSV with a BOM and the bilingual header. Cells
// that a spreadsheet would run as a formula (a title starting with =) are
// escaped by csvcell.
func CSV(w io.Writer, rows []corpus.TargetRow) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csvcell.NewWriter(w)
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
	return cw.Flush()
}

// SheetName is the XLSX sheet holding the targets.
const SheetName = "指标 targets"

// XLSX writes rows as an Excel workbook: one row per target, a bold
// frozen header with autofilter buttons, set column widths, numbers stored
// as numbers and shown without exponents (208,300,000,000, not 2.083E+11).
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
	// Built-in format 3 is #,##0; fractions get a custom one, since
	// Excel's General shows 12 digits or more with an exponent.
	whole, err := f.NewStyle(&excelize.Style{NumFmt: 3})
	if err != nil {
		return err
	}
	fracFmt := "#,##0.0#########"
	frac, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fracFmt})
	if err != nil {
		return err
	}
	// The stream writer takes the sheet's autofilter as it is when the
	// writer is made (set after Flush, it would be lost).
	last, _ := excelize.CoordinatesToCellName(len(Columns), max(len(rows)+1, 2))
	if err := f.AutoFilter(SheetName, "A1:"+last, nil); err != nil {
		return fmt.Errorf("设置筛选失败 (set autofilter): %w", err)
	}
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
			if c.Numeric && s != "" {
				if v, err := strconv.ParseFloat(s, 64); err == nil {
					style := frac
					if v == math.Trunc(v) {
						style = whole
					}
					if c.Header == "年份/year" {
						style = 0 // 2,025 is not a year
					}
					vals[i] = excelize.Cell{Value: v, StyleID: style}
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

// tableColumn is one column of the terminal table: a header and a cell,
// cut to max display columns.
type tableColumn struct {
	header string
	max    int
	value  func(r corpus.TargetRow) string
	tail   bool // cut from the front: a file name's end and part say most
}

// tableColumns are what a reviewer reads in a terminal: status first,
// figures as written (不少于5名, 6名), where the figure came from last.
var tableColumns = []tableColumn{
	{header: "类型", max: 4, value: func(r corpus.TargetRow) string { return tracker.KindLabel(r.Kind) }},
	{header: "完成情况", max: 8, value: func(r corpus.TargetRow) string {
		if r.Followup == nil {
			return ""
		}
		return tracker.StatusLabel(r.Followup.Status)
	}},
	{header: "指标", max: 20, value: func(r corpus.TargetRow) string { return r.Metric }},
	{header: "目标/数值", max: 18, value: func(r corpus.TargetRow) string { return tracker.Display(r.Target) }},
	{header: "周期", max: 6, value: func(r corpus.TargetRow) string { return deref(r.Period) }},
	{header: "完成值", max: 14, value: achieved(func(a *corpus.TargetRow) string { return tracker.Display(a.Target) })},
	{header: "去年目标", max: 14, value: func(r corpus.TargetRow) string {
		if r.Followup == nil || r.Followup.LastPlan == nil {
			return ""
		}
		return tracker.Display(r.Followup.LastPlan.Target)
	}},
	{header: "去年完成", max: 14, value: func(r corpus.TargetRow) string {
		if r.Followup == nil || r.Followup.LastAchieved == nil {
			return ""
		}
		return tracker.Display(r.Followup.LastAchieved.Target)
	}},
	{header: "机构", max: 24, value: func(r corpus.TargetRow) string { return deref(r.Org) }},
	{header: "年份", max: 4, value: func(r corpus.TargetRow) string { return intStr(r.Year) }},
	{header: "来源文件", max: 40, value: func(r corpus.TargetRow) string { return tracker.SourceFile(r.Source, r.Part) }, tail: true},
}

// Table writes rows as an aligned text table for a terminal, columns
// padded by display width (a Han character takes two columns), long cells
// cut with "…", empty cells shown as "—".
func Table(w io.Writer, rows []corpus.TargetRow) error {
	cells := make([][]string, len(rows)+1)
	widths := make([]int, len(tableColumns))
	cells[0] = make([]string, len(tableColumns))
	for i, c := range tableColumns {
		cells[0][i] = c.header
		widths[i] = displayWidth(c.header)
	}
	for n, r := range rows {
		line := make([]string, len(tableColumns))
		for i, c := range tableColumns {
			s := strings.Join(strings.Fields(c.value(r)), " ")
			if s == "" {
				s = "—"
			}
			if c.tail {
				line[i] = cutFront(s, c.max)
			} else {
				line[i] = cut(s, c.max)
			}
			widths[i] = max(widths[i], displayWidth(line[i]))
		}
		cells[n+1] = line
	}
	bw := bufio.NewWriter(w)
	for _, line := range cells {
		for i, s := range line {
			if i == len(line)-1 {
				bw.WriteString(s)
				break
			}
			bw.WriteString(s)
			bw.WriteString(strings.Repeat(" ", widths[i]-displayWidth(s)+2))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// cutFront shortens s to at most max display columns, starting with "…".
func cutFront(s string, max int) string {
	if displayWidth(s) <= max {
		return s
	}
	rs := []rune(s)
	n, i := 0, len(rs)
	for i > 0 && n+displayWidth(string(rs[i-1])) <= max-1 {
		i--
		n += displayWidth(string(rs[i]))
	}
	return "…" + string(rs[i:])
}

// displayWidth counts East Asian wide and full-width runes as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// cut shortens s to at most max display columns, ending in "…".
func cut(s string, max int) string {
	if displayWidth(s) <= max {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := displayWidth(string(r))
		if n+w > max-1 {
			break
		}
		b.WriteRune(r)
		n += w
	}
	return b.String() + "…"
}
