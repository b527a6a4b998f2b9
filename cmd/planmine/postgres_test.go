package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/shared"
)

// searchTotal runs planmine search --json with args and returns its total.
func searchTotal(t *testing.T, args ...string) int {
	t.Helper()
	out, stderr, code := runCLI(t, append([]string{"search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, stderr)
	}
	var res corpus.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search %v: %v: %.200s", args, err, out)
	}
	return res.Total
}

// TestPostgresCLI: the commands on a PostgreSQL database (--db) work as on
// the embedded store: ingest, search, targets, pairs and delete, with the
// same reuse pairs as one embedded ingest of the same files; a second
// index folder (another replica) builds itself from the database.
func TestPostgresCLI(t *testing.T) {
	dsn := pgtest.DSN(t)
	seeds := shared.Path(t, "corpus", "seeds")
	docx := shared.Path(t, "corpus", "formats", "002_libreoffice.docx")
	ix1, ix2, local := t.TempDir(), t.TempDir(), t.TempDir()
	for _, args := range [][]string{
		{"ingest", "--db", dsn, "--data", ix1, seeds, docx},
		{"ingest", "--data", local, seeds, docx},
	} {
		if out, stderr, code := runCLI(t, args...); code != 0 || !strings.Contains(out, "导入 6 个文件") {
			t.Fatalf("%v: exit %d: %s\n%s", args[:3], code, stderr, out)
		}
	}
	n := searchTotal(t, "--data", local, "工作")
	if n == 0 {
		t.Fatal("embedded search finds nothing")
	}
	if got := searchTotal(t, "--db", dsn, "--data", ix1, "工作"); got != n {
		t.Errorf("postgres search: %d hits, embedded %d", got, n)
	}
	// Another replica's index folder starts empty and is built from the database.
	if got := searchTotal(t, "--db", dsn, "--data", ix2, "工作"); got != n {
		t.Errorf("fresh replica index: %d hits, want %d", got, n)
	}
	pairs := func(args ...string) string {
		out, stderr, code := runCLI(t, append([]string{"pairs"}, args...)...)
		if code != 0 {
			t.Fatalf("pairs %v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	pg, emb := pairs("--db", dsn), pairs("--data", local)
	if strings.Count(emb, "\n") < 2 || pg != emb {
		t.Errorf("pairs differ:\npostgres:\n%.600s\nembedded:\n%.600s", pg, emb)
	}
	tg := func(args ...string) string {
		out, stderr, code := runCLI(t, append([]string{"targets", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("targets %v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	if pg, emb := tg("--db", dsn), tg("--data", local); pg != emb || !strings.Contains(pg, `"metric"`) {
		t.Errorf("targets differ or empty:\n%.300s\n%.300s", pg, emb)
	}

	// Delete a seed's documents through replica 1; replica 2 catches up.
	out, _, _ := runCLI(t, "search", "--json", "--limit", "100", "--data", local, "工作")
	var res corpus.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	id := res.Hits[0].ID
	if _, stderr, code := runCLI(t, "delete", "--db", dsn, "--data", ix1, id); code != 0 {
		t.Fatalf("delete: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "delete", "--data", local, id); code != 0 {
		t.Fatalf("delete embedded: exit %d: %s", code, stderr)
	}
	n = searchTotal(t, "--data", local, "工作")
	for _, dir := range []string{ix1, ix2} {
		if got := searchTotal(t, "--db", dsn, "--data", dir, "工作"); got != n {
			t.Errorf("after delete, index %s: %d hits, want %d", dir, got, n)
		}
	}
	if pg, emb := pairs("--db", dsn), pairs("--data", local); pg != emb {
		t.Errorf("pairs differ after delete:\n%.600s\n%.600s", pg, emb)
	}
	if _, err := os.Stat(filepath.Join(ix2, "index", "changes-seq.json")); err != nil {
		t.Errorf("replica index records no change seq: %v", err)
	}

	// Without --data the index goes to a folder per database in the cache.
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	if got := searchTotal(t, "--db", dsn, "工作"); got != n {
		t.Errorf("cache-dir index: %d hits, want %d", got, n)
	}
	if ms, _ := filepath.Glob(filepath.Join(cache, "planmine", "*", "index")); len(ms) != 1 {
		t.Errorf("index folders under the cache: %v", ms)
	}
}

// TestDBFlagErrors: bad URLs and embedded-only commands on PostgreSQL are
// usage errors with a Chinese message; sqlite:DIR is --data DIR.
func TestDBFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "--db", "mysql://localhost/x", "x"}, "无效的数据库地址"},
		{[]string{"search", "--db", "postgres://localhost", "x"}, "缺少数据库名"},
		{[]string{"ingest", "--db", "sqlite:", "x"}, "缺少目录"},
		{[]string{"ingest", "--db", "sqlite:/tmp/a", "--data", "/tmp/b", "x"}, "不同目录"},
		{[]string{"backup", "--db", "postgres://u:secret@localhost/x", "/tmp/out"}, "pg_dump"},
		{[]string{"restore", "--db", "postgres://localhost/x", "/tmp/in"}, "pg_restore"},
		{[]string{"recover", "--db", "postgresql://localhost/x"}, "只适用于内置存储"},
		{[]string{"serve", "--db", "redis://localhost/x"}, "无效的数据库地址"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
		if strings.Contains(stderr, "secret") {
			t.Errorf("%v: the password is printed: %q", tc.args, stderr)
		}
	}
	data := t.TempDir()
	seed := shared.Path(t, "corpus", "seeds", "000_948abd7a737fa59a.txt")
	if _, stderr, code := runCLI(t, "ingest", "--db", "sqlite:"+data, seed); code != 0 {
		t.Fatalf("ingest --db sqlite:: exit %d: %s", code, stderr)
	}
	if searchTotal(t, "--data", data, "工作") == 0 {
		t.Error("--db sqlite:DIR did not ingest into DIR")
	}
}
