package fingerprint

// Default fingerprinting parameters, chosen by measurement
// (corpus/reuse TestParamsTable, REUSE_PARAMS=1: 41 documents — the five
// seeds split into parts, 16 external reports, three own copies — with 12
// labelled copy pairs; plus four seed documents copied with every 12th or
// 20th Han character changed):
//
//	k  w  found  false(≥0.3)  partial pairs  edited 12th/20th  postings
//	8  4  12/12  1            121            1.00 / 1.00       140,951
//	8  8  12/12  0            115            1.00 / 1.00        78,679
//	10 4  12/12  1            118            1.00 / 1.00       142,435
//	10 8  12/12  0            114            1.00 / 1.00        79,102
//	10 12 12/12  0            108            1.00 / 1.00        54,784
//	13 8  12/12  0            107            0.25 / 1.00        79,535
//	16 8  12/12  0             95            0.00 / 1.00        79,218
//
// Plain copies are found by every setting. k = 13 (the CNKI folk rule) and
// 16 lose copies edited every dozen characters: no intact k-gram is left
// between the edits. k = 8 matches as well as 10 but seeds more chance
// pairs from stock phrases. w = 4 doubles the index and lets a chance pair
// through; w = 12 is as good here but only guarantees shared runs of
// k+w-1 = 21 runes, above the 20-rune minimum passage. So k = 10, w = 8:
// density 2/9 ≈ 22%, every shared run of 17 runes carries a fingerprint.
const (
	DefaultK = 10
	DefaultW = 8
)

// Print is one selected fingerprint: the hash of the k-gram starting at
// normalised position Pos.
type Print struct {
	Hash uint64
	Pos  int32
}

// base is an odd 64-bit multiplier for the polynomial hash mod 2^64; the
// final mix removes its weak low bits before the minimum is taken, so the
// winnowing choice behaves like a random one (unlike Dolos's 26-bit prime
// modulus, collisions are negligible at 10^8 k-grams).
const base = 0x9E3779B97F4A7C15 | 1

// mix is the splitmix64 finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Hashes returns the hash of every k-gram of rs (len(rs)-k+1 values), by a
// rolling polynomial hash.
func Hashes(rs []rune, k int) []uint64 { return hashesInto(nil, rs, k) }

// hashesInto is Hashes appending to out[:0].
func hashesInto(out []uint64, rs []rune, k int) []uint64 {
	if k <= 0 || len(rs) < k {
		return nil
	}
	var pow uint64 = 1 // base^(k-1)
	for i := 1; i < k; i++ {
		pow *= base
	}
	out = resize(out, len(rs)-k+1)[:0]
	var h uint64
	for i, r := range rs {
		if i >= k {
			h -= uint64(rs[i-k]) * pow
		}
		h = h*base + uint64(r)
		if i >= k-1 {
			out = append(out, mix(h))
		}
	}
	return out
}

// Winnow selects fingerprints from the k-grams of rs by robust winnowing
// (Schleimer et al. 2003): in every window of w consecutive k-gram hashes
// the minimum is kept, the rightmost one on ties, and a position is emitted
// once however many windows select it. A text shorter than k+w-1 yields its
// single minimum, so short documents still have a fingerprint.
func Winnow(rs []rune, k, w int) []Print { return WinnowInto(nil, nil, rs, k, w) }

// Buffers are scratch space reused across WinnowInto and SortByHashInto
// calls by one goroutine, so that indexing many documents leaves no
// garbage per document. The zero value is ready.
type Buffers struct {
	sort []Print
}

// WinnowInto is Winnow appending to dst[:0]. It needs no scratch space
// (the hashes live in a window-sized ring); b is taken for the callers
// that share one Buffers between it and SortByHashInto.
func WinnowInto(dst []Print, b *Buffers, rs []rune, k, w int) []Print {
	nh := len(rs) - k + 1 // k-gram hashes
	if k <= 0 || nh <= 0 {
		return dst[:0]
	}
	if w < 1 {
		w = 1
	}
	out := dst[:0]
	// Winnowing keeps about 2/(w+1) of the positions; a quarter more
	// spares regrowing (and copying) the list when a text keeps more.
	if n := 5*nh/(2*(w+1)) + 16; cap(out) < n {
		out = make([]Print, 0, n) // see NormalizeInto
	}
	last := -1
	if nh < w {
		w = nh
	}
	// The hashes are rolled and mixed as Hashes computes them, into a
	// ring holding the window and the position before it (m may still
	// be there when the next hash comes): no array of every hash is
	// written and read back.
	size := 1
	for size < w+1 {
		size <<= 1
	}
	var small [32]uint64
	ring := small[:]
	if size > len(small) {
		ring = make([]uint64, size)
	}
	mask := size - 1
	var pow uint64 = 1 // base^(k-1)
	for i := 1; i < k; i++ {
		pow *= base
	}
	var h uint64
	for j := range k - 1 {
		h = h*base + uint64(rs[j])
	}
	// m is the window minimum, the rightmost on ties. A new hash no
	// larger takes its place; only when m leaves the window is the window
	// scanned again, which a random order makes rare (about 2 in w+1
	// positions), so this beats keeping a deque of candidates.
	m := 0
	for i := range nh {
		if i > 0 {
			h -= uint64(rs[i-1]) * pow
		}
		h = h*base + uint64(rs[i+k-1])
		hv := mix(h)
		ring[i&mask] = hv
		if hv <= ring[m&mask] {
			m = i
		} else if m <= i-w {
			m = i - w + 1
			for j := m + 1; j <= i; j++ {
				if ring[j&mask] <= ring[m&mask] {
					m = j
				}
			}
		}
		if i >= w-1 && m != last {
			out = append(out, Print{Hash: ring[m&mask], Pos: int32(m)})
			last = m
		}
	}
	return out
}

// HashAt returns the hash Hashes gives the k-gram of rs starting at i
// (i+k <= len(rs)): a caller keeping only fingerprint positions recomputes
// their hashes from the runes.
func HashAt(rs []rune, i, k int) uint64 {
	var h uint64
	for _, r := range rs[i : i+k] {
		h = h*base + uint64(r)
	}
	return mix(h)
}

// resize returns s with length n, reusing its array when it holds n. The
// contents are left as they are: callers overwrite them. A new array is
// made rather than grown (slices.Grow copies the old contents and clears
// the whole new capacity, touching every page of it, where make of fresh
// memory writes nothing until used).
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		// Doubled, as append grows, so that ever longer inputs seldom
		// need another array.
		return make([]T, n, max(n, 2*cap(s)))
	}
	return s[:n]
}
