package targets

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// view is the text the grammar reads: the folded runes of the document with
// the spaces that flattened web pages put around numbers (三甲医院 6 家,
// 现有党员 160 人, 集中学习 100 余次) taken out, and a map from each rune
// back to its offset in the document, so that spans and clauses are still
// cut from the text as written.
type view struct {
	f   []rune    // folded runes the scanner reads
	doc *runeText // the document as written
	// gapAt are the view offsets right after each removed run of spaces,
	// ascending, and gapSum the runes removed up to and including it.
	gapAt, gapSum []int
}

// newView takes f, the folded document rune for rune with doc, and
// removes in place the inline spaces that only separate a number from the
// word or unit next to it.
func newView(f []rune, doc *runeText) view {
	v := view{f: f, doc: doc}
	w, removed := 0, 0
	for i := 0; i < len(f); {
		if !isInlineSpace(f[i]) {
			f[w] = f[i]
			w, i = w+1, i+1
			continue
		}
		j := i
		for j < len(f) && isInlineSpace(f[j]) {
			j++
		}
		if i > 0 && j < len(f) && spaceSplitsNumber(f, w, i, j) {
			removed += j - i
			v.gapAt = append(v.gapAt, w)
			v.gapSum = append(v.gapSum, removed)
		} else {
			w += copy(f[w:], f[i:j])
		}
		i = j
	}
	v.f = f[:w]
	return v
}

// at maps a view offset to the document offset of that rune.
func (v *view) at(k int) int {
	if len(v.gapAt) == 0 {
		return k
	}
	i := sort.SearchInts(v.gapAt, k+1) - 1
	if i < 0 {
		return k
	}
	return k + v.gapSum[i]
}

// after maps the end of a view span [.., k) to the document: just after
// the rune before k.
func (v *view) after(k int) int {
	if k == 0 {
		return 0
	}
	return v.at(k-1) + 1
}

// cut returns the document text under the view span [s, e).
func (v *view) cut(s, e int) string {
	if e <= s {
		return ""
	}
	return v.doc.slice(v.at(s), v.after(e))
}

// runeText addresses a string by code-point offsets without converting it
// to runes: a cursor walks to each offset from the last one asked for.
// Targets are cut in text order, so the walks add up to about one pass.
type runeText struct {
	s          string
	n          int // length in runes
	rpos, bpos int // the cursor: rune offset and its byte offset
}

func newRuneText(s string, n int) *runeText { return &runeText{s: s, n: n} }

// byteAt returns the byte offset of rune offset r (clamped to the text).
func (t *runeText) byteAt(r int) int {
	if r <= 0 {
		return 0
	}
	if r >= t.n {
		return len(t.s)
	}
	if r < t.rpos/2 {
		t.rpos, t.bpos = 0, 0
	}
	for t.rpos < r {
		_, w := utf8.DecodeRuneInString(t.s[t.bpos:])
		t.rpos, t.bpos = t.rpos+1, t.bpos+w
	}
	for t.rpos > r {
		_, w := utf8.DecodeLastRuneInString(t.s[:t.bpos])
		t.rpos, t.bpos = t.rpos-1, t.bpos-w
	}
	return t.bpos
}

// slice returns the text of rune offsets [a, b).
func (t *runeText) slice(a, b int) string {
	ba := t.byteAt(a)
	return t.s[ba:t.byteAt(b)]
}

// line returns the text from rune offset a to the end of its line, at
// most max runes.
func (t *runeText) line(a, max int) string {
	if a < 0 || a >= t.n {
		return ""
	}
	rest := t.s[t.byteAt(a):]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if utf8.RuneCountInString(rest) > max {
		k := 0
		for i := range rest {
			if k == max {
				rest = rest[:i]
				break
			}
			k++
		}
	}
	return rest
}

// isInlineSpace reports spaces inside a line (U+3000 is folded to ' ').
func isInlineSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || (r >= '\u2002' && r <= '\u200b') || r == '\u202f'
}

// spaceSplitsNumber reports whether the spaces f[i:j] stand between a
// number and the word or unit it belongs to: a digit on one side, a
// non-alphanumeric rune on the other (6 家, 员 160, 100 余次), and the
// number is not a list marker opening a line or a sentence (…。 2 人员安排).
//
// f[:w] is the text before the spaces as compacted so far, f[j:] the text
// after them as written.
func spaceSplitsNumber(f []rune, w, i, j int) bool {
	if w == 0 {
		return false
	}
	a, b := f[w-1], f[j]
	if b == '\n' || b == '\r' || a == '\n' || a == '\r' {
		return false
	}
	for _, w := range spacedSuffixes {
		if hasAt(f, j, w) && !isInlineSpace(a) {
			return true // 95% 以上, 5 名 左右
		}
	}
	// 1.2 万 人次: a multiplier after digits ends the number too.
	numEnd := isArabic(a) || (a == '万' || a == '亿') && w >= 2 && isArabic(f[w-2])
	switch {
	case numEnd && (b == '万' || b == '亿'):
		return true // 700 万元 opening a line: a multiplier, never after a list number
	case numEnd && !isASCIIAlnum(b):
		return !listMarker(f, w)
	case isArabic(b) && !isASCIIAlnum(a):
		k := j
		for k < len(f) && (isArabic(f[k]) || f[k] == '.') {
			k++
		}
		return !listMarker(f, k)
	}
	return false
}

// listMarker reports whether the digits ending at e open their line or
// sentence, as a list or page number does.
func listMarker(f []rune, e int) bool {
	s := e
	if s > 0 && (f[s-1] == '万' || f[s-1] == '亿') {
		s--
	}
	for s > 0 && e-s < maxDigitRun && (isArabic(f[s-1]) || f[s-1] == '.') {
		s--
	}
	for s > 0 && isInlineSpace(f[s-1]) {
		s--
	}
	return s == 0 || isBreak(f, s-1, markerOpeners)
}

// maxDigitRun bounds the look-back over a number's digits.
const maxDigitRun = 24

func isASCIIAlnum(r rune) bool { return isArabic(r) || isASCIILetter(r) }
