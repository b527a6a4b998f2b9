package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/planmine/planmine/corpus/report"
	"github.com/planmine/planmine/ingest/pdf"
)

// reportOf builds the report of a fixture document by file name and part.
func reportOf(t *testing.T, base string, part int) *report.Report {
	t.Helper()
	c := openFixture(t)
	return build(t, c, find(t, c, base, part).ID)
}

// rendered are the fixture documents every renderer is tried on: one
// short with markup characters in its passage, one long (a passage of
// several pages), one that shares nothing.
var rendered = []struct {
	base string
	part int
}{
	{"markup_a.txt", 1},
	{"000_948abd7a737fa59a.txt", 1},
	{"000_948abd7a737fa59a.txt", 2},
}

// TestHTML parses the page back and finds the passages in their cells,
// as text: markup characters in the documents come back as text, never as
// elements.
func TestHTML(t *testing.T) {
	for _, rd := range rendered {
		t.Run(rd.base+"#"+strconv.Itoa(rd.part), func(t *testing.T) {
			r := reportOf(t, rd.base, rd.part)
			var buf bytes.Buffer
			if err := report.WriteHTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			root, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			if n := count(root, "script"); n != 0 {
				t.Fatalf("%d script elements", n)
			}
			if got := textOf(byID(root, "total")); got != report.Percent(r.Total) {
				t.Errorf("total shows %q, want %q", got, report.Percent(r.Total))
			}
			if title := textOf(find1(root, "title")); !strings.Contains(title, r.Doc.Name()) {
				t.Errorf("title %q lacks %q", title, r.Doc.Name())
			}
			for _, want := range []string{"size: A4", "break-before: page", "@top-left", "planmine test", "2026-11-24"} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, s := range r.Sources {
				sec := byID(root, "source-"+strconv.Itoa(s.No))
				if sec == nil {
					t.Fatalf("no section for source %d", s.No)
				}
				rows := all(sec, "tr")[1:] // after the header row
				if len(rows) != len(s.Passages) {
					t.Fatalf("source %d: %d rows, %d passages", s.No, len(rows), len(s.Passages))
				}
				for i, p := range s.Passages {
					tds := all(rows[i], "td")
					// Each cell is an offsets line, then the text.
					if got := cellText(tds[0]); got != p.Text {
						t.Fatalf("source %d passage %d: cell holds %q, want %q", s.No, i, got, p.Text)
					}
					if got := cellText(tds[1]); got != p.SourceText {
						t.Fatalf("source %d passage %d: source cell holds %q, want %q", s.No, i, got, p.SourceText)
					}
					if (attr(rows[i], "class") == "boiler") != p.Boilerplate {
						t.Errorf("source %d passage %d: row class %q, boilerplate %v", s.No, i, attr(rows[i], "class"), p.Boilerplate)
					}
				}
			}
			if rd.base == "markup_a.txt" && !strings.Contains(page, "学习时长&lt;2小时") {
				t.Errorf("the passage's < is not escaped")
			}
			if len(r.Sources) == 0 && !strings.Contains(page, "未发现与其他文档共享的段落") {
				t.Errorf("an unshared document's page does not say so")
			}
		})
	}
}

// TestXLSX opens the workbook with excelize and reads the figures back.
func TestXLSX(t *testing.T) {
	for _, rd := range rendered {
		t.Run(rd.base+"#"+strconv.Itoa(rd.part), func(t *testing.T) {
			r := reportOf(t, rd.base, rd.part)
			var buf bytes.Buffer
			if err := report.WriteXLSX(&buf, r); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := []string{report.SheetSummary, report.SheetSources, report.SheetSections, report.SheetPassages}
			if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("sheets %v, want %v", got, want)
			}
			passages := 0
			for _, s := range r.Sources {
				passages += len(s.Passages)
			}
			rowsWant := map[string]int{report.SheetSources: len(r.Sources), report.SheetSections: len(r.Sections), report.SheetPassages: passages}
			for _, sh := range want {
				panes, err := f.GetPanes(sh)
				if err != nil || !panes.Freeze || panes.YSplit != 1 {
					t.Errorf("%s: header not frozen: %+v %v", sh, panes, err)
				}
				rows, err := f.GetRows(sh)
				if err != nil {
					t.Fatal(err)
				}
				if n, ok := rowsWant[sh]; ok && len(rows) != n+1 {
					t.Errorf("%s: %d rows, want %d and a header", sh, len(rows), n)
				}
			}
			names := map[string]bool{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" {
					names[dn.Scope] = true
				}
			}
			for _, sh := range want {
				if !names[sh] {
					t.Errorf("%s: no autofilter (defined names %v)", sh, f.GetDefinedName())
				}
			}
			// The summary's total is a number with a percent format.
			rows, _ := f.GetRows(report.SheetSummary, excelize.Options{RawCellValue: true})
			total := ""
			for _, row := range rows {
				if len(row) > 1 && strings.HasPrefix(row[0], "总文字复制比") {
					total = row[1]
				}
			}
			if v, err := strconv.ParseFloat(total, 64); err != nil || abs(v-r.Total) > 1e-9 {
				t.Errorf("summary total %q, want %v", total, r.Total)
			}
			// Passages side by side, texts whole.
			prow, _ := f.GetRows(report.SheetPassages)
			k := 1
			for _, s := range r.Sources {
				for _, p := range s.Passages {
					row := prow[k]
					k++
					if row[7] != p.Text || row[10] != p.SourceText || row[3] != strconv.Itoa(p.Start) {
						t.Fatalf("passage row %d: %q…, want the passage at %d", k, row[3], p.Start)
					}
				}
			}
		})
	}
}

