package fingerprint

import (
	"slices"
	"sort"
	"sync"
)

// Match is a fingerprint shared by two streams: the k-gram at A in the first
// equals (by hash) the k-gram at B in the second.
type Match struct {
	Hash uint64
	A, B int32
}

// maxPerHash bounds the seeds one hash may contribute: a k-gram repeated
// many times on both sides (a refrain) would otherwise yield a quadratic
// number of seeds that add nothing the first few do not.
const maxPerHash = 8

// byHash orders prints by hash, then position.
func byHash(x, y Print) int {
	if x.Hash != y.Hash {
		if x.Hash < y.Hash {
			return -1
		}
		return 1
	}
	return int(x.Pos - y.Pos)
}

// SortByHash sorts prints by hash, then position, in place: the order
// Seeds joins in; a caller aligning one document with many sorts its
// prints once. Large lists are radix sorted (the hashes are uniform, so
// eight byte passes beat comparison sorting several times over).
func SortByHash(p []Print) { SortByHashInto(p, nil) }

// SortByHashInto is SortByHash with its scratch space from b (nil
// allocates).
func SortByHashInto(p []Print, b *Buffers) {
	if len(p) < 256 {
		slices.SortFunc(p, byHash)
		return
	}
	// Two byte passes order the prints by the top 16 bits of their hash;
	// uniform hashes leave few prints sharing those, and each such run is
	// then sorted in place (a k-gram repeated in the text repeats its
	// hash, and equal hashes go by position).
	var counts [2][256]int
	for _, x := range p {
		counts[0][byte(x.Hash>>48)]++
		counts[1][byte(x.Hash>>56)]++
	}
	var buf []Print
	if b != nil {
		b.sort = resize(b.sort, len(p))
		buf = b.sort
	} else {
		buf = make([]Print, len(p))
	}
	src, dst := p, buf
	for d := range 2 {
		c := &counts[d]
		sum := 0
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		shift := 48 + 8*d
		for _, x := range src {
			b := byte(x.Hash >> shift)
			dst[c[b]] = x
			c[b]++
		}
		src, dst = dst, src
	}
	// Two passes leave the result in p.
	for i := 0; i < len(p); {
		top := p[i].Hash >> 48
		j := i + 1
		for j < len(p) && p[j].Hash>>48 == top {
			j++
		}
		switch n := j - i; {
		case n == 2:
			if byHash(p[i], p[i+1]) > 0 {
				p[i], p[i+1] = p[i+1], p[i]
			}
		case n > 2:
			slices.SortFunc(p[i:j], byHash)
		}
		i = j
	}
}

// Seeds returns the matches between two fingerprint lists, by a sort-merge
// join on the hash. Inputs already sorted by SortByHash are used as they
// are; others are sorted in a copy. Neither input is modified.
func Seeds(a, b []Print) []Match {
	as, bs := a, b
	if !slices.IsSortedFunc(as, byHash) {
		as = slices.Clone(a)
		SortByHash(as)
	}
	if !slices.IsSortedFunc(bs, byHash) {
		bs = slices.Clone(b)
		SortByHash(bs)
	}
	return SeedsSorted(as, bs)
}

// SeedsSorted is Seeds for inputs the caller keeps sorted by SortByHash
// (unchecked): the join of one document with many skips re-checking.
func SeedsSorted(as, bs []Print) []Match {
	var out []Match
	for i, j := 0, 0; i < len(as) && j < len(bs); {
		switch {
		case as[i].Hash < bs[j].Hash:
			i++
		case as[i].Hash > bs[j].Hash:
			j++
		default:
			h := as[i].Hash
			i2, j2 := i, j
			for i2 < len(as) && as[i2].Hash == h {
				i2++
			}
			for j2 < len(bs) && bs[j2].Hash == h {
				j2++
			}
			for x := i; x < i2 && x < i+maxPerHash; x++ {
				for y := j; y < j2 && y < j+maxPerHash; y++ {
					out = append(out, Match{Hash: h, A: as[x].Pos, B: bs[y].Pos})
				}
			}
			i, j = i2, j2
		}
	}
	return out
}

// AlignOptions tunes Align.
type AlignOptions struct {
	// K is the k-gram length the seeds were made with; an extended seed
	// shorter than K is a hash collision and is dropped.
	K int
	// Gap is the largest edit (changed number, replaced word, inserted
	// clause), in normalised runes on either side, bridged between two exact
	// runs of one passage.
	Gap int
	// MinLen drops passages shorter than this on either side.
	MinLen int
}

