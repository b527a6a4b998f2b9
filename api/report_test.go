package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/report"
	"github.com/planmine/planmine/ingest/pdf"
)

// filenameStar decodes the RFC 5987 filename* of a Content-Disposition
// (mime.ParseMediaType does that) and returns it with the disposition type.
func filenameStar(t *testing.T, cd string) (kind, ascii, name string) {
	t.Helper()
	if !strings.Contains(cd, "filename*=UTF-8''") {
		t.Fatalf("no RFC 5987 filename* in %q", cd)
	}
	// ParseMediaType decodes filename* into "filename" and drops the
	// ASCII one; read that first.
	_, ps, err := mime.ParseMediaType(strings.Split(cd, "; filename*=")[0])
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", cd, err)
	}
	ascii = ps["filename"]
	kind, ps, err = mime.ParseMediaType(cd)
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", cd, err)
	}
	return kind, ascii, ps["filename"]
}

// TestReportEndpoint asks for a seed document's report in every format and
// reads each back.
func TestReportEndpoint(t *testing.T) {
	e := newEnv(t, nil)
	e.uploadResults(http.StatusCreated, seeds(t)...)
	st, b := e.get("/api/v1/documents?limit=100&sort=reuse")
	if st != http.StatusOK {
		t.Fatalf("list: %d %s", st, b)
	}
	list := decode[struct {
		Documents []corpus.DocSummary `json:"documents"`
	}](t, b).Documents
	d := list[0] // the most copied document
	if d.ReuseScore < 0.5 {
		t.Fatalf("most copied seed document scores %v", d.ReuseScore)
	}
	base := "/api/v1/documents/" + d.ID + "/report"
	day := time.Now().Format("2006-01-02")
	tests := []struct {
		query, ctype, kind, ext string
		check                   func(t *testing.T, body []byte)
	}{
		{"", "text/html; charset=utf-8", "inline", "html", func(t *testing.T, body []byte) {
			page := string(body)
			// The page's total is the stored reuse score of the list.
			if !strings.Contains(page, `id="total">`+report.Percent(d.ReuseScore)+`<`) {
				t.Errorf("page lacks the total %s", report.Percent(d.ReuseScore))
			}
			if !strings.Contains(page, "文本复制检测报告单") || !strings.Contains(page, d.Title) {
				t.Errorf("page lacks its heading or title")
			}
		}},
		{"?format=pdf", "application/pdf", "attachment", "pdf", func(t *testing.T, body []byte) {
			paras, err := pdf.Extract(context.Background(), body)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, p := range paras {
				text.WriteString(strings.ReplaceAll(p.Text, " ", ""))
			}
			for _, want := range []string{d.Title, report.Percent(d.ReuseScore), "总文字复制比"} {
				if !strings.Contains(text.String(), strings.ReplaceAll(want, " ", "")) {
					t.Errorf("PDF text lacks %q", want)
				}
			}
		}},
		{"?format=XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment", "xlsx", func(t *testing.T, body []byte) {
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := strings.Join(f.GetSheetList(), ","); got != "概要,来源,章节,段落" {
				t.Errorf("sheets %s", got)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.ext, func(t *testing.T) {
			st, body, h := e.do("GET", base+tc.query, nil, "", true)
			if st != http.StatusOK {
				t.Fatalf("status %d: %s", st, abbrev(body))
			}
			if got := h.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			kind, ascii, name := filenameStar(t, h.Get("Content-Disposition"))
			want := "查重报告_" + d.Title + "_" + day + "." + tc.ext
			if kind != tc.kind || name != want {
				t.Errorf("disposition %s %q, want %s %q", kind, name, tc.kind, want)
			}
			if ascii != "planmine-report-"+d.ID+"-"+day+"."+tc.ext {
				t.Errorf("ASCII filename %q", ascii)
			}
			if tc.ext == "html" && h.Get("Content-Security-Policy") != report.HTMLContentSecurityPolicy {
				t.Errorf("CSP %q", h.Get("Content-Security-Policy"))
			}
			tc.check(t, body)
		})
	}
}

func TestReportEndpointErrors(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.ReadToken = "r" })
	rs := e.uploadResults(http.StatusCreated, seeds(t)[:1]...)
	tests := []struct {
		path, token string
		status      int
		code        string
	}{
		{"/api/v1/documents/no-such-id/report", "r", http.StatusNotFound, CodeNotFound},
		{"/api/v1/documents/" + rs[0].ID + "/report?format=docx", "r", http.StatusBadRequest, CodeBadRequest},
		{"/api/v1/documents/" + rs[0].ID + "/report", "", http.StatusUnauthorized, ""},
		{"/api/v1/reuse/pairs?format=pdf", "r", http.StatusBadRequest, CodeBadRequest},
		{"/api/v1/reuse/pairs?format=csv&min_score=x", "r", http.StatusBadRequest, CodeBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			req, _ := http.NewRequest("GET", e.http.URL+tc.path, nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp, err := e.http.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var buf bytes.Buffer
			buf.ReadFrom(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, abbrev(buf.Bytes()))
			}
			if tc.code != "" && errCode(t, buf.Bytes()) != tc.code {
				t.Errorf("code %s, want %s", errCode(t, buf.Bytes()), tc.code)
			}
		})
	}
}

