package corpus_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/fulldisk"
)

// TestAddBatchOnFullDisk: on a real tmpfs, CheckSpace refuses a batch when
// less than MinFree would stay free; a batch added anyway on a disk with no
// byte left (as when another process fills it after the check) fails file
// by file with ErrNoSpace, stores nothing and leaves the store, the search
// index and every earlier document as they were; once space returns the
// same batch is stored and searchable.
func TestAddBatchOnFullDisk(t *testing.T) {
	disk := fulldisk.Mount(t, 24<<20)
	ctx := context.Background()
	c := openCorpus(t, disk)
	defer c.Close()
	fs := fixtures(t)
	batch := func(from, n int) []corpus.File {
		var out []corpus.File
		for i := from; i < from+n; i++ {
			name, data, docs := synth(fs, i)
			out = append(out, corpus.File{Name: name, Original: data, Docs: docs})
		}
		return out
	}
	found := func(i int) int {
		// The marker 批次K0001号; a query for the whole run finds nothing
		// (Latin next to Han), so its Latin part is searched.
		sr, err := c.Search(ctx, corpus.Query{Q: fmt.Sprintf("K%04d", i)})
		if err != nil {
			t.Fatal(err)
		}
		return sr.Total
	}
	if _, errs, err := c.AddBatch(ctx, batch(0, 10)); err != nil || errors.Join(errs...) != nil {
		t.Fatalf("with room: %v %v", err, errs)
	}
	// 24 MB in all: less than MinFree is left, so the check refuses.
	var se *corpus.SpaceError
	if err := c.CheckSpace(batch(10, 1)); !errors.As(err, &se) || !errors.Is(err, corpus.ErrNoSpace) || se.Free >= corpus.MinFree {
		t.Errorf("CheckSpace with %d bytes free: %v", fulldisk.Free(t, disk), err)
	}
	filler := fulldisk.Fill(t, disk, 0)
	_, errs, err := c.AddBatch(ctx, batch(10, 5))
	for i, e := range errs {
		if !errors.Is(e, corpus.ErrNoSpace) || !corpus.IsNoSpace(e) {
			t.Errorf("file %d on a full disk: %v, want ErrNoSpace", i, e)
		}
	}
	check := func(stage string, want int) {
		n, err1 := c.Store.Count(ctx)
		m, err2 := c.Index.Count()
		if err1 != nil || err2 != nil || n != want || m != want {
			t.Errorf("%s: store %d, index %d, want %d (%v %v)", stage, n, m, want, err1, err2)
		}
		for i := range want {
			if found(i) != 1 {
				t.Errorf("%s: document %d not found", stage, i)
			}
		}
	}
	check(fmt.Sprintf("full disk (batch error %v)", err), 10)
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := c.AddBatch(ctx, batch(10, 5)); err != nil || errors.Join(errs...) != nil {
		t.Fatalf("after space returned: %v %v", err, errs)
	}
	check("space returned", 15)
}
