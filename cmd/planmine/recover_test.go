package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus/backend"
	"github.com/planmine/planmine/internal/shared"
)

// TestRecoverCommand: with planmine.db deleted, every command that opens
// the data dir exits 2 naming planmine recover, and planmine recover
// brings back the same search hits and targets (the reliability suite's
// store rows do the same with the built binary and three kinds of damage).
func TestRecoverCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	data := filepath.Join(t.TempDir(), "data")
	seeds := filepath.Join(shared.Path(t, "corpus", "seeds"), "001_f4d157a1266cd397.txt")
	if _, stderr, code := runCLI(t, "ingest", "--data", data, seeds, shared.Path(t, "corpus", "formats", "002_libreoffice.docx")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	snap := func() string {
		search, stderr, code := runCLI(t, "search", "--data", data, "--limit", "200", "三会一课")
		if code != 0 {
			t.Fatalf("search: exit %d: %s", code, stderr)
		}
		targets, stderr, code := runCLI(t, "targets", "--data", data, "--format", "csv")
		if code != 0 {
			t.Fatalf("targets: exit %d: %s", code, stderr)
		}
		// Hits of equal score may come back in either order.
		lines := strings.Split(search, "\n")
		total := lines[0]
		var hits []string
		for _, l := range lines[1:] {
			if l != "" && !strings.HasPrefix(l, " ") {
				hits = append(hits, l[strings.Index(l, ".")+1:])
			}
		}
		slices.Sort(hits)
		return total + "\n" + strings.Join(hits, "\n") + "\n" + targets
	}
	before := snap()
	if err := os.Remove(filepath.Join(data, "planmine.db")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"search", "--data", data, "党员"},
		{"targets", "--data", data},
		{"reindex", "--data", data},
		{"ingest", "--data", data, seeds},
		{"report", "--data", data, "0123456789abcdef-1"},
	} {
		_, stderr, code := runCLI(t, args...)
		if code != exitStoreLost || !strings.Contains(stderr, "planmine recover --data "+data) || !strings.Contains(stderr, "数据库") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	out, stderr, code := runCLI(t, "recover", "--data", data)
	if code != 0 || !strings.Contains(out, "完成 (done)") {
		t.Fatalf("recover: exit %d: %s %s", code, out, stderr)
	}
	if after := snap(); after != before {
		t.Errorf("after recover:\n%s\nbefore:\n%s", after, before)
	}
	// A store held open by a server (its search index locked) is refused,
	// even with --force, and nothing is moved aside.
	asideBefore, _ := filepath.Glob(filepath.Join(data, "recover-*"))
	c, err := backend.Open(context.Background(), backend.Target{Dir: data}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "recover", "--data", data, "--force")
	if cerr := c.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	if code == 0 || !strings.Contains(stderr, "正被运行中的 planmine serve 使用") {
		t.Errorf("recover while the index is open: exit %d: %s", code, stderr)
	}
	if ents, _ := filepath.Glob(filepath.Join(data, "recover-*")); len(ents) != len(asideBefore) {
		t.Errorf("recover while in use moved files aside: %v", ents)
	}
	// A healthy store is left alone.
	if _, stderr, code := runCLI(t, "recover", "--data", data); code != exitInputError || !strings.Contains(stderr, "--force") {
		t.Errorf("recover of a healthy store: exit %d: %s", code, stderr)
	}
}
