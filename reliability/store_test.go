//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/internal/shared"

	_ "modernc.org/sqlite"
)

// The store rows: a stopped data dir of real files (TXT, DOCX, PDF, one
// part deleted) loses its database in one of three ways; every command that
// opens it must refuse with exit 2 and say what to run, and planmine
// recover must bring back the same documents, file names, upload times,
// targets, reuse scores and search results from the originals alone.

// runBin runs the planmine binary in dir and returns its exit code,
// stdout and stderr. A run longer than limit is killed and fails the test.
func runBin(t *testing.T, dir string, limit time.Duration, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PLANMINE_TOKEN=", "PLANMINE_READ_TOKEN=", "PLANMINE_DATA=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("planmine %s: still running after %s (killed)\n%s", strings.Join(args, " "), limit, clip(errb.String(), 2000))
		return -1, out.String(), errb.String()
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("planmine %s: %v", strings.Join(args, " "), err)
	}
	return code, out.String(), errb.String()
}

// storeInputs are the real files the data dir is built from: the shared
// seeds (TXT, one of them Traditional, several multi-document) and three of
// them as LibreOffice DOCX and PDF.
func storeInputs(t *testing.T) []string {
	var files []string
	seeds, err := filepath.Glob(shared.Path(t, "corpus", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	files = append(files, seeds...)
	for _, f := range []string{"001_libreoffice.docx", "002_libreoffice.docx", "004_libreoffice.docx", "001_libreoffice.pdf", "004_libreoffice.pdf"} {
		files = append(files, shared.Path(t, "corpus", "formats", f))
	}
	return files
}

// pristine is the data dir every store row starts from, built once.
var pristine struct {
	once sync.Once
	root string // holds inbox/ and data/
	snap storeSnap
	err  string
}

// pristineDir ingests the inputs with the real binary (from root, so the
// names are the relative 收件箱/… paths), deletes one part of a
// multi-part file, and takes the snapshot every row must get back.
func pristineDir(t *testing.T) (string, storeSnap) {
	t.Helper()
	pristine.once.Do(func() {
		root, err := os.MkdirTemp("", "planmine-store-rows-")
		if err != nil {
			pristine.err = err.Error()
			return
		}
		inbox := filepath.Join(root, "收件箱")
		os.MkdirAll(inbox, 0o755)
		for _, f := range storeInputs(t) {
			b, err := os.ReadFile(f)
			if err != nil {
				pristine.err = err.Error()
				return
			}
			os.WriteFile(filepath.Join(inbox, filepath.Base(f)), b, 0o644)
		}
		code, _, stderr := runBin(t, root, 10*time.Minute, "ingest", "--data", "data", "收件箱")
		if code != 0 {
			pristine.err = fmt.Sprintf("ingest exit %d: %s", code, clip(stderr, 2000))
			return
		}
		data := filepath.Join(root, "data")
		id, err := aMiddlePart(data)
		if err != nil {
			pristine.err = err.Error()
			return
		}
		if code, _, stderr := runBin(t, root, 5*time.Minute, "delete", "--data", "data", id); code != 0 {
			pristine.err = fmt.Sprintf("delete exit %d: %s", code, clip(stderr, 2000))
			return
		}
		pristine.root = root
		pristine.snap = takeSnap(t, root, "data")
	})
	if pristine.err != "" {
		t.Fatalf("building the data dir: %s", pristine.err)
	}
	return pristine.root, pristine.snap
}

// aMiddlePart is the id of part 2 of a file with three parts or more.
func aMiddlePart(data string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "planmine.db")+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var id string
	err = db.QueryRow(`SELECT id FROM documents WHERE part=2 AND file_sha IN
		(SELECT file_sha FROM documents GROUP BY file_sha HAVING count(*)>=3) ORDER BY id LIMIT 1`).Scan(&id)
	return id, err
}

// storeSnap is what a reviewer sees of a data dir: every document row with
// its file name and upload time, the reuse pairs, the targets export and
// the hits of a few searches.
type storeSnap struct {
	Docs     []string          // one line per document, sorted by id
	Pairs    []string          // a|b|score
	Targets  string            // planmine targets --format json
	Searches map[string]string // query → sorted hits
}

var storeQueries = []string{"三会一课", "党风廉政建设", "type:plan", "year:2022", "reuse:>=0.1"}

func takeSnap(t *testing.T, root, data string) storeSnap {
	t.Helper()
	var s storeSnap
	db, err := sql.Open("sqlite", "file:"+filepath.Join(root, data, "planmine.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT d.id, d.source, d.part, d.title, d.doc_type, coalesce(d.year,0), coalesce(d.org,''),
		coalesce(d.date,''), d.script, d.text, d.analysis_json, r.score, d.created_at, f.name, f.created_at, f.size
		FROM documents d JOIN files f ON f.sha256=d.file_sha JOIN reuse_state r ON r.id=d.id ORDER BY d.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, source, title, typ, org, date, script, text, created, name, fcreated string
		var part, year, size int
		var analysis []byte
		var score float64
		if err := rows.Scan(&id, &source, &part, &title, &typ, &year, &org, &date, &script, &text, &analysis, &score, &created, &name, &fcreated, &size); err != nil {
			t.Fatal(err)
		}
		textSum := sha256.Sum256([]byte(text))
		anSum := sha256.Sum256(analysis)
		s.Docs = append(s.Docs, fmt.Sprintf("%s|%s|part %d|%s|%s|%d|%s|%s|%s|text %x|analysis %x|reuse %.9f|uploaded %s|file %s uploaded %s size %d",
			id, source, part, title, typ, year, org, date, script, textSum[:6], anSum[:6], score, created, name, fcreated, size))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	prs, err := db.Query(`SELECT a, b, score FROM reuse_pairs ORDER BY a, b`)
	if err != nil {
		t.Fatal(err)
	}
	for prs.Next() {
		var a, b string
		var sc float64
		prs.Scan(&a, &b, &sc)
		s.Pairs = append(s.Pairs, fmt.Sprintf("%s|%s|%.9f", a, b, math.Round(sc*1e9)/1e9))
	}
	prs.Close()
	code, out, stderr := runBin(t, root, 5*time.Minute, "targets", "--data", data, "--format", "json")
	if code != 0 {
		t.Fatalf("targets exit %d: %s", code, clip(stderr, 1000))
	}
	s.Targets = out
	// The searches run in this process (one dictionary load, not one per
	// query), on the stopped data dir, as planmine search runs them.
	ctx := context.Background()
	c, err := local.Open(ctx, filepath.Join(root, data), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatalf("local.Open: %v", err)
	}
	defer c.Close()
	s.Searches = map[string]string{}
	for _, q := range storeQueries {
		res, err := c.Search(ctx, corpus.Query{Q: q, Limit: 500})
		if err != nil {
			t.Fatalf("search %s: %v", q, err)
		}
		s.Searches[q] = searchSet(t, res)
	}
	return s
}

// searchSet is a search answer with its hits sorted by id: hits of equal
// score may come back in either order from a rebuilt index.
func searchSet(t *testing.T, r corpus.SearchResult) string {
	hits := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		hits[i] = string(b)
	}
	sort.Strings(hits)
	facets, _ := json.Marshal(r.Facets)
	return fmt.Sprintf("total %d\n%s\nfacets %s", r.Total, strings.Join(hits, "\n"), facets)
}

// diffSnap names what differs between two snapshots ("" when equal).
func diffSnap(want, got storeSnap) string {
	var d []string
	if !slices.Equal(want.Docs, got.Docs) {
		d = append(d, fmt.Sprintf("documents differ (%d vs %d): %s", len(want.Docs), len(got.Docs), firstDiff(want.Docs, got.Docs)))
	}
	if !slices.Equal(want.Pairs, got.Pairs) {
		d = append(d, fmt.Sprintf("reuse pairs differ (%d vs %d): %s", len(want.Pairs), len(got.Pairs), firstDiff(want.Pairs, got.Pairs)))
	}
	if want.Targets != got.Targets {
		d = append(d, "targets export differs: "+firstDiff(strings.Split(want.Targets, "\n"), strings.Split(got.Targets, "\n")))
	}
	for _, q := range storeQueries {
		if want.Searches[q] != got.Searches[q] {
			d = append(d, fmt.Sprintf("search %q differs: %s", q, firstDiff(strings.Split(want.Searches[q], "\n"), strings.Split(got.Searches[q], "\n"))))
		}
	}
	return strings.Join(d, "; ")
}

func firstDiff(a, b []string) string {
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("first at %d: want %q, got %q", i, clip(x, 300), clip(y, 300))
		}
	}
	return "same lines"
}

