package reuse

import (
	"math"
	"slices"
	"sync"

	"github.com/planmine/planmine/nlp/fingerprint"
)

// analysis is a document in matching form, computed on demand.
type analysis struct {
	e       *entry
	s       fingerprint.Stream
	prints  []fingerprint.Print
	formula [][2]int // lexicon occurrences, normalised, disjoint
	tmpl    [][2]int // text shared with templates, normalised, disjoint
	common  [][2]int // runs of fingerprints above the DF cap
	// boiler is formula ∪ tmpl ∪ common: text that never counts as copying.
	boiler    [][2]int
	countable int
	// hashes are the distinct fingerprints, ascending; commonSet those
	// above the DF cap, ascending. Both are looked up once per analysis so
	// that candidate search and passage classification read no postings.
	hashes    []uint64
	refs      []pref // peer postings of hashes
	commonSet []uint64
}

// analyse puts e in matching form; pre, when not nil, is e's prepared
// stream and is consumed (its prints are sorted in place).
func (ix *Index) analyse(e *entry, pre *prepared) *analysis {
	if pre == nil {
		pre = ix.prepare(e.d.Text)
	}
	s := pre.s
	a := &analysis{e: e, s: s, prints: pre.prints}
	if !e.template {
		// Concurrent analyses of one document may both search; they store
		// the same intervals.
		if a.formula = e.formulas(); a.formula == nil {
			a.formula = ix.formulaOf(s, e.d.Text)
			e.setFormula(a.formula)
		}
	}
	// prepare sorted the prints by hash, so every pair's seed join is a
	// plain merge; each distinct hash is looked up once, for the DF cap
	// here and for the candidate search.
	limit := ix.dfCap()
	a.hashes = make([]uint64, 0, len(a.prints))
	a.refs = make([]pref, 0, len(a.prints))
	var commonPos []int32
	common := false
	for i, p := range a.prints {
		if i == 0 || p.Hash != a.prints[i-1].Hash {
			r := ix.post.get(p.Hash)
			a.hashes = append(a.hashes, p.Hash)
			a.refs = append(a.refs, r)
			common = !e.template && ix.post.dfOf(r) > limit
			if common {
				a.commonSet = append(a.commonSet, p.Hash)
			}
		}
		if common {
			commonPos = append(commonPos, p.Pos)
		}
	}
	slices.Sort(commonPos)
	a.common = ix.commonRuns(commonPos)
	a.setBoiler()
	return a
}

// isCommon reports whether h is above the DF cap (as of analysis).
func (a *analysis) isCommon(h uint64) bool {
	_, ok := slices.BinarySearch(a.commonSet, h)
	return ok
}

