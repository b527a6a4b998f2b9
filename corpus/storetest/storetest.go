package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Run runs the conformance suite; open returns a new empty store for each
// case (closing it is open's business, e.g. with t.Cleanup). It skips in
// -short mode: scripts/test.sh runs it in the full pass, and its minutes
// under the race detector would find no race a backend's own concurrency
// tests miss.
func Run(t *testing.T, open func(t *testing.T) corpus.Store) {
	if testing.Short() {
		t.Skip("the conformance suite runs without -short")
	}
	files := Files(t)
	cases := []struct {
		name string
		fn   func(*testing.T, *world)
	}{
		{"Put", testPut},
		{"PutFiles", testPutFiles},
		{"Get", testGet},
		{"Original", testOriginal},
		{"Delete", testDelete},
		{"List", testList},
		{"Targets", testTargets},
		{"Slogans", testSlogans},
		{"Reuse", testReuse},
		{"ReusePairs", testReusePairs},
		{"SetReuses", testSetReuses},
		{"ReplaceReuse", testReplaceReuse},
		{"Texts", testTexts},
		{"All", testAll},
		{"IDsCount", testIDsCount},
	}
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open(t)) })
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.fn(t, load(t, open(t), files))
		})
	}
}

// world is a store holding files, put one after another in order, and
// what the suite expects of it.
type world struct {
	s     corpus.Store
	ctx   context.Context
	files []File
	ids   [][]string              // per file, in part order
	docs  []doc.Document          // every stored document, in put order
	file  map[string]int          // document id → index of its file
	byID  map[string]doc.Document // as Get should return it
	score map[string]float64      // reuse scores the case set
}

func load(t *testing.T, s corpus.Store, files []File) *world {
	t.Helper()
	w := &world{s: s, ctx: context.Background(), files: files, file: map[string]int{},
		byID: map[string]doc.Document{}, score: map[string]float64{}}
	for i, f := range files {
		res, err := s.Put(w.ctx, f.Data, f.Name, f.Docs)
		if err != nil {
			t.Fatalf("put %s: %v", f.Name, err)
		}
		if res.Duplicate || len(res.IDs) != len(f.Docs) {
			t.Fatalf("put %s: %+v, want %d new ids", f.Name, res, len(f.Docs))
		}
		w.ids = append(w.ids, res.IDs)
		for j := range f.Docs {
			d := Stored(f, j)
			if res.IDs[j] != d.ID {
				t.Fatalf("put %s part %d: id %s, want %s", f.Name, j+1, res.IDs[j], d.ID)
			}
			w.docs = append(w.docs, d)
			w.file[d.ID] = i
			w.byID[d.ID] = d
		}
	}
	return w
}

// sortedIDs is every stored id in byte order.
func (w *world) sortedIDs() []string {
	ids := slices.Collect(maps.Keys(w.byID))
	slices.Sort(ids)
	return ids
}

