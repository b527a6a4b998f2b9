package reuse

import (
	"runtime"
	"sort"
	"sync"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// Sources returns the pairs of the document with this ID: peers it shares
// copied passages with, most copied first, then template sources. It reads
// only the postings of the document's own fingerprints and aligns only
// candidates sharing rare fingerprints. Pairs have the document as A.
func (ix *Index) Sources(id string) []Pair {
	ps, _, _ := ix.Document(id)
	return ps
}

// Document returns Sources(id) together with the document's figures
// (copied share, largest source, boilerplate share, sections); ok is false
// for an unknown ID.
func (ix *Index) Document(id string) (pairs []Pair, st DocStats, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	e := ix.byID[id]
	if e == nil {
		return nil, DocStats{}, false
	}
	a := ix.analyse(e, nil)
	tpairs := ix.templateCover(a)
	hasT := ix.tpost.Len() > 0
	var sides []docSide
	// Templates have their own postings, so every peer candidate is a peer.
	// Candidates are analysed and aligned on all cores; a is only read.
	cands := ix.candidates(a, false, nil)
	outs := make([]pairOut, len(cands))
	parallel(len(cands), func(i int) {
		b := ix.analyse(cands[i], nil)
		if hasT {
			ix.templateCover(b)
		}
		outs[i] = ix.pair(a, b)
	})
	for i, po := range outs {
		c := cands[i]
		if len(po.spans) == 0 {
			continue
		}
		sides = append(sides, docSide{other: c.d.ID, cover: po.ACovered, copy: po.copyA, boil: po.boilA, longest: po.Longest})
		if len(po.Passages) > 0 {
			pairs = append(pairs, po.Pair)
		}
	}
	sortPairs(pairs)
	return append(pairs, tpairs...), stats(a, sides), true
}

func sortPairs(ps []Pair) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Score != ps[j].Score {
			return ps[i].Score > ps[j].Score
		}
		if ps[i].A.ID != ps[j].A.ID {
			return ps[i].A.ID < ps[j].A.ID
		}
		return ps[i].B.ID < ps[j].B.ID
	})
}

// Report aligns every candidate pair of the corpus once and returns the
// pairs with copied passages (template pairs included, flagged), the
// clusters and every peer document's figures.
func (ix *Index) Report() Report { return ix.report(nil) }

// report is Report with the streams and fingerprints of the documents
// prepared beforehand (by entry number; nil or missing ones are computed).
func (ix *Index) report(pre []*prepared) Report {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var live []*entry
	for _, e := range ix.docs {
		if e != nil && !e.template {
			live = append(live, e)
		}
	}
	an := make([]*analysis, len(ix.docs))
	tpairs := make([][]Pair, len(ix.docs))
	parallel(len(live), func(i int) {
		e := live[i]
		var p *prepared
		if int(e.num) < len(pre) {
			p = pre[e.num]
		}
		a := ix.analyse(e, p)
		tpairs[e.num] = ix.templateCover(a)
		an[e.num] = a
	})
	// Each pair once: a document against candidates added before it.
	outs := make([][]pairOut, len(live))
	parallel(len(live), func(i int) {
		a := an[live[i].num]
		for _, c := range ix.candidates(a, false, func(n uint32) bool { return n < a.e.num && an[n] != nil }) {
			po := ix.pair(an[c.num], a)
			if len(po.spans) > 0 {
				outs[i] = append(outs[i], po)
			}
		}
	})
	r := Report{Pairs: []Pair{}, Documents: []DocStats{}}
	byDoc := map[uint32][]docSide{}
	for _, os := range outs {
		for _, po := range os {
			na, nb := ix.byID[po.A.ID].num, ix.byID[po.B.ID].num
			byDoc[na] = append(byDoc[na], docSide{other: po.B.ID, cover: po.ACovered, copy: po.copyA, boil: po.boilA, longest: po.Longest})
			byDoc[nb] = append(byDoc[nb], docSide{other: po.A.ID, cover: po.BCovered, copy: po.copyB, boil: po.boilB, longest: po.Longest})
			if len(po.Passages) > 0 {
				r.Pairs = append(r.Pairs, po.Pair)
			}
		}
	}
	sortPairs(r.Pairs)
	for _, e := range live {
		r.Pairs = append(r.Pairs, tpairs[e.num]...)
	}
	r.Clusters = clusters(r.Pairs, ix.opt.ClusterScore, ix.opt.ClusterLonger)
	for _, e := range live {
		r.Documents = append(r.Documents, stats(an[e.num], byDoc[e.num]))
	}
	return r
}

