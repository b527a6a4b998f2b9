package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
)

// TestNestedZipUpload: a zip inside a zip is read member by member; a
// member that is the same file as another (same bytes twice, or the same
// file at two depths) is stored once and reported as a duplicate naming
// the stored document; an archive nested one level deeper is refused with
// ingest's message. Before ingest's archive policy was shared, this upload
// was read one level deeper than planmine ingest reads it, and the inner
// zip was stored as one file with parts that collided in the store.
func TestNestedZipUpload(t *testing.T) {
	e := newEnv(t, nil)
	_, a := genDoc(70)
	_, b := genDoc(71)
	_, c := genDoc(72)
	level3 := makeZip(t, []file{{"c.txt", []byte(c)}})
	level2 := makeZip(t, []file{{"a.txt", []byte(a)}, {"b.txt", []byte(b)}, {"again.txt", []byte(b)}, {"三层.zip", level3}})
	outer := makeZip(t, []file{{"a.txt", []byte(a)}, {"内层.zip", level2}})
	rs := e.uploadResults(http.StatusCreated, file{"外层.zip", outer})
	got := map[string]Result{}
	for _, r := range rs {
		got[r.Source] = r
		if strings.Contains(r.Error, "UNIQUE") || strings.Contains(r.Error, "constraint") || strings.Contains(r.Error, "sql") {
			t.Errorf("%s: store error reached the client: %s", r.Source, r.Error)
		}
	}
	want := map[string]string{
		"外层.zip/a.txt":            StatusCreated,
		"外层.zip/内层.zip/a.txt":     StatusDuplicate,
		"外层.zip/内层.zip/again.txt": StatusCreated,
		"外层.zip/内层.zip/b.txt":     StatusDuplicate,
		"外层.zip/内层.zip/三层.zip":    StatusFailed,
	}
	if len(got) != len(want) {
		t.Errorf("results %+v, want %d sources", rs, len(want))
	}
	for src, st := range want {
		if got[src].Status != st {
			t.Errorf("%s: status %q, want %q (%+v)", src, got[src].Status, st, got[src])
		}
	}
	if d := got["外层.zip/内层.zip/a.txt"].DuplicateOf; d == nil || d.Source != "外层.zip/a.txt" || d.Part != 1 || d.ID != got["外层.zip/a.txt"].ID {
		t.Errorf("duplicate_of %+v, want the outer a.txt", d)
	}
	if d := got["外层.zip/内层.zip/b.txt"].DuplicateOf; d == nil || d.Source != "外层.zip/内层.zip/again.txt" {
		t.Errorf("duplicate_of %+v, want again.txt (stored first, in name order)", d)
	}
	if r := got["外层.zip/内层.zip/三层.zip"]; r.Code != CodeUnsupported || !strings.Contains(r.Error, "嵌套过深") {
		t.Errorf("third level: %+v", r)
	}
	if n, _ := e.corpus.Store.Count(context.Background()); n != 2 {
		t.Errorf("%d documents stored, want 2", n)
	}
}

// TestStoreErrorHidden: a store failure reaches the client as a Chinese
// message, its SQL only in the log. The failure is a real one: two parts of
// one file with the same part number violate the store's unique key.
func TestStoreErrorHidden(t *testing.T) {
	e := newEnv(t, nil)
	_, text := genDoc(80)
	docs, err := ingest.Read(context.Background(), "x.txt", strings.NewReader(text), ingest.Options{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("read: %v", err)
	}
	twin := []doc.Document{docs[0], docs[0]}
	_, errs, _ := e.corpus.AddBatch(context.Background(), []corpus.File{{Name: "x.txt", Original: []byte(text), Docs: twin}})
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "UNIQUE") {
		t.Fatalf("the store was meant to refuse this file: %v", errs[0])
	}
	_, errs, _ = e.corpus.AddBatch(context.Background(), []corpus.File{{Name: "x.txt", Original: []byte(text + "。"), Docs: twin}})
	r := e.srv.results(context.Background(), importer.Result{Name: "x.txt", Docs: twin, Err: errs[0]})[0]
	if r.Status != StatusFailed || strings.Contains(r.Error, "UNIQUE") || !strings.Contains(r.Error, "保存失败") || !strings.HasPrefix(r.Error, "x.txt: ") {
		t.Errorf("result %+v", r)
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("constraint failed: UNIQUE constraint failed: documents.file_sha"), "详情见服务日志"},
		{corpus.ErrInvalid, "无效的输入"},
		{context.Canceled, "中断"},
	} {
		if got := StoreErrorMessage(c.err); !strings.Contains(got, c.want) || strings.Contains(got, "UNIQUE") {
			t.Errorf("StoreErrorMessage(%v) = %q", c.err, got)
		}
	}
}
