package search

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	qlang "github.com/planmine/planmine/corpus/query"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
)

type fixture struct {
	File string         `json:"file"`
	Docs []doc.Document `json:"docs"`
}

// loadStore puts the hand-written fixture documents into a fresh store and
// returns it with the ids by title.
func loadStore(t *testing.T, dir string) (*sqlite.DB, map[string]string) {
	t.Helper()
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ids := map[string]string{}
	for _, f := range fs {
		var parts []string
		for _, d := range f.Docs {
			parts = append(parts, d.Text)
		}
		res, err := st.Put(ctx, []byte(strings.Join(parts, "\n")), f.File, f.Docs)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range f.Docs {
			ids[d.Title] = res.IDs[i]
		}
	}
	return st, ids
}

func openTest(t *testing.T) (*Index, *sqlite.DB, map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	st, ids := loadStore(t, dir)
	ix, err := Open(context.Background(), filepath.Join(dir, "index"), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, st, ids, dir
}

const (
	titleSimp  = "某市第一人民医院党委2026年党建工作计划"
	titleTrad  = "某縣中醫院黨總支2025年黨建工作計劃"
	titleSumm  = "20XX年度医院党支部工作总结"
	titleSchA  = "关于开展“清廉医院”建设的实施方案"
	titleSchB  = "关于开展“清廉医院”建设的实施方案（第二部分）"
	allFixture = 5
)

func search(t *testing.T, ix *Index, q string) corpus.SearchResult {
	t.Helper()
	res, err := ix.Search(context.Background(), corpus.Query{Q: q, Limit: 20})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	return res
}

func titles(res corpus.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	sort.Strings(out)
	return out
}

func TestSearchQueries(t *testing.T) {
	ix, _, _, _ := openTest(t)
	tests := []struct {
		q    string
		want []string
	}{
		// Traditional query finds the Simplified documents and the Traditional one.
		{"三會一課", []string{titleSimp, titleTrad, titleSumm}},
		// Simplified query finds the Traditional document.
		{"中医院", []string{titleTrad}},
		{"民主评议党员", []string{titleTrad}},
		// Traditional query finds the Simplified document only.
		{"臨床一線骨幹", []string{titleSimp}},
		// Substring inside a word run, not a word of its own: bigram field.
		{"会一课制", []string{titleSimp}},
		{"课质量", []string{titleSumm}},
		// Words in another order still match through the gse field.
		{"党员 发展", []string{titleSimp, titleTrad, titleSumm}},
		{"廉洁教育覆盖率", []string{titleSchA}},
		// One character: only the unigrams of the bigram field can match it.
		{"廉", []string{titleSchA, titleSchB}},
		{"不存在的内容", nil},
		// Filters and combinations.
		{"type:plan", []string{titleSimp, titleTrad}},
		{"類型：計劃 year:2025", []string{titleTrad}},
		{"year:2026", []string{titleSimp, titleSchA, titleSchB}},
		{"year:2025..2026 type:scheme", []string{titleSchA, titleSchB}},
		{"org:中醫院", []string{titleTrad}},
		{"org:妇幼保健院 组长", []string{titleSchB}},
		{"slogan:三会一课", []string{titleSimp, titleTrad, titleSumm}},
		{"slogan:清廉医院", []string{titleSchA}},
		{"unit:学时", []string{titleSimp}},
		{"kind:achieved", []string{titleSumm}},
		{"placeholder:true", []string{titleSumm}},
		{"placeholder:false type:summary", nil},
		{"section:組織建設", []string{titleSimp}},
		{"metric:满意度", []string{titleTrad}},
		{"script:traditional", []string{titleTrad}},
		// Numeric range on target values (value_max counts too).
		{"value:>=30", []string{titleSimp, titleTrad, titleSumm, titleSchA}},
		{"value:4..5", []string{titleSimp, titleSchA}},
		{"value:>3000", nil},
		{"value:3000", []string{titleSumm}},
		{"unit:% value:>=100", []string{titleSchA}},
	}
	for _, tc := range tests {
		res := search(t, ix, tc.q)
		got := titles(res)
		want := append([]string(nil), tc.want...)
		sort.Strings(want)
		if strings.Join(got, "|") != strings.Join(want, "|") || res.Total != len(want) {
			t.Errorf("%q: got %d %q want %q", tc.q, res.Total, got, want)
		}
	}
}

func TestSearchHighlightsAndFacets(t *testing.T) {
	ix, _, ids, _ := openTest(t)
	res := search(t, ix, "三会一课")
	var trad corpus.Hit
	for _, h := range res.Hits {
		if h.ID == ids[titleTrad] {
			trad = h
		}
		if h.Source == "" || h.Score <= 0 || len(h.Highlights) == 0 {
			t.Errorf("hit %s lacks source/score/highlights: %+v", h.ID, h)
		}
	}
	// The Traditional document is highlighted in its own script.
	if len(trad.Highlights) == 0 || !strings.Contains(trad.Highlights[0], "<mark>三會一課</mark>") {
		t.Errorf("traditional highlight: %q", trad.Highlights)
	}
	facet := func(res corpus.SearchResult, name string) map[string]int {
		m := map[string]int{}
		for _, f := range res.Facets[name] {
			m[f.Value] = f.Count
		}
		return m
	}
	all := search(t, ix, "")
	if all.Total != allFixture {
		t.Fatalf("match all: %d", all.Total)
	}
	if got := facet(all, "type"); got["plan"] != 2 || got["scheme"] != 2 || got["summary"] != 1 {
		t.Errorf("type facet: %v", got)
	}
	if got := facet(all, "year"); got["2026"] != 3 || got["2025"] != 1 {
		t.Errorf("year facet: %v", got)
	}
	if got := facet(all, "slogan"); got["三会一课"] != 3 {
		t.Errorf("slogan facet (folded): %v", got)
	}
	if got := facet(all, "unit"); got["次"] != 4 || got["名"] != 3 {
		t.Errorf("unit facet: %v", got)
	}
	filtered := search(t, ix, "党员 type:plan")
	if got := facet(filtered, "year"); len(got) != 2 || got["2026"] != 1 {
		t.Errorf("facets follow the filter: %v", got)
	}
	// JSON shape of SPEC §5.
	b, _ := json.Marshal(filtered)
	for _, k := range []string{`"total"`, `"hits"`, `"facets"`, `"highlights"`, `"source"`, `"score"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s: %s", k, b)
		}
	}
	page, _ := ix.Search(context.Background(), corpus.Query{Q: "", Limit: 2, Offset: 4})
	if page.Total != allFixture || len(page.Hits) != 1 {
		t.Errorf("paging: total %d hits %d", page.Total, len(page.Hits))
	}
	if _, err := ix.Search(context.Background(), corpus.Query{Q: "colour:red"}); !errors.Is(err, qlang.ErrSyntax) {
		t.Errorf("bad field: %v", err)
	}
}

func TestIndexPutDeleteReuse(t *testing.T) {
	ix, st, ids, _ := openTest(t)
	ctx := context.Background()
	id := ids[titleTrad]
	if err := ix.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if res := search(t, ix, "中醫院"); res.Total != 0 {
		t.Errorf("deleted document still found")
	}
	d, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, []corpus.Entry{{Doc: *d, ReuseScore: 0.75}}); err != nil {
		t.Fatal(err)
	}
	if res := search(t, ix, "reuse:>=0.5"); res.Total != 1 || res.Hits[0].ID != id {
		t.Errorf("reuse filter: %+v", res)
	}
	if n, _ := ix.Count(); n != allFixture {
		t.Errorf("count %d", n)
	}
}

func TestRebuildOnCorruptMissingStale(t *testing.T) {
	ix, st, _, dir := openTest(t)
	ctx := context.Background()
	ixDir := filepath.Join(dir, "index")
	ix.Close()
	damage := []struct {
		name string
		do   func() error
	}{
		{"garbage index_meta", func() error {
			return os.WriteFile(filepath.Join(ixDir, bleveDir, "index_meta.json"), []byte("\x00garbage{"), 0o644)
		}},
		{"garbage root.bolt", func() error {
			return os.WriteFile(filepath.Join(ixDir, bleveDir, "store", "root.bolt"), []byte(strings.Repeat("垃圾", 3000)), 0o644)
		}},
		{"index dir deleted", func() error { return os.RemoveAll(ixDir) }},
		{"stale segmenter version", func() error {
			return os.WriteFile(filepath.Join(ixDir, metaFile), []byte(`{"segment_version":"old","schema_version":1}`), 0o644)
		}},
		{"meta missing (crash mid-rebuild)", func() error { return os.Remove(filepath.Join(ixDir, metaFile)) }},
	}
	for _, dmg := range damage {
		if err := dmg.do(); err != nil {
			t.Fatalf("%s: %v", dmg.name, err)
		}
		ix2, err := Open(ctx, ixDir, st, nil)
		if err != nil {
			t.Fatalf("%s: reopen: %v", dmg.name, err)
		}
		if n, _ := ix2.Count(); n != allFixture {
			t.Errorf("%s: count after rebuild %d", dmg.name, n)
		}
		if res := search(t, ix2, "三會一課"); res.Total != 3 {
			t.Errorf("%s: search after rebuild: %d", dmg.name, res.Total)
		}
		m, err := readMeta(ixDir)
		if err != nil || m != currentMeta() {
			t.Errorf("%s: meta %+v %v", dmg.name, m, err)
		}
		ix2.Close()
	}
}

func TestSecondOpenTimesOut(t *testing.T) {
	ix, st, _, dir := openTest(t)
	_ = ix
	_, err := Open(context.Background(), filepath.Join(dir, "index"), st, nil)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open while held: %v", err)
	}
}
