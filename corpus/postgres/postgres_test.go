package postgres

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/storetest"
	"github.com/planmine/planmine/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) corpus.Store { return open(t, pgtest.DSN(t)) })
}

// The schema sorts and matches the same in a database whose default
// collation is ICU's root locale (case and punctuation ignored at first
// level), not C: every compared column is COLLATE "C".
func TestStoreICUDatabase(t *testing.T) {
	storetest.Run(t, func(t *testing.T) corpus.Store {
		return open(t, pgtest.DSN(t, "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'und' LOCALE 'C.UTF-8'"))
	})
}

func TestMigrateTwice(t *testing.T) {
	dsn := pgtest.DSN(t)
	open(t, dsn)
	db := open(t, dsn)
	if v, err := db.SchemaVersion(context.Background()); err != nil || v < 1 {
		t.Errorf("schema version %d %v", v, err)
	}
}

// concurrently runs writers goroutines at once, each putting files
// through its own pool of the database (opened at the start signal, so
// replicas migrate at the same time too), and returns each one's results.
func concurrently(t *testing.T, dsn string, writers int, put func(ctx context.Context, w int, db *DB) ([]corpus.PutResult, error)) [][]corpus.PutResult {
	t.Helper()
	results := make([][]corpus.PutResult, writers)
	errs := make([]error, writers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ctx := context.Background()
			db, err := Open(ctx, dsn)
			if err != nil {
				errs[w] = err
				return
			}
			defer db.Close()
			results[w], errs[w] = put(ctx, w, db)
		}()
	}
	close(start)
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}
	return results
}

// countsAre checks each query's count.
func countsAre(t *testing.T, dsn string, want map[string]int) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for q, w := range want {
		var n int
		if err := conn.QueryRow(context.Background(), q).Scan(&n); err != nil || n != w {
			t.Errorf("%s = %d %v, want %d", q, n, err, w)
		}
	}
}

