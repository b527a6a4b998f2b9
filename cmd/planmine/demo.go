package main

import (
	"context"
	"io/fs"
	"path"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/demo"
)

// walkDemo reads the embedded sample corpus through the same readers as
// files on disk.
func walkDemo(ctx context.Context, fn func(name string, docs []doc.Document, err error) error) error {
	entries, err := fs.ReadDir(demo.Files, demo.Dir)
	if err != nil {
		return err
	}
	for _, ent := range entries {
		if ent.IsDir() {
			continue
		}
		f, err := demo.Files.Open(path.Join(demo.Dir, ent.Name()))
		if err != nil {
			return err
		}
		docs, rerr := ingest.Read(ctx, ent.Name(), f, ingest.Options{})
		f.Close()
		if err := fn(ent.Name(), docs, rerr); err != nil {
			return err
		}
	}
	return nil
}

// demoBytes returns the original bytes of one embedded sample file.
func demoBytes(name string) ([]byte, error) {
	return fs.ReadFile(demo.Files, path.Join(demo.Dir, name))
}
