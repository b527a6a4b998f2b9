package report

import (
	"io"
	"strconv"

	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/internal/csvcell"
)

// Sheet names of the pairs workbook.
const (
	SheetPairs        = "配对"
	SheetPairPassages = "段落"
)

// pairsDecimals is how many decimals the CSV gives shares.
const pairsDecimals = 4

// pairColumns are the columns of the pairs export, one row per pair.
var pairColumns = []column{
	{"序号 no", 7}, {"A 标题 a_title", 36}, {"A 来源文件 a_source", 28}, {"A 篇 a_part", 7},
	{"B 标题 b_title", 36}, {"B 来源文件 b_source", 28}, {"B 篇 b_part", 7},
	{"复制比 score", 10}, {"A 覆盖 a_covered", 10}, {"B 覆盖 b_covered", 10},
	{"段落数 passages", 9}, {"最长段字数 longest", 10}, {"A 编号 a_id", 20}, {"B 编号 b_id", 20},
}

// pairShareCols are the 0-based pairColumns holding shares.
var pairShareCols = map[int]bool{7: true, 8: true, 9: true}

func pairRow(i int, p reuse.Pair) []any {
	return []any{i + 1, p.A.Title, p.A.Source, p.A.Part, p.B.Title, p.B.Source, p.B.Part,
		p.Score, p.ACovered, p.BCovered, len(p.Passages), longest(p), p.A.ID, p.B.ID}
}

// longest is the pair's longest copied passage in normalised characters.
func longest(p reuse.Pair) int {
	n := p.Longest
	for _, x := range p.Passages {
		n = max(n, x.Chars)
	}
	return n
}

// WritePairsCSV writes one row per pair as UTF-8 CSV with a BOM (so that
// Excel reads it as UTF-8) and bilingual headers; cells a spreadsheet
// would run as a formula are escaped by csvcell.
func WritePairsCSV(w io.Writer, pairs []reuse.Pair) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvcell.NewWriter(w)
	rec := make([]string, len(pairColumns))
	for i, c := range pairColumns {
		rec[i] = c.header
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i, p := range pairs {
		for c, v := range pairRow(i, p) {
			switch x := v.(type) {
			case float64:
				rec[c] = strconv.FormatFloat(x, 'f', pairsDecimals, 64)
			case int:
				rec[c] = strconv.Itoa(x)
			case string:
				rec[c] = x
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WritePairsXLSX writes the pairs as a workbook: 配对 (one row per pair)
// and 段落 (every copied passage of every pair, side by side), each with a
// frozen header and an autofilter.
func WritePairsXLSX(w io.Writer, pairs []reuse.Pair) error {
	ps := sheet{name: SheetPairs, cols: pairColumns, percent: pairShareCols}
	pas := sheet{name: SheetPairPassages, percent: map[int]bool{},
		cols: []column{{"配对序号 pair no", 9}, {"A 标题 a_title", 30}, {"B 标题 b_title", 30},
			{"A 起 a_start", 9}, {"A 止 a_end", 9}, {"B 起 b_start", 9}, {"B 止 b_end", 9},
			{"字数 chars", 8}, {"A 原文 a_text", 60}, {"B 原文 b_text", 60}}}
	for i, p := range pairs {
		ps.rows = append(ps.rows, pairRow(i, p))
		for _, x := range p.Passages {
			pas.rows = append(pas.rows, []any{i + 1, p.A.Title, p.B.Title, x.AStart, x.AEnd, x.BStart, x.BEnd,
				x.Chars, cellText(x.AText), cellText(x.BText)})
		}
	}
	return writeBook(w, []sheet{ps, pas})
}
