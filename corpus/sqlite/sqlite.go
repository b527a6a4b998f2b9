// Package sqlite implements corpus.Store on SQLite (modernc.org/sqlite, pure
// Go, no cgo) plus a content-addressed blob folder for the original files.
//
// Layout under the data dir:
//
//	planmine.db (+ -wal, -shm)   documents, targets, slogans, people, reuse pairs
//	blobs/ab/abcdef…             original bytes, named by SHA-256
//	blobs/ab/abcdef….json        the original's name and upload time (FileMeta)
//
// Originals live outside the database because files can be large (PDFs of
// tens of MB): a blob written to a temp file, fsynced and renamed into place
// is never half-visible, keeps the WAL small and lets the reader stream it.
// The database row is committed after the blob is durable, so a committed
// row always has its blob; a crash in between leaves at most orphan blobs,
// which the next Put of the same bytes simply reuses. A batch (PutFiles)
// makes all its blobs durable, then commits all its rows at once. Beside each blob a
// sidecar (FileMeta) keeps what only the rows knew — file name, upload
// time, deleted parts — so the blobs alone can rebuild a lost or damaged
// database (planmine recover).
//
// Concurrency: one writer connection guarded by a mutex (SQLite has a single
// writer anyway; queuing in Go beats SQLITE_BUSY retries) and a pool of
// read-only connections, which WAL lets run while the writer commits.
// Durability: WAL with synchronous=FULL, so a Put or PutFiles that returned
// nil survives kill -9 and power loss.
package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DBName is the database file name inside the data dir.
const DBName = "planmine.db"

// DB is the SQLite corpus store.
type DB struct {
	dir   string
	blobs string
	mu    sync.Mutex // serialises writers (and blob create/remove)
	w     *sql.DB
	r     *sql.DB
	// restore makes Put take the upload time from the original's sidecar
	// and keep the sidecar (OpenRecovering).
	restore bool
}

var _ corpus.Store = (*DB)(nil)

// OpenStore opens the store in dir; it has the signature corpus.Options
// wants. It first runs Check, so every command that opens a corpus refuses
// a lost or damaged database (corpus.ErrStoreLost, corpus.ErrStoreDamaged)
// instead of starting on an empty or broken one.
func OpenStore(ctx context.Context, dir string) (corpus.Store, error) {
	if err := Check(ctx, dir); err != nil {
		return nil, err
	}
	return Open(ctx, dir)
}

// OpenRecovering opens (creating) the store in dir for planmine recover:
// without Check (the caller moved the lost or damaged database aside, so
// the new one is empty beside the originals), and with Put keeping each
// original's sidecar and the upload time it records.
func OpenRecovering(ctx context.Context, dir string) (*DB, error) {
	db, err := Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	db.restore = true
	return db, nil
}

// writerCacheKiB is the writer connection's page cache. A batch's reuse
// pairs go into three indexes keyed by document ids, that is at random
// places: with SQLite's default 2 MiB most inserts read their index pages
// back from the file, and the cache spills dirty pages into the WAL before
// the commit. With 4 KiB pages, inserting 31,600 pairs into the store of
// 13,345 documents (610,000 pairs) took 1.03 s of CPU with 2 MiB, 0.95 s
// with 16 MiB and 0.85 s with 64 MiB, and the cache was 16 MiB: it is
// memory outside the Go heap, and at 64 MiB the 10,000-file ingest peaked
// above 1 GB of resident memory. With 16 KiB pages (pageSize) it is 8 MiB:
// the driver's allocator gives each page of more than 16 KiB with its
// header a 64 KiB region of its own, and with 16 MiB the 10,000-file
// ingest peaked at 1.008 GB (resident size sampled each second) and
// 1.017 GB (a profiled run); with 8 MiB at 0.968–0.981 GB (three runs).
// The readers keep the default.
const writerCacheKiB = 8 << 10

