package outline

import (
	"strconv"
	"unicode"
)

// markerType names one numbering style. Each style found in a document gets
// its depth from the stack, never from a fixed GB/T 9704 rank, because real
// documents skip levels and mix styles.
type markerType string

const (
	typeCN          markerType = "一、"
	typeCNParen     markerType = "(一)"
	typeCNHalf      markerType = "一)"
	typeArabicDot   markerType = "1."
	typeArabicDun   markerType = "1、"
	typeArabicParen markerType = "(1)"
	typeArabicHalf  markerType = "1)"
	typeCircled     markerType = "①"
	typeDecimal     markerType = "1.1"
)

// strong reports whether a style is distinctive enough that a gap in its
// counter (a heading lost to a bad scrape) is tolerated: Chinese ordinals
// with 、 or parentheses and 第X章 forms rarely open body text.
func (t markerType) strong() bool {
	switch t {
	case typeCN, typeCNParen:
		return true
	}
	return len(t) > 0 && []rune(string(t))[0] == '第'
}

// rank is the style's level in GB/T 9704 order (一、 = 1, (一) = 2, 1. = 3,
// (1) = 4, ① = 5); 0 for styles outside that order (第X章, styled headings).
// It only decides which style is shallower when a document that opened
// below its top level gains the top level later.
func (t markerType) rank() int {
	return styleRanks[t]
}

// bracketed reports whether a style wraps its number in brackets.
func (t markerType) bracketed() bool {
	return t == typeCNParen || t == typeArabicParen
}

// marker is a heading number found at the start of a line.
type marker struct {
	typ    markerType
	n      int    // ordinal value
	parent int    // the leading number of a decimal marker (1 of 1.2), else 0
	number string // ordinal as written in the folded text, undecorated
	width  int    // runes taken by the marker and the separator after it
}

// parseMarker reads a heading number at the start of a folded line (full
// width already folded to ASCII). ok is false when the line has none.
func parseMarker(s []rune) (m marker, ok bool) {
	if len(s) == 0 {
		return m, false
	}
	if labelRunes[s[0]] {
		return parseLabel(s)
	}
	if c, found := circled[s[0]]; found {
		return finish(marker{typ: c.typ, n: c.n, number: strconv.Itoa(c.n), width: 1}, s)
	}
	switch {
	case s[0] == '第':
		return parseChapter(s)
	case s[0] == '(':
		i := 1
		if n, w := parseCN(s[i:]); w > 0 {
			if i+w < len(s) && s[i+w] == ')' {
				return finish(marker{typ: typeCNParen, n: n, number: string(s[i : i+w]), width: i + w + 1}, s)
			}
			return m, false
		}
		if n, w := parseArabic(s[i:]); w > 0 && i+w < len(s) && s[i+w] == ')' {
			return finish(marker{typ: typeArabicParen, n: n, number: string(s[i : i+w]), width: i + w + 1}, s)
		}
		return m, false
	}
	if n, w := parseCN(s); w > 0 {
		// 一、 and 一. are headings; 一是/一要/一， are inline enumerations.
		// Some pages set a space before the 、 (一 、指导思想).
		k := w
		if k+1 < len(s) && s[k] == ' ' && s[k+1] == '、' {
			k++
		}
		if k < len(s) && (s[k] == '、' || s[k] == '.') {
			return finish(marker{typ: typeCN, n: n, number: string(s[:w]), width: k + 1}, s)
		}
		// 一）加强学习: a half bracket, a style of its own below 一、.
		if w < len(s) && s[w] == ')' {
			return finish(marker{typ: typeCNHalf, n: n, number: string(s[:w]), width: w + 1}, s)
		}
		return m, false
	}
	if n, w := parseArabic(s); w > 0 && w < len(s) {
		var t markerType
		switch s[w] {
		case '.':
			// 1.1 is a decimal heading under 1.; 1.5亿 and 2025. are
			// numbers or years, not headings.
			if w+1 < len(s) && unicode.IsDigit(s[w+1]) {
				return parseDecimal(s, n, w)
			}
			t = typeArabicDot
		case '、':
			t = typeArabicDun
		case ')':
			t = typeArabicHalf
		default:
			return m, false
		}
		return finish(marker{typ: t, n: n, number: string(s[:w]), width: w + 1}, s)
	}
	return m, false
}

