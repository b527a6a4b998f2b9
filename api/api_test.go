package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// TestDocumentsLifecycle uploads the seeds and walks every read endpoint,
// then deletes a document.
func TestDocumentsLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	rs := e.uploadResults(http.StatusCreated, seeds(t)...)
	byID := map[string]Result{}
	parts000 := 0
	for _, r := range rs {
		if r.Status != StatusCreated || r.ID == "" {
			t.Fatalf("result %+v", r)
		}
		byID[r.ID] = r
		if strings.HasPrefix(r.Source, "000_") {
			parts000++
		}
	}
	if parts000 < 8 {
		t.Errorf("seed 000 gave %d parts, want 8 (篇1…篇8)", parts000)
	}

	// The same bytes again are duplicates: 200, same ids.
	again := e.uploadResults(http.StatusOK, seeds(t)[0])
	for _, r := range again {
		if r.Status != StatusDuplicate || byID[r.ID].ID == "" {
			t.Errorf("re-upload %+v, want duplicate of a known id", r)
		}
	}

	// List, paging and filters.
	st, b := e.get("/api/v1/documents?limit=5&sort=title")
	if st != http.StatusOK {
		t.Fatalf("list: %d %s", st, b)
	}
	list := decode[struct {
		Total     int                 `json:"total"`
		Documents []corpus.DocSummary `json:"documents"`
	}](t, b)
	if list.Total != len(rs) || len(list.Documents) != 5 {
		t.Errorf("list total %d (want %d), page %d (want 5)", list.Total, len(rs), len(list.Documents))
	}
	st, b = e.get("/api/v1/documents?type=summary&limit=100")
	sum := decode[struct {
		Documents []corpus.DocSummary `json:"documents"`
	}](t, b)
	if st != http.StatusOK {
		t.Fatalf("list type: %d", st)
	}
	for _, d := range sum.Documents {
		if d.DocType != "summary" {
			t.Errorf("type filter let through %s (%s)", d.Title, d.DocType)
		}
	}

	// One document: analysis JSON with text and offsets.
	var some Result
	for _, r := range rs {
		if strings.HasPrefix(r.Source, "002_") {
			some = r
		}
	}
	st, b = e.get("/api/v1/documents/" + some.ID)
	if st != http.StatusOK {
		t.Fatalf("get: %d %s", st, b)
	}
	d := decode[doc.Document](t, b)
	if d.ID != some.ID || d.Text == "" || d.Title == "" || d.Sections == nil {
		t.Errorf("document %s: id %q title %q text %d runes", some.ID, d.ID, d.Title, len([]rune(d.Text)))
	}
	for _, tg := range d.Targets {
		if tg.Start < 0 || tg.End > len([]rune(d.Text)) || tg.Start >= tg.End {
			t.Errorf("target span [%d,%d) outside text", tg.Start, tg.End)
		}
	}

	// Original: bytes as uploaded, RFC 5987 name.
	st, body, h := e.do("GET", "/api/v1/documents/"+some.ID+"/original", nil, "", true)
	var orig file
	for _, f := range seeds(t) {
		if f.name == some.Source {
			orig = f
		}
	}
	if st != http.StatusOK || !bytes.Equal(body, orig.data) {
		t.Errorf("original: status %d, %d bytes, want %d", st, len(body), len(orig.data))
	}
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(some.Source)) || !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q", ct)
	}

	// Reuse of a document: SPEC §3 pairs.
	st, b = e.get("/api/v1/documents/" + some.ID + "/reuse")
	if st != http.StatusOK || !bytes.Contains(b, []byte(`"pairs"`)) {
		t.Errorf("doc reuse: %d %s", st, abbrev(b))
	}
	for _, p := range []string{"/api/v1/reuse/pairs", "/api/v1/reuse/clusters", "/api/v1/slogans"} {
		if st, b := e.get(p); st != http.StatusOK {
			t.Errorf("%s: %d %s", p, st, abbrev(b))
		}
	}

	// Search in Traditional finds Simplified text, with highlights.
	st, b = e.get("/api/v1/search?q=" + url.QueryEscape("黨員"))
	res := decode[corpus.SearchResult](t, b)
	if st != http.StatusOK || res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("search 黨員: %d %s", st, abbrev(b))
	}
	if res.Facets == nil {
		t.Errorf("search: no facets")
	}
	// Field parameters narrow the search.
	st, b = e.get("/api/v1/search?q=" + url.QueryEscape("党员") + "&type=summary")
	narrow := decode[corpus.SearchResult](t, b)
	if st != http.StatusOK || narrow.Total > res.Total {
		t.Errorf("search with type=summary: %d total %d (unfiltered %d)", st, narrow.Total, res.Total)
	}

	// Targets as JSON, CSV and XLSX agree on the row count.
	st, b = e.get("/api/v1/targets?limit=500")
	tj := decode[struct {
		Total   int                `json:"total"`
		Targets []corpus.TargetRow `json:"targets"`
	}](t, b)
	if st != http.StatusOK || tj.Total == 0 || len(tj.Targets) != tj.Total {
		t.Fatalf("targets: %d total %d rows %d", st, tj.Total, len(tj.Targets))
	}
	st, b = e.get("/api/v1/targets?format=csv")
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if st != http.StatusOK || err != nil || len(recs) != tj.Total+1 {
		t.Errorf("csv: %d, %d records (want %d), err %v", st, len(recs), tj.Total+1, err)
	}
	st, b = e.get("/api/v1/targets?format=xlsx&kind=plan")
	xf, err := excelize.OpenReader(bytes.NewReader(b))
	if st != http.StatusOK || err != nil {
		t.Fatalf("xlsx: %d %v", st, err)
	}
	rows, _ := xf.GetRows(xf.GetSheetName(0))
	if len(rows) < 2 || len(rows) > tj.Total+1 {
		t.Errorf("xlsx rows %d, want 2…%d", len(rows), tj.Total+1)
	}

	// Delete, then the document is gone.
	st, _, _ = e.do("DELETE", "/api/v1/documents/"+some.ID, nil, "", true)
	if st != http.StatusOK {
		t.Errorf("delete: %d", st)
	}
	if st, b := e.get("/api/v1/documents/" + some.ID); st != http.StatusNotFound || errCode(t, b) != CodeNotFound {
		t.Errorf("after delete: %d %s", st, b)
	}
	if st, _, _ := e.do("DELETE", "/api/v1/documents/"+some.ID, nil, "", true); st != http.StatusNotFound {
		t.Errorf("second delete: %d, want 404", st)
	}
}

