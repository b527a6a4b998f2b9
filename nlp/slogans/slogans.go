// Package slogans finds the slogans of a document — quoted catch-phrases
// (“一名党员一堂课”) and numbered political formulas (三会一课, 两学一做,
// 十四五) — and the titles it cites in 《》.
//
// Matching runs on the folded text (fold.Text: Traditional → Simplified,
// full width → half width), so a Traditional document yields the same
// slogan text as a Simplified one.
package slogans

import (
	"sort"
	"strings"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Slogan kinds (doc.Slogan.Kind).
const (
	KindQuoted  = "quoted"
	KindFormula = "formula"
)

// Length bounds of a quoted slogan in runes: shorter is a single word or
// letter, longer is a quoted sentence of reported speech.
const (
	minQuoted = 2
	maxQuoted = 30
	// maxTitle bounds a 《》 citation; an unclosed 《 must not swallow a page.
	maxTitle = 100
)

type hit struct {
	pos   int // rune offset of first sighting, for first-seen order
	text  string
	kind  string
	count int
	// counted marks slogans whose count is the number of sightings
	// (formulas, festival names); others count all occurrences of the text.
	counted bool
}

// Extract returns the slogans of text, deduplicated by folded text in
// first-seen order with their counts, and the distinct titles cited in
// 《》 or 〈〉 (text without the marks, as written).
func Extract(text string) (slogans []doc.Slogan, citations []doc.Citation) {
	return ExtractFolded(text, fold.Text(text))
}

// ExtractFolded is Extract for a caller that already holds fold.Text(text),
// saving the fold (the larger part of the cost) when several extractors run.
func ExtractFolded(text, folded string) (slogans []doc.Slogan, citations []doc.Citation) {
	orig := []rune(text)
	f := []rune(folded)
	if len(f) != len(orig) {
		// fold keeps the rune count; if it ever does not (or the caller
		// passed another text), use the original so spans stay in range.
		f = orig
	}

	hits := map[string]*hit{}
	add := func(pos int, s, kind string, counted bool) {
		h, ok := hits[s]
		if !ok {
			h = &hit{pos: pos, text: s, kind: kind, counted: counted}
			hits[s] = h
		}
		if pos < h.pos {
			h.pos = pos
		}
		if kind == KindFormula {
			h.kind = KindFormula
		}
		if counted {
			h.count++
		}
	}

	open := map[rune]int{} // opening quote → rune offset of the open quote
	seenCite := map[string]bool{}
	for i := 0; i < len(f); i++ {
		r := f[i]
		if !special.has(r) {
			continue
		}
		if r == '\n' {
			// Quotes do not span paragraphs: a stray mark must not pair
			// with one lines below.
			clear(open)
			continue
		}
		if closer, ok := titlePairs[r]; ok {
			if j := findClose(f, i+1, r, closer); j > 0 {
				s := strings.TrimSpace(string(orig[i+1 : j]))
				key := normKey(string(f[i+1 : j]))
				if s != "" && !seenCite[key] {
					seenCite[key] = true
					citations = append(citations, doc.Citation{Text: s})
				}
				i = j // titles hold no slogans of their own
				continue
			}
		}
		if start, ok := openerFor(open, r); ok {
			delete(open, quoteOpener(r))
			if s, ok := quotedText(f[start+1 : i]); ok {
				e, inLex := lexicon().byText[s]
				switch {
				case !inLex && isTitle(s):
					// “党政领导干部选拔任用条例”: a document title in quotes.
					key := normKey(s)
					if !seenCite[key] {
						seenCite[key] = true
						citations = append(citations, doc.Citation{Text: strings.TrimSpace(string(orig[start+1 : i]))})
					}
				case inLex && lexicon().list[e].QuotedOnly:
					// Counted by the formula scan, which saw it quoted.
					add(start, lexicon().list[e].Canonical, KindQuoted, false)
				case inLex:
					// Counted by the formula scan below.
					add(start, lexicon().list[e].Canonical, KindFormula, false)
				case isPatternFormula([]rune(s)):
					add(start, s, KindFormula, false)
				default:
					add(start, s, KindQuoted, false)
				}
			}
			continue
		}
		if _, ok := quotePairs[r]; ok {
			open[r] = i // a second opener restarts: “创先争优“活动…“五好”
			continue
		}
		if _, ok := numerals[r]; ok || len(lexicon().byFirst[r]) > 0 {
			if n, s, kind := formulaAt(f, i); n > 0 {
				add(i, s, kind, true)
				// Skip the matched formula so 三会一课 is not rescanned
				// from 一课.
				i += n - 1
			}
		}
	}

	list := make([]*hit, 0, len(hits))
	var recount []*hit
	for _, h := range hits {
		if !h.counted || h.count == 0 {
			recount = append(recount, h)
		}
		list = append(list, h)
	}
	countAll(f, recount)
	sort.Slice(list, func(a, b int) bool { return list[a].pos < list[b].pos })
	slogans = make([]doc.Slogan, len(list))
	for k, h := range list {
		slogans[k] = doc.Slogan{Text: h.text, Kind: h.kind, Count: h.count}
	}
	return slogans, citations
}

// countAll sets each hit's count to the number of occurrences of its text
// in f, in one pass: candidates are looked up by their first two runes, so
// the cost does not grow with the number of slogans.
func countAll(f []rune, hs []*hit) {
	if len(hs) == 0 {
		return
	}
	type pat struct {
		h *hit
		r []rune
	}
	byPair := map[[2]rune][]pat{}
	var first runeSet
	for _, h := range hs {
		h.count = 0
		r := []rune(h.text)
		if len(r) < 2 {
			continue
		}
		k := [2]rune{r[0], r[1]}
		byPair[k] = append(byPair[k], pat{h, r})
		first.add(r[0])
	}
	for i := 0; i+1 < len(f); i++ {
		if !first.has(f[i]) {
			continue
		}
		for _, p := range byPair[[2]rune{f[i], f[i+1]}] {
			if i+len(p.r) <= len(f) && equalRunes(f[i:i+len(p.r)], p.r) {
				p.h.count++
			}
		}
	}
	for _, h := range hs {
		h.count = max(1, h.count)
	}
}

func equalRunes(a, b []rune) bool {
	for k := range b {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

// runeSet is a bitset over the Basic Multilingual Plane: a membership test
// per rune of the text must cost less than a map lookup.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r>>6] |= 1 << (uint(r) & 63)
	}
}

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(uint(r)&63)) != 0
}

