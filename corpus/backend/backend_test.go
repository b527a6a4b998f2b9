package backend_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/backend"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/shared"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		url, data string
		want      backend.Target
		err       bool
	}{
		{"", "d", backend.Target{Dir: "d"}, false},
		{"", "", backend.Target{}, true},
		{"sqlite:x/y", "", backend.Target{Dir: "x/y"}, false},
		{"sqlite://x/y", "x/y/", backend.Target{Dir: "x/y"}, false},
		{"sqlite:x", "z", backend.Target{}, true},
		{"some/dir", "", backend.Target{Dir: "some/dir"}, false},
		{"postgres://u:p@h:5432/db?sslmode=disable", "ix", backend.Target{DSN: "postgres://u:p@h:5432/db?sslmode=disable", Dir: "ix"}, false},
		{"postgresql://h/db", "ix", backend.Target{DSN: "postgresql://h/db", Dir: "ix"}, false},
		{"postgres://h", "ix", backend.Target{}, true},
		{"mysql://h/db", "", backend.Target{}, true},
	} {
		got, err := backend.Parse(tc.url, tc.data)
		if (err != nil) != tc.err || (err == nil && got != tc.want) {
			t.Errorf("Parse(%q, %q) = %+v, %v; want %+v, error %v", tc.url, tc.data, got, err, tc.want, tc.err)
		}
		if err != nil && !errors.Is(err, backend.ErrURL) {
			t.Errorf("Parse(%q): %v is not ErrURL", tc.url, err)
		}
	}
	// The cache folder depends on the database, not on its password.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	a, _ := backend.Parse("postgres://u:one@h/db", "")
	b, _ := backend.Parse("postgres://u:two@h/db", "")
	c, _ := backend.Parse("postgres://u:one@h/other", "")
	if a.Dir == "" || a.Dir != b.Dir || a.Dir == c.Dir {
		t.Errorf("cache folders: %q %q %q", a.Dir, b.Dir, c.Dir)
	}
	if s := a.String(); s != "postgres://u@h/db" {
		t.Errorf("String() = %q", s)
	}
}

func ingestFiles(t *testing.T, c *corpus.Corpus, paths ...string) {
	t.Helper()
	ctx := context.Background()
	err := importer.Run(ctx, c, importer.Options{Done: func(r importer.Result) error {
		if r.Err != nil {
			return r.Err
		}
		return r.BatchErr
	}}, func(yield func(ingest.File) error) error {
		return ingest.WalkFiles(ctx, paths, ingest.Options{}, yield)
	})
	if err != nil {
		t.Fatalf("ingest %v: %v", paths, err)
	}
}

func open(t *testing.T, tg backend.Target) *corpus.Corpus {
	t.Helper()
	c, err := backend.Open(context.Background(), tg, nil, nil)
	if err != nil {
		t.Fatalf("open %s: %v", tg, err)
	}
	return c
}

// hits is the sorted ids of a search.
func hits(t *testing.T, c *corpus.Corpus, q string) []string {
	t.Helper()
	res, err := c.Search(context.Background(), corpus.Query{Q: q, Limit: 1000, NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, fmt.Sprintf("%s %.4f", h.ID, h.ReuseScore))
	}
	sort.Strings(ids)
	return ids
}

