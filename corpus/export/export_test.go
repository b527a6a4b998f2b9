package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/doc"
)

func rows() []corpus.TargetRow {
	org := "某縣中醫院黨總支"
	achieved := corpus.TargetRow{Target: doc.Target{Text: "全年發展黨員6名", Metric: "发展党员", Cmp: "=", Value: 6, Unit: "名", Kind: doc.KindAchieved},
		DocID: "s-1", Source: "收件/青松县/总结.docx", Part: 2, Title: "总结", Year: doc.IntPtr(2026), DocType: "summary"}
	last := corpus.TargetRow{Target: doc.Target{Text: "发展党员不少于4名", Metric: "发展党员", Cmp: ">=", Value: 4, Unit: "名", Kind: doc.KindPlan}}
	return []corpus.TargetRow{
		{Target: doc.Target{Text: "全年发展党员5名", Metric: "发展党员", Cmp: "=", Value: 5, Unit: "名",
			Period: doc.StrPtr("全年"), Kind: doc.KindPlan, Section: []string{"二、主要任务", "（一）加强组织建设"}},
			DocID: "a-1", Source: "收件/计划.txt", Part: 1, Title: "某市第一人民医院党委2026年党建工作计划", Year: doc.IntPtr(2026), DocType: "plan",
			Followup: &corpus.Followup{Status: "met", Achieved: &achieved, LastPlan: &last, Note: "指标近似"}},
		{Target: doc.Target{Text: "建成示范点3至5个，含\"清廉科室\",逗号", Metric: "示范点", Cmp: "range", Value: 3,
			ValueMax: doc.FloatPtr(5), Unit: "个", Deadline: doc.StrPtr("2026年底前"), Kind: doc.KindPlan},
			DocID: "b-1", Source: "方案.pdf", Part: 3, Org: &org, DocType: "scheme",
			Followup: &corpus.Followup{Status: "not_reported", Note: "未找到"}},
		{Target: doc.Target{Text: "群眾滿意度達到95.5%以上", Metric: "群眾滿意度", Cmp: ">=", Value: 95.5, Unit: "%", Kind: doc.KindAchieved},
			DocID: "c-1", Source: "總結.docx", Title: "", Year: doc.IntPtr(2025), DocType: "summary"},
		{Target: doc.Target{Text: "赤字规模4.4万亿元", Metric: "赤字规模", Cmp: "~", Value: 4400000000000, Unit: "元", Kind: doc.KindPlan},
			DocID: "d-1", Source: "报告.txt", Part: 1, Title: "政府工作报告", DocType: "report"},
	}
}

// col finds a column by the English part of its header.
func col(t *testing.T, header []string, en string) int {
	t.Helper()
	for i, h := range header {
		if strings.HasSuffix(h, "/"+en) {
			return i
		}
	}
	t.Fatalf("no column %q in %q", en, header)
	return -1
}

func TestCSVReadBack(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, rows()); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Fatalf("records %d", len(recs))
	}
	h := recs[0]
	if len(h) != len(Columns) || h[0] != "文档/document" {
		t.Errorf("header %q", h)
	}
	checks := []struct {
		row  int
		col  string
		want string
	}{
		{1, "document", "某市第一人民医院党委2026年党建工作计划"},
		{1, "source file", "计划.txt 第1篇"},
		{1, "year", "2026"},
		{1, "doc type", "计划"},
		{1, "section", "二、主要任务 > （一）加强组织建设"},
		{1, "kind", "计划"},
		{1, "cmp", "等于"},
		{1, "target", "5名"},
		{1, "value", "5"},
		{1, "period", "全年"},
		{1, "status", "已完成"},
		{1, "achieved", "6名"},
		{1, "achieved value", "6"},
		{1, "achieved unit", "名"},
		{1, "achieved clause", "全年發展黨員6名"},
		{1, "achieved source", "总结.docx 第2篇"},
		{1, "achieved doc id", "s-1"},
		{1, "last year's target", "不少于4名"},
		{1, "last year's achieved", ""},
		{1, "note", "指标近似"},
		{2, "org", "某縣中醫院黨總支"},
		{2, "source file", "方案.pdf 第3篇"},
		{2, "clause", "建成示范点3至5个，含\"清廉科室\",逗号"}, // quotes and commas survive
		{2, "cmp", "范围"},
		{2, "target", "3–5个"},
		{2, "value_max", "5"},
		{2, "deadline", "2026年底前"},
		{2, "status", "未报告"},
		{2, "achieved", ""},
		{3, "document", "總結.docx"}, // no title → source
		{3, "kind", "完成"},
		{3, "cmp", "不少于"},
		{3, "value", "95.5"},
		{3, "status", ""}, // achieved rows have no follow-up
		{4, "target", "约4.4万亿元"},
		{4, "value", "4400000000000"}, // raw, never 4.4e+12
		{4, "doc type", "报告"},
	}
	for _, c := range checks {
		if got := recs[c.row][col(t, h, c.col)]; got != c.want {
			t.Errorf("row %d %s: %q want %q", c.row, c.col, got, c.want)
		}
	}
}

