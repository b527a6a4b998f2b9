package corpus_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/sqlite"
)

func TestCorpusAddSearchDelete(t *testing.T) {
	ctx := context.Background()
	c := openCorpus(t, t.TempDir())
	defer c.Close()
	fs := fixtures(t)
	var ids []string
	for _, f := range fs {
		res, err := c.Add(ctx, f.File, originalOf(f), f.Docs)
		if err != nil || res.Duplicate {
			t.Fatalf("add %s: %+v %v", f.File, res, err)
		}
		ids = append(ids, res.IDs...)
	}
	res, err := c.Add(ctx, "again.txt", originalOf(fs[1]), fs[1].Docs)
	if err != nil || !res.Duplicate {
		t.Fatalf("duplicate add: %+v %v", res, err)
	}
	if n, _ := c.Index.Count(); n != 5 {
		t.Errorf("index count after duplicate: %d", n)
	}
	sr, err := c.Search(ctx, corpus.Query{Q: "三會一課"})
	if err != nil || sr.Total != 3 {
		t.Fatalf("search: %d %v", sr.Total, err)
	}
	rows, total, err := c.Targets(ctx, corpus.TargetFilter{Metric: "發展黨員"})
	if err != nil || total != 3 || len(rows) != 3 {
		t.Errorf("targets: %d %v", total, err)
	}
	trad := ids[1]
	if err := c.Delete(ctx, trad); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, trad); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("deleted doc still in store: %v", err)
	}
	if sr, _ := c.Search(ctx, corpus.Query{Q: "中醫院"}); sr.Total != 0 {
		t.Errorf("deleted doc still in index")
	}
	if err := c.Delete(ctx, trad); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if err := c.SetReuse(ctx, ids[0], 0.9, []byte(`{"pairs":[]}`)); err != nil {
		t.Fatal(err)
	}
	if sr, _ := c.Search(ctx, corpus.Query{Q: "reuse:>=0.5"}); sr.Total != 1 || sr.Hits[0].ID != ids[0] {
		t.Errorf("reuse score not indexed: %+v", sr)
	}
}

// TestOpenRepairsIndex: documents that reached the store but not the index
// (indexing failed, or a crash before the index flushed) are indexed at the
// next Open; so are deletions that missed the index.
func TestOpenRepairsIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openCorpus(t, dir)
	fs := fixtures(t)
	for _, f := range fs[:2] {
		if _, err := c.Add(ctx, f.File, originalOf(f), f.Docs); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs[2:] {
		if _, err := st.Put(ctx, originalOf(f), f.File, f.Docs); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	c = openCorpus(t, dir)
	if n, _ := c.Index.Count(); n != 5 {
		t.Fatalf("index not repaired: %d", n)
	}
	if sr, _ := c.Search(ctx, corpus.Query{Q: "清廉医院"}); sr.Total != 2 {
		t.Errorf("store-only docs not searchable: %d", sr.Total)
	}
	// Garbage in the index folder: rebuilt, nothing lost.
	c.Close()
	if err := os.WriteFile(filepath.Join(dir, "index", "bleve", "index_meta.json"), []byte("{{{"), 0o644); err != nil {
		t.Fatal(err)
	}
	c = openCorpus(t, dir)
	if sr, _ := c.Search(ctx, corpus.Query{Q: ""}); sr.Total != 5 {
		t.Errorf("after corrupt index: %d", sr.Total)
	}
	// A deletion that reached the store but not the index is dropped.
	victim := sr(t, c, "清廉科室示范点")
	c.Close()
	st, err = sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, victim); err != nil {
		t.Fatal(err)
	}
	st.Close()
	c = openCorpus(t, dir)
	defer c.Close()
	ids, err := c.Index.IDs(ctx)
	if err != nil || len(ids) != 4 {
		t.Errorf("index ids after store-only delete: %v %v", ids, err)
	}
	for _, id := range ids {
		if id == victim {
			t.Errorf("deleted %s still indexed", id)
		}
	}
}

// sr returns the id of the single hit for q.
func sr(t *testing.T, c *corpus.Corpus, q string) string {
	t.Helper()
	res, err := c.Search(context.Background(), corpus.Query{Q: q})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%q: %+v %v", q, res, err)
	}
	return res.Hits[0].ID
}

