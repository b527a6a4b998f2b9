package api

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
)

// TEMPORARY: corpus/export (CSV/XLSX/JSON of targets) had not landed when
// this was written; switch handleTargets to it once it does and delete
// this file.

// targetHeader is the column row of both exports, Chinese-first.
var targetHeader = []string{
	"文档ID (doc_id)", "来源 (source)", "标题 (title)", "单位 (org)", "年份 (year)", "类型 (doc_type)",
	"指标 (metric)", "比较 (cmp)", "数值 (value)", "上限 (value_max)", "单位 (unit)", "周期 (period)",
	"期限 (deadline)", "性质 (kind)", "章节 (section)", "原文 (text)",
}

func targetRecord(r corpus.TargetRow) []string {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	year := ""
	if r.Year != nil {
		year = strconv.Itoa(*r.Year)
	}
	v := r.Value
	return []string{r.DocID, r.Source, r.Title, str(r.Org), year, r.DocType,
		r.Metric, r.Cmp, num(&v), num(r.ValueMax), r.Unit, str(r.Period),
		str(r.Deadline), r.Kind, strings.Join(r.Section, " / "), r.Text}
}

// writeTargetsCSV writes UTF-8 CSV with a BOM, which Excel needs to read
// Chinese correctly.
func writeTargetsCSV(w io.Writer, rows []corpus.TargetRow) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(targetHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(targetRecord(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// targetsXLSX builds a one-sheet workbook with values as numbers.
func targetsXLSX(rows []corpus.TargetRow) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "指标 Targets"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	head := make([]any, len(targetHeader))
	for i, h := range targetHeader {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	for i, r := range rows {
		rec := targetRecord(r)
		cells := make([]any, len(rec))
		for j, v := range rec {
			cells[j] = v
		}
		cells[8] = r.Value
		if r.ValueMax != nil {
			cells[9] = *r.ValueMax
		}
		if r.Year != nil {
			cells[4] = *r.Year
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
