package eval

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Pipeline is what eval measures: how a file becomes documents, and
// optionally how documents are compared for reuse.
type Pipeline struct {
	// Analyze reads and analyses one file into its documents.
	Analyze func(ctx context.Context, path string) ([]doc.Document, error)
	// Reuse reports pairs of documents with shared passages and clusters of
	// mutually copied documents (by document ID). Optional.
	Reuse func(docs []doc.Document) (pairs [][2]string, clusters [][]string)
}

// Count is one measured field: Hits of Total gold items; Predicted is the
// denominator of precision where the field has one.
type Count struct {
	Hits      int
	Total     int
	Predicted int
	Misses    []string
}

func (c *Count) hit(ok bool, miss string) {
	c.Total++
	if ok {
		c.Hits++
	} else if miss != "" {
		c.Misses = append(c.Misses, miss)
	}
}

// Ratio is Hits/Total (1 when there is nothing to find).
func (c Count) Ratio() float64 {
	if c.Total == 0 {
		return 1
	}
	return float64(c.Hits) / float64(c.Total)
}

// Precision is Hits/Predicted (1 when nothing was predicted).
func (c Count) Precision() float64 {
	if c.Predicted == 0 {
		return 1
	}
	return float64(c.Hits) / float64(c.Predicted)
}

// Result holds every measured field.
type Result struct {
	Fields map[string]*Count
	// TargetPrecision counts hits and predictions on complete documents only.
	TargetPrecision *Count
	// NotTargets counts predicted targets that are listed as not targets.
	NotTargets *Count
}

// Field names, in print order.
var fieldOrder = []string{
	"documents", "chrome", "targets", "targets.cmp", "targets.kind", "outline",
	"slogans", "citations", "placeholders", "people", "schedule",
	"title", "doc_type", "year", "org", "date", "reuse.clusters", "reuse.pairs",
}

func (r *Result) field(name string) *Count {
	c, ok := r.Fields[name]
	if !ok {
		c = &Count{}
		r.Fields[name] = c
	}
	return c
}

// Run evaluates every labelled file of goldPath. Files are looked up in
// corpusDir (default: ../corpus/seeds beside the gold folder).
func Run(ctx context.Context, goldPath, corpusDir string, p Pipeline) (*Result, error) {
	g, err := LoadGold(goldPath)
	if err != nil {
		return nil, err
	}
	if corpusDir == "" {
		corpusDir = filepath.Join(filepath.Dir(goldPath), "..", "corpus", "seeds")
	}
	res := &Result{Fields: map[string]*Count{}, TargetPrecision: &Count{}, NotTargets: &Count{}}
	names := make([]string, 0, len(g.Files))
	for n := range g.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		path := filepath.Join(corpusDir, name)
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("找不到标注对应的文件 (labelled file missing) %s: %w", path, err)
		}
		docs, err := p.Analyze(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		evalFile(res, name, g.Files[name], docs, p)
	}
	return res, nil
}

func evalFile(res *Result, name string, gf GoldFile, docs []doc.Document, p Pipeline) {
	norms := make([]normText, len(docs))
	for i := range docs {
		norms[i] = normalize(docs[i].Text)
	}
	// documents
	dc := res.field("documents")
	switch {
	case gf.Documents > 0:
		dc.hit(len(docs) == gf.Documents, fmt.Sprintf("%s: %d documents, want %d", name, len(docs), gf.Documents))
	case gf.DocumentsMin > 0:
		dc.hit(len(docs) >= gf.DocumentsMin, fmt.Sprintf("%s: %d documents, want >= %d", name, len(docs), gf.DocumentsMin))
	}
	// chrome: none may remain in any document
	for _, ch := range gf.Chrome {
		left := false
		for i := range docs {
			if strings.Contains(docs[i].Text, ch) || strings.Contains(norms[i].s, norm(ch)) {
				left = true
			}
		}
		res.field("chrome").hit(!left, fmt.Sprintf("%s: chrome left: %q", name, ch))
	}
	// placeholders (file level)
	var predPH []string
	for i := range docs {
		for _, ph := range docs[i].Placeholders {
			predPH = append(predPH, norm(ph.Text))
		}
	}
	for _, ph := range gf.Placeholders {
		res.field("placeholders").hit(containsStr(predPH, norm(ph)), fmt.Sprintf("%s: placeholder %q", name, ph))
	}
	for _, gd := range gf.Docs {
		i := findDoc(norms, gd.Cue)
		if i < 0 {
			res.field("documents").hit(false, fmt.Sprintf("%s: no document contains cue %q", name, gd.Cue))
			countMissingDoc(res, gd)
			continue
		}
		evalDoc(res, name, gd, &docs[i], norms[i])
	}
	evalReuse(res, name, gf, docs, norms, p)
}