// TestPairsExportEndpoint: the JSON list is paged, the CSV and XLSX
// exports hold every pair.
func TestPairsExportEndpoint(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.JobFiles = 100 })
	e.uploadResults(http.StatusCreated, ringDocs(t, 32, 8)...)
	all, err := e.corpus.ReusePairs(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pairs", len(all))
	if len(all) <= 200 {
		t.Fatalf("only %d pairs: the test needs more than the UI's page of 200", len(all))
	}
	st, b := e.get("/api/v1/reuse/pairs")
	if st != http.StatusOK || len(decode[struct{ Pairs []any }](t, b).Pairs) >= len(all) {
		t.Fatalf("JSON without limit: %d, not a page", st)
	}
	day := time.Now().Format("2006-01-02")

	st, body, h := e.do("GET", "/api/v1/reuse/pairs?format=csv", nil, "", true)
	if st != http.StatusOK || h.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %d %s", st, h.Get("Content-Type"))
	}
	if _, _, name := filenameStar(t, h.Get("Content-Disposition")); name != "复用配对_"+day+".csv" {
		t.Errorf("csv name %q", name)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(all)+1 {
		t.Fatalf("CSV: %d pairs, the store %d", len(recs)-1, len(all))
	}
	ids := map[[2]string]bool{}
	for _, r := range recs[1:] {
		ids[[2]string{r[12], r[13]}] = true
	}
	for _, p := range all {
		if !ids[[2]string{p.A.ID, p.B.ID}] {
			t.Fatalf("pair %s–%s missing from the CSV", p.A.ID, p.B.ID)
		}
	}

	// min_score applies to the export.
	_, body, _ = e.do("GET", "/api/v1/reuse/pairs?format=csv&min_score=0.5", nil, "", true)
	strong, _ := e.corpus.ReusePairs(context.Background(), 0.5, 0)
	if recs, _ := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll(); len(recs) != len(strong)+1 {
		t.Errorf("min_score=0.5: %d rows, want %d", len(recs)-1, len(strong))
	}

	st, body, h = e.do("GET", "/api/v1/reuse/pairs?format=xlsx&limit=5", nil, "", true)
	if st != http.StatusOK {
		t.Fatalf("xlsx: %d", st)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(report.SheetPairs)
	pas, _ := f.GetRows(report.SheetPairPassages)
	passages := 0
	for _, p := range all {
		passages += len(p.Passages)
	}
	if len(rows) != len(all)+1 || len(pas) != passages+1 {
		t.Errorf("XLSX: %d pairs, %d passages; want %d, %d (limit ignored)", len(rows)-1, len(pas)-1, len(all), passages)
	}
	if _, _, name := filenameStar(t, h.Get("Content-Disposition")); name != "复用配对_"+day+".xlsx" {
		t.Errorf("xlsx name %q", name)
	}
}

// ringDocs makes n plans from the sentences of two seeds: paragraph i is
// in plans i-w+1 … i (mod n), so every plan shares text with its 2(w-1)
// neighbours, n(w-1) pairs in all, and no paragraph is in more plans than
// the reuse index's document-frequency cap (10), which would make it
// common phrasing rather than copying.
func ringDocs(t *testing.T, n, w int) []file {
	t.Helper()
	var sents []string
	seen := map[string]bool{}
	for _, name := range []string{"001_f4d157a1266cd397.txt", "002_9058a1a23e0705b8.txt"} {
		for _, s := range strings.Split(string(readShared(t, "corpus", "seeds", name).data), "。") {
			s = strings.TrimSpace(s)
			if len([]rune(s)) >= 30 && !seen[s] {
				seen[s] = true
				sents = append(sents, s+"。")
			}
		}
	}
	if len(sents) < 2*n {
		t.Fatalf("%d sentences, need %d", len(sents), 2*n)
	}
	var fs []file
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "第%d卫生院2026年党建工作计划\n", i+1)
		for k := range w {
			j := (i + k) % n
			b.WriteString(sents[2*j] + sents[2*j+1] + "\n")
		}
		fs = append(fs, file{fmt.Sprintf("ring_%02d.txt", i), []byte(b.String())})
	}
	return fs
}

// TestDisposition: what a browser decodes from filename* is the name.
func TestDisposition(t *testing.T) {
	for _, name := range []string{"查重报告_2026年党建工作计划_2026-11-24.pdf", "a b;c,d=e@f'g(h).xlsx", "复用配对_2026-11-24.csv"} {
		cd := disposition("attachment", "x.pdf", name)
		if _, ps, err := mime.ParseMediaType(cd); err != nil || ps["filename"] != name {
			t.Errorf("%q does not decode to %q: %v %v", cd, name, ps, err)
		}
		if strings.ContainsAny(strings.SplitN(cd, "filename*=UTF-8''", 2)[1], " ;,:=@'()") {
			t.Errorf("filename* %q holds a character RFC 5987 does not allow", cd)
		}
	}
	if got := rfc5987("查 a'b"); got != "%E6%9F%A5%20a%27b" {
		t.Errorf("rfc5987: %q", got)
	}
	if u, _ := url.PathUnescape(rfc5987("查重报告_x.pdf")); u != "查重报告_x.pdf" {
		t.Errorf("round trip %q", u)
	}
}
