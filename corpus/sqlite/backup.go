package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ManifestName is the manifest file of a backup folder.
const ManifestName = "manifest.json"

// manifestFormat is the backup layout version Restore reads.
const manifestFormat = 1

// Manifest describes one backup: what it holds, how to check it, and who
// made it. A backup folder is planmine.db (a snapshot), blobs/ab/<sha256>
// (the originals the snapshot refers to) and this manifest, written last:
// a folder without it is not a finished backup.
type Manifest struct {
	Format    int       `json:"format"`
	Version   string    `json:"planmine_version"`
	Created   time.Time `json:"created_at"`
	Source    string    `json:"source"`
	Schema    int       `json:"schema_version"`
	Documents int       `json:"documents"`
	Files     int       `json:"files"`
	// DB is the snapshot database: its size and SHA-256.
	DB struct {
		Name   string `json:"name"`
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	} `json:"db"`
	// BlobBytes is the size of all originals; each blob's name is its SHA-256.
	BlobBytes int64 `json:"blob_bytes"`
	// Dropped lists files the snapshot held whose original was gone by the
	// time it was copied (deleted meanwhile by the running server, or
	// missing or damaged in the data directory); their documents were
	// taken out of the backup, so it never refers to an original it lacks.
	Dropped []DroppedFile `json:"dropped"`
}

// DroppedFile is a file taken out of a backup, and why.
type DroppedFile struct {
	SHA256    string `json:"sha256"`
	Name      string `json:"name"`
	Documents int    `json:"documents"`
	Reason    string `json:"reason"`
}

// Reasons a file is dropped from a backup.
const (
	DroppedDeleted = "deleted" // deleted after the snapshot: the backup is as of just after the delete
	DroppedMissing = "missing" // still in the store but its original is gone: the data directory is damaged
	DroppedDamaged = "damaged" // its original no longer hashes to its name
)

// ErrBadBackup marks a backup folder that is not one or fails verification.
var ErrBadBackup = errors.New("备份无效 (invalid backup)")

// BackupOptions configures Backup.
type BackupOptions struct {
	// Version is the planmine version recorded in the manifest.
	Version string
	// Progress receives originals copied / originals to copy.
	Progress func(done, total int)
	// afterSnapshot runs between the snapshot and the copy of originals
	// (tests delete a document there, as a running server may).
	afterSnapshot func()
}

