package nlp

import (
	"strings"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/targets"
)

// Some sites print a pinyin gloss after Han characters of a Traditional
// page (建設(shè)26所, 工作計(jì)劃). The gloss splits words for every
// extractor, so analysis runs on a view of the text without glosses and
// its spans are mapped back; the document's text keeps them as written.

// glossView is text with the glosses removed. pos[i] is the rune offset in
// the text of the view's rune i; pos[len(view)] is the text's length. inv
// maps every text offset (0..len) to the view offset at or after it.
type glossView struct {
	text []rune
	view string
	pos  []int
	inv  []int
}

// newGlossView returns the view of text, or nil when it holds no gloss.
func newGlossView(text string) *glossView {
	if !fold.MayHaveGlosses(text) {
		return nil
	}
	rs := []rune(text)
	g, pos := fold.Unglossed(rs)
	if len(g) == len(rs) {
		return nil
	}
	// inv maps a text rune to the view: a gloss rune to the character
	// after it.
	inv := make([]int, len(rs)+1)
	k := 0
	for j := range inv {
		for pos[k] < j {
			k++
		}
		inv[j] = k
	}
	return &glossView{text: rs, view: string(g), pos: pos, inv: inv}
}

// span maps a view span [a, b) to the text; the end takes in a gloss that
// follows the last character (計(jì)劃 ends after "(huà)").
func (g *glossView) span(a, b int) (int, int) {
	if a < 0 || b < a || b >= len(g.pos) {
		return a, b
	}
	return g.pos[a], g.pos[b]
}

// slice returns the text (glosses included) of the view span [a, b).
func (g *glossView) slice(a, b int) string {
	s, e := g.span(a, b)
	if s < 0 || e > len(g.text) || s > e {
		return ""
	}
	return string(g.text[s:e])
}

// analyzeView runs the stages on the gloss-free view of d and maps every
// span and quoted text back to d.Text.
func analyzeView(d *doc.Document, g *glossView) {
	v := g.doc(d)
	folded := fold.Text(v.Text)
	for _, st := range Stages {
		runStage(st, &v, folded)
	}
	vr := []rune(g.view)
	d.DocType, d.Year, d.Org, d.Date = v.DocType, v.Year, v.Org, v.Date
	d.Sections = g.mapSections(vr, v.Sections)
	d.Targets = v.Targets
	for i := range d.Targets {
		t := &d.Targets[i]
		if cs, ce, ok := clauseSpan(vr, t.Text, t.Start, t.End); ok {
			t.Text = strings.TrimSpace(g.slice(cs, ce))
		}
		t.Start, t.End = g.span(t.Start, t.End)
		t.Section = targets.SectionPath(d.Text, d.Sections, t.Start)
	}
	d.Placeholders = v.Placeholders
	for i := range d.Placeholders {
		p := &d.Placeholders[i]
		p.Text = g.slice(p.Start, p.End)
		p.Start, p.End = g.span(p.Start, p.End)
	}
	d.Slogans, d.Citations, d.People, d.Schedule = v.Slogans, v.Citations, v.People, v.Schedule
	d.Warnings = v.Warnings
}

// mapSections maps the outline to the text; a heading's title is cut from
// the text so that it reads as written.
// doc returns a copy of d reading the view: text, title and hints.
func (g *glossView) doc(d *doc.Document) doc.Document {
	v := *d
	v.Text = g.view
	v.Title = fold.StripGlosses(d.Title)
	v.Hints = nil
	for _, h := range d.Hints {
		h.Start, h.End = g.inv[min(h.Start, len(g.inv)-1)], g.inv[min(h.End, len(g.inv)-1)]
		v.Hints = append(v.Hints, h)
	}
	return v
}

func (g *glossView) mapSections(vr []rune, secs []doc.Section) []doc.Section {
	out := make([]doc.Section, len(secs))
	for i, s := range secs {
		if a := indexRunes(vr, []rune(s.Title), s.Start, s.Start+200); a >= 0 {
			s.Title = g.slice(a, a+len([]rune(s.Title)))
		}
		s.Start, s.End = g.span(s.Start, s.End)
		s.Children = g.mapSections(vr, s.Children)
		out[i] = s
	}
	return out
}

// clauseSpan finds the occurrence of clause in vr that covers [start, end).
func clauseSpan(vr []rune, clause string, start, end int) (int, int, bool) {
	c := []rune(clause)
	for p := max(0, end-len(c)); p <= start && p+len(c) <= len(vr); p++ {
		if equalRunes(vr[p:p+len(c)], c) {
			return p, p + len(c), true
		}
	}
	return 0, 0, false
}

// indexRunes is the first index of sub in rs within [from, to], or -1.
func indexRunes(rs, sub []rune, from, to int) int {
	if len(sub) == 0 {
		return -1
	}
	for p := max(0, from); p <= to && p+len(sub) <= len(rs); p++ {
		if equalRunes(rs[p:p+len(sub)], sub) {
			return p
		}
	}
	return -1
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
