package reuse

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// Sources returns the pairs of the document with this ID: peers it shares
// copied passages with, most copied first, then template sources. It reads
// only the postings of the document's own fingerprints and aligns only
// candidates sharing fingerprints. Pairs have the document as A.
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
	var sides []docSide
	// Templates have their own postings, so every peer candidate is a peer.
	// Candidates are analysed and aligned on all cores; a is only read.
	cands := ix.candidates(a, false, nil)
	outs := ix.alignWith(a, cands)
	for _, po := range outs {
		if len(po.spans) == 0 {
			continue
		}
		sides = append(sides, po.sideA())
		if len(po.Passages) > 0 {
			pairs = append(pairs, po.Pair)
		}
	}
	sortPairs(pairs)
	return append(pairs, tpairs...), stats(a, sides), true
}

// alignWith analyses the candidates and aligns a with each on all cores;
// the pairs are seen from a. a is only read (its SeedTable is built first
// for the candidates to join with).
func (ix *Index) alignWith(a *analysis, cands []*entry) []pairOut {
	hasT := ix.tpost.Len() > 0
	if a.table == nil && !a.posOrder && len(cands) > 0 {
		a.table = fingerprint.NewSeedTable(a.prints)
	}
	outs := make([]pairOut, len(cands))
	parallel(len(cands), func(i int) {
		b := ix.analyseQuick(cands[i], false)
		if hasT {
			ix.templateCover(b)
		}
		outs[i] = ix.pairOf(a, b)
		b.release()
	})
	return outs
}

// sideA is the pair seen from its A document, for that document's figures.
func (po pairOut) sideA() docSide {
	return docSide{other: po.B.ID, cover: po.ACovered, copy: po.cntA, boil: po.boilA, longest: po.Longest}
}

// sideB is the pair seen from its B document.
func (po pairOut) sideB() docSide {
	return docSide{other: po.A.ID, cover: po.BCovered, copy: po.cntB, boil: po.boilB, longest: po.Longest}
}

// Aligned is one pair of peer documents sharing copied passages, in its
// canonical orientation (A.ID < B.ID), with what each side's share counts:
// CoverA is the text of A the copied passages cover outside A's formula
// and template text, in normalised rune intervals (disjoint, ascending),
// and CountableA the length of that countable text (ACovered is
// |CoverA| / CountableA). A document's total copied share is the union of
// its covers over all its pairs divided by its countable length, which a
// caller keeping covers can update pair by pair without aligning again.
type Aligned struct {
	Pair
	CoverA, CoverB         [][2]int
	CountableA, CountableB int
}

// Align aligns every document in ids with its candidates among all
// indexed peers and calls fn for each pair with copied passages, in
// canonical orientation; a pair of two documents in ids is aligned once,
// from the first of them whose candidates include the other. ids are taken
// in order (unknown ones skipped), each one's candidates aligned on all
// cores; fn runs on the caller's goroutine in a deterministic order, and an
// error from it stops the walk and is returned. progress, if not nil, is
// told after each document how many of ids are done.
//
// Aligning the documents of a batch as they arrive, or every document at
// once, finds the same pairs with the same content as long as no document
// has more than MaxCandidates candidates (see candidates): each pair is
// aligned the same way whichever document arrived first.
func (ix *Index) Align(ids []string, fn func(Aligned) error, progress func(done, total int)) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	// The candidates of each document done so far, to skip a pair already
	// aligned from its other side.
	done := make(map[uint32][]uint32, len(ids))
	for k, id := range ids {
		if progress != nil && k > 0 && k%64 == 0 {
			progress(k, len(ids))
		}
		e := ix.byID[id]
		if e == nil || e.template {
			continue
		}
		if _, seen := done[e.num]; seen {
			continue
		}
		a := ix.analyseQuick(e, true)
		ix.templateCover(a)
		cands := ix.candidates(a, false, nil)
		nums := make([]uint32, len(cands))
		todo := cands[:0:0]
		for i, c := range cands {
			nums[i] = c.num
			if prev, ok := done[c.num]; ok {
				if _, found := slices.BinarySearch(prev, e.num); found {
					continue
				}
			}
			todo = append(todo, c)
		}
		slices.Sort(nums)
		done[e.num] = nums
		outs := ix.alignWith(a, todo)
		a.release()
		for _, po := range outs {
			if len(po.Passages) == 0 {
				continue
			}
			if po.B.ID < po.A.ID {
				po = po.mirror()
			}
			err := fn(Aligned{Pair: po.Pair, CoverA: po.cntA, CoverB: po.cntB,
				CountableA: po.countA, CountableB: po.countB})
			if err != nil {
				return err
			}
		}
	}
	if progress != nil {
		progress(len(ids), len(ids))
	}
	return nil
}

