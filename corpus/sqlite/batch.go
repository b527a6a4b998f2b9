package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// PutFiles implements corpus.Documents: the rows of every file go in one
// transaction, committed once every new original and sidecar is durable.
// The files are written to temp files first, then all fsynced, renamed into
// place, and each folder touched fsynced once; only then the commit (one
// synced WAL commit for the batch instead of one per file). A crash before
// the commit leaves orphan blobs and sidecars at most, as a crash inside Put
// always could: the next put of the same bytes reuses them.
//
// A file refused on its own (invalid, or its rows refused by a constraint
// such as a reader id already taken) is rolled back to its savepoint and
// the others go on. Any other failure (I/O, a full disk, the context)
// fails the whole batch: nothing of it is committed, and on a full disk no
// blob it wrote stays.
func (db *DB) PutFiles(ctx context.Context, files []corpus.File) (res []corpus.PutResult, errs []error, err error) {
	res, errs = make([]corpus.PutResult, len(files)), make([]error, len(files))
	shas := make([]string, len(files))
	docs := make([][]doc.Document, len(files))
	valid := 0
	for i, f := range files {
		shas[i], docs[i], errs[i] = corpus.Prepare(f.Original, f.Name, f.Docs)
		if errs[i] == nil {
			valid++
		}
	}
	if valid == 0 {
		return res, errs, nil
	}

	db.mu.Lock()
	defer db.mu.Unlock()
	var bs blobSet
	defer func() {
		if err == nil {
			return
		}
		err = noSpace(err)
		bs.abort(db, err)
		for i := range files {
			if errs[i] == nil {
				res[i], errs[i] = corpus.PutResult{}, err
			}
		}
	}()

	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return res, errs, err
	}
	defer tx.Rollback()
	w, err := prepareDocs(ctx, tx)
	if err != nil {
		return res, errs, err
	}
	defer w.close()
	for i, f := range files {
		if errs[i] != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, errs, err
		}
		// The query sees this transaction's rows: a file the batch holds
		// twice is stored once, and the second is its duplicate.
		ids, err := db.fileDocIDs(ctx, tx, shas[i])
		if err != nil {
			return res, errs, err
		}
		if len(ids) > 0 {
			res[i] = corpus.PutResult{IDs: ids, Duplicate: true}
			continue
		}
		ts := now()
		meta := &FileMeta{Name: f.Name, CreatedAt: ts, Size: int64(len(f.Original)), Parts: len(docs[i]), Chrome: chromeOf(docs[i])}
		if db.restore {
			if m, err := ReadFileMeta(db.dir, shas[i]); err == nil && m.CreatedAt != "" {
				ts, meta = m.CreatedAt, nil
			}
		}
		r, ferr, err := putRows(ctx, tx, w, shas[i], f.Name, len(f.Original), docs[i], ts)
		if err != nil {
			return res, errs, err
		}
		if ferr != nil {
			errs[i] = ferr
			continue
		}
		res[i] = r
		if err := bs.add(db.blobPath(shas[i]), f.Original, metaPath(db.blobs, shas[i]), meta); err != nil {
			return res, errs, err
		}
	}
	if err := bs.write(); err != nil {
		return res, errs, err
	}
	if err := tx.Commit(); err != nil {
		return res, errs, fmt.Errorf("提交失败 (commit): %w", err)
	}
	return res, errs, nil
}