// docSide is one pair seen from one of its documents.
type docSide struct {
	other   string
	cover   float64
	copy    [][2]int
	boil    [][2]int
	longest int
}

func stats(a *analysis, sides []docSide) DocStats {
	st := DocStats{DocRef: ref(a.e.d), Chars: a.s.Len(), Countable: a.countable}
	var cp, bp [][2]int
	bp = append(bp, a.boiler...)
	for _, s := range sides {
		if len(s.copy) > 0 {
			st.Sources++
		}
		if s.cover > st.MaxSource {
			st.MaxSource, st.MaxSourceID = s.cover, s.other
		}
		st.Longest = max(st.Longest, s.longest)
		cp = append(cp, s.copy...)
		bp = append(bp, s.boil...)
	}
	cp, bp = fingerprint.Union(cp), fingerprint.Union(bp)
	st.Copied = share(covered(cp, a.boiler), a.countable)
	st.Boilerplate = share(fingerprint.Measure(bp), st.Chars)
	for _, sec := range flatten(a.e.d.Sections) {
		i, j := a.s.Index(sec.Start), a.s.Index(sec.End)
		n := j - i - fingerprint.Overlap(a.boiler, i, j)
		c := 0
		for _, x := range cp {
			lo, hi := max(x[0], i), min(x[1], j)
			if lo < hi {
				c += hi - lo - fingerprint.Overlap(a.boiler, lo, hi)
			}
		}
		st.Sections = append(st.Sections, SectionStats{Level: sec.Level, Number: sec.Number,
			Title: sec.Title, Start: sec.Start, End: sec.End, Copied: share(c, n)})
	}
	return st
}

// flatten lists an outline tree in document order.
func flatten(ss []doc.Section) []doc.Section {
	var out []doc.Section
	for _, s := range ss {
		out = append(out, s)
		out = append(out, flatten(s.Children)...)
	}
	return out
}

// clusters joins documents whose peer pairs score at least minScore and
// cover at least minLonger of the longer document (union-find, i.e. single
// linkage) and returns the groups of two or more, each sorted, largest
// first.
// Clusters groups documents linked by pairs into clusters of mutually
// copied documents, with opt's ClusterScore and ClusterLonger rule.
func Clusters(pairs []Pair, opt Options) [][]string {
	o := opt.withDefaults()
	return clusters(pairs, o.ClusterScore, o.ClusterLonger)
}

func clusters(pairs []Pair, minScore, minLonger float64) [][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range pairs {
		if p.Template || p.Score < minScore || min(p.ACovered, p.BCovered) < minLonger {
			continue
		}
		ra, rb := find(p.A.ID), find(p.B.ID)
		if ra != rb {
			parent[ra] = rb
		}
	}
	groups := map[string][]string{}
	for x := range parent {
		r := find(x)
		groups[r] = append(groups[r], x)
	}
	out := [][]string{}
	for _, g := range groups {
		if len(g) > 1 {
			sort.Strings(g)
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i][0] < out[j][0]
	})
	return out
}

// parallel runs f(0..n-1) on GOMAXPROCS workers.
func parallel(n int, f func(int)) {
	w := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Analyze indexes docs and reports reuse among them (the CLI's
// `planmine reuse`).
//
// Each document is normalised and fingerprinted once, on all cores, and
// the same stream serves indexing and alignment.
func Analyze(docs []*doc.Document, opt Options) Report {
	ix := New(opt)
	pre := make([]*prepared, len(docs))
	parallel(len(docs), func(i int) {
		if docs[i] != nil {
			pre[i] = ix.withFormula(ix.prepare(docs[i].Text), docs[i].Text)
		}
	})
	n := 0
	for _, p := range pre {
		if p != nil {
			n += len(p.prints)
		}
	}
	ix.post.m.reserve(n)
	var byNum []*prepared
	for i, d := range docs {
		if d == nil {
			continue
		}
		e := ix.addPrepared(d, false, pre[i])
		for len(byNum) <= int(e.num) {
			byNum = append(byNum, nil)
		}
		byNum[e.num] = pre[i]
	}
	return ix.report(byNum)
}
