package fingerprint

import (
	"regexp"

	"github.com/planmine/planmine/internal/runecount"
)

// citation matches a title cited in 《》 (a law, regulation or upper-level
// document): text any plan may quote, so, like the formulas, it is
// boilerplate rather than copying.
var citation = regexp.MustCompile(`《[^《》\n]{2,60}》`)

// Citations returns the normalised intervals of s covered by titles cited
// in 《》 in text (the text s was normalised from).
func Citations(text string, s Stream) [][2]int { return CitationsBy(text, s.Index) }

// CitationsBy is Citations for a caller keeping only part of the stream:
// index maps a code-point offset of text to the stream as Stream.Index
// does.
func CitationsBy(text string, index func(off int) int) [][2]int {
	var iv [][2]int
	prevByte, prevRune := 0, 0
	for _, l := range citation.FindAllStringIndex(text, -1) {
		// Matches come in order, so byte offsets turn into rune offsets
		// by counting only the text since the previous match.
		start := prevRune + runecount.Of(text[prevByte:l[0]])
		end := start + runecount.Of(text[l[0]:l[1]])
		prevByte, prevRune = l[1], end
		if i, j := index(start), index(end); j > i {
			iv = append(iv, [2]int{i, j})
		}
	}
	return Union(iv)
}
