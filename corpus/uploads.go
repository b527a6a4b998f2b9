package corpus

import (
	"context"
	"time"

	"github.com/planmine/planmine/doc"
)

// Upload is when and under which name a stored file came in, as the store
// keeps it: lists and targets are ordered by the documents' time. The two
// times differ only for a file whose every part was deleted and that was
// stored again (the file row keeps its first time).
type Upload struct {
	SHA256 string
	Name   string
	// File is the file row's time; Docs the time of its documents.
	File, Docs time.Time
}

// Uploads is implemented by stores that can list their files' upload
// times (planmine migrate copies them).
type Uploads interface {
	// Uploads maps each stored file's SHA-256 to its upload.
	Uploads(ctx context.Context) (map[string]Upload, error)
}

// PutterAt is implemented by stores that can store a file with the upload
// times it had elsewhere (a migration keeps them).
type PutterAt interface {
	// PutAt is Put with the file's and its documents' times given.
	PutAt(ctx context.Context, original []byte, name string, docs []doc.Document, up Upload) (PutResult, error)
}
