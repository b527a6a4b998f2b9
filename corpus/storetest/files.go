// Package storetest is the conformance suite of corpus.Store: Run checks
// the documented contract of every method on a fresh store per case, with
// real documents (sample files read and analysed by the real ingest and nlp
// pipeline) and the hand-written fixtures of corpus/testdata. Each backend
// (corpus/sqlite, corpus/postgres) runs it from its tests, so they keep the
// same semantics: the same ids, orders, ties, folding and totals.
//
// Expected results come from an oracle computed in Go from the documents
// put, not from another store.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp"
)

// File is one original and the documents read from it.
type File struct {
	Name string
	Data []byte
	Docs []doc.Document
}

// SHA256 is the hex SHA-256 of the file's bytes, the store's file key.
func (f File) SHA256() string {
	sum := sha256.Sum256(f.Data)
	return hex.EncodeToString(sum[:])
}

// DocID is the id a store gives part (1-based) of the file when the reader
// set none: the first 16 hex digits of the SHA-256 and the part.
func (f File) DocID(part int) string {
	return fmt.Sprintf("%s-%d", f.SHA256()[:16], part)
}

// realGlobs are the sample files the suite reads, under shared/corpus:
// plain-text plans, Writer documents (one with 6 parts, one with 11) and
// long government work reports with hundreds of targets and slogans.
var realGlobs = []string{
	"seeds/*.txt",
	"formats/*.docx",
	"external/*.docx",
	"external/gwr_cn_20[12]*_u8.txt",
}

var (
	realOnce  sync.Once
	realFiles []File
	realErr   error
)

// Real returns the sample files read and analysed by the real pipeline
// (at least 20 of them), once per test binary. Callers must not modify them.
func Real(t testing.TB) []File {
	t.Helper()
	root := shared.Path(t, "corpus")
	realOnce.Do(func() {
		var paths []string
		for _, g := range realGlobs {
			m, err := filepath.Glob(filepath.Join(root, g))
			if err != nil {
				realErr = err
				return
			}
			paths = append(paths, m...)
		}
		ctx := context.Background()
		realErr = ingest.WalkFiles(ctx, paths, ingest.Options{}, func(f ingest.File) error {
			if f.Err != nil {
				return f.Err
			}
			for i := range f.Docs {
				if err := nlp.Analyze(ctx, &f.Docs[i]); err != nil {
					return err
				}
			}
			realFiles = append(realFiles, File{Name: filepath.Base(f.Name), Data: f.Data, Docs: f.Docs})
			return nil
		})
	})
	if realErr != nil {
		t.Fatalf("read sample files: %v", realErr)
	}
	if len(realFiles) < 20 {
		t.Fatalf("%d sample files under %s, want at least 20", len(realFiles), root)
	}
	return realFiles
}

// Fixtures returns the hand-written documents of corpus/testdata/docs.json
// (Traditional script, a two-part file, a summary without org or year, a
// range target); each file's bytes are its parts' texts joined.
func Fixtures(t testing.TB) []File {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "testdata", "docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx []struct {
		File string         `json:"file"`
		Docs []doc.Document `json:"docs"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	out := make([]File, len(fx))
	for i, f := range fx {
		var parts []string
		for _, d := range f.Docs {
			parts = append(parts, d.Text)
		}
		out[i] = File{Name: f.File, Data: []byte(strings.Join(parts, "\n\n")), Docs: f.Docs}
	}
	return out
}

// Files is what the suite stores: the fixtures, then the sample files.
func Files(t testing.TB) []File {
	return append(Fixtures(t), Real(t)...)
}

// Stored is what a store keeps of part i of f and Get returns: the
// document with its id, part, source and file hash filled in the way Put
// fills them, as JSON keeps it.
func Stored(f File, i int) doc.Document {
	d := f.Docs[i]
	if d.Part <= 0 {
		d.Part = i + 1
	}
	if d.ID == "" {
		d.ID = f.DocID(d.Part)
	}
	if d.Source == "" {
		d.Source = f.Name
	}
	d.SHA256 = f.SHA256()
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	var out doc.Document
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}
