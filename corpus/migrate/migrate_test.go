package migrate_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/migrate"
	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/shared"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// ingestInto stores the files matching globs under the shared corpus into
// the embedded store in dir with the real import pipeline (reuse included).
func ingestInto(t *testing.T, dir string, globs ...string) {
	t.Helper()
	ctx := context.Background()
	root := shared.Path(t, "corpus")
	var paths []string
	for _, g := range globs {
		m, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = importer.Run(ctx, c, importer.Options{Done: func(r importer.Result) error {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Name, r.Err)
		}
		return nil
	}}, func(yield func(ingest.File) error) error {
		return ingest.WalkFiles(ctx, paths, ingest.Options{}, yield)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func openPG(t *testing.T, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openSQLite(t *testing.T, dir string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func lastChange(t *testing.T, dsn string) int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var seq int64
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s differs after migration:\n got %+v\nwant %+v", what, got, want)
	}
}

// compare checks every read of the Store interface on both stores.
func compare(t *testing.T, src, dst corpus.Store) {
	t.Helper()
	ctx := context.Background()
	ids, err := src.IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dids, err := dst.IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "IDs", dids, ids)
	for _, sort := range []string{corpus.SortCreated, corpus.SortReuse, corpus.SortYear, corpus.SortTitle} {
		for _, f := range []corpus.ListFilter{{Sort: sort, Limit: 1000}, {Sort: sort, Limit: 3, Offset: 2, MinReuse: 0.01}} {
			a, an, err := src.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			b, bn, err := dst.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "List "+sort, b, a)
			same(t, "List total "+sort, bn, an)
		}
	}
	at, an, err := src.Targets(ctx, corpus.TargetFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	bt, bn, err := dst.Targets(ctx, corpus.TargetFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "Targets", bt, at)
	same(t, "Targets total", bn, an)
	as, err := src.Slogans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := dst.Slogans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "Slogans", bs, as)
	ap, err := src.ReusePairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	bp, err := dst.ReusePairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	same(t, "ReusePairs", bp, ap)
	asc, _ := src.ReuseScores(ctx)
	bsc, _ := dst.ReuseScores(ctx)
	same(t, "ReuseScores", bsc, asc)
	ac, _ := src.ReuseCovers(ctx, ids)
	bc, _ := dst.ReuseCovers(ctx, ids)
	same(t, "ReuseCovers", bc, ac)
	for _, id := range ids {
		a, err := src.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "Get "+id, b, a)
		an, ad, err := src.Original(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		bn, bd, err := dst.Original(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if an != bn || string(ad) != string(bd) {
			t.Errorf("Original %s: %s %d bytes, want %s %d bytes", id, bn, len(bd), an, len(ad))
		}
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// Two imports: the second batch has later times and finds the first's
	// documents as reuse sources.
	ingestInto(t, dir, "seeds/*", "formats/*.docx")
	ingestInto(t, dir, "external/*.docx", "seeds/000_*")
	src := openSQLite(t, dir)
	// A deleted part: the file stays with the parts left.
	ids, _ := src.IDs(ctx)
	for i := 1; i < len(ids); i++ {
		if ids[i][:16] == ids[i-1][:16] {
			if err := src.Delete(ctx, ids[i]); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	pairs, _ := src.ReusePairs(ctx, "")
	n, _ := src.Count(ctx)
	if n < 10 || len(pairs) == 0 {
		t.Fatalf("source has %d documents and %d pairs: want a real corpus with reuse", n, len(pairs))
	}

	dsn := pgtest.DSN(t)
	dst := openPG(t, dsn)
	var phases []string
	start := time.Now()
	rep, err := migrate.Run(ctx, src, dst, migrate.Options{Batch: 7, Progress: func(phase string, done, total int) {
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("migrated %d documents of %d files, %d pairs in %v (%.0f documents/s)", rep.Documents, rep.Files,
		rep.Verified.Pairs, time.Since(start), float64(rep.Documents)/time.Since(start).Seconds())
	if rep.Copied != rep.Files || rep.CopiedDocs != n || rep.Skipped != 0 || rep.Verified.Documents != n || rep.Verified.Pairs != len(pairs) {
		t.Errorf("report %+v, want every one of %d documents copied", rep, n)
	}
	same(t, "phases", phases, []string{migrate.PhaseDocuments, migrate.PhaseReuse, migrate.PhaseVerify})
	compare(t, src, dst)
	su, _ := src.Uploads(ctx)
	du, _ := dst.Uploads(ctx)
	if len(su) != len(du) {
		t.Errorf("%d uploads, want %d", len(du), len(su))
	}
	for sha, u := range su {
		d := du[sha]
		if d.Name != u.Name || !d.File.Equal(u.File.Truncate(time.Microsecond)) || !d.Docs.Equal(u.Docs.Truncate(time.Microsecond)) {
			t.Errorf("upload %s: %+v, want %+v", sha, d, u)
		}
	}

	// Again: nothing to do, nothing written, not even to the change log.
	seq := lastChange(t, dsn)
	rep2, err := migrate.Run(ctx, src, dst, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Copied != 0 || rep2.Skipped != rep.Files || rep2.Scores != 0 || rep2.Pairs != 0 || rep2.Verified != rep.Verified {
		t.Errorf("second run %+v, want nothing copied and the same summary as %+v", rep2, rep.Verified)
	}
	if s := lastChange(t, dsn); s != seq {
		t.Errorf("second run appended to the change log: seq %d → %d", seq, s)
	}
	compare(t, src, dst)
}

// A target holding other documents is refused, and merged into with Force;
// an interrupted run (part of the files there) resumes without Force.
func TestMigrateTargetNotEmpty(t *testing.T) {
	ctx := context.Background()
	dir, other := t.TempDir(), t.TempDir()
	ingestInto(t, dir, "seeds/*")
	ingestInto(t, other, "formats/00[01]_libreoffice.docx")
	src, osrc := openSQLite(t, dir), openSQLite(t, other)
	dsn := pgtest.DSN(t)
	dst := openPG(t, dsn)

	// Resume: an interrupted run stored some of the files, each whole.
	ids, _ := src.IDs(ctx)
	ups, _ := src.Uploads(ctx)
	files := map[string][]doc.Document{}
	for _, id := range ids {
		d, _ := src.Get(ctx, id)
		files[d.SHA256] = append(files[d.SHA256], *d)
	}
	put := 0
	for sha, docs := range files {
		if put >= len(files)/2 {
			break
		}
		name, data, _ := src.Original(ctx, docs[0].ID)
		if _, err := dst.PutAt(ctx, data, name, docs, ups[sha]); err != nil {
			t.Fatal(err)
		}
		put++
	}
	rep, err := migrate.Run(ctx, src, dst, migrate.Options{})
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if rep.Skipped == 0 || rep.Copied == 0 {
		t.Errorf("resume report %+v: want some files skipped and some copied", rep)
	}
	compare(t, src, dst)

	// Other documents in the target: refused, nothing written.
	seq := lastChange(t, dsn)
	_, err = migrate.Run(ctx, osrc, dst, migrate.Options{})
	if !errors.Is(err, migrate.ErrTargetNotEmpty) {
		t.Fatalf("migrating into a target with other documents: %v, want ErrTargetNotEmpty", err)
	}
	if s := lastChange(t, dsn); s != seq {
		t.Errorf("a refused run wrote: seq %d → %d", seq, s)
	}
	rep, err = migrate.Run(ctx, osrc, dst, migrate.Options{Force: true})
	if err != nil {
		t.Fatalf("force: %v", err)
	}
	if rep.Others != len(ids) || rep.Copied == 0 {
		t.Errorf("force report %+v, want %d others and files copied", rep, len(ids))
	}
	all, _ := dst.IDs(ctx)
	oids, _ := osrc.IDs(ctx)
	want := slices.Sorted(slices.Values(append(slices.Clone(ids), oids...)))
	same(t, "merged IDs", all, slices.Compact(want))
}

// TestMigrateRowsOfEarlierVersions: a data directory whose pair rows are
// the JSON earlier versions wrote (spans only; with texts and sides) moves
// into PostgreSQL as binary rows that read back as the same typed pairs,
// and the verifying summaries of both stores agree.
func TestMigrateRowsOfEarlierVersions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ingestInto(t, dir, "seeds/*")
	src := openSQLite(t, dir)
	pairs, err := src.ReusePairs(ctx, "")
	if err != nil || len(pairs) < 4 {
		t.Fatalf("source has %d pairs (%v): want a real corpus with reuse", len(pairs), err)
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.DBName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for i, p := range pairs {
		r := p.Row
		q := reuse.Pair{A: reuse.DocRef{ID: p.A}, B: reuse.DocRef{ID: p.B}, Score: p.Score, ACovered: r.ACovered,
			BCovered: r.BCovered, Longest: r.Longest, Passages: r.Passages, Boilerplate: r.Boilerplate, Template: r.Template}
		if i%2 == 1 { // as versions before spans-only storage kept them
			q.A.Source, q.A.Title, q.B.Source, q.B.Part = "旧.docx", "旧标题", "旧.pdf", 1
			for k := range q.Passages {
				q.Passages[k].AText, q.Passages[k].BText = "旧文", "舊文"
			}
		}
		js, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, `UPDATE reuse_pairs SET passages_json=? WHERE a=? AND b=?`,
			js, min(p.A, p.B), max(p.A, p.B)); err != nil {
			t.Fatal(err)
		}
	}
	legacy, err := src.ReusePairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range legacy {
		if p.Row == nil || (i%2 == 0 && !reflect.DeepEqual(p, pairs[i])) || (i%2 == 1 && p.Row.ASide.Source != "旧.docx") {
			t.Fatalf("JSON row %d read back as %+v, want %+v", i, p, pairs[i])
		}
	}
	dst := openPG(t, pgtest.DSN(t))
	rep, err := migrate.Run(ctx, src, dst, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verified.Pairs != len(pairs) {
		t.Errorf("verified %d pairs, want %d", rep.Verified.Pairs, len(pairs))
	}
	compare(t, src, dst)
	a, err := migrate.Summarize(ctx, src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := migrate.Summarize(ctx, dst, nil, nil)
	if err != nil || a != b {
		t.Errorf("summaries: sqlite %+v, postgres %+v (%v)", a, b, err)
	}
}

// TestMigrateRefusesUncovered: a source document without a reuse cover
// (an older version's, or an alignment that did not finish) stops the
// migration before anything is copied, with the remedy in the message;
// after the source's reuse results are recomputed (what `planmine reindex`
// does) it migrates.
func TestMigrateRefusesUncovered(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ingestInto(t, dir, "seeds/00*")
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.DBName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	res, err := raw.ExecContext(ctx, `UPDATE reuse_state SET cover=NULL WHERE id=(SELECT MIN(id) FROM documents)`)
	raw.Close()
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("clearing one cover: %d rows, %v", n, err)
	}
	src := openSQLite(t, dir)
	dsn := pgtest.DSN(t)
	dst := openPG(t, dsn)
	_, err = migrate.Run(ctx, src, dst, migrate.Options{})
	if !errors.Is(err, migrate.ErrUncovered) || !strings.Contains(err.Error(), "planmine reindex") {
		t.Fatalf("migrate with an uncovered document: %v, want ErrUncovered naming the remedy", err)
	}
	if ids, err := dst.IDs(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("target after the refusal: %d documents (%v), want none", len(ids), err)
	}
	src.Close()

	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RefreshReuse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	c.Close()
	src = openSQLite(t, dir)
	rep, err := migrate.Run(ctx, src, dst, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents == 0 || rep.Verified.Documents != rep.Documents {
		t.Errorf("after refreshing the source: %+v", rep)
	}
}