// countMissingDoc counts every label of a document that was not found as missed.
func countMissingDoc(res *Result, gd GoldDoc) {
	for _, t := range gd.Targets {
		if !t.Optional {
			res.field("targets").hit(false, "doc not found: "+t.Cue)
		}
	}
	for range gd.Outline {
		res.field("outline").hit(false, "")
	}
	for range gd.Slogans {
		res.field("slogans").hit(false, "")
	}
	for range gd.People {
		res.field("people").hit(false, "")
	}
	for range gd.Schedule {
		res.field("schedule").hit(false, "")
	}
}

func evalDoc(res *Result, name string, gd GoldDoc, d *doc.Document, nt normText) {
	tag := name + " [" + gd.Cue + "]"
	evalTargets(res, tag, gd, d, nt)
	// outline
	flat := flatten(d.Sections)
	for _, e := range gd.Outline {
		lv, num, title := outlineEntry(e)
		ok := false
		for _, s := range flat {
			if s.Level == lv && norm(s.Number) == norm(num) {
				a, b := norm(s.Title), norm(title)
				if a != "" && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
					ok = true
					break
				}
			}
		}
		res.field("outline").hit(ok, fmt.Sprintf("%s: heading %d %s %s", tag, lv, num, title))
	}
	var sl, ci []string
	for _, s := range d.Slogans {
		sl = append(sl, norm(s.Text))
	}
	for _, c := range d.Citations {
		ci = append(ci, norm(c.Text))
	}
	for _, s := range gd.Slogans {
		res.field("slogans").hit(containsStr(sl, norm(s)), fmt.Sprintf("%s: slogan %q", tag, s))
	}
	for _, c := range gd.Citations {
		res.field("citations").hit(containsStr(ci, norm(c)), fmt.Sprintf("%s: citation %q", tag, c))
	}
	var pp []string
	for _, p := range d.People {
		pp = append(pp, norm(p.Role)+"|"+norm(p.Name))
	}
	for _, p := range gd.People {
		res.field("people").hit(containsStr(pp, norm(p[0])+"|"+norm(p[1])), fmt.Sprintf("%s: person %s %s", tag, p[0], p[1]))
	}
	for _, ph := range gd.Schedule {
		ok := false
		for _, q := range d.Schedule {
			if norm(q.Phase) == norm(ph[0]) && q.From == ph[2] && q.To == ph[3] && prefixEither(norm(q.Title), norm(ph[1])) {
				ok = true
			}
		}
		res.field("schedule").hit(ok, fmt.Sprintf("%s: phase %v", tag, ph))
	}
	if gd.Title != "" {
		res.field("title").hit(norm(d.Title) == norm(gd.Title), fmt.Sprintf("%s: title %q, want %q", tag, d.Title, gd.Title))
	}
	if gd.DocType != "" {
		res.field("doc_type").hit(d.DocType == gd.DocType, fmt.Sprintf("%s: doc_type %s, want %s", tag, d.DocType, gd.DocType))
	}
	if gd.Year != 0 {
		got := 0
		if d.Year != nil {
			got = *d.Year
		}
		res.field("year").hit(got == gd.Year, fmt.Sprintf("%s: year %d, want %d", tag, got, gd.Year))
	}
	if gd.Org != "" {
		got := ""
		if d.Org != nil {
			got = *d.Org
		}
		res.field("org").hit(norm(got) == norm(gd.Org), fmt.Sprintf("%s: org %q, want %q", tag, got, gd.Org))
	}
	if gd.Date != "" {
		got := ""
		if d.Date != nil {
			got = *d.Date
		}
		res.field("date").hit(got == gd.Date, fmt.Sprintf("%s: date %q, want %q", tag, got, gd.Date))
	}
}

