package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/ingest"
)

// seeds returns n files of the shared corpus: the seed texts, then the
// same seeds as LibreOffice DOCX (near copies of them, in another format).
func seeds(t *testing.T, n int) []string {
	t.Helper()
	var dir string
	for _, c := range []string{os.Getenv("PLANMINE_SHARED"), "../../../shared", "/work/shared"} {
		if c != "" {
			if _, err := os.Stat(filepath.Join(c, "corpus", "seeds")); err == nil {
				dir = filepath.Join(c, "corpus", "seeds")
				break
			}
		}
	}
	if dir == "" {
		t.Skip("shared/corpus not found (set PLANMINE_SHARED)")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	sort.Strings(paths)
	docx, _ := filepath.Glob(filepath.Join(dir, "..", "formats", "*_libreoffice.docx"))
	sort.Strings(docx)
	paths = append(paths, docx...)
	if err != nil || len(paths) < n {
		t.Fatalf("want %d seeds in %s, found %d (%v)", n, dir, len(paths), err)
	}
	return paths[:n]
}

func openCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	if testing.Short() {
		t.Skip("analysis loads the segmenter")
	}
	c, err := local.Open(context.Background(), t.TempDir(), slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// files yields each path as ingest reads it, with a read failure and a
// repeated file among them.
func files(t *testing.T, paths []string) func(yield func(ingest.File) error) error {
	return func(yield func(ingest.File) error) error {
		for i, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(p)
			docs, err := ingest.Read(context.Background(), name, bytesReader(data), ingest.Options{})
			if err := yield(ingest.File{Name: name, Data: data, Docs: docs, Err: err}); err != nil {
				return err
			}
			if i == 2 {
				bad := ingest.File{Name: "坏.docx", Err: fmt.Errorf("坏.docx: %w", ingest.ErrCorrupt)}
				if err := yield(bad); err != nil {
					return err
				}
				// The same bytes under another name, read again.
				redo, _ := ingest.Read(context.Background(), name, bytesReader(data), ingest.Options{})
				again := ingest.File{Name: "again-" + name, Data: data, Docs: redo}
				if err := yield(again); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// TestRunOrderAndStore: with small batches and more workers than files in
// flight, every file is reported once, in input order, read failures and
// duplicates in their place, and what was reported stored is in the store
// and the index.
func TestRunOrderAndStore(t *testing.T) {
	c := openCorpus(t)
	paths := seeds(t, 7)
	var got []importer.Result
	var trace bytes.Buffer
	reported := 0
	err := importer.Run(context.Background(), c, importer.Options{Batch: 2, Workers: 3, Done: func(r importer.Result) error {
		got = append(got, r)
		// A file is reported once its batch is in the search index too.
		if r.Err == nil && !r.Duplicate {
			reported += len(r.IDs)
			if n, err := c.Index.Count(); err != nil || int(n) < reported {
				t.Errorf("%s reported with %d documents reported and %d indexed (%v)", r.Name, reported, n, err)
			}
		}
		return nil
	}, Trace: slog.New(slog.NewTextHandler(&trace, nil))}, files(t, paths))
	if err != nil {
		t.Fatal(err)
	}
	// The trace has one line per batch, and the batches hold every file.
	traced := 0
	for _, line := range strings.Split(strings.TrimSpace(trace.String()), "\n") {
		var n int
		at := strings.Index(line, "files=")
		if !strings.Contains(line, "msg=batch") || at < 0 || !strings.Contains(line, "stored=") ||
			!strings.Contains(line, "reading_blocked=") {
			t.Fatalf("trace line %q", line)
		}
		if _, err := fmt.Sscanf(line[at:], "files=%d", &n); err != nil || n < 1 {
			t.Fatalf("trace line %q: %v", line, err)
		}
		traced += n
	}
	var want []string
	for i, p := range paths {
		want = append(want, filepath.Base(p))
		if i == 2 {
			want = append(want, "坏.docx", "again-"+filepath.Base(p))
		}
	}
	if len(got) != len(want) || traced != len(want) {
		t.Fatalf("%d results, %d files traced, want %d", len(got), traced, len(want))
	}
	stored := 0
	for i, r := range got {
		if r.Name != want[i] {
			t.Errorf("result %d is %s, want %s (input order)", i, r.Name, want[i])
		}
		switch {
		case r.Name == "坏.docx":
			if !errors.Is(r.Err, ingest.ErrCorrupt) || r.Docs != nil {
				t.Errorf("read failure: %+v", r)
			}
		case r.Err != nil || r.BatchErr != nil:
			t.Errorf("%s: %v / %v", r.Name, r.Err, r.BatchErr)
		case r.Name == want[4]:
			if !r.Duplicate || len(r.IDs) == 0 || r.IDs[0] != got[2].IDs[0] {
				t.Errorf("repeated file: duplicate %v ids %v, want the ids of %s %v", r.Duplicate, r.IDs, got[2].Name, got[2].IDs)
			}
		default:
			if r.Duplicate || len(r.IDs) != len(r.Docs) || len(r.IDs) == 0 {
				t.Errorf("%s: duplicate %v, %d ids for %d documents", r.Name, r.Duplicate, len(r.IDs), len(r.Docs))
			}
			for k, d := range r.Docs {
				if d.ID != r.IDs[k] || d.Source != r.Name || d.DocType == "" {
					t.Errorf("%s part %d: id %q source %q, doc type %q (analysed?)", r.Name, d.Part, d.ID, d.Source, d.DocType)
				}
			}
			stored += len(r.IDs)
		}
	}
	ctx := context.Background()
	if n, err := c.Store.Count(ctx); err != nil || n != stored {
		t.Errorf("store holds %d documents (%v), results say %d", n, err, stored)
	}
	if n, err := c.Index.Count(); err != nil || n != stored {
		t.Errorf("index holds %d documents (%v), results say %d", n, err, stored)
	}
}

// TestRunStopsOnDoneError: an error from Done ends the run with that error;
// nothing after it is reported, and what was reported before is stored.
func TestRunStopsOnDoneError(t *testing.T) {
	c := openCorpus(t)
	paths := seeds(t, 6)
	stop := errors.New("停止 (stop)")
	var got []importer.Result
	err := importer.Run(context.Background(), c, importer.Options{Batch: 2, Done: func(r importer.Result) error {
		got = append(got, r)
		if len(got) == 3 {
			return stop
		}
		return nil
	}}, files(t, paths))
	if !errors.Is(err, stop) {
		t.Fatalf("Run returned %v, want the Done error", err)
	}
	if len(got) != 3 {
		t.Fatalf("%d results reported, want 3 (none after the error)", len(got))
	}
	for _, r := range got[:2] {
		if _, err := c.Store.Get(context.Background(), r.IDs[0]); err != nil {
			t.Errorf("%s was reported stored: %v", r.Name, err)
		}
	}
	// A batch stored before the run stopped is indexed all the same.
	stored, err := c.Store.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := c.Index.Count(); err != nil || int(n) != stored {
		t.Errorf("after the stop the store holds %d documents and the index %d (%v)", stored, n, err)
	}
}

// TestRunCancelled: a cancelled context ends the run with its error.
func TestRunCancelled(t *testing.T) {
	c := openCorpus(t)
	paths := seeds(t, 5)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := importer.Run(ctx, c, importer.Options{Batch: 1, Done: func(r importer.Result) error {
		n++
		cancel()
		return nil
	}}, files(t, paths))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if n >= len(paths)+2 {
		t.Errorf("all %d files were reported after the cancel", n)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