// TestErrorStatuses checks every error status of the contract, each in
// the JSON error shape with its code.
func TestErrorStatuses(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.MaxFileSize = 64 << 10 })
	big := bytes.Repeat([]byte("医院党委全年发展党员不少于五名。\n"), 4000)
	docx := readShared(t, "corpus", "formats", "002_libreoffice.docx")
	cases := []struct {
		name   string
		do     func() (int, []byte)
		status int
		code   string
	}{
		{"bad limit", func() (int, []byte) { return e.get("/api/v1/documents?limit=abc") }, 400, CodeBadRequest},
		{"bad sort", func() (int, []byte) { return e.get("/api/v1/documents?sort=size") }, 400, CodeBadRequest},
		{"bad min_reuse", func() (int, []byte) { return e.get("/api/v1/documents?min_reuse=高") }, 400, CodeBadRequest},
		{"bad target format", func() (int, []byte) { return e.get("/api/v1/targets?format=pdf") }, 400, CodeBadRequest},
		{"bad search syntax", func() (int, []byte) { return e.get("/api/v1/search?q=" + url.QueryEscape("year:>>abc")) }, 400, CodeBadRequest},
		{"not multipart", func() (int, []byte) {
			st, b, _ := e.do("POST", "/api/v1/documents", strings.NewReader("{}"), "application/json", true)
			return st, b
		}, 400, CodeBadRequest},
		{"no file field", func() (int, []byte) {
			st, b, _ := e.do("POST", "/api/v1/documents", strings.NewReader("--x--\r\n"), "multipart/form-data; boundary=x", true)
			return st, b
		}, 400, CodeBadRequest},
		{"body cut off mid-part", func() (int, []byte) {
			body := "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n全年计划发展党员"
			st, b, _ := e.do("POST", "/api/v1/documents", strings.NewReader(body), "multipart/form-data; boundary=x", true)
			return st, b
		}, 400, CodeBadRequest},
		{"unknown document", func() (int, []byte) { return e.get("/api/v1/documents/nope") }, 404, CodeNotFound},
		{"unknown original", func() (int, []byte) { return e.get("/api/v1/documents/nope/original") }, 404, CodeNotFound},
		{"unknown reuse", func() (int, []byte) { return e.get("/api/v1/documents/nope/reuse") }, 404, CodeNotFound},
		{"unknown job", func() (int, []byte) { return e.get("/api/v1/jobs/nope") }, 404, CodeNotFound},
		{"unknown route", func() (int, []byte) { return e.get("/api/v1/nothing") }, 404, CodeNotFound},
		{"too large", func() (int, []byte) { return e.upload(file{"大文件.txt", big}) }, 413, CodeTooLarge},
		{"unsupported", func() (int, []byte) { return e.upload(file{"表格.xyz", []byte("a,b\n1,2\n")}) }, 415, CodeUnsupported},
		{"truncated docx", func() (int, []byte) { return e.upload(file{"截断.docx", docx.data[:len(docx.data)/2]}) }, 422, CodeUnreadable},
		{"empty", func() (int, []byte) { return e.upload(file{"空.txt", nil}) }, 422, CodeUnreadable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, b := tc.do()
			if st != tc.status {
				t.Fatalf("status %d, want %d: %s", st, tc.status, abbrev(b))
			}
			if strings.Contains(tc.name, "upload") || bytes.Contains(b, []byte(`"results"`)) {
				rs := decode[struct{ Results []Result }](t, b).Results
				if len(rs) != 1 || rs[0].Code != tc.code || rs[0].Error == "" {
					t.Errorf("results %+v, want one failed with %s", rs, tc.code)
				}
				return
			}
			if c := errCode(t, b); c != tc.code {
				t.Errorf("code %q, want %q", c, tc.code)
			}
		})
	}

	// A request body over the whole-upload cap is cut off with 413.
	small := newEnv(t, func(d *Deps) { d.MaxFileSize = 16 << 10; d.MaxUploadSize = 32 << 10 })
	st, b := small.upload(file{"a.txt", big[:20000]}, file{"b.txt", big[:20000]}, file{"c.txt", big[:20000]})
	if st != http.StatusRequestEntityTooLarge || errCode(t, b) != CodeTooLarge {
		t.Errorf("oversized body: %d %s", st, abbrev(b))
	}
}

