package api

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
)

// listEnv uploads the seeds plus 40 generated documents (67 documents,
// more than one default page) through the real pipeline and returns the
// server with every document's list row by id.
func listEnv(t *testing.T) (*testEnv, map[string]corpus.DocSummary) {
	t.Helper()
	e := newEnv(t, nil)
	fs := seeds(t)
	for i := range 40 {
		n, text := genDoc(i)
		fs = append(fs, file{n, []byte(text)})
	}
	for len(fs) > 0 {
		n := min(len(fs), 15)
		e.uploadResults(http.StatusCreated, fs[:n]...)
		fs = fs[n:]
	}
	st, b := e.get("/api/v1/documents?limit=500")
	if st != http.StatusOK {
		t.Fatalf("list: %d %s", st, abbrev(b))
	}
	docs := map[string]corpus.DocSummary{}
	for _, d := range decode[struct {
		Documents []corpus.DocSummary `json:"documents"`
	}](t, b).Documents {
		docs[d.ID] = d
	}
	return e, docs
}

// listPage is the paging envelope every list answers with.
type listPage struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// TestLists checks paging and the added fields on one shared corpus.
func TestLists(t *testing.T) {
	e, docs := listEnv(t)
	t.Run("paging", func(t *testing.T) { testListPaging(t, e, docs) })
	t.Run("fields", func(t *testing.T) { testListFields(t, e, docs) })
	t.Run("figures", func(t *testing.T) { testReuseFigures(t, e, docs) })
}

// testListPaging walks every long list page by page: each page holds
// min(limit, total-offset) rows, the pages together are the whole list in
// the same order as one big page, total never changes, and the envelope
// echoes the offset and limit applied.
func testListPaging(t *testing.T, e *testEnv, docs map[string]corpus.DocSummary) {
	if len(docs) < 60 {
		t.Fatalf("list corpus holds %d documents, want 60+", len(docs))
	}
	lists := []struct {
		path, key string
		minTotal  int
	}{
		{"/api/v1/documents?sort=reuse", "documents", 60},
		{"/api/v1/search?q=" + url.QueryEscape("党员") + "&facets=false", "hits", 51},
		{"/api/v1/reuse/pairs", "pairs", 10},
		{"/api/v1/reuse/clusters", "clusters", 2},
		{"/api/v1/slogans", "slogans", 20},
		{"/api/v1/targets", "targets", 60},
	}
	for _, l := range lists {
		t.Run(l.key, func(t *testing.T) {
			fetch := func(off, lim int) (listPage, []string) {
				t.Helper()
				sep := "?"
				if strings.Contains(l.path, "?") {
					sep = "&"
				}
				st, b := e.get(fmt.Sprintf("%s%soffset=%d&limit=%d", l.path, sep, off, lim))
				if st != http.StatusOK {
					t.Fatalf("%s offset %d limit %d: %d %s", l.path, off, lim, st, abbrev(b))
				}
				var p listPage
				if err := json.Unmarshal(b, &p); err != nil {
					t.Fatal(err)
				}
				var raw map[string]json.RawMessage
				json.Unmarshal(b, &raw)
				var items []json.RawMessage
				if err := json.Unmarshal(raw[l.key], &items); err != nil {
					t.Fatalf("%s: %q is not a list: %s", l.path, l.key, abbrev(b))
				}
				keys := make([]string, len(items))
				for i, it := range items {
					keys[i] = itemKey(t, l.key, it)
				}
				return p, keys
			}
			// The whole list, read in pages of the largest size.
			whole, all := fetch(0, maxPage)
			for len(all) < whole.Total {
				p, keys := fetch(len(all), maxPage)
				if len(keys) == 0 || p.Total != whole.Total {
					break
				}
				all = append(all, keys...)
			}
			if whole.Total < l.minTotal || len(all) != whole.Total {
				t.Fatalf("pages of %d: %d rows, total %d (want total >= %d and every row)", maxPage, len(all), whole.Total, l.minTotal)
			}
			const lim = 7
			var walked []string
			for off := 0; off < whole.Total+lim; off += lim {
				p, keys := fetch(off, lim)
				echo := l.key != "targets" // its envelope is {"total","targets"}, written by corpus/export
				if p.Total != whole.Total || echo && (p.Offset != off || p.Limit != lim) {
					t.Fatalf("page at %d: total %d offset %d limit %d, want %d %d %d", off, p.Total, p.Offset, p.Limit, whole.Total, off, lim)
				}
				if want := max(0, min(lim, whole.Total-off)); len(keys) != want {
					t.Fatalf("page at %d: %d rows, want %d", off, len(keys), want)
				}
				walked = append(walked, keys...)
			}
			if strings.Join(walked, "\n") != strings.Join(all, "\n") {
				t.Errorf("pages of %d do not add up to the whole list (%d vs %d rows)", lim, len(walked), len(all))
			}
			if l.key == "targets" {
				return
			}
			// A page size over the cap is cut to it, and the answer says so.
			if p, keys := fetch(0, 100000); p.Limit != maxPage || len(keys) != min(maxPage, whole.Total) {
				t.Errorf("limit 100000: limit %d, %d rows; want %d and %d", p.Limit, len(keys), maxPage, min(maxPage, whole.Total))
			}
		})
	}
}

