package corpus_test

import (
	"context"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// TestReuploadFinishesReuse: a file stored by a writer that died before
// aligning it has no reuse results; uploading it again computes them
// rather than answering "duplicate" and leaving its pairs missing.
func TestReuploadFinishesReuse(t *testing.T) {
	ctx := context.Background()
	c := openCorpus(t, t.TempDir())
	defer c.Close()
	a := plan("", "青山镇卫生院", sharedBody)
	b := plan("", "白水乡卫生院", sharedBody)
	if _, err := c.Add(ctx, "a.txt", []byte(a.Text), []doc.Document{a}); err != nil {
		t.Fatal(err)
	}
	// The crash: b stored, never aligned.
	rb, err := c.Store.Put(ctx, []byte(b.Text), "b.txt", []doc.Document{b})
	if err != nil {
		t.Fatal(err)
	}
	if ps, err := c.DocumentReuse(ctx, rb.IDs[0]); err != nil || len(ps) != 0 {
		t.Fatalf("before the retry: %d pairs, %v", len(ps), err)
	}
	r, err := c.Add(ctx, "b.txt", []byte(b.Text), []doc.Document{plan("", "白水乡卫生院", sharedBody)})
	if err != nil || !r.Duplicate {
		t.Fatalf("retry: %+v, %v", r, err)
	}
	ps, err := c.DocumentReuse(ctx, rb.IDs[0])
	if err != nil || len(ps) != 1 || ps[0].Score < 0.8 {
		t.Fatalf("after the retry: %+v, %v", ps, err)
	}
	res, err := c.Search(ctx, corpus.Query{Q: "白水乡"})
	if err != nil || res.Total != 1 || res.Hits[0].ReuseScore < 0.8 {
		t.Fatalf("search after the retry: %+v, %v", res, err)
	}
	// A second retry changes nothing more.
	before, _ := c.Store.ReuseScores(ctx)
	if _, err := c.Add(ctx, "b.txt", []byte(b.Text), []doc.Document{plan("", "白水乡卫生院", sharedBody)}); err != nil {
		t.Fatal(err)
	}
	after, _ := c.Store.ReuseScores(ctx)
	for id, s := range before {
		if after[id] != s {
			t.Errorf("%s: score %v → %v on a plain duplicate", id, s, after[id])
		}
	}
}