// TestMixedUploadOneBadFile: one bad file never fails the others.
func TestMixedUploadOneBadFile(t *testing.T) {
	e := newEnv(t, nil)
	_, good := genDoc(3)
	rs := e.uploadResults(http.StatusCreated,
		file{"好.txt", []byte(good)}, file{"坏.pdf", []byte("%PDF-1.4\n垃圾")}, file{"怪.exe", []byte("MZ\x90\x00")})
	var created, failed int
	for _, r := range rs {
		switch r.Status {
		case StatusCreated:
			created++
		case StatusFailed:
			failed++
			if r.Error == "" || r.Code == "" {
				t.Errorf("failed result without reason: %+v", r)
			}
		}
	}
	if created != 1 || failed != 2 {
		t.Errorf("created %d failed %d, want 1 and 2: %+v", created, failed, rs)
	}
}

// TestAuth checks write and read tokens.
func TestAuth(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.Token = "写入令牌-w"; d.ReadToken = "read-r" })
	_, text := genDoc(1)
	body, ct := multipartBody(t, []file{{"a.txt", []byte(text)}})
	try := func(method, path, token string, body *bytes.Buffer, ctype string) int {
		var rd *bytes.Reader
		if body != nil {
			rd = bytes.NewReader(body.Bytes())
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequest(method, e.http.URL+path, rd)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	cases := []struct {
		method, path, token string
		write               bool
		want                int
	}{
		{"POST", "/api/v1/documents", "", true, 401},
		{"POST", "/api/v1/documents", "wrong", true, 401},
		{"POST", "/api/v1/documents", "read-r", true, 401},
		{"POST", "/api/v1/documents", "写入令牌-w", true, 201},
		{"DELETE", "/api/v1/documents/x", "", false, 401},
		{"DELETE", "/api/v1/documents/x", "写入令牌-w", false, 404},
		{"GET", "/api/v1/documents", "", false, 401},
		{"GET", "/api/v1/documents", "read-r", false, 200},
		{"GET", "/api/v1/documents", "写入令牌-w", false, 200},
		{"GET", "/api/v1/search?q=党员", "wrong", false, 401},
		{"GET", "/healthz", "", false, 200},
		{"GET", "/readyz", "", false, 200},
		{"GET", "/metrics", "", false, 200},
		{"GET", "/api/v1/openapi.json", "", false, 200},
		{"GET", "/", "", false, 200},
	}
	for _, c := range cases {
		var b *bytes.Buffer
		ctype := ""
		if c.write {
			b, ctype = body, ct
		}
		if got := try(c.method, c.path, c.token, b, ctype); got != c.want {
			t.Errorf("%s %s token %q: %d, want %d", c.method, c.path, c.token, got, c.want)
		}
	}

	// Without tokens everything is open.
	open := newEnv(t, nil)
	if st, _ := open.upload(file{"b.txt", []byte(text)}); st != http.StatusCreated {
		t.Errorf("open upload: %d", st)
	}
	if st, _ := open.get("/api/v1/documents"); st != http.StatusOK {
		t.Errorf("open list: %d", st)
	}
}

// TestZipJob uploads a 200-file zip, which runs as a job, and checks that
// every file was ingested.
func TestZipJob(t *testing.T) {
	e := newEnv(t, nil)
	var fs []file
	for i := range 200 {
		name, text := genDoc(i)
		fs = append(fs, file{fmt.Sprintf("批次/%s", name), []byte(text)})
	}
	fs = append(fs, file{"__MACOSX/._junk.txt", []byte("x")}, file{".hidden.txt", []byte("x")})
	st, b := e.upload(file{"两百份计划.zip", makeZip(t, fs)})
	if st != http.StatusAccepted {
		t.Fatalf("zip upload: %d %s", st, abbrev(b))
	}
	jobID := decode[struct {
		Job string `json:"job"`
	}](t, b).Job
	js := e.waitJob(jobID, raceSlowdown*5*time.Minute)
	if js.Total != 200 || js.Done != 200 || js.Failed != 0 {
		t.Fatalf("job: total %d done %d failed %d", js.Total, js.Done, js.Failed)
	}
	ids := map[string]bool{}
	for _, r := range js.Results {
		if r.Status != StatusCreated || !strings.HasPrefix(r.Source, "两百份计划.zip/批次/") {
			t.Errorf("result %+v", r)
		}
		ids[r.ID] = true
	}
	st, b = e.get("/api/v1/documents?limit=1")
	if n := decode[struct{ Total int }](t, b).Total; st != 200 || n != len(ids) || n < 200 {
		t.Errorf("stored %d documents, job reported %d ids", n, len(ids))
	}
}

// TestQueueFull fills the queue while the workers are held and expects 429.
func TestQueueFull(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.QueueSize = 1; d.Workers = 1; d.JobFiles = 1 })
	e.srv.gate = make(chan struct{})
	var statuses []int
	var jobs []string
	for i := range 3 {
		_, a := genDoc(10 + 2*i)
		_, b := genDoc(11 + 2*i)
		st, body := e.upload(file{fmt.Sprintf("a%d.txt", i), []byte(a)}, file{fmt.Sprintf("b%d.txt", i), []byte(b)})
		statuses = append(statuses, st)
		if st == http.StatusAccepted {
			jobs = append(jobs, decode[struct{ Job string }](t, body).Job)
		} else if st == http.StatusTooManyRequests && errCode(t, body) != CodeQueueFull {
			t.Errorf("429 without queue_full")
		}
		// Let the worker take the first batch off the queue.
		time.Sleep(50 * time.Millisecond)
	}
	close(e.srv.gate)
	if statuses[2] != http.StatusTooManyRequests {
		t.Errorf("statuses %v, want the third upload refused with 429", statuses)
	}
	for _, j := range jobs {
		if js := e.waitJob(j, time.Minute); js.Failed != 0 {
			t.Errorf("job %s failed %d", j, js.Failed)
		}
	}
}