// waitSame waits up to limit for c to answer q as want does.
func waitSame(t *testing.T, want, c *corpus.Corpus, q string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	w := fmt.Sprint(hits(t, want, q))
	for {
		got := fmt.Sprint(hits(t, c, q))
		if got == w {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("after %v the replica answers %q with\n%s\nwant\n%s", limit, q, got, w)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pairSet is every stored pair with its score.
func pairSet(t *testing.T, c *corpus.Corpus) []string {
	t.Helper()
	rows, err := c.Store.ReusePairs(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %.6f", min(r.A, r.B), max(r.A, r.B), r.Score))
	}
	sort.Strings(out)
	return out
}

// TestReplicasFollow: two replicas on one database see each other's
// writes within 2 s, writing at the same time loses no pair, and a replica
// that was down catches up from the change log when it opens again.
func TestReplicasFollow(t *testing.T) {
	dsn := pgtest.DSN(t)
	seeds := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, shared.Path(t, "corpus", "seeds", n))
		}
		return out
	}
	s := seeds("000_948abd7a737fa59a.txt", "001_f4d157a1266cd397.txt", "002_9058a1a23e0705b8.txt",
		"003_fa072e7aee8cd29d.txt", "004_5ca0019a6ce73c5f.txt")
	docx := shared.Path(t, "corpus", "formats", "002_libreoffice.docx")
	tA := backend.Target{DSN: dsn, Dir: t.TempDir()}
	tB := backend.Target{DSN: dsn, Dir: t.TempDir()}
	a, b := open(t, tA), open(t, tB)
	defer a.Close()

	ingestFiles(t, a, s[0], s[1])
	took := waitSame(t, a, b, "工作", followLimit)
	t.Logf("a write on A is visible on B after %v", took)

	// Both write at once: the second writer aligns against the first's
	// documents, so the pairs are those of one sequential ingest.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ingestFiles(t, a, s[2], s[3]) }()
	go func() { defer wg.Done(); ingestFiles(t, b, s[4], docx) }()
	wg.Wait()
	waitSame(t, a, b, "工作", followLimit)
	waitSame(t, b, a, "计划", followLimit)
	// The reuse: filter reads each replica's own copy of the scores, which
	// the followers update from reuse changes without re-indexing.
	for _, q := range []string{"reuse:>=0.2", "reuse:<0.05"} {
		waitSame(t, a, b, q, followLimit)
		waitSame(t, b, a, q, followLimit)
	}

	ref := open(t, backend.Target{Dir: t.TempDir()})
	defer ref.Close()
	ingestFiles(t, ref, s[0], s[1])
	ingestFiles(t, ref, s[2], s[3])
	ingestFiles(t, ref, s[4], docx)
	if got, want := pairSet(t, a), pairSet(t, ref); fmt.Sprint(got) != fmt.Sprint(want) || len(want) == 0 {
		t.Errorf("pairs of concurrent replica writes:\n%v\nwant (one embedded ingest):\n%v", got, want)
	}
	for _, q := range []string{"工作", "reuse:>=0.2", "reuse:<0.05"} {
		if len(hits(t, ref, q)) == 0 {
			t.Errorf("%q finds nothing in the reference: the comparison would prove nothing", q)
		}
		if got, want := hits(t, b, q), hits(t, ref, q); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("search %q on the replicas:\n%v\nwant:\n%v", q, got, want)
		}
	}

	// A delete on B reaches A.
	res, _ := ref.Search(context.Background(), corpus.Query{Q: "工作", Limit: 1})
	id := res.Hits[0].ID
	if err := b.Delete(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if err := ref.Delete(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	waitSame(t, ref, a, "工作", followLimit)

	// B goes down; A writes; B catches up when it opens, reporting the
	// changes applied out of those to apply (what /readyz shows).
	waitSame(t, a, b, "工作", followLimit)
	before := b.FollowedSeq()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	more := shared.Path(t, "corpus", "formats", "003_libreoffice.docx")
	ingestFiles(t, a, more)
	ingestFiles(t, ref, more)
	start := time.Now()
	b, err := backend.OpenStore(context.Background(), tB, nil)
	if err != nil {
		t.Fatal(err)
	}
	var catchUp []corpus.IndexProgress
	if err := b.OpenIndex(context.Background(), func(p corpus.IndexProgress) {
		if p.Step == corpus.IndexCatchingUp {
			catchUp = append(catchUp, p)
		}
	}); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	t.Logf("B reopened and caught up in %v", time.Since(start))
	if got, want := hits(t, b, "工作"), hits(t, ref, "工作"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("reopened replica:\n%v\nwant:\n%v", got, want)
	}
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	last, err := db.LastChange(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := b.FollowedSeq(); got != last {
		t.Errorf("reopened replica at seq %d, log at %d", got, last)
	}
	want := int(last - before)
	if n := len(catchUp); want <= 0 || n < 2 || catchUp[0].Done != 0 || catchUp[n-1].Done != want || catchUp[n-1].Total != want {
		t.Errorf("catch-up progress %+v, want 0/%d … %d/%d", catchUp, want, want, want)
	}
}

// TestDeferFollow: a replica that defers following (bulk ingest) leaves
// other replicas' documents out of its search index while it runs, still
// aligns its own documents against them (the pairs of one sequential
// ingest), and has them in its index once opened again.
func TestDeferFollow(t *testing.T) {
	dsn := pgtest.DSN(t)
	seed := func(n string) string { return shared.Path(t, "corpus", "seeds", n) }
	s0, s1 := seed("000_948abd7a737fa59a.txt"), seed("001_f4d157a1266cd397.txt")
	docx := shared.Path(t, "corpus", "formats", "002_libreoffice.docx")
	tA := backend.Target{DSN: dsn, Dir: t.TempDir()}
	tB := backend.Target{DSN: dsn, Dir: t.TempDir()}
	a, b := open(t, tA), open(t, tB)
	defer b.Close()
	a.DeferFollow()
	ingestFiles(t, a, s0)
	own := hits(t, a, "工作")
	ingestFiles(t, b, s1)
	time.Sleep(3 * time.Second) // the follower has polled meanwhile
	if got := hits(t, a, "工作"); fmt.Sprint(got) != fmt.Sprint(own) {
		t.Errorf("the deferring replica indexed another replica's documents: %v, had %v", got, own)
	}
	ingestFiles(t, a, docx)

	ref := open(t, backend.Target{Dir: t.TempDir()})
	defer ref.Close()
	ingestFiles(t, ref, s0)
	ingestFiles(t, ref, s1)
	ingestFiles(t, ref, docx)
	if got, want := pairSet(t, a), pairSet(t, ref); fmt.Sprint(got) != fmt.Sprint(want) || len(want) == 0 {
		t.Errorf("pairs with a deferring replica:\n%v\nwant (one embedded ingest):\n%v", got, want)
	}
	if len(hits(t, ref, "工作")) <= len(own) {
		t.Fatalf("the reference finds no more than A's own documents: the test proves nothing")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a = open(t, tA)
	defer a.Close()
	for _, q := range []string{"工作", "reuse:>=0.2", "reuse:<0.05"} {
		if got, want := hits(t, a, q), hits(t, ref, q); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("search %q on the reopened replica:\n%v\nwant:\n%v", q, got, want)
		}
	}
}
