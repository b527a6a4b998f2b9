// Package recovery rebuilds a data directory's store from the originals it
// keeps (planmine recover): when planmine.db was deleted, truncated or
// damaged, the blob folder still holds every file's bytes and, beside each,
// its sidecar (sqlite.FileMeta: name, upload time, deleted parts, dropped
// chrome). The broken database and the old search index are moved aside,
// never deleted; every original is read and analysed again through the
// import pipeline planmine ingest uses (ingest, nlp, corpus.AddBatch), in
// upload order, so documents, ids, upload times, targets, reuse scores and
// the search index come back as they were.
//
// Originals stored before sidecars were kept have no recorded name: it is
// taken from the moved-aside database if it still reads, else from the old
// search index's stored source, else made from the SHA-256 and the detected
// type; their upload time from the database, else the blob file's time.
package recovery

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/importer"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/ingest"
)

// ErrHealthy is returned when the store passes its checks and Force is not
// set: rebuilding a good store gains nothing and could drop documents whose
// original went missing.
var ErrHealthy = errors.New("数据库完好，无需恢复 (the store is healthy; nothing to recover)")

// Options configures Run.
type Options struct {
	// Force rebuilds even a store that passes its checks.
	Force bool
	// Logger receives notices; nil → slog.Default().
	Logger *slog.Logger
	// Progress is told of each original once it is stored (done of total).
	Progress func(done, total int, name string)
	// Failed is told of each original that could not be read again.
	Failed func(name string, err error)
	// Batch is how many originals go into one corpus batch (one reuse and
	// index update each); 0 → 256, as planmine ingest.
	Batch int
}

// Report says what a recovery did.
type Report struct {
	// Aside is the folder the old database and index were moved into
	// ("" when there was nothing to move).
	Aside string
	// Originals is how many blobs were found; Files how many were stored
	// again and Documents how many documents they gave.
	Originals, Files, Documents int
	// Unnamed is how many originals had no sidecar (stored before sidecars
	// were kept); of them, NamedFromDB took their name from the old
	// database, NamedFromIndex from the old index, and the rest were named
	// after their SHA-256 and type.
	Unnamed, NamedFromDB, NamedFromIndex int
	// Failed lists the originals that could not be read again.
	Failed []string
}

// original is one blob to store again, with its sidecar.
type original struct {
	blob sqlite.Blob
	meta sqlite.FileMeta
}

// Run rebuilds the store in dir from its originals.
func Run(ctx context.Context, dir string, opt Options) (Report, error) {
	var rep Report
	lg := opt.Logger
	if lg == nil {
		lg = slog.Default()
	}
	if opt.Batch <= 0 {
		opt.Batch = 256
	}
	if _, err := os.Stat(dir); err != nil {
		return rep, fmt.Errorf("数据目录不存在 (data directory does not exist): %s", dir)
	}
	if err := sqlite.Check(ctx, dir); err == nil && !opt.Force {
		if _, serr := os.Stat(filepath.Join(dir, sqlite.DBName)); serr == nil {
			return rep, fmt.Errorf("%w: %s；如仍要从原文件重建，请加 --force (to rebuild from the originals anyway, add --force)", ErrHealthy, dir)
		}
	} else if err != nil && !errors.Is(err, corpus.ErrStoreLost) && !errors.Is(err, corpus.ErrStoreDamaged) {
		return rep, err
	}
	aside, err := moveAside(dir)
	if err != nil {
		return rep, err
	}
	rep.Aside = aside
	if aside != "" {
		lg.Info("旧数据库和索引已移到一旁保留 (old database and index moved aside, kept)", "path", aside)
	}
	origs, err := plan(ctx, dir, aside, &rep, lg)
	if err != nil {
		return rep, err
	}
	rep.Originals = len(origs)
	c, err := corpus.Open(ctx, dir, corpus.Options{
		OpenStore: func(ctx context.Context, dir string) (corpus.Store, error) { return sqlite.OpenRecovering(ctx, dir) },
		OpenIndex: search.OpenIndex,
		Logger:    lg,
	})
	if err != nil {
		return rep, err
	}
	err = restore(ctx, c, origs, opt, &rep)
	if cerr := c.Close(); err == nil {
		err = cerr
	}
	return rep, err
}