// itemKey names one list row so pages can be compared with the whole.
func itemKey(t *testing.T, list string, raw json.RawMessage) string {
	t.Helper()
	var v struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		Kind string `json:"kind"`
		A    struct {
			ID string `json:"id"`
		} `json:"a"`
		B struct {
			ID string `json:"id"`
		} `json:"b"`
		DocID string `json:"doc_id"`
		Start int    `json:"start"`
	}
	if list == "clusters" {
		var ids []string
		if err := json.Unmarshal(raw, &ids); err != nil {
			t.Fatal(err)
		}
		return strings.Join(ids, ",")
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	switch list {
	case "pairs":
		return v.A.ID + "/" + v.B.ID
	case "slogans":
		return v.Kind + ":" + v.Text
	case "targets":
		return fmt.Sprintf("%s@%d", v.DocID, v.Start)
	}
	return v.ID
}

// testListFields: search hits carry part, year, type, org and reuse score
// equal to the document's list row; reuse pairs (corpus-wide and one
// document's) name each side's org and year; a page of clusters comes with
// the list rows of every document in it.
func testListFields(t *testing.T, e *testEnv, docs map[string]corpus.DocSummary) {
	eqInt := func(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	eqStr := func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

	st, b := e.get("/api/v1/search?limit=100&q=" + url.QueryEscape("党员"))
	if st != http.StatusOK {
		t.Fatalf("search: %d %s", st, abbrev(b))
	}
	res := decode[corpus.SearchResult](t, b)
	multi := 0
	for _, h := range res.Hits {
		d, ok := docs[h.ID]
		if !ok {
			t.Errorf("hit %s is not in the documents list", h.ID)
			continue
		}
		if h.Part != d.Part || h.DocType != d.DocType || !eqInt(h.Year, d.Year) || !eqStr(h.Org, d.Org) || h.ReuseScore != d.ReuseScore || h.Source != d.Source {
			t.Errorf("hit %s: part %d type %q year %v org %v reuse %v; document: %+v", h.ID, h.Part, h.DocType, h.Year, h.Org, h.ReuseScore, d)
		}
		if h.Part > 1 {
			multi++
		}
	}
	if multi == 0 {
		t.Errorf("no hit from a later part of a multi-document file among %d hits", len(res.Hits))
	}

	checkRef := func(what string, id, source string, part int, org *string, year *int) {
		t.Helper()
		d, ok := docs[id]
		if !ok {
			t.Errorf("%s: %s is not a document", what, id)
			return
		}
		if source != d.Source || part != d.Part || !eqStr(org, d.Org) || !eqInt(year, d.Year) {
			t.Errorf("%s: %s has source %q part %d org %v year %v; document %+v", what, id, source, part, org, year, d)
		}
	}
	type ref struct {
		ID     string  `json:"id"`
		Source string  `json:"source"`
		Part   int     `json:"part"`
		Org    *string `json:"org"`
		Year   *int    `json:"year"`
	}
	type pair struct{ A, B ref }
	st, b = e.get("/api/v1/reuse/pairs?limit=500")
	pairs := decode[struct{ Pairs []pair }](t, b).Pairs
	if st != http.StatusOK || len(pairs) == 0 {
		t.Fatalf("pairs: %d, %d pairs", st, len(pairs))
	}
	withOrg := 0
	for _, p := range pairs {
		checkRef("pair A", p.A.ID, p.A.Source, p.A.Part, p.A.Org, p.A.Year)
		checkRef("pair B", p.B.ID, p.B.Source, p.B.Part, p.B.Org, p.B.Year)
		if p.A.Org != nil && p.B.Org != nil {
			withOrg++
		}
	}
	if withOrg == 0 {
		t.Errorf("no pair names an org on both sides")
	}
	one := pairs[0].A.ID
	st, b = e.get("/api/v1/documents/" + one + "/reuse")
	dr := decode[struct{ Pairs []pair }](t, b).Pairs
	if st != http.StatusOK || len(dr) == 0 {
		t.Fatalf("document reuse of %s: %d, %d pairs", one, st, len(dr))
	}
	for _, p := range dr {
		checkRef("document reuse B", p.B.ID, p.B.Source, p.B.Part, p.B.Org, p.B.Year)
	}

	st, b = e.get("/api/v1/reuse/clusters?limit=2")
	cl := decode[struct {
		Total     int                          `json:"total"`
		Clusters  [][]string                   `json:"clusters"`
		Documents map[string]corpus.DocSummary `json:"documents"`
	}](t, b)
	if st != http.StatusOK || len(cl.Clusters) == 0 {
		t.Fatalf("clusters: %d %s", st, abbrev(b))
	}
	n := 0
	for _, g := range cl.Clusters {
		for _, id := range g {
			n++
			got, ok := cl.Documents[id]
			if w := docs[id]; !ok || got.ID != id || got.Source != w.Source || got.Part != w.Part || got.Title != w.Title || !eqStr(got.Org, w.Org) {
				t.Errorf("cluster document %s: %+v, want %+v", id, got, docs[id])
			}
		}
	}
	if len(cl.Documents) != n {
		t.Errorf("clusters page names %d documents, its clusters hold %d", len(cl.Documents), n)
	}
}

// TestListPagingErrors: bad offsets and limits are 400 in the error shape,
// on every list.
func TestListPagingErrors(t *testing.T) {
	e := newEnv(t, nil)
	for _, path := range []string{"/api/v1/documents", "/api/v1/search?q=a", "/api/v1/reuse/pairs", "/api/v1/reuse/clusters", "/api/v1/slogans", "/api/v1/targets"} {
		for _, q := range []string{"offset=-1", "limit=-5", "limit=十", "offset=1.5"} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			st, b := e.get(path + sep + q)
			if st != http.StatusBadRequest || errCode(t, b) != CodeBadRequest {
				t.Errorf("%s %s: %d %s, want 400", path, q, st, abbrev(b))
			}
		}
	}
}

