package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/internal/shared"
)

// testEnv is a real server on a loopback port over a corpus in a temp dir.
type testEnv struct {
	t      testing.TB
	srv    *Server
	http   *httptest.Server
	corpus *corpus.Corpus
	token  string
}

// newEnv starts a server; tweak adjusts the Deps before NewServer.
func newEnv(t testing.TB, tweak func(*Deps)) *testEnv {
	t.Helper()
	ctx := context.Background()
	c, err := corpus.Open(ctx, t.TempDir(), corpus.Options{OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex})
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	d := Deps{Corpus: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if os.Getenv("PLANMINE_TEST_LOG") != "" {
		d.Logger = slog.Default()
	}
	if tweak != nil {
		tweak(&d)
	}
	s := NewServer(d)
	hs := httptest.NewServer(s)
	e := &testEnv{t: t, srv: s, http: hs, corpus: c, token: d.Token}
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), raceSlowdown*time.Minute)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		c.Close()
	})
	return e
}

// file is one upload part.
type file struct {
	name string
	data []byte
}

func multipartBody(t testing.TB, files []file) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// do sends a request with the env's token (when auth is true) and returns
// the status and body.
func (e *testEnv) do(method, path string, body io.Reader, ctype string, auth bool) (int, []byte, http.Header) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth && e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	resp, err := e.http.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func (e *testEnv) get(path string) (int, []byte) {
	st, b, _ := e.do("GET", path, nil, "", true)
	return st, b
}

func (e *testEnv) upload(files ...file) (int, []byte) {
	body, ct := multipartBody(e.t, files)
	st, b, _ := e.do("POST", "/api/v1/documents", body, ct, true)
	return st, b
}

// uploadResults uploads and decodes the per-file results.
func (e *testEnv) uploadResults(want int, files ...file) []Result {
	e.t.Helper()
	st, b := e.upload(files...)
	if st != want {
		e.t.Fatalf("upload: status %d, want %d: %s", st, want, b)
	}
	var out struct {
		Results []Result `json:"results"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		e.t.Fatalf("upload body %s: %v", b, err)
	}
	return out.Results
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", abbrev(b), err)
	}
	return v
}

func abbrev(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

// errCode returns the error code of an error body.
func errCode(t testing.TB, b []byte) string {
	t.Helper()
	v := decode[errorBody](t, b)
	if v.Error.Code == "" || v.Error.Message == "" {
		t.Fatalf("not the error shape: %s", abbrev(b))
	}
	return v.Error.Code
}

// seeds returns the five seed files.
func seeds(t testing.TB) []file {
	t.Helper()
	fs := globFiles(t, filepath.Join(shared.Path(t, "corpus", "seeds"), "*.txt"))
	if len(fs) == 0 {
		t.Fatal("no seeds")
	}
	return fs
}

// globFiles reads the files pattern matches, named by their base names.
func globFiles(t testing.TB, pattern string) []file {
	t.Helper()
	ms, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	var fs []file
	for _, m := range ms {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, file{filepath.Base(m), b})
	}
	return fs
}

func readShared(t testing.TB, elem ...string) file {
	t.Helper()
	p := shared.Path(t, elem...)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return file{filepath.Base(p), b}
}

// makeZip builds an archive in memory.
func makeZip(t testing.TB, files []file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// waitJob polls a job until it is done.
func (e *testEnv) waitJob(id string, within time.Duration) JobStatus {
	e.t.Helper()
	deadline := time.Now().Add(within)
	for {
		st, b := e.get("/api/v1/jobs/" + id)
		if st != http.StatusOK {
			e.t.Fatalf("job %s: %d %s", id, st, b)
		}
		js := decode[JobStatus](e.t, b)
		if js.State == JobDone {
			return js
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %s not done in %v: %d/%d", id, within, js.Done, js.Total)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var _ = strings.Contains