// DefaultAlign is the alignment used for document pairs: a 24-rune gap
// bridges a rewritten clause, and 20 runes (about one clause) is the
// shortest passage reported, a little above the CNKI 13-character rule so
// that stock phrases do not count.
var DefaultAlign = AlignOptions{K: DefaultK, Gap: 24, MinLen: 20}

// Span is one aligned passage in normalised coordinates, half-open.
type Span struct {
	AStart, AEnd, BStart, BEnd int
	// Matched is the number of runes of A inside exact runs (the rest are
	// bridged edits).
	Matched int
}

type run struct {
	a0, a1, b0, b1 int
}

// Align extends seed matches between streams a and b into maximal exact
// runs, then chains runs that follow each other on both sides with gaps of
// at most opt.Gap into passages, and returns those at least opt.MinLen long
// on both sides, ordered by AStart.
func Align(a, b []rune, seeds []Match, opt AlignOptions) []Span {
	if len(seeds) == 0 {
		return nil
	}
	if opt.K <= 0 {
		opt.K = 1
	}
	sc := alignPool.Get().(*alignScratch)
	defer alignPool.Put(sc)
	order := sc.seedOrder(seeds)
	runs := sc.runs[:0]
	defer func() { sc.runs = runs }()
	cur := -1
	for _, si := range order {
		s := seeds[si]
		ai, bi := int(s.A), int(s.B)
		if cur >= 0 {
			r := &runs[cur]
			if r.b0-r.a0 == bi-ai && ai >= r.a0 && ai < r.a1 {
				continue
			}
		}
		if ai < 0 || bi < 0 || ai >= len(a) || bi >= len(b) {
			continue
		}
		a0, b0 := ai, bi
		for a0 > 0 && b0 > 0 && a[a0-1] == b[b0-1] {
			a0--
			b0--
		}
		a1, b1 := ai, bi
		for a1 < len(a) && b1 < len(b) && a[a1] == b[b1] {
			a1++
			b1++
		}
		if a1-ai < opt.K {
			continue // hash collision: the k-grams differ
		}
		runs = append(runs, run{a0: a0, a1: a1, b0: b0, b1: b1})
		cur = len(runs) - 1
	}
	return chain(a, b, runs, opt, sc)
}

// alignScratch is the buffers of one Align call, pooled: aligning a
// document with its candidates runs it thousands of times.
type alignScratch struct {
	// win is extend's window, kept set up from passage to passage.
	win          window
	done, active []Span
	keys         []uint64
	order        []int
	runs         []run
	old          []run
}

var alignPool = sync.Pool{New: func() any { return &alignScratch{} }}

// seedOrder returns the indices of seeds by diagonal (B-A), then A, then
// index: seeds inside a run already extended on the same diagonal are
// absorbed without re-extending. When positions and count allow, the three
// are packed into one integer key and sorted without a comparison
// function, which is several times faster on the thousands of seeds of a
// long copy.
func seedOrder(seeds []Match) []int { return (&alignScratch{}).seedOrder(seeds) }

// seedOrder is seedOrder in sc's buffers.
func (sc *alignScratch) seedOrder(seeds []Match) []int {
	sc.order = resize(sc.order, len(seeds))
	order := sc.order
	const bits = 21
	lo, hi := int32(0), int32(0)
	for _, s := range seeds {
		lo, hi = min(lo, s.A, s.B), max(hi, s.A, s.B)
	}
	if lo >= 0 && hi < 1<<(bits-1) && len(seeds) < 1<<bits {
		sc.keys = resize(sc.keys, len(seeds))
		keys := sc.keys
		for i, s := range seeds {
			d := uint64(int64(s.B) - int64(s.A) + 1<<(bits-1)) // in [0, 2^bits)
			keys[i] = d<<(2*bits) | uint64(s.A)<<bits | uint64(i)
		}
		slices.Sort(keys)
		for i, k := range keys {
			order[i] = int(k & (1<<bits - 1))
		}
		return order
	}
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		sx, sy := seeds[x], seeds[y]
		dx, dy := sx.B-sx.A, sy.B-sy.A
		if dx != dy {
			return int(dx - dy)
		}
		if sx.A != sy.A {
			return int(sx.A - sy.A)
		}
		return x - y
	})
	return order
}

