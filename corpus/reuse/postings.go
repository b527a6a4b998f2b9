package reuse

import (
	"encoding/binary"
	"unsafe"
)

// postings maps a fingerprint to the ascending numbers of the documents
// holding it. Most fingerprints of a large corpus are in one document (an
// edited number makes a k-gram unique), so a single document is stored
// inline in the table value and only longer lists get a slice. A list is
// delta-encoded: a fixed header (count, last number; 4 bytes each, little
// endian) then one uvarint per document, the gap from the previous one.
// Documents sharing a paragraph are added close together, so gaps are
// small: about a byte per posting instead of four.
type postings struct {
	m     table // value ≥ 0: the one document; < 0: -(i+1) indexes lists
	lists [][]byte
	free  []int32 // emptied list slots
}

const listHeader = 8

func newPostings() *postings { return &postings{} }

// Len returns the number of distinct fingerprints.
func (p *postings) Len() int { return p.m.n }

// pref is a fingerprint's postings as found by get: the value stored in
// the table, valid until the postings change.
type pref struct {
	v  int32
	ok bool
}

// get looks h up once, for df and each to use without another lookup.
func (p *postings) get(h uint64) pref {
	v, ok := p.m.get(h)
	return pref{v, ok}
}

// dfOf returns how many documents r holds.
func (p *postings) dfOf(r pref) int {
	switch {
	case !r.ok:
		return 0
	case r.v >= 0:
		return 1
	}
	return int(binary.LittleEndian.Uint32(p.lists[-r.v-1]))
}

// df returns how many documents hold h.
func (p *postings) df(h uint64) int { return p.dfOf(p.get(h)) }

// eachOf calls f for every document of r, in ascending order.
func (p *postings) eachOf(r pref, f func(uint32)) {
	switch {
	case !r.ok:
	case r.v >= 0:
		f(uint32(r.v))
	default:
		l := p.lists[-r.v-1][listHeader:]
		var n uint32
		for len(l) > 0 {
			d, k := binary.Uvarint(l)
			if k <= 0 {
				return // cannot happen: lists are only written here
			}
			n += uint32(d)
			f(n)
			l = l[k:]
		}
	}
}

// each calls f for every document holding h, in ascending order.
func (p *postings) each(h uint64, f func(uint32)) { p.eachOf(p.get(h), f) }

// encodeList writes ns (ascending, at least two) as a list.
func encodeList(dst []byte, ns []uint32) []byte {
	dst = binary.LittleEndian.AppendUint32(dst[:0], uint32(len(ns)))
	dst = binary.LittleEndian.AppendUint32(dst, ns[len(ns)-1])
	prev := uint32(0)
	for _, n := range ns {
		dst = binary.AppendUvarint(dst, uint64(n-prev))
		prev = n
	}
	return dst
}

// add appends document n, which must be above every number already added.
func (p *postings) add(h uint64, n uint32) {
	slot, found := p.m.slot(h)
	if !found {
		p.m.insertAt(slot, h, int32(n))
		return
	}
	v := p.m.val(slot)
	if v >= 0 {
		l := encodeList(make([]byte, 0, listHeader+6), []uint32{uint32(v), n})
		if k := len(p.free); k > 0 {
			i := p.free[k-1]
			p.free = p.free[:k-1]
			p.lists[i] = l
			p.m.setVal(slot, -i-1)
		} else {
			p.lists = append(p.lists, l)
			p.m.setVal(slot, -int32(len(p.lists)))
		}
		return
	}
	l := p.lists[-v-1]
	count, last := binary.LittleEndian.Uint32(l), binary.LittleEndian.Uint32(l[4:])
	binary.LittleEndian.PutUint32(l, count+1)
	binary.LittleEndian.PutUint32(l[4:], n)
	p.lists[-v-1] = binary.AppendUvarint(l, uint64(n-last))
}

// remove drops document n from h's postings.
func (p *postings) remove(h uint64, n uint32) {
	slot, found := p.m.slot(h)
	if !found {
		return
	}
	v := p.m.val(slot)
	if v >= 0 {
		if uint32(v) == n {
			p.m.deleteAt(slot)
		}
		return
	}
	i := -v - 1
	var ns []uint32
	p.eachOf(pref{v, true}, func(m uint32) {
		if m != n {
			ns = append(ns, m)
		}
	})
	switch len(ns) {
	case 0:
		p.m.deleteAt(slot)
		p.lists[i] = nil
		p.free = append(p.free, i)
	case 1:
		p.m.setVal(slot, int32(ns[0]))
		p.lists[i] = nil
		p.free = append(p.free, i)
	default:
		p.lists[i] = encodeList(p.lists[i], ns)
	}
}