// putRows inserts one file's rows under a savepoint. ferr is the file's own
// failure (its rows rolled back, the transaction goes on); err fails the
// batch.
func putRows(ctx context.Context, tx *sql.Tx, w *docWriter, sha, name string, size int, docs []doc.Document, ts string) (res corpus.PutResult, ferr, err error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT file`); err != nil {
		return res, nil, err
	}
	ferr = func() error {
		// A file row left behind by a deleted last part is replaced.
		if _, err := w.file.ExecContext(ctx, sha, name, size, ts); err != nil {
			return fmt.Errorf("保存文件失败 (store file) %s: %w", name, err)
		}
		res = corpus.PutResult{IDs: make([]string, len(docs))}
		for i, d := range docs {
			if err := w.insertDoc(ctx, sha, d, ts); err != nil {
				return fmt.Errorf("保存文档失败 (store document) %s part %d: %w", name, d.Part, err)
			}
			res.IDs[i] = d.ID
		}
		return nil
	}()
	if ferr != nil {
		if !fileOnly(ferr) {
			return corpus.PutResult{}, nil, ferr
		}
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO file`); err != nil {
			return corpus.PutResult{}, nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE file`); err != nil {
		return corpus.PutResult{}, nil, err
	}
	if ferr != nil {
		return corpus.PutResult{}, ferr, nil
	}
	return res, nil, nil
}

// fileOnly reports whether a failure to insert a file's rows is the file's
// own: SQLite refused its values (a constraint such as an id already
// taken, a value too big) or they could not be encoded. Anything else
// from SQLite (I/O, a full disk, a busy or damaged database) and a
// cancelled context concern the whole store.
func fileOnly(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return true
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_RANGE:
		return true
	}
	return false
}

// blobSet is the originals and sidecars one PutFiles writes.
type blobSet struct {
	items []blobItem
	// owned are the blob and sidecar paths of the batch's new files:
	// removed again when the disk is full (abort).
	owned []string
}

type blobItem struct {
	path string
	data []byte
}

// add queues the original of a new file at path and its sidecar at meta
// (m nil keeps the one there). An original already there with the same
// size is kept, as Put always did: an orphan of an earlier crash, or the
// one a restore reads from.
func (bs *blobSet) add(path string, data []byte, meta string, m *FileMeta) error {
	bs.owned = append(bs.owned, path, meta)
	if m != nil {
		b, err := json.Marshal(*m)
		if err != nil {
			return err
		}
		bs.items = append(bs.items, blobItem{path: meta, data: b})
	}
	if st, err := os.Stat(path); err != nil || st.Size() != int64(len(data)) {
		bs.items = append(bs.items, blobItem{path: path, data: data})
	}
	return nil
}

// syncWorkers is how many fsyncs run at once: the filesystem commits its
// journal once for the fsyncs waiting together.
const syncWorkers = 8

// blobChunk is how many files write holds open at a time.
const blobChunk = 64

// write makes every queued file durable: written to temp files in their
// folders and fsynced (blobChunk at a time, the fsyncs side by side),
// renamed into place, and then each folder touched fsynced once. On
// failure no temp file stays; files already renamed do (orphans, unless
// abort drops them for a full disk).
func (bs *blobSet) write() error {
	dirs := map[string]bool{}
	for from := 0; from < len(bs.items); from += blobChunk {
		items := bs.items[from:min(from+blobChunk, len(bs.items))]
		if err := writeChunk(items); err != nil {
			return err
		}
		for _, it := range items {
			dirs[filepath.Dir(it.path)] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	return parallel(len(list), func(i int) error { return syncDir(list[i]) })
}

// writeChunk writes items through synced temp files renamed into place.
func writeChunk(items []blobItem) (err error) {
	tmps := make([]*os.File, 0, len(items))
	defer func() {
		for _, f := range tmps {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	for _, it := range items {
		dir := filepath.Dir(it.path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("保存原文件失败 (write blob): %w", err)
		}
		f, err := os.CreateTemp(dir, ".tmp-*")
		if err != nil {
			return fmt.Errorf("保存原文件失败 (write blob): %w", err)
		}
		tmps = append(tmps, f)
		if _, err := f.Write(it.data); err != nil {
			return fmt.Errorf("保存原文件失败 (write blob): %w", err)
		}
	}
	if err := parallel(len(tmps), func(i int) error { return tmps[i].Sync() }); err != nil {
		return fmt.Errorf("保存原文件失败 (fsync blob): %w", err)
	}
	for i, f := range tmps {
		if err := f.Close(); err != nil {
			return fmt.Errorf("保存原文件失败 (write blob): %w", err)
		}
		if err := os.Rename(f.Name(), items[i].path); err != nil {
			return fmt.Errorf("保存原文件失败 (write blob): %w", err)
		}
		tmps[i] = nil
	}
	return nil
}

// abort drops what a batch refused for a full disk wrote, so the refused
// files leave nothing behind and their bytes are free again. Other
// failures keep the old rule (at most orphans, reused by the next put of
// the same bytes): a failed commit other than SQLITE_FULL may still be in
// the WAL. It runs under db.mu, and a batch owns a blob only when no row
// refers to its hash, so no stored file loses its original. A store being
// rebuilt from its originals never drops one: they are the only copy.
func (bs *blobSet) abort(db *DB, err error) {
	if db.restore || !errors.Is(err, corpus.ErrNoSpace) {
		return
	}
	dirs := map[string]bool{}
	for _, p := range bs.owned {
		if os.Remove(p) == nil {
			dirs[filepath.Dir(p)] = true
		}
	}
	for d := range dirs {
		_ = syncDir(d)
	}
}

// parallel runs fn(0..n-1) on up to syncWorkers goroutines and returns
// the first error.
func parallel(n int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range min(n, syncWorkers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