// Figures returns the figures of d computed from pairs involving it (in
// either orientation, as a store returns them; others are ignored), and
// its cover: the union of its side of their copied passages outside its
// formula and template text, in normalised rune intervals. The copied
// share is |cover| over d's countable text, the share Align's covers give.
// d need not be indexed.
func (ix *Index) Figures(d *doc.Document, pairs []Pair) (DocStats, [][2]int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	e := ix.byID[d.ID]
	if e == nil || e.template || e.d.Text != d.Text {
		e = &entry{num: math.MaxUint32, d: d}
	}
	a := ix.analyse(e, nil)
	ix.templateCover(a)
	var sides []docSide
	for _, p := range pairs {
		if p.Template {
			continue
		}
		if p.B.ID == d.ID && p.A.ID != d.ID {
			p = p.Mirror()
		}
		if p.A.ID != d.ID {
			continue
		}
		var cp, bp [][2]int
		for _, x := range p.Passages {
			cp = append(cp, a.interval(x.AStart, x.AEnd))
		}
		for _, x := range p.Boilerplate {
			bp = append(bp, a.interval(x.AStart, x.AEnd))
		}
		cnt := minus(fingerprint.Union(cp), a.boiler)
		sides = append(sides, docSide{other: p.B.ID, cover: share(fingerprint.Measure(cnt), a.countable),
			copy: cnt, boil: fingerprint.Union(bp), longest: p.Longest})
	}
	st := stats(a, sides)
	return st, st.cover
}

// interval maps a half-open span of text code points (a passage's offsets,
// as Stream.TextSpan made them) back to normalised runes.
func (a *analysis) interval(start, end int) [2]int {
	if end <= start {
		i := a.s.Index(start)
		return [2]int{i, i}
	}
	return [2]int{a.s.Index(start), a.s.Index(end-1) + 1}
}

func sortPairs(ps []Pair) {
	// Pairs are large: sort their indices (stably), then move each once.
	idx := make([]int32, len(ps))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(i, j int32) int {
		x, y := &ps[i], &ps[j]
		switch {
		case x.Score != y.Score:
			return cmpDesc64(x.Score, y.Score)
		case x.A.ID != y.A.ID:
			return strings.Compare(x.A.ID, y.A.ID)
		}
		return strings.Compare(x.B.ID, y.B.ID)
	})
	// ps[i] takes ps[idx[i]]: follow each cycle of the permutation,
	// marking the places done, rather than copying ps.
	for i := range idx {
		if idx[i] < 0 {
			continue
		}
		tmp, j := ps[i], i
		for {
			k := int(idx[j])
			idx[j] = -1
			if k == i {
				ps[j] = tmp
				break
			}
			ps[j] = ps[k]
			j = k
		}
	}
}

// cmpDesc64 orders larger first.
func cmpDesc64(x, y float64) int {
	switch {
	case x > y:
		return -1
	case x < y:
		return 1
	}
	return 0
}

// Report aligns every candidate pair of the corpus once and returns the
// pairs with copied passages (template pairs included, flagged), the
// clusters and every peer document's figures.
func (ix *Index) Report() Report { return ix.report(nil) }