// multiPart is the index of the file with the most parts.
func (w *world) multiPart() int {
	best := 0
	for i, f := range w.files {
		if len(f.Docs) > len(w.files[best].Docs) {
			best = i
		}
	}
	return best
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// contains is the stores' substring match: both sides script-folded,
// ASCII letters matched without case (SQLite's LIKE), nothing else special.
func contains(hay, needle string) bool {
	return strings.Contains(asciiLower(fold.Text(hay)), asciiLower(fold.Text(needle)))
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func diffIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	n := 0
	for n < len(got) && n < len(want) && got[n] == want[n] {
		n++
	}
	t.Errorf("%s: %d ids, want %d; first difference at %d: got %v, want %v", what, len(got), len(want), n,
		got[n:min(n+3, len(got))], want[n:min(n+3, len(want))])
}

func testEmpty(t *testing.T, s corpus.Store) {
	ctx := context.Background()
	if n, err := s.Count(ctx); err != nil || n != 0 {
		t.Errorf("Count = %d, %v", n, err)
	}
	if ids, err := s.IDs(ctx); err != nil || len(ids) != 0 {
		t.Errorf("IDs = %v, %v", ids, err)
	}
	// Empty lists are [] in the API's JSON, never null.
	if l, n, err := s.List(ctx, corpus.ListFilter{}); err != nil || l == nil || len(l) != 0 || n != 0 {
		t.Errorf("List = %v, %d, %v", l, n, err)
	}
	if l, n, err := s.Targets(ctx, corpus.TargetFilter{}); err != nil || l == nil || len(l) != 0 || n != 0 {
		t.Errorf("Targets = %v, %d, %v", l, n, err)
	}
	if l, err := s.Slogans(ctx); err != nil || l == nil || len(l) != 0 {
		t.Errorf("Slogans = %v, %v", l, err)
	}
	if l, err := s.ReusePairs(ctx, ""); err != nil || l == nil || len(l) != 0 {
		t.Errorf("ReusePairs = %v, %v", l, err)
	}
	if l, n, err := s.ReusePairPage(ctx, 0, 0, 10); err != nil || l == nil || len(l) != 0 || n != 0 {
		t.Errorf("ReusePairPage = %v, %d, %v", l, n, err)
	}
	if m, err := s.ReuseScores(ctx); err != nil || len(m) != 0 {
		t.Errorf("ReuseScores = %v, %v", m, err)
	}
	if m, err := s.Texts(ctx, []string{"x-1"}); err != nil || len(m) != 0 {
		t.Errorf("Texts = %v, %v", m, err)
	}
	if err := s.All(ctx, func(d doc.Document) error { return fmt.Errorf("called for %s", d.ID) }); err != nil {
		t.Errorf("All: %v", err)
	}
	if err := s.SetReuses(ctx, nil, nil); err != nil {
		t.Errorf("SetReuses of nothing: %v", err)
	}
}

func testPut(t *testing.T, w *world) {
	f := w.files[0]
	if _, err := w.s.Put(w.ctx, nil, "empty.txt", f.Docs); !errors.Is(err, corpus.ErrInvalid) {
		t.Errorf("empty file: %v, want ErrInvalid", err)
	}
	if _, err := w.s.Put(w.ctx, []byte("bytes"), "nodocs.txt", nil); !errors.Is(err, corpus.ErrInvalid) {
		t.Errorf("no documents: %v, want ErrInvalid", err)
	}
	n0, _ := w.s.Count(w.ctx)
	if n0 != len(w.docs) {
		t.Fatalf("Count %d after putting %d documents", n0, len(w.docs))
	}
	// The same bytes under another name and with other documents are the
	// same file: its ids, Duplicate, nothing stored.
	for i, f := range w.files {
		res, err := w.s.Put(w.ctx, f.Data, "另一个名字.txt", w.files[(i+1)%len(w.files)].Docs)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Duplicate || !slices.Equal(res.IDs, w.ids[i]) {
			t.Errorf("%s again: %+v, want Duplicate and %v", f.Name, res, w.ids[i])
		}
	}
	if n, _ := w.s.Count(w.ctx); n != n0 {
		t.Errorf("Count %d → %d after duplicates", n0, n)
	}
	if name, _, err := w.s.Original(w.ctx, w.ids[0][0]); err != nil || name != f.Name {
		t.Errorf("duplicate renamed the original: %q %v", name, err)
	}
	// One byte more is another file.
	res, err := w.s.Put(w.ctx, append(slices.Clip(f.Data), '\n'), "x.txt", f.Docs[:1])
	if err != nil || res.Duplicate || len(res.IDs) != 1 || res.IDs[0] == w.ids[0][0] {
		t.Errorf("changed bytes: %+v %v, want a new document", res, err)
	}
	// Ids and parts the reader set are kept.
	d := f.Docs[0]
	d.ID, d.Part, d.Source = "given-id", 7, "given/source.txt"
	res, err = w.s.Put(w.ctx, []byte("其他字节"), "y.txt", []doc.Document{d})
	if err != nil || !slices.Equal(res.IDs, []string{"given-id"}) {
		t.Fatalf("reader id: %+v %v", res, err)
	}
	if got, err := w.s.Get(w.ctx, "given-id"); err != nil || got.Part != 7 || got.Source != "given/source.txt" {
		t.Errorf("reader id, part and source not kept: %+v %v", got, err)
	}
}

// variant is f with other bytes (so another file) and a copy of its
// documents without ids.
func variant(f File, name, tag string) File {
	docs := slices.Clone(f.Docs)
	for i := range docs {
		docs[i].ID = ""
	}
	return File{Name: name, Data: append(slices.Clip(f.Data), []byte("\n"+tag)...), Docs: docs}
}

func testPutFiles(t *testing.T, w *world) {
	if res, errs, err := w.s.PutFiles(w.ctx, nil); err != nil || len(res) != 0 || len(errs) != 0 {
		t.Errorf("empty batch: %v %v %v", res, errs, err)
	}
	n0, _ := w.s.Count(w.ctx)
	a := variant(w.files[w.multiPart()], "批次甲.docx", "批次甲")
	b := variant(w.files[0], "批次乙.txt", "批次乙")
	c := variant(w.files[1], "批次丙.txt", "批次丙")
	// r's bytes are new but its document takes an id already stored: the
	// store refuses it, and only it.
	taken := w.ids[1][0]
	r := variant(w.files[2], "批次冲突.txt", "批次冲突")
	r.Docs = r.Docs[:1]
	r.Docs[0].ID = taken
	batch := []File{
		a,
		{Name: "批次重复.txt", Data: w.files[0].Data, Docs: w.files[0].Docs}, // stored before
		{Name: "空.txt", Data: nil, Docs: b.Docs},                         // invalid
		{Name: "批次甲-又一次.docx", Data: a.Data, Docs: a.Docs},               // a again, same batch
		r,
		{Name: "无文档.txt", Data: []byte("没有文档"), Docs: nil}, // invalid
		b,
		c,
	}
	in := make([]corpus.File, len(batch))
	for i, f := range batch {
		in[i] = corpus.File{Name: f.Name, Original: f.Data, Docs: f.Docs}
	}
	res, errs, err := w.s.PutFiles(w.ctx, in)
	if err != nil {
		t.Fatalf("batch: %v", err)
	}
	if len(res) != len(batch) || len(errs) != len(batch) {
		t.Fatalf("batch of %d: %d results, %d errors", len(batch), len(res), len(errs))
	}
	for _, k := range []int{0, 6, 7} {
		f := batch[k]
		if errs[k] != nil || res[k].Duplicate || len(res[k].IDs) != len(f.Docs) {
			t.Errorf("new file %s: %+v %v, want %d new ids", f.Name, res[k], errs[k], len(f.Docs))
			continue
		}
		for j, id := range res[k].IDs {
			want := Stored(f, j)
			if id != want.ID {
				t.Errorf("%s part %d: id %s, want %s", f.Name, j+1, id, want.ID)
			}
			got, err := w.s.Get(w.ctx, id)
			if err != nil {
				t.Errorf("Get %s: %v", id, err)
			} else if g, e := jsonOf(got), jsonOf(want); g != e {
				t.Errorf("Get %s: analysis not kept:\n got %.300s…\nwant %.300s…", id, g, e)
			}
			if name, data, err := w.s.Original(w.ctx, id); err != nil || name != f.Name || string(data) != string(f.Data) {
				t.Errorf("Original %s: %q, %d bytes, %v; want %q, %d bytes", id, name, len(data), err, f.Name, len(f.Data))
			}
		}
	}
	if errs[1] != nil || !res[1].Duplicate || !slices.Equal(res[1].IDs, w.ids[0]) {
		t.Errorf("file stored before: %+v %v, want Duplicate %v", res[1], errs[1], w.ids[0])
	}
	for _, k := range []int{2, 5} {
		if !errors.Is(errs[k], corpus.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", batch[k].Name, errs[k])
		}
	}
	if errs[3] != nil || !res[3].Duplicate || !slices.Equal(res[3].IDs, res[0].IDs) {
		t.Errorf("a file twice in a batch: %+v %v, want Duplicate %v", res[3], errs[3], res[0].IDs)
	}
	if name, _, err := w.s.Original(w.ctx, res[0].IDs[0]); err != nil || name != a.Name {
		t.Errorf("the batch's second copy renamed the first: %q %v", name, err)
	}
	if errs[4] == nil || errors.Is(errs[4], corpus.ErrInvalid) {
		t.Errorf("a document id already taken: %+v %v, want the store's refusal", res[4], errs[4])
	}
	if got, err := w.s.Get(w.ctx, taken); err != nil || got.Source != w.byID[taken].Source || got.SHA256 != w.byID[taken].SHA256 {
		t.Errorf("the refused file touched %s: %+v %v", taken, got, err)
	}
	added := len(a.Docs) + len(b.Docs) + len(c.Docs)
	if n, _ := w.s.Count(w.ctx); n != n0+added {
		t.Errorf("Count %d after the batch, want %d", n, n0+added)
	}
	ids, err := w.s.IDs(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := w.sortedIDs()
	for _, k := range []int{0, 6, 7} {
		want = append(want, res[k].IDs...)
	}
	slices.Sort(want)
	diffIDs(t, "IDs after the batch", ids, want)
	// Nothing of the refused file stayed: its bytes are a new file.
	r.Docs[0].ID = ""
	res1, err := w.s.Put(w.ctx, r.Data, r.Name, r.Docs)
	if err != nil || res1.Duplicate || !slices.Equal(res1.IDs, []string{r.DocID(1)}) {
		t.Errorf("the refused file's bytes again: %+v %v, want new %s", res1, err, r.DocID(1))
	}
	// A batch of files all stored before is all duplicates.
	again := []corpus.File{in[7], in[0]}
	res2, errs, err := w.s.PutFiles(w.ctx, again)
	if err != nil || errors.Join(errs...) != nil || !res2[0].Duplicate || !res2[1].Duplicate ||
		!slices.Equal(res2[0].IDs, res[7].IDs) || !slices.Equal(res2[1].IDs, res[0].IDs) {
		t.Errorf("a batch stored before: %+v %v %v, want Duplicates %v %v", res2, errs, err, res[7].IDs, res[0].IDs)
	}
	if n, _ := w.s.Count(w.ctx); n != n0+added+1 {
		t.Errorf("Count %d at the end, want %d", n, n0+added+1)
	}
}

func testGet(t *testing.T, w *world) {
	for _, want := range w.docs {
		got, err := w.s.Get(w.ctx, want.ID)
		if err != nil {
			t.Fatalf("Get %s: %v", want.ID, err)
		}
		if g, e := jsonOf(got), jsonOf(want); g != e {
			t.Errorf("Get %s: analysis not kept:\n got %.300s…\nwant %.300s…", want.ID, g, e)
		}
	}
	if _, err := w.s.Get(w.ctx, "nope-1"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Get missing: %v, want ErrNotFound", err)
	}
}

func testOriginal(t *testing.T, w *world) {
	for i, f := range w.files {
		for _, id := range w.ids[i] {
			name, data, err := w.s.Original(w.ctx, id)
			if err != nil || name != f.Name || string(data) != string(f.Data) {
				t.Errorf("Original %s: %q, %d bytes, %v; want %q, %d bytes", id, name, len(data), err, f.Name, len(f.Data))
			}
		}
	}
	if _, _, err := w.s.Original(w.ctx, "nope-1"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Original missing: %v, want ErrNotFound", err)
	}
}

func testDelete(t *testing.T, w *world) {
	mp := w.multiPart()
	f, ids := w.files[mp], w.ids[mp]
	if len(ids) < 3 {
		t.Fatalf("no file with 3 parts or more")
	}
	other := w.ids[(mp+1)%len(w.files)][0]
	if err := w.s.PutReusePairs(w.ctx, []corpus.ReusePair{
		{A: ids[0], B: other, Score: 0.5}, {A: ids[1], B: other, Score: 0.4}}); err != nil {
		t.Fatal(err)
	}
	if err := w.s.Delete(w.ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Get(w.ctx, ids[0]); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Get deleted: %v", err)
	}
	if err := w.s.Delete(w.ctx, ids[0]); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Delete twice: %v, want ErrNotFound", err)
	}
	if name, data, err := w.s.Original(w.ctx, ids[1]); err != nil || name != f.Name || string(data) != string(f.Data) {
		t.Errorf("the file went with one of its parts: %q %v", name, err)
	}
	if n, _ := w.s.Count(w.ctx); n != len(w.docs)-1 {
		t.Errorf("Count %d, want %d", n, len(w.docs)-1)
	}
	pairs, err := w.s.ReusePairs(w.ctx, "")
	if err != nil || len(pairs) != 1 || pairs[0].A != min(ids[1], other) {
		t.Errorf("pairs after delete: %+v %v, want only the pair of %s", pairs, err, ids[1])
	}
	if rows, n, err := w.s.Targets(w.ctx, corpus.TargetFilter{DocID: ids[0]}); err != nil || n != 0 || len(rows) != 0 {
		t.Errorf("targets of a deleted document: %d %v", n, err)
	}
	if l, n, err := w.s.List(w.ctx, corpus.ListFilter{IDs: ids[:1]}); err != nil || n != 0 || len(l) != 0 {
		t.Errorf("List of a deleted document: %d %v", n, err)
	}
	// The file's bytes again: its remaining parts.
	res, err := w.s.Put(w.ctx, f.Data, f.Name, f.Docs)
	if err != nil || !res.Duplicate || !slices.Equal(res.IDs, ids[1:]) {
		t.Errorf("put after deleting a part: %+v %v, want Duplicate %v", res, err, ids[1:])
	}
	for _, id := range ids[1:] {
		if err := w.s.Delete(w.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := w.s.Original(w.ctx, ids[1]); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Original after the last part: %v", err)
	}
	// The file is gone with its last part: the same bytes are new again.
	res, err = w.s.Put(w.ctx, f.Data, "重新上传.docx", f.Docs)
	if err != nil || res.Duplicate || !slices.Equal(res.IDs, ids) {
		t.Errorf("put after deleting every part: %+v %v, want new %v", res, err, ids)
	}
	if name, data, err := w.s.Original(w.ctx, ids[0]); err != nil || name != "重新上传.docx" || string(data) != string(f.Data) {
		t.Errorf("Original after putting again: %q %v", name, err)
	}
	// A single-part file.
	one := w.ids[0][0]
	if len(w.ids[0]) != 1 {
		t.Fatalf("file 0 has %d parts", len(w.ids[0]))
	}
	if err := w.s.Delete(w.ctx, one); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.s.Original(w.ctx, one); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Original of a deleted single-part file: %v", err)
	}
	if n, _ := w.s.Count(w.ctx); n != len(w.docs)-1 {
		t.Errorf("Count %d, want %d", n, len(w.docs)-1)
	}
}

// summary is the list row the store should give d.
func (w *world) summary(d doc.Document) corpus.DocSummary {
	return corpus.DocSummary{ID: d.ID, Source: d.Source, Part: d.Part, Title: d.Title,
		DocType: orDefault(d.DocType, doc.TypeOther), Year: d.Year, Org: d.Org,
		ReuseScore: w.score[d.ID], Placeholders: len(d.Placeholders)}
}

// listOracle filters and sorts the stored documents as List should.
func (w *world) listOracle(f corpus.ListFilter) []corpus.DocSummary {
	var out []corpus.DocSummary
	for _, d := range w.docs {
		switch {
		case f.Type != "" && orDefault(d.DocType, doc.TypeOther) != f.Type,
			f.Year != 0 && (d.Year == nil || *d.Year != f.Year),
			f.Org != "" && (d.Org == nil || !contains(*d.Org, f.Org)),
			f.Q != "" && !contains(d.Title, f.Q) && !contains(d.Text, f.Q),
			f.MinReuse > 0 && w.score[d.ID] < f.MinReuse,
			len(f.IDs) > 0 && !slices.Contains(f.IDs, d.ID):
			continue
		}
		out = append(out, w.summary(d))
	}
	byID := func(a, b corpus.DocSummary) int { return strings.Compare(a.ID, b.ID) }
	slices.SortStableFunc(out, func(a, b corpus.DocSummary) int {
		switch f.Sort {
		case corpus.SortReuse:
			return cmp.Or(cmp.Compare(b.ReuseScore, a.ReuseScore), byID(a, b))
		case corpus.SortYear: // newest first, no year last
			ya, yb := -1, -1
			if a.Year != nil {
				ya = *a.Year
			}
			if b.Year != nil {
				yb = *b.Year
			}
			return cmp.Or(cmp.Compare(yb, ya), byID(a, b))
		case corpus.SortTitle:
			return cmp.Or(strings.Compare(a.Title, b.Title), byID(a, b))
		}
		// Newest first: later files first, a file's parts by id.
		return cmp.Or(cmp.Compare(w.file[b.ID], w.file[a.ID]), byID(a, b))
	})
	return out
}

func summaryIDs(l []corpus.DocSummary) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = s.ID
	}
	return out
}