// Backup writes a consistent backup of the store in dataDir to the new
// folder out, while a server may be writing to it from another process.
//
// The database is copied with VACUUM INTO rather than the online backup
// API: it reads the whole database in one read transaction, so the copy is
// the state of one commit however many writes the server makes meanwhile
// (WAL lets them go on), whereas the backup API restarts its copy whenever
// another process writes between its steps and may never finish under
// steady uploads; the copy also comes out compact. The originals the
// snapshot refers to are then copied and hashed; they are immutable and
// named by their hash, so only a delete after the snapshot can take one
// away (see Manifest.Dropped). The search index is derived data and not
// copied: Restore's caller rebuilds it. The backup is assembled in a
// folder out.partial-* beside out and renamed to out when complete.
func Backup(ctx context.Context, dataDir, out string, opt BackupOptions) (*Manifest, error) {
	src := filepath.Join(dataDir, DBName)
	if _, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("目录中没有 planmine 数据 (no planmine store in this directory): %s", dataDir)
	}
	if err := checkNew(out); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, fmt.Errorf("无法创建备份目录 (cannot create the backup folder) %s: %w", out, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), filepath.Base(out)+".partial-")
	if err != nil {
		return nil, noSpace(fmt.Errorf("无法创建备份目录 (cannot create the backup folder) %s: %w", out, err))
	}
	if err := os.Mkdir(filepath.Join(tmp, "blobs"), 0o755); err != nil {
		return nil, noSpace(err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	m := &Manifest{Format: manifestFormat, Version: opt.Version, Created: time.Now().UTC(), Dropped: []DroppedFile{}}
	if abs, err := filepath.Abs(dataDir); err == nil {
		m.Source = abs
	}
	// Not query_only: SQLite counts VACUUM INTO as a write, though it only
	// reads this database.
	live, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer live.Close()
	snapPath := filepath.Join(tmp, DBName)
	if _, err := live.ExecContext(ctx, `VACUUM INTO ?`, snapPath); err != nil {
		return nil, noSpace(fmt.Errorf("数据库快照失败 (database snapshot failed): %w", err))
	}
	if opt.afterSnapshot != nil {
		opt.afterSnapshot()
	}
	snap, err := sql.Open("sqlite", "file:"+snapPath+"?_pragma=foreign_keys(1)")
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	snap.SetMaxOpenConns(1)
	files, err := fileRows(ctx, snap)
	if err != nil {
		return nil, err
	}
	var gone []DroppedFile
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := copyBlob(filepath.Join(dataDir, "blobs"), filepath.Join(tmp, "blobs"), f.sha)
		switch {
		case errors.Is(err, os.ErrNotExist):
			gone = append(gone, DroppedFile{SHA256: f.sha, Name: f.name, Reason: DroppedMissing})
		case errors.Is(err, errHash):
			gone = append(gone, DroppedFile{SHA256: f.sha, Name: f.name, Reason: DroppedDamaged})
		case err != nil:
			return nil, noSpace(err)
		default:
			m.BlobBytes += n
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(files))
		}
	}
	for _, g := range gone {
		// Deleted by the server after the snapshot, or lost from the data
		// directory: the live store tells which.
		var still int
		if err := live.QueryRowContext(ctx, `SELECT count(*) FROM files WHERE sha256=?`, g.SHA256).Scan(&still); err != nil {
			return nil, err
		}
		if still == 0 && g.Reason == DroppedMissing {
			g.Reason = DroppedDeleted
		}
		if err := snap.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE file_sha=?`, g.SHA256).Scan(&g.Documents); err != nil {
			return nil, err
		}
		// Foreign keys drop its targets, slogans, people and pair rows.
		if _, err := snap.ExecContext(ctx, `DELETE FROM documents WHERE file_sha=?`, g.SHA256); err != nil {
			return nil, noSpace(err)
		}
		if _, err := snap.ExecContext(ctx, `DELETE FROM files WHERE sha256=?`, g.SHA256); err != nil {
			return nil, noSpace(err)
		}
		m.Dropped = append(m.Dropped, g)
	}
	if err := snap.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&m.Documents); err != nil {
		return nil, err
	}
	if err := snap.QueryRowContext(ctx, `SELECT count(*) FROM files`).Scan(&m.Files); err != nil {
		return nil, err
	}
	if err := snap.QueryRowContext(ctx, `SELECT coalesce(max(version),0) FROM schema_migrations`).Scan(&m.Schema); err != nil {
		return nil, err
	}
	if err := snap.Close(); err != nil {
		return nil, err
	}
	m.DB.Name = DBName
	if m.DB.Size, m.DB.SHA256, err = hashFile(snapPath); err != nil {
		return nil, err
	}
	if err := writeManifest(tmp, m); err != nil {
		return nil, noSpace(err)
	}
	if err := os.Remove(out); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, fmt.Errorf("无法完成备份目录 (cannot finish the backup folder) %s: %w", out, err)
	}
	ok = true
	return m, syncDir(filepath.Dir(out))
}

// checkNew refuses to write a backup over anything: out must not exist or
// be an empty folder.
func checkNew(out string) error {
	ents, err := os.ReadDir(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("备份目标不是空目录 (the backup target is not an empty folder): %s", out)
	case len(ents) > 0:
		return fmt.Errorf("备份目标已存在且不为空，不会覆盖 (the backup target exists and is not empty; it is never overwritten): %s", out)
	}
	return nil
}

type fileRow struct {
	sha, name string
	size      int64
}

func fileRows(ctx context.Context, db *sql.DB) ([]fileRow, error) {
	rows, err := db.QueryContext(ctx, `SELECT sha256, name, size FROM files ORDER BY sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fileRow
	for rows.Next() {
		var f fileRow
		if err := rows.Scan(&f.sha, &f.name, &f.size); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// errHash marks an original whose bytes do not hash to its name.
var errHash = errors.New("原文件校验失败 (original does not match its SHA-256)")

// copyBlob copies the blob sha from the blob folder from to the blob folder
// to, synced, checking on the way that its bytes hash to its name; it
// returns the bytes copied. A blob that does not is not kept.
func copyBlob(from, to, sha string) (int64, error) {
	in, err := os.Open(filepath.Join(from, sha[:2], sha))
	if err != nil {
		return 0, err
	}
	defer in.Close()
	dir := filepath.Join(to, sha[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	path := filepath.Join(dir, sha)
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && hex.EncodeToString(h.Sum(nil)) != sha {
		err = errHash
	}
	if err != nil {
		os.Remove(path)
		return 0, err
	}
	return n, nil
}

// hashFile returns the size and SHA-256 of a file.
func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func writeManifest(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, ManifestName)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return syncDir(dir)
}

// ReadManifest reads and checks the manifest of the backup folder dir.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		if _, serr := os.Stat(dir); serr != nil {
			return nil, fmt.Errorf("%w：备份目录不存在 (no such backup folder): %s", ErrBadBackup, dir)
		}
		return nil, fmt.Errorf("%w：%s 中没有 %s，不是完整的 planmine 备份 (no %s: not a finished planmine backup)", ErrBadBackup, dir, ManifestName, ManifestName)
	}
	if err != nil {
		return nil, fmt.Errorf("%w：无法读取 (cannot read) %s: %w", ErrBadBackup, ManifestName, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w：%s 已损坏 (damaged manifest): %w", ErrBadBackup, ManifestName, err)
	}
	if m.Format != manifestFormat || m.DB.Name != DBName || len(m.DB.SHA256) != 64 {
		return nil, fmt.Errorf("%w：%s 格式不对 (unknown manifest format %d)", ErrBadBackup, ManifestName, m.Format)
	}
	return &m, nil
}

// Restore checks the backup folder backup against its manifest and copies
// it into dataDir, which must hold no planmine data (the caller moves old
// data aside first). Every original is hashed, the database's SHA-256 and
// its document and file counts must equal the manifest's, and every file
// row must have its original; any mismatch refuses the whole backup and
// leaves dataDir as it was. The search index is not restored: opening the
// corpus rebuilds it. progress receives originals checked / to check.
func Restore(ctx context.Context, backup, dataDir string, progress func(done, total int)) (*Manifest, error) {
	m, err := ReadManifest(backup)
	if err != nil {
		return nil, err
	}
	if known, err := lastMigration(); err != nil {
		return nil, err
	} else if m.Schema > known {
		return nil, fmt.Errorf("%w：备份来自更新版本的 planmine（数据库版本 %d，本程序只认识到 %d），请用 %s 或更新的版本恢复 (the backup comes from a newer planmine: schema %d, this one knows up to %d; restore it with %s or later)",
			ErrBadBackup, m.Schema, known, m.Version, m.Schema, known, m.Version)
	}
	for _, name := range []string{DBName, "blobs"} {
		if _, err := os.Stat(filepath.Join(dataDir, name)); err == nil {
			return nil, fmt.Errorf("数据目录已有 planmine 数据 (the data directory already holds planmine data): %s", dataDir)
		}
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("创建数据目录失败 (create data dir) %s: %w", dataDir, err)
	}
	stage, err := os.MkdirTemp(dataDir, ".restoring-")
	if err != nil {
		return nil, noSpace(err)
	}
	defer os.RemoveAll(stage)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w："+format, append([]any{ErrBadBackup}, args...)...)
	}
	// The database is copied first and opened there, never in the backup
	// folder (which may be read-only media).
	staged := filepath.Join(stage, DBName)
	if err := copyFile(filepath.Join(backup, DBName), staged); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, bad("缺少数据库文件 (the database file is missing): %s", filepath.Join(backup, DBName))
		}
		return nil, noSpace(err)
	}
	size, sum, err := hashFile(staged)
	if err != nil {
		return nil, err
	}
	if size != m.DB.Size || sum != m.DB.SHA256 {
		return nil, bad("数据库文件与清单不符，备份已损坏 (the database does not match the manifest: %d bytes sha256 %s, manifest %d bytes %s)", size, sum[:12], m.DB.Size, m.DB.SHA256[:12])
	}
	db, err := sql.Open("sqlite", "file:"+staged+"?_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	files, err := fileRows(ctx, db)
	if err != nil {
		return nil, bad("无法读取数据库 (cannot read the database): %v", err)
	}
	var docs int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&docs); err != nil {
		return nil, bad("无法读取数据库 (cannot read the database): %v", err)
	}
	if docs != m.Documents || len(files) != m.Files {
		return nil, bad("数据库有 %d 篇文档、%d 个文件，清单为 %d、%d (the database holds %d documents and %d files, the manifest says %d and %d)",
			docs, len(files), m.Documents, m.Files, docs, len(files), m.Documents, m.Files)
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	var total int64
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := copyBlob(filepath.Join(backup, "blobs"), filepath.Join(stage, "blobs"), f.sha)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, bad("缺少原文件 (an original is missing) %s (%s)", f.name, f.sha[:12])
		case errors.Is(err, errHash):
			return nil, bad("原文件已损坏 (an original is damaged) %s (%s)", f.name, f.sha[:12])
		case err != nil:
			return nil, noSpace(err)
		case n != f.size:
			return nil, bad("原文件大小不符 (an original has the wrong size) %s: %d, want %d", f.name, n, f.size)
		}
		total += n
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	if total != m.BlobBytes {
		return nil, bad("原文件共 %d 字节，清单为 %d (originals hold %d bytes, the manifest says %d)", total, m.BlobBytes, total, m.BlobBytes)
	}
	if err := os.MkdirAll(filepath.Join(stage, "blobs"), 0o755); err != nil {
		return nil, err
	}
	// Blobs first: a data directory never has a database without them.
	if err := os.Rename(filepath.Join(stage, "blobs"), filepath.Join(dataDir, "blobs")); err != nil {
		return nil, err
	}
	if err := os.Rename(staged, filepath.Join(dataDir, DBName)); err != nil {
		return nil, err
	}
	return m, syncDir(dataDir)
}

// copyFile copies a file, synced.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// lastMigration is the highest schema version this build can migrate to.
func lastMigration() (int, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	last := 0
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return 0, err
		}
		last = max(last, n)
	}
	return last, nil
}
