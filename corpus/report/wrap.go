package report

import (
	"strings"
	"unicode"
)

// Line-breaking rules for Chinese text (禁则, GB/T 15834 practice): closing
// punctuation never starts a line, opening punctuation never ends one.
const (
	noLineStart = "，。、；：？！）」』》〉】〕〗”’％‰…—·～,.;:?!)]}%"
	noLineEnd   = "（「『《〈【〔〖“‘([{"
)

// wrap breaks text into lines no wider than width, as measured by
// runeWidth. Newlines end lines; a run of Latin letters and digits moves
// to the next line whole when it fits there; closing punctuation may hang
// one character past width rather than start a line (悬挂), and opening
// punctuation moves down with the character it opens. Characters are
// never dropped: joining the lines of a paragraph gives it back.
func wrap(text string, width float64, runeWidth func(rune) float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapPara([]rune(para), width, runeWidth)...)
	}
	return out
}

func wrapPara(rs []rune, width float64, runeWidth func(rune) float64) []string {
	if len(rs) == 0 {
		return []string{""}
	}
	closing := func(r rune) bool { return strings.ContainsRune(noLineStart, r) }
	opening := func(r rune) bool { return strings.ContainsRune(noLineEnd, r) }
	var out []string
	for start := 0; start < len(rs); {
		// The runes that fit, at least one.
		end, w := start, 0.0
		for end < len(rs) {
			cw := runeWidth(rs[end])
			if w+cw > width && end > start {
				break
			}
			w += cw
			end++
		}
		if end == len(rs) {
			out = append(out, string(rs[start:]))
			break
		}
		// rs[end] does not fit: break before it, adjusted by the rules.
		brk := end
		switch {
		case closing(rs[end]):
			// Hang it on this line, with a second one (。”) if it follows.
			brk = end + 1
			if brk < len(rs) && closing(rs[brk]) {
				brk++
			}
		case isWordRune(rs[end]) && isWordRune(rs[end-1]):
			// Move the whole word down when it starts after the line start
			// and fits on a line of its own.
			j, k := end, end
			for j > start && isWordRune(rs[j-1]) {
				j--
			}
			for k < len(rs) && isWordRune(rs[k]) {
				k++
			}
			ww := 0.0
			for _, r := range rs[j:k] {
				ww += runeWidth(r)
			}
			if j > start && ww <= width {
				brk = j
			}
		}
		for brk-1 > start && opening(rs[brk-1]) {
			brk--
		}
		out = append(out, string(rs[start:brk]))
		start = brk
	}
	return out
}

// isWordRune reports whether r belongs to a Latin word or a number, which
// are not broken inside when they fit on a line.
func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