func testList(t *testing.T, w *world) {
	// Scores with ties, for the reuse sort and MinReuse.
	var ups []corpus.ReuseUpdate
	for i, d := range w.docs {
		s := float64(i%4) / 4
		w.score[d.ID] = s
		ups = append(ups, corpus.ReuseUpdate{DocID: d.ID, Score: s})
	}
	if err := w.s.SetReuses(w.ctx, ups, nil); err != nil {
		t.Fatal(err)
	}
	check := func(name string, f corpus.ListFilter, want []corpus.DocSummary) {
		t.Helper()
		got, total, err := w.s.List(w.ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if total != len(want) {
			t.Errorf("%s: total %d, want %d", name, total, len(want))
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 50
		}
		page := want[min(f.Offset, len(want)):min(f.Offset+limit, len(want))]
		diffIDs(t, name, summaryIDs(got), summaryIDs(page))
		if g, e := jsonOf(got), jsonOf(page); len(page) > 0 && g != e && slices.Equal(summaryIDs(got), summaryIDs(page)) {
			t.Errorf("%s: rows differ:\n got %.400s\nwant %.400s", name, g, e)
		}
	}
	all := w.listOracle(corpus.ListFilter{})
	if len(all) <= 50 {
		t.Fatalf("only %d documents: the default page of 50 is not tested", len(all))
	}
	check("default", corpus.ListFilter{}, all)
	for off := 0; off < len(all)+7; off += 7 {
		check(fmt.Sprintf("offset %d", off), corpus.ListFilter{Offset: off, Limit: 7}, all)
	}
	for _, s := range []string{corpus.SortCreated, corpus.SortReuse, corpus.SortYear, corpus.SortTitle} {
		f := corpus.ListFilter{Sort: s, Limit: 1000}
		check("sort "+s, f, w.listOracle(f))
	}
	seen := map[string]bool{}
	for _, d := range w.docs {
		if !seen[d.DocType] {
			seen[d.DocType] = true
			f := corpus.ListFilter{Type: d.DocType, Limit: 1000}
			check("type "+d.DocType, f, w.listOracle(f))
		}
	}
	for _, y := range []int{2025, 2026, 2024} {
		f := corpus.ListFilter{Year: y, Sort: corpus.SortTitle}
		check(fmt.Sprint("year ", y), f, w.listOracle(f))
	}
	// Substrings match across scripts, full-width and half-width, and ASCII
	// case; % and _ are plain characters.
	for _, q := range []string{"医院", "醫院", "中醫院黨", "中医院党", "人民政府", "广东", "廣東", "GDP", "gdp", "ＧＤＰ",
		"%", "_", "5%", "CPI", "二〇", "党建", "黨建", "2026年"} {
		f := corpus.ListFilter{Org: q, Limit: 1000}
		check("org "+q, f, w.listOracle(f))
		f = corpus.ListFilter{Q: q, Limit: 1000}
		check("q "+q, f, w.listOracle(f))
	}
	if n := len(w.listOracle(corpus.ListFilter{Q: "黨建"})); n < 2 {
		t.Errorf("the oracle finds %d documents for 黨建: the folding test is void", n)
	}
	if n := len(w.listOracle(corpus.ListFilter{Q: "gdp"})); n < 1 {
		t.Errorf("the oracle finds %d documents for gdp: the case test is void", n)
	}
	ids := []string{w.docs[3].ID, w.docs[0].ID, "nope-1", w.docs[len(w.docs)-1].ID}
	check("ids", corpus.ListFilter{IDs: ids}, w.listOracle(corpus.ListFilter{IDs: ids}))
	for _, f := range []corpus.ListFilter{
		{MinReuse: 0.5, Sort: corpus.SortReuse, Limit: 1000},
		{MinReuse: 0.75, Type: doc.TypeReport},
		{Type: doc.TypePlan, Year: 2026, Q: "医院", Sort: corpus.SortYear},
		{Q: "目标", Offset: 5, Limit: 5, Sort: corpus.SortTitle},
		{Q: "没有这样的文字"},
	} {
		check(fmt.Sprintf("%+v", f), f, w.listOracle(f))
	}
}

// targetOracle is every target of the stored documents matching f, in
// the stores' order: documents as put (oldest first, a file's parts by
// id), then the targets' order in the document.
func (w *world) targetOracle(f corpus.TargetFilter) []corpus.TargetRow {
	docs := slices.Clone(w.docs)
	slices.SortStableFunc(docs, func(a, b doc.Document) int {
		return cmp.Or(cmp.Compare(w.file[a.ID], w.file[b.ID]), strings.Compare(a.ID, b.ID))
	})
	var out []corpus.TargetRow
	for _, d := range docs {
		dt := orDefault(d.DocType, doc.TypeOther)
		switch {
		case f.Year != 0 && (d.Year == nil || *d.Year != f.Year),
			len(f.Years) > 0 && (d.Year == nil || !slices.Contains(f.Years, *d.Year)),
			f.Org != "" && (d.Org == nil || !contains(*d.Org, f.Org)),
			f.DocType != "" && dt != f.DocType,
			f.DocID != "" && d.ID != f.DocID,
			len(f.DocIDs) > 0 && !slices.Contains(f.DocIDs, d.ID):
			continue
		}
		for _, tg := range d.Targets {
			top := tg.Value
			if tg.ValueMax != nil {
				top = *tg.ValueMax
			}
			switch {
			case f.Metric != "" && !contains(tg.Metric, f.Metric),
				f.Unit != "" && tg.Unit != f.Unit,
				f.Cmp != "" && tg.Cmp != f.Cmp,
				f.Min != nil && top < *f.Min,
				f.Max != nil && tg.Value > *f.Max,
				f.Period != "" && (tg.Period == nil || *tg.Period != f.Period),
				f.Kind != "" && tg.Kind != f.Kind:
				continue
			}
			if tg.Section == nil {
				tg.Section = []string{}
			}
			out = append(out, corpus.TargetRow{Target: tg, DocID: d.ID, Source: d.Source, Part: d.Part,
				Title: d.Title, Org: d.Org, Year: d.Year, DocType: dt})
		}
	}
	return out
}

func targetKeys(rows []corpus.TargetRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s@%d-%d", r.DocID, r.Start, r.End)
	}
	return out
}

