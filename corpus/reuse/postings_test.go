package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPostings(t *testing.T) {
	p := newPostings()
	list := func(h uint64) []uint32 {
		var out []uint32
		p.each(h, func(n uint32) { out = append(out, n) })
		return out
	}
	steps := []struct {
		op   string
		h    uint64
		n    uint32
		want []uint32
	}{
		{"add", 1, 3, []uint32{3}},
		{"add", 1, 5, []uint32{3, 5}},
		{"add", 1, 9, []uint32{3, 5, 9}},
		{"add", 2, 4, []uint32{4}},
		{"remove", 1, 5, []uint32{3, 9}},
		{"remove", 1, 7, []uint32{3, 9}}, // absent: no change
		{"remove", 1, 3, []uint32{9}},    // back to inline
		{"add", 3, 1, []uint32{1}},
		{"add", 3, 2, []uint32{1, 2}}, // reuses the freed list slot
		{"remove", 1, 9, nil},
		{"remove", 2, 5, []uint32{4}},
		{"remove", 2, 4, nil},
	}
	for i, s := range steps {
		if s.op == "add" {
			p.add(s.h, s.n)
		} else {
			p.remove(s.h, s.n)
		}
		if got := list(s.h); !slices.Equal(got, s.want) {
			t.Fatalf("step %d %s(%d,%d): %v, want %v", i, s.op, s.h, s.n, got, s.want)
		}
		if p.df(s.h) != len(s.want) {
			t.Fatalf("step %d: df %d, want %d", i, p.df(s.h), len(s.want))
		}
	}
	if p.Len() != 1 || len(p.lists) != 1 || !p.check() {
		t.Errorf("Len %d, lists %d", p.Len(), len(p.lists))
	}
}

// TestTableAgainstMap drives the open-addressing table and a Go map with
// the same random inserts and deletes (colliding low bits, the zero key,
// growth, backward-shift deletion) and compares them after every step.
func TestTableAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tb table
	ref := map[uint64]int32{} // the reference
	key := func() uint64 {
		// Few distinct low bits so that probe runs are long and wrap.
		return uint64(rng.IntN(40))<<40 | uint64(rng.IntN(8))
	}
	for step := range 20000 {
		h := key()
		if rng.IntN(3) == 0 {
			if i, ok := tb.slot(h); ok {
				tb.deleteAt(i)
			}
			delete(ref, h)
		} else {
			v := int32(rng.IntN(1000))
			if i, ok := tb.slot(h); ok {
				tb.setVal(i, v)
			} else {
				tb.insertAt(i, h, v)
			}
			ref[h] = v
		}
		if tb.n != len(ref) {
			t.Fatalf("step %d: %d keys, want %d", step, tb.n, len(ref))
		}
		for k, want := range ref {
			if got, ok := tb.get(k); !ok || got != want {
				t.Fatalf("step %d: key %x = %d,%v want %d", step, k, got, ok, want)
			}
		}
	}
	n := 0
	tb.each(func(k uint64, v int32) {
		if ref[k] != v {
			t.Errorf("each: %x=%d, want %d", k, v, ref[k])
		}
		n++
	})
	if n != len(ref) {
		t.Errorf("each visited %d, want %d", n, len(ref))
	}
}

// TestPostingsAgainstLists adds documents in ascending order and removes
// random ones, with gaps of every varint width, comparing each list, its
// df and Len with plain slices.
func TestPostingsAgainstLists(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	p := newPostings()
	want := map[uint64][]uint32{}
	n := uint32(0)
	for step := range 5000 {
		// Gaps from 1 to about 2^22 so that uvarints of 1–4 bytes occur.
		n += 1 + uint32(rng.IntN(4))<<(7*rng.IntN(4))
		for range 1 + rng.IntN(4) {
			h := uint64(rng.IntN(30)) + 1
			if l := want[h]; len(l) > 0 && l[len(l)-1] == n {
				continue
			}
			p.add(h, n)
			want[h] = append(want[h], n)
		}
		if rng.IntN(3) == 0 {
			h := uint64(rng.IntN(30)) + 1
			if l := want[h]; len(l) > 0 {
				m := l[rng.IntN(len(l))]
				p.remove(h, m)
				want[h] = slices.DeleteFunc(slices.Clone(l), func(x uint32) bool { return x == m })
				if len(want[h]) == 0 {
					delete(want, h)
				}
			}
		}
		for h, l := range want {
			var got []uint32
			p.each(h, func(m uint32) { got = append(got, m) })
			if !slices.Equal(got, l) || p.df(h) != len(l) {
				t.Fatalf("step %d hash %d: %v (df %d), want %v", step, h, got, p.df(h), l)
			}
		}
		if p.Len() != len(want) {
			t.Fatalf("step %d: Len %d, want %d", step, p.Len(), len(want))
		}
	}
	if !p.check() {
		t.Error("invariants broken")
	}
}