// TestCorruptBatchStaysHealthy sends many kinds of bad file, then checks
// that the server is healthy and still searches.
func TestCorruptBatchStaysHealthy(t *testing.T) {
	e := newEnv(t, nil)
	docx := readShared(t, "corpus", "formats", "001_libreoffice.docx")
	pdf := readShared(t, "corpus", "formats", "001_libreoffice.pdf")
	_, good := genDoc(5)
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*131 + 7)
	}
	bad := []file{
		{"半截.docx", docx.data[:len(docx.data)/3]},
		{"半截.pdf", pdf.data[:len(pdf.data)/2]},
		{"乱码.bin", junk},
		{"乱码.txt", junk},
		{"空.docx", nil},
		{"错扩展名.pdf", []byte(good)},
		{"错扩展名.docx", []byte(good)},
		{"假压缩包.zip", []byte("PK\x03\x04not really")},
		{"套娃.zip", makeZip(t, []file{{"坏.pdf", pdf.data[:100]}})},
	}
	for _, f := range bad {
		st, b := e.upload(f)
		if st == http.StatusInternalServerError || st < 400 && !bytes.Contains(b, []byte(StatusFailed)) && st != http.StatusCreated {
			t.Errorf("%s: %d %s", f.name, st, abbrev(b))
		}
	}
	e.uploadResults(http.StatusCreated, file{"好.txt", []byte(good)})
	for _, p := range []string{"/healthz", "/readyz"} {
		if st, b := e.get(p); st != http.StatusOK {
			t.Errorf("%s: %d %s", p, st, b)
		}
	}
	st, b := e.get("/api/v1/search?q=" + url.QueryEscape("医院"))
	if st != http.StatusOK || decode[corpus.SearchResult](t, b).Total == 0 {
		t.Errorf("search after bad batch: %d %s", st, abbrev(b))
	}
	st, b = e.get("/metrics")
	if st != http.StatusOK || !bytes.Contains(b, []byte(`planmine_ingest_files_total{status="failed"}`)) ||
		!bytes.Contains(b, []byte(`planmine_http_requests_total{method="POST",route="/api/v1/documents"`)) ||
		!bytes.Contains(b, []byte("planmine_ingest_queue_depth")) ||
		!bytes.Contains(b, []byte(`planmine_ingest_stage_seconds_count{stage="reuse"}`)) {
		t.Errorf("metrics missing series:\n%s", abbrev(b))
	}
}