// TestPDF extracts the text back with planmine's own PDF reader and, when
// installed, with pdftotext, and finds the title, the total and the
// passages in it.
func TestPDF(t *testing.T) {
	for _, rd := range rendered {
		t.Run(rd.base+"#"+strconv.Itoa(rd.part), func(t *testing.T) {
			r := reportOf(t, rd.base, rd.part)
			var buf bytes.Buffer
			if err := report.WritePDF(&buf, r); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", data[:min(20, len(data))])
			}
			paras, err := pdf.Extract(context.Background(), data)
			if err != nil {
				t.Fatalf("own reader: %v", err)
			}
			var own strings.Builder
			for _, p := range paras {
				own.WriteString(p.Text + "\n")
			}
			texts := map[string]string{"own reader": own.String()}
			if _, err := exec.LookPath("pdftotext"); err == nil {
				cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
				cmd.Stdin = bytes.NewReader(data)
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("pdftotext: %v", err)
				}
				texts["pdftotext"] = string(out)
			}
			for reader, text := range texts {
				flat := squash(text)
				for _, want := range []string{"文本复制检测报告单", r.Doc.Name(), report.Percent(r.Total), "总文字复制比", "planmine test"} {
					if !strings.Contains(flat, squash(want)) {
						t.Errorf("%s: text lacks %q", reader, want)
					}
				}
				for _, s := range r.Sources {
					for i, p := range s.Passages {
						// The first characters share a line; the whole text
						// comes back in order, with the other column's lines
						// interleaved.
						head := firstRunes(squash(p.Text), 12)
						if !strings.Contains(flat, head) {
							t.Errorf("%s: source %d passage %d: %q not found", reader, s.No, i, head)
						}
						if !subsequence(squash(p.Text), flat) {
							t.Errorf("%s: source %d passage %d: text not all there", reader, s.No, i)
						}
					}
				}
			}
		})
	}
}

// TestPairsExport writes every stored pair as CSV and XLSX and reads them
// back.
func TestPairsExport(t *testing.T) {
	c := openFixture(t)
	pairs, err := c.ReusePairs(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 5 {
		t.Fatalf("%d pairs in the fixture", len(pairs))
	}
	var cbuf bytes.Buffer
	if err := report.WritePairsCSV(&cbuf, pairs); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(cbuf.Bytes(), []byte("\ufeff")) {
		t.Errorf("CSV without BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(cbuf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(pairs)+1 {
		t.Fatalf("CSV has %d rows for %d pairs", len(recs)-1, len(pairs))
	}
	passages := 0
	for i, p := range pairs {
		rec := recs[i+1]
		score, _ := strconv.ParseFloat(rec[7], 64)
		n, _ := strconv.Atoi(rec[10])
		longest, _ := strconv.Atoi(rec[11])
		if rec[1] != p.A.Title || rec[4] != p.B.Title || rec[12] != p.A.ID || rec[13] != p.B.ID ||
			abs(score-p.Score) > 1e-4 || n != len(p.Passages) || longest <= 0 {
			t.Errorf("CSV row %d = %v, pair %+v", i+1, rec, p.A)
		}
		passages += len(p.Passages)
	}
	var xbuf bytes.Buffer
	if err := report.WritePairsXLSX(&xbuf, pairs); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xbuf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != report.SheetPairs || got[1] != report.SheetPairPassages {
		t.Fatalf("sheets %v", got)
	}
	prs, _ := f.GetRows(report.SheetPairs)
	pas, _ := f.GetRows(report.SheetPairPassages)
	if len(prs) != len(pairs)+1 || len(pas) != passages+1 {
		t.Fatalf("XLSX: %d pair rows, %d passage rows; want %d, %d", len(prs)-1, len(pas)-1, len(pairs), passages)
	}
	if pas[1][8] != pairs[0].Passages[0].AText || pas[1][9] != pairs[0].Passages[0].BText {
		t.Errorf("first passage row %v", pas[1][:8])
	}
}

// ---- helpers ----

// squash drops white space, which the PDF's line breaks and the readers'
// spacing add.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func firstRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[:min(n, len(rs))])
}

// subsequence reports whether the runes of sub appear in s in order.
func subsequence(sub, s string) bool {
	rs := []rune(s)
	i := 0
	for _, r := range sub {
		for i < len(rs) && rs[i] != r {
			i++
		}
		if i == len(rs) {
			return false
		}
		i++
	}
	return true
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func all(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func count(n *html.Node, tag string) int { return len(all(n, tag)) }

func find1(n *html.Node, tag string) *html.Node {
	if ns := all(n, tag); len(ns) > 0 {
		return ns[0]
	}
	return nil
}

func byID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode && attr(n, "id") == id {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := byID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// cellText is a passage cell's text after its offsets line.
func cellText(td *html.Node) string {
	var b strings.Builder
	for c := td.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && attr(c, "class") == "off" {
			continue
		}
		b.WriteString(textOf(c))
	}
	return b.String()
}
