// Package fingerprint turns document text into the matching form used for
// copy detection: a normalised character stream with a map back to the
// original offsets, winnowed k-gram fingerprints, seed-and-extend alignment
// of two streams into copied passages, and a lexicon of official formulas
// that are boilerplate rather than copying.
package fingerprint

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
)

// bmpInfo caches, for every Basic Multilingual Plane rune, its class
// (classOf): its folded form (script and width, lower-cased when it is
// content), whether it is content, and whether it starts a line or
// sentence. Folding rune by rune rather than with fold.Text's phrase
// tables is enough for matching, as both sides are folded alike, and the
// table makes normalisation one lookup per rune.
var (
	bmpOnce sync.Once
	bmpInfo []uint32
)

// Class bits above the folded rune (21 bits).
const (
	classRune  = 1<<21 - 1
	classKeep  = 1 << 21 // content: kept in the stream
	classBreak = 1 << 22 // not content, and a line or sentence ends here
)

func loadBMP() {
	bmpInfo = make([]uint32, 0x10000)
	for r := rune(0); r < 0x10000; r++ {
		bmpInfo[r] = classify(r)
	}
}

// classify computes r's class.
func classify(r rune) uint32 {
	f := fold.Rune(r)
	if isContent(f) {
		return uint32(unicode.ToLower(f))&classRune | classKeep
	}
	c := uint32(f) & classRune
	if f == '\n' || f == '\r' || sentenceEnd[f] {
		c |= classBreak
	}
	return c
}

// classOf returns r's class.
func classOf(r rune) uint32 {
	if r >= 0 && r < 0x10000 {
		return bmpInfo[r]
	}
	return classify(r)
}

// foldRune returns r folded and whether it is content.
func foldRune(r rune) (rune, bool) {
	c := classOf(r)
	return rune(c & classRune), c&classKeep != 0
}

// Stream is a text in matching form. Runes holds only Han characters,
// digits and lower-cased letters, with script and width folded; Off[i] is
// the code-point offset in the original text of Runes[i]. A copy that only
// swapped script, changed punctuation, re-wrapped lines or renumbered its
// headings has the same Runes as its source.
type Stream struct {
	Runes []rune
	Off   []int32
	// Byte[i] is the byte offset in the original text of Runes[i], so that
	// passages are cut from the text without converting it to runes.
	Byte []int32
	// TextLen is the length of the original text in code points.
	TextLen int
}

// TextSlice returns the original text of the normalised half-open range
// [i, j), as TextSpan maps it; text must be the string s was made from.
func (s Stream) TextSlice(text string, i, j int) string {
	i, j = max(i, 0), min(j, len(s.Byte))
	if i >= j || len(s.Byte) != len(s.Off) {
		return ""
	}
	b0, b1 := int(s.Byte[i]), int(s.Byte[j-1])
	if b1 >= len(text) || b0 > b1 {
		return ""
	}
	_, w := decodeRune(text[b1:])
	return text[b0 : b1+w]
}

// Len returns the number of normalised runes.
func (s Stream) Len() int { return len(s.Runes) }

// TextSpan maps the normalised half-open range [i, j) to a half-open range
// of code-point offsets in the original text.
func (s Stream) TextSpan(i, j int) (start, end int) {
	if i < 0 {
		i = 0
	}
	if j > len(s.Off) {
		j = len(s.Off)
	}
	if i >= j {
		if i < len(s.Off) {
			return int(s.Off[i]), int(s.Off[i])
		}
		return s.TextLen, s.TextLen
	}
	return int(s.Off[i]), int(s.Off[j-1]) + 1
}

// Index returns the first normalised index whose text offset is >= off,
// mapping a text offset (e.g. a section start) into the stream.
func (s Stream) Index(off int) int {
	lo, hi := 0, len(s.Off)
	for lo < hi {
		m := (lo + hi) / 2
		if int(s.Off[m]) < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Normalize folds text and keeps only the runes that carry content, so
// punctuation, whitespace, symbols and heading ordinals never break a match.
//
// One pass over the text: at a line or sentence start the next few runes
// are folded into a small look-ahead buffer for ordinalLen, which never
// looks further than ordinalLook runes.
func Normalize(text string) Stream { return NormalizeInto(Stream{}, text) }

// NormalizeInto is Normalize reusing the slices of dst (a stream no
// longer needed), for callers indexing many documents one after another.
func NormalizeInto(dst Stream, text string) Stream {
	bmpOnce.Do(loadBMP)
	s := Stream{}
	n := len(text)/3 + 8
	s.Runes, s.Off, s.Byte = dst.Runes[:0], dst.Off[:0], dst.Byte[:0]
	// A new stream's slices are made, not grown from nil: growing clears
	// the whole capacity first, which make of fresh memory need not.
	if cap(s.Runes) < n {
		s.Runes = make([]rune, 0, n)
	}
	if cap(s.Off) < n {
		s.Off = make([]int32, 0, n)
	}
	if cap(s.Byte) < n {
		s.Byte = make([]int32, 0, n)
	}
	lineStart := true // at the start of a line or sentence: where ordinals live
	var look [ordinalLook]rune
	cp := 0 // code points consumed
	for b := 0; b < len(text); {
		if lineStart {
			n, bb := 0, b
			for n < len(look) && bb < len(text) {
				r, w := decodeRune(text[bb:])
				look[n], _ = foldRune(r)
				n++
				bb += w
			}
			if k := ordinalLen(look[:n]); k > 0 {
				for ; k > 0; k-- {
					_, w := decodeRune(text[b:])
					b += w
					cp++
				}
				continue
			}
		}
		r, w := decodeAt(text, b)
		switch c := classOf(r); {
		case c&classKeep != 0:
			s.Runes = append(s.Runes, rune(c&classRune))
			s.Off = append(s.Off, int32(cp))
			s.Byte = append(s.Byte, int32(b))
			lineStart = false
		case c&classBreak != 0:
			lineStart = true
		}
		b += w
		cp++
	}
	s.TextLen = cp
	return s
}

// decodeRune is utf8.DecodeRuneInString with the valid three-byte
// sequences of most Chinese text (lead bytes E1–EC, EE, EF: any two
// continuation bytes follow, with no overlong or surrogate forms) decoded
// inline.
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 {
		if c0 := s[0]; c0 >= 0xE1 && c0 <= 0xEF && c0 != 0xED {
			if c1, c2 := s[1], s[2]; c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
				return rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), 3
			}
		}
	}
	return utf8.DecodeRuneInString(s)
}

