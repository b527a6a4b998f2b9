package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the report workbook.
const (
	SheetSummary  = "概要"
	SheetSources  = "来源"
	SheetSections = "章节"
	SheetPassages = "段落"
)

// maxCellChars is Excel's limit on the text of one cell.
const maxCellChars = 32767

// column is one sheet column: a bilingual header and a width in
// characters.
type column struct {
	header string
	width  float64
}

// sheet is one table of a workbook: columns and rows of cell values
// (strings, numbers; shares are float64 with a percent format).
type sheet struct {
	name    string
	cols    []column
	rows    [][]any
	percent map[int]bool // 0-based columns holding shares
}

// WriteXLSX writes r as a workbook with the sheets 概要 (summary),
// 来源 (sources), 章节 (sections) and 段落 (passages, side by side), each
// with a bold frozen header row and an autofilter.
func WriteXLSX(w io.Writer, r *Report) error {
	sum := sheet{name: SheetSummary, cols: []column{{"项目 item", 36}, {"值 value", 60}}, percent: map[int]bool{}}
	kv := func(k string, v any) { sum.rows = append(sum.rows, []any{k, v}) }
	kv("检测文献 document", r.Doc.Name())
	kv("来源文件 file", r.Doc.Source)
	kv("篇 part", r.Doc.Part)
	kv("单位 org", r.Doc.Org)
	if r.Doc.Year != 0 {
		kv("年份 year", r.Doc.Year)
	} else {
		kv("年份 year", "")
	}
	kv("文档编号 id", r.Doc.ID)
	kv("总文字复制比 total copied share", pct(r.Total))
	kv("单篇最大文字复制比 largest single source", pct(r.MaxSource))
	kv("公文套话/模板比 boilerplate share", pct(r.Boilerplate))
	kv("复制字数 copied characters", r.Copied)
	kv("可比字数 countable characters", r.Countable)
	kv("总字数 characters", r.Chars)
	kv("套话字数 boilerplate characters", r.BoilerChars)
	kv("相似来源 source documents", peerCount(r.Sources))
	kv("最长复制段字数 longest passage", r.Longest)
	kv("检测时间 date", r.Generated.Format("2006-01-02 15:04"))
	kv("检测系统 system", "planmine "+r.Version)

	src := sheet{name: SheetSources, percent: map[int]bool{5: true, 7: true, 8: true, 9: true},
		cols: []column{{"序号 no", 8}, {"标题 title", 40}, {"来源文件 source", 30}, {"篇 part", 7},
			{"单位 org", 24}, {"文字复制比 share", 12}, {"复制字数 copied", 10}, {"配对得分 score", 12},
			{"本文覆盖 a_covered", 12}, {"来源覆盖 b_covered", 12}, {"复制段 passages", 10},
			{"套话段 boilerplate", 10}, {"最长段 longest", 10}, {"年份 year", 8}, {"模板 template", 8}, {"文档编号 id", 20}}}
	for _, s := range r.Sources {
		src.rows = append(src.rows, []any{s.No, s.Doc.Name(), s.Doc.Source, s.Doc.Part, s.Doc.Org,
			s.Share, s.Copied, s.Score, s.ACovered, s.BCovered, s.Copies(), len(s.Passages) - s.Copies(),
			s.Longest, yearCell(s.Doc.Year), yesNo(s.Template), s.Doc.ID})
	}

	sec := sheet{name: SheetSections, percent: map[int]bool{2: true},
		cols: []column{{"层级 level", 8}, {"章节 section", 60}, {"复制比 share", 12}, {"复制字数 copied", 10},
			{"可比字数 countable", 10}, {"起 start", 9}, {"止 end", 9}}}
	for _, s := range r.Sections {
		sec.rows = append(sec.rows, []any{s.Level, s.Heading, s.Share, s.Copied, s.Countable, s.Start, s.End})
	}

	pas := sheet{name: SheetPassages, percent: map[int]bool{},
		cols: []column{{"来源序号 source no", 9}, {"来源标题 source title", 30}, {"类型 kind", 14},
			{"本文起 start", 9}, {"本文止 end", 9}, {"字数 chars", 8}, {"章节 section", 28},
			{"本文原文 text", 60}, {"来源起 source_start", 9}, {"来源止 source_end", 9}, {"来源原文 source text", 60}}}
	for _, s := range r.Sources {
		for _, x := range s.Passages {
			kind := "复制 copy"
			if x.Boilerplate {
				kind = kindName(x.Kind)
			}
			pas.rows = append(pas.rows, []any{s.No, s.Doc.Name(), kind, x.Start, x.End, x.Chars, x.Section,
				cellText(x.Text), x.SourceStart, x.SourceEnd, cellText(x.SourceText)})
		}
	}
	return writeBook(w, []sheet{sum, src, sec, pas})
}

// pctCell marks a share in a key/value sheet.
type pctCell float64

func pct(f float64) pctCell { return pctCell(f) }

func yearCell(y int) any {
	if y == 0 {
		return ""
	}
	return y
}

func yesNo(b bool) string {
	if b {
		return "是 yes"
	}
	return ""
}

// cellText keeps a passage within Excel's cell limit.
func cellText(s string) string {
	rs := []rune(s)
	if len(rs) <= maxCellChars {
		return s
	}
	return string(rs[:maxCellChars-1]) + "…"
}

// writeBook writes the sheets, in order, through excelize's stream writer
// (memory stays flat for many passages), then adds the autofilters.
func writeBook(w io.Writer, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF2F6"}}})
	if err != nil {
		return err
	}
	pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	wrapStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.name)
		if err != nil {
			return err
		}
		for c, col := range sh.cols {
			if err := sw.SetColWidth(c+1, c+1, col.width); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hdr := make([]any, len(sh.cols))
		for c, col := range sh.cols {
			hdr[c] = excelize.Cell{Value: col.header, StyleID: bold}
		}
		if err := sw.SetRow("A1", hdr); err != nil {
			return err
		}
		for n, row := range sh.rows {
			vals := make([]any, len(row))
			for c, v := range row {
				switch x := v.(type) {
				case pctCell:
					vals[c] = excelize.Cell{Value: float64(x), StyleID: pctStyle}
				case float64:
					if sh.percent[c] {
						vals[c] = excelize.Cell{Value: x, StyleID: pctStyle}
					} else {
						vals[c] = x
					}
				case string:
					if len(x) > 80 {
						vals[c] = excelize.Cell{Value: x, StyleID: wrapStyle}
					} else {
						vals[c] = x
					}
				default:
					vals[c] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, n+2)
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(sh.cols), max(len(sh.rows)+1, 2))
		if err := f.AutoFilter(sh.name, "A1:"+last, nil); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("写出 XLSX 失败 (write xlsx): %w", err)
	}
	return nil
}
