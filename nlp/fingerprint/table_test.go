package fingerprint

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/planmine/planmine/internal/shared"
)

// TestLocateMatchesNormalize resumes the normalisation at every kept rune
// of random mixes (ordinals, line and sentence starts, invalid bytes,
// runes outside the BMP) and of the seed corpus, and checks every offset
// reached against Normalize's.
func TestLocateMatchesNormalize(t *testing.T) {
	parts := []string{"一", "二", "十", "3", "12", "（", "(", "）", ")", "、", ".", "．", "。", "\n", "\r\n", "；",
		"第", "条", "黨", "医院", "ＡＢ", "５", " ", "\xff", "\xe4\xb8", "\xed\xa0\x80", "〔", "〕", "[", "]", "：", "6.5%", "𠀀"}
	rng := rand.New(rand.NewPCG(5, 8))
	var texts []string
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		texts = append(texts, b.String())
	}
	seeds := string(shared.Seeds(t))
	for len(seeds) > 0 {
		n := min(len(seeds), 3000+rng.IntN(3000))
		for n < len(seeds) && !utf8.RuneStart(seeds[n]) {
			n++
		}
		texts = append(texts, seeds[:n])
		seeds = seeds[n:]
	}
	for _, text := range texts {
		s := Normalize(text)
		for i := range s.Len() {
			steps := []int{0, 1, 2, 7, 31, 63, s.Len() - i - 1, s.Len() - i}
			for _, n := range steps {
				if n < 0 {
					continue
				}
				off, b, ok := Locate(text, int(s.Off[i]), int(s.Byte[i]), n)
				if i+n >= s.Len() {
					if ok {
						t.Fatalf("%q: Locate(%d, +%d) past the end = %d, %d", text, i, n, off, b)
					}
					continue
				}
				if !ok || off != int(s.Off[i+n]) || b != int(s.Byte[i+n]) {
					t.Fatalf("%q: Locate(%d, +%d) = %d, %d, %v; want %d, %d", text, i, n, off, b, ok, s.Off[i+n], s.Byte[i+n])
				}
			}
		}
	}
}

// TestDecodeRune compares the inline decoder with the standard one on every
// three-byte sequence (valid or not) and on short and empty strings.
func TestDecodeRune(t *testing.T) {
	buf := make([]byte, 4)
	for c0 := 0; c0 < 256; c0++ {
		for c1 := 0; c1 < 256; c1++ {
			for _, c2 := range []int{0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xe4, 0xff} {
				buf[0], buf[1], buf[2], buf[3] = byte(c0), byte(c1), byte(c2), 'x'
				for _, s := range []string{string(buf), string(buf[:3]), string(buf[:2]), string(buf[:1])} {
					r, n := decodeRune(s)
					wr, wn := utf8.DecodeRuneInString(s)
					if r != wr || n != wn {
						t.Fatalf("decodeRune(% x) = %U %d, want %U %d", s, r, n, wr, wn)
					}
				}
			}
		}
	}
	if r, n := decodeRune(""); r != utf8.RuneError || n != 0 {
		t.Fatalf("decodeRune(\"\") = %U %d", r, n)
	}
}

func TestHashAt(t *testing.T) {
	rs := []rune(string(shared.Seeds(t))[:3000])
	for _, k := range []int{1, 5, DefaultK} {
		for i, h := range Hashes(rs, k) {
			if got := HashAt(rs, i, k); got != h {
				t.Fatalf("k=%d HashAt(%d) = %x, want %x", k, i, got, h)
			}
		}
	}
}

// TestSeedTableMatchesSeedsSorted joins random lists with repeated hashes
// (more than maxPerHash on either side) both ways and compares the match
// sets with the sort-merge join.
func TestSeedTableMatchesSeedsSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cmp := func(x, y Match) int {
		return slices.Compare([]uint64{x.Hash, uint64(x.A), uint64(x.B)}, []uint64{y.Hash, uint64(y.A), uint64(y.B)})
	}
	var counts []uint8
	var touched []int32
	for trial := range 500 {
		distinct := 1 + rng.IntN(60)
		mk := func(n int) []Print {
			p := make([]Print, n)
			for i := range p {
				p[i] = Print{Hash: uint64(rng.IntN(distinct)) * 0x9E3779B97F4A7C15, Pos: int32(3 * i)}
			}
			return p
		}
		a, b := mk(rng.IntN(200)), mk(rng.IntN(200))
		as := slices.Clone(a)
		SortByHash(as)
		bs := slices.Clone(b)
		SortByHash(bs)
		want := SeedsSorted(as, bs)
		tab := NewSeedTable(as)
		if len(counts) < tab.Distinct() {
			counts = make([]uint8, tab.Distinct())
		}
		var got []Match
		got, touched = tab.Seeds(nil, b, counts[:tab.Distinct()], touched, false)
		slices.SortFunc(want, cmp)
		slices.SortFunc(got, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: %d matches, want %d", trial, len(got), len(want))
		}
		for _, c := range counts {
			if c != 0 {
				t.Fatal("counts not left zero")
			}
		}
		// Swapped: b's table, a in position order on side A.
		tb := NewSeedTable(bs)
		if len(counts) < tb.Distinct() {
			counts = make([]uint8, tb.Distinct())
		}
		got, touched = tb.Seeds(got, a, counts[:tb.Distinct()], touched, true)
		slices.SortFunc(got, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d swapped: %d matches, want %d", trial, len(got), len(want))
		}
	}
}

// TestSeedOrder checks the packed-key order against the comparison order,
// on seeds small enough to pack and on seeds too far apart to.
func TestSeedOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 300 {
		span := int32(500)
		if trial%3 == 0 {
			span = 1 << 24
		}
		seeds := make([]Match, rng.IntN(300))
		for i := range seeds {
			a := rng.Int32N(span)
			seeds[i] = Match{A: a, B: a + rng.Int32N(40) - 20}
			if i > 0 && rng.IntN(5) == 0 {
				seeds[i] = seeds[rng.IntN(i)] // a repeat: ties break by index
			}
		}
		want := make([]int, len(seeds))
		for i := range want {
			want[i] = i
		}
		slices.SortFunc(want, func(x, y int) int {
			sx, sy := seeds[x], seeds[y]
			if dx, dy := sx.B-sx.A, sy.B-sy.A; dx != dy {
				return int(dx - dy)
			}
			if sx.A != sy.A {
				return int(sx.A - sy.A)
			}
			return x - y
		})
		if got := seedOrder(seeds); !slices.Equal(got, want) {
			t.Fatalf("trial %d: order differs", trial)
		}
	}
}