// sortRuns sorts runs by A start, then B start, stably; packed into
// integer keys, as seedOrder does, when they fit.
func sortRuns(runs []run, sc *alignScratch) {
	const bits = 21
	fit := len(runs) < 1<<bits
	for _, r := range runs {
		if r.a0 < 0 || r.b0 < 0 || r.a0 >= 1<<bits || r.b0 >= 1<<bits {
			fit = false
			break
		}
	}
	if !fit {
		slices.SortStableFunc(runs, func(x, y run) int {
			if x.a0 != y.a0 {
				return x.a0 - y.a0
			}
			return x.b0 - y.b0
		})
		return
	}
	sc.keys = resize(sc.keys, len(runs))
	keys := sc.keys
	for i, r := range runs {
		keys[i] = uint64(r.a0)<<(2*bits) | uint64(r.b0)<<bits | uint64(i)
	}
	slices.Sort(keys)
	sc.old = append(sc.old[:0], runs...)
	old := sc.old
	for i, k := range keys {
		runs[i] = old[k&(1<<bits-1)]
	}
}

// chain merges exact runs into passages.
func chain(a, b []rune, runs []run, opt AlignOptions, sc *alignScratch) []Span {
	sortRuns(runs, sc)
	// done and active live in sc: dropRepeats returns passages of its own.
	done, active := sc.done[:0], sc.active[:0]
	defer func() { sc.done, sc.active = done[:0], active[:0] }()
	for _, r := range runs {
		// Retire chains that can no longer be extended.
		kept := active[:0]
		for _, c := range active {
			if c.AEnd+opt.Gap < r.a0 {
				done = append(done, c)
			} else {
				kept = append(kept, c)
			}
		}
		active = kept
		best, bestGap := -1, 0
		for i, c := range active {
			ga, gb := r.a0-c.AEnd, r.b0-c.BEnd
			// Overlap up to K is allowed: two runs split by a one-rune edit
			// that re-extends across it overlap slightly.
			if ga < -opt.K || gb < -opt.K || ga > opt.Gap || gb > opt.Gap {
				continue
			}
			if r.a1 <= c.AEnd || r.b1 <= c.BEnd {
				continue // contained: a repeat, not a continuation
			}
			g := max(ga, gb)
			if best < 0 || g < bestGap {
				best, bestGap = i, g
			}
		}
		if best < 0 {
			active = append(active, Span{AStart: r.a0, AEnd: r.a1, BStart: r.b0, BEnd: r.b1,
				Matched: r.a1 - r.a0})
			continue
		}
		c := &active[best]
		c.Matched += r.a1 - max(r.a0, c.AEnd)
		c.AEnd = max(c.AEnd, r.a1)
		c.BEnd = max(c.BEnd, r.b1)
	}
	done = append(done, active...)
	out := done[:0]
	budget := extendBudget
	for _, c := range done {
		extend(a, b, &c, opt, &budget, &sc.win)
		if c.AEnd-c.AStart >= opt.MinLen && c.BEnd-c.BStart >= opt.MinLen {
			out = append(out, c)
		}
	}
	out = dropRepeats(out)
	sort.Slice(out, func(i, j int) bool {
		if out[i].AStart != out[j].AStart {
			return out[i].AStart < out[j].AStart
		}
		return out[i].BStart < out[j].BStart
	})
	return out
}

// minExtendRun is the shortest exact run that extension past a passage end
// accepts: long enough not to be a chance character match, short enough to
// recover the unseeded tail of a clause (winnowing only guarantees runs of
// k+w-1 runes carry a fingerprint).
const minExtendRun = 5

// probeRun caps the run length measured while choosing where to resume
// past an edit: enough to prefer a real continuation over a chance match,
// and it keeps each probe cheap when a text repeats itself (a periodic text
// would otherwise match for its whole length on many offsets).
const probeRun = 32

// extendBudget bounds the probes (offset pairs tried) extension may spend in
// one Align call. Ordinary documents use a small fraction of it; a text that
// repeats one sentence hundreds of times would otherwise spend seconds
// re-finding the same continuation on every shifted diagonal.
const extendBudget = 1 << 22

