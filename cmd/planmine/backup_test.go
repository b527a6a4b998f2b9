package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus/sqlite"
)

// TestBackupRestoreCommands: planmine backup and restore as a user runs
// them: the restored directory searches like the original, a non-empty
// data directory is refused without --force (exit 2, Chinese first) and
// moved aside with it, and bad command lines are usage errors (exit 1).
func TestBackupRestoreCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	data := filepath.Join(t.TempDir(), "data")
	if _, stderr, code := runCLI(t, "ingest", "--data", data, writePlans(t, "备份", 5)); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	bk := filepath.Join(t.TempDir(), "备份")
	out, stderr, code := runCLI(t, "backup", "--data", data, bk)
	if code != 0 || !strings.Contains(out, "备份完成 (backup done)") || !strings.Contains(out, "5 篇文档") {
		t.Fatalf("backup: exit %d\n%s\n%s", code, out, stderr)
	}
	m, err := sqlite.ReadManifest(bk)
	if err != nil || m.Documents != 5 || m.Files != 5 || !strings.HasPrefix(m.Version, "planmine ") {
		t.Fatalf("manifest %+v: %v", m, err)
	}
	if _, _, code := runCLI(t, "backup", "--data", data, bk); code != exitInputError {
		t.Errorf("backup over a backup: exit %d", code)
	}
	search := func(dir string) int {
		out, stderr, code := runCLI(t, "search", "--data", dir, "--json", "党建工作计划")
		var res struct{ Total int }
		if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
			t.Fatalf("search %s: exit %d %v: %s", dir, code, err, stderr)
		}
		return res.Total
	}
	dest := filepath.Join(t.TempDir(), "restored")
	out, stderr, code = runCLI(t, "restore", bk, "--data", dest)
	if code != 0 || !strings.Contains(out, "已恢复 (restored) 5 篇文档") {
		t.Fatalf("restore: exit %d\n%s\n%s", code, out, stderr)
	}
	if n := search(dest); n != 5 {
		t.Errorf("restored data finds %d, want 5", n)
	}
	// Not over data without --force; with it, the old data is kept aside.
	_, stderr, code = runCLI(t, "restore", bk, "--data", data)
	if code != exitInputError || !strings.HasPrefix(strings.TrimPrefix(stderr, "错误 (error): "), "数据目录不为空 (the data directory is not empty)") || !strings.Contains(stderr, "--force") {
		t.Errorf("restore over data: exit %d, %q", code, stderr)
	}
	out, stderr, code = runCLI(t, "restore", bk, "--data", data, "--force")
	if code != 0 || !strings.Contains(out, "原有数据已移到") {
		t.Fatalf("restore --force: exit %d\n%s\n%s", code, out, stderr)
	}
	aside, _ := filepath.Glob(filepath.Join(data, ".before-restore-*", sqlite.DBName))
	if len(aside) != 1 || search(data) != 5 {
		t.Errorf("--force: old data at %v, %d found", aside, search(data))
	}
	// A bad backup with --force leaves the data where it was.
	spoilt := filepath.Join(t.TempDir(), "spoilt")
	if err := os.CopyFS(spoilt, os.DirFS(bk)); err != nil {
		t.Fatal(err)
	}
	blobs, _ := filepath.Glob(filepath.Join(spoilt, "blobs", "*", "*"))
	os.Remove(blobs[0])
	_, stderr, code = runCLI(t, "restore", spoilt, "--data", data, "--force")
	asides, _ := filepath.Glob(filepath.Join(data, ".before-restore-*"))
	if code != exitInputError || !strings.Contains(stderr, "缺少原文件 (an original is missing)") || len(asides) != 1 || search(data) != 5 {
		t.Errorf("bad backup with --force: exit %d, %q; %d folders aside", code, stderr, len(asides))
	}
	// Bad input.
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"backup", "--data", data}, exitUsage, "backup 需要一个备份目录"},
		{[]string{"restore", "--data", dest}, exitUsage, "restore 需要一个备份目录"},
		{[]string{"restore", filepath.Join(t.TempDir(), "none"), "--data", filepath.Join(t.TempDir(), "x")}, exitInputError, "备份无效 (invalid backup)：备份目录不存在"},
		{[]string{"restore", data, "--data", filepath.Join(t.TempDir(), "x")}, exitInputError, "不是完整的 planmine 备份"},
		{[]string{"backup", "--data", filepath.Join(t.TempDir(), "none"), filepath.Join(t.TempDir(), "b")}, exitInputError, "数据目录不存在"},
	} {
		_, stderr, code := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if ents, _ := os.ReadDir(filepath.Dir(bk)); len(ents) != 1 {
		t.Errorf("backup folder's parent holds %d entries, want the backup alone", len(ents))
	}
}
