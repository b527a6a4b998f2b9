// Package placeholders finds the unfilled slots a template leaves in a
// document: XX旗, xxx卫生院, 20XX年X月, X名, X余名, ××医院, ○○县,
// ##城市, 十x大, *名, **市, ____年____月, 20_年, [X]次, 〔...〕, 王某某,
// masked figures (98.xxxx, 2xxxx) and empty brackets "（ ）".
package placeholders

import (
	"strings"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/people"
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
	last := 0 // end of the last slot: a prefix word may not reach before it
	emit := func(s, e int) {
		if n := len(out); n > 0 && out[n-1].End > s {
			return // overlaps the previous slot
		}
		out = append(out, doc.Placeholder{Text: string(orig[s:e]), Start: s, End: e})
		last = e
	}
	boldClose := -1 // start of the ** that closes a markdown bold span
	masked := maskedUnderscores(f) >= minMaskedUnderscores
	for i := 0; i < len(f); {
		r := f[i]
		if r >= 0x4E00 && r <= 0x9FFF && r != '某' {
			i++ // most runes: no slot starts at a Han character but 某某
			continue
		}
		next := i + 1
		var s, e int
		ok := false
		switch {
		case isLatin(r):
			j := runEnd(f, i, isLatin)
			s, e, ok = letterSlot(f, i, j)
			if ok {
				e = extendDate(f, e)
			}
			next = j
		case r == '×' || r == '○' || r == '〇' || r == '#' || r == '*':
			j := i
			for j < len(f) && f[j] == r {
				j++
			}
			next = j
			if r == '*' {
				if i == boldClose {
					break // the end of a bold span
				}
				if c := boldEnd(f, i, j); c > 0 {
					boldClose = c
					break
				}
			}
			s, e, ok = symbolSlot(f, i, j)
		case r == '_':
			j := i
			for j < len(f) && f[j] == '_' {
				j++
			}
			s, e, ok = blankSlot(f, i, j)
			if !ok && masked && j-i == 1 && maskedUnderscore(f, i) {
				s, e, ok = i, j, true
			}
			next = j
		case openers[r] != 0:
			s, e, ok = bracketSlot(f, i)
		case r == '某':
			s, e, ok = maskedName(f, i)
		case r == '2':
			s, e, ok = truncatedYear(f, i)
		}
		if ok {
			if s < last {
				s = last
			}
			emit(s, e)
			next = max(next, e)
		}
		i = next
	}
	return out
}

// runEnd returns the end of the run of runes from i that satisfy in.
func runEnd(f []rune, i int, in func(rune) bool) int {
	for i < len(f) && in(f[i]) {
		i++
	}
	return i
}