// TestConcurrentReadersWhileIngesting is meant for -race: searches, lists
// and target queries run while one writer adds documents.
func TestConcurrentReadersWhileIngesting(t *testing.T) {
	ctx := context.Background()
	c := openCorpus(t, t.TempDir())
	defer c.Close()
	fs := fixtures(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				switch r {
				case 0:
					_, err = c.Search(ctx, corpus.Query{Q: "党员 type:plan"})
				case 1:
					_, _, err = c.Store.List(ctx, corpus.ListFilter{Q: "医院"})
				case 2:
					_, _, err = c.Targets(ctx, corpus.TargetFilter{Unit: "次"})
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}(r)
	}
	const n = 30
	for i := 0; i < n; i++ {
		name, data, docs := synth(fs, i)
		if _, err := c.Add(ctx, name, data, docs); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if sr, _ := c.Search(ctx, corpus.Query{Q: ""}); sr.Total != n {
		t.Errorf("indexed %d want %d", sr.Total, n)
	}
}

const (
	helperDirEnv = "PLANMINE_TEST_INGEST_DIR"
	killDocs     = 400
	killAfter    = 150
)

// TestHelperIngest is the child of TestKill9: it ingests the synthetic
// documents one by one, printing "acked <id>" after each Add returns.
func TestHelperIngest(t *testing.T) {
	dir := os.Getenv(helperDirEnv)
	if dir == "" {
		t.Skip("child process of TestKill9 only")
	}
	ctx := context.Background()
	c := openCorpus(t, dir)
	defer c.Close()
	fs := fixtures(t)
	for i := 0; i < killDocs; i++ {
		name, data, docs := synth(fs, i)
		res, err := c.Add(ctx, name, data, docs)
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString("acked " + res.IDs[0] + "\n")
	}
}

// runHelper runs the child; with killAt > 0 it SIGKILLs the child once it
// has acked killAt documents. It returns the ids acked.
func runHelper(t *testing.T, dir string, killAt int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIngest$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperDirEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		id, ok := strings.CutPrefix(sc.Text(), "acked ")
		if !ok {
			continue
		}
		acked = append(acked, id)
		if killAt > 0 && len(acked) >= killAt && !killed {
			cmd.Process.Kill() // SIGKILL: no deferred Close, no flush
			killed = true
		}
	}
	err = cmd.Wait()
	if killAt > 0 {
		if !killed {
			t.Fatalf("child finished before it could be killed: %d acked, %v", len(acked), err)
		}
	} else if err != nil {
		t.Fatalf("child: %v", err)
	}
	return acked
}

// TestKill9: documents acknowledged before a SIGKILL survive it, re-ingesting
// the same files afterwards creates no duplicates, and the index is repaired
// to match the store.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns three processes that each load the segmenter")
	}
	if os.Getenv(helperDirEnv) != "" {
		t.Skip("inside the child")
	}
	dir := t.TempDir()
	start := time.Now()
	first := runHelper(t, dir, killAfter)
	if len(first) < killAfter {
		t.Fatalf("acked only %d before kill", len(first))
	}
	second := runHelper(t, dir, 0)
	if len(second) != killDocs {
		t.Fatalf("second run acked %d", len(second))
	}
	t.Logf("kill -9 after %d acks; two runs took %v", len(first), time.Since(start))
	ctx := context.Background()
	c := openCorpus(t, dir)
	defer c.Close()
	n, err := c.Store.Count(ctx)
	if err != nil || n != killDocs {
		t.Fatalf("store has %d documents, want %d (%v)", n, killDocs, err)
	}
	ids := map[string]bool{}
	for _, id := range second {
		ids[id] = true
	}
	if len(ids) != killDocs {
		t.Errorf("second run returned %d distinct ids", len(ids))
	}
	for _, id := range first {
		if !ids[id] {
			t.Errorf("acked %s got a different id on re-ingest", id)
		}
		if _, err := c.Get(ctx, id); err != nil {
			t.Errorf("acked %s lost: %v", id, err)
		}
	}
	if m, _ := c.Index.Count(); m != n {
		t.Errorf("index %d != store %d", m, n)
	}
	for _, q := range []string{"K0000", "K0149", "K0399"} {
		if sr, _ := c.Search(ctx, corpus.Query{Q: q}); sr.Total != 1 {
			t.Errorf("%s: %d hits", q, sr.Total)
		}
	}
	if sr, _ := c.Search(ctx, corpus.Query{Q: ""}); sr.Total != killDocs {
		t.Errorf("match all: %d", sr.Total)
	}
}

// TestObserveBatches: a batch that stores documents reports its files,
// documents and a time for each stage; a batch of duplicates stores
// nothing and reports nothing; after ObserveBatches(nil) nothing is
// reported.
func TestObserveBatches(t *testing.T) {
	ctx := context.Background()
	c := openCorpus(t, t.TempDir())
	defer c.Close()
	fs := fixtures(t)
	var got []corpus.BatchTimes
	c.ObserveBatches(func(bt corpus.BatchTimes) { got = append(got, bt) })
	files := []corpus.File{
		{Name: fs[0].File, Original: originalOf(fs[0]), Docs: fs[0].Docs},
		{Name: fs[1].File, Original: originalOf(fs[1]), Docs: fs[1].Docs},
	}
	if _, errs, err := c.AddBatch(ctx, files); err != nil || errs[0] != nil || errs[1] != nil {
		t.Fatalf("add batch: %v %v", err, errs)
	}
	if len(got) != 1 {
		t.Fatalf("%d reports for one batch", len(got))
	}
	bt := got[0]
	if bt.Files != 2 || bt.Docs != len(fs[0].Docs)+len(fs[1].Docs) {
		t.Errorf("files %d docs %d, want 2 and %d", bt.Files, bt.Docs, len(fs[0].Docs)+len(fs[1].Docs))
	}
	if bt.Store <= 0 || bt.Reuse <= 0 || bt.Index <= 0 || bt.Lock < 0 {
		t.Errorf("stage times %+v", bt)
	}
	if _, err := c.Add(ctx, "again.txt", originalOf(fs[1]), fs[1].Docs); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Errorf("a batch of duplicates was reported: %+v", got[1:])
	}
	c.ObserveBatches(nil)
	if _, err := c.Add(ctx, fs[2].File, originalOf(fs[2]), fs[2].Docs); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Errorf("reported after ObserveBatches(nil): %d", len(got))
	}
}
