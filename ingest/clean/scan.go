package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
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
}

func newRuneSet(members string) *runeSet {
	s := &runeSet{}
	for _, r := range members {
		if r < utf8.RuneSelf {
			s.ascii[r] = true
		} else {
			s.other = append(s.other, r)
		}
	}
	return s
}

func (s *runeSet) has(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && s.ascii[r]
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
// over its bytes (an Aho-Corasick automaton): testing a long line against
// a list word by word reads the line once per word.
type lexicon struct {
	words []string
	// next holds 256 transitions per state, failures resolved; state 0 is
	// the root.
	next []int32
	// out lists, per state, the words that end there.
	out [][]int32
}

func newLexicon(words ...[]string) *lexicon {
	x := &lexicon{next: make([]int32, 256), out: [][]int32{nil}}
	for _, ws := range words {
		x.words = append(x.words, ws...)
	}
	// The trie; 0 in next means "no edge yet" (the root is never a child).
	for k, w := range x.words {
		s := int32(0)
		for i := 0; i < len(w); i++ {
			t := x.next[int(s)*256+int(w[i])]
			if t == 0 {
				t = int32(len(x.out))
				x.next = append(x.next, make([]int32, 256)...)
				x.out = append(x.out, nil)
				x.next[int(s)*256+int(w[i])] = t
			}
			s = t
		}
		if w != "" {
			x.out[s] = append(x.out[s], int32(k))
		}
	}
	// Breadth first, each state's missing edges follow its failure link.
	fail := make([]int32, len(x.out))
	queue := []int32{}
	for b := 0; b < 256; b++ {
		if t := x.next[b]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		x.out[s] = append(x.out[s], x.out[fail[s]]...)
		for b := 0; b < 256; b++ {
			t := x.next[int(s)*256+b]
			if t == 0 {
				x.next[int(s)*256+b] = x.next[int(fail[s])*256+b]
				continue
			}
			fail[t] = x.next[int(fail[s])*256+b]
			queue = append(queue, t)
		}
	}
	return x
}

// any reports whether s contains any of the words.
func (x *lexicon) any(s string) bool {
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = x.next[int(st)*256+int(s[i])]
		if x.out[st] != nil {
			return true
		}
	}
	return false
}

// count returns how many distinct words occur in s.
func (x *lexicon) count(s string) int {
	var seen []bool
	n := 0
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = x.next[int(st)*256+int(s[i])]
		for _, k := range x.out[st] {
			if seen == nil {
				seen = make([]bool, len(x.words))
			}
			if !seen[k] {
				seen[k] = true
				n++
			}
		}
	}
	return n
}

// found returns, by word index, which words occur in s (nil if none).
func (x *lexicon) found(s string) []bool {
	var seen []bool
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = x.next[int(st)*256+int(s[i])]
		for _, k := range x.out[st] {
			if seen == nil {
				seen = make([]bool, len(x.words))
			}
			seen[k] = true
		}
	}
	return seen
}