// parseDecimal reads a two-part decimal heading number "1.2" whose first
// part n (w runes) is already read: the second part is one or two digits,
// and what follows is neither another digit or point (1.2.3, 1.25) nor a
// unit that makes it a quantity (1.5亿, 2.5倍).
func parseDecimal(s []rune, n, w int) (marker, bool) {
	k, w2 := parseArabic(s[w+1:])
	end := w + 1 + w2
	if w2 == 0 || end >= len(s) || unicode.IsDigit(s[end]) || s[end] == '.' || decimalUnits[s[end]] {
		return marker{}, false
	}
	return finish(marker{typ: typeDecimal, n: k, parent: n, number: string(s[:end]), width: end}, s)
}

// parseLabel reads a label heading: a word of labelWords, a number and a
// separator (关键词一：, 亮点2、).
func parseLabel(s []rune) (m marker, ok bool) {
	for _, word := range labelWordRunes {
		if !hasRunePrefix(s, word) {
			continue
		}
		rest := s[len(word):]
		n, w := parseCN(rest)
		if w == 0 {
			n, w = parseArabic(rest)
		}
		if w == 0 || w >= len(rest) || !labelSeps[rest[w]] {
			return m, false
		}
		return finish(marker{
			typ:    markerType(string(word) + "一"),
			n:      n,
			number: string(rest[:w]),
			width:  len(word) + w + 1,
		}, s)
	}
	return m, false
}

// parseChapter reads 第X部分/章/节/条/篇.
func parseChapter(s []rune) (m marker, ok bool) {
	n, w := parseCN(s[1:])
	if w == 0 {
		n, w = parseArabic(s[1:])
	}
	if w == 0 {
		return m, false
	}
	rest := s[1+w:]
	for k, word := range chapterRunes {
		if hasRunePrefix(rest, word) {
			return finish(marker{
				typ:    chapterTypes[k],
				n:      n,
				number: string(s[1 : 1+w]),
				width:  1 + w + len(word),
			}, s)
		}
	}
	return m, false
}

// finish swallows the separators that may follow a marker ("(一)、",
// "第一部分：", "1. ") and checks that some text remains.
func finish(m marker, s []rune) (marker, bool) {
	i := m.width
	for i < len(s) && (s[i] == '、' || s[i] == '.' || s[i] == ':' || s[i] == '：' || s[i] == ',' || unicode.IsSpace(s[i])) {
		i++
	}
	if i >= len(s) {
		return m, false
	}
	m.width = i
	return m, true
}

// parseCN reads a Chinese numeral 一…九十九 at the start of s and returns
// its value and width in runes (0 when there is none).
func parseCN(s []rune) (n, w int) {
	digit := func(i int) (int, bool) {
		if i >= len(s) || s[i] == '两' || s[i] == '〇' || s[i] == '零' {
			return 0, false
		}
		d, ok := cnDigits[s[i]]
		return d, ok
	}
	if d, ok := digit(0); ok {
		if len(s) > 1 && s[1] == '十' { // 二十, 二十三
			if e, ok := digit(2); ok {
				return d*10 + e, 3
			}
			return d * 10, 2
		}
		return d, 1
	}
	if len(s) > 0 && s[0] == '十' { // 十, 十一
		if e, ok := digit(1); ok {
			return 10 + e, 2
		}
		return 10, 1
	}
	return 0, 0
}

// parseArabic reads one or two ASCII digits (a heading never reaches 100;
// three or more digits are a year or an amount).
func parseArabic(s []rune) (n, w int) {
	for w < len(s) && s[w] >= '0' && s[w] <= '9' {
		n = n*10 + int(s[w]-'0')
		w++
		if w > 2 {
			return 0, 0
		}
	}
	if w == 0 || n == 0 {
		return 0, 0
	}
	return n, w
}

// ParseNumber converts a heading or phase ordinal ("三", "十二", "7") to its
// value; ok is false for anything else.
func ParseNumber(s string) (int, bool) {
	r := []rune(s)
	if n, w := parseCN(r); w > 0 && w == len(r) {
		return n, true
	}
	if n, w := parseArabic(r); w > 0 && w == len(r) {
		return n, true
	}
	return 0, false
}