func TestXLSXReadBack(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, rows()); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[0][0] != "文档/document" {
		t.Fatalf("rows %d header %q", len(got), got[0])
	}
	h := got[0]
	if got[2][col(t, h, "org")] != "某縣中醫院黨總支" || got[2][col(t, h, "value_max")] != "5" || got[3][col(t, h, "value")] != "95.5" ||
		got[1][col(t, h, "status")] != "已完成" || got[1][col(t, h, "kind")] != "计划" {
		t.Errorf("cells: %q %q %q", got[1], got[2], got[3])
	}
	// Big numbers show grouped, not as 4.4E+12; years are not grouped.
	if v := got[4][col(t, h, "value")]; v != "4,400,000,000,000" {
		t.Errorf("value shown as %q", v)
	}
	if v := got[1][col(t, h, "year")]; v != "2026" {
		t.Errorf("year shown as %q", v)
	}
	valCell, _ := excelize.CoordinatesToCellName(col(t, h, "value")+1, 2)
	if typ, _ := f.GetCellType(SheetName, valCell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("value cell type %v", typ)
	}
	style, _ := f.GetCellStyle(SheetName, "A1")
	st, err := f.GetStyle(style)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v %v", st, err)
	}
	panes, err := f.GetPanes(SheetName)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	clause, _ := excelize.ColumnNumberToName(col(t, h, "clause") + 1)
	if w, _ := f.GetColWidth(SheetName, clause); w < 30 {
		t.Errorf("clause column width %v", w)
	}
	// The header carries autofilter buttons over every column and row.
	last, _ := excelize.CoordinatesToCellName(len(Columns), 5)
	if ref := strings.ReplaceAll(autoFilterRef(t, raw), "$", ""); ref != "A1:"+last {
		t.Errorf("autofilter %q, want A1:%s", ref, last)
	}
}

// autoFilterRef reads the sheet's <autoFilter ref="…"> from the package.
func autoFilterRef(t *testing.T, xlsx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		m := regexp.MustCompile(`<autoFilter ref="([^"]+)"`).FindSubmatch(b)
		if m == nil {
			return ""
		}
		return string(m[1])
	}
	t.Fatal("no sheet1.xml")
	return ""
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, 7, rows()[:2]); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Total   int `json:"total"`
		Targets []struct {
			DocID    string   `json:"doc_id"`
			Metric   string   `json:"metric"`
			ValueMax *float64 `json:"value_max"`
			Section  []string `json:"section"`
			Source   string   `json:"source"`
			Year     *int     `json:"year"`
		} `json:"targets"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 7 || len(got.Targets) != 2 || got.Targets[1].ValueMax == nil || *got.Targets[1].ValueMax != 5 ||
		got.Targets[0].Metric != "发展党员" || got.Targets[0].Year == nil || got.Targets[1].Source != "方案.pdf" {
		t.Errorf("json: %s", buf.String())
	}
	buf.Reset()
	if err := JSON(&buf, 0, nil); err != nil || !strings.Contains(buf.String(), `"targets":[]`) {
		t.Errorf("empty: %s %v", buf.String(), err)
	}
}

// TestJSONKeepsCodes: JSON keeps the SPEC codes and the raw value, and
// carries the display fields the tracker adds beside them.
func TestJSONKeepsCodes(t *testing.T) {
	rs := rows()
	tracker.Decorate(rs)
	var buf bytes.Buffer
	if err := JSON(&buf, len(rs), rs); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Targets []map[string]any `json:"targets"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	plan, report := got.Targets[0], got.Targets[3]
	fu, _ := plan["followup"].(map[string]any)
	ach, _ := fu["achieved"].(map[string]any)
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"kind", plan["kind"], "plan"},
		{"kind_label", plan["kind_label"], "计划"},
		{"cmp", report["cmp"], "~"},
		{"cmp_label", report["cmp_label"], "约"},
		{"value", report["value"], 4.4e12},
		{"value_display", report["value_display"], "4.4万亿元"},
		{"display", report["display"], "约4.4万亿元"},
		{"source_file", plan["source_file"], "计划.txt 第1篇"},
		{"status", fu["status"], "met"},
		{"status_label", fu["status_label"], "已完成"},
		{"achieved doc_id", ach["doc_id"], "s-1"},
		{"achieved display", ach["display"], "6名"},
		{"achieved source_file", ach["source_file"], "总结.docx 第2篇"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if _, ok := got.Targets[2]["followup"]; ok {
		t.Errorf("achieved row carries a follow-up: %v", got.Targets[2])
	}
	if strings.Contains(buf.String(), "e+") {
		t.Errorf("exponent in JSON: %s", buf.String())
	}
}

func TestTable(t *testing.T) {
	var buf bytes.Buffer
	if err := Table(&buf, rows()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	// Columns line up by display width: 来源文件 starts at one column on every line.
	at := displayWidth(lines[0][:strings.Index(lines[0], "来源文件")])
	for i, l := range lines[1:] {
		idx := strings.LastIndex(l, "  ")
		if got := displayWidth(l[:idx+2]); got != at {
			t.Errorf("line %d: last column at %d, header at %d:\n%s", i+1, got, at, buf.String())
		}
	}
	for _, want := range []string{"已完成", "不少于4名", "6名", "约4.4万亿元", "3–5个", "未报告", "计划.txt 第1篇", "—"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
	if got := cut("中共青松县人民医院委员会办公室", 10); got != "中共青松…" || displayWidth(got) > 10 {
		t.Errorf("cut: %q", got)
	}
	if got := cutFront("青松县人民医院党委2025年党建工作计划.txt 第1篇", 20); got != "…工作计划.txt 第1篇" || displayWidth(got) > 20 {
		t.Errorf("cutFront: %q", got)
	}
}
