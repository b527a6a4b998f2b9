package report_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/report"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
)

const eps = 1e-9

// build returns the report of one stored document.
func build(t *testing.T, c *corpus.Corpus, id string) *report.Report {
	t.Helper()
	r, err := report.Build(context.Background(), c, id, report.Options{Now: time.Date(2026, 11, 24, 9, 30, 0, 0, time.Local), Version: "test"})
	if err != nil {
		t.Fatalf("build %s: %v", id, err)
	}
	return r
}

// find returns the stored document whose file name (base) and part match.
func find(t *testing.T, c *corpus.Corpus, base string, part int) corpus.DocSummary {
	t.Helper()
	for _, d := range allDocs(t, c) {
		if filepath.Base(d.Source) == base && d.Part == part {
			return d
		}
	}
	t.Fatalf("no document %s part %d in the fixture", base, part)
	return corpus.DocSummary{}
}

// runes is text as code points, the unit of every offset.
func runes(s string) []rune { return []rune(s) }

// TestReportFigures checks every document's report against its own
// passages, its texts and the reuse index's stored figures.
func TestReportFigures(t *testing.T) {
	c := openFixture(t)
	ctx := context.Background()
	docs := map[string]*doc.Document{}
	get := func(id string) *doc.Document {
		if d, ok := docs[id]; ok {
			return d
		}
		d, err := c.Get(ctx, id)
		if err != nil {
			t.Fatalf("get %s: %v", id, err)
		}
		docs[id] = d
		return d
	}
	withSources := 0
	for _, ds := range allDocs(t, c) {
		t.Run(filepath.Base(ds.Source)+"#"+ds.ID, func(t *testing.T) {
			r := build(t, c, ds.ID)
			d := get(ds.ID)
			if r.Doc.ID != ds.ID || r.Doc.Title != ds.Title || r.Version != "test" {
				t.Fatalf("header: %+v", r.Doc)
			}
			if r.Total < 0 || r.Total > 1 || r.Boilerplate < 0 || r.Boilerplate > 1 {
				t.Fatalf("shares out of range: total %v boilerplate %v", r.Total, r.Boilerplate)
			}
			if r.Countable+r.BoilerChars != r.Chars || r.Copied > r.Countable {
				t.Fatalf("characters: %d countable + %d boilerplate != %d, or %d copied", r.Countable, r.BoilerChars, r.Chars, r.Copied)
			}
			// The total is the union over the sources: at least each one.
			if r.Total+eps < r.MaxSource {
				t.Fatalf("total %v below the largest source %v", r.Total, r.MaxSource)
			}
			// Same unit as the reuse index: the stored score (the index's
			// 总文字复制比) and each pair's a_covered agree.
			if math.Abs(r.Total-ds.ReuseScore) > 0.01 {
				t.Errorf("total %v, stored reuse score %v", r.Total, ds.ReuseScore)
			}
			var copies [][2]int // copied passages in code points
			for _, s := range r.Sources {
				if s.Share > r.Total+eps || s.Share > r.MaxSource+eps {
					t.Errorf("source %d share %v above total %v / max %v", s.No, s.Share, r.Total, r.MaxSource)
				}
				if !s.Template && math.Abs(s.Share-s.ACovered) > 0.01 {
					t.Errorf("source %d share %v, index a_covered %v", s.No, s.Share, s.ACovered)
				}
				if len(s.Passages) == 0 {
					t.Errorf("source %d without passages", s.No)
				}
				src := get(s.Doc.ID)
				if s.Doc.Title != src.Title || s.Doc.Source != src.Source {
					t.Errorf("source %d named %q/%q, stored %q/%q", s.No, s.Doc.Title, s.Doc.Source, src.Title, src.Source)
				}
				for i, p := range s.Passages {
					if got := string(runes(d.Text)[p.Start:p.End]); got != p.Text {
						t.Fatalf("source %d passage %d: text at [%d,%d) is %q, passage says %q", s.No, i, p.Start, p.End, got, p.Text)
					}
					if got := string(runes(src.Text)[p.SourceStart:p.SourceEnd]); got != p.SourceText {
						t.Fatalf("source %d passage %d: source text at [%d,%d) is %q, passage says %q", s.No, i, p.SourceStart, p.SourceEnd, got, p.SourceText)
					}
					if i > 0 && p.Start < s.Passages[i-1].Start {
						t.Errorf("source %d passages out of order", s.No)
					}
					if p.Boilerplate != (p.Kind != "") {
						t.Errorf("passage kind %q but boilerplate %v", p.Kind, p.Boilerplate)
					}
					if !p.Boilerplate {
						copies = append(copies, [2]int{p.Start, p.End})
					}
					// The passage names the innermost section it starts in.
					want := ""
					for _, sec := range r.Sections {
						if sec.Start <= p.Start && p.Start < sec.End {
							want = sec.Heading
						}
					}
					if !strings.HasSuffix(p.Section, want) || (want == "") != (p.Section == "") {
						t.Errorf("passage at %d names section %q, want one ending in %q", p.Start, p.Section, want)
					}
				}
			}
			if len(r.Sources) > 0 {
				withSources++
			}
			if (r.Copied > 0) != (len(copies) > 0) {
				t.Errorf("%d copied characters but %d copied passages", r.Copied, len(copies))
			}
			top := 0
			for _, sec := range r.Sections {
				if sec.Share < 0 || sec.Share > 1 || sec.Copied > sec.Countable || sec.Copied < 0 {
					t.Errorf("section %q: share %v, %d of %d", sec.Heading, sec.Share, sec.Copied, sec.Countable)
				}
				// A section has copied text exactly where copied passages
				// overlap it (in code points, independent of the unit).
				over := overlaps(copies, sec.Start, sec.End)
				if sec.Copied > 0 && !over {
					t.Errorf("section %q [%d,%d): %d copied characters but no copied passage overlaps it", sec.Heading, sec.Start, sec.End, sec.Copied)
				}
				if sec.Level == 1 {
					top += sec.Copied
				}
			}
			if top > r.Copied {
				t.Errorf("top-level sections hold %d copied characters, the document %d", top, r.Copied)
			}
		})
	}
	if withSources < 5 {
		t.Fatalf("only %d documents with sources: the fixture lost its copies", withSources)
	}
}

