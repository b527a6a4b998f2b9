package reuse

import (
	"math"
	"slices"
	"strings"
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
	// boiler is formula ∪ tmpl: text that never counts as copying.
	boiler    [][2]int
	countable int
	// hashes are the distinct fingerprints, ascending, and refs their peer
	// postings, looked up once per analysis for the candidate search.
	hashes []uint64
	refs   []pref
	// posOrder is set when prints are in position order (a candidate
	// unpacked for one alignment) rather than sorted by hash; table, when
	// set, indexes sorted prints for joins with such candidates.
	posOrder bool
	table    *fingerprint.SeedTable
	// pk is set when the stream holds only Runes (unpacked from pk, whose
	// offsets cut passages); qb holds the buffers to give back.
	pk *packed
	qb *quickBuf
}

// cut returns the text span (code points) and text of the normalised
// range [i, j), as Stream.TextSpan and Stream.TextSlice give them.
func (a *analysis) cut(i, j int) (start, end int, text string) {
	if a.pk != nil {
		return a.pk.cut(a.e.d.Text, a.s.Len(), i, j)
	}
	start, end = a.s.TextSpan(i, j)
	return start, end, a.s.TextSlice(a.e.d.Text, i, j)
}

// quickBuf holds the runes and fingerprints of an unpacked analysis.
type quickBuf struct {
	runes  []rune
	prints []fingerprint.Print
	buf    fingerprint.Buffers
}

var quickPool = sync.Pool{New: func() any { return &quickBuf{} }}

// release gives an unpacked analysis's buffers back; a must not be used
// after.
func (a *analysis) release() {
	if a.qb != nil {
		quickPool.Put(a.qb)
		a.qb, a.s.Runes, a.prints = nil, nil, nil
	}
}

// analyseQuick puts e in matching form for alignments only (passages and
// shares, not section figures): from its packed form when it has one,
// else as analyse does (packing it for next time). With sorted set, the
// prints are sorted by hash and looked up for a candidate search, as
// analyse leaves them; otherwise they stay in position order, for a join
// with a document holding a SeedTable. When templates are indexed, such
// candidates fall back to analyse, as their template cover needs their
// own candidate search.
func (ix *Index) analyseQuick(e *entry, sorted bool) *analysis {
	pk := ix.cache.get(e)
	if pk == nil || !sorted && ix.tpost.Len() > 0 {
		pre := ix.prepare(e.d.Text, !e.template)
		if pre.pk != nil {
			ix.cache.put(e, pre.pk)
			pre.pk = nil
		}
		return ix.analyse(e, pre)
	}
	qb := quickPool.Get().(*quickBuf)
	qb.runes = pk.runes(qb.runes)
	qb.prints = pk.prints(qb.prints, qb.runes, ix.opt.K)
	a := &analysis{e: e, s: fingerprint.Stream{Runes: qb.runes, TextLen: int(pk.textLen)},
		prints: qb.prints, pk: pk, qb: qb}
	if !e.template {
		// As in analyse: found once, then kept.
		if a.formula = e.formulas(); a.formula == nil {
			text, n := e.d.Text, len(qb.runes)
			a.formula = ix.formulaBy(a.s, text, func(off int) int { return pk.index(text, n, off) })
			e.setFormula(a.formula)
		}
	}
	if sorted {
		fingerprint.SortByHashInto(a.prints, &qb.buf)
		ix.lookup(a, nil)
	} else {
		a.posOrder = true
	}
	a.setBoiler()
	return a
}