// commonRuns returns the text covered by the fingerprints (at ascending
// positions pos) found in more documents than the DF cap, bridging the
// gaps winnowing leaves between selected k-grams.
func (ix *Index) commonRuns(pos []int32) [][2]int {
	var out [][2]int
	for _, p := range pos {
		s, e := int(p), int(p)+ix.opt.K
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

// postingsBudget bounds the postings one candidate search reads. Hashes
// are read rarest first, so on a huge corpus where a document's phrasing
// is in thousands of documents the search stops at the least informative
// hashes instead of walking every list.
const postingsBudget = 1 << 22

// candScratch is the per-search counters, indexed by document number.
type candScratch struct {
	shared  []uint32
	weight  []float32
	touched []uint32
}

var scratchPool = sync.Pool{New: func() any { return &candScratch{} }}

// cand is one candidate with its evidence.
type cand struct {
	e      *entry
	shared uint32  // rare fingerprints shared
	weight float32 // their IDF sum
	resem  float32 // shared / |union|, the resemblance
}

// candidates returns the documents sharing at least MinShared rare
// fingerprints with a, at most MaxCandidates, by evidence. Only a's own
// postings are read. A shared fingerprint weighs its inverse document
// frequency, so a source that shares a's rare wording outranks documents
// that share only phrasing many documents have. When the cap bites, half
// the slots go to the heaviest evidence (documents containing much of a)
// and half to the highest resemblance (documents of a's size sharing most
// of it: a copy among many siblings drawing on the same template), so
// neither kind of source is cut by the other. With templates set it looks
// at the template postings instead (no DF cap: a template is a source by
// choice). keep filters candidate numbers (nil keeps all). Callers hold
// ix.mu.
func (ix *Index) candidates(a *analysis, templates bool, keep func(uint32) bool) []*entry {
	post, limit, n := ix.post, ix.dfCap(), ix.peers
	if templates {
		post, limit, n = ix.tpost, int(^uint(0)>>1), len(ix.docs)-ix.peers
	}
	if post.Len() == 0 {
		return nil
	}
	type hdf struct {
		r  pref
		df int
	}
	rare := make([]hdf, 0, len(a.hashes))
	for i, h := range a.hashes {
		var r pref
		if templates || i >= len(a.refs) {
			r = post.get(h)
		} else {
			r = a.refs[i]
		}
		if df := post.dfOf(r); df > 0 && df <= limit {
			rare = append(rare, hdf{r, df})
		}
	}
	slices.SortFunc(rare, func(x, y hdf) int { return x.df - y.df })
	sc := scratchPool.Get().(*candScratch)
	if len(sc.shared) < len(ix.docs) {
		sc.shared = make([]uint32, len(ix.docs))
		sc.weight = make([]float32, len(ix.docs))
	}
	budget := postingsBudget
	lastDF, w := 0, float32(0)
	for _, x := range rare {
		if budget -= x.df; budget < 0 {
			break
		}
		// rare is ordered by df, so the weight changes only with it.
		if x.df != lastDF {
			lastDF, w = x.df, float32(math.Log(1+float64(max(n, 1))/float64(x.df)))
		}
		post.eachOf(x.r, func(m uint32) {
			if m == a.e.num || keep != nil && !keep(m) {
				return
			}
			if sc.shared[m] == 0 {
				sc.touched = append(sc.touched, m)
			}
			sc.shared[m]++
			sc.weight[m] += w
		})
	}
	var cs []cand
	for _, m := range sc.touched {
		if c := sc.shared[m]; int(c) >= ix.opt.MinShared && ix.docs[m] != nil {
			e := ix.docs[m]
			union := float32(len(a.hashes)) + float32(e.prints) - float32(c)
			cs = append(cs, cand{e: e, shared: c, weight: sc.weight[m], resem: float32(c) / max(union, 1)})
		}
		sc.shared[m], sc.weight[m] = 0, 0
	}
	sc.touched = sc.touched[:0]
	scratchPool.Put(sc)
	byWeight := func(x, y cand) int {
		switch {
		case x.weight != y.weight:
			return cmpDesc(x.weight, y.weight)
		case x.shared != y.shared:
			return int(y.shared) - int(x.shared)
		}
		return int(x.e.num) - int(y.e.num)
	}
	slices.SortFunc(cs, byWeight)
	if k := ix.opt.MaxCandidates; len(cs) > k {
		heavy := (k + 1) / 2
		rest := cs[heavy:]
		slices.SortStableFunc(rest, func(x, y cand) int { return cmpDesc(x.resem, y.resem) })
		cs = cs[:k]
		slices.SortFunc(cs, byWeight)
	}
	out := make([]*entry, len(cs))
	for i, c := range cs {
		out[i] = c.e
	}
	return out
}

// cmpDesc orders larger first.
func cmpDesc(x, y float32) int {
	switch {
	case x > y:
		return -1
	case x < y:
		return 1
	}
	return 0
}

// templateCover aligns a with the templates sharing fingerprints with it
// and records the covered text in a.tmpl; it returns the template pairs.
func (ix *Index) templateCover(a *analysis) []Pair {
	var pairs []Pair
	var iv [][2]int
	for _, t := range ix.candidates(a, true, nil) {
		po := ix.pair(a, ix.analyse(t, nil))
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
	seeds := fingerprint.SeedsSorted(a.prints, b.prints) // analyse sorted both
	opt := fingerprint.AlignOptions{K: ix.opt.K, Gap: ix.opt.Gap, MinLen: ix.opt.MinPassage}
	spans := fingerprint.Align(a.s.Runes, b.s.Runes, seeds, opt)
	p := Pair{A: ref(a.e.d), B: ref(b.e.d), Template: b.e.template || a.e.template, Passages: []Passage{}}
	if len(spans) == 0 {
		return pairOut{Pair: p}
	}
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
			} else if mostlyCommon(a, seeds, sp.Seeds) {
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
// fingerprints above the DF cap (a's view of them: seeds are on both sides).
func mostlyCommon(a *analysis, seeds []fingerprint.Match, idx []int) bool {
	common := 0
	for _, i := range idx {
		if a.isCommon(seeds[i].Hash) {
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
		AText: a.s.TextSlice(a.e.d.Text, sp.AStart, sp.AEnd), BText: b.s.TextSlice(b.e.d.Text, sp.BStart, sp.BEnd),
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
