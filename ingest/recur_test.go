package ingest

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/clean"
	"github.com/planmine/planmine/ingest/raw"
)

// TestRecurringLinesLearned: a site's footer that no single page gives
// away is learned from the batch and dropped, while what the documents
// share legitimately — headings, the issuer and the date of a template's
// signature — stays.
func TestRecurringLinesLearned(t *testing.T) {
	dir := t.TempDir()
	orgs := []string{"青山镇卫生院", "白水乡卫生院", "东湖社区卫生服务中心", "西岭县中医院", "北坡县人民医院", "南湖妇幼保健院"}
	for i, org := range orgs {
		text := strings.Join([]string{
			org + "2026年党支部工作计划",
			"一、指导思想",
			fmt.Sprintf("坚持以党建引领%s高质量发展，全年计划发展党员%d名，党课每季度不少于1次。", org, i+2),
			"二、主要任务",
			fmt.Sprintf("落实“三会一课”制度，组织主题党日活动%d次，开展志愿服务。", i+6),
			"中共某某卫生健康局委员会",
			"2026年1月8日",
			footer,
		}, "\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	read := func(opt Options) string {
		var b strings.Builder
		err := Walk(ctx, []string{dir}, opt, func(name string, docs []doc.Document, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				b.WriteString(d.Text + "\n")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	alone := read(Options{})
	if strings.Count(alone, footer) != len(orgs) {
		t.Fatalf("each page on its own keeps the footer (test premise): %d of %d", strings.Count(alone, footer), len(orgs))
	}
	st, err := CountLines(ctx, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The stats keep only what recurs (not every short line of the batch,
	// nor the texts those lines were cut from).
	if len(st.seen) == 0 {
		t.Errorf("no recurring line kept")
	}
	for k := range st.seen {
		if !st.Recurring(k) {
			t.Errorf("line %q kept, but it does not recur", k)
		}
	}
	batch := read(Options{Recurring: st.Recurring})
	if strings.Contains(batch, footer) {
		t.Errorf("the footer recurring in every page is left in")
	}
	for _, keep := range []string{"一、指导思想", "二、主要任务", "中共某某卫生健康局委员会", "2026年1月8日", "党课每季度不少于1次"} {
		if strings.Count(batch, keep) != len(orgs) {
			t.Errorf("%q kept in %d of %d pages", keep, strings.Count(batch, keep), len(orgs))
		}
	}
	// Each document says which lines the batch's reading dropped from it,
	// and reading its file alone with just those gives the same text (what
	// planmine recover does from the stored original).
	err = Walk(ctx, []string{dir}, Options{Recurring: st.Recurring}, func(name string, docs []doc.Document, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		d := docs[0]
		if len(d.Chrome) != 1 || !st.Recurring(d.Chrome[0]) {
			t.Errorf("%s: dropped chrome %q, want the footer's key", name, d.Chrome)
		}
		kept := map[string]bool{}
		for _, k := range d.Chrome {
			kept[k] = true
		}
		again, err := ReadFile(ctx, name, Options{Recurring: func(k string) bool { return kept[k] }})
		if err != nil || len(again) != 1 || again[0].Text != d.Text {
			t.Errorf("%s: read alone with its chrome: %v", name, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if docs, _ := ReadFile(ctx, filepath.Join(dir, "p0.txt"), Options{}); len(docs) != 1 || docs[0].Chrome != nil {
		t.Errorf("a file read on its own dropped chrome: %+v", docs)
	}
	// A small batch teaches nothing.
	var few LineStats
	few.Add(nil)
	if few.Recurring("x") {
		t.Error("one file taught a recurring line")
	}
}

// TestWalkLearningMatchesTwoReads: reading a batch once while learning its
// recurring chrome gives, file by file and in order, what counting the
// lines first and reading again gives — for pages with the footer, pages
// without it, members of an archive, and a file that cannot be read.
func TestWalkLearningMatchesTwoReads(t *testing.T) {
	dir := t.TempDir()
	orgs := writeFooterPages(t, dir)
	ctx := context.Background()
	type got struct{ name, text, err, chrome string }
	collect := func(out *[]got) func(File) error {
		return func(f File) error {
			g := got{name: f.Name}
			if f.Err != nil {
				g.err = f.Err.Error()
			}
			for _, d := range f.Docs {
				g.text += d.Text + "\n"
				g.chrome += strings.Join(d.Chrome, "|") + "\n"
			}
			*out = append(*out, g)
			return nil
		}
	}
	st, err := CountLines(ctx, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want, have []got
	if err := WalkFiles(ctx, []string{dir}, Options{Recurring: st.Recurring}, collect(&want)); err != nil {
		t.Fatal(err)
	}
	// Files are finished again from their drafts, or, with no budget for
	// drafts, read again: both give the two reads' result.
	defer func(b int64) { draftBudget = b }(draftBudget)
	for _, budget := range []int64{draftBudget, 0} {
		draftBudget = budget
		var reads int
		have = nil
		if err := WalkLearning(ctx, []string{dir}, Options{}, 2, func(string) { reads++ }, collect(&have)); err != nil {
			t.Fatal(err)
		}
		if len(have) != len(want) || reads != len(want) {
			t.Fatalf("budget %d: %d files (%d reported read), want %d", budget, len(have), reads, len(want))
		}
		for i := range want {
			if have[i] != want[i] {
				t.Errorf("budget %d: file %d: got %+v\nwant %+v", budget, i, have[i], want[i])
			}
		}
	}
	all := ""
	for _, g := range have {
		all += g.text
	}
	if strings.Contains(all, footer) {
		t.Error("the recurring footer is left in")
	}
	if n := strings.Count(all, "一、指导思想"); n != len(orgs) {
		t.Errorf("headings kept in %d of %d pages", n, len(orgs))
	}
}

// TestWalkLearnedMatchesTwoReads: the learning read's documents stand in
// for the real read's wherever the learned chrome changes nothing, and
// WalkLearned then gives exactly what WalkFiles with the learned
// Recurring gives — names, bytes, documents, failures — whatever the
// budget; a file changed after the learning read is read again.
func TestWalkLearnedMatchesTwoReads(t *testing.T) {
	dir := t.TempDir()
	writeFooterPages(t, dir)
	for _, name := range []string{"numbered.docx", "titled.docx"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	type got struct{ name, data, text, err, chrome string }
	collect := func(out *[]got) func(File) error {
		return func(f File) error {
			g := got{name: f.Name, data: string(f.Data)}
			if f.Err != nil {
				g.err = f.Err.Error()
			}
			for _, d := range f.Docs {
				g.text += d.Text + "\n"
				g.chrome += strings.Join(d.Chrome, "|") + "\n"
			}
			*out = append(*out, g)
			return nil
		}
	}
	twoReads := func() []got {
		st, err := CountLines(ctx, []string{dir}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var want []got
		if err := WalkFiles(ctx, []string{dir}, Options{Recurring: st.Recurring}, collect(&want)); err != nil {
			t.Fatal(err)
		}
		return want
	}
	want := twoReads()
	defer func(b int64) { learnBudget = b }(learnBudget)
	for _, budget := range []int64{learnBudget, 0} {
		learnBudget = budget
		l, err := Learn(ctx, []string{dir}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Kept: the footer-less page and the two real DOCX; not the pages
		// whose footer the batch shows to recur, the archive's members
		// (one of them footer-less too) or the broken file.
		wantKept := 3
		if budget == 0 {
			wantKept = 0
		}
		if len(l.kept) != wantKept {
			t.Errorf("budget %d: kept %d files, want %d", budget, len(l.kept), wantKept)
		}
		var have []got
		if err := WalkLearned(ctx, []string{dir}, Options{}, l, collect(&have)); err != nil {
			t.Fatal(err)
		}
		if len(have) != len(want) {
			t.Fatalf("budget %d: %d files, want %d", budget, len(have), len(want))
		}
		for i := range want {
			if have[i] != want[i] {
				t.Errorf("budget %d: file %d: got %+v\nwant %+v", budget, i, have[i], want[i])
			}
		}
		for _, g := range have {
			if strings.Contains(g.text, footer) {
				t.Errorf("budget %d: %s: the recurring footer is left in", budget, g.name)
			}
		}
	}

	// A kept file changed between the reads is read again.
	learnBudget = 1 << 20
	l, err := Learn(ctx, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p3 := filepath.Join(dir, "p3.txt")
	if _, ok := l.kept[p3]; !ok {
		t.Fatalf("%s not kept", p3)
	}
	if err := os.WriteFile(p3, []byte("北坡县人民医院2026年工作总结\n一、总体情况\n全年完成门诊量12万人次。"), 0o644); err != nil {
		t.Fatal(err)
	}
	var have []got
	if err := WalkLearned(ctx, []string{dir}, Options{}, l, collect(&have)); err != nil {
		t.Fatal(err)
	}
	for _, g := range have {
		if g.name == p3 && !strings.Contains(g.text, "工作总结") {
			t.Errorf("changed file not read again: %+v", g)
		}
	}
}

// footer is the site chrome writeFooterPages puts under its pages.
const footer = "南山资料屋 党建频道 精品推荐"

// writeFooterPages writes into dir the pages of eight organisations'
// plans, six of them as files and two as members of q.zip, all but two
// (one file, one member) ending with footer, and r.docx, which cannot be
// read. It returns the organisations.
func writeFooterPages(t *testing.T, dir string) []string {
	t.Helper()
	orgs := []string{"青山镇卫生院", "白水乡卫生院", "东湖社区卫生服务中心", "西岭县中医院", "北坡县人民医院", "南湖妇幼保健院", "中川镇卫生院", "石桥乡卫生院"}
	var members []zipEntry
	for i, org := range orgs {
		lines := []string{org + "2026年党支部工作计划", "一、指导思想",
			fmt.Sprintf("坚持以党建引领%s高质量发展，全年计划发展党员%d名。", org, i+2)}
		if i%4 != 3 {
			lines = append(lines, footer)
		}
		text := strings.Join(lines, "\n")
		if i >= 6 {
			members = append(members, zipEntry{name: fmt.Sprintf("z%d.txt", i), body: []byte(text)})
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "q.zip"), makeZip(t, members), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "r.docx"), []byte("not a docx"), 0o644); err != nil {
		t.Fatal(err)
	}
	return orgs
}

// FuzzLineStatsParts: the lines WalkLearning counts from a file's parts
// are those Add counts from the documents built from them, paragraphs
// holding line breaks and blank ones included.
func FuzzLineStatsParts(f *testing.F) {
	for _, p := range seedPaths(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("页脚\n\n一、指导思想\n 甲\x00乙 \n")
	f.Add("  \n\t\n")
	f.Fuzz(func(t *testing.T, text string) {
		// Every other line break is kept inside a paragraph.
		var paras []raw.Para
		for i, l := range strings.Split(text, "\n") {
			if i%2 == 1 && len(paras) > 0 {
				paras[len(paras)-1].Text += "\n" + l
				continue
			}
			paras = append(paras, raw.Para{Text: l})
		}
		parts := clean.Split("f.txt", paras)
		var fromDocs, fromParts LineStats
		d := &draft{name: "f.txt", meta: docMeta{sha: strings.Repeat("0", 64)}, parts: parts}
		if docs, err := d.partDocs(); err == nil {
			fromDocs.Add(docs)
		}
		fromParts.addParts(parts)
		if fromDocs.files != fromParts.files || !maps.Equal(fromDocs.seen, fromParts.seen) {
			t.Errorf("files %d, lines %v from the documents; files %d, lines %v from the parts",
				fromDocs.files, fromDocs.seen, fromParts.files, fromParts.seen)
		}
	})
}
