package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/sqlite"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/fulldisk"
)

// bigFile is a file of three parts of about 24 KB of text each, different
// for each n.
func bigFile(n int) ([]byte, []doc.Document) {
	var docs []doc.Document
	var all []string
	for part := 1; part <= 3; part++ {
		var b strings.Builder
		fmt.Fprintf(&b, "第%d号文件第%d篇 2026年党建工作计划\n", n, part)
		for i := 0; b.Len() < 24<<10; i++ {
			fmt.Fprintf(&b, "（%d）全年开展主题党日活动不少于%d次，每季度至少开展党课%d次，文件%d。\n", i, i%40+2, i%5+1, n)
		}
		docs = append(docs, doc.Document{Part: part, Title: fmt.Sprintf("文件%d第%d篇", n, part), DocType: doc.TypePlan, Text: b.String()})
		all = append(all, b.String())
	}
	return []byte(strings.Join(all, "\n\n")), docs
}

// checkWhole fails the test unless every document has its file row and a
// whole blob, every blob and file row belongs to a document, and no
// temporary blob is left.
func checkWhole(t *testing.T, db *DB, dir string) int {
	t.Helper()
	ctx := context.Background()
	files := map[string]int64{}
	rows, err := db.r.QueryContext(ctx, `SELECT sha256, size FROM files`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var sha string
		var size int64
		rows.Scan(&sha, &size)
		files[sha] = size
	}
	rows.Close()
	var orphanRows int
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM documents d LEFT JOIN files f ON f.sha256=d.file_sha WHERE f.sha256 IS NULL`).Scan(&orphanRows)
	var emptyFiles int
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.file_sha=f.sha256)`).Scan(&emptyFiles)
	if orphanRows != 0 || emptyFiles != 0 {
		t.Errorf("%d documents without a file row, %d file rows without documents", orphanRows, emptyFiles)
	}
	blobs, sidecars := map[string]bool{}, map[string]bool{}
	filepath.WalkDir(filepath.Join(dir, "blobs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("half-written blob left: %s", p)
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Error(err)
			return nil
		}
		if sha, ok := strings.CutSuffix(d.Name(), ".json"); ok {
			// The sidecar beside a blob (name, upload time): whole or absent.
			if !json.Valid(b) {
				t.Errorf("half-written sidecar %s", p)
			}
			sidecars[sha] = true
			return nil
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != d.Name() {
			t.Errorf("blob %s does not hash to its name", p)
		}
		blobs[d.Name()] = true
		return nil
	})
	for sha := range files {
		if !blobs[sha] {
			t.Errorf("file row %s has no blob", sha[:12])
		}
	}
	for sha := range sidecars {
		if !blobs[sha] {
			t.Errorf("sidecar %s has no blob", sha[:12])
		}
	}
	for sha := range blobs {
		if !sidecars[sha] {
			t.Errorf("blob %s has no sidecar", sha[:12])
		}
	}
	for sha := range blobs {
		if _, ok := files[sha]; !ok {
			t.Errorf("blob %s belongs to no file row", sha[:12])
		}
	}
	n, err := db.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPutOnFullDisk fills a real tmpfs and stores a three-part file with
// less and less room taken away: each Put either stores the whole file or
// fails with corpus.ErrNoSpace leaving nothing (no document, no file row,
// no blob, no temporary file). Both ways of failing are met: the blob not
// fitting (ENOSPC) and the rows not fitting (SQLITE_FULL). When space
// returns, every document stored before reads back and new files store.
func TestPutOnFullDisk(t *testing.T) {
	dir := fulldisk.Mount(t, 4<<20)
	ctx := context.Background()
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := map[string][]byte{} // id → original
	put := func(n int) error {
		orig, docs := bigFile(n)
		res, err := db.Put(ctx, orig, fmt.Sprintf("f%d.txt", n), docs)
		if err == nil {
			for _, id := range res.IDs {
				stored[id] = orig
			}
		}
		return err
	}
	for i := 0; i < 3; i++ {
		if err := put(i); err != nil {
			t.Fatalf("put %d with room: %v", i, err)
		}
	}
	filler := fulldisk.Fill(t, dir, 0)
	var blobFull, rowsFull, ok int
	n := 100
	for leave := int64(0); leave <= 1<<20 && ok == 0; leave += 16 << 10 {
		// Give back room: the filler shrinks to leave `leave` bytes free.
		st, _ := os.Stat(filler)
		if err := os.Truncate(filler, max(0, st.Size()-(leave-fulldisk.Free(t, dir)))); err != nil {
			t.Fatal(err)
		}
		before := len(stored)
		n++
		err := put(n)
		var se *sqlite.Error
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, corpus.ErrNoSpace):
			t.Fatalf("free %d: %v, want ErrNoSpace", leave, err)
		case errors.As(err, &se):
			rowsFull++
		default:
			blobFull++
		}
		if got := checkWhole(t, db, dir); got != len(stored) || (err != nil && len(stored) != before) {
			t.Fatalf("free %d: store holds %d documents, %d acknowledged", leave, got, len(stored))
		}
	}
	t.Logf("refused: %d with the blob not fitting, %d with the rows not fitting; then stored", blobFull, rowsFull)
	if blobFull == 0 || rowsFull == 0 || ok == 0 {
		t.Errorf("blob full %d, rows full %d, stored %d: each way should be met", blobFull, rowsFull, ok)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := put(1000); err != nil {
		t.Fatalf("after space returned: %v", err)
	}
	for id, orig := range stored {
		if _, err := db.Get(ctx, id); err != nil {
			t.Errorf("get %s: %v", id, err)
		}
		if _, b, err := db.Original(ctx, id); err != nil || string(b) != string(orig) {
			t.Errorf("original %s: %v", id, err)
		}
	}
	if got := checkWhole(t, db, dir); got != len(stored) {
		t.Errorf("store holds %d documents, %d acknowledged", got, len(stored))
	}
}

