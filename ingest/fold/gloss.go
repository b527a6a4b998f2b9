package fold

import (
	"strings"
	"unicode"
)

// Some sites print a pinyin gloss after the Han characters of a
// Traditional page (建設(shè), 工作計(jì)劃). The glosses split words for
// every pattern; GlossLen and StripGlosses let matching read through them.

// toneVowels are the tone-marked vowels that make a parenthesised run of
// Latin letters a pinyin gloss rather than an enumeration such as (a).
const toneVowels = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

// MayHaveGlosses is a cheap test: false means s holds no gloss. It looks
// only after each opening parenthesis, for a tone-marked vowel.
func MayHaveGlosses(s string) bool {
	// Each parenthesis is found by the strings package's vector search: a
	// Chinese line is full of other full-width punctuation.
	for _, open := range [...]string{"(", "（"} {
		for i := 0; ; {
			k := strings.Index(s[i:], open)
			if k < 0 {
				break
			}
			i += k + len(open)
			rest := s[i:min(len(s), i+24)] // 7 letters of up to 2 bytes and the close
			if strings.ContainsAny(rest, toneVowels) {
				return true
			}
		}
	}
	return false
}

// GlossLen returns the length in runes of a gloss starting at rs[i] —
// "(" or "（", 1 to 7 lower-case pinyin letters with at least one tone
// mark, ")" or "）", right after a Han character — or 0.
func GlossLen(rs []rune, i int) int {
	if i == 0 || i >= len(rs) || (rs[i] != '(' && rs[i] != '（') || !unicode.Is(unicode.Han, rs[i-1]) {
		return 0
	}
	tone := false
	for j := i + 1; j < len(rs) && j <= i+8; j++ {
		r := rs[j]
		switch {
		case r == ')' || r == '）':
			if tone && j > i+1 {
				return j - i + 1
			}
			return 0
		case strings.ContainsRune(toneVowels, r):
			tone = true
		case (r >= 'a' && r <= 'z') || r == 'ü':
		default:
			return 0
		}
	}
	return 0
}

// StripGlosses returns s without its glosses.
func StripGlosses(s string) string {
	if !MayHaveGlosses(s) {
		return s
	}
	g, _ := Unglossed([]rune(s))
	return string(g)
}

// Unglossed returns rs without its glosses and, for each rune kept and
// for the end, its index in rs: a span [a, b) of the result is
// rs[at[a]:at[b]], the gloss after its last character included.
func Unglossed(rs []rune) (g []rune, at []int) {
	g = make([]rune, 0, len(rs))
	at = make([]int, 0, len(rs)+1)
	for i := 0; i < len(rs); {
		if k := GlossLen(rs, i); k > 0 {
			i += k
			continue
		}
		g = append(g, rs[i])
		at = append(at, i)
		i++
	}
	return g, append(at, len(rs))
}
