package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
	"github.com/planmine/planmine/nlp/segment"
)

// fillDir returns a data directory holding n generated documents, read,
// analysed, stored and indexed as an upload would, and closed again.
func fillDir(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	c, err := local.Open(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var files []corpus.File
	for i := range n {
		name, text := genDoc(i)
		docs, err := ingest.Read(ctx, name, strings.NewReader(text), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for k := range docs {
			if err := nlp.Analyze(ctx, &docs[k]); err != nil {
				t.Fatal(err)
			}
		}
		files = append(files, corpus.File{Name: name, Original: []byte(text), Docs: docs})
	}
	if _, errs, err := c.AddBatch(ctx, files); err != nil {
		t.Fatal(err)
	} else {
		for _, e := range errs {
			if e != nil {
				t.Fatal(e)
			}
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startingEnv is a server made without a corpus, on a loopback port, whose
// Start runs in the background; Start's result arrives on done.
type startingEnv struct {
	*testEnv
	tt   *testing.T
	done chan error
}

// docPath is the id part of a document path, for its route template.
var docPath = regexp.MustCompile(`^/api/v1/documents/[^/]+`)

func newStartingEnv(t *testing.T, st Starter) *startingEnv {
	t.Helper()
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("PLANMINE_TEST_LOG") != "" {
		lg = slog.Default()
	}
	s := NewServer(Deps{Logger: lg})
	hs := httptest.NewServer(s)
	e := &startingEnv{testEnv: &testEnv{t: t, srv: s, http: hs}, tt: t, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	var c *corpus.Corpus
	go func() {
		var err error
		c, err = s.Start(ctx, st)
		e.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		err := <-e.done
		e.done <- err
		hs.Close()
		sctx, scancel := context.WithTimeout(context.Background(), raceSlowdown*time.Minute)
		defer scancel()
		s.Shutdown(sctx)
		if c != nil {
			c.Close()
		}
	})
	return e
}

// unavailable is the body of a 503 of a starting server.
type unavailable struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Startup *startupStatus `json:"startup"`
	} `json:"error"`
}

// waiting asserts that path answers 503 with the start-up status, a
// reason holding want, and a Retry-After header, as openapi.json says.
func (e *startingEnv) waiting(method, path, want string) unavailable {
	e.t.Helper()
	st, b, hdr := e.do(method, path, nil, "", true)
	route := docPath.ReplaceAllString(strings.SplitN(path, "?", 2)[0], "/api/v1/documents/{id}")
	loadSpec(e.tt).conforms(e.tt, method, route, st, b)
	var u unavailable
	json.Unmarshal(b, &u)
	if st != http.StatusServiceUnavailable || u.Error.Code != CodeUnavailable || u.Error.Startup == nil ||
		!strings.Contains(u.Error.Message, want) || hdr.Get("Retry-After") == "" {
		e.t.Errorf("%s %s: %d Retry-After=%q %s, want 503 with the start-up status, %q and Retry-After",
			method, path, st, hdr.Get("Retry-After"), abbrev(b), want)
	}
	return u
}

// pollReady polls /readyz until cond holds for its start-up status (or
// until it answers 200, when cond is nil).
func (e *startingEnv) pollReady(what string, cond func(*startupStatus) bool) {
	e.t.Helper()
	deadline := time.Now().Add(raceSlowdown * time.Minute)
	for time.Now().Before(deadline) {
		st, b := e.get("/readyz")
		if cond == nil && st == http.StatusOK {
			return
		}
		var u unavailable
		if json.Unmarshal(b, &u) == nil && u.Error.Startup != nil && cond != nil && cond(u.Error.Startup) {
			return
		}
		select {
		case err := <-e.done:
			e.done <- err
			if err != nil {
				e.t.Fatalf("start failed waiting for %s: %v", what, err)
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
	e.t.Fatalf("/readyz never showed %s", what)
}

// TestStartServesWhatIsOpen: a server made without a corpus answers
// health checks and the UI at once; store reads once the store is open,
// while search, uploads and deletes wait for the segmenter with 503, the
// reason and Retry-After; then /readyz turns 200 and search finds what
// the store holds.
func TestStartServesWhatIsOpen(t *testing.T) {
	const n = 12
	dir := fillDir(t, n)
	storeGate, segGate := make(chan struct{}), make(chan struct{})
	e := newStartingEnv(t, Starter{
		OpenStore: func(ctx context.Context) (*corpus.Corpus, error) {
			<-storeGate
			return local.OpenStore(ctx, dir, nil)
		},
		LoadSegmenter: func() error {
			<-segGate
			_, err := segment.Default()
			return err
		},
	})

	// Nothing open yet.
	for _, p := range []string{"/healthz", "/", "/assets/app.js", "/api/v1/openapi.json"} {
		if st, b := e.get(p); st != http.StatusOK {
			t.Errorf("%s while opening the store: %d %s", p, st, abbrev(b))
		}
	}
	u := e.waiting("GET", "/readyz", "正在打开存储 (opening the store)")
	if s := u.Error.Startup; s == nil || s.Store != "opening" || s.Segmenter != "loading" {
		t.Errorf("readyz status while opening the store: %+v", s)
	}
	for _, p := range []string{"/api/v1/documents", "/api/v1/documents/x", "/api/v1/targets", "/api/v1/slogans", "/api/v1/reuse/clusters"} {
		e.waiting("GET", p, "正在打开存储")
	}
	e.waiting("GET", "/api/v1/search?q=党员", "正在打开存储")

	// The store opens; the index opens from it; the segmenter is held.
	close(storeGate)
	e.pollReady("the index open", func(s *startupStatus) bool { return s.Index == "ready" })
	st, b := e.get("/api/v1/documents?limit=100")
	list := decode[struct {
		Total     int                 `json:"total"`
		Documents []corpus.DocSummary `json:"documents"`
	}](t, b)
	if st != http.StatusOK || list.Total != n {
		t.Fatalf("documents while the segmenter loads: %d %s", st, abbrev(b))
	}
	id := list.Documents[0].ID
	for _, p := range []string{"/api/v1/documents/" + id, "/api/v1/documents/" + id + "/original",
		"/api/v1/documents/" + id + "/reuse", "/api/v1/targets", "/api/v1/slogans", "/api/v1/reuse/clusters", "/api/v1/reuse/pairs"} {
		if st, b := e.get(p); st != http.StatusOK {
			t.Errorf("%s while the segmenter loads: %d %s", p, st, abbrev(b))
		}
	}
	u = e.waiting("GET", "/api/v1/search?q="+url.QueryEscape("党员"), "正在加载分词词典 (loading the word segmenter)")
	if !strings.HasPrefix(u.Error.Message, "检索、导入和删除暂不可用") {
		t.Errorf("search 503 does not say what waits first: %q", u.Error.Message)
	}
	e.waiting("GET", "/readyz", "正在加载分词词典")
	name, text := genDoc(n + 1)
	body, ct := multipartBody(t, []file{{name, []byte(text)}})
	if st, b, hdr := e.do("POST", "/api/v1/documents", body, ct, true); st != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Errorf("upload while the segmenter loads: %d %s", st, abbrev(b))
	}
	e.waiting("DELETE", "/api/v1/documents/"+id, "正在加载分词词典")

	// The segmenter loads: ready, and search agrees with the store.
	close(segGate)
	e.pollReady("ready", nil)
	if err := <-e.done; err != nil {
		t.Fatalf("start: %v", err)
	}
	e.done <- nil
	for _, q := range []string{"党员", "工作"} {
		st, b := e.get("/api/v1/search?limit=100&q=" + url.QueryEscape(q))
		res := decode[corpus.SearchResult](t, b)
		_, lb := e.get("/api/v1/documents?limit=100&q=" + url.QueryEscape(q))
		want := decode[struct{ Total int }](t, lb).Total
		if st != http.StatusOK || res.Total != want || want == 0 {
			t.Errorf("search %s after start: %d, %d hits, the store holds %d", q, st, res.Total, want)
		}
	}
	if st, b := e.get("/api/v1/documents"); st != http.StatusOK || decode[struct{ Total int }](t, b).Total != n {
		t.Errorf("a delete or upload refused while starting changed the store: %s", abbrev(b))
	}
	e.uploadResults(http.StatusCreated, file{name, []byte(text)})
}

// TestStartStoreFails: a store that cannot be opened (not a database)
// ends Start with its error, and the server says so in every 503.
func TestStartStoreFails(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, sqlite.DBName), []byte(strings.Repeat("不是数据库 not a database\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newStartingEnv(t, Starter{OpenStore: func(ctx context.Context) (*corpus.Corpus, error) { return local.OpenStore(ctx, dir, nil) }})
	err := <-e.done
	e.done <- err
	if err == nil {
		t.Fatal("Start opened a store that is not a database")
	}
	u := e.waiting("GET", "/readyz", "启动失败 (start-up failed)")
	if u.Error.Startup == nil || u.Error.Startup.Error == "" || u.Error.Startup.Store != "opening" {
		t.Errorf("readyz after a failed start: %+v", u.Error.Startup)
	}
	e.waiting("GET", "/api/v1/documents", "启动失败")
	if st, _ := e.get("/healthz"); st != http.StatusOK {
		t.Errorf("healthz after a failed start: %d", st)
	}
}

// TestStartupProgress: a rebuild's reports become the reason /readyz
// gives, with done/total and, once the pace is known, the time left.
func TestStartupProgress(t *testing.T) {
	u := newStartup(slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	u.storeOpen, u.segLoaded = true, true
	t0 := time.Now()
	reason := func(now time.Time) (startupStatus, string) {
		u.mu.Lock()
		defer u.mu.Unlock()
		return u.state(now)
	}
	steps := []struct {
		p    corpus.IndexProgress
		at   time.Duration
		want string
		eta  int // -1: none
	}{
		{corpus.IndexProgress{Step: corpus.IndexOpening}, 0, "正在打开搜索索引 (opening the search index)", -1},
		{corpus.IndexProgress{Step: corpus.IndexRebuilding, Total: 1000}, time.Second, "正在重建搜索索引 0/1000 (rebuilding the search index 0/1000)", -1},
		// The first batch waited for the segmenter: no pace yet.
		{corpus.IndexProgress{Step: corpus.IndexRebuilding, Done: 200, Total: 1000}, 6 * time.Second, "正在重建搜索索引 200/1000 (rebuilding", -1},
		// 200 more in 2 s: 600 left take 6 s.
		{corpus.IndexProgress{Step: corpus.IndexRebuilding, Done: 400, Total: 1000}, 8 * time.Second, "正在重建搜索索引 400/1000，约剩 6 秒 (rebuilding the search index 400/1000, about 6 s left)", 6},
		{corpus.IndexProgress{Step: corpus.IndexRebuilding, Done: 1000, Total: 1000}, 11 * time.Second, "合并索引段 (rebuilding the search index: merging segments)", -1},
		{corpus.IndexProgress{Step: corpus.IndexRepairing, Total: 3}, 12 * time.Second, "正在修复搜索索引 0/3 (repairing the search index 0/3)", -1},
		{corpus.IndexProgress{Step: corpus.IndexCatchingUp, Done: 1000, Total: 2500}, 13 * time.Second, "正在应用其他副本的变更 1000/2500 (catching up with the change log: 1000/2500 changes applied)", -1},
	}
	for _, s := range steps {
		u.progressAt(s.p, t0.Add(s.at))
		st, r := reason(t0.Add(s.at))
		if !strings.Contains(r, s.want) {
			t.Errorf("after %+v: reason %q, want %q", s.p, r, s.want)
		}
		if got := -1; st.ETASeconds != nil {
			got = *st.ETASeconds
			if got != s.eta {
				t.Errorf("after %+v: eta %d, want %d", s.p, got, s.eta)
			}
		} else if s.eta != -1 {
			t.Errorf("after %+v: no eta, want %d", s.p, s.eta)
		}
	}
	if u.check(needStore) != nil {
		t.Error("store reads refused while the replica catches up")
	}
	e := u.check(needIndex)
	if e == nil || e.Status != http.StatusServiceUnavailable || e.RetryAfter <= 0 || e.Startup.Index != "catching_up" ||
		e.Startup.Done != 1000 || e.Startup.Total != 2500 {
		t.Errorf("search while the replica catches up: %+v", e)
	}
}

// TestBrowserStartupBanner: while the server starts, the page shows what
// it is doing in a banner, not an error; once ready the banner goes and
// the page loads by itself.
func TestBrowserStartupBanner(t *testing.T) {
	ctx := browserCtx(t)
	dir := fillDir(t, 3)
	segGate := make(chan struct{})
	e := newStartingEnv(t, Starter{
		OpenStore: func(ctx context.Context) (*corpus.Corpus, error) { return local.OpenStore(ctx, dir, nil) },
		LoadSegmenter: func() error {
			<-segGate
			_, err := segment.Default()
			return err
		},
	})
	e.pollReady("the index open", func(s *startupStatus) bool { return s.Index == "ready" })
	e.goTo(t, ctx, "#/search?q="+url.QueryEscape("党建"), "search")
	waitJS(t, ctx, `!document.querySelector('#startup').hidden && document.querySelector('#startup').textContent.includes('正在加载分词词典')`, 30*time.Second)
	// Documents need only the store: they list while the banner shows.
	e.goTo(t, ctx, "#/", "docs")
	waitJS(t, ctx, `document.querySelectorAll('#doc-rows tr.doc-row').length === 3`, 30*time.Second)
	e.goTo(t, ctx, "#/search?q="+url.QueryEscape("党建"), "search")
	close(segGate)
	waitJS(t, ctx, `document.querySelector('#startup').hidden && document.querySelectorAll('#app .hit').length > 0`, 2*time.Minute)
}
