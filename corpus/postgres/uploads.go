package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

var (
	_ corpus.Uploads  = (*DB)(nil)
	_ corpus.PutterAt = (*DB)(nil)
)

// PutAt implements corpus.PutterAt: Put with the upload times a file had
// in another store (timestamptz keeps microseconds).
func (db *DB) PutAt(ctx context.Context, original []byte, name string, docs []doc.Document, up corpus.Upload) (corpus.PutResult, error) {
	return db.putOne(ctx, corpus.File{Name: name, Original: original, Docs: docs}, &up)
}

// Uploads implements corpus.Uploads.
func (db *DB) Uploads(ctx context.Context) (map[string]corpus.Upload, error) {
	rows, err := db.pool.Query(ctx, `SELECT f.sha256, f.name, f.created_at, min(d.created_at)
		FROM files f JOIN documents d ON d.file_sha=f.sha256 GROUP BY f.sha256, f.name, f.created_at`)
	if err != nil {
		return nil, err
	}
	out := map[string]corpus.Upload{}
	var u corpus.Upload
	_, err = pgx.ForEachRow(rows, []any{&u.SHA256, &u.Name, &u.File, &u.Docs}, func() error {
		out[u.SHA256] = u
		return nil
	})
	return out, err
}
