package report_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp"
)

// fixture is one corpus shared by the tests of this package (read only):
// the five seeds, two of them again as LibreOffice DOCX and Chromium PDF,
// and our two plans sharing a paragraph full of markup, all read, analysed
// and stored through the real pipeline.
var fixture struct {
	once sync.Once
	dir  string
	c    *corpus.Corpus
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.c != nil {
		fixture.c.Close()
	}
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// fixturePaths are the inputs of the fixture corpus.
func fixturePaths(t testing.TB) []string {
	seeds, err := filepath.Glob(shared.Path(t, "corpus", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	return append(seeds,
		shared.Path(t, "corpus", "formats", "002_libreoffice.docx"),
		shared.Path(t, "corpus", "formats", "004_chromium_truetype.pdf"),
		filepath.Join("testdata", "markup_a.txt"),
		filepath.Join("testdata", "markup_b.txt"))
}

// openFixture returns the fixture corpus, building it on first use.
func openFixture(t testing.TB) *corpus.Corpus {
	t.Helper()
	paths := fixturePaths(t)
	fixture.once.Do(func() {
		ctx := context.Background()
		if fixture.dir, fixture.err = os.MkdirTemp("", "planmine-report-"); fixture.err != nil {
			return
		}
		if fixture.c, fixture.err = local.Open(ctx, fixture.dir, nil, nil); fixture.err != nil {
			return
		}
		fixture.err = ingestPaths(ctx, fixture.c, paths)
	})
	if fixture.err != nil {
		t.Fatalf("fixture corpus: %v", fixture.err)
	}
	return fixture.c
}

// ingestPaths is what `planmine ingest` does: read, analyse, store.
func ingestPaths(ctx context.Context, c *corpus.Corpus, paths []string) error {
	var files []corpus.File
	err := ingest.WalkFiles(ctx, paths, ingest.Options{}, func(f ingest.File) error {
		if f.Err != nil {
			return f.Err
		}
		for i := range f.Docs {
			if err := nlp.Analyze(ctx, &f.Docs[i]); err != nil {
				return err
			}
		}
		files = append(files, corpus.File{Name: filepath.Base(f.Name), Original: f.Data, Docs: f.Docs})
		return nil
	})
	if err != nil {
		return err
	}
	_, errs, err := c.AddBatch(ctx, files)
	if err != nil {
		return err
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// allDocs lists every stored document.
func allDocs(t testing.TB, c *corpus.Corpus) []corpus.DocSummary {
	t.Helper()
	ds, _, err := c.List(context.Background(), corpus.ListFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		t.Fatal("fixture corpus is empty")
	}
	return ds
}