// pageSize is the page size of a new database (an existing one keeps its
// own). With SQLite's default 4 KiB pages each document's text and analysis
// lie on a chain of overflow pages, and a batch's reuse pairs dirty nearly
// every page of their three indexes, each page a write to the WAL and
// another at the checkpoint. With 16 KiB pages most documents fit on one
// page and a batch writes the same bytes in fewer, larger writes.
// Inserting 31,600 pairs into the store of 13,345 documents and committing
// took 108,000 reads and writes of the file instead of 202,000, and 0.98–1.04
// instead of 1.10–1.18 s of CPU (sqlite3 shell, the same transaction on the
// database before and after VACUUM to 16 KiB pages). In CPU profiles of
// the 10,000-file ingest, storing reuse pairs took 17.4 s instead of 27.9
// and SQLite's file reads and writes 7.3 s instead of 15.9 (16 KiB pages
// with the 16 MiB cache, against 4 KiB pages; two runs two hours apart,
// whole process 269 against 328 s of samples, so part of it is the
// machine).
const pageSize = 16 << 10

// Open opens (creating if needed) the store in dir and applies migrations.
func Open(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(filepath.Join(dir, "blobs"), 0o755); err != nil {
		return nil, fmt.Errorf("创建数据目录失败 (create data dir): %w", err)
	}
	path := filepath.Join(dir, DBName)
	pragmas := "_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	// The writer sets the journal mode itself (useWAL), after the page
	// size: the driver runs a DSN's pragmas in alphabetical order.
	// temp_store(MEMORY): a statement that may fail halfway through a
	// transaction (a document row with its unique keys and foreign keys)
	// keeps the pages it changes in a statement journal, by default
	// spilled to a temporary file past 64 KiB (four of our pages): each
	// page a write(2), 2.25 s of the CPU of the 10,000-file ingest, and
	// 1.22 s of memory copies in memory. The journal lives as long as the
	// statement.
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate&_pragma=cache_size("+strconv.Itoa(-writerCacheKiB)+")&_pragma=temp_store(MEMORY)")
	if err != nil {
		return nil, fmt.Errorf("打开数据库失败 (open database) %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := useWAL(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("打开数据库失败 (open database) %s: %w", path, err)
	}
	pragmas += "&_pragma=journal_mode(WAL)"
	db := &DB{dir: dir, blobs: filepath.Join(dir, "blobs"), w: w}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("打开数据库失败 (open database) %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	db.r = r
	return db, nil
}

// useWAL gives a new database pageSize pages and puts the database in WAL
// mode, on one connection: the page size only holds if it is set before
// the first page is written, which switching to WAL does.
func useWAL(ctx context.Context, w *sql.DB) error {
	conn, err := w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA page_size="+strconv.Itoa(pageSize)); err != nil {
		return err
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("日志模式为 %s，需要 WAL (journal mode is %s, want wal)", mode, mode)
	}
	return nil
}

// Close closes both connection pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// migrate applies the embedded numbered migrations not yet recorded in
// schema_migrations, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("数据库迁移失败 (migrate): %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		num, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("bad migration name %s: %w", base, err)
		}
		var n int
		if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version=?`, num).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := db.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("数据库迁移失败 (migration %s): %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version,name,applied_at) VALUES(?,?,?)`,
			num, base, now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(version),0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// DocID is corpus.DocID.
func DocID(sha string, part int) string { return corpus.DocID(sha, part) }

// Put implements corpus.Store: PutFiles of one file. A full disk is
// corpus.ErrNoSpace, and a refused file leaves no blob behind.
func (db *DB) Put(ctx context.Context, original []byte, name string, docs []doc.Document) (corpus.PutResult, error) {
	res, errs, err := db.PutFiles(ctx, []corpus.File{{Name: name, Original: original, Docs: docs}})
	if errs[0] != nil {
		return corpus.PutResult{}, errs[0]
	}
	return res[0], err
}

// docWriter holds the statements that insert documents' rows, prepared
// once per transaction: a document has a row in documents and one per
// target, slogan and person, and preparing each statement anew was over
// a third of inserting them (1,322 documents: 1.0 s → 0.63 s of CPU).
type docWriter struct {
	file, doc, reuse, target, slogan, person *sql.Stmt
}