func overlaps(iv [][2]int, s, e int) bool {
	for _, x := range iv {
		if x[0] < e && s < x[1] {
			return true
		}
	}
	return false
}

// TestReportKnownCopies checks the reports of copies the fixture is known
// to hold.
func TestReportKnownCopies(t *testing.T) {
	c := openFixture(t)
	tests := []struct {
		name       string
		base       string
		part       int
		minTotal   float64
		source     string // base name of the top source
		sourcePart int
		minSources int
		inPassage  string // text a copied passage holds
	}{
		// The LibreOffice DOCX of seed 002 is the seed again.
		{"docx copy of a seed", "002_libreoffice.docx", 1, 0.95, "002_9058a1a23e0705b8.txt", 1, 1, "十四五"},
		// The Chromium PDF of seed 004 is that seed again.
		{"pdf copy of a seed", "004_chromium_truetype.pdf", 1, 0.95, "004_5ca0019a6ce73c5f.txt", 1, 1, "党"},
		// 篇1, 篇4 and 篇7 of seed 000 are near-identical.
		{"篇1 of the Traditional seed", "000_948abd7a737fa59a.txt", 1, 0.9, "000_948abd7a737fa59a.txt", 0, 2, "黨"},
		// Our two plans share one paragraph, markup characters included.
		{"shared paragraph", "markup_a.txt", 1, 0.2, "markup_b.txt", 1, 1, "学习时长<2小时"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := find(t, c, tc.base, tc.part)
			r := build(t, c, d.ID)
			if r.Total < tc.minTotal {
				t.Fatalf("total %v, want >= %v", r.Total, tc.minTotal)
			}
			if n := len(r.Sources); n < tc.minSources {
				t.Fatalf("%d sources, want >= %d", n, tc.minSources)
			}
			top := r.Sources[0]
			if top.No != 1 || top.Share != r.MaxSource {
				t.Errorf("first source is no %d with %v, max %v", top.No, top.Share, r.MaxSource)
			}
			if tc.source != "" && filepath.Base(top.Doc.Source) != tc.source {
				t.Errorf("top source %s, want %s", top.Doc.Source, tc.source)
			}
			if tc.sourcePart != 0 && top.Doc.Part != tc.sourcePart {
				t.Errorf("top source part %d, want %d", top.Doc.Part, tc.sourcePart)
			}
			found := false
			for _, p := range top.Passages {
				found = found || (!p.Boilerplate && strings.Contains(p.Text, tc.inPassage) && strings.Contains(p.SourceText, tc.inPassage))
			}
			if !found {
				t.Errorf("no copied passage of source 1 holds %q", tc.inPassage)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	c := openFixture(t)
	ctx := context.Background()
	if _, err := report.Build(ctx, c, "no-such-id", report.Options{}); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	if _, err := report.Build(ctx, c, "  ", report.Options{}); !errors.Is(err, report.ErrNoDocument) {
		t.Errorf("empty id: %v, want ErrNoDocument", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	d := find(t, c, "markup_a.txt", 1)
	if _, err := report.Build(cctx, c, d.ID, report.Options{}); err == nil {
		t.Errorf("cancelled context: no error")
	}
}

// TestReportNoReuse is a document that shares nothing: empty lists, zero
// shares, every character countable or boilerplate.
func TestReportNoReuse(t *testing.T) {
	text := "东湖社区卫生服务中心2026年党建工作计划\n一、工作目标\n全年计划发展党员3名，组织全体党员赴革命纪念馆参观学习。"
	d := &doc.Document{ID: "x-1", Source: "x.txt", Part: 1, Title: "东湖社区卫生服务中心2026年党建工作计划", Text: text,
		Sections: []doc.Section{{Level: 1, Number: "一", Marker: "一、", Title: "工作目标", Start: 23, End: len(runes(text))}}}
	r := report.FromPairs(d, nil, nil, report.Options{})
	if r.Total != 0 || r.MaxSource != 0 || len(r.Sources) != 0 || r.Copied != 0 {
		t.Fatalf("report of an unshared document: %+v", r)
	}
	if r.Chars == 0 || r.Countable+r.BoilerChars != r.Chars {
		t.Fatalf("characters: %d = %d + %d", r.Chars, r.Countable, r.BoilerChars)
	}
	if len(r.Sections) != 1 || r.Sections[0].Heading != "一、工作目标" || r.Sections[0].Share != 0 || r.Sections[0].Countable == 0 {
		t.Fatalf("sections: %+v", r.Sections)
	}
	if r.Version == "" || r.Generated.IsZero() {
		t.Fatalf("defaults not set: version %q, date %v", r.Version, r.Generated)
	}
}

func TestFileName(t *testing.T) {
	day := time.Date(2026, 11, 24, 23, 0, 0, 0, time.Local)
	tests := []struct{ title, source, want string }{
		{"2026年党建工作计划", "a.txt", "查重报告_2026年党建工作计划_2026-11-24.pdf"},
		{`a/b\c:d*e?f"g<h>i|j`, "a.txt", "查重报告_abcdefghij_2026-11-24.pdf"},
		{"两 个\t词\n", "a.txt", "查重报告_两_个_词__2026-11-24.pdf"},
		{"", "无标题.docx", "查重报告_无标题.docx_2026-11-24.pdf"},
		{"", "", "查重报告_x-1_2026-11-24.pdf"},
		{"///", "", "查重报告_document_2026-11-24.pdf"},
		{strings.Repeat("长", 80), "a.txt", "查重报告_" + strings.Repeat("长", 60) + "_2026-11-24.pdf"},
	}
	for _, tc := range tests {
		r := &report.Report{Doc: report.DocInfo{ID: "x-1", Title: tc.title, Source: tc.source}, Generated: day}
		if got := r.FileName("pdf"); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.title, got, tc.want)
		}
	}
	if got := report.PairsFileName(day, "csv"); got != "复用配对_2026-11-24.csv" {
		t.Errorf("pairs: %q", got)
	}
}

// TestReportTemplate runs the reuse index itself with a loaded template
// (a reference text whose passages are boilerplate): the template is
// listed after the peers, counts nothing, and the report's figures equal
// the index's own for the document.
func TestReportTemplate(t *testing.T) {
	read := func(name string) *doc.Document {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return &doc.Document{ID: name, Source: name, Part: 1, Title: strings.SplitN(string(b), "\n", 2)[0], Text: string(b)}
	}
	a, b := read("markup_a.txt"), read("markup_b.txt")
	// The template holds a's 加强队伍建设 paragraph, which b lacks.
	para := ""
	for _, l := range strings.Split(a.Text, "\n") {
		if strings.HasPrefix(l, "全年计划发展党员") {
			para = l
		}
	}
	tmpl := &doc.Document{ID: "tmpl", Source: "范文.txt", Title: "党支部工作计划范文", Text: "党支部工作计划范文\n" + para + "\n"}
	ix := reuse.New(reuse.Options{})
	ix.Add(b)
	ix.Add(a)
	ix.AddTemplate(tmpl)
	pairs, st, ok := ix.Document(a.ID)
	if !ok {
		t.Fatal("document not indexed")
	}
	r := report.FromPairs(a, pairs, nil, report.Options{})
	if len(r.Sources) != 2 || r.Sources[0].Template || !r.Sources[1].Template {
		t.Fatalf("sources: %+v", r.Sources)
	}
	ts := r.Sources[1]
	if ts.Doc.ID != "tmpl" || ts.Share != 0 || ts.Copied != 0 || len(ts.Passages) == 0 {
		t.Fatalf("template source: %+v", ts)
	}
	for _, p := range ts.Passages {
		if !p.Boilerplate || p.Kind != reuse.KindTemplate || !strings.Contains(p.Text, "发展党员") {
			t.Errorf("template passage %+v", p)
		}
	}
	if abs(r.Total-st.Copied) > 1e-9 || abs(r.Boilerplate-st.Boilerplate) > 1e-9 || r.Chars != st.Chars || r.Countable != st.Countable {
		t.Errorf("report total %v boilerplate %v chars %d/%d; index %v %v %d/%d",
			r.Total, r.Boilerplate, r.Chars, r.Countable, st.Copied, st.Boilerplate, st.Chars, st.Countable)
	}
	if r.Total <= 0 || r.Total != r.Sources[0].Share {
		t.Errorf("total %v, peer share %v", r.Total, r.Sources[0].Share)
	}
	var page, pdf bytes.Buffer
	if err := report.WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), `<tr class="boiler">`) || !strings.Contains(page.String(), "模板 template") {
		t.Errorf("the HTML does not show the template's passages as boilerplate")
	}
	if err := report.WritePDF(&pdf, r); err != nil {
		t.Fatal(err)
	}
}
