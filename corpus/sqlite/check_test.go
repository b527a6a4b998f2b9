package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
)

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestSidecar: every stored file has a sidecar with its name, upload time
// (the rows'), part count and the chrome its reading dropped.
func TestSidecar(t *testing.T) {
	db, fs, ids := openLoaded(t)
	ctx := context.Background()
	for i, f := range fs {
		sha := sha256hex(original(f))
		m, err := ReadFileMeta(db.dir, sha)
		if err != nil {
			t.Fatalf("%s: %v", f.File, err)
		}
		var name, created string
		if err := db.r.QueryRowContext(ctx, `SELECT name, created_at FROM files WHERE sha256=?`, sha).Scan(&name, &created); err != nil {
			t.Fatal(err)
		}
		var docCreated string
		if err := db.r.QueryRowContext(ctx, `SELECT created_at FROM documents WHERE id=?`, ids[i][0]).Scan(&docCreated); err != nil {
			t.Fatal(err)
		}
		if m.Name != name || m.CreatedAt != created || m.CreatedAt != docCreated || m.Parts != len(f.Docs) || m.Size != int64(len(original(f))) {
			t.Errorf("%s: sidecar %+v, rows %s %s %s", f.File, m, name, created, docCreated)
		}
	}
	// Chrome dropped from any part is kept once.
	docs := fs[0].Docs
	docs[0].Chrome = []string{"首页 > 工作计划", "返回顶部"}
	data := []byte("另一份文件")
	if _, err := db.Put(ctx, data, "带杂项.txt", docs[:1]); err != nil {
		t.Fatal(err)
	}
	m, err := ReadFileMeta(db.dir, sha256hex(data))
	if err != nil || !slices.Equal(m.Chrome, []string{"首页 > 工作计划", "返回顶部"}) {
		t.Errorf("chrome in sidecar: %+v %v", m, err)
	}
}

// TestRecoveringPutKeepsUploadTime: a store opened for recovery takes the
// upload time from the sidecar and leaves the sidecar as it was.
func TestRecoveringPutKeepsUploadTime(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := fixtures(t)[0]
	data := original(f)
	sha := sha256hex(data)
	want := FileMeta{Name: "原名.txt", CreatedAt: "2025-03-01T08:00:00.5Z", Size: int64(len(data)), Parts: 1, Chrome: []string{"返回顶部"}}
	if err := WriteFileMeta(dir, sha, want); err != nil {
		t.Fatal(err)
	}
	db, err := OpenRecovering(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Put(ctx, data, "原名.txt", f.Docs)
	if err != nil {
		t.Fatal(err)
	}
	var created string
	if err := db.r.QueryRowContext(ctx, `SELECT created_at FROM documents WHERE id=?`, res.IDs[0]).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if created != want.CreatedAt {
		t.Errorf("created_at %s, want %s", created, want.CreatedAt)
	}
	if m, err := ReadFileMeta(dir, sha); err != nil || m.CreatedAt != want.CreatedAt || !slices.Equal(m.Chrome, want.Chrome) {
		t.Errorf("sidecar rewritten: %+v %v", m, err)
	}
}

// TestCheck: what OpenStore refuses and what it lets through.
func TestCheck(t *testing.T) {
	ctx := context.Background()
	loaded := func(t *testing.T) string {
		db, _, _ := openLoaded(t)
		db.Close()
		return db.dir
	}
	tests := []struct {
		name   string
		setup  func(t *testing.T) string
		want   error
		saying string
	}{
		{"new data dir", func(t *testing.T) string { return t.TempDir() }, nil, ""},
		{"healthy", loaded, nil, ""},
		{"database deleted", func(t *testing.T) string {
			dir := loaded(t)
			os.Remove(filepath.Join(dir, DBName))
			return dir
		}, corpus.ErrStoreLost, "planmine recover --data"},
		{"database truncated to 0", func(t *testing.T) string {
			dir := loaded(t)
			os.Truncate(filepath.Join(dir, DBName), 0)
			return dir
		}, corpus.ErrStoreLost, "为空"},
		{"only an index left", func(t *testing.T) string {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "index", "bleve"), 0o755)
			return dir
		}, corpus.ErrStoreLost, "搜索索引"},
		{"database emptied, originals kept", func(t *testing.T) string {
			dir := loaded(t)
			os.Remove(filepath.Join(dir, DBName))
			db, err := Open(ctx, dir) // what a start on a deleted database did before
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			return dir
		}, corpus.ErrStoreLost, "没有任何文档"},
		{"not a database", func(t *testing.T) string {
			dir := loaded(t)
			os.WriteFile(filepath.Join(dir, DBName), []byte(strings.Repeat("这不是数据库", 2000)), 0o644)
			return dir
		}, corpus.ErrStoreDamaged, "planmine recover --data"},
		{"pages overwritten after a passing check", func(t *testing.T) string {
			dir := loaded(t)
			if err := Check(ctx, dir); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, DBName)
			st, _ := os.Stat(path)
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			garbage := make([]byte, 4*4096)
			for i := range garbage {
				garbage[i] = byte(i*7 + 3)
			}
			if _, err := f.WriteAt(garbage, st.Size()/2/4096*4096); err != nil {
				t.Fatal(err)
			}
			f.Close()
			return dir
		}, corpus.ErrStoreDamaged, "完整性检查"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup(t)
			err := Check(ctx, dir)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				// A second look at the unchanged file uses the stamp.
				if err := Check(ctx, dir); err != nil {
					t.Fatalf("second check: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.saying) {
				t.Errorf("message lacks %q: %v", tc.saying, err)
			}
			if _, err := OpenStore(ctx, dir); !errors.Is(err, tc.want) {
				t.Errorf("OpenStore: %v", err)
			}
		})
	}
}