// moveAside moves planmine.db (with its -wal and -shm) and the search index
// into dir/recover-<UTC time>/ and returns that folder ("" when there was
// nothing to move).
func moveAside(dir string) (string, error) {
	names := []string{sqlite.DBName, sqlite.DBName + "-wal", sqlite.DBName + "-shm", sqlite.StampName, "index"}
	aside := filepath.Join(dir, "recover-"+time.Now().UTC().Format("20060102T150405Z"))
	made := false
	for _, n := range names {
		from := filepath.Join(dir, n)
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if !made {
			// Two recoveries within a second get two folders.
			base := aside
			for k := 2; ; k++ {
				err := os.Mkdir(aside, 0o755)
				if err == nil {
					break
				}
				if !errors.Is(err, fs.ErrExist) || k > 100 {
					return "", fmt.Errorf("无法创建备份目录 (cannot create the folder to move the old store into) %s: %w", aside, err)
				}
				aside = fmt.Sprintf("%s-%d", base, k)
			}
			made = true
		}
		if err := os.Rename(from, filepath.Join(aside, n)); err != nil {
			return aside, fmt.Errorf("无法移走 (cannot move aside) %s: %w", from, err)
		}
	}
	if !made {
		return "", nil
	}
	return aside, nil
}

// plan lists the originals with their sidecars, writing one (durably)
// for each original that lacks it, and orders them by upload time.
func plan(ctx context.Context, dir, aside string, rep *Report, lg *slog.Logger) ([]original, error) {
	blobs, err := sqlite.Blobs(dir)
	if err != nil {
		return nil, fmt.Errorf("读取原文件目录失败 (list originals): %w", err)
	}
	var origs []original
	var dbFiles map[string]fileRow
	var ixNames map[string]string
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := sqlite.ReadFileMeta(dir, b.SHA)
		if err == nil && m.Name != "" && m.CreatedAt != "" {
			origs = append(origs, original{b, m})
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) && err != nil {
			lg.Warn("原文件信息无法读取，按无名文件恢复 (sidecar unreadable; recovering as unnamed)", "sha256", b.SHA, "err", err)
		}
		// Stored before sidecars were kept: ask the old database and the
		// old index, read once, on the first such original.
		if dbFiles == nil && aside != "" {
			dbFiles = oldFiles(ctx, filepath.Join(aside, sqlite.DBName), lg)
			ixNames = oldSources(filepath.Join(aside, "index", "bleve"), lg)
		}
		rep.Unnamed++
		m = sqlite.FileMeta{Size: b.Size}
		var from []string
		if r, ok := dbFiles[b.SHA]; ok && r.name != "" {
			m.Name, m.CreatedAt = r.name, r.created
			rep.NamedFromDB++
			from = append(from, "name and time from the old database")
		} else if n := ixNames[b.SHA[:16]]; n != "" {
			m.Name = n
			rep.NamedFromIndex++
			from = append(from, "name from the old search index")
		} else {
			m.Name = b.SHA[:16] + typeExt(b.Path)
			from = append(from, "no name known: SHA-256 and type")
		}
		if m.CreatedAt == "" {
			m.CreatedAt = fileTime(b.Path)
			from = append(from, "time of the blob file")
		}
		m.Recovered = strings.Join(from, "; ")
		if err := sqlite.WriteFileMeta(dir, b.SHA, m); err != nil {
			return nil, err
		}
		origs = append(origs, original{b, m})
	}
	sort.SliceStable(origs, func(i, j int) bool {
		if origs[i].meta.CreatedAt != origs[j].meta.CreatedAt {
			return origs[i].meta.CreatedAt < origs[j].meta.CreatedAt
		}
		return origs[i].blob.SHA < origs[j].blob.SHA
	})
	return origs, nil
}

// restore reads, analyses and stores the originals in batches through
// the import pipeline (corpus/importer), as planmine ingest does.
func restore(ctx context.Context, c *corpus.Corpus, origs []original, opt Options, rep *Report) error {
	done := 0
	report := func(r importer.Result) error {
		done++
		if r.Err != nil {
			rep.Failed = append(rep.Failed, r.Name)
			if opt.Failed != nil {
				opt.Failed(r.Name, r.Err)
			}
		} else {
			rep.Files++
			rep.Documents += len(r.IDs)
		}
		if opt.Progress != nil {
			opt.Progress(done, len(origs), r.Name)
		}
		if r.BatchErr != nil {
			return r.BatchErr
		}
		return nil
	}
	return importer.Run(ctx, c, importer.Options{Batch: opt.Batch, Done: report}, func(yield func(ingest.File) error) error {
		for _, o := range origs {
			f, err := read(ctx, o)
			if err != nil {
				f = ingest.File{Name: o.meta.Name, Err: err}
			}
			if err := yield(f); err != nil {
				return err
			}
		}
		return nil
	})
}