// copyTree copies a stopped data dir.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// storeRow damages a copy of the pristine data dir, checks that serve,
// search, targets and ingest refuse it with exit 2 and a message saying
// what to run, recovers it, and compares the result with the pristine
// snapshot. aside checks what the recovery moved aside.
func storeRow(t *testing.T, name string, damage func(t *testing.T, db string), aside func(dir string) error) {
	src, want := pristineDir(t)
	root := t.TempDir()
	copyTree(t, src, root)
	data := filepath.Join(root, "data")
	damage(t, filepath.Join(data, "planmine.db"))
	var bad []string
	refusals := 0
	port := strconv.Itoa(freePort(t))
	for _, args := range [][]string{
		{"serve", "--data", "data", "--addr", "127.0.0.1:" + port},
		{"search", "--data", "data", "三会一课"},
		{"targets", "--data", "data"},
		{"ingest", "--data", "data", "收件箱"},
	} {
		// A serve that refuses does so after loading its dictionary
		// (seconds); one that is still up after 90 s started serving.
		limit := 3 * time.Minute
		if args[0] == "serve" {
			limit = 90 * time.Second
		}
		code, _, stderr := runBin(t, root, limit, args...)
		msg := strings.TrimSpace(stderr[strings.LastIndex(stderr, "错误 (error)")+1:])
		switch {
		case code != 2:
			bad = append(bad, fmt.Sprintf("%s: exit %d, want 2: %s", args[0], code, clip(stderr, 300)))
		case !strings.Contains(stderr, "planmine recover --data data"), !strings.Contains(stderr, "数据库"),
			!strings.Contains(stderr, "(the database") && !strings.Contains(stderr, "fails its integrity check"):
			bad = append(bad, fmt.Sprintf("%s: exit 2 but the message does not say what to run in both languages: %s", args[0], clip(msg, 300)))
		default:
			refusals++
		}
	}
	// Nothing may have been written over the originals or the index.
	if _, err := os.Stat(filepath.Join(data, "index")); err != nil {
		bad = append(bad, "index gone after the refusals: "+err.Error())
	}
	code, out, stderr := runBin(t, root, 10*time.Minute, "recover", "--data", "data")
	if code != 0 {
		bad = append(bad, fmt.Sprintf("recover: exit %d: %s %s", code, clip(out, 500), clip(stderr, 1000)))
	}
	asides, _ := filepath.Glob(filepath.Join(data, "recover-*"))
	if len(asides) != 1 {
		bad = append(bad, fmt.Sprintf("want one moved-aside folder, found %v", asides))
	} else if err := aside(asides[0]); err != nil {
		bad = append(bad, "moved aside: "+err.Error())
	}
	detail := fmt.Sprintf("%d/4 commands refused with exit 2 (serve, search, targets, ingest)", refusals)
	if code == 0 {
		got := takeSnap(t, root, "data")
		if d := diffSnap(want, got); d != "" {
			bad = append(bad, "after recover: "+d)
		} else {
			detail += fmt.Sprintf("; recover: %d documents, %d reuse pairs, targets and %d searches equal to before", len(got.Docs), len(got.Pairs), len(storeQueries))
		}
	}
	if len(bad) > 0 {
		detail += "; " + strings.Join(bad, "; ")
		t.Error(strings.Join(bad, "\n"))
	}
	record("store", name, len(bad) == 0, detail)
}

