package corpus_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
)

// TestOpenInTwoSteps: OpenStore alone answers store reads and refuses what
// needs the index; OpenIndex then reports its step and, for an index that
// must be repaired or rebuilt, the documents done up to the total.
func TestOpenInTwoSteps(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opt := corpus.Options{OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex}
	const n = 450 // more than one repair chunk and one index batch
	c := openCorpus(t, dir)
	fs := fixtures(t)
	var files []corpus.File
	for i := range n {
		name, data, docs := synth(fs, i)
		files = append(files, corpus.File{Name: name, Original: data, Docs: docs})
	}
	if _, _, err := c.AddBatch(ctx, files); err != nil {
		t.Fatal(err)
	}
	c.Close()

	// open runs the two steps and returns the reports of the second.
	open := func() (*corpus.Corpus, []corpus.IndexProgress) {
		t.Helper()
		c, err := corpus.OpenStore(ctx, dir, opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, total, err := c.List(ctx, corpus.ListFilter{Limit: 1}); err != nil || total != n {
			t.Fatalf("list before the index opens: %d, %v", total, err)
		}
		if _, err := c.Search(ctx, corpus.Query{Q: "党员"}); !errors.Is(err, corpus.ErrIndexNotOpen) {
			t.Errorf("search before the index opens: %v", err)
		}
		if err := c.Delete(ctx, "x"); !errors.Is(err, corpus.ErrIndexNotOpen) {
			t.Errorf("delete before the index opens: %v", err)
		}
		var reports []corpus.IndexProgress
		if err := c.OpenIndex(ctx, func(p corpus.IndexProgress) { reports = append(reports, p) }); err != nil {
			t.Fatal(err)
		}
		if res, err := c.Search(ctx, corpus.Query{Q: "", Limit: 1}); err != nil || res.Total != n {
			t.Errorf("search after OpenIndex: %d, %v", res.Total, err)
		}
		return c, reports
	}
	// progressed checks that the reports of step end at total/total and
	// never go back.
	progressed := func(reports []corpus.IndexProgress, step corpus.IndexStep, total int) {
		t.Helper()
		last := -1
		for _, p := range reports {
			if p.Step != step {
				continue
			}
			if p.Total != total || p.Done < last || p.Done > total {
				t.Fatalf("step %d report %+v after done %d, want total %d", step, p, last, total)
			}
			last = p.Done
		}
		if last != total {
			t.Errorf("step %d ended at %d of %d: %+v", step, last, total, reports)
		}
	}

	c, reports := open()
	if len(reports) != 1 || reports[0].Step != corpus.IndexOpening {
		t.Errorf("a sound index reported %+v, want only the opening", reports)
	}
	c.Close()

	// The index lost documents: repaired, with progress.
	c = openCorpus(t, dir)
	ids, err := c.Store.IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const lost = 250
	if err := c.Index.Delete(ctx, ids[:lost]...); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, reports = open()
	progressed(reports, corpus.IndexRepairing, lost)
	c.Close()

	// The index is gone: rebuilt from the store, with progress.
	if err := os.RemoveAll(filepath.Join(dir, "index")); err != nil {
		t.Fatal(err)
	}
	c, reports = open()
	progressed(reports, corpus.IndexRebuilding, n)
	c.Close()
}
