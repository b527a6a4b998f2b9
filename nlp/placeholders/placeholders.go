// Package placeholders finds the unfilled slots a template leaves in a
// document: XX旗, xxx卫生院, 20XX年X月, X名, X余名, ××医院, ○○县,
// ##城市, 十x大 and empty brackets "（ ）".
package placeholders

import (
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Extract returns the slots of text in order, each with its attached unit
// or place word and its code-point span into text.
func Extract(text string) []doc.Placeholder {
	return ExtractFolded(text, fold.Text(text))
}

// ExtractFolded is Extract for a caller that already holds fold.Text(text),
// saving the fold (the larger part of the cost) when several extractors run.
func ExtractFolded(text, folded string) []doc.Placeholder {
	orig := []rune(text)
	f := []rune(folded)
	if len(f) != len(orig) {
		f = orig
	}
	var out []doc.Placeholder
	emit := func(s, e int) {
		if n := len(out); n > 0 && out[n-1].End > s {
			return // overlaps the previous slot
		}
		out = append(out, doc.Placeholder{Text: string(orig[s:e]), Start: s, End: e})
	}
	for i := 0; i < len(f); {
		r := f[i]
		switch {
		case isLatin(r):
			j := i
			for j < len(f) && isLatin(f[j]) {
				j++
			}
			if s, e, ok := letterSlot(f, i, j); ok {
				e = extendDate(f, e)
				emit(s, e)
				i = e
				continue
			}
			i = j
		case r == '×' || r == '○' || r == '#':
			j := i
			for j < len(f) && f[j] == r {
				j++
			}
			if s, e, ok := symbolSlot(f, i, j); ok {
				emit(s, e)
				i = e
				continue
			}
			i = j
		case r == '(':
			j := i + 1
			for j < len(f) && f[j] == ' ' {
				j++
			}
			if j < len(f) && f[j] == ')' {
				emit(i, j+1)
				i = j + 1
				continue
			}
			i++
		default:
			i++
		}
	}
	return out
}

// letterSlot decides whether the ASCII letter run f[i:j] is a slot and
// returns its span with attached digits, numeral and suffix.
func letterSlot(f []rune, i, j int) (int, int, bool) {
	for _, r := range f[i:j] {
		if r != 'x' && r != 'X' {
			return 0, 0, false // a real word or abbreviation: CT, ICU, Excel, XXL
		}
	}
	if e, ok := rangeSlot(f, i, j); ok {
		return i, e, true
	}
	if j < len(f) && (isDigit(f[j]) || f[j] == '-' || f[j] == '.' && j+1 < len(f) && isDigit(f[j+1])) {
		return 0, 0, false // a model number or X-ray: X5, X-ray
	}
	n := j - i
	s := i
	if i > 0 {
		p := f[i-1]
		switch {
		case urlMarks[p]:
			return 0, 0, false
		case isDigit(p):
			// 20xx年, 20XX: a year with its last digits left open. Any
			// other digit before x is a product or size: 3x3, 5x.
			d := i
			for d > 0 && isDigit(f[d-1]) {
				d--
			}
			if i-d+n != 4 || (d > 0 && urlMarks[f[d-1]]) {
				return 0, 0, false
			}
			e := j
			if l := suffixAt(f, j, []string{"年度", "年"}); l > 0 {
				e += l
			}
			return d, e, true
		case p == '十':
			// 十x大: the congress number left open.
			if l := suffixAt(f, j, congressSuffixes); l > 0 {
				return i - 1, j + l, true
			}
		}
	}
	if suffixAt(f, j, romanAfter) > 0 {
		return 0, 0, false // XX世纪: a Roman numeral
	}
	if n == 1 {
		if l := suffixAt(f, j, countSuffixes); l > 0 {
			return s, j + l, true
		}
		return 0, 0, false // X光, X线, a lone letter
	}
	if l := suffixAt(f, j, nameSuffixes); l > 0 {
		return s, j + l, true
	}
	if l := suffixAt(f, j, countSuffixes); l > 0 {
		return s, j + l, true
	}
	return s, j, true
}

// rangeSlot reads "X-X名": the letter run f[i:j], a range mark, a second run
// of x and a counter. It returns the end of the whole range. X-ray and
// codes fail for want of the second run or the counter.
func rangeSlot(f []rune, i, j int) (int, bool) {
	if i > 0 && (urlMarks[f[i-1]] || isDigit(f[i-1]) || isLatin(f[i-1])) {
		return 0, false
	}
	if j >= len(f) || !rangeMarks[f[j]] {
		return 0, false
	}
	k := j + 1
	m := k
	for m < len(f) && (f[m] == 'x' || f[m] == 'X') {
		m++
	}
	if m == k || m-k > 3 {
		return 0, false
	}
	if l := suffixAt(f, m, countSuffixes); l > 0 {
		return m + l, true
	}
	return 0, false
}

// extendDate joins date parts that follow a year slot: 20xx年X月, 20XX年X月X日.
func extendDate(f []rune, e int) int {
	if e == 0 || f[e-1] != '年' {
		return e
	}
	for e < len(f) && (f[e] == 'x' || f[e] == 'X') {
		j := e
		for j < len(f) && (f[j] == 'x' || f[j] == 'X') {
			j++
		}
		if j-e > 2 {
			return e
		}
		l := suffixAt(f, j, dateParts)
		if l == 0 {
			return e
		}
		e = j + l
	}
	return e
}

// symbolSlot decides whether the run f[i:j] of ×, ○ or # is a slot.
func symbolSlot(f []rune, i, j int) (int, int, bool) {
	if j-i < 2 {
		return 0, 0, false
	}
	switch f[i] {
	case '○':
		// 二○二二年 writes zero as ○: next to a Chinese numeral or digit it
		// is a year, not a slot.
		if i > 0 && (cnNumerals[f[i-1]] || isDigit(f[i-1])) || j < len(f) && (cnNumerals[f[j]] || isDigit(f[j])) {
			return 0, 0, false
		}
	case '#':
		// "## 标题" is a Markdown heading; "##城市", "平安##" are slots.
		if j < len(f) && f[j] == ' ' {
			return 0, 0, false
		}
		if j < len(f) && isHan(f[j]) {
			if l := suffixAt(f, j, nameSuffixes); l > 0 {
				return i, j + l, true
			}
			e := j
			for e < len(f) && e-j < 2 && isHan(f[e]) {
				e++
			}
			return i, e, true
		}
		if i > 0 && isHan(f[i-1]) {
			s := i
			for s > 0 && i-s < 2 && isHan(f[s-1]) {
				s--
			}
			return s, j, true
		}
		return 0, 0, false
	}
	if l := suffixAt(f, j, nameSuffixes); l > 0 {
		return i, j + l, true
	}
	if l := suffixAt(f, j, countSuffixes); l > 0 {
		return i, j + l, true
	}
	return i, j, true
}

// suffixAt returns the rune length of the first suffix in list found at
// f[j:], or 0.
func suffixAt(f []rune, j int, list []string) int {
	for _, s := range list {
		k := j
		ok := true
		for _, r := range s {
			if k >= len(f) || f[k] != r {
				ok = false
				break
			}
			k++
		}
		if ok {
			return k - j
		}
	}
	return 0
}

func isLatin(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }
func isHan(r rune) bool   { return r >= 0x3400 && r <= 0x9FFF }