// special holds every rune the scanner acts on; all others are skipped.
var special = func() *runeSet {
	s := new(runeSet)
	s.add('\n')
	for o, c := range quotePairs {
		s.add(o)
		s.add(c)
	}
	for o := range titlePairs {
		s.add(o)
	}
	for r := range numerals {
		s.add(r)
	}
	for r := range lexicon().byFirst {
		s.add(r)
	}
	return s
}()

// closers maps each closing quotation mark to its opener.
var closers = func() map[rune]rune {
	m := map[rune]rune{}
	for o, c := range quotePairs {
		if o != c {
			m[c] = o
		}
	}
	m['"'] = '"'
	return m
}()

// openerFor reports whether r closes a currently open quote, and where that
// quote opened. The ASCII " closes only when one is open; otherwise it opens.
func openerFor(open map[rune]int, r rune) (int, bool) {
	o := quoteOpener(r)
	if o == 0 {
		return 0, false
	}
	start, ok := open[o]
	return start, ok
}

// quoteOpener returns the opening mark that r closes, or 0.
func quoteOpener(r rune) rune {
	return closers[r]
}

// findClose returns the index of the closer matching the opener just before
// from, honouring nesting (《关于学习〈条例〉的通知》), or -1.
func findClose(f []rune, from int, opener, closer rune) int {
	depth := 0
	for j := from; j < len(f) && j-from <= maxTitle; j++ {
		switch f[j] {
		case '\n':
			return -1
		case opener:
			depth++
		case closer:
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}

// quotedText returns the slogan held by a quoted span, or false when the
// span is too short, too long, or a sentence of reported speech.
func quotedText(span []rune) (string, bool) {
	s := strings.TrimSpace(string(span))
	n := 0
	han := 0
	for _, r := range s {
		if sentenceEnds[r] {
			return "", false
		}
		if _, q := quotePairs[r]; q || quoteOpener(r) != 0 {
			// A quote mark left inside means the pairing went wrong.
			return "", false
		}
		if r >= 0x3400 && r <= 0x9FFF {
			han++
		}
		n++
	}
	if n < minQuoted || n > maxQuoted || han == 0 {
		return "", false
	}
	return s, true
}

// normKey is the dedupe key of a citation: folded, without whitespace.
func normKey(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// formulaAt matches a formula starting at f[i]: a lexicon entry first, then
// the strict patterns. It returns the matched length in runes (0 for none),
// the canonical text and the kind: festival names (quoted-only entries) are
// quoted slogans, found when quoted or followed by a festival cue.
func formulaAt(f []rune, i int) (int, string, string) {
	if i > 0 {
		if _, ok := numerals[f[i-1]]; ok && f[i-1] != '一' {
			// Inside a longer numeral (二十四风?): not a formula start.
			// 一 is allowed before: 三会一课 is found at 三, never at 一.
			return 0, "", ""
		}
		if f[i-1] == '第' {
			return 0, "", ""
		}
	}
	for _, k := range lexicon().byFirst[f[i]] {
		e := lexicon().list[k]
		n := len([]rune(e.Text))
		if !hasPrefixAt(f, i, e.Text) {
			continue
		}
		if e.QuotedOnly {
			if !quotedAround(f, i, n) && !festivalAfter(f, i+n) {
				continue
			}
			return n, e.Canonical, KindQuoted
		}
		if i+n < len(f) && measureWords[f[i+n]] && n <= 2 {
			// 四有个 / 六有名: a short entry glued to a counter is a quantity.
			continue
		}
		return n, e.Canonical, KindFormula
	}
	if n := patternLen(f, i); n > 0 {
		return n, string(f[i : i+n]), KindFormula
	}
	return 0, "", ""
}

func hasPrefixAt(f []rune, i int, s string) bool {
	j := i
	for _, r := range s {
		if j >= len(f) || f[j] != r {
			return false
		}
		j++
	}
	return true
}

// quotedAround reports whether f[i:i+n] stands alone between quote marks.
func quotedAround(f []rune, i, n int) bool {
	if i == 0 || i+n >= len(f) {
		return false
	}
	c, ok := quotePairs[f[i-1]]
	return ok && f[i+n] == c
}

func festivalAfter(f []rune, j int) bool {
	for _, cue := range festivalCues {
		if hasPrefixAt(f, j, cue) {
			return true
		}
	}
	return false
}

// isPatternFormula reports whether s as a whole is a pattern formula.
func isPatternFormula(s []rune) bool {
	return patternLen(s, 0) == len(s) && len(s) > 0
}

// patternLen matches the strict formula patterns at f[i] and returns the
// length, or 0:
//   - alternation num·X·num·Y (三严三实, 两学一做, 三会一课, 四讲四有): the
//     second numeral is 一 or equal to the first, the first is not 一
//     (一心一意 and most idioms), X and Y are not counters (两年一次);
//   - chains of the same numeral (三亮三比三评, 四赛四比四做) as one formula;
//   - five-year plans 十·num·五 (十三五, 十四五).
func patternLen(f []rune, i int) int {
	if i+2 >= len(f) {
		return 0
	}
	if i > 0 {
		if _, ok := numerals[f[i-1]]; ok {
			return 0
		}
	}
	// The middle of a chain (三比三评 in 三亮三比三评) is not a formula of
	// its own: the chain is matched from its first numeral.
	if i >= 2 && f[i-2] == f[i] && f[i] != '一' && chainLink(f[i-1]) {
		return 0
	}
	a, ok := numerals[f[i]]
	if !ok {
		return 0
	}
	// 十·num·五
	if f[i] == '十' && i+2 < len(f) && f[i+2] == '五' {
		if m, ok := numerals[f[i+1]]; ok && m < 10 && f[i+1] != '两' && f[i+1] != '双' {
			if i+3 >= len(f) || !(measureWords[f[i+3]] || isNumeral(f[i+3])) {
				return 3
			}
		}
	}
	if i+3 >= len(f) || f[i] == '一' {
		return 0
	}
	x, b, y := f[i+1], f[i+2], f[i+3]
	bv, ok := numerals[b]
	// 双 as the second numeral is left to the lexicon (一岗双责): in the
	// pattern it mostly meets ordinary phrases (两岸双方).
	if !ok || !(bv == 1 || (bv == a && b == f[i])) {
		return 0
	}
	if numeralWords[string(f[i:i+2])] {
		return 0
	}
	if !isHan(x) || !isHan(y) || isNumeral(x) || isNumeral(y) || measureWords[x] || measureWords[y] {
		return 0
	}
	if idioms[string(f[i:i+4])] {
		return 0
	}
	n := 4
	for b == f[i] && i+n+1 < len(f) && f[i+n] == f[i] && chainLink(f[i+n+1]) {
		n += 2
	}
	if i+n < len(f) && isNumeral(f[i+n]) {
		return 0
	}
	return n
}

// chainLink reports a rune that may follow a numeral inside a formula: a
// Han character that is neither a numeral nor a counter.
func chainLink(r rune) bool {
	return isHan(r) && !isNumeral(r) && !measureWords[r]
}

// isTitle reports whether a quoted span is the title of a document.
func isTitle(s string) bool {
	if len([]rune(s)) < minTitle {
		return false
	}
	for _, suf := range titleSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

func isNumeral(r rune) bool {
	_, ok := numerals[r]
	return ok || r == '零' || r == '〇' || r == '百' || r == '千'
}

func isHan(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF
}
