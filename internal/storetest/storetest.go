// Package storetest gives tests a real store filled the way planmine
// ingest fills one: files read, analysed and put into SQLite.
package storetest

import (
	"context"
	"testing"

	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

// Load returns a store in a temporary directory, closed when the test
// ends, holding every document read and analysed from paths. An input
// that cannot be read fails the test, unless skipBad is set (a folder
// that also holds notes or data files). It skips the test in -short mode:
// analysis loads the segmenter dictionary.
func Load(t testing.TB, skipBad bool, paths ...string) *sqlite.DB {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = ingest.WalkFiles(ctx, paths, ingest.Options{}, func(f ingest.File) error {
		if f.Err != nil {
			if skipBad {
				return nil
			}
			return f.Err
		}
		for i := range f.Docs {
			if err := nlp.Analyze(ctx, &f.Docs[i]); err != nil {
				return err
			}
		}
		_, err := db.Put(ctx, f.Data, f.Name, f.Docs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}
