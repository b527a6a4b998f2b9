package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

func rows() []corpus.TargetRow {
	org := "某縣中醫院黨總支"
	return []corpus.TargetRow{
		{Target: doc.Target{Text: "全年发展党员5名", Metric: "发展党员", Cmp: "=", Value: 5, Unit: "名",
			Period: doc.StrPtr("全年"), Kind: doc.KindPlan, Section: []string{"二、主要任务", "（一）加强组织建设"}},
			DocID: "a-1", Source: "计划.txt", Title: "某市第一人民医院党委2026年党建工作计划", Year: doc.IntPtr(2026), DocType: "plan"},
		{Target: doc.Target{Text: "建成示范点3至5个，含\"清廉科室\",逗号", Metric: "示范点", Cmp: "range", Value: 3,
			ValueMax: doc.FloatPtr(5), Unit: "个", Deadline: doc.StrPtr("2026年底前"), Kind: doc.KindPlan},
			DocID: "b-1", Source: "方案.pdf", Org: &org, DocType: "scheme"},
		{Target: doc.Target{Text: "群眾滿意度達到95.5%以上", Metric: "群眾滿意度", Cmp: ">=", Value: 95.5, Unit: "%", Kind: doc.KindAchieved},
			DocID: "c-1", Source: "總結.docx", Title: "", Year: doc.IntPtr(2025), DocType: "summary"},
	}
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
	if len(recs) != 4 {
		t.Fatalf("records %d", len(recs))
	}
	wantHeader := "文档/document,机构/org,年份/year,章节/section,原文/clause,指标/metric,比较/cmp,数值/value,上限/value_max,单位/unit,周期/period,期限/deadline,类型/kind"
	if strings.Join(recs[0], ",") != wantHeader {
		t.Errorf("header %q", recs[0])
	}
	checks := []struct {
		row, col int
		want     string
	}{
		{1, 0, "某市第一人民医院党委2026年党建工作计划"},
		{1, 2, "2026"},
		{1, 3, "二、主要任务 > （一）加强组织建设"},
		{1, 7, "5"},
		{1, 10, "全年"},
		{2, 1, "某縣中醫院黨總支"},
		{2, 4, "建成示范点3至5个，含\"清廉科室\",逗号"}, // quotes and commas survive
		{2, 8, "5"},
		{2, 11, "2026年底前"},
		{3, 0, "總結.docx"}, // no title → source
		{3, 7, "95.5"},
		{3, 12, "achieved"},
	}
	for _, c := range checks {
		if got := recs[c.row][c.col]; got != c.want {
			t.Errorf("row %d col %d: %q want %q", c.row, c.col, got, c.want)
		}
	}
}

func TestXLSXReadBack(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, rows()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0][0] != "文档/document" || got[0][12] != "类型/kind" {
		t.Fatalf("rows %d header %q", len(got), got[0])
	}
	if got[2][1] != "某縣中醫院黨總支" || got[2][8] != "5" || got[3][7] != "95.5" {
		t.Errorf("cells: %q %q", got[2], got[3])
	}
	if typ, _ := f.GetCellType(SheetName, "H2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
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
	if w, _ := f.GetColWidth(SheetName, "E"); w < 30 {
		t.Errorf("clause column width %v", w)
	}
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
