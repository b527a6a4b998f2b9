package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

type fixture struct {
	File string         `json:"file"`
	Docs []doc.Document `json:"docs"`
}

// fixtures loads the hand-written documents shared by the corpus tests.
func fixtures(t testing.TB) []fixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	return fs
}

// original stands in for the file bytes: the parts' texts joined.
func original(f fixture) []byte {
	var parts []string
	for _, d := range f.Docs {
		parts = append(parts, d.Text)
	}
	return []byte(strings.Join(parts, "\n\n"))
}

func openLoaded(t *testing.T) (*DB, []fixture, [][]string) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fs := fixtures(t)
	var ids [][]string
	for _, f := range fs {
		res, err := db.Put(ctx, original(f), f.File, f.Docs)
		if err != nil {
			t.Fatalf("put %s: %v", f.File, err)
		}
		if res.Duplicate || len(res.IDs) != len(f.Docs) {
			t.Fatalf("put %s: %+v", f.File, res)
		}
		ids = append(ids, res.IDs)
	}
	return db, fs, ids
}

func TestPutGetRoundTrip(t *testing.T) {
	db, fs, ids := openLoaded(t)
	ctx := context.Background()
	for i, f := range fs {
		for j, want := range f.Docs {
			got, err := db.Get(ctx, ids[i][j])
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != want.Text || got.Title != want.Title || got.Source != f.File {
				t.Errorf("%s: text/title/source not kept: %q %q", ids[i][j], got.Title, got.Source)
			}
			if len(got.Targets) != len(want.Targets) || len(got.Sections) != len(want.Sections) || len(got.People) != len(want.People) {
				t.Errorf("%s: analysis not kept", ids[i][j])
			}
			if got.SHA256 == "" || got.Part != j+1 {
				t.Errorf("%s: sha %q part %d", ids[i][j], got.SHA256, got.Part)
			}
		}
		name, data, err := db.Original(ctx, ids[i][0])
		if err != nil || name != f.File || string(data) != string(original(f)) {
			t.Errorf("original %s: %q %v", f.File, name, err)
		}
	}
	if _, err := db.Get(ctx, "nope"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("missing id: %v", err)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v < 1 {
		t.Errorf("schema version %d %v", v, err)
	}
}

func TestPutIdempotent(t *testing.T) {
	db, fs, ids := openLoaded(t)
	ctx := context.Background()
	n0, _ := db.Count(ctx)
	res, err := db.Put(ctx, original(fs[0]), "另一个名字.txt", fs[0].Docs)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Duplicate || len(res.IDs) != 1 || res.IDs[0] != ids[0][0] {
		t.Fatalf("same bytes not detected: %+v", res)
	}
	if n1, _ := db.Count(ctx); n1 != n0 {
		t.Fatalf("count %d → %d", n0, n1)
	}
	// One byte different is a different file.
	res, err = db.Put(ctx, append(original(fs[0]), '\n'), "x.txt", fs[0].Docs[:1])
	if err != nil || res.Duplicate || res.IDs[0] == ids[0][0] {
		t.Fatalf("changed bytes must be a new document: %+v %v", res, err)
	}
	if _, err := db.Put(ctx, nil, "empty.txt", fs[0].Docs); !errors.Is(err, corpus.ErrInvalid) {
		t.Errorf("empty file: %v", err)
	}
}

func TestDelete(t *testing.T) {
	db, fs, ids := openLoaded(t)
	ctx := context.Background()
	multi := ids[3] // the two-part file
	if err := db.Delete(ctx, multi[0]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Original(ctx, multi[1]); err != nil {
		t.Fatalf("other part lost its original: %v", err)
	}
	// The file's sidecar says the part is gone, so a recovery leaves it out.
	sha := sha256hex(original(fs[3]))
	if m, err := ReadFileMeta(db.dir, sha); err != nil || !slices.Equal(m.DeletedParts, []int{1}) || m.Name != fs[3].File || m.Parts != 2 {
		t.Errorf("sidecar after deleting part 1: %+v %v", m, err)
	}
	if rows, _, _ := db.Targets(ctx, corpus.TargetFilter{DocID: multi[0]}); len(rows) != 0 {
		t.Errorf("targets of deleted doc remain: %d", len(rows))
	}
	if err := db.Delete(ctx, multi[1]); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, multi[1]); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	blobs, _ := Blobs(db.dir)
	if len(blobs) != len(fs)-1 {
		t.Errorf("blobs after deleting a file: %d", len(blobs))
	}
	if _, err := ReadFileMeta(db.dir, sha); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sidecar of a deleted file: %v", err)
	}
	// The same bytes can come back after deletion.
	res, err := db.Put(ctx, original(fs[3]), fs[3].File, fs[3].Docs)
	if err != nil || res.Duplicate {
		t.Fatalf("re-put after delete: %+v %v", res, err)
	}
}