// evalTargets applies the gold README's target rules: a gold target is hit
// by an unused predicted target whose folded clause contains the cue (or
// whose span overlaps the cue), with equal value, value_max and unit.
func evalTargets(res *Result, tag string, gd GoldDoc, d *doc.Document, nt normText) {
	used := make([]bool, len(d.Targets))
	optionalHit := 0
	hits := 0
	for _, gt := range gd.Targets {
		cs, ce := nt.find(gt.Cue)
		found := -1
		for j, pt := range d.Targets {
			if used[j] {
				continue
			}
			textOK := strings.Contains(norm(pt.Text), norm(gt.Cue)) || (cs >= 0 && pt.Start < ce && pt.End > cs)
			if !textOK || math.Abs(pt.Value-gt.Value) > 0.01 || norm(pt.Unit) != norm(gt.Unit) {
				continue
			}
			if (gt.ValueMax == nil) != (pt.ValueMax == nil) {
				continue
			}
			if gt.ValueMax != nil && math.Abs(*gt.ValueMax-*pt.ValueMax) > 0.01 {
				continue
			}
			found = j
			break
		}
		if found >= 0 {
			used[found] = true
		}
		if gt.Optional {
			if found >= 0 {
				optionalHit++
			}
			continue
		}
		res.field("targets").hit(found >= 0, fmt.Sprintf("%s: target %q (%v %s)", tag, gt.Cue, gt.Value, gt.Unit))
		if found >= 0 {
			hits++
			pt := d.Targets[found]
			res.field("targets.cmp").hit(pt.Cmp == gt.Cmp, fmt.Sprintf("%s: cmp of %q is %s, want %s", tag, gt.Cue, pt.Cmp, gt.Cmp))
			res.field("targets.kind").hit(pt.Kind == gt.Kind, fmt.Sprintf("%s: kind of %q is %s, want %s", tag, gt.Cue, pt.Kind, gt.Kind))
		}
	}
	if gd.Complete {
		res.TargetPrecision.Hits += hits
		res.TargetPrecision.Total += hits
		res.TargetPrecision.Predicted += len(d.Targets) - optionalHit
		for j, pt := range d.Targets {
			if !used[j] {
				res.TargetPrecision.Misses = append(res.TargetPrecision.Misses,
					fmt.Sprintf("%s: extra target %q = %v %s", tag, pt.Text, pt.Value, pt.Unit))
			}
		}
	}
	for _, nt0 := range gd.NotTargets {
		for _, occ := range nt.findAll(nt0) {
			for _, pt := range d.Targets {
				if pt.Start < occ[1] && pt.End > occ[0] {
					res.NotTargets.Predicted++
					res.NotTargets.Misses = append(res.NotTargets.Misses,
						fmt.Sprintf("%s: not-target %q predicted as %q", tag, nt0, pt.Text))
				}
			}
		}
	}
}

