package storetest_test

import (
	"context"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/corpus/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) corpus.Store {
		db, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