// TestAuthMessages: a 401 says which token is missing or wrong (read or
// write), in Chinese and English, and how to send it; the error body's
// token field and the WWW-Authenticate scope name it for clients.
func TestAuthMessages(t *testing.T) {
	both := newEnv(t, func(d *Deps) { d.Token = "写入令牌-w"; d.ReadToken = "read-r" })
	writeOnly := newEnv(t, func(d *Deps) { d.Token = "w-only" })
	cases := []struct {
		name         string
		env          *testEnv
		method, path string
		auth         string // Authorization header; "" sends none
		token        string // wanted error.token
		says         []string
		challenge    string
	}{
		{"read, none", both, "GET", "/api/v1/documents", "", TokenRead,
			[]string{"需要读取令牌", "read token required", "--read-token", "写入令牌也可读取"}, `scope="read"`},
		{"read, wrong", both, "GET", "/api/v1/search?q=a", "Bearer nope", TokenRead,
			[]string{"读取令牌不正确", "wrong read token"}, `error="invalid_token"`},
		{"read, not bearer", both, "GET", "/api/v1/slogans", "Token read-r", TokenRead,
			[]string{"格式不对", "malformed Authorization header"}, `error="invalid_request"`},
		{"read, empty bearer", both, "GET", "/api/v1/reuse/pairs", "Bearer   ", TokenRead,
			[]string{"格式不对", "malformed"}, `error="invalid_request"`},
		{"write, none", both, "DELETE", "/api/v1/documents/x", "", TokenWrite,
			[]string{"需要写入令牌", "write token required", "--token"}, `scope="write"`},
		{"write, the read token", both, "DELETE", "/api/v1/documents/x", "Bearer read-r", TokenWrite,
			[]string{"读取令牌不能上传或删除", "not the read token"}, `error="insufficient_scope"`},
		{"write, wrong", both, "POST", "/api/v1/documents", "Bearer nope", TokenWrite,
			[]string{"写入令牌不正确", "wrong write token"}, `error="invalid_token"`},
		{"write-only server, none", writeOnly, "DELETE", "/api/v1/documents/x", "", TokenWrite,
			[]string{"需要写入令牌", "write token required"}, `scope="write"`},
		{"write-only server, wrong", writeOnly, "DELETE", "/api/v1/documents/x", "bearer nope", TokenWrite,
			[]string{"写入令牌不正确"}, `error="invalid_token"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, tc.env.http.URL+tc.path, nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body errorBody
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusUnauthorized || body.Error.Code != CodeUnauthorized || body.Error.Token != tc.token {
				t.Fatalf("status %d code %q token %q, want 401 unauthorized %q", resp.StatusCode, body.Error.Code, body.Error.Token, tc.token)
			}
			for _, s := range append(tc.says, "Authorization: Bearer") {
				if !strings.Contains(body.Error.Message, s) {
					t.Errorf("message lacks %q: %s", s, body.Error.Message)
				}
			}
			if ch := resp.Header.Get("WWW-Authenticate"); !strings.Contains(ch, tc.challenge) || !strings.Contains(ch, `scope="`+tc.token+`"`) {
				t.Errorf("WWW-Authenticate %q, want %s and scope %s", ch, tc.challenge, tc.token)
			}
		})
	}
	// The write-only server leaves reads open.
	if st, b := writeOnly.get("/api/v1/documents"); st != http.StatusOK {
		t.Errorf("read on a write-only server: %d %s", st, abbrev(b))
	}
}

// testReuseFigures: a document's reuse view states the same total copied
// share (总复制比) as the list, never below its largest single source
// (最大单篇) — a reviewer saw 97% below 98%.
func testReuseFigures(t *testing.T, e *testEnv, docs map[string]corpus.DocSummary) {
	copied := 0
	for id, d := range docs {
		st, b := e.get("/api/v1/documents/" + id + "/reuse")
		if st != http.StatusOK {
			t.Fatalf("%s reuse: %d %s", id, st, abbrev(b))
		}
		r := decode[struct {
			Pairs   []json.RawMessage `json:"pairs"`
			Figures struct {
				Copied    float64 `json:"copied"`
				MaxSource float64 `json:"max_source"`
			} `json:"figures"`
		}](t, b)
		f := r.Figures
		if f.MaxSource > f.Copied+1e-9 {
			t.Errorf("%s: 总复制比 %.4f below 最大单篇 %.4f", id, f.Copied, f.MaxSource)
		}
		if math.Abs(f.Copied-d.ReuseScore) > 1e-6 {
			t.Errorf("%s: reuse view total %.4f, list %.4f", id, f.Copied, d.ReuseScore)
		}
		if len(r.Pairs) > 0 && f.Copied > 0 {
			copied++
		}
	}
	if copied < 10 {
		t.Errorf("only %d documents with copied text: the corpus does not exercise the figures", copied)
	}
}