// extend grows a passage at both ends across small edits: past each end it
// looks, within opt.Gap runes on either side, for the longest exact run of at
// least minExtendRun, takes it, and follows that diagonal to its end, until
// no run is found.
func extend(a, b []rune, c *Span, opt AlignOptions, budget *int, w *window) {
	for *budget > 0 {
		*budget -= (opt.Gap + 1) * (opt.Gap + 1)
		bestLen, bx, by := 0, 0, 0
		// Only offsets whose first runes agree can start a run: the b
		// window is bucketed by rune so each x probes just those.
		w.fill(b, c.BEnd, min(opt.Gap+1, len(b)-c.BEnd), 1)
		for x := 0; x <= opt.Gap && c.AEnd+x < len(a); x++ {
			for y := w.first(a[c.AEnd+x]); y >= 0; y = w.next[y] {
				if b[c.BEnd+y] != a[c.AEnd+x] {
					continue
				}
				i, j, n := c.AEnd+x, c.BEnd+y, 0
				for n < probeRun && i+n < len(a) && j+n < len(b) && a[i+n] == b[j+n] {
					n++
				}
				if n > bestLen || n == bestLen && x+y < bx+by {
					bestLen, bx, by = n, x, y
				}
			}
		}
		if bestLen < minExtendRun {
			break
		}
		i, j := c.AEnd+bx+bestLen, c.BEnd+by+bestLen
		for i < len(a) && j < len(b) && a[i] == b[j] {
			i++
			j++
			bestLen++
		}
		c.AEnd, c.BEnd = i, j
		c.Matched += bestLen
	}
	for *budget > 0 {
		*budget -= (opt.Gap + 1) * (opt.Gap + 1)
		bestLen, bx, by := 0, 0, 0
		// Backwards, y indexes b[BStart-y-1].
		w.fill(b, c.BStart-1, min(opt.Gap+1, c.BStart), -1)
		for x := 0; x <= opt.Gap && c.AStart-x > 0; x++ {
			for y := w.first(a[c.AStart-x-1]); y >= 0; y = w.next[y] {
				if b[c.BStart-y-1] != a[c.AStart-x-1] {
					continue
				}
				i, j, n := c.AStart-x, c.BStart-y, 0
				for n < probeRun && i-n > 0 && j-n > 0 && a[i-n-1] == b[j-n-1] {
					n++
				}
				if n > bestLen || n == bestLen && x+y < bx+by {
					bestLen, bx, by = n, x, y
				}
			}
		}
		if bestLen < minExtendRun {
			break
		}
		i, j := c.AStart-bx-bestLen, c.BStart-by-bestLen
		for i > 0 && j > 0 && a[i-1] == b[j-1] {
			i--
			j--
			bestLen++
		}
		c.AStart, c.BStart = i, j
		c.Matched += bestLen
	}
}

// dropRepeats removes passages lying inside a longer passage on both sides:
// a phrase repeated within each text pairs every occurrence with every
// other, and those cross pairs add nothing the long passage does not cover.
func dropRepeats(sp []Span) []Span {
	sort.Slice(sp, func(i, j int) bool { return sp[i].AEnd-sp[i].AStart > sp[j].AEnd-sp[j].AStart })
	var out []Span
	for _, s := range sp {
		inside := false
		for _, o := range out {
			if s.AStart >= o.AStart && s.AEnd <= o.AEnd && s.BStart >= o.BStart && s.BEnd <= o.BEnd {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, s)
		}
	}
	return out
}

// window buckets the runes of the Gap+1 positions past a passage end by
// their low byte, so extend visits only the offsets whose rune can match
// instead of all (Gap+1)² pairs. Buckets list y ascending, the order the
// exhaustive scan used, so the chosen offset is the same. Only the buckets
// a fill set are emptied for the next, so a table of 256 (few false
// matches among Chinese runes) costs no more to reuse than one of 64.
type window struct {
	head [256]int32 // -1: empty
	next []int
	// keys are the buckets the last fill set, ready whether head is set
	// up.
	keys  []uint8
	ready bool
}

// fill indexes n runes of s starting at from, stepping dir (+1 or -1):
// position y is s[from+dir*y].
func (w *window) fill(s []rune, from, n, dir int) {
	if !w.ready {
		for i := range w.head {
			w.head[i] = -1
		}
		w.ready = true
	} else {
		for _, k := range w.keys {
			w.head[k] = -1
		}
	}
	w.keys = w.keys[:0]
	if cap(w.next) < n {
		w.next = make([]int, n)
	}
	w.next = w.next[:n]
	// Inserted from the far end so each bucket lists y ascending.
	for y := n - 1; y >= 0; y-- {
		h := uint8(s[from+dir*y])
		w.next[y] = int(w.head[h])
		w.head[h] = int32(y)
		w.keys = append(w.keys, h)
	}
}

// first returns the smallest y whose rune shares r's bucket, or -1.
func (w *window) first(r rune) int { return int(w.head[uint8(r)]) }
