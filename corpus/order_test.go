package corpus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp"
)

// readFormats reads and analyses files of the shared corpus/formats folder
// once, as planmine ingest does; runs take copies.
func readFormats(t *testing.T, names ...string) []corpus.File {
	t.Helper()
	ctx := context.Background()
	var out []corpus.File
	for _, n := range names {
		path := shared.Path(t, "corpus", "formats", n)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := ingest.ReadFile(ctx, path, ingest.Options{})
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for i := range docs {
			if err := nlp.Analyze(ctx, &docs[i]); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, corpus.File{Name: n, Original: data, Docs: docs})
	}
	return out
}

// reuseState is everything a reviewer sees of reuse: each document's
// score (list and search index), its pairs as the API serves them, its
// figures, and the clusters.
type reuseState struct {
	scores   map[string]float64
	pairs    map[string]string // id → DocumentReuse JSON
	figures  map[string]string // id → copied / max source / sources
	clusters string
	indexed  string // ids the search index has at reuse ≥ 0.5
}

func snapshot(t *testing.T, c *corpus.Corpus) reuseState {
	t.Helper()
	ctx := context.Background()
	list, total, err := c.List(ctx, corpus.ListFilter{Limit: 1000})
	if err != nil || total != len(list) {
		t.Fatalf("list: %d of %d, %v", len(list), total, err)
	}
	st := reuseState{scores: map[string]float64{}, pairs: map[string]string{}, figures: map[string]string{}}
	for _, d := range list {
		st.scores[d.ID] = d.ReuseScore
		ps, err := c.DocumentReuse(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(ps)
		if err != nil {
			t.Fatal(err)
		}
		st.pairs[d.ID] = string(b)
		fig, err := c.DocumentFigures(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.figures[d.ID] = fmt.Sprintf("copied %.6f max %.6f (%s) sources %d", fig.Copied, fig.MaxSource, fig.MaxSourceID, fig.Sources)
		// The total is what the list shows, over the same countable text
		// as each source's share, so never below the largest one.
		maxCover := 0.0
		for _, p := range ps {
			maxCover = max(maxCover, p.ACovered)
		}
		if fig.Copied != d.ReuseScore || fig.Copied < maxCover || fig.MaxSource != maxCover || fig.Sources != len(ps) {
			t.Errorf("%s: listed score %.4f, figures %s, largest pair share %.4f of %d pairs",
				d.ID, d.ReuseScore, st.figures[d.ID], maxCover, len(ps))
		}
	}
	cl, err := c.ReuseClusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.clusters = fmt.Sprint(cl)
	res, err := c.Search(ctx, corpus.Query{Q: "reuse:>=0.5", Limit: 1000, NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	var hits []string
	for _, h := range res.Hits {
		hits = append(hits, h.ID)
	}
	slices.Sort(hits)
	st.indexed = strings.Join(hits, " ")
	return st
}

// ingestRun stores files into a fresh corpus in the given batches of file
// indices, each batch one AddBatch (a folder ingest, or one upload per
// file), and returns the reuse state.
func ingestRun(t *testing.T, files []corpus.File, batches [][]int) reuseState {
	t.Helper()
	ctx := context.Background()
	c, err := local.Open(ctx, filepath.Join(t.TempDir(), "data"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, b := range batches {
		var fs []corpus.File
		for _, i := range b {
			f := files[i]
			f.Docs = append([]doc.Document(nil), f.Docs...)
			fs = append(fs, f)
		}
		_, errs, err := c.AddBatch(ctx, fs)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range errs {
			if e != nil {
				t.Fatalf("%s: %v", fs[i].Name, e)
			}
		}
	}
	return snapshot(t, c)
}

// diff reports where got differs from want.
func diff(t *testing.T, name string, got, want reuseState) {
	t.Helper()
	n := 0
	report := func(format string, args ...any) {
		if n++; n <= 8 {
			t.Errorf(name+": "+format, args...)
		}
	}
	for id, w := range want.scores {
		if g, ok := got.scores[id]; !ok || g != w {
			report("%s score %.4f, all at once %.4f", id, g, w)
		}
		if got.pairs[id] != want.pairs[id] {
			report("%s pairs differ:\n got  %.400s\n want %.400s", id, got.pairs[id], want.pairs[id])
		}
		if got.figures[id] != want.figures[id] {
			report("%s figures %s, all at once %s", id, got.figures[id], want.figures[id])
		}
	}
	if len(got.scores) != len(want.scores) {
		report("%d documents, all at once %d", len(got.scores), len(want.scores))
	}
	if got.clusters != want.clusters {
		report("clusters %s, all at once %s", got.clusters, want.clusters)
	}
	if got.indexed != want.indexed {
		report("search index reuse:>=0.5 holds %q, all at once %q", got.indexed, want.indexed)
	}
}

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for at := 0; at <= len(p); at++ {
			q := append(append(append([]int(nil), p[:at]...), n-1), p[at:]...)
			out = append(out, q)
		}
	}
	return out
}

// seed000Formats are seed 000 (8 plans, of which 篇1, 篇4 and 篇7 are
// near-identical) as four producers wrote it: 12 copies of one plan and
// four of each other plan.
var seed000Formats = []string{"000_chromium_type3.pdf", "000_libreoffice.doc", "000_libreoffice.docx", "000_libreoffice.pdf"}

// TestReuseIndependentOfArrival ingests seed 000 in four formats in every
// order, one file at a time, and in batches of every split, and compares
// each document's score, its pairs (which peers, with what passages and
// shares), its figures, the clusters and the search index's reuse field
// with one folder ingest of all four. A second set mixes distinct
// documents (seed 003's dozen schemes, one pasted twice; seed 004) with a
// copy of seed 000, so that scores are unions of several partial pairs.
func TestReuseIndependentOfArrival(t *testing.T) {
	files := readFormats(t, seed000Formats...)
	want := ingestRun(t, files, [][]int{{0, 1, 2, 3}})

	// What all at once must say: each of the 12 copies of 篇1/4/7 copies
	// the other 11 whole, each of the other plans its 3 other formats.
	var copies []string
	for id, s := range want.scores {
		part := id[strings.LastIndex(id, "-")+1:]
		peers := strings.Count(want.pairs[id], `"a":{"id":`)
		wantPeers := 3
		if part == "1" || part == "4" || part == "7" {
			wantPeers = 11
			copies = append(copies, id)
		}
		if s < 0.99 || peers != wantPeers {
			t.Errorf("all at once: %s (part %s) score %.3f with %d peers, want ≥ 0.99 with %d", id, part, s, peers, wantPeers)
		}
	}
	slices.Sort(copies)
	if len(want.scores) != 32 || len(copies) != 12 || !strings.Contains(want.clusters, "["+strings.Join(copies, " ")+"]") {
		t.Fatalf("all at once: %d documents, clusters %s; want 32 and the 12 copies together", len(want.scores), want.clusters)
	}

	perms := permutations(len(files))
	if testing.Short() {
		perms = [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}}
	}
	for _, p := range perms {
		one := [][]int{{p[0]}, {p[1]}, {p[2]}, {p[3]}}
		diff(t, fmt.Sprintf("one by one %v", p), ingestRun(t, files, one), want)
	}
	for _, b := range [][][]int{{{3, 0}, {2, 1}}, {{1}, {3, 2, 0}}, {{2, 3, 0}, {1}}} {
		diff(t, fmt.Sprintf("batches %v", b), ingestRun(t, files, b), want)
	}

	mixed := readFormats(t, "003_libreoffice.docx", "000_libreoffice.docx", "004_libreoffice.docx")
	wantMixed := ingestRun(t, mixed, [][]int{{0, 1, 2}})
	partial := 0
	for _, s := range wantMixed.scores {
		if s > 0.05 && s < 0.95 {
			partial++
		}
	}
	if len(wantMixed.scores) < 20 || !strings.Contains(wantMixed.clusters, "[") {
		t.Fatalf("mixed set: %d documents, clusters %s", len(wantMixed.scores), wantMixed.clusters)
	}
	t.Logf("mixed set: %d documents, %d with a partial share, clusters %s", len(wantMixed.scores), partial, wantMixed.clusters)
	for _, p := range permutations(len(mixed)) {
		diff(t, fmt.Sprintf("mixed one by one %v", p), ingestRun(t, mixed, [][]int{{p[0]}, {p[1]}, {p[2]}}), wantMixed)
	}
}

// TestRefreshKeepsIncremental: recomputing everything at once (planmine
// reindex) after one-by-one ingest changes nothing: no score, pair, figure
// or cluster, and the rebuilt search index carries the same scores. Before,
// a refresh wrote off the 12 copies as common phrasing (score 0) and left
// their pair rows saying 1.0.
func TestRefreshKeepsIncremental(t *testing.T) {
	ctx := context.Background()
	files := readFormats(t, seed000Formats...)
	dir := filepath.Join(t.TempDir(), "data")
	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, f := range files {
		if _, err := c.Add(ctx, f.Name, f.Original, append([]doc.Document(nil), f.Docs...)); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, c)
	if err := c.Rebuild(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	diff(t, "after Rebuild", snapshot(t, c), before)
	if err := c.RefreshReuse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	diff(t, "after RefreshReuse", snapshot(t, c), before)
	// Deleting one copy takes it out of its peers' pairs and clusters, and
	// their scores follow their remaining pairs.
	var victim string
	for id := range before.scores {
		if strings.HasSuffix(id, "-4") && (victim == "" || id < victim) {
			victim = id
		}
	}
	if err := c.Delete(ctx, victim); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, c)
	for id, js := range after.pairs {
		if strings.Contains(js, victim) {
			t.Errorf("%s still pairs with deleted %s", id, victim)
		}
	}
	if strings.Contains(after.clusters, victim) {
		t.Errorf("clusters %s hold deleted %s", after.clusters, victim)
	}
	if err := c.RefreshReuse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	diff(t, "delete then refresh", snapshot(t, c), after)
}