// TestRecoverOnFullDiskKeepsOriginals: a store being rebuilt from its
// originals (OpenRecovering) that runs out of space fails with ErrNoSpace
// but never removes the original or its sidecar, the only copy left.
func TestRecoverOnFullDiskKeepsOriginals(t *testing.T) {
	dir := fulldisk.Mount(t, 4<<20)
	ctx := context.Background()
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	orig, docs := bigFile(1)
	if _, err := db.Put(ctx, orig, "f1.txt", docs); err != nil {
		t.Fatal(err)
	}
	db.Close()
	sum := sha256.Sum256(orig)
	sha := hex.EncodeToString(sum[:])
	// The store is lost; recovery starts a new database beside the originals.
	for _, f := range []string{DBName, DBName + "-wal", DBName + "-shm"} {
		os.Remove(filepath.Join(dir, f))
	}
	rdb, err := OpenRecovering(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	fulldisk.Fill(t, dir, 0)
	_, err = rdb.Put(ctx, orig, "f1.txt", docs)
	if !errors.Is(err, corpus.ErrNoSpace) {
		t.Fatalf("Put on a full disk while recovering: %v, want ErrNoSpace", err)
	}
	if b, err := os.ReadFile(rdb.blobPath(sha)); err != nil || !bytes.Equal(b, orig) {
		t.Errorf("original gone or changed after a refused recovery Put: %v", err)
	}
	if m, err := ReadFileMeta(dir, sha); err != nil || m.Name != "f1.txt" {
		t.Errorf("sidecar gone or changed after a refused recovery Put: %+v %v", m, err)
	}
}

// TestPutFilesOnFullDisk: a batch that does not fit fails as a whole with
// corpus.ErrNoSpace, whether its blobs did not fit (ENOSPC) or its rows
// did not (SQLITE_FULL, after every blob was in place): no file of it is
// stored, and the blobs and sidecars it had written are gone again
// (checkWhole). With room enough the same batch is stored whole.
func TestPutFilesOnFullDisk(t *testing.T) {
	dir := fulldisk.Mount(t, 4<<20)
	ctx := context.Background()
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	batch := func(from, n int) []corpus.File {
		var out []corpus.File
		for i := from; i < from+n; i++ {
			orig, docs := bigFile(i)
			out = append(out, corpus.File{Name: fmt.Sprintf("f%d.txt", i), Original: orig, Docs: docs})
		}
		return out
	}
	if _, errs, err := db.PutFiles(ctx, batch(0, 2)); err != nil || errors.Join(errs...) != nil {
		t.Fatalf("with room: %v %v", err, errs)
	}
	filler := fulldisk.Fill(t, dir, 0)
	var blobFull, rowsFull int
	stored := false
	for leave := int64(0); leave <= 3<<20 && !stored; leave += 64 << 10 {
		st, _ := os.Stat(filler)
		if err := os.Truncate(filler, max(0, st.Size()-(leave-fulldisk.Free(t, dir)))); err != nil {
			t.Fatal(err)
		}
		res, errs, err := db.PutFiles(ctx, batch(10, 6))
		var se *sqlite.Error
		switch {
		case err == nil:
			if errors.Join(errs...) != nil {
				t.Fatalf("free %d: %v", leave, errs)
			}
			stored = true
		case !errors.Is(err, corpus.ErrNoSpace):
			t.Fatalf("free %d: %v, want ErrNoSpace", leave, err)
		case errors.As(err, &se):
			rowsFull++
		default:
			blobFull++
		}
		if err != nil {
			for i, e := range errs {
				if !errors.Is(e, corpus.ErrNoSpace) || res[i].IDs != nil {
					t.Errorf("free %d: file %d: %+v %v, want ErrNoSpace and no ids", leave, i, res[i], e)
				}
			}
		}
		want := 6
		if stored {
			want = 24
		}
		if n := checkWhole(t, db, dir); n != want {
			t.Fatalf("free %d: store holds %d documents, want %d", leave, n, want)
		}
	}
	t.Logf("refused: %d with the blobs not fitting, %d with the rows not fitting; then stored", blobFull, rowsFull)
	if blobFull == 0 || rowsFull == 0 || !stored {
		t.Errorf("blobs full %d, rows full %d, stored %v: each way should be met", blobFull, rowsFull, stored)
	}
}
