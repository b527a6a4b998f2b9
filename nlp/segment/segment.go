// Package segment is planmine's Chinese word segmenter: gse's shortest-path
// segmentation over gse's combined Simplified+Traditional dictionary (the
// Simplified one alone leaves most Traditional tokens as single characters)
// plus the planmine domain dictionary.
//
// gse builds its dictionary trie at every start: 3–5 s and ~200 MB heap
// (587,207 words), before the first word is cut. Here the same dictionary is
// compiled once, by `go generate` (./gen, from gse itself), into
// zh.dict: a vellum FST (bleve's finite-state transducer library) mapping
// each word to its index, beside the word's gse path distance and part of
// speech. The segmenter reads that file where it lies in the binary — no
// decoding, no copy — so it is ready in microseconds and only the pages a
// lookup touches become resident. The algorithm is gse's Segment
// (non-search mode), with gse's own SplitWords for the units it works on;
// TestSameAsGse checks the words, offsets and tags equal gse's on every text
// in the shared gold, the shared corpus and the real-page sets.
package segment

//go:generate go run ./gen zh.dict

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
	"github.com/go-ego/gse"
)

// Version identifies the dictionary set. Search indexes record it and are
// rebuilt when it changes, because index-time and query-time tokens must match.
const Version = "gse-v0.80.3+zh+domain-1"

// Magic opens the compiled dictionary file. Its layout, little-endian:
//
//	Magic
//	u32 longest word in gse units (a Han character, or a run of letters/digits)
//	u32 n words, u32 m tags, then m × (u8 length, tag bytes)
//	n × f32 path distance (gse: log2(total frequency) − log2(frequency))
//	n × u8 tag index
//	u32 FST length, then the FST: word bytes → index into the two tables
const Magic = "PMSEG01\n"

//go:embed domain.txt
var domainDict string

//go:embed zh.dict
var compiled []byte

// Segmenter cuts text into words. It is safe for concurrent use.
type Segmenter struct {
	fst    *vellum.FST
	maxLen int
	dist   []byte // n × f32
	tag    []byte // n × tag index
	tags   []string
	// memos are step caches not in use (see memo).
	memos chan *memo
}

var (
	once sync.Once
	seg  *Segmenter
	err0 error
)

// Default returns the process-wide segmenter.
func Default() (*Segmenter, error) {
	once.Do(func() { seg, err0 = Open(compiled) })
	return seg, err0
}

// Open reads a compiled dictionary in place; data must stay unchanged.
func Open(data []byte) (*Segmenter, error) {
	bad := func(what string) (*Segmenter, error) {
		return nil, fmt.Errorf("分词词典已损坏 (segmentation dictionary corrupt): %s", what)
	}
	if !strings.HasPrefix(string(data[:min(len(data), len(Magic))]), Magic) {
		return bad("magic")
	}
	p := len(Magic)
	u32 := func() (int, bool) {
		if p+4 > len(data) {
			return 0, false
		}
		v := int(binary.LittleEndian.Uint32(data[p:]))
		p += 4
		return v, true
	}
	s := &Segmenter{memos: make(chan *memo, memoSpare)}
	var n, m int
	var ok1, ok2, ok3 bool
	s.maxLen, ok1 = u32()
	n, ok2 = u32()
	m, ok3 = u32()
	if !ok1 || !ok2 || !ok3 || m > 255 {
		return bad("header")
	}
	for i := 0; i < m; i++ {
		if p >= len(data) || p+1+int(data[p]) > len(data) {
			return bad("tags")
		}
		l := int(data[p])
		s.tags = append(s.tags, string(data[p+1:p+1+l]))
		p += 1 + l
	}
	if p+5*n > len(data) {
		return bad("tables")
	}
	s.dist, p = data[p:p+4*n], p+4*n
	s.tag, p = data[p:p+n], p+n
	fl, ok := u32()
	if !ok || p+fl != len(data) {
		return bad("FST length")
	}
	fst, err := vellum.Load(data[p:])
	if err != nil {
		return bad(err.Error())
	}
	if fst.Len() != n {
		return bad("FST holds " + strconv.Itoa(fst.Len()) + " words, tables " + strconv.Itoa(n))
	}
	s.fst = fst
	return s, nil
}