// analyse puts e in matching form; pre, when not nil, is e's prepared
// stream and is consumed (its prints are sorted in place).
func (ix *Index) analyse(e *entry, pre *prepared) *analysis {
	if pre == nil {
		pre = ix.prepare(e.d.Text, false)
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
	// plain merge; a document indexed from pre has its distinct hashes
	// listed already.
	ix.lookup(a, pre.hashes)
	a.setBoiler()
	return a
}

// lookup looks each distinct hash of a's sorted prints up once, for the
// candidate search. hashes, if not nil, are those hashes (sortedHashes of
// a.prints), kept by a.
func (ix *Index) lookup(a *analysis, hashes []uint64) {
	if hashes == nil {
		hashes = sortedHashes(make([]uint64, 0, len(a.prints)), a.prints)
	}
	a.hashes = hashes
	a.refs = make([]pref, len(hashes))
	for i, h := range hashes {
		a.refs[i] = ix.post.get(h)
	}
}

func (a *analysis) setBoiler() {
	a.boiler = fingerprint.Union(append(append([][2]int(nil), a.formula...), a.tmpl...))
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
	shared uint32  // fingerprints shared
	weight float32 // their IDF sum
	resem  float32 // shared / |union|, the resemblance
}

// candidates returns the documents sharing at least MinShared
// fingerprints with a, at most MaxCandidates, by evidence. Only a's own
// postings are read, rarest first, within postingsBudget. A shared
// fingerprint weighs its inverse document frequency, so a source that
// shares a's rare wording outranks documents that share only phrasing many
// documents have. When the cap bites, half the slots go to the heaviest
// evidence (documents containing much of a) and half to the highest
// resemblance (documents of a's size sharing most of it: a copy among many
// siblings drawing on the same template), so neither kind of source is cut
// by the other; ties go to the smaller document id, not to the earlier
// arrival.
//
// Every fingerprint counts, however many documents hold it: a cap on the
// document frequency (as MOSS has) would make two documents that share a
// text candidates of each other only while few others share it too, so a
// pair found when the later one arrived would be lost, or never found, at
// a rebuild, and a dozen verbatim copies would never meet. Below the cap
// and the budget, b is a candidate of a exactly when they share MinShared
// fingerprints, which is symmetric and independent of the rest of the
// index. With templates set it looks at the template postings instead.
// keep filters candidate numbers (nil keeps all). Callers hold ix.mu.
func (ix *Index) candidates(a *analysis, templates bool, keep func(uint32) bool) []*entry {
	post, n := ix.post, ix.peers
	if templates {
		post, n = ix.tpost, len(ix.docs)-ix.peers
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
		if df := post.dfOf(r); df > 0 {
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
	cs = choose(cs, ix.opt.MaxCandidates)
	out := make([]*entry, len(cs))
	for i, c := range cs {
		out[i] = c.e
	}
	return out
}

// byWeight orders candidates by evidence: IDF weight, then fingerprints
// shared, then the smaller document id.
func byWeight(x, y cand) int {
	switch {
	case x.weight != y.weight:
		return cmpDesc(x.weight, y.weight)
	case x.shared != y.shared:
		return int(y.shared) - int(x.shared)
	}
	return strings.Compare(x.e.d.ID, y.e.d.ID)
}

// choose keeps at most k of cs (see candidates: half by weight, the rest by
// resemblance, ties by weight) and returns them ordered by weight. Only the
// k chosen are sorted: on a corpus where a text is in tens of thousands of
// documents, sorting every candidate (ties broken by id) was most of a
// one-document query's time.
func choose(cs []cand, k int) []cand {
	if len(cs) > k {
		heavy := (k + 1) / 2
		selectFirst(cs, heavy, byWeight)
		selectFirst(cs[heavy:], k-heavy, func(x, y cand) int {
			if c := cmpDesc(x.resem, y.resem); c != 0 {
				return c
			}
			return byWeight(x, y)
		})
		cs = cs[:k]
	}
	slices.SortFunc(cs, byWeight)
	return cs
}

// selectFirst moves the n first elements of cs under cmp, a total order,
// to cs[:n]; the others end in cs[n:], in no particular order. It keeps
// the n so far in a heap with the last of them on top, so an element that
// does not belong costs one comparison: O(len(cs) log n).
func selectFirst(cs []cand, n int, cmp func(x, y cand) int) {
	if n <= 0 || n >= len(cs) {
		return
	}
	h := cs[:n]
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= n {
				return
			}
			if c+1 < n && cmp(h[c+1], h[c]) > 0 {
				c++
			}
			if cmp(h[c], h[i]) <= 0 {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i)
	}
	for i := n; i < len(cs); i++ {
		if cmp(cs[i], h[0]) < 0 {
			cs[i], h[0] = h[0], cs[i]
			down(0)
		}
	}
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
	// cntA and cntB are the copied text outside each side's boilerplate
	// (copyA minus a's formula and template text): what the side's share
	// counts, and what a document's total share is the union of.
	cntA, cntB     [][2]int
	countA, countB int
}

// mirror returns the pair seen from its B side.
func (po pairOut) mirror() pairOut {
	m := po
	m.Pair = po.Pair.Mirror()
	m.spans = make([]fingerprint.Span, len(po.spans))
	for i, sp := range po.spans {
		m.spans[i] = fingerprint.Span{AStart: sp.BStart, AEnd: sp.BEnd, BStart: sp.AStart, BEnd: sp.AEnd,
			Matched: sp.Matched}
	}
	m.copyA, m.copyB = po.copyB, po.copyA
	m.boilA, m.boilB = po.boilB, po.boilA
	m.cntA, m.cntB = po.cntB, po.cntA
	m.countA, m.countB = po.countB, po.countA
	return m
}

// Mirror returns the pair seen from its B side: sides, shares and passage
// spans swapped (Chars and Longest stay as measured on the aligned A side).
func (p Pair) Mirror() Pair {
	m := p
	m.A, m.B = p.B, p.A
	m.ACovered, m.BCovered = p.BCovered, p.ACovered
	m.Passages = mirrorPassages(p.Passages)
	m.Boilerplate = mirrorPassages(p.Boilerplate)
	return m
}

func mirrorPassages(ps []Passage) []Passage {
	if ps == nil {
		return nil
	}
	out := make([]Passage, len(ps))
	for i, x := range ps {
		out[i] = Passage{AStart: x.BStart, AEnd: x.BEnd, BStart: x.AStart, BEnd: x.AEnd,
			AText: x.BText, BText: x.AText, Chars: x.Chars, Kind: x.Kind}
	}
	return out
}

// pairOf aligns two peer documents and returns the pair seen from a. The
// alignment always runs with the smaller id as A and is mirrored for the
// other side: Align is not symmetric (where a passage could pair with two
// places, the choice follows A's order), so aligning from whichever
// document arrived later would make a pair, and the shares built on it,
// depend on arrival order.
func (ix *Index) pairOf(a, b *analysis) pairOut {
	if b.e.d.ID < a.e.d.ID {
		return ix.pair(b, a).mirror()
	}
	return ix.pair(a, b)
}

// pair aligns a and b (in this orientation) and classifies the passages.
func (ix *Index) pair(a, b *analysis) pairOut {
	js := joinPool.Get().(*joinScratch)
	po := ix.pairSeeds(a, b, js.seeds(a, b))
	joinPool.Put(js)
	return po
}

// pairSeeds is pair with the seed matches of a and b given.
func (ix *Index) pairSeeds(a, b *analysis, seeds []fingerprint.Match) pairOut {
	opt := fingerprint.AlignOptions{K: ix.opt.K, Gap: ix.opt.Gap, MinLen: ix.opt.MinPassage}
	spans := fingerprint.Align(a.s.Runes, b.s.Runes, seeds, opt)
	p := Pair{A: ref(a.e.d), B: ref(b.e.d), Template: b.e.template || a.e.template, Passages: []Passage{}}
	if len(spans) == 0 {
		return pairOut{Pair: p, countA: a.countable, countB: b.countable}
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
	cntA, cntB := minus(covA, a.boiler), minus(covB, b.boiler)
	p.ACovered = share(fingerprint.Measure(cntA), a.countable)
	p.BCovered = share(fingerprint.Measure(cntB), b.countable)
	p.Score = p.ACovered
	if b.countable < a.countable {
		p.Score = p.BCovered
	}
	return pairOut{Pair: p, spans: spans, copyA: covA, copyB: covB,
		boilA: fingerprint.Union(boilA), boilB: fingerprint.Union(boilB),
		cntA: cntA, cntB: cntB, countA: a.countable, countB: b.countable}
}

// layer names the boilerplate layer that covers most of a passage.
func layer(a, b *analysis, sp fingerprint.Span) string {
	ov := func(x, y [][2]int) int {
		return fingerprint.Overlap(x, sp.AStart, sp.AEnd) + fingerprint.Overlap(y, sp.BStart, sp.BEnd)
	}
	if t, f := ov(a.tmpl, b.tmpl), ov(a.formula, b.formula); t > 0 && t >= f {
		return KindTemplate
	}
	return KindFormula
}

func (ix *Index) passage(a, b *analysis, sp fingerprint.Span, kind string) Passage {
	as, ae, at := a.cut(sp.AStart, sp.AEnd)
	bs, be, bt := b.cut(sp.BStart, sp.BEnd)
	return Passage{
		AStart: as, AEnd: ae, BStart: bs, BEnd: be,
		AText: at, BText: bt,
		Chars: sp.AEnd - sp.AStart, Kind: kind,
	}
}

// joinScratch is the buffers of one seed join.
type joinScratch struct {
	m       []fingerprint.Match
	counts  []uint8
	touched []int32
	sa, sb  []fingerprint.Print
	buf     fingerprint.Buffers
}

var joinPool = sync.Pool{New: func() any { return &joinScratch{} }}

// seeds returns the seed matches of a and b, valid until js is reused.
// Prints sorted by hash on both sides are merged; a side in position order
// is joined with the other's SeedTable, or sorted in a copy when it has
// none.
func (js *joinScratch) seeds(a, b *analysis) []fingerprint.Match {
	switch {
	case !a.posOrder && !b.posOrder:
		return fingerprint.SeedsSorted(a.prints, b.prints)
	case b.posOrder && a.table != nil:
		js.m, js.touched = a.table.Seeds(js.m, b.prints, js.zeros(a.table.Distinct()), js.touched, false)
		return js.m
	case a.posOrder && b.table != nil:
		js.m, js.touched = b.table.Seeds(js.m, a.prints, js.zeros(b.table.Distinct()), js.touched, true)
		return js.m
	}
	ap, bp := a.prints, b.prints
	if a.posOrder {
		js.sa = append(js.sa[:0], ap...)
		fingerprint.SortByHashInto(js.sa, &js.buf)
		ap = js.sa
	}
	if b.posOrder {
		js.sb = append(js.sb[:0], bp...)
		fingerprint.SortByHashInto(js.sb, &js.buf)
		bp = js.sb
	}
	return fingerprint.SeedsSorted(ap, bp)
}

// zeros returns n zero counters (SeedTable.Seeds leaves them zero).
func (js *joinScratch) zeros(n int) []uint8 {
	if len(js.counts) < n {
		js.counts = make([]uint8, n)
	}
	return js.counts[:n]
}

// minus returns the parts of iv (disjoint, ascending) outside cut
// (disjoint, ascending).
func minus(iv, cut [][2]int) [][2]int {
	var out [][2]int
	j := 0
	for _, x := range iv {
		s, e := x[0], x[1]
		for j < len(cut) && cut[j][1] <= s {
			j++
		}
		for k := j; k < len(cut) && cut[k][0] < e; k++ {
			if cut[k][0] > s {
				out = append(out, [2]int{s, cut[k][0]})
			}
			s = max(s, cut[k][1])
		}
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	return out
}

func share(n, d int) float64 {
	if d <= 0 {
		return 0
	}
	return min(1, float64(n)/float64(d))
}