// TestShutdownFinishesJobs: Shutdown waits for an accepted job.
func TestShutdownFinishesJobs(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.JobFiles = 2 })
	var fs []file
	for i := range 6 {
		n, text := genDoc(40 + i)
		fs = append(fs, file{n, []byte(text)})
	}
	st, b := e.upload(fs...)
	if st != http.StatusAccepted {
		t.Fatalf("upload: %d %s", st, b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	n, err := e.corpus.Store.Count(context.Background())
	if err != nil || n != 6 {
		t.Errorf("after shutdown %d documents stored (err %v), want 6", n, err)
	}
	if st, b := e.upload(fs[0]); st != http.StatusServiceUnavailable {
		t.Errorf("upload after shutdown: %d %s", st, b)
	}
	if st, _ := e.get("/readyz"); st != http.StatusServiceUnavailable {
		t.Errorf("readyz after shutdown: %d", st)
	}
}

func TestCleanName(t *testing.T) {
	cases := map[string]string{
		"../../etc/passwd":    "passwd",
		`C:\Users\张三\计划.docx`: "计划.docx",
		"a/b/工作总结.pdf":        "工作总结.pdf",
		"":                    "upload",
		"..":                  "upload",
		"名\x00字\n.txt":        "名字.txt",
		"2026年党建工作计划（定稿）.docx": "2026年党建工作计划（定稿）.docx",
	}
	for in, want := range cases {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAttachment(t *testing.T) {
	got := attachment("党建 计划\".txt")
	if !strings.HasPrefix(got, "attachment; filename=") || !strings.Contains(got, "filename*=UTF-8''%E5%85%9A%E5%BB%BA%20%E8%AE%A1%E5%88%92%22.txt") {
		t.Errorf("attachment = %q", got)
	}
}

func TestUploadStatus(t *testing.T) {
	f := func(st, code string) Result { return Result{Status: st, Code: code} }
	cases := []struct {
		rs   []Result
		want int
	}{
		{[]Result{f(StatusCreated, ""), f(StatusFailed, CodeUnreadable)}, 201},
		{[]Result{f(StatusDuplicate, ""), f(StatusDuplicate, "")}, 200},
		{[]Result{f(StatusDuplicate, ""), f(StatusFailed, CodeUnsupported)}, 200},
		{[]Result{f(StatusFailed, CodeUnsupported), f(StatusFailed, CodeUnsupported)}, 415},
		{[]Result{f(StatusFailed, CodeTooLarge)}, 413},
		{[]Result{f(StatusFailed, CodeTooLarge), f(StatusFailed, CodeUnsupported)}, 422},
		{[]Result{f(StatusFailed, CodeUnreadable)}, 422},
	}
	for i, c := range cases {
		if got := uploadStatus(c.rs); got != c.want {
			t.Errorf("case %d: %d, want %d", i, got, c.want)
		}
	}
}

// TestRecoveryJSON: a panicking handler answers 500 in the error shape,
// without its detail, and the server goes on serving.
func TestRecoveryJSON(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.engine.GET("/api/v1/boom", func(*gin.Context) { panic("秘密细节 secret detail") })
	st, b := e.get("/api/v1/boom")
	if st != http.StatusInternalServerError || errCode(t, b) != CodeInternal || bytes.Contains(b, []byte("secret")) {
		t.Errorf("panic: %d %s", st, b)
	}
	if st, _ := e.get("/healthz"); st != http.StatusOK {
		t.Errorf("healthz after panic: %d", st)
	}
}
