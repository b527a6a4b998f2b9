// Package runecount counts the runes of a string as utf8.RuneCountInString
// does, faster on Chinese text: the standard function decodes every
// multi-byte rune through a general path, while nearly all runes of a
// Chinese document are three-byte sequences that need only two byte tests.
package runecount

import "unicode/utf8"

// Of returns the number of runes in s, counting each invalid byte as one
// rune, exactly as utf8.RuneCountInString.
func Of(s string) int {
	// s holds at most len(s) runes, so the limit never cuts.
	return UpTo(s, len(s))
}

// UpTo returns Of(s), or limit when s holds at least limit runes, reading
// no further than the limit-th rune.
func UpTo(s string, limit int) int {
	n := 0
	for i := 0; i < len(s) && n < limit; n++ {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		// E1..EC and EE..EF lead three-byte sequences whose second byte may
		// be any continuation byte (E0 and ED restrict it: overlongs and
		// surrogates are invalid).
		if i+2 < len(s) && (c >= 0xE1 && c <= 0xEC || c >= 0xEE && c <= 0xEF) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return n
}