func fileSHA(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestStoreDeleted: planmine.db deleted while the server was stopped.
func TestStoreDeleted(t *testing.T) {
	storeRow(t, "planmine.db deleted → refuse (exit 2), recover", func(t *testing.T, db string) {
		for _, f := range []string{db, db + "-wal", db + "-shm"} {
			os.Remove(f)
		}
	}, func(dir string) error {
		if _, err := os.Stat(filepath.Join(dir, "index")); err != nil {
			return fmt.Errorf("old index not kept: %v", err)
		}
		return nil
	})
}

// TestStoreTruncated: planmine.db truncated to zero bytes.
func TestStoreTruncated(t *testing.T) {
	storeRow(t, "planmine.db truncated to 0 bytes → refuse (exit 2), recover", func(t *testing.T, db string) {
		if err := os.Truncate(db, 0); err != nil {
			t.Fatal(err)
		}
	}, func(dir string) error {
		if st, err := os.Stat(filepath.Join(dir, "planmine.db")); err != nil || st.Size() != 0 {
			return fmt.Errorf("the truncated database was not kept: %v", err)
		}
		return nil
	})
}

// TestStorePagesDamaged: eight pages in the middle of planmine.db
// overwritten with garbage.
func TestStorePagesDamaged(t *testing.T) {
	var damaged string
	storeRow(t, "planmine.db pages overwritten with garbage → refuse (exit 2), recover", func(t *testing.T, db string) {
		st, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(db, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		garbage := make([]byte, 8*4096)
		x := uint32(2463534242)
		for i := range garbage {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			garbage[i] = byte(x)
		}
		if _, err := f.WriteAt(garbage, st.Size()/2/4096*4096); err != nil {
			t.Fatal(err)
		}
		f.Close()
		damaged = fileSHA(db)
	}, func(dir string) error {
		if got := fileSHA(filepath.Join(dir, "planmine.db")); got != damaged {
			return fmt.Errorf("the damaged database was not kept as it was (%s)", got)
		}
		return nil
	})
}