func evalReuse(res *Result, name string, gf GoldFile, docs []doc.Document, norms []normText, p Pipeline) {
	if p.Reuse == nil || (len(gf.NearIdenticalParts) == 0 && len(gf.Reuse) == 0) {
		return
	}
	pairs, clusters := p.Reuse(docs)
	if len(gf.NearIdenticalParts) > 0 {
		want := map[string]bool{}
		for _, part := range gf.NearIdenticalParts {
			for _, d := range docs {
				if d.Part == part {
					want[d.ID] = true
				}
			}
		}
		ok := false
		for _, c := range clusters {
			in := 0
			for _, id := range c {
				if want[id] {
					in++
				}
			}
			if in == len(want) && len(want) == len(gf.NearIdenticalParts) {
				ok = true
			}
		}
		res.field("reuse.clusters").hit(ok, fmt.Sprintf("%s: parts %v not one cluster", name, gf.NearIdenticalParts))
	}
	// A cue may occur in several parts (a title repeated by the scraper):
	// the pair is found when any part holding one cue is paired with any
	// part holding the other.
	for _, rp := range gf.Reuse {
		as, bs := findDocs(norms, rp[0]), findDocs(norms, rp[1])
		ok := false
		for _, a := range as {
			for _, b := range bs {
				if a == b {
					continue
				}
				for _, pr := range pairs {
					if (pr[0] == docs[a].ID && pr[1] == docs[b].ID) || (pr[0] == docs[b].ID && pr[1] == docs[a].ID) {
						ok = true
					}
				}
			}
		}
		res.field("reuse.pairs").hit(ok, fmt.Sprintf("%s: pair %q ~ %q", name, rp[0], rp[1]))
	}
}

// Write prints the figures as a table; verbose adds every miss.
func (r *Result) Write(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "%-16s %8s %8s %10s\n", "字段 field", "命中 hit", "总数 all", "召回 recall")
	for _, name := range fieldOrder {
		c, ok := r.Fields[name]
		if !ok {
			continue
		}
		label := "recall"
		if strings.Contains(name, ".") && (strings.HasSuffix(name, "cmp") || strings.HasSuffix(name, "kind")) ||
			name == "title" || name == "doc_type" || name == "year" || name == "org" || name == "date" || name == "documents" || name == "chrome" {
			label = "accuracy"
		}
		fmt.Fprintf(w, "%-16s %8d %8d %10.3f  %s\n", name, c.Hits, c.Total, c.Ratio(), label)
	}
	tp := r.TargetPrecision
	fmt.Fprintf(w, "%-16s %8d %8d %10.3f  precision (complete docs)\n", "targets", tp.Hits, tp.Predicted, tp.Precision())
	if c, ok := r.Fields["targets"]; ok {
		fmt.Fprintf(w, "%-16s %8s %8s %10.3f  F1 (recall, precision on complete docs)\n", "targets", "-", "-", F1(c.Ratio(), tp.Precision()))
	}
	fmt.Fprintf(w, "%-16s %8d %8s %10s  predicted not-targets (want 0)\n", "not_targets", r.NotTargets.Predicted, "-", "-")
	if !verbose {
		return
	}
	for _, name := range fieldOrder {
		if c, ok := r.Fields[name]; ok {
			for _, m := range c.Misses {
				fmt.Fprintf(w, "  miss %-12s %s\n", name, m)
			}
		}
	}
	for _, m := range tp.Misses {
		fmt.Fprintf(w, "  extra %s\n", m)
	}
	for _, m := range r.NotTargets.Misses {
		fmt.Fprintf(w, "  wrong %s\n", m)
	}
}

// F1 is the harmonic mean of recall and precision (0 when both are 0).
func F1(recall, precision float64) float64 {
	if recall+precision == 0 {
		return 0
	}
	return 2 * recall * precision / (recall + precision)
}

// Bar is a minimum figure for one field.
type Bar struct {
	Field string
	Min   float64
}

// Bars are the acceptance figures on the seeds.
var Bars = []Bar{
	{"targets", 0.95}, {"targets.cmp", 0.95}, {"targets.kind", 0.95}, {"outline", 0.95},
	{"placeholders", 0.9}, {"slogans", 0.9}, {"people", 0.9}, {"schedule", 0.9},
	{"documents", 1}, {"chrome", 1},
}

