package fingerprint

// SeedTable indexes one fingerprint list sorted by SortByHash for joining
// with others left in position order, as Winnow returns them: a document
// aligned with many builds it once, and the others are neither sorted nor
// copied. It is read-only once built, so concurrent joins may share it.
type SeedTable struct {
	p []Print
	// slots hold, for each distinct hash, the index in p of its first
	// print and the hash's number (for the per-join counters), by open
	// addressing on the hash's low bits.
	slots []tslot
	mask  uint64
	n     int
}

// tslot is one table slot; first is 1 + the index in p, 0 when empty.
type tslot struct {
	hash       uint64
	first, run int32
}

// NewSeedTable indexes p, which must be sorted by SortByHash and is kept
// (not copied).
func NewSeedTable(p []Print) *SeedTable {
	distinct := 0
	for i := range p {
		if i == 0 || p[i].Hash != p[i-1].Hash {
			distinct++
		}
	}
	size := 16
	for size < 2*distinct {
		size *= 2
	}
	t := &SeedTable{p: p, slots: make([]tslot, size), mask: uint64(size - 1), n: distinct}
	run := int32(0)
	for i := range p {
		if i > 0 && p[i].Hash == p[i-1].Hash {
			continue
		}
		j := p[i].Hash & t.mask
		for t.slots[j].first != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[j] = tslot{hash: p[i].Hash, first: int32(i) + 1, run: run}
		run++
	}
	return t
}

// Distinct returns the number of distinct hashes indexed: the size of the
// counts Seeds needs.
func (t *SeedTable) Distinct() int { return t.n }

// lookup returns the index in p of h's first print and its run number, or
// -1.
func (t *SeedTable) lookup(h uint64) (int, int32) {
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		sl := &t.slots[j]
		if sl.first == 0 {
			return -1, 0
		}
		if sl.hash == h {
			return int(sl.first - 1), sl.run
		}
	}
}

// Seeds appends to dst[:0] the matches of the indexed prints with bs,
// which must be in ascending position order: the same matches, as a set,
// that SeedsSorted gives for the indexed prints and bs sorted by hash
// (the first maxPerHash prints of a hash on each side), in another order;
// Align's result does not depend on the order. The indexed prints are on
// side A, or on side B when swap is set. counts is scratch of at least
// Distinct() zeros, left zeroed; touched is scratch, returned for reuse.
func (t *SeedTable) Seeds(dst []Match, bs []Print, counts []uint8, touched []int32, swap bool) ([]Match, []int32) {
	out, touched := dst[:0], touched[:0]
	if t.n == 0 {
		return out, touched
	}
	for _, b := range bs {
		i, run := t.lookup(b.Hash)
		if i < 0 || counts[run] >= maxPerHash {
			continue
		}
		if counts[run] == 0 {
			touched = append(touched, run)
		}
		counts[run]++
		for x := i; x < len(t.p) && x < i+maxPerHash && t.p[x].Hash == b.Hash; x++ {
			if swap {
				out = append(out, Match{Hash: b.Hash, A: b.Pos, B: t.p[x].Pos})
			} else {
				out = append(out, Match{Hash: b.Hash, A: t.p[x].Pos, B: b.Pos})
			}
		}
	}
	for _, run := range touched {
		counts[run] = 0
	}
	return out, touched
}
