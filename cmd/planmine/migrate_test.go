package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/shared"
)

// TestMigrateCommand ingests the seeds and the DOCX samples with planmine
// ingest, migrates them with planmine migrate, runs it again (nothing
// copied), and refuses another data directory into the same database
// without --force.
func TestMigrateCommand(t *testing.T) {
	data := t.TempDir()
	root := shared.Path(t, "corpus")
	docx, _ := filepath.Glob(filepath.Join(root, "formats", "*.docx"))
	if _, stderr, code := runCLI(t, append([]string{"ingest", "--data", data, filepath.Join(root, "seeds")}, docx...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	dsn := pgtest.DSN(t)
	out, stderr, code := runCLI(t, "migrate", "--from", "sqlite:"+data, "--to", dsn)
	if code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "校验一致 (verified)") {
		t.Errorf("migrate output lacks the verification:\n%s", out)
	}
	ctx := context.Background()
	src, err := sqlite.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := src.Count(ctx)
	src.Close()
	dst, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := dst.Count(ctx)
	dst.Close()
	if n < 10 || m != n {
		t.Errorf("%d documents in PostgreSQL, %d in the data directory", m, n)
	}

	// A bare directory works too; the second run copies nothing.
	out, stderr, code = runCLI(t, "migrate", "--from", data, "--to", dsn)
	if code != 0 || !strings.Contains(out, "新迁入 0 个文件") {
		t.Errorf("second migrate: exit %d: %s\n%s", code, stderr, out)
	}

	other := t.TempDir()
	if _, stderr, code := runCLI(t, "ingest", "--data", other, filepath.Join(root, "external", "gwr_beijing2024_wps.pdf")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	_, stderr, code = runCLI(t, "migrate", "--from", other, "--to", dsn)
	if code == 0 || !strings.Contains(stderr, "--force") {
		t.Errorf("migrate into a database with other documents: exit %d, stderr %s", code, stderr)
	}
	if _, stderr, code = runCLI(t, "migrate", "--from", other, "--to", dsn, "--force"); code != 0 {
		t.Errorf("migrate --force: exit %d: %s", code, stderr)
	}
	if _, _, code := runCLI(t, "migrate", "--from", data, "--to", "mysql://x"); code != exitUsage {
		t.Errorf("--to mysql://: exit %d, want usage", code)
	}
}
