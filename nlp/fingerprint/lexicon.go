package fingerprint

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed formulas.txt
var formulasTxt string

// Lexicon is a list of official formulas matched fuzzily against streams.
// It is immutable after construction and safe for concurrent use.
type Lexicon struct {
	// Version is the "# version:" line of the list.
	Version  string
	formulas [][]rune            // normalised
	texts    []string            // as written
	grams    map[uint64][]gramAt // q-gram hash → occurrences in formulas
	// seen has a bit set for every q-gram hash in grams (by its top
	// lexBits bits): most q-grams of a document are in no formula, and a
	// bit test rejects them without the map lookup.
	seen []uint64
}

// lexBits sizes the q-gram filter: 2^18 bits (32 KB) keep false positives
// near 1% for the few thousand q-grams of the list.
const lexBits = 18

func (l *Lexicon) mark(h uint64) {
	b := h >> (64 - lexBits)
	l.seen[b>>6] |= 1 << (b & 63)
}

func (l *Lexicon) maybe(h uint64) bool {
	b := h >> (64 - lexBits)
	return l.seen[b>>6]&(1<<(b&63)) != 0
}

type gramAt struct {
	f   int32
	pos int32
}

// lexQ is the q-gram length used to seed formula matches: formulas are
// short (10–40 runes), so seeds must be short for a one-word swap to leave
// seeds on both sides of it.
const lexQ = 4

// lexCover is the share of a formula that a fuzzy occurrence must align to.
const lexCover = 0.75

// NewLexicon builds a lexicon from a list (one formula per line, # comments).
func NewLexicon(list string) *Lexicon {
	l := &Lexicon{grams: map[uint64][]gramAt{}, seen: make([]uint64, 1<<lexBits/64)}
	for _, line := range strings.Split(list, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "# version:"); ok {
			l.Version = strings.TrimSpace(v)
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rs := Normalize(line).Runes
		if len(rs) < lexQ+2 {
			continue
		}
		f := int32(len(l.formulas))
		l.formulas = append(l.formulas, rs)
		l.texts = append(l.texts, line)
		for i, h := range Hashes(rs, lexQ) {
			l.grams[h] = append(l.grams[h], gramAt{f: f, pos: int32(i)})
			l.mark(h)
		}
	}
	return l
}

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
)

// DefaultLexicon returns the embedded formula list (formulas.txt), built once.
func DefaultLexicon() *Lexicon {
	defaultOnce.Do(func() { defaultLex = NewLexicon(formulasTxt) })
	return defaultLex
}

// Len returns the number of formulas.
func (l *Lexicon) Len() int { return len(l.formulas) }

// Hit is one occurrence of a formula in a stream, in normalised coordinates.
type Hit struct {
	Start, End int
	// Formula is the formula as listed.
	Formula string
}

// Find returns the formula occurrences in s, ordered by Start. An
// occurrence aligns at least 75% of the formula with small edits bridged,
// so 坚持以人民为中心的发展理念 still matches 坚持以人民为中心的发展思想.
func (l *Lexicon) Find(s Stream) []Hit { return l.find(s, true) }