// report is Report with the streams and fingerprints of the documents
// prepared beforehand (by entry number; nil or missing ones are computed).
// It finds the pairs Align would over all documents, but analyses each
// document once.
func (ix *Index) report(pre []*prepared) Report {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var live []*entry
	for _, e := range ix.docs {
		if e != nil && !e.template {
			live = append(live, e)
		}
	}
	slices.SortFunc(live, func(x, y *entry) int { return strings.Compare(x.d.ID, y.d.ID) })
	an := make([]*analysis, len(ix.docs))
	tpairs := make([][]Pair, len(ix.docs))
	// The longest documents go first in each parallel step: the last
	// item of a step is then a short one, and no core idles long on the
	// other's last item.
	byLen := make([]int, len(live))
	for i, e := range live {
		byLen[i] = len(e.d.Text)
	}
	parallelBy(byLen, func(i int) {
		e := live[i]
		var p *prepared
		if int(e.num) < len(pre) {
			p = pre[e.num]
		}
		a := ix.analyse(e, p)
		tpairs[e.num] = ix.templateCover(a)
		an[e.num] = a
	})
	// Candidates of every document among all, then each pair once: from
	// the document whose candidates hold the other, the first in id order
	// when both hold each other (Align's rule).
	cands := make([][]uint32, len(ix.docs))
	parallelBy(byLen, func(i int) {
		a := an[live[i].num]
		var ns []uint32
		for _, c := range ix.candidates(a, false, func(n uint32) bool { return an[n] != nil }) {
			ns = append(ns, c.num)
		}
		slices.Sort(ns)
		cands[a.e.num] = ns
	})
	rank := make(map[uint32]int, len(live))
	for i, e := range live {
		rank[e.num] = i
	}
	var jobs []job
	var groups []int // where each document's jobs start
	for i, e := range live {
		groups = append(groups, len(jobs))
		for _, m := range cands[e.num] {
			if rank[m] < i {
				if _, both := slices.BinarySearch(cands[m], e.num); both {
					continue
				}
			}
			jobs = append(jobs, job{e.num, m})
		}
	}
	groups = append(groups, len(jobs))
	// The jobs of one document are aligned together, their seeds found in
	// one pass over its fingerprints' postings; a group costs about the
	// prints of its document and of its partners.
	cost := make([]int, len(groups)-1)
	for g := range cost {
		for _, jb := range jobs[groups[g]:groups[g+1]] {
			cost[g] += len(an[jb.x].prints) + len(an[jb.y].prints)
		}
	}
	outs := make([]pairOut, len(jobs))
	parallelBy(cost, func(g int) {
		js := jobs[groups[g]:groups[g+1]]
		if len(js) == 0 {
			return
		}
		seeds := ix.groupSeeds(an, js)
		for k, jb := range js {
			x, y := an[jb.x], an[jb.y]
			sd := seeds[k]
			if y.e.d.ID < x.e.d.ID {
				x, y = y, x
				for i := range sd {
					sd[i].A, sd[i].B = sd[i].B, sd[i].A
				}
			}
			outs[groups[g]+k] = ix.pairSeeds(x, y, sd)
			seeds[k] = nil
		}
	})
	// Pairs are a few hundred bytes each: sized once, not regrown.
	npairs := 0
	for i := range outs {
		if len(outs[i].spans) > 0 && len(outs[i].Passages) > 0 {
			npairs++
		}
	}
	for _, e := range live {
		npairs += len(tpairs[e.num])
	}
	r := Report{Pairs: make([]Pair, 0, npairs), Documents: []DocStats{}}
	byDoc := map[uint32][]docSide{}
	for i := range outs {
		po := &outs[i]
		if len(po.spans) == 0 {
			continue
		}
		na, nb := ix.byID[po.A.ID].num, ix.byID[po.B.ID].num
		byDoc[na] = append(byDoc[na], po.sideA())
		byDoc[nb] = append(byDoc[nb], po.sideB())
		if len(po.Passages) > 0 {
			r.Pairs = append(r.Pairs, po.Pair)
		}
	}
	sortPairs(r.Pairs)
	for _, e := range live {
		r.Pairs = append(r.Pairs, tpairs[e.num]...)
	}
	r.Clusters = clusters(r.Pairs, ix.opt.ClusterScore, ix.opt.ClusterLonger)
	r.Documents = make([]DocStats, len(live))
	parallelBy(byLen, func(i int) {
		r.Documents[i] = stats(an[live[i].num], byDoc[live[i].num])
	})
	return r
}

// job is a pair to align, from x, the document whose candidates hold y.
type job struct{ x, y uint32 }