// read reads one original again as it was read when stored: under its
// name, dropping the same recurring chrome, without the parts deleted
// since.
func read(ctx context.Context, o original) (ingest.File, error) {
	data, err := os.ReadFile(o.blob.Path)
	if err != nil {
		return ingest.File{}, fmt.Errorf("读取原文件失败 (read original): %w", err)
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != o.blob.SHA {
		return ingest.File{}, fmt.Errorf("%w: 原文件内容与其 SHA-256 不符，已损坏 (original's bytes do not match its SHA-256)", ingest.ErrCorrupt)
	}
	// It was accepted once, whatever the size limit then: no cap but the
	// reader's default.
	opt := ingest.Options{MaxSize: max(int64(len(data))+1, 50<<20)}
	if len(o.meta.Chrome) > 0 {
		chrome := map[string]bool{}
		for _, k := range o.meta.Chrome {
			chrome[k] = true
		}
		opt.Recurring = func(key string) bool { return chrome[key] }
	}
	docs, err := ingest.Read(ctx, o.meta.Name, bytes.NewReader(data), opt)
	if err != nil {
		return ingest.File{}, err
	}
	kept := docs[:0]
	for _, d := range docs {
		if !containsInt(o.meta.DeletedParts, d.Part) {
			kept = append(kept, d)
		}
	}
	if len(kept) == 0 {
		return ingest.File{}, fmt.Errorf("%w: 没有保留的部分 (no part left)", ingest.ErrNoText)
	}
	return ingest.File{Name: o.meta.Name, Data: data, Docs: kept}, nil
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// fileRow is a files row read from an old database.
type fileRow struct{ name, created string }

// oldFiles reads what it can of the files table of a moved-aside database
// (damaged pages may cut it short); nil when it cannot be read at all.
func oldFiles(ctx context.Context, path string, lg *slog.Logger) map[string]fileRow {
	out := map[string]fileRow{}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return out
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return out
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT sha256, name, created_at FROM files`)
	if err != nil {
		lg.Warn("旧数据库无法读取文件名 (old database gives no file names)", "err", err)
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var sha string
		var r fileRow
		if rows.Scan(&sha, &r.name, &r.created) == nil {
			out[sha] = r
		}
	}
	if err := rows.Err(); err != nil {
		lg.Warn("旧数据库只读出部分文件名 (old database gave some file names only)", "read", len(out), "err", err)
	}
	return out
}

// oldSources maps the first 16 hex digits of each original's SHA-256 (the
// prefix of its documents' ids) to the source the old search index stored
// for it; empty when the index cannot be opened.
func oldSources(path string, lg *slog.Logger) (out map[string]string) {
	out = map[string]string{}
	if _, err := os.Stat(path); err != nil {
		return out
	}
	defer func() {
		if r := recover(); r != nil {
			lg.Warn("旧索引无法读取 (old index unreadable)", "err", r)
		}
	}()
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		lg.Warn("旧索引无法读取 (old index unreadable)", "err", err)
		return out
	}
	defer idx.Close()
	const page = 1000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, from, false)
		req.Fields = []string{"source"}
		res, err := idx.Search(req)
		if err != nil {
			lg.Warn("旧索引无法读取 (old index unreadable)", "err", err)
			return out
		}
		for _, h := range res.Hits {
			src, _ := h.Fields["source"].(string)
			if i := strings.LastIndexByte(h.ID, '-'); i == 16 && src != "" {
				out[h.ID[:16]] = src
			}
		}
		if len(res.Hits) < page {
			return out
		}
	}
}

// typeExt is the extension of an unnamed original's detected type, so it
// is read as what it is.
func typeExt(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ".txt"
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := f.Read(head)
	head = head[:n]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return ".pdf"
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return ".doc"
	case bytes.HasPrefix(head, []byte("PK")):
		if zr, err := zip.OpenReader(path); err == nil {
			defer zr.Close()
			for _, zf := range zr.File {
				if zf.Name == "word/document.xml" {
					return ".docx"
				}
			}
		}
		return ".zip"
	}
	h := bytes.ToLower(bytes.TrimSpace(head))
	if bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) {
		return ".html"
	}
	return ".txt"
}

// fileTime is a blob file's modification time (when it was written, at
// upload) in the rows' format; now when it cannot be read.
func fileTime(path string) string {
	t := time.Now()
	if st, err := os.Stat(path); err == nil {
		t = st.ModTime()
	}
	return t.UTC().Format(time.RFC3339Nano)
}