// check verifies the invariants (ascending, no duplicates); for tests.
func (p *postings) check() bool {
	ok := true
	p.m.each(func(h uint64, _ int32) {
		prev, first := uint32(0), true
		p.each(h, func(n uint32) {
			if !first && n <= prev {
				ok = false
			}
			prev, first = n, false
		})
	})
	return ok
}

// size returns the distinct fingerprints and the postings held.
func (p *postings) size() (keys, posts int) {
	posts = p.m.n
	for _, l := range p.lists {
		if len(l) > 0 {
			posts += int(binary.LittleEndian.Uint32(l)) - 1
		}
	}
	return p.m.n, posts
}

// table is an open-addressing hash table from fingerprint to int32 with
// linear probing. Fingerprints are already uniformly mixed 64-bit hashes,
// so their low bits index the table directly: a lookup is one or two
// cache lines, where a general map rehashes the key and matches control
// groups (a quarter of all-pairs time went there). Key 0 marks an empty
// slot; the fingerprint 0 is kept in zero instead.
type table struct {
	// slots hold key and value together: a lookup touches one cache line.
	slots []slot
	n     int // keys held, the zero key included
	// zero holds the value of fingerprint 0, when present.
	zero    int32
	hasZero bool
}

// slot returns h's slot and whether h is there; when it is not, the slot
// is where it would go. The zero fingerprint uses slot -1.
func (t *table) slot(h uint64) (int, bool) {
	if h == 0 {
		return -1, t.hasZero
	}
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch t.slots[i].key {
		case h:
			return int(i), true
		case 0:
			return int(i), false
		}
	}
}

func (t *table) get(h uint64) (int32, bool) {
	i, ok := t.slot(h)
	if !ok {
		return 0, false
	}
	return t.val(i), true
}

// insertAt stores h (absent) at the slot slot returned, growing first
// when the table would pass 3/4 full.
func (t *table) insertAt(i int, h uint64, v int32) {
	if h == 0 {
		t.zero, t.hasZero = v, true
		t.n++
		return
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
		i, _ = t.slot(h)
	}
	t.slots[i] = slot{h, v}
	t.n++
}

// reserve sizes the table for n keys at most 3/4 full, so a batch build
// does not rehash on the way.
func (t *table) reserve(n int) {
	size := 64
	for 3*size < 4*n {
		size *= 2
	}
	if size > len(t.slots) {
		t.rehash(size)
	}
}

func (t *table) grow() { t.rehash(max(64, 2*len(t.slots))) }

func (t *table) rehash(size int) {
	old := t.slots
	t.slots = make([]slot, size)
	// Rehashing writes slots all over the table: fault it in at once.
	if n := uintptr(size) * unsafe.Sizeof(slot{}); n >= prefaultMin {
		prefault(unsafe.Pointer(unsafe.SliceData(t.slots)), n)
	}
	mask := uint64(size - 1)
	for _, x := range old {
		if x.key == 0 {
			continue
		}
		i := x.key & mask
		for t.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = x
	}
}

// deleteAt removes the key at slot i by backward shift, so that probes
// never need tombstones.
func (t *table) deleteAt(i int) {
	t.n--
	if i < 0 {
		t.hasZero = false
		return
	}
	mask := len(t.slots) - 1
	for {
		t.slots[i].key = 0
		j := i
		for {
			j = (j + 1) & mask
			k := t.slots[j].key
			if k == 0 {
				return
			}
			// k's home slot; it may move to i if i lies cyclically
			// between home and j.
			home := int(k & uint64(mask))
			if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
				t.slots[i] = t.slots[j]
				i = j
				break
			}
		}
	}
}

// slot is one table entry; key 0 is empty.
type slot struct {
	key uint64
	val int32
}

// val and setVal read and write the value at a slot, -1 being the zero
// fingerprint's.
func (t *table) val(i int) int32 {
	if i < 0 {
		return t.zero
	}
	return t.slots[i].val
}

func (t *table) setVal(i int, v int32) {
	if i < 0 {
		t.zero = v
		return
	}
	t.slots[i].val = v
}

// each calls f for every key and value.
func (t *table) each(f func(uint64, int32)) {
	if t.hasZero {
		f(0, t.zero)
	}
	for _, x := range t.slots {
		if x.key != 0 {
			f(x.key, x.val)
		}
	}
}

// prefaultMin is the least table worth faulting in at once (a few pages
// fault in as cheaply one by one).
const prefaultMin = 1 << 20