// ordinalLook is how many runes ordinalLen may read: a bracket, three
// numerals, a closer and a separator, and one more to tell "3." from "3.5".
const ordinalLook = 8

// isContent reports whether r is kept in the matching stream: letters
// (Han included) and decimal digits.
func isContent(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// ordinalLen returns the length in runes of a heading ordinal at the start
// of rs ("一、", "（二）", "(3)", "3.", "4、", "第五条" is not one), or 0.
// Dropping ordinals keeps a renumbered or reordered copy aligned.
func ordinalLen(rs []rune) int {
	if len(rs) == 0 {
		return 0
	}
	// Bracketed: (一) （二） (3)
	if open := rs[0]; open == '(' || open == '（' || open == '〔' || open == '[' {
		n := numeralRun(rs[1:])
		if n > 0 && n <= 3 && 1+n < len(rs) && closers[rs[1+n]] {
			m := 2 + n
			if m < len(rs) && ordinalSep[rs[m]] {
				m++
			}
			return m
		}
		return 0
	}
	n := numeralRun(rs)
	if n == 0 || n > 3 || n >= len(rs) {
		return 0
	}
	sep := rs[n]
	switch {
	case sep == '、':
		return n + 1
	case (sep == '.' || sep == '．') && allDigits(rs[:n]):
		// "3.提高" is an ordinal, "6.5%" is a number.
		if n+1 < len(rs) && unicode.IsDigit(rs[n+1]) {
			return 0
		}
		return n + 1
	}
	return 0
}

// numeralRun counts leading runes that are ASCII digits or Chinese
// ordinal numerals.
func numeralRun(rs []rune) int {
	n := 0
	for n < len(rs) && (rs[n] >= '0' && rs[n] <= '9' || cnNumerals[rs[n]]) {
		n++
	}
	return n
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if r < '0' || r > '9' {
			return false
		}
	}
	return len(rs) > 0
}

// Locate returns the text offsets (code point and byte) of the normalised
// rune n places after a kept rune whose offsets are cp and b (Off[i] and
// Byte[i] of a Stream of text): Off[i+n] and Byte[i+n], found by resuming
// the normalisation at rune i instead of keeping every rune's offsets. ok
// is false when the stream ends first.
func Locate(text string, cp, b, n int) (off, byt int, ok bool) {
	bmpOnce.Do(loadBMP)
	// The normaliser keeps the rune at b whatever its line-start state
	// (at a line start it found no ordinal there), so resuming with none
	// is exact.
	lineStart := false
	var look [ordinalLook]rune
	for b < len(text) {
		if lineStart {
			k, bb := 0, b
			for k < len(look) && bb < len(text) {
				r, w := decodeRune(text[bb:])
				look[k], _ = foldRune(r)
				k++
				bb += w
			}
			if m := ordinalLen(look[:k]); m > 0 {
				for ; m > 0; m-- {
					_, w := decodeRune(text[b:])
					b += w
					cp++
				}
				continue
			}
		}
		r, w := decodeAt(text, b)
		switch c := classOf(r); {
		case c&classKeep != 0:
			if n == 0 {
				return cp, b, true
			}
			n--
			lineStart = false
		case c&classBreak != 0:
			lineStart = true
		}
		b += w
		cp++
	}
	return 0, 0, false
}

// decodeAt decodes the rune at text[b] as utf8.DecodeRuneInString does,
// with the three-byte runes of Chinese text decoded inline: the
// normalising loops call it for every rune of every text.
func decodeAt(text string, b int) (rune, int) {
	c0 := text[b]
	if c0 < utf8.RuneSelf {
		return rune(c0), 1
	}
	if c0 >= 0xE1 && c0 <= 0xEF && c0 != 0xED && b+2 < len(text) &&
		text[b+1]&0xC0 == 0x80 && text[b+2]&0xC0 == 0x80 {
		return rune(c0&0x0F)<<12 | rune(text[b+1]&0x3F)<<6 | rune(text[b+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(text[b:])
}
