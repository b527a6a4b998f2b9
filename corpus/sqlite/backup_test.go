package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
)

// TestBackupDropsFilesDeletedMeanwhile: a document deleted by the store
// between the snapshot and the copy of originals (its blob gone) is taken
// out of the backup, with its reason in the manifest; the backup restores,
// and every other document and original reads back the same.
func TestBackupDropsFilesDeletedMeanwhile(t *testing.T) {
	db, fs, ids := openLoaded(t)
	ctx := context.Background()
	before, _ := db.Count(ctx)
	victim := ids[0][0]
	victimParts := len(ids[0])
	out := filepath.Join(t.TempDir(), "backup")
	m, err := Backup(ctx, db.dir, out, BackupOptions{Version: "test", afterSnapshot: func() {
		for _, id := range ids[0] {
			if err := db.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Dropped) != 1 || m.Dropped[0].Reason != DroppedDeleted || m.Dropped[0].Documents != victimParts || m.Dropped[0].Name != fs[0].File {
		t.Fatalf("dropped %+v, want %s (%d parts) as deleted", m.Dropped, fs[0].File, victimParts)
	}
	if m.Documents != before-victimParts || m.Files != len(fs)-1 {
		t.Errorf("manifest: %d documents, %d files; want %d, %d", m.Documents, m.Files, before-victimParts, len(fs)-1)
	}
	if left, _ := filepath.Glob(out + ".partial-*"); len(left) > 0 {
		t.Errorf("partial folder left: %v", left)
	}
	dest := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(ctx, out, dest, nil); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, _ := r.Count(ctx); n != m.Documents {
		t.Errorf("restored %d documents, manifest %d", n, m.Documents)
	}
	if _, err := r.Get(ctx, victim); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("deleted document %s restored: %v", victim, err)
	}
	for i, f := range fs[1:] {
		for _, id := range ids[i+1] {
			_, b, err := r.Original(ctx, id)
			if err != nil || string(b) != string(original(f)) {
				t.Errorf("original of %s: %v", id, err)
			}
			if _, err := r.Get(ctx, id); err != nil {
				t.Errorf("get %s: %v", id, err)
			}
		}
	}
	// No pair row refers to the dropped document.
	var n int
	r.r.QueryRow(`SELECT count(*) FROM reuse_pairs WHERE a=? OR b=?`, victim, victim).Scan(&n)
	if n != 0 {
		t.Errorf("%d pair rows still name the dropped document", n)
	}
}

// TestRestoreRefusesBadBackups: a backup whose database, an original or
// its manifest was damaged, or that lacks an original or its manifest, is
// refused with ErrBadBackup and a Chinese-first reason, and leaves the data
// directory without planmine data.
func TestRestoreRefusesBadBackups(t *testing.T) {
	db, _, _ := openLoaded(t)
	ctx := context.Background()
	good := filepath.Join(t.TempDir(), "good")
	m, err := Backup(ctx, db.dir, good, BackupOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Files == 0 {
		t.Fatal("empty backup")
	}
	aBlob := func(dir string) string {
		ms, _ := filepath.Glob(filepath.Join(dir, "blobs", "*", "*"))
		return ms[0]
	}
	for _, c := range []struct {
		name, want string
		spoil      func(dir string) error
	}{
		{"original flipped", "原文件已损坏 (an original is damaged)", func(dir string) error {
			p := aBlob(dir)
			b, _ := os.ReadFile(p)
			b[0] ^= 1
			return os.WriteFile(p, b, 0o644)
		}},
		{"original missing", "缺少原文件 (an original is missing)", func(dir string) error { return os.Remove(aBlob(dir)) }},
		{"database changed", "数据库文件与清单不符", func(dir string) error {
			f, err := os.OpenFile(filepath.Join(dir, DBName), os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.Write([]byte{0})
			return err
		}},
		{"database missing", "缺少数据库文件", func(dir string) error { return os.Remove(filepath.Join(dir, DBName)) }},
		{"manifest missing", "不是完整的 planmine 备份", func(dir string) error { return os.Remove(filepath.Join(dir, ManifestName)) }},
		{"manifest garbage", "已损坏 (damaged manifest)", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, ManifestName), []byte("{not json"), 0o644)
		}},
		{"newer schema", "备份来自更新版本的 planmine", func(dir string) error {
			b, _ := os.ReadFile(filepath.Join(dir, ManifestName))
			b = []byte(strings.Replace(string(b), `"schema_version": `, `"schema_version": 9`, 1))
			return os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644)
		}},
		{"count edited", "清单为", func(dir string) error {
			b, _ := os.ReadFile(filepath.Join(dir, ManifestName))
			b = []byte(strings.Replace(string(b), `"files": `, `"files": 1`, 1))
			return os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "b")
			if err := os.CopyFS(dir, os.DirFS(good)); err != nil {
				t.Fatal(err)
			}
			if err := c.spoil(dir); err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(t.TempDir(), "data")
			_, err := Restore(ctx, dir, dest, nil)
			if !errors.Is(err, ErrBadBackup) || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "备份无效") {
				t.Fatalf("err %v, want ErrBadBackup saying %q", err, c.want)
			}
			for _, name := range []string{DBName, "blobs"} {
				if _, err := os.Stat(filepath.Join(dest, name)); err == nil {
					t.Errorf("%s left in the data directory", name)
				}
			}
		})
	}
	// The good one restores, and not over planmine data.
	dest := t.TempDir()
	if _, err := Restore(ctx, good, dest, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, good, dest, nil); err == nil || !strings.Contains(err.Error(), "已有 planmine 数据") {
		t.Errorf("restore over data: %v", err)
	}
	if _, err := Backup(ctx, db.dir, good, BackupOptions{}); err == nil || !strings.Contains(err.Error(), "不会覆盖") {
		t.Errorf("backup over a backup: %v", err)
	}
}
