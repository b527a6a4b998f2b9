package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/planmine/planmine/corpus"
)

// TestReuseStateMigration opens a store left by the schema before
// migration 4, whose reuse results sat in documents' own columns: the
// scores, covers and legacy pairs JSON must come through into reuse_state,
// and lists must still filter and sort by them.
func TestReuseStateMigration(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, DBName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"0001_init.sql", "0002_reuse_cover.sql", "0003_reuse_pairs_score.sql"} {
		body, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_migrations VALUES(?,?,'2026-12-01T00:00:00Z')`, i+1, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO files VALUES('f1','a.txt',3,'2026-12-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	for i, d := range []struct {
		id        string
		score     float64
		cover, js any
	}{{"d-0", 0.25, []byte("[0,4]"), nil}, {"d-1", 0.75, []byte("[2,9]"), []byte(`["legacy"]`)}, {"d-2", 0, nil, nil}} {
		if _, err := raw.Exec(`INSERT INTO documents(id,file_sha,part,source,title,title_folded,doc_type,script,text,
			text_folded,analysis_json,reuse_score,reuse_cover,reuse_json,created_at)
			VALUES(?,'f1',?,'a.txt','标题','标题','plan','simplified','正文','正文','{}',?,?,?,'2026-12-01T00:00:00Z')`,
			d.id, i, d.score, d.cover, d.js); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	covers, err := db.ReuseCovers(ctx, []string{"d-0", "d-1", "d-2"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]corpus.ReuseCover{"d-0": {Score: 0.25, Cover: []byte("[0,4]")},
		"d-1": {Score: 0.75, Cover: []byte("[2,9]")}, "d-2": {}}
	if !reflect.DeepEqual(covers, want) {
		t.Fatalf("covers after the migration: %+v, want %+v", covers, want)
	}
	if score, js, err := db.Reuse(ctx, "d-1"); err != nil || score != 0.75 || string(js) != `["legacy"]` {
		t.Fatalf("legacy reuse of d-1: %v %s %v", score, js, err)
	}
	list, total, err := db.List(ctx, corpus.ListFilter{MinReuse: 0.1, Sort: corpus.SortReuse})
	if err != nil || total != 2 || len(list) != 2 || list[0].ID != "d-1" || list[0].ReuseScore != 0.75 || list[1].ID != "d-0" {
		t.Fatalf("list by reuse after the migration: %+v (total %d, %v)", list, total, err)
	}
	// Every document has its row, and deleting one takes its row along.
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM reuse_state`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("reuse_state rows: %d, %v", n, err)
	}
	if err := db.Delete(ctx, "d-2"); err != nil {
		t.Fatal(err)
	}
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM reuse_state`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("reuse_state rows after a delete: %d, %v", n, err)
	}
}