func prepareDocs(ctx context.Context, tx *sql.Tx) (*docWriter, error) {
	w := &docWriter{}
	for _, p := range []struct {
		to  **sql.Stmt
		sql string
	}{
		{&w.file, `INSERT INTO files(sha256,name,size,created_at) VALUES(?,?,?,?)
			ON CONFLICT(sha256) DO UPDATE SET name=excluded.name`},
		{&w.doc, `INSERT INTO documents(id,file_sha,part,source,title,title_folded,doc_type,year,org,org_folded,
		date,script,text,text_folded,analysis_json,has_placeholders,placeholders,created_at)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.reuse, `INSERT INTO reuse_state(id) VALUES(?)`},
		{&w.target, `INSERT INTO targets(doc_id,ord,metric,metric_folded,cmp,value,value_max,unit,period,deadline,kind,section,clause,start,"end")
			VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.slogan, `INSERT INTO slogans(doc_id,text,folded,kind,count) VALUES(?,?,?,?,?)`},
		{&w.person, `INSERT INTO people(doc_id,role,name) VALUES(?,?,?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.to = st
	}
	return w, nil
}

func (w *docWriter) close() {
	for _, st := range []*sql.Stmt{w.file, w.doc, w.reuse, w.target, w.slogan, w.person} {
		if st != nil {
			st.Close()
		}
	}
}

func (w *docWriter) insertDoc(ctx context.Context, sha string, d doc.Document, ts string) error {
	text := d.Text
	d.Text = "" // kept once, in its own column
	js, err := json.Marshal(d)
	if err != nil {
		return err
	}
	var org, orgF any
	if d.Org != nil {
		org, orgF = *d.Org, fold.Text(*d.Org)
	}
	hasPH := 0
	if len(d.Placeholders) > 0 {
		hasPH = 1
	}
	if _, err := w.doc.ExecContext(ctx,
		d.ID, sha, d.Part, d.Source, d.Title, fold.Text(d.Title), orDefault(d.DocType, doc.TypeOther), d.Year, org, orgF,
		d.Date, orDefault(d.Script, doc.ScriptSimplified), text, fold.Text(text), js, hasPH, len(d.Placeholders), ts); err != nil {
		return err
	}
	if _, err := w.reuse.ExecContext(ctx, d.ID); err != nil {
		return err
	}
	for i, t := range d.Targets {
		sec, _ := json.Marshal(orEmpty(t.Section))
		if _, err := w.target.ExecContext(ctx,
			d.ID, i, t.Metric, fold.Text(t.Metric), t.Cmp, t.Value, t.ValueMax, t.Unit, t.Period, t.Deadline, t.Kind,
			string(sec), t.Text, t.Start, t.End); err != nil {
			return err
		}
	}
	for _, s := range d.Slogans {
		if _, err := w.slogan.ExecContext(ctx, d.ID, s.Text, fold.Text(s.Text), s.Kind, s.Count); err != nil {
			return err
		}
	}
	for _, p := range d.People {
		if _, err := w.person.ExecContext(ctx, d.ID, p.Role, p.Name); err != nil {
			return err
		}
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (db *DB) fileDocIDs(ctx context.Context, q querier, sha string) ([]string, error) {
	return queryIDs(ctx, q, `SELECT id FROM documents WHERE file_sha=? ORDER BY part`, sha)
}

// queryIDs runs a query selecting one text column and returns its values.
func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (db *DB) blobPath(sha string) string {
	return filepath.Join(db.blobs, sha[:2], sha)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("同步目录失败 (fsync dir): %w", err)
	}
	return nil
}

// Get implements corpus.Store.
func (db *DB) Get(ctx context.Context, id string) (*doc.Document, error) {
	var js []byte
	var text string
	err := db.r.QueryRowContext(ctx, `SELECT analysis_json, text FROM documents WHERE id=?`, id).Scan(&js, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	var d doc.Document
	if err := json.Unmarshal(js, &d); err != nil {
		return nil, fmt.Errorf("解析存储的文档失败 (decode stored document) %s: %w", id, err)
	}
	d.Text = text
	return &d, nil
}

// Original implements corpus.Store.
func (db *DB) Original(ctx context.Context, id string) (string, []byte, error) {
	var name, sha string
	err := db.r.QueryRowContext(ctx, `SELECT f.name, f.sha256 FROM documents d JOIN files f ON f.sha256=d.file_sha WHERE d.id=?`, id).Scan(&name, &sha)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
	}
	if err != nil {
		return "", nil, err
	}
	data, err := os.ReadFile(db.blobPath(sha))
	if err != nil {
		return "", nil, fmt.Errorf("读取原文件失败 (read original) %s: %w", name, err)
	}
	return name, data, nil
}

// Delete implements corpus.Store. The file row and blob go with the last part.
func (db *DB) Delete(ctx context.Context, id string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var sha string
	var part int
	err = tx.QueryRowContext(ctx, `SELECT file_sha, part FROM documents WHERE id=?`, id).Scan(&sha, &part)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id=?`, id); err != nil {
		return err
	}
	var left int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE file_sha=?`, sha).Scan(&left); err != nil {
		return err
	}
	if left == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM files WHERE sha256=?`, sha); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if left == 0 {
		// After the commit: a crash here leaves an orphan blob, never a row without one.
		os.Remove(db.blobPath(sha))
		os.Remove(metaPath(db.blobs, sha))
		return nil
	}
	// The file stays for its other parts: its sidecar says this one is gone,
	// so a recovery does not bring it back. After the commit, so a crash in
	// between brings back a deleted part rather than losing a kept one; for
	// the same reason a failure to write it does not fail the delete, which
	// has happened (the index and reuse updates after it must still run).
	_ = db.markDeleted(sha, part)
	return nil
}