// letterSlot decides whether the ASCII letter run f[i:j] is a slot and
// returns its span with attached digits, numeral and suffix.
func letterSlot(f []rune, i, j int) (int, int, bool) {
	n := j - i
	allX, allZ := true, n >= 2
	for _, r := range f[i:j] {
		allX = allX && (r == 'x' || r == 'X')
		allZ = allZ && (r == 'z' || r == 'Z')
	}
	if !allX && !allZ {
		return 0, 0, false // a real word or abbreviation: CT, ICU, Excel, XXL
	}
	if allZ {
		// zz市: only as a place or count slot; zz alone may be anything.
		if i > 0 && (urlMarks[f[i-1]] || isLatin(f[i-1]) || isDigit(f[i-1])) {
			return 0, 0, false
		}
		if l := wordAfter(f, j, true); l > 0 {
			return i, j + l, true
		}
		return 0, 0, false
	}
	if e, ok := rangeSlot(f, i, j); ok {
		return i, e, true
	}
	if i > 0 && isDigit(f[i-1]) || i > 1 && f[i-1] == '.' && isDigit(f[i-2]) {
		return digitSlot(f, i, j)
	}
	if j < len(f) && (isDigit(f[j]) || f[j] == '-' || f[j] == '.' && j+1 < len(f) && isDigit(f[j+1])) {
		return 0, 0, false // a model number or X-ray: X5, X-ray
	}
	s := i
	if i > 0 {
		switch p := f[i-1]; {
		case urlMarks[p]:
			return 0, 0, false
		case p == '十':
			// 十x大: the congress number left open.
			if l := suffixAt(f, j, congressSuffixes); l > 0 {
				return i - 1, j + l, true
			}
		case p == '〇' || p == '○' || p == '零':
			// 二〇XX年: a year in Chinese numerals with its last digits open.
			if i >= 2 && cnNumerals[f[i-2]] && n <= 2 {
				if l := suffixAt(f, j, yearSuffixes); l > 0 {
					return i - 2, j + l, true
				}
			}
		}
	}
	if suffixAt(f, j, romanAfter) > 0 {
		return 0, 0, false // XX世纪: a Roman numeral
	}
	if l := suffixAt(f, j, sessionSuffixes); l > 0 {
		return s, j + l, true
	}
	if n == 1 {
		if l := countAt(f, j); l > 0 {
			return s, j + l, true
		}
		// X区卫生健康委员会, X县人民医院: an upper-case X naming a place.
		if f[i] == 'X' {
			if l := suffixAt(f, j, placeAfterX); l > 0 && (j+l >= len(f) || !strings.ContainsRune(notPlaceAfter, f[j+l])) {
				return s, j + l, true
			}
		}
		return 0, 0, false // X光, X线, a lone letter
	}
	if l := wordAfter(f, j, true); l > 0 {
		return s, j + l, true
	}
	if bs, be, ok := brand(f, s, j); ok {
		return bs, be, true
	}
	return s, j, true
}

