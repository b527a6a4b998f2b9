package reuse

import (
	"sort"

	"github.com/planmine/planmine/nlp/fingerprint"
)

// analysis is a document in matching form, computed on demand.
type analysis struct {
	e       *entry
	s       fingerprint.Stream
	prints  []fingerprint.Print
	text    []rune
	formula [][2]int // lexicon occurrences, normalised, disjoint
	tmpl    [][2]int // text shared with templates, normalised, disjoint
	common  [][2]int // runs of fingerprints above the DF cap
	// boiler is formula ∪ tmpl ∪ common: text that never counts as copying.
	boiler    [][2]int
	countable int
}

func (ix *Index) analyse(e *entry) *analysis {
	s := fingerprint.Normalize(e.d.Text)
	// text is converted up front: analyses are shared between goroutines.
	a := &analysis{e: e, s: s, prints: ix.prints(s), text: []rune(e.d.Text)}
	if ix.opt.Lexicon != nil && !e.template {
		a.formula = fingerprint.Intervals(ix.opt.Lexicon.Find(s))
		a.formula = fingerprint.Union(append(a.formula, fingerprint.Citations(e.d.Text, s)...))
	}
	if !e.template {
		a.common = ix.commonRuns(a.prints)
	}
	// Sorted once here so that every pair's seed join is a plain merge.
	fingerprint.SortByHash(a.prints)
	a.setBoiler()
	return a
}

// commonRuns returns the text covered by fingerprints found in more
// documents than the DF cap, bridging the gaps winnowing leaves between
// selected k-grams. Callers hold ix.mu.
func (ix *Index) commonRuns(prints []fingerprint.Print) [][2]int {
	limit := ix.dfCap()
	var out [][2]int
	for _, p := range prints {
		if ix.post.df(p.Hash) <= limit {
			continue
		}
		s, e := int(p.Pos), int(p.Pos)+ix.opt.K
		if n := len(out); n > 0 && s <= out[n-1][1]+ix.opt.W {
			out[n-1][1] = max(out[n-1][1], e)
			continue
		}
		out = append(out, [2]int{s, e})
	}
	return out
}

func (a *analysis) setBoiler() {
	a.boiler = fingerprint.Union(append(append(append([][2]int(nil), a.formula...), a.tmpl...), a.common...))
	a.countable = a.s.Len() - fingerprint.Measure(a.boiler)
}

func (a *analysis) runes() []rune { return a.text }

// candidates counts, per other document, the rare fingerprints it shares
// with a, and returns those sharing at least MinShared, most shared first.
// Only a's own postings are read. With templates set it looks at the
// template postings instead (no DF cap: a template is a source by choice).
// keep filters candidate numbers (nil keeps all). Callers hold ix.mu.
func (ix *Index) candidates(a *analysis, templates bool, keep func(uint32) bool) []*entry {
	post, limit := ix.post, ix.dfCap()
	if templates {
		post, limit = ix.tpost, int(^uint(0)>>1)
	}
	if post.Len() == 0 {
		return nil
	}
	count := map[uint32]int32{}
	for _, h := range distinctHashes(a.prints) {
		if post.df(h) > limit {
			continue
		}
		post.each(h, func(n uint32) {
			if n != a.e.num && (keep == nil || keep(n)) {
				count[n]++
			}
		})
	}
	var out []*entry
	for n, c := range count {
		if int(c) >= ix.opt.MinShared && ix.docs[n] != nil {
			out = append(out, ix.docs[n])
		}
	}
	sort.Slice(out, func(i, j int) bool {
		ci, cj := count[out[i].num], count[out[j].num]
		if ci != cj {
			return ci > cj
		}
		return out[i].num < out[j].num
	})
	if len(out) > ix.opt.MaxCandidates {
		out = out[:ix.opt.MaxCandidates]
	}
	return out
}

// templateCover aligns a with the templates sharing fingerprints with it
// and records the covered text in a.tmpl; it returns the template pairs.
func (ix *Index) templateCover(a *analysis) []Pair {
	var pairs []Pair
	var iv [][2]int
	for _, t := range ix.candidates(a, true, nil) {
		po := ix.pair(a, ix.analyse(t))
		if len(po.spans) == 0 {
			continue
		}
		for _, sp := range po.spans {
			iv = append(iv, [2]int{sp.AStart, sp.AEnd})
		}
		pairs = append(pairs, po.Pair)
	}
	a.tmpl = fingerprint.Union(iv)
	a.setBoiler()
	return pairs
}

