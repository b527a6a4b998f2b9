package clean

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/internal/runecount"
)

// Scanning helpers. The steps test every line many times, and a government
// report's paragraph runs to thousands of bytes: these helpers answer the
// common questions (is a rune in a small set, does any of a list of words
// occur, where is the n-th rune) on the string's bytes, without converting
// it to runes or allocating.

// runeSet is a small set of runes, built from a string of its members.
type runeSet struct {
	ascii [utf8.RuneSelf]bool
	other []rune
	// lead marks the first bytes of the other members' encodings.
	lead [256]bool
	// low marks the low bytes of the other members: most runes tested are
	// Han characters that no member shares a low byte with, so has answers
	// them with one load instead of a scan of other.
	low [256]bool
}

func newRuneSet(members string) *runeSet {
	s := &runeSet{}
	for _, r := range members {
		if r < utf8.RuneSelf {
			s.ascii[r] = true
		} else {
			if !s.low[r&0xFF] || !slices.Contains(s.other, r) {
				s.other = append(s.other, r)
			}
			s.lead[string(r)[0]] = true
			s.low[r&0xFF] = true
		}
	}
	return s
}

// in reports whether s holds a member (strings.ContainsAny), reading s
// once: only bytes that may start a member are decoded.
func (set *runeSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if set.ascii[c] {
				return true
			}
			continue
		}
		if set.lead[c] {
			if r, _ := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError && set.has(r) {
				return true
			}
		}
	}
	return false
}

func (s *runeSet) has(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && s.ascii[r]
	}
	if !s.low[r&0xFF] {
		return false
	}
	for _, o := range s.other {
		if o == r {
			return true
		}
	}
	return false
}

// lastRunes returns the set of the last runes of words.
func lastRunes(words ...[]string) *runeSet {
	var b strings.Builder
	for _, ws := range words {
		for _, w := range ws {
			r, _ := utf8.DecodeLastRuneInString(w)
			b.WriteRune(r)
		}
	}
	return newRuneSet(b.String())
}

// containsAnyRune is strings.ContainsAny for valid UTF-8 s: one fast
// search per member instead of a set lookup per rune of s, which is what
// strings.ContainsAny does when chars is not ASCII.
func containsAnyRune(s, chars string) bool {
	for _, r := range chars {
		if strings.ContainsRune(s, r) {
			return true
		}
	}
	return false
}

// isHan reports whether r is a Han character. The CJK Unified Ideographs
// block, which holds nearly all of them, is tested first.
func isHan(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// runesUpTo returns the rune count of s, or limit when s holds at least
// limit runes: a long line's length is compared with small bounds only,
// and need not be counted through.
func runesUpTo(s string, limit int) int {
	return runecount.UpTo(s, limit)
}

// runePrefix returns the first n runes of s.
func runePrefix(s string, n int) string {
	return s[:runeOffset(s, 0, n)]
}

// runeOffset returns the byte offset n runes after byte offset i of s, or
// len(s) when s ends first.
func runeOffset(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// lexicon finds which of a fixed list of words occur in a text in one pass
// over its bytes: testing a long line against a list word by word reads
// the line once per word. A word is tried only where the text holds its
// first character and, for longer words, its first two, which two bitmaps
// tell at a glance: common characters (本, 下) start many words of the
// tables and more of the text.
type lexicon struct {
	words []string
	// first holds the keys of the words' first characters, pair the keys
	// of the first two characters of the words that have two.
	first, pair [1 << 16 / 64]uint64
	single      map[uint16][]int // one-character words by key
	byPair      map[uint16][]int // longer words by pair key
}

func newLexicon(words ...[]string) *lexicon {
	x := &lexicon{single: map[uint16][]int{}, byPair: map[uint16][]int{}}
	for _, ws := range words {
		x.words = append(x.words, ws...)
	}
	for k, w := range x.words {
		if w == "" {
			panic("lexicon: empty word")
		}
		key := firstKey(w, 0)
		x.first[key/64] |= 1 << (key % 64)
		next := nextChar(w, 0)
		if next >= len(w) {
			x.single[key] = append(x.single[key], k)
			continue
		}
		pk := pairKey(key, firstKey(w, next))
		x.pair[pk/64] |= 1 << (pk % 64)
		x.byPair[pk] = append(x.byPair[pk], k)
	}
	return x
}

// firstKey folds the character starting at byte i of s (its first three
// bytes at most) into 16 bits: the code point for ASCII and the Basic
// Multilingual Plane. Text and word that start alike share the key.
func firstKey(s string, i int) uint16 {
	c := s[i]
	if c < utf8.RuneSelf {
		return uint16(c)
	}
	k := uint16(c&0x0F) << 12
	if i+1 < len(s) {
		k |= uint16(s[i+1]&0x3F) << 6
	}
	if c >= 0xE0 && i+2 < len(s) {
		k |= uint16(s[i+2] & 0x3F)
	}
	return k
}

// nextChar returns the offset of the first byte after i that continues
// no character, or len(s).
func nextChar(s string, i int) int {
	for i++; i < len(s) && s[i]&0xC0 == 0x80; i++ {
	}
	return i
}

func pairKey(a, b uint16) uint16 {
	return uint16((uint32(a)<<16 | uint32(b)) * 0x9E3779B1 >> 16)
}

func (x *lexicon) has(set *[1 << 16 / 64]uint64, key uint16) bool {
	return set[key/64]&(1<<(key%64)) != 0
}

// each calls fn with the index of every word found at each start position
// of s, until fn returns false. Words start at a byte that continues no
// character, so the others are skipped.
func (x *lexicon) each(s string, fn func(k int) bool) {
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			continue
		}
		key := firstKey(s, i)
		if !x.has(&x.first, key) {
			continue
		}
		for _, k := range x.single[key] {
			if strings.HasPrefix(s[i:], x.words[k]) && !fn(k) {
				return
			}
		}
		next := nextChar(s, i)
		if next >= len(s) {
			continue
		}
		pk := pairKey(key, firstKey(s, next))
		if !x.has(&x.pair, pk) {
			continue
		}
		for _, k := range x.byPair[pk] {
			if strings.HasPrefix(s[i:], x.words[k]) && !fn(k) {
				return
			}
		}
	}
}

// any reports whether s contains any of the words.
func (x *lexicon) any(s string) bool {
	found := false
	x.each(s, func(int) bool {
		found = true
		return false
	})
	return found
}

// found returns, by index, which words occur in s; nil when none does.
func (x *lexicon) found(s string) []bool {
	var seen []bool
	x.each(s, func(k int) bool {
		if seen == nil {
			seen = make([]bool, len(x.words))
		}
		seen[k] = true
		return true
	})
	return seen
}

// count returns how many distinct words occur in s.
func (x *lexicon) count(s string) int {
	var seen []bool
	n := 0
	x.each(s, func(k int) bool {
		if seen == nil {
			seen = make([]bool, len(x.words))
		}
		if !seen[k] {
			seen[k] = true
			n++
		}
		return true
	})
	return n
}
