package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/fulldisk"
)

// writePlans writes n small plans named prefix-i.txt into a new folder.
func writePlans(t *testing.T, prefix string, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		text := fmt.Sprintf("青松县第%d卫生院党支部2026年党建工作计划（%s）\n一、主要任务\n全年开展主题党日活动不少于%d次，每季度至少开展党课%d次。\n二、工作要求\n各支部发展党员不少于%d名。\n",
			i+1, prefix, 10+i, 1+i%4, 2+i%3)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%02d.txt", prefix, i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestIngestDiskFull: planmine ingest into a data directory on a disk
// that is full says so, Chinese first, stores nothing and exits 2; after
// space returns the same command stores the files, and what was stored
// before still searches.
func TestIngestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	disk := fulldisk.Mount(t, 48<<20)
	data := filepath.Join(disk, "data")
	if _, stderr, code := runCLI(t, "ingest", "--data", data, writePlans(t, "before", 3)); code != 0 {
		t.Fatalf("ingest with room: exit %d: %s", code, stderr)
	}
	filler := fulldisk.Fill(t, disk, corpus.MinFree/2)
	later := writePlans(t, "later", 4)
	out, stderr, code := runCLI(t, "ingest", "--data", data, later)
	if code != exitInputError || !strings.Contains(stderr, "磁盘已满，导入已停止 (the disk is full; ingest stopped)") ||
		!strings.Contains(stderr, "重新运行同一命令") {
		t.Errorf("full disk: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	count := func() int {
		out, stderr, code := runCLI(t, "search", "--data", data, "--json", "党建工作计划")
		var res struct{ Total int }
		if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
			t.Fatalf("search: exit %d %v: %s", code, err, stderr)
		}
		return res.Total
	}
	if n := count(); n != 3 {
		t.Errorf("after the refused ingest search finds %d documents, want the 3 stored before", n)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, "ingest", "--data", data, later); code != 0 {
		t.Fatalf("ingest after space returned: exit %d: %s", code, stderr)
	}
	if n := count(); n != 7 {
		t.Errorf("after space returned search finds %d documents, want 7", n)
	}
}
