package recovery_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/recovery"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp"
)

// fill ingests paths into a new data dir as planmine ingest does (one
// batch, recurring chrome learned across it) and deletes part 2 of the
// first file with three parts or more.
func fill(t *testing.T, paths ...string) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st, err := ingest.CountLines(ctx, paths, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var files []corpus.File
	err = ingest.WalkFiles(ctx, paths, ingest.Options{Recurring: st.Recurring}, func(f ingest.File) error {
		if f.Err != nil {
			return f.Err
		}
		for i := range f.Docs {
			if err := nlp.Analyze(ctx, &f.Docs[i]); err != nil {
				return err
			}
		}
		files = append(files, corpus.File{Name: f.Name, Original: f.Data, Docs: f.Docs})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs, err := c.AddBatch(ctx, files); err != nil || errors.Join(errs...) != nil {
		t.Fatal(err, errs)
	}
	for _, f := range files {
		if len(f.Docs) >= 3 {
			if err := c.Delete(ctx, f.Docs[1].ID); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	return dir
}

// snapshot is what a reviewer sees of a corpus, as text.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	ctx := context.Background()
	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []string
	add := func(kind string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, kind+" "+string(b))
	}
	if err := c.Store.All(ctx, func(d doc.Document) error { add("doc", d); return nil }); err != nil {
		t.Fatal(err)
	}
	list, _, err := c.List(ctx, corpus.ListFilter{Limit: 500}) // newest upload first
	if err != nil {
		t.Fatal(err)
	}
	add("list", list)
	targets, _, err := c.Targets(ctx, corpus.TargetFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	add("targets", targets)
	pairs, err := c.Store.ReusePairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		out = append(out, fmt.Sprintf("pair %s %s %.9f", p.A, p.B, p.Score))
	}
	for _, q := range []string{"三会一课", "党风廉政", "type:plan", "reuse:>=0.1"} {
		res, err := c.Search(ctx, corpus.Query{Q: q, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		// Hits of equal score may come back in either order.
		sort.Slice(res.Hits, func(i, j int) bool { return res.Hits[i].ID < res.Hits[j].ID })
		add("search "+q, res)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.DBName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT sha256, name, created_at FROM files ORDER BY sha256`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sha, name, created string
		rows.Scan(&sha, &name, &created)
		out = append(out, "file "+sha+" "+name+" "+created)
	}
	return out
}

func compare(t *testing.T, want, got []string) {
	t.Helper()
	if slices.Equal(want, got) {
		return
	}
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Fatalf("after recovery, line %d of %d/%d differs:\nwant %.400s\n got %.400s", i, len(want), len(got), w, g)
		}
	}
}

func seeds(t *testing.T) []string {
	files, err := filepath.Glob(shared.Path(t, "corpus", "seeds", "*.txt"))
	if err != nil || len(files) < 5 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	return append(files, shared.Path(t, "corpus", "formats", "002_libreoffice.docx"), shared.Path(t, "corpus", "formats", "004_libreoffice.pdf"))
}

// TestRecoverDeletedStore: the database deleted, the store refuses to
// open, and Run brings every document, name, upload time, target, reuse
// pair and search hit back from the originals; the old index is kept.
func TestRecoverDeletedStore(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	ctx := context.Background()
	dir := fill(t, seeds(t)...)
	want := snapshot(t, dir)
	os.Remove(filepath.Join(dir, sqlite.DBName))
	if _, err := local.Open(ctx, dir, nil, nil); !errors.Is(err, corpus.ErrStoreLost) {
		t.Fatalf("open after the database was deleted: %v", err)
	}
	rep, err := recovery.Run(ctx, dir, recovery.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unnamed != 0 || len(rep.Failed) != 0 || rep.Files != len(seeds(t)) {
		t.Errorf("report: %+v", rep)
	}
	if _, err := os.Stat(filepath.Join(rep.Aside, "index")); err != nil {
		t.Errorf("old index not kept aside: %v", err)
	}
	compare(t, want, snapshot(t, dir))
	// A healthy store is not rebuilt without Force.
	if _, err := recovery.Run(ctx, dir, recovery.Options{}); !errors.Is(err, recovery.ErrHealthy) {
		t.Errorf("second run: %v", err)
	}
}

// TestRecoverWithoutSidecars: originals stored before sidecars were kept
// get their names from the old index when the database is gone, and from
// the damaged database when it still reads.
func TestRecoverWithoutSidecars(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	ctx := context.Background()
	dir := fill(t, seeds(t)[:3]...)
	wantNames := names(t, dir)
	dropSidecars := func() {
		metas, _ := filepath.Glob(filepath.Join(dir, "blobs", "*", "*.json"))
		if len(metas) != 3 {
			t.Fatalf("%d sidecars", len(metas))
		}
		for _, m := range metas {
			os.Remove(m)
		}
	}
	dropSidecars()
	os.Remove(filepath.Join(dir, sqlite.DBName))
	rep, err := recovery.Run(ctx, dir, recovery.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unnamed != 3 || rep.NamedFromIndex != 3 {
		t.Errorf("report: %+v", rep)
	}
	if got := names(t, dir); !slices.Equal(got, wantNames) {
		t.Errorf("names from the index: %v, want %v", got, wantNames)
	}
	// Now from a database that is there but fails its check.
	dropSidecars()
	path := filepath.Join(dir, sqlite.DBName)
	st, _ := os.Stat(path)
	f, _ := os.OpenFile(path, os.O_WRONLY, 0)
	f.WriteAt([]byte(strings.Repeat("损坏", 4096)), st.Size()*3/4/4096*4096)
	f.Close()
	if _, err := local.Open(ctx, dir, nil, nil); !errors.Is(err, corpus.ErrStoreDamaged) {
		t.Fatalf("open after pages were overwritten: %v", err)
	}
	rep, err = recovery.Run(ctx, dir, recovery.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unnamed != 3 || rep.NamedFromDB+rep.NamedFromIndex != 3 {
		t.Errorf("report: %+v", rep)
	}
	if got := names(t, dir); !slices.Equal(got, wantNames) {
		t.Errorf("names from the damaged database: %v, want %v", got, wantNames)
	}
}

func names(t *testing.T, dir string) []string {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.DBName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM files ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}