// groupSeeds returns the seed matches of each job (all from one document
// x, analysed with its prints sorted by hash and looked up in the
// postings), with x's positions on side A: the matches SeedsSorted finds
// for each pair (the first maxPerHash prints of a hash on each side), in
// another order. Rather than merging x's prints with every partner's, it
// walks each of x's hashes' postings once, or, for a hash in many more
// documents than x has partners, searches the partners' prints for it.
func (ix *Index) groupSeeds(an []*analysis, js []job) [][]fingerprint.Match {
	x := an[js[0].x]
	out := make([][]fingerprint.Match, len(js))
	sc := scratchPool.Get().(*candScratch)
	if len(sc.shared) < len(ix.docs) {
		sc.shared = make([]uint32, len(ix.docs))
		sc.weight = make([]float32, len(ix.docs))
	}
	slot := sc.shared // job index + 1 by document number; left zero
	for k, jb := range js {
		slot[jb.y] = uint32(k) + 1
	}
	// x's hashes come in ascending order, so each partner's prints are
	// searched on from where its last run ended.
	cur := make([]int, len(js))
	emit := func(k int, xs []fingerprint.Print, y *analysis, h uint64) {
		i, j := runFrom(y.prints, h, cur[k])
		cur[k] = j
		for _, p := range xs {
			for _, q := range y.prints[i:min(j, i+maxPerHashSide)] {
				out[k] = append(out[k], fingerprint.Match{Hash: h, A: p.Pos, B: q.Pos})
			}
		}
	}
	p := x.prints
	for hi, h := range x.hashes {
		// x's prints of h: hashes are x's distinct prints in order.
		i := 0
		for i < len(p) && p[i].Hash != h {
			i++
		}
		j := i + 1
		for j < len(p) && p[j].Hash == h {
			j++
		}
		xs := p[i:min(j, i+maxPerHashSide)]
		p = p[j:]
		r := x.refs[hi]
		if df := ix.post.dfOf(r); df > 4*len(js) {
			for k, jb := range js {
				emit(k, xs, an[jb.y], h)
			}
			continue
		}
		ix.post.eachOf(r, func(m uint32) {
			if k := slot[m]; k > 0 {
				emit(int(k-1), xs, an[m], h)
			}
		})
	}
	for _, jb := range js {
		slot[jb.y] = 0
	}
	scratchPool.Put(sc)
	return out
}

// maxPerHashSide is fingerprint's bound on the prints of one hash joined
// from each side (a refrain repeated on both sides adds nothing after the
// first few).
const maxPerHashSide = 8

// runFrom returns the range of prints (sorted by hash) holding h, for a
// caller that knows no print before from holds h or more: it gallops on
// from there, which for ascending searches costs about the log of the
// distance covered rather than of the whole list.
func runFrom(p []fingerprint.Print, h uint64, from int) (int, int) {
	lo, hi, step := from, from, 1
	for hi < len(p) && p[hi].Hash < h {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, len(p))
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p[m].Hash < h {
			lo = m + 1
		} else {
			hi = m
		}
	}
	j := lo
	for j < len(p) && p[j].Hash == h {
		j++
	}
	return lo, j
}

// docSide is one pair seen from one of its documents: copy is its copied
// text outside its boilerplate, cover that text's share.
type docSide struct {
	other   string
	cover   float64
	copy    [][2]int
	boil    [][2]int
	longest int
}

// stats builds a document's figures from its sides; the copied share is
// the union of the sides' copied text over the countable text, so it is
// never below the largest single source (MaxSource), which is one side's
// share of the same countable text.
func stats(a *analysis, sides []docSide) DocStats {
	st := DocStats{DocRef: ref(a.e.d), Chars: a.s.Len(), Countable: a.countable}
	var cp, bp [][2]int
	bp = append(bp, a.boiler...)
	for _, s := range sides {
		if len(s.copy) > 0 {
			st.Sources++
		}
		if s.cover > st.MaxSource || s.cover == st.MaxSource && st.MaxSourceID != "" && s.other < st.MaxSourceID {
			st.MaxSource, st.MaxSourceID = s.cover, s.other
		}
		st.Longest = max(st.Longest, s.longest)
		cp = append(cp, s.copy...)
		bp = append(bp, s.boil...)
	}
	cp, bp = fingerprint.Union(cp), fingerprint.Union(bp)
	st.cover = cp
	st.Copied = share(fingerprint.Measure(cp), a.countable)
	st.Boilerplate = share(fingerprint.Measure(bp), st.Chars)
	for _, sec := range flatten(a.e.d.Sections) {
		i, j := a.s.Index(sec.Start), a.s.Index(sec.End)
		n := j - i - fingerprint.Overlap(a.boiler, i, j)
		st.Sections = append(st.Sections, SectionStats{Level: sec.Level, Number: sec.Number,
			Title: sec.Title, Start: sec.Start, End: sec.End, Copied: share(fingerprint.Overlap(cp, i, j), n)})
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

// parallelBy is parallel over len(weight) items, handing them out
// heaviest first (ties in index order).
func parallelBy(weight []int, f func(int)) {
	order := make([]int, len(weight))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return weight[b] - weight[a] })
	parallel(len(order), func(k int) { f(order[k]) })
}