// pairOut is a pair with its normalised intervals, for document figures.
type pairOut struct {
	Pair
	spans        []fingerprint.Span
	copyA, copyB [][2]int
	boilA, boilB [][2]int
}

// pair aligns a and b and classifies the passages.
func (ix *Index) pair(a, b *analysis) pairOut {
	seeds := fingerprint.Seeds(a.prints, b.prints)
	opt := fingerprint.AlignOptions{K: ix.opt.K, Gap: ix.opt.Gap, MinLen: ix.opt.MinPassage}
	spans := fingerprint.Align(a.s.Runes, b.s.Runes, seeds, opt)
	p := Pair{A: ref(a.e.d), B: ref(b.e.d), Template: b.e.template || a.e.template, Passages: []Passage{}}
	if len(spans) == 0 {
		return pairOut{Pair: p}
	}
	limit := ix.dfCap()
	var covA, covB, boilA, boilB [][2]int
	for _, sp := range spans {
		kind := KindCopy
		switch {
		case p.Template:
			kind = KindTemplate
		default:
			// Text of the passage that is not formula or template on the
			// side where it has the least.
			restA := sp.AEnd - sp.AStart - fingerprint.Overlap(a.boiler, sp.AStart, sp.AEnd)
			restB := sp.BEnd - sp.BStart - fingerprint.Overlap(b.boiler, sp.BStart, sp.BEnd)
			if min(restA, restB) < ix.opt.MinPassage {
				kind = layer(a, b, sp)
			} else if ix.mostlyCommon(seeds, sp.Seeds, limit) {
				kind = KindCommon
			}
		}
		ps := ix.passage(a, b, sp, kind)
		if kind == KindCopy {
			p.Passages = append(p.Passages, ps)
			covA = append(covA, [2]int{sp.AStart, sp.AEnd})
			covB = append(covB, [2]int{sp.BStart, sp.BEnd})
			p.Longest = max(p.Longest, ps.Chars)
		} else {
			p.Boilerplate = append(p.Boilerplate, ps)
			boilA = append(boilA, [2]int{sp.AStart, sp.AEnd})
			boilB = append(boilB, [2]int{sp.BStart, sp.BEnd})
		}
	}
	covA, covB = fingerprint.Union(covA), fingerprint.Union(covB)
	p.ACovered = share(covered(covA, a.boiler), a.countable)
	p.BCovered = share(covered(covB, b.boiler), b.countable)
	p.Score = p.ACovered
	if b.countable < a.countable {
		p.Score = p.BCovered
	}
	return pairOut{Pair: p, spans: spans, copyA: covA, copyB: covB,
		boilA: fingerprint.Union(boilA), boilB: fingerprint.Union(boilB)}
}

// layer names the boilerplate layer that covers most of a passage.
func layer(a, b *analysis, sp fingerprint.Span) string {
	ov := func(x, y [][2]int) int {
		return fingerprint.Overlap(x, sp.AStart, sp.AEnd) + fingerprint.Overlap(y, sp.BStart, sp.BEnd)
	}
	f, t, c := ov(a.formula, b.formula), ov(a.tmpl, b.tmpl), ov(a.common, b.common)
	switch {
	case t > 0 && t >= f && t >= c:
		return KindTemplate
	case c > f:
		return KindCommon
	}
	return KindFormula
}

// mostlyCommon reports whether at least half of a passage's seeds are
// fingerprints above the DF cap. Callers hold ix.mu.
func (ix *Index) mostlyCommon(seeds []fingerprint.Match, idx []int, limit int) bool {
	common := 0
	for _, i := range idx {
		if ix.post.df(seeds[i].Hash) > limit {
			common++
		}
	}
	return len(idx) > 0 && 2*common >= len(idx)
}

func (ix *Index) passage(a, b *analysis, sp fingerprint.Span, kind string) Passage {
	as, ae := a.s.TextSpan(sp.AStart, sp.AEnd)
	bs, be := b.s.TextSpan(sp.BStart, sp.BEnd)
	return Passage{
		AStart: as, AEnd: ae, BStart: bs, BEnd: be,
		AText: string(a.runes()[as:ae]), BText: string(b.runes()[bs:be]),
		Chars: sp.AEnd - sp.AStart, Kind: kind,
	}
}

// covered is the length of iv outside the boilerplate intervals.
func covered(iv, boiler [][2]int) int {
	n := 0
	for _, x := range iv {
		n += x[1] - x[0] - fingerprint.Overlap(boiler, x[0], x[1])
	}
	return n
}

func share(n, d int) float64 {
	if d <= 0 {
		return 0
	}
	return min(1, float64(n)/float64(d))
}
