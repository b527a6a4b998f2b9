package corpus_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/planmine/planmine/corpus"
)

// TestAddBatchReleasesOriginals: once a batch is stored, AddBatch lets go
// of the files' original bytes (a large ingest must not hold them through
// the reuse and index updates), and the store still returns each one.
func TestAddBatchReleasesOriginals(t *testing.T) {
	ctx := context.Background()
	c := openCorpus(t, t.TempDir())
	defer c.Close()
	fs := fixtures(t)
	var files []corpus.File
	var want [][]byte
	for i := range 5 {
		name, data, docs := synth(fs, i)
		files = append(files, corpus.File{Name: name, Original: data, Docs: docs})
		want = append(want, bytes.Clone(data))
	}
	res, errs, err := c.AddBatch(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if errs[i] != nil {
			t.Fatalf("file %d: %v", i, errs[i])
		}
		if f.Original != nil {
			t.Errorf("file %d: original still held (%d bytes)", i, len(f.Original))
		}
		_, got, err := c.Original(ctx, res[i].IDs[0])
		if err != nil || !bytes.Equal(got, want[i]) {
			t.Errorf("file %d: stored original %d bytes, %v; want %d bytes", i, len(got), err, len(want[i]))
		}
	}
}
