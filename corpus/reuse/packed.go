package reuse

import (
	"encoding/binary"
	"sort"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/planmine/planmine/nlp/fingerprint"
)

// packed is a document's matching form kept between alignments, so that a
// document aligned as a candidate of many later ones is not normalised and
// fingerprinted again each time: its normalised runes (two bytes each when
// all are in the Basic Multilingual Plane, as Chinese text is), the
// positions of its fingerprints (their hashes are recomputed from the
// runes), and every chkEvery-th rune's text offsets, from which any rune's
// offsets are found by resuming the normalisation (fingerprint.Locate).
// About 2.7 bytes per normalised rune, against 12 for a Stream and 16 per
// fingerprint.
type packed struct {
	r16 []uint16
	r32 []rune // instead of r16 when a rune is outside the BMP
	// pos holds the fingerprint positions, ascending, as uvarint gaps.
	pos     []byte
	nprints int32
	// chk holds the code point and byte offsets of runes 0, chkEvery, ….
	chk     []int32
	textLen int32
}

const chkEvery = 16

// newPacked packs s and its fingerprints, in position order (as Winnow
// returns them).
func newPacked(s fingerprint.Stream, prints []fingerprint.Print) *packed {
	p := &packed{nprints: int32(len(prints)), textLen: int32(s.TextLen)}
	wide := false
	for _, r := range s.Runes {
		if r > 0xFFFF {
			wide = true
			break
		}
	}
	if wide {
		p.r32 = append([]rune(nil), s.Runes...)
	} else {
		p.r16 = make([]uint16, len(s.Runes))
		for i, r := range s.Runes {
			p.r16[i] = uint16(r)
		}
	}
	p.pos = make([]byte, 0, len(prints)+8)
	prev := int32(0)
	for _, x := range prints {
		p.pos = binary.AppendUvarint(p.pos, uint64(x.Pos-prev))
		prev = x.Pos
	}
	p.chk = make([]int32, 0, 2*((len(s.Runes)+chkEvery-1)/chkEvery))
	for i := 0; i < len(s.Runes); i += chkEvery {
		p.chk = append(p.chk, s.Off[i], s.Byte[i])
	}
	return p
}

// size returns the bytes p holds.
func (p *packed) size() int64 {
	return int64(2*cap(p.r16)+4*cap(p.r32)+cap(p.pos)+4*cap(p.chk)) + 96
}

// runes returns the normalised runes, appended to dst[:0].
func (p *packed) runes(dst []rune) []rune {
	if p.r32 != nil {
		return append(dst[:0], p.r32...)
	}
	out := dst[:0]
	if cap(out) < len(p.r16) {
		out = make([]rune, 0, len(p.r16)+len(p.r16)/4)
	}
	out = out[:len(p.r16)]
	for i, r := range p.r16 {
		out[i] = rune(r)
	}
	return out
}

// prints returns the fingerprints in position order, appended to dst[:0];
// rs are the runes and k the k-gram length they were made with.
func (p *packed) prints(dst []fingerprint.Print, rs []rune, k int) []fingerprint.Print {
	out := dst[:0]
	if cap(out) < int(p.nprints) {
		out = make([]fingerprint.Print, 0, int(p.nprints)+int(p.nprints)/4)
	}
	pos, b := int32(0), p.pos
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		b = b[n:]
		pos += int32(d)
		out = append(out, fingerprint.Print{Hash: fingerprint.HashAt(rs, int(pos), k), Pos: pos})
	}
	return out
}

// at returns Off[i] and Byte[i] of the stream of text p was made from.
func (p *packed) at(text string, i int) (off, byt int) {
	c := i / chkEvery
	off, byt = int(p.chk[2*c]), int(p.chk[2*c+1])
	if r := i - c*chkEvery; r > 0 {
		off, byt, _ = fingerprint.Locate(text, off, byt, r)
	}
	return off, byt
}

// index returns Stream.Index(off) for the stream of text (n runes) p was
// made from: the first rune whose text offset is at least off.
func (p *packed) index(text string, n, off int) int {
	// The first checkpoint at or past off; the answer is in the block
	// before it.
	nc := len(p.chk) / 2
	c := sort.Search(nc, func(c int) bool { return int(p.chk[2*c]) >= off })
	if c == 0 {
		return 0
	}
	i := (c - 1) * chkEvery
	o, b := int(p.chk[2*(c-1)]), int(p.chk[2*(c-1)+1])
	for o < off {
		i++
		if i >= n {
			return n
		}
		o, b, _ = fingerprint.Locate(text, o, b, 1)
	}
	return i
}

// cut returns what Stream.TextSpan and Stream.TextSlice give for the
// normalised range [i, j) of text's stream, n runes long.
func (p *packed) cut(text string, n, i, j int) (start, end int, s string) {
	i, j = max(i, 0), min(j, n)
	if i >= j {
		if i < n {
			o, _ := p.at(text, i)
			return o, o, ""
		}
		return int(p.textLen), int(p.textLen), ""
	}
	o0, b0 := p.at(text, i)
	o1, b1 := o0, b0
	if r := j - 1 - i; r > 0 {
		if r < (j-1)%chkEvery {
			// Nearer from i than from j-1's checkpoint.
			o1, b1, _ = fingerprint.Locate(text, o0, b0, r)
		} else {
			o1, b1 = p.at(text, j-1)
		}
	}
	if b1 >= len(text) || b0 > b1 {
		return o0, o1 + 1, ""
	}
	_, w := utf8.DecodeRuneInString(text[b1:])
	return o0, o1 + 1, text[b0 : b1+w]
}

// DefaultPackedBytes is the default of Options.PackedBytes.
const DefaultPackedBytes = 64 << 20

// packCache bounds the packed forms the entries hold to a byte budget,
// evicting by the clock algorithm: an entry used since the hand last
// passed gets another round.
type packCache struct {
	mu     sync.Mutex
	budget int64
	bytes  int64
	ring   []*entry
	hand   int
	hits   atomic.Int64
	misses atomic.Int64
}

// get returns e's packed form, or nil.
func (c *packCache) get(e *entry) *packed {
	p := e.pk.Load()
	if p != nil {
		if !e.hot.Load() {
			e.hot.Store(true)
		}
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return p
}

// put gives e its packed form (unless it has one), evicting others while
// over budget.
func (c *packCache) put(e *entry, p *packed) {
	if c.budget <= 0 || p == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.gone || e.pk.Load() != nil {
		return
	}
	e.pk.Store(p)
	e.ring = len(c.ring)
	c.ring = append(c.ring, e)
	c.bytes += p.size()
	for c.bytes > c.budget && len(c.ring) > 1 {
		if c.hand >= len(c.ring) {
			c.hand = 0
		}
		x := c.ring[c.hand]
		if x != e && x.hot.Load() {
			x.hot.Store(false)
			c.hand++
			continue
		}
		if x == e {
			c.hand++
			continue
		}
		c.dropLocked(x)
	}
}

// drop removes e's packed form; a removed entry is never given one again.
func (c *packCache) drop(e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.gone = true
	if e.pk.Load() != nil {
		c.dropLocked(e)
	}
}

func (c *packCache) dropLocked(e *entry) {
	c.bytes -= e.pk.Load().size()
	e.pk.Store(nil)
	last := c.ring[len(c.ring)-1]
	c.ring[e.ring] = last
	last.ring = e.ring
	c.ring[len(c.ring)-1] = nil
	c.ring = c.ring[:len(c.ring)-1]
	e.ring = -1
}

// size returns the entries holding a packed form and their bytes.
func (c *packCache) size() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ring), c.bytes
}