// Seg is one word: its byte span in the input and its part of speech ("x"
// for a character the dictionary lacks).
type Seg struct {
	Start, End int
	Pos        string
}

// WordPos is one word's text (ASCII lower-cased, as gse returns it) and tag.
type WordPos struct {
	Text, Pos string
}

// Segment cuts text into words covering every byte, as gse's Segment does.
func (s *Segmenter) Segment(text []byte) []Seg {
	// About one word per two characters of Chinese text.
	out := make([]Seg, 0, len(text)/6+1)
	s.each(text, func(start, end int, _ []gse.Text, pos string) {
		out = append(out, Seg{start, end, pos})
	})
	return out
}

// Cut returns the words of str, as gse's Cut without HMM does.
func (s *Segmenter) Cut(str string) []string {
	var out []string
	s.each([]byte(str), func(_, _ int, units []gse.Text, _ string) {
		out = append(out, joinUnits(units))
	})
	return out
}

// Pos returns the words of str with their tags, as gse's Pos does.
func (s *Segmenter) Pos(str string) []WordPos {
	var out []WordPos
	s.each([]byte(str), func(_, _ int, units []gse.Text, pos string) {
		out = append(out, WordPos{joinUnits(units), pos})
	})
	return out
}

func joinUnits(units []gse.Text) string {
	if len(units) == 1 {
		return string(units[0])
	}
	var b strings.Builder
	for _, u := range units {
		b.Write(u)
	}
	return b.String()
}

// jumper is gse's Viterbi cell: the shortest path distance to the end of
// a unit and the word that ends the path there.
type jumper struct {
	min float32
	n   int // the word's length in units
	tag int // index into tags; -1 for a character not in the dictionary
}

// pseudoDistance is gse's distance for a unit the dictionary lacks.
const pseudoDistance = 32

// each runs gse's shortest-path segmentation (segmentWords, non-search
// mode) and calls emit for each word in order.
func (s *Segmenter) each(text []byte, emit func(start, end int, units []gse.Text, pos string)) {
	if len(text) == 0 {
		return
	}
	units := gse.SplitWords(text)
	n := len(units)
	m := s.takeMemo()
	defer s.giveMemo(m)
	jumpers := m.jumpers(n)
	update := func(j *jumper, base, dist float32, length, tag int) {
		// gse's updateJumper: zero means never reached.
		if d := base + dist; j.min == 0 || j.min > d {
			j.min, j.n, j.tag = d, length, tag
		}
	}
	for cur := 0; cur < n; cur++ {
		var base float32
		if cur > 0 {
			base = jumpers[cur-1].min
		}
		// Every dictionary word that starts here, shortest first (gse's
		// LookupTokens over the trie).
		addr, out, first := s.fst.Start(), uint64(0), 0
		for k := cur; k < min(cur+s.maxLen, n); k++ {
			st := s.step(m, addr, units[k])
			if !st.ok {
				break
			}
			addr, out = st.next, out+st.out
			if st.final {
				i := int(out + st.fout)
				length := k - cur + 1
				update(&jumpers[k], base, s.distance(i), length, int(s.tag[i]))
				if first == 0 {
					first = length
				}
			}
		}
		if first != 1 {
			update(&jumpers[cur], base, pseudoDistance, 1, -1)
		}
	}
	// Walk back from the end, then emit front to back.
	ends := m.ends[:0]
	for i := n - 1; i >= 0; i -= jumpers[i].n {
		ends = append(ends, i)
	}
	m.ends = ends
	start, from := 0, 0
	for k := len(ends) - 1; k >= 0; k-- {
		i := ends[k]
		end := start
		for _, u := range units[from : i+1] {
			end += len(u)
		}
		pos := "x"
		if t := jumpers[i].tag; t >= 0 {
			pos = s.tags[t]
		}
		emit(start, end, units[from:i+1], pos)
		start, from = end, i+1
	}
}

