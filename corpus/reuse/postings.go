package reuse

import "sort"

// postings maps a fingerprint to the ascending numbers of the documents
// holding it. Most fingerprints of a large corpus are in one document (an
// edited number makes a k-gram unique), so a single document is stored
// inline in the map value and only longer lists get a slice: 4 bytes of
// value per fingerprint instead of a 24-byte slice header.
type postings struct {
	m     map[uint64]int32 // ≥ 0: the one document; < 0: -(i+1) indexes lists
	lists [][]uint32
	free  []int32 // emptied list slots
}

func newPostings() *postings { return &postings{m: map[uint64]int32{}} }

// Len returns the number of distinct fingerprints.
func (p *postings) Len() int { return len(p.m) }

// df returns how many documents hold h.
func (p *postings) df(h uint64) int {
	v, ok := p.m[h]
	switch {
	case !ok:
		return 0
	case v >= 0:
		return 1
	}
	return len(p.lists[-v-1])
}

// each calls f for every document holding h, in ascending order.
func (p *postings) each(h uint64, f func(uint32)) {
	v, ok := p.m[h]
	switch {
	case !ok:
	case v >= 0:
		f(uint32(v))
	default:
		for _, n := range p.lists[-v-1] {
			f(n)
		}
	}
}

// add appends document n, which must be above every number already added.
func (p *postings) add(h uint64, n uint32) {
	v, ok := p.m[h]
	switch {
	case !ok:
		p.m[h] = int32(n)
	case v >= 0:
		l := []uint32{uint32(v), n}
		if k := len(p.free); k > 0 {
			i := p.free[k-1]
			p.free = p.free[:k-1]
			p.lists[i] = l
			p.m[h] = -i - 1
		} else {
			p.lists = append(p.lists, l)
			p.m[h] = -int32(len(p.lists))
		}
	default:
		p.lists[-v-1] = append(p.lists[-v-1], n)
	}
}

// remove drops document n from h's postings.
func (p *postings) remove(h uint64, n uint32) {
	v, ok := p.m[h]
	switch {
	case !ok:
	case v >= 0:
		if uint32(v) == n {
			delete(p.m, h)
		}
	default:
		i := -v - 1
		l := p.lists[i]
		j := sort.Search(len(l), func(j int) bool { return l[j] >= n })
		if j < len(l) && l[j] == n {
			l = append(l[:j], l[j+1:]...)
		}
		switch len(l) {
		case 0:
			delete(p.m, h)
			p.lists[i] = nil
			p.free = append(p.free, i)
		case 1:
			p.m[h] = int32(l[0])
			p.lists[i] = nil
			p.free = append(p.free, i)
		default:
			p.lists[i] = l
		}
	}
}

// check verifies the invariants (ascending, no duplicates); for tests.
func (p *postings) check() bool {
	for h := range p.m {
		prev, first, ok := uint32(0), true, true
		p.each(h, func(n uint32) {
			if !first && n <= prev {
				ok = false
			}
			prev, first = n, false
		})
		if !ok {
			return false
		}
	}
	return true
}

// size returns the distinct fingerprints and the postings held.
func (p *postings) size() (keys, posts int) {
	posts = len(p.m)
	for _, l := range p.lists {
		if len(l) > 0 {
			posts += len(l) - 1
		}
	}
	return len(p.m), posts
}