// markDeleted records a deleted part in the file's sidecar (if it has one).
func (db *DB) markDeleted(sha string, part int) error {
	m, err := ReadFileMeta(db.dir, sha)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if slices.Contains(m.DeletedParts, part) {
		return nil
	}
	m.DeletedParts = append(m.DeletedParts, part)
	slices.Sort(m.DeletedParts)
	return WriteFileMeta(db.dir, sha, m)
}

// likeArg escapes a user substring for LIKE … ESCAPE '\'.
func likeArg(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// List implements corpus.Store.
func (db *DB) List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error) {
	var where []string
	var args []any
	if f.Type != "" {
		where, args = append(where, "doc_type=?"), append(args, f.Type)
	}
	if f.Year != 0 {
		where, args = append(where, "year=?"), append(args, f.Year)
	}
	if f.Org != "" {
		where, args = append(where, `org_folded LIKE ? ESCAPE '\'`), append(args, likeArg(fold.Text(f.Org)))
	}
	if f.Q != "" {
		q := likeArg(fold.Text(f.Q))
		where, args = append(where, `(title_folded LIKE ? ESCAPE '\' OR text_folded LIKE ? ESCAPE '\')`), append(args, q, q)
	}
	if f.MinReuse > 0 {
		where, args = append(where, "r.score>=?"), append(args, f.MinReuse)
	}
	if len(f.IDs) > 0 {
		where = append(where, "d.id IN (?"+strings.Repeat(",?", len(f.IDs)-1)+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	// Reuse results live in reuse_state; the count joins it only when
	// it filters on them.
	from := ` FROM documents d JOIN reuse_state r ON r.id=d.id`
	count := from
	if f.MinReuse <= 0 {
		count = ` FROM documents d`
	}
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+count+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := map[string]string{
		corpus.SortReuse: "r.score DESC, d.id",
		corpus.SortYear:  "d.year DESC, d.id",
		corpus.SortTitle: "d.title, d.id",
	}[f.Sort]
	if order == "" {
		order = "d.created_at DESC, d.id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.r.QueryContext(ctx, `SELECT d.id,d.source,d.part,d.title,d.doc_type,d.year,d.org,r.score,d.placeholders`+from+
		cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []corpus.DocSummary{}
	for rows.Next() {
		var s corpus.DocSummary
		var year sql.NullInt64
		var org sql.NullString
		if err := rows.Scan(&s.ID, &s.Source, &s.Part, &s.Title, &s.DocType, &year, &org, &s.ReuseScore, &s.Placeholders); err != nil {
			return nil, 0, err
		}
		s.Year, s.Org = intPtr(year), strPtr(org)
		out = append(out, s)
	}
	return out, total, rows.Err()
}

func intPtr(v sql.NullInt64) *int {
	if !v.Valid {
		return nil
	}
	return doc.IntPtr(int(v.Int64))
}

func strPtr(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	s := v.String
	return &s
}

func floatPtr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return doc.FloatPtr(v.Float64)
}

// Targets implements corpus.Store.
func (db *DB) Targets(ctx context.Context, f corpus.TargetFilter) ([]corpus.TargetRow, int, error) {
	var where []string
	var args []any
	add := func(c string, a ...any) { where, args = append(where, c), append(args, a...) }
	if f.Metric != "" {
		add(`t.metric_folded LIKE ? ESCAPE '\'`, likeArg(fold.Text(f.Metric)))
	}
	if f.Unit != "" {
		add("t.unit=?", f.Unit)
	}
	if f.Cmp != "" {
		add("t.cmp=?", f.Cmp)
	}
	if f.Min != nil {
		// A range target qualifies when any part of it reaches Min.
		add("coalesce(t.value_max, t.value)>=?", *f.Min)
	}
	if f.Max != nil {
		add("t.value<=?", *f.Max)
	}
	if f.Period != "" {
		add("t.period=?", f.Period)
	}
	if f.Kind != "" {
		add("t.kind=?", f.Kind)
	}
	if f.Year != 0 {
		add("d.year=?", f.Year)
	}
	if len(f.Years) > 0 {
		add("d.year IN ("+marks(len(f.Years))+")", anys(f.Years)...)
	}
	if f.Org != "" {
		add(`d.org_folded LIKE ? ESCAPE '\'`, likeArg(fold.Text(f.Org)))
	}
	if f.DocType != "" {
		add("d.doc_type=?", f.DocType)
	}
	if f.DocID != "" {
		add("t.doc_id=?", f.DocID)
	}
	if len(f.DocIDs) > 0 {
		add("t.doc_id IN ("+marks(len(f.DocIDs))+")", anys(f.DocIDs)...)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	from := ` FROM targets t JOIN documents d ON d.id=t.doc_id`
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+from+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	rows, err := db.r.QueryContext(ctx, `SELECT t.doc_id,d.source,d.part,d.title,d.org,d.year,d.doc_type,
		t.clause,t.metric,t.cmp,t.value,t.value_max,t.unit,t.period,t.deadline,t.kind,t.section,t.start,t."end"`+
		from+cond+` ORDER BY d.created_at, t.doc_id, t.ord LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []corpus.TargetRow{}
	for rows.Next() {
		var r corpus.TargetRow
		var org, period, deadline sql.NullString
		var year sql.NullInt64
		var vmax sql.NullFloat64
		var sec string
		if err := rows.Scan(&r.DocID, &r.Source, &r.Part, &r.Title, &org, &year, &r.DocType,
			&r.Text, &r.Metric, &r.Cmp, &r.Value, &vmax, &r.Unit, &period, &deadline, &r.Kind, &sec, &r.Start, &r.End); err != nil {
			return nil, 0, err
		}
		r.Org, r.Year, r.ValueMax, r.Period, r.Deadline = strPtr(org), intPtr(year), floatPtr(vmax), strPtr(period), strPtr(deadline)
		if err := json.Unmarshal([]byte(sec), &r.Section); err != nil {
			r.Section = nil
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// marks is n comma-separated placeholders for an IN list.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// Slogans implements corpus.Store.
func (db *DB) Slogans(ctx context.Context) ([]corpus.SloganCount, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT folded, kind, count(DISTINCT doc_id), sum(count) FROM slogans
		GROUP BY folded, kind ORDER BY 3 DESC, 4 DESC, folded, kind`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []corpus.SloganCount{}
	for rows.Next() {
		var s corpus.SloganCount
		if err := rows.Scan(&s.Text, &s.Kind, &s.Docs, &s.Count); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetReuse implements corpus.Store.
func (db *DB) SetReuse(ctx context.Context, docID string, score float64, pairsJSON []byte) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	res, err := db.w.ExecContext(ctx, `UPDATE reuse_state SET score=?, json=? WHERE id=?`, score, pairsJSON, docID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", corpus.ErrNotFound, docID)
	}
	return nil
}

// Reuse implements corpus.Store.
func (db *DB) Reuse(ctx context.Context, docID string) (float64, []byte, error) {
	var score float64
	var js []byte
	err := db.r.QueryRowContext(ctx, `SELECT score, json FROM reuse_state WHERE id=?`, docID).Scan(&score, &js)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, docID)
	}
	return score, js, err
}

// ReuseScore is a document's stored reuse score, without its pairs JSON.
func (db *DB) ReuseScore(ctx context.Context, docID string) (float64, error) {
	var score float64
	err := db.r.QueryRowContext(ctx, `SELECT score FROM reuse_state WHERE id=?`, docID).Scan(&score)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: %s", corpus.ErrNotFound, docID)
	}
	return score, err
}

// PutReusePairs implements corpus.Store.
func (db *DB) PutReusePairs(ctx context.Context, pairs []corpus.ReusePair) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, p := range pairs {
		a, b := p.A, p.B
		if b < a {
			a, b = b, a
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reuse_pairs(a,b,score,passages_json) VALUES(?,?,?,?)
			ON CONFLICT(a,b) DO UPDATE SET score=excluded.score, passages_json=excluded.passages_json`,
			a, b, p.Score, corpus.EncodePairRow(p)); err != nil {
			return fmt.Errorf("保存复用对失败 (store reuse pair) %s/%s: %w", a, b, err)
		}
	}
	return tx.Commit()
}

// ReusePairs implements corpus.Store.
func (db *DB) ReusePairs(ctx context.Context, docID string) ([]corpus.ReusePair, error) {
	q := `SELECT a,b,score,passages_json FROM reuse_pairs`
	var args []any
	if docID != "" {
		q += ` WHERE a=? OR b=?`
		args = []any{docID, docID}
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY score DESC, a, b`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []corpus.ReusePair{}
	for rows.Next() {
		p, err := scanPair(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// scanPair reads a pair row (a, b, score, passages). A row that does not
// decode reads as a pair without its row, as unreadable JSON did before.
func scanPair(rows *sql.Rows) (corpus.ReusePair, error) {
	var a, b string
	var score float64
	var data []byte
	if err := rows.Scan(&a, &b, &score, &data); err != nil {
		return corpus.ReusePair{}, err
	}
	p, _ := corpus.DecodePairRow(a, b, score, data)
	return p, nil
}

// ReusePairPage implements corpus.Store. The page's rows are chosen on
// the keys alone and only then joined to their passages, so the sort does
// not carry every pair's passages.
func (db *DB) ReusePairPage(ctx context.Context, minScore float64, offset, limit int) ([]corpus.ReusePair, int, error) {
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM reuse_pairs WHERE score>=?`, minScore).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := db.r.QueryContext(ctx, `SELECT p.a, p.b, p.score, p.passages_json FROM reuse_pairs p
		JOIN (SELECT a, b FROM reuse_pairs WHERE score>=? ORDER BY score DESC, a, b LIMIT ? OFFSET ?) k ON p.a=k.a AND p.b=k.b
		ORDER BY p.score DESC, p.a, p.b`, minScore, limit, max(offset, 0))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []corpus.ReusePair{}
	for rows.Next() {
		p, err := scanPair(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// ReuseScores implements corpus.Store.
func (db *DB) ReuseScores(ctx context.Context) (map[string]float64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, score FROM reuse_state WHERE score<>0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var id string
		var s float64
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, rows.Err()
}

// All implements corpus.Store. It pages by id so no read transaction stays
// open across fn calls (fn may be slow: indexing).
func (db *DB) All(ctx context.Context, fn func(doc.Document) error) error {
	last := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, err := db.r.QueryContext(ctx, `SELECT id, analysis_json, text FROM documents WHERE id>? ORDER BY id LIMIT 500`, last)
		if err != nil {
			return err
		}
		var page []doc.Document
		for rows.Next() {
			var id, text string
			var js []byte
			if err := rows.Scan(&id, &js, &text); err != nil {
				rows.Close()
				return err
			}
			var d doc.Document
			if err := json.Unmarshal(js, &d); err != nil {
				rows.Close()
				return fmt.Errorf("解析存储的文档失败 (decode stored document) %s: %w", id, err)
			}
			d.Text = text
			page = append(page, d)
			last = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// IDs implements corpus.Store.
func (db *DB) IDs(ctx context.Context) ([]string, error) {
	return queryIDs(ctx, db.r, `SELECT id FROM documents ORDER BY id`)
}

// Count implements corpus.Store.
func (db *DB) Count(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n)
	return n, err
}

// SetReuses implements corpus.Store: every update's score and cover and
// the pair rows in one transaction, so a batch of new documents and the
// peers they touch cost one synced commit, not one per document.
func (db *DB) SetReuses(ctx context.Context, ups []corpus.ReuseUpdate, pairs []corpus.ReusePair) error {
	if len(ups) == 0 && len(pairs) == 0 {
		return nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := prepareReuse(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.put(ctx, ups, pairs); err != nil {
		return err
	}
	return tx.Commit()
}

// ReplaceReuse implements corpus.Store. The old pair rows go in the same
// transaction as the new ones arrive, so readers see either all the old
// results or all the new; the documents' legacy pairs JSON is dropped too
// (the pair rows hold every pair).
func (db *DB) ReplaceReuse(ctx context.Context, fill func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM reuse_pairs`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reuse_state SET json=NULL WHERE json IS NOT NULL`); err != nil {
		return err
	}
	w, err := prepareReuse(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	if err := fill(func(ups []corpus.ReuseUpdate, pairs []corpus.ReusePair) error {
		return w.put(ctx, ups, pairs)
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// reuseWriter holds the statements that write reuse results in one
// transaction.
type reuseWriter struct {
	set, pair *sql.Stmt
}

func prepareReuse(ctx context.Context, tx *sql.Tx) (*reuseWriter, error) {
	set, err := tx.PrepareContext(ctx, `UPDATE reuse_state SET score=?, cover=? WHERE id=?`)
	if err != nil {
		return nil, err
	}
	pair, err := tx.PrepareContext(ctx, `INSERT INTO reuse_pairs(a,b,score,passages_json) VALUES(?,?,?,?)
		ON CONFLICT(a,b) DO UPDATE SET score=excluded.score, passages_json=excluded.passages_json`)
	if err != nil {
		set.Close()
		return nil, err
	}
	return &reuseWriter{set: set, pair: pair}, nil
}

func (w *reuseWriter) close() {
	w.set.Close()
	w.pair.Close()
}

// put writes the pairs in key order: a batch's pairs land all over the
// (a,b) index, and in order each of its pages is read once instead of
// once per pair that falls on it.
func (w *reuseWriter) put(ctx context.Context, ups []corpus.ReuseUpdate, pairs []corpus.ReusePair) error {
	type key struct {
		a, b string
		i    int
	}
	keys := make([]key, len(pairs))
	for i, p := range pairs {
		keys[i] = key{min(p.A, p.B), max(p.A, p.B), i}
	}
	slices.SortFunc(keys, func(x, y key) int {
		return cmp.Or(strings.Compare(x.a, y.a), strings.Compare(x.b, y.b))
	})
	for _, k := range keys {
		a, b, p := k.a, k.b, pairs[k.i]
		if _, err := w.pair.ExecContext(ctx, a, b, p.Score, corpus.EncodePairRow(p)); err != nil {
			if strings.Contains(err.Error(), "FOREIGN KEY") {
				return fmt.Errorf("%w: %s/%s", corpus.ErrNotFound, a, b)
			}
			return fmt.Errorf("保存复用对失败 (store reuse pair) %s/%s: %w", a, b, err)
		}
	}
	for _, u := range ups {
		res, err := w.set.ExecContext(ctx, u.Score, u.Cover, u.DocID)
		if err != nil {
			return fmt.Errorf("保存复用结果失败 (store reuse) %s: %w", u.DocID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s", corpus.ErrNotFound, u.DocID)
		}
	}
	return nil
}

// Texts implements corpus.Store.
func (db *DB) Texts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	err := db.byIDs(ctx, `SELECT id, text FROM documents WHERE id IN `, ids, func(rows *sql.Rows) error {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		out[id] = text
		return nil
	})
	return out, err
}

// ReuseCovers implements corpus.Store.
func (db *DB) ReuseCovers(ctx context.Context, ids []string) (map[string]corpus.ReuseCover, error) {
	out := make(map[string]corpus.ReuseCover, len(ids))
	err := db.byIDs(ctx, `SELECT id, score, cover FROM reuse_state WHERE id IN `, ids, func(rows *sql.Rows) error {
		var id string
		var c corpus.ReuseCover
		if err := rows.Scan(&id, &c.Score, &c.Cover); err != nil {
			return err
		}
		out[id] = c
		return nil
	})
	return out, err
}

// byIDs runs query (ending in "IN ") for ids in chunks well under SQLite's
// bound on host parameters, calling scan for each row.
func (db *DB) byIDs(ctx context.Context, query string, ids []string, scan func(*sql.Rows) error) error {
	const chunk = 500
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		rows, err := db.r.QueryContext(ctx, query+`(?`+strings.Repeat(",?", n-1)+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