// step is the FST walked over one unit from a state: whether a path goes
// on, the state reached, the output gained, and whether a word ends there.
type step struct {
	next      int
	out, fout uint64
	ok, final bool
}

// memoEntry is one remembered step, packed: FST addresses and outputs
// (word indexes) fit in 32 bits.
type memoEntry struct {
	key             uint64 // memoSet | addr<<21 | rune; 0: empty
	next, out, fout uint32
	ok, final       bool
}

const memoSet = 1 << 63

// memoBits sizes the step cache: a direct-mapped table, like a CPU cache,
// of 1<<memoBits entries (3 MB). Text uses a few thousand characters and
// transitions repeat, while vellum decodes and allocates a state per byte.
const memoBits = 17

// memo is a step cache. Each segmentation takes one for itself (takeMemo)
// and gives it back when done (giveMemo), so entries are plain values, read
// and written without atomics or allocation, and a few stay warm between
// texts. Shared by all goroutines with an atomically swapped pointer per
// entry, as it was, a hit cost two cache misses and a miss an allocation:
// 3,000 stored documents of the 10,000-file benchmark were cut at 7.0 MB/s,
// now 11.8–12.7 (gse's in-memory trie: 10.8 on the seeds).
type memo struct {
	steps [1 << memoBits]memoEntry
	// Scratch of each, kept with the cache: the Viterbi cells and the
	// word ends of the last text.
	cells []jumper
	ends  []int
}

// jumpers returns n zeroed cells.
func (m *memo) jumpers(n int) []jumper {
	if cap(m.cells) < n {
		m.cells = make([]jumper, n)
	}
	c := m.cells[:n]
	clear(c)
	return c
}

// memoSpare is how many idle caches the segmenter keeps: one per
// goroutine that segments at once (bleve's analysis workers, queries).
const memoSpare = 4

func (s *Segmenter) takeMemo() *memo {
	select {
	case m := <-s.memos:
		return m
	default:
		return new(memo)
	}
}

func (s *Segmenter) giveMemo(m *memo) {
	// A very long text's scratch is not kept.
	if cap(m.cells) > 1<<16 {
		m.cells, m.ends = nil, nil
	}
	select {
	case s.memos <- m:
	default:
	}
}

// step walks unit from addr, through the cache when the unit is one rune.
func (s *Segmenter) step(m *memo, addr int, unit []byte) step {
	var key uint64
	var slot *memoEntry
	if r, size := utf8.DecodeRune(unit); size == len(unit) && r != utf8.RuneError && addr < 1<<32 {
		key = memoSet | uint64(addr)<<21 | uint64(r)
		slot = &m.steps[(key*0x9E3779B97F4A7C15)>>(64-memoBits)]
		if slot.key == key {
			return step{next: int(slot.next), out: uint64(slot.out), fout: uint64(slot.fout), ok: slot.ok, final: slot.final}
		}
	}
	st := step{next: addr}
	for _, c := range unit {
		var o uint64
		st.next, o = s.fst.AcceptWithVal(st.next, c)
		if !s.fst.CanMatch(st.next) {
			st = step{}
			break
		}
		st.out += o
		st.ok = true
	}
	if st.ok {
		st.final, st.fout = s.fst.IsMatchWithVal(st.next)
	}
	if slot != nil && st.next < 1<<32 && st.out < 1<<32 && st.fout < 1<<32 {
		*slot = memoEntry{key: key, next: uint32(st.next), out: uint32(st.out), fout: uint32(st.fout), ok: st.ok, final: st.final}
	}
	return st
}

func (s *Segmenter) distance(i int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(s.dist[4*i:]))
}

// Word is one entry of the domain dictionary.
type Word struct {
	Text string
	Freq float64
	Pos  string
}

// DomainWords parses the embedded domain dictionary.
func DomainWords() []Word {
	var out []Word
	for _, line := range strings.Split(domainDict, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		w := Word{Text: f[0], Freq: 1000, Pos: "n"}
		if len(f) > 1 {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				w.Freq = v
			}
		}
		if len(f) > 2 {
			w.Pos = f[2]
		}
		out = append(out, w)
	}
	return out
}
