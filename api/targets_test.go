package api

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
)

// followupFiles are the follow-up fixtures: 青松县人民医院's 2025 plan
// (Simplified), 2025 summary (Traditional) and 2026 plan, and another
// hospital's 2025 summary.
func followupFiles(t *testing.T) []file {
	t.Helper()
	fs := globFiles(t, "../corpus/followup/testdata/*/*.txt")
	if len(fs) != 4 {
		t.Fatalf("%d follow-up fixtures, want 4", len(fs))
	}
	return fs
}

type targetsBody struct {
	Total   int                `json:"total"`
	Targets []corpus.TargetRow `json:"targets"`
}

// TestTargetsFollowup: GET /targets links plans to the summary, filters by
// status and in the users' words, and names its downloads.
func TestTargetsFollowup(t *testing.T) {
	e := newEnv(t, nil)
	e.uploadResults(http.StatusCreated, followupFiles(t)...)

	get := func(q string) targetsBody {
		t.Helper()
		st, b := e.get("/api/v1/targets?" + q)
		if st != http.StatusOK {
			t.Fatalf("%s: %d %s", q, st, abbrev(b))
		}
		return decode[targetsBody](t, b)
	}

	// Chinese and coded filters agree.
	zh := get("kind=" + url.QueryEscape("计划") + "&year=" + url.QueryEscape("2025年") + "&limit=500")
	en := get("kind=plan&year=2025&limit=500")
	if zh.Total != 13 || en.Total != zh.Total {
		t.Fatalf("计划 2025年: %d, plan 2025: %d; want 13", zh.Total, en.Total)
	}
	var dev *corpus.TargetRow
	for i, r := range zh.Targets {
		if r.Followup == nil || r.Followup.StatusLabel == "" || r.KindLabel != "计划" || r.Display == "" || r.SourceFile == "" {
			t.Errorf("row %q: %+v", r.Text, r)
		}
		if r.Text == "全年发展党员不少于5名" {
			dev = &zh.Targets[i]
		}
	}
	if dev == nil {
		t.Fatal("no 全年发展党员不少于5名 among the 2025 plans")
	}
	fu := dev.Followup
	if fu.Status != "met" || fu.StatusLabel != "已完成" || fu.Achieved == nil || fu.Achieved.Value != 6 ||
		fu.Achieved.Unit != "名" || fu.Achieved.DocID == "" || !strings.Contains(fu.Achieved.Text, "發展黨員6名") ||
		fu.Achieved.Display != "6名" || dev.Display != "不少于5名" || dev.CmpLabel != "不少于" {
		t.Errorf("发展党员: %+v achieved %+v", dev, fu.Achieved)
	}
	if c := get("cmp=" + url.QueryEscape("不少于") + "&year=2025&kind=plan"); c.Total == 0 || c.Total >= zh.Total {
		t.Errorf("cmp=不少于: %d of %d", c.Total, zh.Total)
	}

	// Status filter, in words, with paging.
	for _, c := range []struct {
		status string
		want   int
	}{{"已完成", 7}, {"not_met", 2}, {"未报告", 5}, {"無法比較", 2}} {
		b := get("status=" + url.QueryEscape(c.status) + "&limit=3")
		if b.Total != c.want || len(b.Targets) != min(3, c.want) {
			t.Errorf("status=%s: total %d rows %d, want %d", c.status, b.Total, len(b.Targets), c.want)
		}
	}

	// The follow-up shape is the documented one (rows with an achieved link and last year's figures).
	sp := loadSpec(t)
	sc := sp.op(t, "GET", "/api/v1/targets").Responses["200"].Content["application/json"].Schema
	for _, q := range []string{"status=met", "year=2026"} {
		_, b := e.get("/api/v1/targets?" + q)
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if err := sp.validate(sc, v, "$", 0); err != nil {
			t.Errorf("%s: %v", q, err)
		}
		// The validator stops a few levels down; check each follow-up on its own.
		fus := 0
		for i, row := range v.(map[string]any)["targets"].([]any) {
			fu, ok := row.(map[string]any)["followup"]
			if !ok {
				continue
			}
			fus++
			if err := sp.validate(&schema{Ref: "#/components/schemas/Followup"}, fu, fmt.Sprintf("$.targets[%d].followup", i), 0); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
		if fus == 0 {
			t.Errorf("%s: no follow-ups to check", q)
		}
	}

	// Bad filter values are 400 with a Chinese-first message naming the value.
	for _, q := range []string{"kind=" + url.QueryEscape("计画"), "year=" + url.QueryEscape("去年"), "cmp=about",
		"status=" + url.QueryEscape("进行中"), "min=" + url.QueryEscape("五")} {
		st, b := e.get("/api/v1/targets?" + q)
		if st != http.StatusBadRequest || errCode(t, b) != CodeBadRequest {
			t.Errorf("%s: %d %s", q, st, b)
			continue
		}
		if msg := decode[errorBody](t, b).Error.Message; !strings.HasPrefix(msg, "筛选条件") {
			t.Errorf("%s: message %q", q, msg)
		}
	}

	// CSV: Chinese values, the follow-up columns, a name with filter and date.
	st, b, h := e.do("GET", "/api/v1/targets?format=csv&kind="+url.QueryEscape("计划")+"&year=2025", nil, "", true)
	if st != http.StatusOK {
		t.Fatalf("csv: %d", st)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != 14 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	idx := map[string]int{}
	for i, hd := range recs[0] {
		idx[hd] = i
	}
	found := false
	for _, r := range recs[1:] {
		if r[idx["类型/kind"]] != "计划" {
			t.Errorf("kind %q", r[idx["类型/kind"]])
		}
		if r[idx["原文/clause"]] == "全年发展党员不少于5名" {
			found = true
			if r[idx["完成情况/status"]] != "已完成" || r[idx["完成值/achieved"]] != "6名" || r[idx["比较/cmp"]] != "不少于" ||
				!strings.HasSuffix(r[idx["来源文件/source file"]], "第1篇") {
				t.Errorf("csv row %q", r)
			}
		}
	}
	if !found {
		t.Error("csv lacks 全年发展党员不少于5名")
	}
	checkDisposition(t, h.Get("Content-Disposition"), "目标台账_计划_2025_", "targets_plan_2025_", ".csv")

	// XLSX with a status filter: the rows that have it, autofilter on.
	st, b, h = e.do("GET", "/api/v1/targets?format=xlsx&status="+url.QueryEscape("未完成"), nil, "", true)
	if st != http.StatusOK {
		t.Fatalf("xlsx: %d %s", st, abbrev(b))
	}
	xf, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := xf.GetRows(xf.GetSheetName(0))
	xf.Close()
	if len(rows) != 3 {
		t.Errorf("xlsx 未完成: %d rows, want header + 2", len(rows))
	}
	if !bytes.Contains(unzip(t, b, "xl/worksheets/sheet1.xml"), []byte("<autoFilter")) {
		t.Error("xlsx has no autofilter")
	}
	checkDisposition(t, h.Get("Content-Disposition"), "目标台账_未完成_", "targets_not_met_", ".xlsx")
}

// checkDisposition: an attachment with an ASCII filename and an RFC 5987
// filename* that decodes to prefix + today's date + ext.
func checkDisposition(t *testing.T, cd, prefix, asciiPrefix, ext string) {
	t.Helper()
	typ, params, err := mime.ParseMediaType(cd)
	if err != nil || typ != "attachment" {
		t.Fatalf("Content-Disposition %q: %v", cd, err)
	}
	// mime decodes filename* into filename and prefers it; read the ASCII one raw.
	m := regexp.MustCompile(`filename="?([^";]+)"?;`).FindStringSubmatch(cd)
	if m == nil || !strings.HasPrefix(m[1], asciiPrefix) || !strings.HasSuffix(m[1], ext) {
		t.Errorf("ASCII filename in %q, want %s…%s", cd, asciiPrefix, ext)
	}
	name := params["filename"]
	day := time.Now().Format("20060102")
	yesterday := time.Now().Add(-time.Hour).Format("20060102") // the request may have crossed midnight
	if name != prefix+day+ext && name != prefix+yesterday+ext {
		t.Errorf("filename* %q, want %s%s%s", name, prefix, day, ext)
	}
	if !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("no RFC 5987 filename* in %q", cd)
	}
}

func unzip(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			out, _ := io.ReadAll(rc)
			return out
		}
	}
	t.Fatalf("no %s in the package", name)
	return nil
}
