package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/internal/shared"
)

// checkCopies opens the data dir and checks that each of the 12 copies of
// seed 000's 篇1/篇4/篇7 (three per file, four formats) is listed with
// reuse 1, shares most of its text with each of the other 11 and is found
// by the search index's reuse field.
func checkCopies(t *testing.T, stage, data string) {
	t.Helper()
	out, stderr, code := runCLI(t, "search", "--data", data, "--json", "--limit", "100", "reuse:>=0.99")
	if code != 0 {
		t.Fatalf("%s: search exit %d: %s", stage, code, stderr)
	}
	var res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	indexed := map[string]bool{}
	for _, h := range res.Hits {
		indexed[h.ID] = true
	}
	ctx := context.Background()
	c, err := local.Open(ctx, data, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	list, _, err := c.List(ctx, corpus.ListFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, d := range list {
		if d.Part != 1 && d.Part != 4 && d.Part != 7 {
			continue
		}
		copies++
		ps, err := c.DocumentReuse(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 篇1, 篇4 and 篇7 are near-identical: each copies most of the others.
		full := 0
		for _, p := range ps {
			if p.ACovered >= 0.9 {
				full++
			}
		}
		if d.ReuseScore < 0.99 || full != 11 || !indexed[d.ID] {
			t.Errorf("%s: %s (%s part %d) listed reuse %.3f, %d of %d pairs ≥ 0.9, in the index's reuse:>=0.99 %v; want 1, 11, true",
				stage, d.ID, filepath.Base(d.Source), d.Part, d.ReuseScore, full, len(ps), indexed[d.ID])
		}
	}
	if copies != 12 {
		t.Errorf("%s: %d documents are parts 1/4/7, want 12", stage, copies)
	}
}

// TestIngestOneByOneFindsCopies is the reviewer's run: seed 000 in four
// formats ingested one file per command. The last file's 篇1/篇4/篇7 got
// reuse 0 and no pairs (a dozen copies were taken for common phrasing),
// and after planmine reindex all 12 copies were listed with 0 while their
// pair rows said 1.0.
func TestIngestOneByOneFindsCopies(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for _, f := range []string{"000_chromium_type3.pdf", "000_libreoffice.doc", "000_libreoffice.docx", "000_libreoffice.pdf"} {
		out, stderr, code := runCLI(t, "ingest", "--data", data, shared.Path(t, "corpus", "formats", f))
		if code != 0 || !strings.Contains(out, "8 篇文档") {
			t.Fatalf("ingest %s: exit %d: %s %s", f, code, out, stderr)
		}
	}
	checkCopies(t, "one by one", data)
	out, stderr, code := runCLI(t, "reindex", "--data", data)
	if code != 0 || !strings.Contains(out, "32 篇文档") {
		t.Fatalf("reindex: exit %d: %s %s", code, out, stderr)
	}
	checkCopies(t, "after reindex", data)
}