func TestListFilters(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	tests := []struct {
		name string
		f    corpus.ListFilter
		want int
	}{
		{"all", corpus.ListFilter{}, 5},
		{"type plan", corpus.ListFilter{Type: "plan"}, 2},
		{"year", corpus.ListFilter{Year: 2026}, 3},
		{"org traditional query finds traditional org", corpus.ListFilter{Org: "中醫院"}, 1},
		{"org simplified query finds traditional org", corpus.ListFilter{Org: "中医院"}, 1},
		{"q in text, folded", corpus.ListFilter{Q: "三會一課"}, 3},
		{"q with LIKE metachar", corpus.ListFilter{Q: "100%"}, 1},
		{"q no match", corpus.ListFilter{Q: "不存在的词"}, 0},
		{"paging", corpus.ListFilter{Limit: 2, Offset: 4}, 5},
		{"ids", corpus.ListFilter{IDs: []string{ids[0][0], ids[2][0], "no-such-id"}}, 2},
		{"ids and a filter", corpus.ListFilter{IDs: []string{ids[0][0], ids[2][0]}, Q: "不存在的词"}, 0},
	}
	for _, tc := range tests {
		got, total, err := db.List(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if total != tc.want {
			t.Errorf("%s: total %d want %d", tc.name, total, tc.want)
		}
		if tc.f.Limit == 0 && len(got) != total {
			t.Errorf("%s: rows %d total %d", tc.name, len(got), total)
		}
	}
	if err := db.SetReuse(ctx, ids[1][0], 0.8, []byte(`{"pairs":[]}`)); err != nil {
		t.Fatal(err)
	}
	got, total, _ := db.List(ctx, corpus.ListFilter{Sort: corpus.SortReuse, MinReuse: 0.5})
	if total != 1 || got[0].ID != ids[1][0] || got[0].ReuseScore != 0.8 {
		t.Errorf("min_reuse: %+v", got)
	}
	got, _, _ = db.List(ctx, corpus.ListFilter{Q: "20XX"})
	if len(got) != 1 || got[0].Placeholders != 2 {
		t.Errorf("placeholders count: %+v", got)
	}
	if s, js, err := db.Reuse(ctx, ids[1][0]); err != nil || s != 0.8 || string(js) != `{"pairs":[]}` {
		t.Errorf("reuse read back: %v %s %v", s, js, err)
	}
}

func TestTargetFilters(t *testing.T) {
	db, _, _ := openLoaded(t)
	ctx := context.Background()
	f5, f10, f100 := 5.0, 10.0, 100.0
	tests := []struct {
		name string
		f    corpus.TargetFilter
		want int
	}{
		{"all", corpus.TargetFilter{}, 14},
		{"metric simplified finds both scripts", corpus.TargetFilter{Metric: "发展党员"}, 3},
		{"metric traditional", corpus.TargetFilter{Metric: "發展黨員"}, 3},
		{"unit 次", corpus.TargetFilter{Unit: "次"}, 5},
		{"cmp >=", corpus.TargetFilter{Cmp: ">="}, 7},
		{"min 5", corpus.TargetFilter{Min: &f5}, 8},
		{"range 3..5 overlaps [5,5]", corpus.TargetFilter{Min: &f5, Max: &f5, Unit: "个"}, 1},
		{"5..10", corpus.TargetFilter{Min: &f5, Max: &f10}, 3},
		{"max 100 %", corpus.TargetFilter{Max: &f100, Unit: "%"}, 2},
		{"kind achieved", corpus.TargetFilter{Kind: "achieved"}, 3},
		{"period 每季度", corpus.TargetFilter{Period: "每季度"}, 2},
		{"year 2025", corpus.TargetFilter{Year: 2025}, 4},
		{"years 2025 or 2026", corpus.TargetFilter{Years: []int{2025, 2026}}, 11},
		{"years with year", corpus.TargetFilter{Years: []int{2025, 2026}, Year: 2026}, 7},
		{"years none stored", corpus.TargetFilter{Years: []int{1999}}, 0},
		{"doc ids none stored", corpus.TargetFilter{DocIDs: []string{"nope", "nix"}}, 0},
		{"doc type", corpus.TargetFilter{DocType: "scheme"}, 3},
		{"org", corpus.TargetFilter{Org: "妇幼"}, 3},
	}
	for _, tc := range tests {
		got, total, err := db.Targets(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if total != tc.want || len(got) != tc.want {
			t.Errorf("%s: total %d rows %d want %d", tc.name, total, len(got), tc.want)
		}
	}
	rows, _, _ := db.Targets(ctx, corpus.TargetFilter{Unit: "个"})
	if len(rows) != 1 || rows[0].ValueMax == nil || *rows[0].ValueMax != 5 || rows[0].Deadline == nil || rows[0].Org == nil {
		t.Errorf("range target fields: %+v", rows)
	}
	// DocIDs keeps the targets of the documents named.
	some, _, _ := db.Targets(ctx, corpus.TargetFilter{Limit: -1})
	ids := []string{some[0].DocID, some[len(some)-1].DocID}
	want := 0
	for _, r := range some {
		if r.DocID == ids[0] || r.DocID == ids[1] {
			want++
		}
	}
	if got, n, err := db.Targets(ctx, corpus.TargetFilter{DocIDs: ids, Limit: -1}); err != nil || n != want || len(got) != want {
		t.Errorf("doc ids %v: %d rows, total %d, want %d (%v)", ids, len(got), n, want, err)
	}
	// The part of a multi-document file comes with the row (the source-file column).
	rows, _, _ = db.Targets(ctx, corpus.TargetFilter{Years: []int{2026}, DocType: "scheme"})
	parts := map[int]int{}
	for _, r := range rows {
		parts[r.Part]++
	}
	if parts[1] != 2 || parts[2] != 1 {
		t.Errorf("parts of the scheme compilation: %v, want part 1 twice and part 2 once", parts)
	}
	rows, _, _ = db.Targets(ctx, corpus.TargetFilter{Metric: "党课", Period: "每季度"})
	if len(rows) != 1 || len(rows[0].Section) != 2 || rows[0].Year == nil || *rows[0].Year != 2026 {
		t.Errorf("section/year: %+v", rows)
	}
}

func TestSlogansFolded(t *testing.T) {
	db, _, _ := openLoaded(t)
	got, err := db.Slogans(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]int{}
	for _, s := range got {
		docs[s.Text] += s.Docs
	}
	// 三會一課 (Traditional, quoted) and 三会一课 (formula, twice) are one slogan folded.
	if docs["三会一课"] != 3 || docs["三會一課"] != 0 {
		t.Errorf("slogans: %+v", got)
	}
}

func TestReusePairs(t *testing.T) {
	db, _, ids := openLoaded(t)
	ctx := context.Background()
	a, b := ids[0][0], ids[1][0]
	if err := db.PutReusePairs(ctx, []corpus.ReusePair{{A: b, B: a, Score: 0.4, Row: &corpus.PairRow{Longest: 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutReusePairs(ctx, []corpus.ReusePair{{A: a, B: b, Score: 0.6, Row: &corpus.PairRow{Longest: 2}}}); err != nil {
		t.Fatal(err)
	}
	ps, err := db.ReusePairs(ctx, a)
	if err != nil || len(ps) != 1 || ps[0].Score != 0.6 || ps[0].A != a || ps[0].Row == nil || ps[0].Row.Longest != 2 {
		t.Fatalf("pair upsert: %+v %v", ps, err)
	}
	if err := db.Delete(ctx, b); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.ReusePairs(ctx, ""); len(ps) != 0 {
		t.Errorf("pair outlived its document: %+v", ps)
	}
	if err := db.PutReusePairs(ctx, []corpus.ReusePair{{A: a, B: "ghost", Score: 1}}); err == nil {
		t.Errorf("foreign keys not enforced")
	}
}

func TestAllAndReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures(t) {
		if _, err := db.Put(ctx, original(f), f.File, f.Docs); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = Open(ctx, dir) // migrations must not re-run
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	if err := db.All(ctx, func(d doc.Document) error {
		if d.Text == "" || d.ID == "" {
			t.Errorf("All gave an empty document")
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Count(ctx); n != 5 || c != 5 {
		t.Errorf("All %d Count %d", n, c)
	}
}

// TestConcurrentReadWrite runs readers while one writer ingests (go test -race).
func TestConcurrentReadWrite(t *testing.T) {
	db, fs, _ := openLoaded(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, _, err := db.List(ctx, corpus.ListFilter{Q: "党员"}); err != nil {
					t.Error(err)
					return
				}
				if _, _, err := db.Targets(ctx, corpus.TargetFilter{Unit: "名"}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	base := fs[0].Docs[0]
	for i := 0; i < 40; i++ {
		d := base
		d.ID = ""
		d.Title = base.Title + strings.Repeat("·", i)
		if _, err := db.Put(ctx, []byte(d.Title), "gen.txt", []doc.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if n, _ := db.Count(ctx); n != 45 {
		t.Errorf("count %d", n)
	}
}

// BenchmarkPut measures one durable Put (blob fsync + WAL commit) per op.
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	d := fixtures(b)[0].Docs[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data := []byte(d.Text + strings.Repeat("。", i%50) + string(rune(0x4E00+i%20000)) + string(rune(0x4E00+i/20000)))
		if _, err := db.Put(ctx, data, "bench.txt", []doc.Document{d}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriterCache checks that the writer connection has its larger page
// cache and the readers keep SQLite's default.
func TestWriterCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var w, r int
	if err := db.w.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&w); err != nil {
		t.Fatal(err)
	}
	if err := db.r.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&r); err != nil {
		t.Fatal(err)
	}
	if w != -writerCacheKiB || r != -2000 {
		t.Fatalf("cache_size: writer %d, reader %d; want %d and -2000", w, r, -writerCacheKiB)
	}
}

// TestPageSize checks that a new store gets pageSize pages in WAL mode,
// and that a store made with SQLite's default 4 KiB pages keeps them and
// still opens, reads and takes documents.
func TestPageSize(t *testing.T) {
	ctx := context.Background()
	pragma := func(db *DB, name string) string {
		t.Helper()
		var v string
		if err := db.r.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	db, fs, _ := openLoaded(t)
	if got := pragma(db, "page_size"); got != "16384" {
		t.Errorf("new store: page size %s, want 16384", got)
	}
	if got := pragma(db, "journal_mode"); got != "wal" {
		t.Errorf("new store: journal mode %s, want wal", got)
	}

	// A 4 KiB store as the previous version made it.
	dir := t.TempDir()
	old, err := sql.Open("sqlite", "file:"+filepath.Join(dir, DBName)+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, "CREATE TABLE t(x)"); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db4, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db4.Close()
	if got := pragma(db4, "page_size"); got != "4096" {
		t.Errorf("existing store: page size %s, want its 4096 kept", got)
	}
	f := fs[0]
	res, err := db4.Put(ctx, original(f), f.File, f.Docs)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := db4.Get(ctx, res.IDs[0]); err != nil || d.Text != f.Docs[0].Text {
		t.Fatalf("get from the 4 KiB store: %v", err)
	}
}
