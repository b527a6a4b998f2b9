package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/planmine/planmine/corpus"
)

// Uploads implements corpus.Uploads: the files rows and the time of each
// file's documents (all parts of a file share it).
func (db *DB) Uploads(ctx context.Context) (map[string]corpus.Upload, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT f.sha256, f.name, f.created_at, min(d.created_at)
		FROM files f JOIN documents d ON d.file_sha=f.sha256 GROUP BY f.sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]corpus.Upload{}
	for rows.Next() {
		var u corpus.Upload
		var file, docs string
		if err := rows.Scan(&u.SHA256, &u.Name, &file, &docs); err != nil {
			return nil, err
		}
		if u.File, err = time.Parse(time.RFC3339Nano, file); err != nil {
			return nil, fmt.Errorf("文件时间无法解析 (bad upload time) %s: %w", u.SHA256, err)
		}
		if u.Docs, err = time.Parse(time.RFC3339Nano, docs); err != nil {
			return nil, fmt.Errorf("文件时间无法解析 (bad upload time) %s: %w", u.SHA256, err)
		}
		out[u.SHA256] = u
	}
	return out, rows.Err()
}