func testTargets(t *testing.T, w *world) {
	check := func(name string, f corpus.TargetFilter) int {
		t.Helper()
		want := w.targetOracle(f)
		got, total, err := w.s.Targets(w.ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if total != len(want) {
			t.Errorf("%s: total %d, want %d", name, total, len(want))
		}
		limit := f.Limit
		if limit == 0 {
			limit = 100
		} else if limit < 0 {
			limit = len(want)
		}
		page := want[min(f.Offset, len(want)):min(f.Offset+limit, len(want))]
		diffIDs(t, name, targetKeys(got), targetKeys(page))
		if g, e := jsonOf(got), jsonOf(page); len(page) > 0 && g != e && slices.Equal(targetKeys(got), targetKeys(page)) {
			for i := range got {
				if g, e := jsonOf(got[i]), jsonOf(page[i]); g != e {
					t.Errorf("%s: row %d differs:\n got %s\nwant %s", name, i, g, e)
					break
				}
			}
		}
		return len(want)
	}
	all := w.targetOracle(corpus.TargetFilter{})
	if len(all) < 1000 {
		t.Fatalf("only %d targets", len(all))
	}
	check("default", corpus.TargetFilter{})
	check("all", corpus.TargetFilter{Limit: -1})
	check("page", corpus.TargetFilter{Offset: 250, Limit: 30})
	check("past the end", corpus.TargetFilter{Offset: len(all) + 1, Limit: 10})
	units, cmps, periods := map[string]int{}, map[string]int{}, map[string]int{}
	ranged := 0
	for _, r := range all {
		units[r.Unit]++
		cmps[r.Cmp]++
		if r.Period != nil {
			periods[*r.Period]++
		}
		if r.ValueMax != nil {
			ranged++
		}
	}
	if ranged == 0 {
		t.Errorf("no range target: Min on value_max is not tested")
	}
	for u := range units {
		check("unit "+u, corpus.TargetFilter{Unit: u, Limit: -1})
	}
	for c := range cmps {
		check("cmp "+c, corpus.TargetFilter{Cmp: c, Limit: -1})
	}
	for p := range periods {
		check("period "+p, corpus.TargetFilter{Period: p, Limit: -1})
	}
	zero, five, ten, hundred := 0.0, 5.0, 10.0, 100.0
	// 0 is a real bound: Min 0 drops negative values, nil drops nothing.
	check("min 0", corpus.TargetFilter{Min: &zero, Limit: -1})
	check("max 0", corpus.TargetFilter{Max: &zero, Limit: -1})
	if n := check("min 5 max 10", corpus.TargetFilter{Min: &five, Max: &ten, Limit: -1}); n == 0 {
		t.Errorf("no target between 5 and 10: the range test is void")
	}
	check("min 100 unit", corpus.TargetFilter{Min: &hundred, Unit: "亿元", Limit: -1})
	for _, m := range []string{"增长", "增長", "GDP", "gdp", "％", "%", "_", "覆盖率"} {
		check("metric "+m, corpus.TargetFilter{Metric: m, Limit: -1})
	}
	for _, k := range []string{doc.KindPlan, doc.KindAchieved} {
		check("kind "+k, corpus.TargetFilter{Kind: k, Limit: -1})
	}
	check("year", corpus.TargetFilter{Year: 2025, Limit: -1})
	if n := check("years", corpus.TargetFilter{Years: []int{2024, 2026}, Limit: -1}); n == 0 {
		t.Errorf("no target in 2024 or 2026: the years test is void")
	}
	for _, o := range []string{"医院", "醫院", "北京", "人民政府"} {
		check("org "+o, corpus.TargetFilter{Org: o, Limit: -1})
	}
	check("doc type", corpus.TargetFilter{DocType: doc.TypeReport, Offset: 10, Limit: 20})
	check("doc id", corpus.TargetFilter{DocID: w.ids[1][0], Limit: -1})
	check("doc ids", corpus.TargetFilter{DocIDs: []string{w.ids[2][0], "nope-1", w.ids[len(w.ids)-1][0]}, Limit: -1})
	check("combined", corpus.TargetFilter{Kind: doc.KindPlan, Min: &zero, Years: []int{2025, 2026}, DocType: doc.TypeReport, Limit: 50})
}

func testSlogans(t *testing.T, w *world) {
	type key struct{ text, kind string }
	docs, counts := map[key]map[string]bool{}, map[key]int{}
	for _, d := range w.docs {
		for _, s := range d.Slogans {
			k := key{fold.Text(s.Text), s.Kind}
			if docs[k] == nil {
				docs[k] = map[string]bool{}
			}
			docs[k][d.ID] = true
			counts[k] += s.Count
		}
	}
	var want []corpus.SloganCount
	for k, ds := range docs {
		want = append(want, corpus.SloganCount{Text: k.text, Kind: k.kind, Docs: len(ds), Count: counts[k]})
	}
	slices.SortFunc(want, func(a, b corpus.SloganCount) int {
		return cmp.Or(cmp.Compare(b.Docs, a.Docs), cmp.Compare(b.Count, a.Count), strings.Compare(a.Text, b.Text), strings.Compare(a.Kind, b.Kind))
	})
	got, err := w.s.Slogans(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 100 {
		t.Fatalf("only %d slogans", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("%d slogans, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("slogan %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func testReuse(t *testing.T, w *world) {
	id := w.docs[0].ID
	if s, js, err := w.s.Reuse(w.ctx, id); err != nil || s != 0 || js != nil {
		t.Errorf("Reuse never set: %v %q %v", s, js, err)
	}
	if err := w.s.SetReuse(w.ctx, id, 0.375, []byte(`[{"b":"x"}]`)); err != nil {
		t.Fatal(err)
	}
	if s, js, err := w.s.Reuse(w.ctx, id); err != nil || s != 0.375 || string(js) != `[{"b":"x"}]` {
		t.Errorf("Reuse: %v %q %v", s, js, err)
	}
	if err := w.s.SetReuse(w.ctx, "nope-1", 1, nil); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("SetReuse missing: %v, want ErrNotFound", err)
	}
	if _, _, err := w.s.Reuse(w.ctx, "nope-1"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("Reuse missing: %v, want ErrNotFound", err)
	}
	if m, err := w.s.ReuseScores(w.ctx); err != nil || !maps.Equal(m, map[string]float64{id: 0.375}) {
		t.Errorf("ReuseScores: %v %v", m, err)
	}
	c, err := w.s.ReuseCovers(w.ctx, []string{id, w.docs[1].ID, "nope-1"})
	if err != nil || len(c) != 2 || c[id].Score != 0.375 || c[id].Cover != nil || c[w.docs[1].ID].Score != 0 {
		t.Errorf("ReuseCovers before any cover: %+v %v", c, err)
	}
}

// pairCmp sorts pairs as the stores do: best first, then by the ids in
// order.
func pairCmp(a, b corpus.ReusePair) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(min(a.A, a.B), min(b.A, b.B)),
		strings.Compare(max(a.A, a.B), max(b.A, b.B)))
}

// somePairs is n pairs among the stored documents with tied scores, each
// given with B < A half of the time, and the same pairs as the store
// reads them back (storedPairs).
func (w *world) somePairs(n int, salt string) (given, stored []corpus.ReusePair) {
	ids := w.sortedIDs()
	seen := map[[2]string]bool{}
	for i := range n {
		a, b := ids[(i*7)%len(ids)], ids[(i*7+3+i/len(ids))%len(ids)]
		k := [2]string{min(a, b), max(a, b)}
		if a == b || seen[k] {
			continue
		}
		seen[k] = true
		p := corpus.ReusePair{A: a, B: b, Score: float64(i%5) / 5, Row: someRow(i, salt)}
		if i%2 == 1 {
			p.A, p.B = p.B, p.A
		}
		given = append(given, p)
	}
	return given, storedPairs(given)
}

// someRow is a pair row that differs with i and salt: passages, some
// boilerplate, a kind outside the usual ones, texts and sides as rows of
// earlier versions kept them; every 9th pair has no row.
func someRow(i int, salt string) *corpus.PairRow {
	if i%9 == 4 {
		return nil
	}
	r := &corpus.PairRow{ACovered: float64(i) / 128, BCovered: 1 - float64(i)/256, Longest: 10 + i,
		Passages: []reuse.Passage{{AStart: i, AEnd: i + 10, BStart: 3 * i, BEnd: 3*i + len(salt), Chars: 10}},
		Template: i%6 == 0}
	if i%3 == 0 {
		r.Boilerplate = []reuse.Passage{{AStart: 2 * i, AEnd: 2*i + 4, BStart: 0, BEnd: 4, Chars: 4, Kind: reuse.KindFormula},
			{AStart: i, AEnd: i + 1, BStart: 7, BEnd: 9, Chars: 1, Kind: salt}}
	}
	if i%4 == 0 {
		r.Passages[0].AText, r.Passages[0].BText = "加快"+salt, salt+"建设"
		r.ASide = reuse.DocRef{Source: salt + ".docx", Part: i % 3, Title: "关于" + salt}
	}
	if i%8 == 7 {
		r.Passages = []reuse.Passage{}
	}
	return r
}

// storedPairs is pairs as a store reads them back, the last given of a
// pair winning: as given, or in order for a pair without a row; sorted.
func storedPairs(pairs []corpus.ReusePair) []corpus.ReusePair {
	last := map[[2]string]int{}
	var out []corpus.ReusePair
	for _, p := range pairs {
		if p.Row == nil && p.B < p.A {
			p.A, p.B = p.B, p.A
		}
		k := [2]string{min(p.A, p.B), max(p.A, p.B)}
		if i, ok := last[k]; ok {
			out[i] = p
			continue
		}
		last[k] = len(out)
		out = append(out, p)
	}
	slices.SortFunc(out, pairCmp)
	return out
}

// pairsJSON compares pair lists; empty is empty, nil or not.
func pairsJSON(ps []corpus.ReusePair) string {
	if len(ps) == 0 {
		return "[]"
	}
	return jsonOf(ps)
}

func testReusePairs(t *testing.T, w *world) {
	given, _ := w.somePairs(120, "first")
	// Stored in two calls; the second updates some of the first's pairs
	// given the other way round, which is how they then read back.
	if err := w.s.PutReusePairs(w.ctx, given[:80]); err != nil {
		t.Fatal(err)
	}
	upd := slices.Clone(given[40:])
	for i := range upd {
		upd[i].A, upd[i].B = upd[i].B, upd[i].A
	}
	if err := w.s.PutReusePairs(w.ctx, upd); err != nil {
		t.Fatal(err)
	}
	want := storedPairs(slices.Concat(given[:40], upd))
	got, err := w.s.ReusePairs(w.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if g, e := pairsJSON(got), pairsJSON(want); g != e {
		t.Errorf("ReusePairs: %d pairs, want %d\n got %.300s\nwant %.300s", len(got), len(want), g, e)
	}
	// Updating replaces score and passages.
	p := want[len(want)-1]
	p.A, p.B, p.Score, p.Row = p.B, p.A, 0.99, &corpus.PairRow{Passages: []reuse.Passage{}}
	if err := w.s.PutReusePairs(w.ctx, []corpus.ReusePair{p}); err != nil {
		t.Fatal(err)
	}
	want[len(want)-1] = p
	slices.SortFunc(want, pairCmp)
	for _, id := range []string{p.A, p.B, w.sortedIDs()[5], "nope-1"} {
		var of []corpus.ReusePair
		for _, q := range want {
			if q.A == id || q.B == id {
				of = append(of, q)
			}
		}
		got, err := w.s.ReusePairs(w.ctx, id)
		if err != nil || pairsJSON(got) != pairsJSON(of) || got == nil {
			t.Errorf("ReusePairs(%s): %s %v, want %s", id, pairsJSON(got), err, pairsJSON(of))
		}
	}
	for _, c := range []struct {
		min           float64
		offset, limit int
	}{{0, 0, 10}, {0, 10, 10}, {0.4, 0, 0}, {0.4, 3, 5}, {0.6, 0, -1}, {0.8, 1000, 10}, {1, 0, 10}} {
		var match []corpus.ReusePair
		for _, q := range want {
			if q.Score >= c.min {
				match = append(match, q)
			}
		}
		end := len(match)
		if c.limit > 0 {
			end = min(c.offset+c.limit, len(match))
		}
		page := match[min(c.offset, len(match)):end]
		got, total, err := w.s.ReusePairPage(w.ctx, c.min, c.offset, c.limit)
		if err != nil || total != len(match) || pairsJSON(got) != pairsJSON(page) {
			t.Errorf("ReusePairPage%+v: %d of %d, %v; want %d of %d", c, len(got), total, err, len(page), len(match))
		}
	}
	if err := w.s.PutReusePairs(w.ctx, []corpus.ReusePair{{A: want[0].A, B: "nope-1", Score: 1}}); err == nil {
		t.Errorf("a pair with an unknown document was stored")
	}
}

func testSetReuses(t *testing.T, w *world) {
	ids := w.sortedIDs()
	ups := []corpus.ReuseUpdate{
		{DocID: ids[0], Score: 0.25, Cover: []byte(`[0,10,20,30]`)},
		{DocID: ids[1], Score: 0.5, Cover: []byte(`[5,6]`)},
		{DocID: ids[2], Score: 0.125},
	}
	given, pairs := w.somePairs(30, "set")
	if err := w.s.SetReuses(w.ctx, ups, given); err != nil {
		t.Fatal(err)
	}
	c, err := w.s.ReuseCovers(w.ctx, []string{ids[0], ids[1], ids[2], ids[3], "nope-1"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]corpus.ReuseCover{ids[0]: {Score: 0.25, Cover: []byte(`[0,10,20,30]`)},
		ids[1]: {Score: 0.5, Cover: []byte(`[5,6]`)}, ids[2]: {Score: 0.125}, ids[3]: {}}
	if jsonOf(c) != jsonOf(want) {
		t.Errorf("ReuseCovers: %s, want %s", jsonOf(c), jsonOf(want))
	}
	if got, err := w.s.ReusePairs(w.ctx, ""); err != nil || pairsJSON(got) != pairsJSON(pairs) {
		t.Errorf("pairs of SetReuses: %d %v, want %d", len(got), err, len(pairs))
	}
	if m, err := w.s.ReuseScores(w.ctx); err != nil || !maps.Equal(m, map[string]float64{ids[0]: 0.25, ids[1]: 0.5, ids[2]: 0.125}) {
		t.Errorf("ReuseScores: %v %v", m, err)
	}
	// One transaction: an unknown document fails the batch and keeps nothing of it.
	bad := []corpus.ReuseUpdate{{DocID: ids[0], Score: 0.9}, {DocID: "nope-1", Score: 0.9}}
	if err := w.s.SetReuses(w.ctx, bad, []corpus.ReusePair{{A: ids[3], B: ids[4], Score: 0.9}}); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("SetReuses with an unknown document: %v, want ErrNotFound", err)
	}
	bad = []corpus.ReuseUpdate{{DocID: ids[0], Score: 0.9}}
	if err := w.s.SetReuses(w.ctx, bad, []corpus.ReusePair{{A: ids[3], B: "nope-1", Score: 0.9}}); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("SetReuses with a pair of an unknown document: %v, want ErrNotFound", err)
	}
	if m, err := w.s.ReuseScores(w.ctx); err != nil || m[ids[0]] != 0.25 {
		t.Errorf("a failed SetReuses changed a score: %v %v", m, err)
	}
	if got, err := w.s.ReusePairs(w.ctx, ids[3]); err != nil || slices.ContainsFunc(got, func(p corpus.ReusePair) bool { return p.Score == 0.9 }) {
		t.Errorf("a failed SetReuses stored a pair: %v %v", got, err)
	}
}

func testReplaceReuse(t *testing.T, w *world) {
	ids := w.sortedIDs()
	given, old := w.somePairs(40, "old")
	if err := w.s.SetReuses(w.ctx, []corpus.ReuseUpdate{{DocID: ids[0], Score: 0.5, Cover: []byte(`[1,2]`)}}, given); err != nil {
		t.Fatal(err)
	}
	if err := w.s.SetReuse(w.ctx, ids[1], 0.75, []byte(`["legacy"]`)); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		pairs, err := w.s.ReusePairs(w.ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		scores, err := w.s.ReuseScores(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		covers, err := w.s.ReuseCovers(w.ctx, ids[:3])
		if err != nil {
			t.Fatal(err)
		}
		_, js, err := w.s.Reuse(w.ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		return jsonOf([]any{pairs, scores, covers, string(js)})
	}
	before := state()
	if !strings.Contains(before, "legacy") || !strings.Contains(before, `"score"`) || len(old) < 30 {
		t.Fatalf("set-up not stored: %.200s", before)
	}
	newGiven, newPairs := w.somePairs(25, "new")
	boom := errors.New("boom")
	err := w.s.ReplaceReuse(w.ctx, func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error {
		if err := put([]corpus.ReuseUpdate{{DocID: ids[0], Score: 0.1}}, newGiven[:10]); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("ReplaceReuse: %v, want fill's error", err)
	}
	if after := state(); after != before {
		t.Errorf("a failed ReplaceReuse changed the results:\n got %.300s\nwant %.300s", after, before)
	}
	err = w.s.ReplaceReuse(w.ctx, func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error {
		if err := put([]corpus.ReuseUpdate{{DocID: ids[0], Score: 0.1, Cover: []byte(`[3,4]`)}}, newGiven[:10]); err != nil {
			return err
		}
		return put([]corpus.ReuseUpdate{{DocID: ids[2], Score: 0.2}}, newGiven[10:])
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := w.s.ReusePairs(w.ctx, ""); err != nil || pairsJSON(got) != pairsJSON(newPairs) {
		t.Errorf("after ReplaceReuse: %d pairs %v, want the %d new (old: %d)", len(got), err, len(newPairs), len(old))
	}
	if _, js, err := w.s.Reuse(w.ctx, ids[1]); err != nil || js != nil {
		t.Errorf("legacy pairs JSON kept: %q %v", js, err)
	}
	c, err := w.s.ReuseCovers(w.ctx, ids[:3])
	if err != nil || c[ids[0]].Score != 0.1 || string(c[ids[0]].Cover) != `[3,4]` || c[ids[2]].Score != 0.2 {
		t.Errorf("ReuseCovers after ReplaceReuse: %s %v", jsonOf(c), err)
	}
	// An unknown document fails it like SetReuses, and keeps the results.
	before = state()
	err = w.s.ReplaceReuse(w.ctx, func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error {
		return put([]corpus.ReuseUpdate{{DocID: "nope-1", Score: 1}}, nil)
	})
	if !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("ReplaceReuse with an unknown document: %v", err)
	}
	if after := state(); after != before {
		t.Errorf("a failed ReplaceReuse changed the results")
	}
}

func testTexts(t *testing.T, w *world) {
	ids := []string{"nope-1"}
	for i := range 1200 { // past any chunk of ids a backend splits a query in
		ids = append(ids, fmt.Sprintf("nope-%d", i+2))
	}
	ids = append(ids, w.sortedIDs()...)
	got, err := w.s.Texts(w.ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(w.docs) {
		t.Errorf("Texts: %d, want %d", len(got), len(w.docs))
	}
	for _, d := range w.docs {
		if got[d.ID] != d.Text {
			t.Errorf("Texts[%s]: %d bytes, want %d", d.ID, len(got[d.ID]), len(d.Text))
		}
	}
	c, err := w.s.ReuseCovers(w.ctx, ids)
	if err != nil || len(c) != len(w.docs) {
		t.Errorf("ReuseCovers of %d ids: %d %v, want %d", len(ids), len(c), err, len(w.docs))
	}
	if got, err := w.s.Texts(w.ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Texts(nil): %v %v", got, err)
	}
}

func testAll(t *testing.T, w *world) {
	var got []string
	err := w.s.All(w.ctx, func(d doc.Document) error {
		got = append(got, d.ID)
		if jsonOf(d) != jsonOf(w.byID[d.ID]) {
			t.Errorf("All: %s differs from what was put", d.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	diffIDs(t, "All", got, w.sortedIDs())
	stop := errors.New("stop")
	n := 0
	err = w.s.All(w.ctx, func(doc.Document) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("All after fn's error: %v, %d calls", err, n)
	}
	ctx, cancel := context.WithCancel(w.ctx)
	cancel()
	if err := w.s.All(ctx, func(doc.Document) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("All on a cancelled context: %v", err)
	}
}

func testIDsCount(t *testing.T, w *world) {
	ids, err := w.s.IDs(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	diffIDs(t, "IDs", ids, w.sortedIDs())
	if n, err := w.s.Count(w.ctx); err != nil || n != len(w.docs) {
		t.Errorf("Count %d %v, want %d", n, err, len(w.docs))
	}
}