// Analyze indexes docs and reports reuse among them (the CLI's
// `planmine reuse`).
//
// Each document is normalised and fingerprinted once, on all cores, and
// the same stream serves indexing and alignment.
func Analyze(docs []*doc.Document, opt Options) Report {
	return AnalyzeEach(docs, opt, nil)
}

// AnalyzeEach is Analyze calling each (if not nil) on every document in
// the same parallel pass that normalises and fingerprints it, after that:
// a caller's own per-document work (the outline whose sections the
// figures report) then runs beside the serial indexing instead of before
// it. each may set the document's Sections, not the fields the index
// reads (ID, Text, Source, Part, Title).
func AnalyzeEach(docs []*doc.Document, opt Options, each func(*doc.Document)) Report {
	// New builds the formula lexicon on first use, and newBatch faults in
	// the batch's memory: a few milliseconds each on one core, so side by
	// side.
	made := make(chan *Index)
	go func() { made <- New(opt) }()
	k, w := opt.kw()
	pre := newBatch(docs, k, w)
	ix := <-made
	done := make([]chan struct{}, len(docs))
	est := 0
	for i, d := range docs {
		done[i] = make(chan struct{})
		if d != nil {
			// About 2/9 of the runes are fingerprints, and Chinese runes
			// take three bytes: the table then needs no rehash.
			est += len(d.Text)/12 + 1
		}
	}
	ix.post.m.reserve(est)
	// Documents are prepared on all cores and indexed here in order as
	// they come, overlapping the serial indexing with the preparing.
	var all sync.WaitGroup
	all.Add(1)
	go func() {
		defer all.Done()
		parallel(len(docs), func(i int) {
			if docs[i] != nil {
				b := bufPool.Get().(*fingerprint.Buffers)
				ix.withFormula(ix.prepareWith(pre[i], docs[i].Text, false, b), docs[i].Text)
				bufPool.Put(b)
			}
			close(done[i])
			if each != nil && docs[i] != nil {
				each(docs[i])
			}
		})
	}()
	var byNum []*prepared
	for i, d := range docs {
		<-done[i]
		if d == nil {
			continue
		}
		e := ix.addPrepared(d, false, pre[i])
		for len(byNum) <= int(e.num) {
			byNum = append(byNum, nil)
		}
		byNum[e.num] = pre[i]
	}
	all.Wait()
	return ix.report(byNum)
}

// newBatch returns the prepared forms to fill for docs (nil for a nil
// document). A batch keeps every document's stream, fingerprints and
// distinct hashes to its end, so they are cut from one block of each,
// faulted in at once (prefault), rather than allocated per document and
// faulted in page by page. Each document gets the capacity
// fingerprint.NormalizeInto and WinnowInto would make for it (a stream of
// a third of its bytes, 5/(2(w+1)) of that in prints) and outgrows it only
// where they would, into memory of its own.
func newBatch(docs []*doc.Document, k, w int) []*prepared {
	runes := make([]int, len(docs))
	prints := make([]int, len(docs))
	var nr, np int
	for i, d := range docs {
		if d == nil {
			continue
		}
		runes[i] = len(d.Text)/3 + 8
		prints[i] = 5*max(runes[i]-k+1, 0)/(2*(w+1)) + 16
		nr += runes[i]
		np += prints[i]
	}
	ints := make([]int32, 3*nr) // Runes, Off and Byte
	ps := make([]fingerprint.Print, np)
	hs := make([]uint64, np)
	for _, b := range []struct {
		p unsafe.Pointer
		n uintptr
	}{
		{unsafe.Pointer(unsafe.SliceData(ints)), uintptr(len(ints)) * 4},
		{unsafe.Pointer(unsafe.SliceData(ps)), uintptr(len(ps)) * unsafe.Sizeof(fingerprint.Print{})},
		{unsafe.Pointer(unsafe.SliceData(hs)), uintptr(len(hs)) * 8},
	} {
		if b.n >= prefaultMin {
			prefault(b.p, b.n)
		}
	}
	out := make([]*prepared, len(docs))
	for i, d := range docs {
		if d == nil {
			continue
		}
		n, m := runes[i], prints[i]
		out[i] = &prepared{
			s:      fingerprint.Stream{Runes: ints[:0:n], Off: ints[n : n : 2*n], Byte: ints[2*n : 2*n : 3*n]},
			prints: ps[:0:m], hashes: hs[:0:m],
		}
		ints, ps, hs = ints[3*n:], ps[m:], hs[m:]
	}
	return out
}
