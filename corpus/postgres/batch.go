package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// PutFiles implements corpus.Documents: every file of the batch in one
// transaction, its changes logged (and the replicas notified) once at the
// end. Files already stored are found first, without sending their bytes.
// A file refused on its own (invalid, or its rows refused by a constraint
// or a data check) is rolled back to its savepoint and the others go on;
// any other failure fails the batch and stores nothing.
func (db *DB) PutFiles(ctx context.Context, files []corpus.File) ([]corpus.PutResult, []error, error) {
	return db.putFiles(ctx, files, nil)
}

// putOne is putFiles of one file.
func (db *DB) putOne(ctx context.Context, f corpus.File, at *corpus.Upload) (corpus.PutResult, error) {
	res, errs, err := db.putFiles(ctx, []corpus.File{f}, at)
	if errs[0] != nil {
		return corpus.PutResult{}, errs[0]
	}
	return res[0], err
}

// putFiles stores files; at, when not nil, gives their times (PutAt), else
// each file has the time it was written at in the transaction.
func (db *DB) putFiles(ctx context.Context, files []corpus.File, at *corpus.Upload) (res []corpus.PutResult, errs []error, err error) {
	res, errs = make([]corpus.PutResult, len(files)), make([]error, len(files))
	shas := make([]string, len(files))
	docs := make([][]doc.Document, len(files))
	var todo []int
	for i, f := range files {
		shas[i], docs[i], errs[i] = corpus.Prepare(f.Original, f.Name, f.Docs)
		if errs[i] == nil {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return res, errs, nil
	}
	defer func() {
		if err != nil {
			for i := range errs {
				if errs[i] == nil {
					res[i], errs[i] = corpus.PutResult{}, err
				}
			}
		}
	}()
	want := make([]string, len(todo))
	for k, i := range todo {
		want[k] = shas[i]
	}
	stored, err := docIDsBySHA(ctx, db.pool, want)
	if err != nil {
		return res, errs, err
	}
	var fresh []int
	for _, i := range todo {
		if ids := stored[shas[i]]; len(ids) > 0 {
			res[i] = corpus.PutResult{IDs: ids, Duplicate: true}
		} else {
			fresh = append(fresh, i)
		}
	}
	if len(fresh) == 0 {
		return res, errs, nil
	}
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		// The originals first, in SHA-256 order: a concurrent put of some of
		// the same files waits on the same keys in the same order instead
		// of deadlocking, then does nothing and finds their documents.
		order := slices.Clone(fresh)
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(shas[a], shas[b]) })
		have := map[string]bool{}
		for _, i := range order {
			if have[shas[i]] {
				continue
			}
			ferr, err := putOriginal(ctx, tx, shas[i], files[i])
			if err != nil {
				return err
			}
			if ferr != nil {
				errs[i] = ferr
				continue
			}
			have[shas[i]] = true
		}
		// Then the rows, in the batch's order (upload times follow it).
		used := map[string]bool{}
		var ids []string
		for _, i := range fresh {
			if errs[i] != nil {
				continue
			}
			r, ferr, err := putRows(ctx, tx, shas[i], files[i], docs[i], at)
			if err != nil {
				return err
			}
			if ferr != nil {
				errs[i] = ferr
				continue
			}
			res[i] = r
			used[shas[i]] = true
			if !r.Duplicate {
				ids = append(ids, r.IDs...)
			}
		}
		// An original whose every file was refused goes with them.
		for sha := range have {
			if used[sha] {
				continue
			}
			if _, err := tx.Exec(ctx, `DELETE FROM originals o WHERE sha256=$1
				AND NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256=o.sha256)`, sha); err != nil {
				return err
			}
		}
		if len(ids) == 0 {
			return nil
		}
		return logChanges(ctx, tx, OpPut, ids)
	})
	return res, errs, err
}

// docIDsBySHA maps each of shas that has documents to their ids, in part
// order.
func docIDsBySHA(ctx context.Context, q queryer, shas []string) (map[string][]string, error) {
	rows, err := q.Query(ctx, `SELECT file_sha, id FROM documents WHERE file_sha = ANY($1) ORDER BY file_sha, part`, shas)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	var sha, id string
	_, err = pgx.ForEachRow(rows, []any{&sha, &id}, func() error {
		out[sha] = append(out[sha], id)
		return nil
	})
	return out, err
}