// find is Find; prune drops seeds with no other seed near them first.
func (l *Lexicon) find(s Stream, prune bool) []Hit {
	if l == nil || len(l.formulas) == 0 {
		return nil
	}
	// Seeds by formula; touched lists the formulas with any, in order of
	// their first seed. The lists are pooled: a batch searches every
	// document, and they are dropped once its hits are found.
	sc := lexPool.Get().(*lexScratch)
	defer lexPool.Put(sc)
	if len(sc.per) < len(l.formulas) {
		sc.per = make([][]Match, len(l.formulas))
	}
	per := sc.per
	for _, f := range sc.touched {
		per[f] = per[f][:0]
	}
	touched := sc.touched[:0]
	defer func() { sc.touched = touched }()
	// The rolling hash of Hashes, inline: most q-grams fail the bit test,
	// so the hashes are not stored.
	var pow uint64 = 1
	for i := 1; i < lexQ; i++ {
		pow *= base
	}
	var rh uint64
	for j, r := range s.Runes {
		if j >= lexQ {
			rh -= uint64(s.Runes[j-lexQ]) * pow
		}
		rh = rh*base + uint64(r)
		if j < lexQ-1 {
			continue
		}
		i, h := j-lexQ+1, mix(rh)
		if !l.maybe(h) {
			continue
		}
		for _, g := range l.grams[h] {
			if n := len(per[g.f]); n < 4096 {
				if n == 0 {
					touched = append(touched, g.f)
				}
				per[g.f] = append(per[g.f], Match{Hash: h, A: int32(i), B: g.pos})
			}
		}
	}
	var out []Hit
	for _, f := range touched {
		seeds, fr := per[f], l.formulas[f]
		need := int(lexCover*float64(len(fr)) + 0.5)
		if len(seeds) < 2 && len(fr) > lexQ+2 {
			continue
		}
		opt := AlignOptions{K: lexQ, Gap: 4, MinLen: need}
		if prune {
			if seeds = sc.nearSeeds(seeds, len(fr), opt.Gap); len(seeds) < 2 {
				continue
			}
		}
		for _, sp := range Align(s.Runes, fr, seeds, opt) {
			if sp.BEnd-sp.BStart >= need && sp.Matched >= need*3/4 {
				out = append(out, Hit{Start: sp.AStart, End: sp.AEnd, Formula: l.texts[f]})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

// Intervals merges hits into disjoint, sorted half-open intervals.
func Intervals(hits []Hit) [][2]int {
	var iv [][2]int
	for _, h := range hits {
		iv = append(iv, [2]int{h.Start, h.End})
	}
	return Union(iv)
}

// Union sorts and merges half-open intervals.
func Union(iv [][2]int) [][2]int {
	if len(iv) == 0 {
		return nil
	}
	iv = append([][2]int(nil), iv...)
	sort.Slice(iv, func(i, j int) bool { return iv[i][0] < iv[j][0] })
	out := [][2]int{iv[0]}
	for _, x := range iv[1:] {
		last := &out[len(out)-1]
		if x[0] <= last[1] {
			last[1] = max(last[1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}

// Measure returns the total length of disjoint intervals.
func Measure(iv [][2]int) int {
	n := 0
	for _, x := range iv {
		n += x[1] - x[0]
	}
	return n
}

// Overlap returns how much of [a, b) the disjoint sorted intervals cover.
func Overlap(iv [][2]int, a, b int) int {
	i := sort.Search(len(iv), func(i int) bool { return iv[i][1] > a })
	n := 0
	for ; i < len(iv) && iv[i][0] < b; i++ {
		n += min(iv[i][1], b) - max(iv[i][0], a)
	}
	return n
}

// lexScratch is the reusable space of one formula search.
type lexScratch struct {
	per     [][]Match
	touched []int32
	idx     []int
	keep    []bool
	near    []Match
}

var lexPool = sync.Pool{New: func() any { return new(lexScratch) }}

// nearSeeds keeps the seeds that have another seed close enough to be
// part of the same occurrence: within the formula's length (plus gap and
// q-gram) in the text and on a diagonal at most gap+lexQ away. An
// occurrence covers at least 75% of a formula of six runes or more, which
// takes two q-grams at least (one exact run of five holds two; bridged
// runs each hold one), so an isolated seed — a common q-gram such as 社会主
// 义 met all over a report — never makes a hit, and Align need not extend
// it. The order of the kept seeds is unchanged. The result lives in sc
// until its next call.
func (sc *lexScratch) nearSeeds(seeds []Match, flen, gap int) []Match {
	if len(seeds) < 2 {
		return nil
	}
	idx := resize(sc.idx, len(seeds))
	sc.idx = idx
	for i := range idx {
		idx[i] = i
	}
	// find's seeds come in text order already.
	if !slices.IsSortedFunc(seeds, func(x, y Match) int { return int(x.A - y.A) }) {
		slices.SortFunc(idx, func(x, y int) int { return int(seeds[x].A - seeds[y].A) })
	}
	span, dspan := int32(flen+2*gap+lexQ), int32(gap+lexQ)
	keep := resize(sc.keep, len(seeds))
	clear(keep)
	sc.keep = keep
	for i, x := range idx {
		sx := seeds[x]
		for _, y := range idx[i+1:] {
			sy := seeds[y]
			if sy.A-sx.A > span {
				break
			}
			if d := (sy.B - sy.A) - (sx.B - sx.A); d >= -dspan && d <= dspan {
				keep[x], keep[y] = true, true
			}
		}
	}
	out := sc.near[:0]
	for i, k := range keep {
		if k {
			out = append(out, seeds[i])
		}
	}
	sc.near = out
	return out
}