// Three replicas starting together and putting the same files at once
// store each file once, and agree on its ids.
func TestConcurrentPut(t *testing.T) {
	files := storetest.Real(t)[:20]
	dsn := pgtest.DSN(t)
	const writers = 3
	results := concurrently(t, dsn, writers, func(ctx context.Context, w int, db *DB) ([]corpus.PutResult, error) {
		var out []corpus.PutResult
		for i := range files {
			f := files[(i+w*7)%len(files)] // each starts elsewhere, then overlaps the others
			res, err := db.Put(ctx, f.Data, f.Name, f.Docs)
			if err != nil {
				return out, err
			}
			out = append(out, res)
		}
		return out, nil
	})
	parts := 0
	for i, f := range files {
		parts += len(f.Docs)
		fresh := 0
		for w := range writers {
			res := results[w][(i-w*7+3*len(files))%len(files)]
			if len(res.IDs) != len(f.Docs) || res.IDs[0] != f.DocID(1) {
				t.Errorf("%s by writer %d: %v, want %d ids from %s", f.Name, w, res.IDs, len(f.Docs), f.DocID(1))
			}
			if !res.Duplicate {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("%s stored as new by %d writers, want 1", f.Name, fresh)
		}
	}
	countsAre(t, dsn, map[string]int{
		`SELECT count(*) FROM files`:                     len(files),
		`SELECT count(*) FROM originals`:                 len(files),
		`SELECT count(*) FROM documents`:                 parts,
		`SELECT count(DISTINCT file_sha) FROM documents`: len(files),
		`SELECT count(*) FROM changes WHERE op='put'`:    parts,
		`SELECT count(*) FROM schema_migrations`:         migrationCount(t),
	})
}

// Three replicas putting batches of the same files at once, each in
// another order, neither deadlock nor store a file twice: each file is new
// for one batch and a duplicate for the others, with the same ids, and
// the change log has one put per document.
func TestConcurrentPutFiles(t *testing.T) {
	files := storetest.Real(t)[:20]
	dsn := pgtest.DSN(t)
	const writers = 3
	results := concurrently(t, dsn, writers, func(ctx context.Context, w int, db *DB) ([]corpus.PutResult, error) {
		batch := make([]corpus.File, len(files))
		for i := range files {
			// Three orders: as listed, reversed, and by steps of 3.
			f := files[i]
			switch w {
			case 1:
				f = files[len(files)-1-i]
			case 2:
				f = files[(i*3+7)%len(files)]
			}
			batch[i] = corpus.File{Name: f.Name, Original: f.Data, Docs: f.Docs}
		}
		res, ferrs, err := db.PutFiles(ctx, batch)
		if err == nil {
			err = errors.Join(ferrs...)
		}
		return res, err
	})
	fresh := map[string]int{}
	parts := 0
	for _, f := range files {
		parts += len(f.Docs)
	}
	for w := range writers {
		for _, r := range results[w] {
			if len(r.IDs) == 0 {
				t.Fatalf("writer %d: a result without ids", w)
			}
			if !r.Duplicate {
				fresh[r.IDs[0]]++
			}
		}
	}
	for _, f := range files {
		if fresh[f.DocID(1)] != 1 {
			t.Errorf("%s stored as new by %d writers, want 1", f.Name, fresh[f.DocID(1)])
		}
	}
	countsAre(t, dsn, map[string]int{
		`SELECT count(*) FROM files`:                                len(files),
		`SELECT count(*) FROM originals`:                            len(files),
		`SELECT count(*) FROM documents`:                            parts,
		`SELECT count(*) FROM changes WHERE op='put'`:               parts,
		`SELECT count(DISTINCT doc_id) FROM changes WHERE op='put'`: parts,
	})
}

// Every write appends to the change log in its transaction, in commit
// order, and notifies the listeners with the last sequence number.
func TestChanges(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db := open(t, dsn)
	listen, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listen.Close(ctx)
	if _, err := listen.Exec(ctx, "LISTEN "+Channel); err != nil {
		t.Fatal(err)
	}
	next := func() int64 {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		n, err := listen.WaitForNotification(wctx)
		if err != nil {
			t.Fatal(err)
		}
		seq, err := strconv.ParseInt(n.Payload, 10, 64)
		if err != nil || n.Channel != Channel {
			t.Fatalf("notification %+v", n)
		}
		return seq
	}
	files := storetest.Fixtures(t)
	two := files[len(files)-1] // two parts
	res, err := db.Put(ctx, two.Data, two.Name, two.Docs)
	if err != nil || len(res.IDs) != 2 {
		t.Fatal(res, err)
	}
	s1 := next()
	if _, err := db.Put(ctx, two.Data, two.Name, two.Docs); err != nil { // a duplicate changes nothing
		t.Fatal(err)
	}
	one := files[0]
	r1, err := db.Put(ctx, one.Data, one.Name, one.Docs)
	if err != nil {
		t.Fatal(err)
	}
	s2 := next()
	if err := db.SetReuses(ctx, []corpus.ReuseUpdate{{DocID: r1.IDs[0], Score: 0.5}},
		[]corpus.ReusePair{{A: res.IDs[1], B: r1.IDs[0], Score: 0.5}}); err != nil {
		t.Fatal(err)
	}
	s3 := next()
	if err := db.Delete(ctx, res.IDs[0]); err != nil {
		t.Fatal(err)
	}
	s4 := next()
	if err := db.ReplaceReuse(ctx, func(func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	s5 := next()
	if !(s1 < s2 && s2 < s3 && s3 < s4 && s4 < s5) {
		t.Errorf("sequence numbers %d %d %d %d %d not increasing", s1, s2, s3, s4, s5)
	}
	rows, err := listen.Query(ctx, `SELECT seq, coalesce(doc_id, '*'), op FROM changes ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var seq int64
		var id, op string
		err := r.Scan(&seq, &id, &op)
		return strconv.FormatInt(seq, 10) + " " + op + " " + id, err
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := res.IDs[0], res.IDs[1], r1.IDs[0]
	pairIDs := []string{min(b, c), max(b, c)}
	want := []string{
		"1 put " + a, "2 put " + b, "3 put " + c,
		"4 reuse " + pairIDs[0], "5 reuse " + pairIDs[1],
		"6 delete " + a, "7 reuse *",
	}
	if len(got) != len(want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %q, want %q", i, got[i], want[i])
		}
	}
	if s1 != 2 || s2 != 3 || s3 != 5 || s4 != 6 || s5 != 7 {
		t.Errorf("notified %d %d %d %d %d, want 2 3 5 6 7", s1, s2, s3, s4, s5)
	}
}
