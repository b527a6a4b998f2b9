package api

import (
	"context"
	"io"
	"log/slog"
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
	"github.com/planmine/planmine/internal/fulldisk"
)

// TestUploadOnFullDisk: with the data directory on a tmpfs that a filler
// has filled, an upload of one file and of three answers 507
// insufficient_storage, Chinese first, and stores nothing; the document
// stored before still reads; with the filler gone the same upload is
// stored.
func TestUploadOnFullDisk(t *testing.T) {
	disk := fulldisk.Mount(t, 48<<20)
	ctx := context.Background()
	c, err := corpus.Open(ctx, filepath.Join(disk, "data"), corpus.Options{OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex})
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(Deps{Corpus: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	hs := httptest.NewServer(s)
	e := &testEnv{t: t, srv: s, http: hs, corpus: c}
	defer func() {
		hs.Close()
		sctx, cancel := context.WithTimeout(context.Background(), raceSlowdown*time.Minute)
		defer cancel()
		s.Shutdown(sctx)
		c.Close()
	}()
	doc := func(n int) file {
		return file{"计划" + string(rune('A'+n)) + ".txt", []byte(strings.Repeat("青松县人民医院党委2026年党建工作计划。全年开展主题党日活动不少于12次。\n", n+1))}
	}
	first := e.uploadResults(http.StatusCreated, doc(0))
	filler := fulldisk.Fill(t, disk, 0)
	for _, files := range [][]file{{doc(1)}, {doc(2), doc(3), doc(4)}} {
		st, b := e.upload(files...)
		rs := decode[struct{ Results []Result }](t, b).Results
		if st != http.StatusInsufficientStorage || len(rs) != len(files) {
			t.Fatalf("%d files on a full disk: %d %s", len(files), st, abbrev(b))
		}
		for _, r := range rs {
			if r.Status != StatusFailed || r.Code != CodeNoSpace || !strings.Contains(r.Error, "保存失败，文件未导入：磁盘空间不足") {
				t.Errorf("result %+v", r)
			}
		}
	}
	if n, _ := c.Store.Count(ctx); n != 1 {
		t.Errorf("%d documents stored, want the one from before", n)
	}
	if st, _ := e.get("/api/v1/documents/" + first[0].ID); st != http.StatusOK {
		t.Errorf("document stored before: %d", st)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	e.uploadResults(http.StatusCreated, doc(1))
}