// putOriginal inserts a file's bytes unless they are there, under a
// savepoint; ferr is the file's own failure, err the batch's.
func putOriginal(ctx context.Context, tx pgx.Tx, sha string, f corpus.File) (ferr, err error) {
	return savepoint(ctx, tx, func(sp pgx.Tx) error {
		// A concurrent put of the same bytes holds this key until it ends:
		// the insert waits for it, then does nothing.
		if _, err := sp.Exec(ctx, `INSERT INTO originals(sha256, data) VALUES($1, $2) ON CONFLICT DO NOTHING`, sha, f.Original); err != nil {
			return fmt.Errorf("保存原文件失败 (store original) %s: %w", f.Name, err)
		}
		var size int
		if err := sp.QueryRow(ctx, `SELECT octet_length(data) FROM originals WHERE sha256=$1`, sha).Scan(&size); err != nil {
			return fmt.Errorf("读取原文件失败 (read original back) %s: %w", f.Name, err)
		}
		if size != len(f.Original) {
			return fileError{fmt.Errorf("原文件不一致 (stored original differs) %s: %d bytes, want %d", f.Name, size, len(f.Original))}
		}
		return nil
	})
}

// putRows inserts a file's rows under a savepoint, or finds its documents
// when they are there (stored by an earlier file of the batch, or by a
// concurrent put that committed first).
func putRows(ctx context.Context, tx pgx.Tx, sha string, f corpus.File, docs []doc.Document, at *corpus.Upload) (res corpus.PutResult, ferr, err error) {
	ferr, err = savepoint(ctx, tx, func(sp pgx.Tx) error {
		ids, err := fileDocIDs(ctx, sp, sha)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			res = corpus.PutResult{IDs: ids, Duplicate: true}
			return nil
		}
		// Every part of the file has the same time.
		var ts time.Time
		if err := sp.QueryRow(ctx, `SELECT clock_timestamp()`).Scan(&ts); err != nil {
			return err
		}
		fileTS := ts
		if at != nil {
			fileTS, ts = at.File, at.Docs
		}
		// A file row left behind by a deleted last part is replaced.
		if _, err := sp.Exec(ctx, `INSERT INTO files(sha256, name, size, created_at) VALUES($1, $2, $3, $4)
			ON CONFLICT(sha256) DO UPDATE SET name=excluded.name`, sha, f.Name, len(f.Original), fileTS); err != nil {
			return fmt.Errorf("保存文件失败 (store file) %s: %w", f.Name, err)
		}
		res = corpus.PutResult{IDs: make([]string, len(docs))}
		for i, d := range docs {
			if err := insertDoc(ctx, sp, sha, d, ts); err != nil {
				return fmt.Errorf("保存文档失败 (store document) %s part %d: %w", f.Name, d.Part, err)
			}
			res.IDs[i] = d.ID
		}
		return nil
	})
	if ferr != nil || err != nil {
		return corpus.PutResult{}, ferr, err
	}
	return res, nil, nil
}

// savepoint runs fn in a savepoint of tx. A failure that is the file's own
// (fileOnly) rolls the savepoint back and comes back as ferr; any other
// is err, and the caller ends the transaction.
func savepoint(ctx context.Context, tx pgx.Tx, fn func(sp pgx.Tx) error) (ferr, err error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := fn(sp); err != nil {
		if !fileOnly(err) {
			return nil, err
		}
		if rerr := sp.Rollback(ctx); rerr != nil {
			return nil, rerr
		}
		var fe fileError
		if errors.As(err, &fe) {
			err = fe.error
		}
		return err, nil
	}
	return nil, sp.Commit(ctx)
}

// fileError marks a failure found by the store's own check as the file's.
type fileError struct{ error }

// fileOnly reports whether a failure to store a file is the file's own:
// PostgreSQL refused its values (a constraint such as an id already taken,
// a data exception such as a NUL in a text, a program limit such as a
// value too big) or they could not be encoded. Anything else (the
// connection, a full disk, a deadlock, the context) concerns the store.
func fileOnly(err error) bool {
	var fe fileError
	if errors.As(err, &fe) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "23") || strings.HasPrefix(pe.Code, "54")
	}
	var ve *json.UnsupportedValueError
	var te *json.UnsupportedTypeError
	return errors.As(err, &ve) || errors.As(err, &te)
}