// digitSlot reads x letters f[i:j] after digits: a year with its last
// digits open (20xx年, 201X年, 20xx3号 for a document number whose
// brackets were lost) or a masked figure (98.xxxx, 2xxxx, 20xxxx), reported
// without its unit. One letter after other digits is a name or a size
// (415X, 3x3).
func digitSlot(f []rune, i, j int) (int, int, bool) {
	d := i
	if f[d-1] == '.' {
		d--
	}
	for d > 0 && isDigit(f[d-1]) {
		d--
	}
	if d > 0 && (urlMarks[f[d-1]] || isLatin(f[d-1])) {
		return 0, 0, false
	}
	if f[i-1] != '.' && i-d >= 2 && j-d == 4 && centuries[string(f[d:d+2])] {
		e := j
		if k := runEnd(f, j, isDigit); k > j && k < len(f) && f[k] == '号' {
			return d, k + 1, true
		}
		if j < len(f) && isDigit(f[j]) {
			return 0, 0, false
		}
		if l := suffixAt(f, j, yearSuffixes); l > 0 {
			e += l
		}
		return d, e, true
	}
	// 20x年: one letter stands for both open digits of a year.
	if i-d == 2 && j-d == 3 && centuries[string(f[d:i])] {
		if l := suffixAt(f, j, yearSuffixes); l > 0 {
			return d, j + l, true
		}
	}
	if j-i >= 2 && (j >= len(f) || !isDigit(f[j])) {
		// 2023.xx.xx: the further masked parts of a dotted date.
		e := j
		for e+1 < len(f) && f[e] == '.' && (f[e+1] == 'x' || f[e+1] == 'X') {
			k := e + 1
			for k < len(f) && (f[k] == 'x' || f[k] == 'X') {
				k++
			}
			e = k
		}
		return d, e, true
	}
	return 0, 0, false
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
	if l := countAt(f, m); l > 0 {
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

// symbolSlot decides whether the run f[i:j] of ×, ○, # or * is a slot.
func symbolSlot(f []rune, i, j int) (int, int, bool) {
	switch f[i] {
	case '○', '〇':
		// 二○二二年 writes zero as ○: next to a Chinese numeral or digit it
		// is a year, not a slot.
		if j-i < 2 || i > 0 && (cnNumerals[f[i-1]] || isDigit(f[i-1])) || j < len(f) && (cnNumerals[f[j]] || isDigit(f[j])) {
			return 0, 0, false
		}
	case '#':
		// "## 标题" is a Markdown heading; "##城市", "平安##" are slots.
		if j-i < 2 || j < len(f) && f[j] == ' ' {
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
	case '×', '*':
		// 3×4, a*b: an operator between figures or letters.
		if i > 0 && (isDigit(f[i-1]) || isLatin(f[i-1])) && j < len(f) && (isDigit(f[j]) || isLatin(f[j])) {
			return 0, 0, false
		}
		if f[i] == '*' {
			if i > 0 && isDigit(f[i-1]) {
				return digitStars(f, i, j)
			}
			// A bullet or a rule line: "* 加强学习", "***".
			if j >= len(f) || isBlank(f[j]) || (i == 0 || isBlank(f[i-1])) && !isHan(f[j]) {
				return 0, 0, false
			}
		}
	}
	if l := wordAfter(f, j, false); l > 0 && (f[i] != '*' || j-i <= maxStarFigure || l == suffixAt(f, j, nameSuffixes)) {
		return i, j + l, true
	}
	if j-i >= 2 {
		if s, e, ok := brand(f, i, j); ok {
			return s, e, true
		}
		return i, j, true // ××, ** standing alone
	}
	if f[i] == '*' && i > 0 && (isHan(f[i-1]) || f[i-1] == '、') {
		return i, j, true // 马列主义、*思想 with a word not in the tables
	}
	return brand(f, i, j) // 健康×行动; a lone × or * otherwise is no slot
}

// digitStars reads * after digits: a year with its last digits masked
// (20**年) or a masked figure (3**人).
func digitStars(f []rune, i, j int) (int, int, bool) {
	d := i
	for d > 0 && isDigit(f[d-1]) {
		d--
	}
	if i-d >= 2 && j-d == 4 && centuries[string(f[d:d+2])] {
		if l := suffixAt(f, j, yearSuffixes); l > 0 {
			return d, j + l, true
		}
		return d, j, true
	}
	// 20*年: one mark stands for both open digits of a year.
	if i-d == 2 && j-d == 3 && centuries[string(f[d:i])] {
		if l := suffixAt(f, j, yearSuffixes); l > 0 {
			return d, j + l, true
		}
	}
	if j < len(f) && isDigit(f[j]) {
		return 0, 0, false
	}
	return d, j, true
}

// boldEnd reports whether the run f[i:j] of * opens a markdown bold span
// (**一、指导思想**) and returns where its closing ** starts, or 0.
func boldEnd(f []rune, i, j int) int {
	if j-i != 2 || j >= len(f) || isBlank(f[j]) || f[j] == '*' {
		return 0
	}
	// Bold opens a line or follows a blank or punctuation; ** after a
	// character is a mask (…被评为**市…).
	if i > 0 && (isHan(f[i-1]) || isDigit(f[i-1]) || isLatin(f[i-1])) {
		return 0
	}
	for k := j + 1; k < len(f) && k-j <= maxBold; k++ {
		switch {
		case f[k] == '\n' || sentenceEnds[f[k]]:
			return 0
		case f[k] == '*':
			if k+1 < len(f) && f[k+1] == '*' && (k+2 >= len(f) || f[k+2] != '*') && !isBlank(f[k-1]) {
				return k
			}
			return 0
		}
	}
	return 0
}

// blankSlot reads a run of underscores f[i:j]: a line to fill in (____),
// with date parts (____年____月____日) or a year whose last digits are
// blank (20_年, 20__年).
func blankSlot(f []rune, i, j int) (int, int, bool) {
	if i > 0 && isLatin(f[i-1]) || j < len(f) && isLatin(f[j]) {
		return 0, 0, false // snake_case, __init__
	}
	if i >= 2 && isDigit(f[i-1]) && centuries[string(f[i-2:i])] && (i < 3 || !isDigit(f[i-3])) {
		if l := suffixAt(f, j, yearSuffixes); l > 0 {
			return i - 2, extendBlankDate(f, j+l), true
		}
	}
	// 202_年: the last digit of the decade's year left blank.
	if i >= 3 && isDigit(f[i-1]) && centuries[string(f[i-3:i-1])] && (i < 4 || !isDigit(f[i-4])) {
		if l := suffixAt(f, j, yearSuffixes); l > 0 {
			return i - 3, extendBlankDate(f, j+l), true
		}
	}
	if j-i == 1 && i > 0 && isDigit(f[i-1]) && j < len(f) && f[j] == '岁' {
		return i - 1, j + 1, true // 0_岁儿童: the upper age left open
	}
	if j-i == 1 && (i == 0 || !isDigit(f[i-1])) {
		// One underscore joins words (方案_第1页) unless a count unit or a
		// measure follows it: 卫生院_个, 村医_名, 面积_平方公里.
		if l := countAt(f, j); l > 0 {
			return i, j + l, true
		}
		if l := suffixAt(f, j, measureSuffixes); l > 0 {
			return i, j + l, true
		}
		return 0, 0, false
	}
	if j-i < 2 || i > 0 && isDigit(f[i-1]) {
		return 0, 0, false
	}
	if l := suffixAt(f, j, blankDateParts); l > 0 {
		return i, extendBlankDate(f, j+l), true
	}
	if l := countAt(f, j); l > 0 {
		return i, j + l, true
	}
	return i, j, true
}

// minMaskedUnderscores is how many single underscores inside Chinese text
// make a page one whose words were blanked out ("组织_职工深入学习_、"):
// one alone joins words (方案_第1页).
const minMaskedUnderscores = 3

// maskedUnderscore reports a single underscore f[i] standing for a word:
// Han or Chinese punctuation on both sides, not a page tail (_第1页).
func maskedUnderscore(f []rune, i int) bool {
	if i == 0 || i+1 >= len(f) || f[i-1] == '_' || f[i+1] == '_' {
		return false
	}
	if !hanOrCJKPunct(f[i-1]) || !hanOrCJKPunct(f[i+1]) {
		return false
	}
	return !(f[i+1] == '第' && i+2 < len(f) && isDigit(f[i+2]))
}

// maskedUnderscores counts the single underscores of f that stand for words.
func maskedUnderscores(f []rune) int {
	n := 0
	for i, r := range f {
		if r == '_' && maskedUnderscore(f, i) {
			n++
		}
	}
	return n
}

func hanOrCJKPunct(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF || strings.ContainsRune("、，。；：,;:“”（）()", r)
}

// extendBlankDate joins the next blank date parts: ____年 → ____年____月____日.
func extendBlankDate(f []rune, e int) int {
	for e < len(f) && f[e] == '_' {
		j := e
		for j < len(f) && f[j] == '_' {
			j++
		}
		l := suffixAt(f, j, blankDateParts)
		if l == 0 {
			return e
		}
		e = j + l
	}
	return e
}

// bracketSlot reads brackets that hold nothing but blanks, dots or a slot
// letter: （ ）, 〔...〕, [X]次 (with the unit after them).
func bracketSlot(f []rune, i int) (int, int, bool) {
	if i > 0 && isLatin(f[i-1]) {
		return 0, 0, false // f(x)
	}
	closer := openers[f[i]]
	filled := false
	for k := i + 1; k < len(f) && k-i <= maxBracketFill+1; k++ {
		if f[k] == closer {
			e := k + 1
			if filled {
				e += countAt(f, e) // [X]次: the unit the slot counts
			}
			return i, e, true
		}
		if !bracketFill[f[k]] {
			// 【单位名称】, （姓名）: a field for the writer to fill.
			if l := suffixAt(f, k, fieldNames); l > 0 && k+l < len(f) && f[k+l] == closer {
				return i, k + l + 1, true
			}
			return 0, 0, false
		}
		filled = filled || !isBlank(f[k])
	}
	return 0, 0, false
}

// maskedName reads 某某 standing for a name: 王某某 with the surname before
// it, or 某某 with a place or unit word after it (某某县, 某某医院).
func maskedName(f []rune, i int) (int, int, bool) {
	if i+1 < len(f) && f[i+1] != '某' && (i == 0 || f[i-1] != '某') {
		// 某县, 某医院: one 某 masks a place or unit named by its word;
		// 某些, 某种, 某项 are ordinary words.
		if l := suffixAt(f, i+1, placeSuffixes); l > 0 {
			return i, i + 1 + l, true
		}
		return 0, 0, false
	}
	if i+1 >= len(f) || f[i+1] != '某' || i+2 < len(f) && f[i+2] == '某' {
		return 0, 0, false
	}
	if i > 0 && people.IsSurname(f[i-1]) {
		return i - 1, i + 2, true
	}
	if l := suffixAt(f, i+2, nameSuffixes); l > 0 {
		return i, i + 2 + l, true
	}
	return i, i + 2, true
}

// truncatedYear reads "20年," opening a sentence: a year whose last two
// digits a template removed (【一】20年，我院…). After a word or a digit
// "20年" is a span of years (建院20年).
func truncatedYear(f []rune, i int) (int, int, bool) {
	if i+3 >= len(f) || f[i+1] != '0' || f[i+2] != '年' || f[i+3] != ',' {
		return 0, 0, false
	}
	if i > 0 && (isDigit(f[i-1]) || isHan(f[i-1]) || isLatin(f[i-1]) || f[i-1] == '.') {
		return 0, 0, false
	}
	return i, i + 3, true
}

// wordAfter returns the length of the place, name or count word that a
// slot ending at j stands for (XX旗, xx广场, ×区, *名, xx余人次). spaced
// allows one space before a place or name word (xx 区, as some pages set
// letters apart from Chinese).
func wordAfter(f []rune, j int, spaced bool) int {
	if l := suffixAt(f, j, nameSuffixes); l > 0 {
		return l
	}
	if l := countAt(f, j); l > 0 {
		return l
	}
	if spaced && j+1 < len(f) && f[j] == ' ' {
		if l := suffixAt(f, j+1, nameSuffixes); l > 0 {
			return l + 1
		}
	}
	return 0
}

// countAt reads a count unit after a slot: an optional 余/多 (more than), an
// optional 万/千 and the unit (X名, X余人次, ×余万剂次, x万). 0 means none.
func countAt(f []rune, j int) int {
	k := j + suffixAt(f, j, countModifiers)
	m := k + suffixAt(f, k, magnitudes)
	if l := suffixAt(f, m, countSuffixes); l > 0 {
		return m + l - j
	}
	if m > k {
		return m - j
	}
	return 0
}

// brand reads a slot inside a campaign name: a brand word before it
// (健康XX, 平安##, 健康×) and a campaign word after it (健康×行动).
func brand(f []rune, s, e int) (int, int, bool) {
	l := prefixBefore(f, s, brandPrefixes)
	if l == 0 {
		return 0, 0, false
	}
	return s - l, e + suffixAt(f, e, brandSuffixes), true
}

// prefixBefore returns the rune length of the first word of list that ends
// at f[s], or 0.
func prefixBefore(f []rune, s int, list []string) int {
	for _, w := range list {
		n := len([]rune(w))
		if s-n >= 0 && suffixAt(f, s-n, []string{w}) == n {
			return n
		}
	}
	return 0
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
func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' }
