package corpus_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/report"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp"
)

// cutRunes is the passage text a span names: code points [start, end).
func cutRunes(text string, start, end int) string {
	r := []rune(text)
	return string(r[start:end])
}

// TestPairsStoredAsSpansReadTheSame ingests the shared corpus's seeds and
// the same seeds as DOC/DOCX/PDF (real copies, Traditional ones too), then
// reads every reuse output twice: from the pair rows as stored now (spans
// only), and from the same rows rewritten the way earlier versions stored
// them (each side with its source and title, each passage with both
// texts). The JSON of each document's pairs,
// of the pair pages and of the pairs export, and the CSV export, must be
// byte for byte the same. Separately, the engine's own passages must be
// exactly the text their spans cut, which is what makes dropping the texts
// lossless.
func TestPairsStoredAsSpansReadTheSame(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	ctx := context.Background()
	paths := []string{shared.Path(t, "corpus", "seeds"), shared.Path(t, "corpus", "formats")}
	dir := t.TempDir()
	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var files []corpus.File
	var docs []*doc.Document
	err = ingest.WalkFiles(ctx, paths, ingest.Options{}, func(f ingest.File) error {
		if f.Err != nil {
			return nil // notes and data files beside the samples
		}
		for i := range f.Docs {
			if err := nlp.Analyze(ctx, &f.Docs[i]); err != nil {
				return err
			}
		}
		files = append(files, corpus.File{Name: f.Name, Original: f.Data, Docs: f.Docs})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.AddBatch(ctx, files); err != nil {
		t.Fatal(err)
	}
	ids, err := c.Store.IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := c.Store.Texts(ctx, ids)
	if err != nil || len(texts) != len(ids) {
		t.Fatalf("texts of %d documents: %d, %v", len(ids), len(texts), err)
	}

	// The engine cuts every passage text at its spans.
	for _, id := range ids {
		d, err := c.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	passages := 0
	for _, p := range reuse.Analyze(docs, reuse.DefaultOptions()).Pairs {
		for _, x := range append(append([]reuse.Passage(nil), p.Passages...), p.Boilerplate...) {
			passages++
			if a := cutRunes(texts[p.A.ID], x.AStart, x.AEnd); x.AText != a {
				t.Fatalf("%s [%d,%d): engine text %q, span cuts %q", p.A.ID, x.AStart, x.AEnd, x.AText, a)
			}
			if b := cutRunes(texts[p.B.ID], x.BStart, x.BEnd); x.BText != b {
				t.Fatalf("%s [%d,%d): engine text %q, span cuts %q", p.B.ID, x.BStart, x.BEnd, x.BText, b)
			}
		}
	}

	rows, err := c.Store.ReusePairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 20 || passages < 50 {
		t.Fatalf("too few pairs to compare: %d rows, %d engine passages", len(rows), passages)
	}
	spansOnly := 0
	for _, r := range rows {
		spansOnly += len(corpus.EncodePairRow(r))
		if r.Row == nil || r.Row.ASide != (reuse.DocRef{}) || r.Row.BSide != (reuse.DocRef{}) {
			t.Fatalf("row %s/%s lacks its row or still stores sources: %+v", r.A, r.B, r.Row)
		}
		for _, x := range append(append([]reuse.Passage(nil), r.Row.Passages...), r.Row.Boilerplate...) {
			if x.AText != "" || x.BText != "" {
				t.Fatalf("row %s/%s still stores passage texts: %+v", r.A, r.B, x)
			}
		}
	}

	after := readAll(t, ctx, c, ids)

	// Rewrite the rows as earlier versions stored them, straight into the
	// table: the engine's pair JSON, each side with its source, part and
	// title, each passage with its texts.
	byID := map[string]*doc.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	ref := func(r *reuse.DocRef) {
		d := byID[r.ID]
		r.Source, r.Part, r.Title = d.Source, d.Part, d.Title
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.DBName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	withText := 0
	for _, r := range rows {
		w := r.Row
		p := reuse.Pair{A: reuse.DocRef{ID: r.A}, B: reuse.DocRef{ID: r.B}, Score: r.Score, ACovered: w.ACovered,
			BCovered: w.BCovered, Longest: w.Longest, Passages: w.Passages, Boilerplate: w.Boilerplate, Template: w.Template}
		ref(&p.A)
		ref(&p.B)
		for _, list := range [][]reuse.Passage{p.Passages, p.Boilerplate} {
			for k := range list {
				x := &list[k]
				x.AText, x.BText = cutRunes(texts[p.A.ID], x.AStart, x.AEnd), cutRunes(texts[p.B.ID], x.BStart, x.BEnd)
			}
		}
		js, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		withText += len(js)
		if res, err := db.ExecContext(ctx, `UPDATE reuse_pairs SET passages_json=? WHERE a=? AND b=?`,
			js, min(r.A, r.B), max(r.A, r.B)); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("row %s/%s not rewritten", r.A, r.B)
		}
	}
	before := readAll(t, ctx, c, ids)
	for k, b := range before {
		if a := after[k]; a != b {
			t.Errorf("%s differs between rows with texts and rows with spans only:\nwith texts: %.300s\nspans only: %.300s", k, b, a)
		}
	}
	if exp := after["pairs export"]; !strings.Contains(exp, `"a_text":"`) || strings.Contains(exp, `"a_text":""`) || strings.Contains(exp, `"source":""`) {
		t.Errorf("pairs export lacks passage texts or sources: %.300s", exp)
	}
	t.Logf("%d documents, %d pair rows: %d bytes stored as binary spans, %d as JSON with texts", len(ids), len(rows), spansOnly, withText)
}

// readAll is every reuse output the API and CLI serve, as JSON (or CSV).
func readAll(t *testing.T, ctx context.Context, c *corpus.Corpus, ids []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, id := range ids {
		ps, err := c.DocumentReuse(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		out["reuse of "+id] = enc(ps)
	}
	for _, page := range [][2]int{{0, 0}, {0, 7}, {5, 10}} {
		ps, total, err := c.ReusePairPage(ctx, 0, page[0], page[1])
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("pair page %v", page)] = enc(map[string]any{"total": total, "pairs": ps})
	}
	all, err := c.ReusePairs(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out["pairs export"] = enc(all)
	var csv bytes.Buffer
	if err := report.WritePairsCSV(&csv, all); err != nil {
		t.Fatal(err)
	}
	out["pairs csv"] = csv.String()
	return out
}