// Below returns the measured fields under their bar ("outline 0.812 <
// 0.95") and the fields of bars that were not measured at all.
func (r *Result) Below(bars []Bar) (below, unmeasured []string) {
	for _, b := range bars {
		c, ok := r.Fields[b.Field]
		switch {
		case !ok || c.Total == 0:
			unmeasured = append(unmeasured, b.Field)
		case c.Ratio() < b.Min:
			below = append(below, fmt.Sprintf("%s %.3f < %.2f", b.Field, c.Ratio(), b.Min))
		}
	}
	return below, unmeasured
}

// Check returns the fields below their bar (and target precision below 0.95,
// and any predicted not-target).
func (r *Result) Check() []string {
	bad, _ := r.Below(Bars)
	if p := r.TargetPrecision.Precision(); p < 0.95 {
		bad = append(bad, fmt.Sprintf("targets precision %.3f < 0.95", p))
	}
	if n := r.NotTargets.Predicted; n > 0 {
		bad = append(bad, fmt.Sprintf("%d not-targets predicted", n))
	}
	return bad
}

func flatten(secs []doc.Section) []doc.Section {
	var out []doc.Section
	var walk func([]doc.Section)
	walk = func(ss []doc.Section) {
		for _, s := range ss {
			out = append(out, s)
			walk(s.Children)
		}
	}
	walk(secs)
	return out
}

func findDoc(norms []normText, cue string) int {
	c := norm(cue)
	for i := range norms {
		if strings.Contains(norms[i].s, c) {
			return i
		}
	}
	return -1
}

func findDocs(norms []normText, cue string) []int {
	c := norm(cue)
	var out []int
	for i := range norms {
		if strings.Contains(norms[i].s, c) {
			out = append(out, i)
		}
	}
	return out
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func prefixEither(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// punctFold maps Chinese punctuation to one ASCII form so that Chinese and
// ASCII punctuation compare alike (the gold README's rule).
var punctFold = map[rune]rune{
	'，': ',', '、': ',', '。': '.', '．': '.', '：': ':', '；': ';', '！': '!', '？': '?',
	'“': '"', '”': '"', '‘': '\'', '’': '\'', '「': '"', '」': '"', '『': '"', '』': '"',
	'（': '(', '）': ')', '【': '[', '】': ']', '〔': '[', '〕': ']', '《': '<', '》': '>',
	'—': '-', '－': '-', '～': '-', '~': '-', '–': '-', '〜': '-', '…': '.', '·': '.',
}

// normText is a document's text in matching form with a map back to rune
// offsets of the original.
type normText struct {
	s   string
	pos []int // pos[i] = rune offset in the original of the i-th rune of s
}

func normalize(text string) normText {
	f := []rune(fold.Text(text))
	var b strings.Builder
	pos := make([]int, 0, len(f))
	for i, r := range f {
		if unicode.IsSpace(r) {
			continue
		}
		if m, ok := punctFold[r]; ok {
			r = m
		}
		b.WriteRune(r)
		pos = append(pos, i)
	}
	return normText{s: b.String(), pos: pos}
}

func norm(s string) string { return normalize(s).s }

// find returns the original rune span of the first occurrence of cue, or -1.
func (n normText) find(cue string) (int, int) {
	all := n.findAll(cue)
	if len(all) == 0 {
		return -1, -1
	}
	return all[0][0], all[0][1]
}

func (n normText) findAll(cue string) [][2]int {
	c := norm(cue)
	if c == "" {
		return nil
	}
	var out [][2]int
	n0 := utf8.RuneCountInString(c)
	for off := 0; ; {
		i := strings.Index(n.s[off:], c)
		if i < 0 {
			return out
		}
		start := utf8.RuneCountInString(n.s[:off+i])
		out = append(out, [2]int{n.pos[start], n.pos[start+n0-1] + 1})
		off += i + len(c)
	}
}
