package clean

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/anyof"
)

// normalize deletes invisible and control characters, folds full-width
// digits and Latin letters (and the ideographic space) to half width while
// keeping full-width punctuation as written, and trims surrounding spaces.
func normalize(_ *ctx, ls []line) []line {
	for i := range ls {
		setText(&ls[i], normalizeText(ls[i].p.Text))
	}
	return keep(ls)
}

func normalizeText(s string) string {
	if !needsNormalize(s) {
		return trimLostIndent(strings.TrimSpace(s))
	}
	var b strings.Builder
	b.Grow(len(s))
	// Runs of runes kept as they are are copied whole.
	kept := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		out, changed := normalRune(r)
		if r == utf8.RuneError && size == 1 {
			changed = true // invalid UTF-8 is written as U+FFFD
		}
		if changed {
			b.WriteString(s[kept:i])
			if out >= 0 {
				b.WriteRune(out)
			}
			kept = i + size
		}
		i += size
	}
	b.WriteString(s[kept:])
	return trimLostIndent(strings.TrimSpace(b.String()))
}

// normalRune returns what normalizeText writes for r (-1: nothing) and
// whether that differs from r.
func normalRune(r rune) (rune, bool) {
	switch {
	case isInvisible(r):
		return -1, true
	case r == '\t' || r == 0x00A0 || r == 0x3000:
		return ' ', true
	case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
		return -1, true
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0, true
	}
	return r, false
}

// needsNormalize reports whether normalizeText would change any rune of s
// (or s is not valid UTF-8); most lines are kept as they are.
func needsNormalize(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7F {
				return true
			}
			i++
			continue
		}
		// Runes are decoded whole, the three-byte runes of Chinese inline;
		// invalid UTF-8 needs normalising too.
		var r rune
		if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			i += 3
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return true
			}
			i += size
		}
		// What normalizeText changes: C1 controls, NBSP and soft hyphen;
		// invisible runes; the ideographic space; full-width forms.
		if r < 0xA1 || r == 0x3000 || isInvisible(r) ||
			r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ' {
			return true
		}
	}
	return false
}

// isInvisible reports the runes of invisible; all of them lie in three
// short ranges, which most text misses.
func isInvisible(r rune) bool {
	return (r == 0xAD || r >= 0x200B && r <= 0x2069 || r == 0xFEFF) && invisible[r]
}

// trimLostIndent removes the question marks a wrong encoding left where a
// page indented its paragraphs with ideographic spaces ("? ? ? ?2月29日,…"):
// two or more at a line's start, or three or more spaced out at its end,
// are never text.
func trimLostIndent(s string) string {
	if strings.HasPrefix(s, "?") {
		if t := strings.TrimLeft(s, "? "); strings.Count(s[:len(s)-len(t)], "?") >= 2 {
			s = t
		}
	}
	if strings.HasSuffix(s, "?") {
		t := strings.TrimRight(s, "? ")
		if cut := s[len(t):]; strings.Count(cut, "?") >= 3 && strings.Count(cut, " ") >= 2 {
			s = t
		}
	}
	return s
}

// stripMarkup removes HTML left in scraped text: tags, attribute fragments
// whose "<" was lost ("align=center>") and character references.
func stripMarkup(_ *ctx, ls []line) []line {
	for i := range ls {
		s := ls[i].p.Text
		if !strings.ContainsAny(s, "<>=&") {
			continue
		}
		s = htmlTag.ReplaceAllString(s, " ")
		s = htmlAttr.ReplaceAllString(s, " ")
		s = htmlEntity.ReplaceAllStringFunc(s, func(m string) string {
			u := html.UnescapeString(m)
			if u == "\u00a0" {
				return " "
			}
			return u
		})
		setText(&ls[i], strings.TrimSpace(s))
	}
	return keep(ls)
}

// bullets lead list-like chrome lines ("  • 相关内容").
const bullets = "•·●▪◆■◇□►※"

// stripBullets drops leading bullets and spaces for classification only.
func stripBullets(s string) string {
	return strings.TrimLeft(s, bullets+" -")
}

// hasChromePrefix reports whether the folded line starts with a chrome label.
func hasChromePrefix(f string) bool {
	return chromePrefixIndex.hasPrefix(stripBullets(f))
}

// prefixIndex finds whether a text starts with one of a set of words,
// looking only at the words sharing its first rune: the tests run on
// every line, and most lines share a first rune with none.
type prefixIndex map[rune][]string

func newPrefixIndex(words ...[]string) prefixIndex {
	x := prefixIndex{}
	for _, ws := range words {
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			x[r] = append(x[r], w)
		}
	}
	return x
}

func (x prefixIndex) hasPrefix(f string) bool {
	r, _ := utf8.DecodeRuneInString(f)
	for _, w := range x[r] {
		if strings.HasPrefix(f, w) {
			return true
		}
	}
	return false
}

var (
	chromePrefixIndex     = newPrefixIndex(chromePrefixes)
	chromeLinePrefixIndex = newPrefixIndex(chromeLinePrefixes)
)

// chromeHits counts the distinct chrome words and phrases in folded text.
func chromeHits(f string) int {
	return chromeVocab.count(f)
}

// chromeVocab finds chromeWords and chromePhrases in one pass over a line.
var chromeVocab = newLexicon(chromeWords, chromePhrases)

// paywallTriggers are the triggers of paywallCuts: a line holding none is
// not searched trigger by trigger.
var paywallTriggers = newLexicon(paywallTriggerWords)

var paywallTriggerWords = func() []string {
	ts := make([]string, len(paywallCuts))
	for i, p := range paywallCuts {
		ts[i] = p.trigger
	}
	return ts
}()

// inlineVocab holds chromeVocab's words, then paywallTriggers', so that
// cutInline finds both in one pass over a line.
var (
	inlineVocab  = newLexicon(chromeWords, chromePhrases, paywallTriggerWords)
	nChromeVocab = len(chromeWords) + len(chromePhrases)
)

// chromeAndPaywall returns chromeHits(f) and paywallTriggers.found(f),
// from one pass.
func chromeAndPaywall(f string) (int, []bool) {
	var seen, found []bool
	n := 0
	inlineVocab.each(f, func(k int) bool {
		if k < nChromeVocab {
			if seen == nil {
				seen = make([]bool, nChromeVocab)
			}
			if !seen[k] {
				seen[k] = true
				n++
			}
		} else {
			if found == nil {
				found = make([]bool, len(paywallCuts))
			}
			found[k-nChromeVocab] = true
		}
		return true
	})
	return n, found
}

// mayHaveLink is a cheap test before the url and domain patterns: a link
// needs "://", "www." or a dot before a top-level domain, all in ASCII.
func mayHaveLink(f string) bool {
	if strings.Contains(f, "://") {
		return true
	}
	for i := strings.IndexByte(f, '.'); i >= 0; {
		if i >= 3 && strings.EqualFold(f[i-3:i], "www") {
			return true
		}
		for _, t := range linkTLDs {
			if len(f)-i-1 >= len(t) && strings.EqualFold(f[i+1:i+1+len(t)], t) {
				return true
			}
		}
		k := strings.IndexByte(f[i+1:], '.')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

// linkTLDs are the top-level domains of the domain pattern.
var linkTLDs = []string{"com", "cn", "net", "org", "cc", "top", "info", "vip", "xyz"}

// mayBeDateline is a cheap test before the dateline pattern: it opens
// with an agency's name and holds a month.
func mayBeDateline(f string) bool {
	r, _ := utf8.DecodeRuneInString(f)
	return strings.ContainsRune("新中人央本", r) && strings.Contains(f, "月")
}

// keepInfoTitle handles the information table a government site prints
// above a document ("| 索引号: … | 发布机构: … |"): the row holding the
// title becomes the title line, marked explicit; the other rows are cut.
// A row without bars counts only as a title row ("标题: …") at the head.
func keepInfoTitle(c *ctx, ls []line) []line {
	found := false
	for i := range ls {
		// Folding turns ｜ into |, so one byte search in the folded line
		// (which cutInline folds next anyway) finds either bar: the last
		// byte of ｜ is as common as any in Chinese text.
		if i >= headScan && strings.IndexByte(c.lineFold(&ls[i]), '|') < 0 {
			continue
		}
		ok, a, b := infoRow(c.lineFold(&ls[i]))
		if !ok {
			continue
		}
		if b > a && !found {
			setText(&ls[i], strings.TrimSpace(string([]rune(ls[i].p.Text)[a:b])))
			ls[i].explicit, found = true, true
			continue
		}
		setText(&ls[i], "")
		ls[i].cut = true
	}
	return ls
}

// cutInline removes chrome embedded in content lines: site labels in
// 【】, links and host names, apostrophe watermarks, hyphens wedged into
// words, a news dateline before the first sentence, and clauses that carry
// two or more chrome words. Lines that open with a chrome label are left
// whole for dropChromeLines.
func cutInline(c *ctx, ls []line) []line {
	for i := range ls {
		if ls[i].cut {
			continue
		}
		s := ls[i].p.Text
		f := c.lineFold(&ls[i])
		if hasChromePrefix(f) {
			continue
		}
		folded := f
		s, f = cutSpam(s, f)
		var found []bool
		if f == folded && !ls[i].hasHits {
			// The line's chrome hits (asked for below and by
			// dropChromeLines) come from the same pass.
			ls[i].hits, found = chromeAndPaywall(f)
			ls[i].hasHits = true
		} else {
			found = paywallTriggers.found(f)
		}
		if found != nil {
			// found answers for f as it was; once a cut changed f, each
			// trigger is looked for again.
			f0 := f
			for k, p := range paywallCuts {
				if f == f0 && found[k] || f != f0 && strings.Contains(f, p.trigger) {
					s, f = cutMatches(paywallRes[k], s, f)
				}
			}
		}
		if i < 3 {
			s, f = cutSiteNames(s, f)
		}
		// A known site's name stands before the title on every page of a
		// document site's copy, not only the first.
		s, f = cutKnownSite(s, f)
		if strings.HasPrefix(f, "---") {
			// A rule of dashes glued before a headline ("---我院召开…").
			g := strings.TrimLeft(f, "-")
			s, f = cutRunes(s, f, 0, len(f)-len(g))
		}
		// Each anchored pattern below runs only where its literal is (a bar,
		// 第, 月): most lines have none.
		if strings.IndexByte(f, '|') >= 0 { // folded: ｜ is | here
			if loc := columnPrefix.FindStringIndex(f); loc != nil && loc[1] < len(f) {
				s, f = cutRunes(s, f, 0, utf8.RuneCountInString(f[:loc[1]]))
			}
		}
		if len(f) <= 180 && !clausePunct.in(f) && runesUpTo(f, 61) <= 60 {
			s, f = cutMatches(datePlace, s, f)
		}
		if hasPianWord(f, false) {
			s, f = cutCounters(s, f)
		}
		if strings.HasPrefix(f, "第") {
			if m := articleEntry.FindStringSubmatchIndex(f); m != nil && runesUpTo(f, 81) <= 80 && kindWord(f[m[2]:m[3]]) {
				a := utf8.RuneCountInString(f[:m[2]])
				b := a + utf8.RuneCountInString(f[m[2]:m[3]])
				rs := []rune(s)
				s, f = string(rs[a:b]), string([]rune(f)[a:b])
			}
		}
		// url needs "://" or "www.", domain a dot before its TLD; most lines
		// have neither, and the unanchored patterns are the costliest here.
		hadLink := mayHaveLink(f) && (url.MatchString(f) || domain.MatchString(f))
		hits := 0
		if f == c.lineFold(&ls[i]) {
			hits = c.lineHits(&ls[i]) // dropChromeLines asks again
		} else {
			hits = chromeHits(f)
		}
		if hits+b2i(hadLink) >= 2 {
			s = cutChromeClauses(c, s)
			f = c.fold(s)
		}
		if strings.Contains(f, "【") {
			s, f = cutMatches(bracketedSite, s, f)
		}
		if mayHaveLink(f) {
			for _, re := range []*pattern{url, domain} {
				s, f = cutMatches(re, s, f)
			}
		}
		if mayBeDateline(f) {
			if loc := dateline.FindStringIndex(f); loc != nil && loc[1] < len(f) {
				s, f = cutRunes(s, f, 0, utf8.RuneCountInString(f[:loc[1]]))
			}
		}
		if (strings.Contains(f, "(") || strings.Contains(f, "（")) && (strings.Contains(f, "记者") || strings.Contains(f, "通讯员")) {
			if loc := newsCredit.FindStringIndex(f); loc != nil && loc[1] < len(f) {
				s, f = cutRunes(s, f, 0, utf8.RuneCountInString(f[:loc[1]]))
			}
		}
		s = cutWatermark(s, f)
		s = cutWedgedHyphens(s)
		setText(&ls[i], strings.TrimSpace(s))
		ls[i].cut = ls[i].p.Text == ""
	}
	// Emptied lines stay until dropChromeLines, which needs to know where
	// the chrome was.
	return ls
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cutMatches removes every match of re (found in the folded text f) from s
// and returns both texts cut alike.
func cutMatches(re *pattern, s, f string) (string, string) {
	locs := re.FindAllStringIndex(f, -1)
	if len(locs) == 0 {
		return s, f
	}
	spans := make([][2]int, 0, len(locs))
	prevByte, prevRune := 0, 0
	for _, l := range locs {
		a := prevRune + utf8.RuneCountInString(f[prevByte:l[0]])
		b := a + utf8.RuneCountInString(f[l[0]:l[1]])
		spans = append(spans, [2]int{a, b})
		prevByte, prevRune = l[1], b
	}
	return cutSpans(s, f, spans)
}

// cutSpans removes the rune spans (in order, not overlapping) from both s
// and its folded twin f in one pass.
func cutSpans(s, f string, spans [][2]int) (string, string) {
	if len(spans) == 0 {
		return s, f
	}
	var bs, bf strings.Builder
	bs.Grow(len(s))
	bf.Grow(len(f))
	k, i := 0, 0
	fi := 0
	for _, r := range s {
		rf, w := utf8.DecodeRuneInString(f[fi:])
		fi += w
		for k < len(spans) && i >= spans[k][1] {
			k++
		}
		if k >= len(spans) || i < spans[k][0] {
			bs.WriteRune(r)
			bf.WriteRune(rf)
		}
		i++
	}
	return bs.String(), bf.String()
}

// cutCounters removes compilation counters glued after a title's kind
// word ("…活动方案(6篇)(篇一)为深入…"). The counter regexp is anchored and
// tried only where a bracket follows a kind word, so a long flattened
// page is not searched with the whole kind-word alternation.
func cutCounters(s, f string) (string, string) {
	var cuts [][2]int // rune spans, in order
	runeAt := 0
	for i, r := range f {
		if r == '(' || r == '（' || r == '【' || r == '范' || r == '集' || r == '合' || r == '大' {
			if kindEnds(f[max(0, i-24):i]) {
				end := min(len(f), i+120)
				for end < len(f) && !utf8.RuneStart(f[end]) {
					end++
				}
				if m := counterTail.FindStringIndex(f[i:end]); m != nil {
					cuts = append(cuts, [2]int{runeAt, runeAt + utf8.RuneCountInString(f[i:i+m[1]])})
				}
			}
		}
		runeAt++
	}
	var spans [][2]int
	for _, k := range cuts {
		if len(spans) == 0 || k[0] >= spans[len(spans)-1][1] {
			spans = append(spans, k)
		}
	}
	return cutSpans(s, f, spans)
}

// cutSiteNames removes the names of template sites that open one of a
// page's first lines before its title ("美章网 资料文库 …工作要点"). What
// is left must name a document kind: "织密公共卫生防护网 守护群众健康"
// is a title whose first phrase merely ends like a site name.
func cutSiteNames(s, f string) (string, string) {
	s0, f0 := s, f
	cut := false
	for {
		g := strings.TrimLeft(f, " ")
		lead := len(f) - len(g)
		w, rest, more := strings.Cut(g, " ")
		if !more || w == "" || !siteName(w) {
			break
		}
		if !kindWord(rest) {
			return s0, f0
		}
		n := utf8.RuneCountInString(f[:lead+len(w)])
		s, f = cutRunes(s, f, 0, n)
		cut = true
	}
	if !cut {
		return s0, f0
	}
	return strings.TrimLeft(s, " "), strings.TrimLeft(f, " ")
}

// siteName reports whether folded word w names a template site.
func siteName(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 12 || strings.ContainsFunc(w, unicode.IsDigit) {
		return false
	}
	for _, e := range siteNameEnds {
		if strings.HasSuffix(w, e) && n > utf8.RuneCountInString(e) {
			return true
		}
	}
	return false
}

// cutSpam removes gambling spam spliced into a line: a run of words
// joined by underscores that carries two or more spam words, up to the
// last of them ("“365bet365.com_日博…_…官网网址工作先进单位”" keeps
// "工作先进单位").
func cutSpam(s, f string) (string, string) {
	if !strings.Contains(f, "_") {
		return cutBetSpam(s, f)
	}
	rf := []rune(f)
	runChar := func(r rune) bool {
		return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	for i := len(rf); i > 0; {
		j := i
		for j > 0 && runChar(rf[j-1]) {
			j--
		}
		if j == i {
			i--
			continue
		}
		run := string(rf[j:i])
		if strings.Contains(run, "_") {
			hits, end := 0, -1
			for _, w := range spamWords {
				if k := strings.LastIndex(run, w); k >= 0 {
					hits++
					end = max(end, utf8.RuneCountInString(run[:k+len(w)]))
				}
			}
			if hits >= 2 {
				s, f = cutRunes(s, f, j, j+end)
				rf = []rune(f)
			}
		}
		i = j
	}
	return s, f
}

// cutBetSpam removes casino spam spliced in without underscores
// ("365bet体育在线投注"): from the Latin token holding "bet" to the last
// spam word close after it, when at least one more spam word is there.
func cutBetSpam(s, f string) (string, string) {
	k := strings.Index(f, "bet")
	if k < 0 {
		return s, f
	}
	start := k
	for start > 0 && (f[start-1] >= 'a' && f[start-1] <= 'z' || f[start-1] >= '0' && f[start-1] <= '9' || f[start-1] == '.') {
		start--
	}
	rs := []rune(f[start:])
	win := string(rs[:min(len(rs), 24)])
	hits, end := 0, 0
	for _, w := range spamWords {
		if i := strings.LastIndex(win, w); i >= 0 {
			hits++
			end = max(end, utf8.RuneCountInString(win[:i+len(w)]))
		}
	}
	if hits < 2 {
		return s, f
	}
	a := utf8.RuneCountInString(f[:start])
	return cutRunes(s, f, a, a+end)
}

// cutRunes removes runes [a, b) from both s and its folded twin f.
func cutRunes(s, f string, a, b int) (string, string) {
	rs, rf := []rune(s), []rune(f)
	if a < 0 || b > len(rs) || a >= b || len(rs) != len(rf) {
		return s, f
	}
	return string(rs[:a]) + string(rs[b:]), string(rf[:a]) + string(rf[b:])
}

// cutChromeClauses drops the clauses of s that carry a chrome word or a
// link. When what is left is less than half of the line's Han text, the
// line was chrome with a few neutral words in it and goes whole.
func cutChromeClauses(c *ctx, s string) string {
	var kept strings.Builder
	total, left := hanCount(s), 0
	start := 0
	rs := []rune(s)
	for i, r := range rs {
		if !titleBoundary.has(r) && r != '：' && r != ':' && i != len(rs)-1 {
			continue
		}
		cl := string(rs[start : i+1])
		start = i + 1
		f := c.fold(cl)
		if chromeHits(f) > 0 || url.MatchString(f) || domain.MatchString(f) {
			continue
		}
		kept.WriteString(cl)
		left += hanCount(cl)
	}
	if 2*left < total {
		return ""
	}
	return kept.String()
}

// cutWatermark removes an anti-copy watermark: apostrophes wedged between
// Han characters ("方’案，范’文’库欢,迎您1 采集"). A ’ between two Han
// characters with no opening ‘ before it is never punctuation; the span
// runs from the Han character before the first such ’ to a watermark tail
// word close after the last one, or to the Han character after it.
func cutWatermark(s, f string) string {
	if !strings.Contains(s, "’") {
		return s
	}
	rs := []rune(s)
	rf := []rune(f)
	first, last := -1, -1
	opened := false
	for i, r := range rs {
		switch r {
		case '‘':
			opened = true
		case '’':
			if opened {
				opened = false
				continue
			}
			if i > 0 && i+1 < len(rs) && isHan(rs[i-1]) && isHan(rs[i+1]) {
				if first < 0 {
					first = i - 1
				}
				last = i + 1
			}
		}
	}
	if first < 0 {
		return s
	}
	end := last + 1
	// Extend over a following clause separator and the tail word.
	window := string(rf[end:min(len(rf), end+20)])
	for _, t := range watermarkTails {
		if k := strings.Index(window, t); k >= 0 {
			end += utf8.RuneCountInString(window[:k]) + utf8.RuneCountInString(t)
			break
		}
	}
	if end < len(rs) && (rs[end] == '，' || rs[end] == ',') {
		end++
	}
	return string(rs[:first]) + string(rs[end:])
}

// cutWedgedHyphens removes ASCII hyphens that sites wedge into sensitive
// words ("民-主黨派", "統-戰"): Chinese prose never joins two Han
// characters with "-". Inside 《book titles》 and “quotes” it does
// (《…素养-基本知识》, “诊疗-随访”), so hyphens there stay.
func cutWedgedHyphens(s string) string {
	if !hanHyphen(s) {
		return s
	}
	rs := []rune(s)
	out := rs[:0:0]
	quoted := 0
	for i, r := range rs {
		switch r {
		case '《', '“':
			quoted++
		case '》', '”':
			quoted = max(quoted-1, 0)
		}
		if r == '-' && quoted == 0 && i > 0 && i+1 < len(rs) && isHan(rs[i-1]) && isHan(rs[i+1]) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// hanHyphen reports whether some "-" in s stands between two Han
// characters, the only ones cutWedgedHyphens may remove.
func hanHyphen(s string) bool {
	for i := strings.IndexByte(s, '-'); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+1:])
		if isHan(before) && isHan(after) {
			return true
		}
		k := strings.IndexByte(s[i+1:], '-')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

// dropLicenceFooter removes a licence footer block at the end of the file
// (Wikisource appends a multi-line one to every text): a line in the last
// third that opens like "本作品…", followed by licence words.
func dropLicenceFooter(c *ctx, ls []line) []line {
	from := len(ls) * 2 / 3
	for i := from; i < len(ls); i++ {
		f := c.lineFold(&ls[i])
		if !licenceStart.MatchString(f) {
			continue
		}
		var block strings.Builder
		for _, l := range ls[i:] {
			block.WriteString(c.fold(l.p.Text))
		}
		b := block.String()
		hits := 0
		for _, w := range licenceWords {
			if strings.Contains(b, w) {
				hits++
			}
		}
		if hits >= 2 {
			return ls[:i]
		}
	}
	return ls
}

// chromeLine reports whether a whole line (folded) is site chrome.
func chromeLine(f string) bool {
	return chromeLineHits(f, func() int { return chromeHits(f) })
}

// chromeLineHits is chromeLine with the line's chromeHits given by hits.
func chromeLineHits(f string, hits func() int) bool {
	n := runesUpTo(f, 121) // every test below bounds n by 120 or less, but one
	switch {
	case hasChromePrefix(f):
		return true
	case n <= 40 && fileInfo.MatchString(f):
		return true
	case pageNumberLine.MatchString(f):
		return true
	case n <= 60 && collectionTitle.MatchString(f):
		return true
	case n <= 30 && dateline.MatchString(f) && dateline.ReplaceAllString(f, "") == "":
		return true
	case n <= 120 && containsAnyRune(f, "摄图") && photoCaption.MatchString(f):
		return true
	case n <= 40 && (strings.Contains(f, "记者") || strings.Contains(f, "通讯员") || containsAnyRune(f, "/／|｜")) && reporterLine.MatchString(f):
		return true
	case breadcrumb(f):
		return true
	case hits() >= 2 && runesUpTo(f, 301) <= 300:
		// A longer line had its chrome clauses cut by cutInline.
		return true
	case !strings.ContainsFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		return true
	case chromeLinePrefixIndex.hasPrefix(stripBullets(f)), siteLabelAlone.MatchString(f), indexNumber.MatchString(f):
		return true
	case navBar(f), buttonBar(f):
		return true
	case n <= 16 && (siteLines[strings.TrimSpace(stripBullets(f))] || slices.Contains(knownSites, strings.TrimSpace(stripBullets(f)))):
		return true
	case n <= 40 && (strings.HasSuffix(f, "↓") || strings.HasPrefix(f, "id")) && siteLineShape.MatchString(f):
		return true
	case n <= 80 && (strings.Contains(f, "icp") || strings.Contains(f, "公网安备")) && siteRegistration.MatchString(f),
		n <= 40 && strings.Contains(f, "欢迎") && siteWelcome.MatchString(f),
		n <= 66 && strings.IndexByte(f, '.') >= 0 && imageName.MatchString(f):
		return true
	case n <= 20 && containsAnyRune(lastRuneOf(f), "稿审核对编影摄") && roleCredit.MatchString(f), n <= 120 && containsAnyRune(f, "|｜") && tagBar.MatchString(f):
		return true
	case n <= mediaHintMax && anyof.Prefix(f, mediaHints) && !containsAnyRune(f, "。，,；;"), n <= 30 && greetingLine(f):
		return true
	}
	return false
}

// greetingLine reports a holiday banner ("春 节 快 乐").
func greetingLine(f string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(f, " !！"))
	if !strings.ContainsRune(greetingLastRunes, r) {
		return false // cheap test first: most lines end otherwise
	}
	return festiveGreeting.MatchString(strings.ReplaceAll(f, " ", ""))
}

// mottoLine reports a site's motto: three or more four-character
// phrases and nothing else ("荟聚奇文、博采众长、见贤思齐").
func mottoLine(f string) bool {
	if len(f) > 120 {
		return false
	}
	ps := strings.FieldsFunc(f, func(r rune) bool { return strings.ContainsRune(mottoSeps, r) })
	if len(ps) < mottoMin {
		return false
	}
	for _, p := range ps {
		if utf8.RuneCountInString(p) != 4 || hanCount(p) != 4 || kindWord(p) {
			return false
		}
	}
	return true
}

// buttonBar reports whether f holds only a site's top-bar links
// (siteButtons) between bullets, bars and spaces.
func buttonBar(f string) bool { return onlyWords(f, siteButtons) }

// onlyWords reports whether f holds only words of the list between
// bullets, bars, commas and spaces.
func onlyWords(f string, words []string) bool {
	if len(f) > 120 {
		return false
	}
	n := 0
	for rest := f; ; n++ {
		i := strings.IndexFunc(rest, func(r rune) bool { return !isWordSep(r) })
		if i < 0 {
			break
		}
		rest = rest[i:]
		j := strings.IndexFunc(rest, isWordSep)
		if j < 0 {
			j = len(rest)
		}
		if !containsExact(words, rest[:j]) {
			return false
		}
		rest = rest[j:]
	}
	return n > 0
}

// isWordSep separates the words of a button or link bar.
func isWordSep(r rune) bool {
	return r == ' ' || r == '|' || r == '｜' || r == '/' || r == ',' || r == '，' || strings.ContainsRune(bullets, r)
}

// navBar reports whether f is a site's navigation bar: four or more short
// Han words, one of them the home link or three sharing their last
// character ("工作范例 办公范例 个人范例").
func navBar(f string) bool {
	if len(f) > 200 || !strings.Contains(f, " ") {
		return false
	}
	ws := strings.Fields(f)
	if len(ws) < 4 {
		return false
	}
	ends := map[rune]int{}
	home := false
	for _, w := range ws {
		n := utf8.RuneCountInString(w)
		if n < 2 || n > 6 || hanCount(w) != n {
			return false
		}
		home = home || containsExact(navHome, w)
		r, _ := utf8.DecodeLastRuneInString(w)
		ends[r]++
	}
	if home {
		return true
	}
	// A template site's category bar: five or more items, most of them
	// document kinds (工作总结 工作计划 党课下载 策划方案 自查报告 对照材料).
	if len(ws) >= 5 {
		kinds := 0
		for _, w := range ws {
			if docTypeSuffix(w) != "" || strings.HasSuffix(w, "下载") || strings.HasSuffix(w, "材料") || strings.HasSuffix(w, "范文") {
				kinds++
			}
		}
		if 2*kinds > len(ws) {
			return true
		}
	}
	for _, k := range ends {
		if k >= 3 {
			return true
		}
	}
	return false
}

// glossedChrome reports whether a line read without its pinyin glosses
// (folded g) is a chrome or meta line.
func glossedChrome(g string) bool { return metaLine(g) || chromeLine(g) }

// writtenDate is a date as documents write it (2025年1月8日, 二〇二五年一月八日).
var writtenDate = mustPattern(`[\d〇○零一二三四五六七八九]{4}\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日`)

// recurringChrome reports a line the corpus has seen in many files that
// is no title, heading or sentence: a site's label, footer or button.
func recurringChrome(c *ctx, f, text string) bool {
	if clausePunct.in(f) || runesUpTo(f, 41) > 40 || bodyLine(f) || isHeading(f) ||
		titleCandidate(f) && kindWord(f) || anyof.Suffix(strings.TrimSpace(f), issuerEnds) || writtenDate.MatchString(f) {
		return false // a signature's issuer or date is the document's, however often it recurs
	}
	return c.recurring(LineKey(text))
}

// titleBesideChrome returns the rune span of a title that shares a line
// with a meta or chrome label ("发布时间:2024-05-06 某某中心2024年工作
// 总结", "某某医院工作要点 来源:本站"), or a zero span. Navigation trails
// are left alone: their last crumb is a category, seldom the title.
func titleBesideChrome(f string) [2]int {
	if runesUpTo(f, 121) > 120 || containsAnyRune(f, ">»›") {
		return [2]int{}
	}
	isTitle := func(seg string) bool {
		return utf8.RuneCountInString(seg) >= 6 && titleCandidate(seg) && kindWord(seg)
	}
	isChrome := func(rest string) bool {
		rest = strings.TrimSpace(rest)
		return rest != "" && (metaLine(rest) || chromeLine(rest))
	}
	if k := strings.LastIndexByte(f, ' '); k > 0 {
		if seg := f[k+1:]; isTitle(seg) && isChrome(f[:k]) {
			a := utf8.RuneCountInString(f[:k+1])
			if la, lb := linkTitle(seg); lb > la {
				// "移动端:" before the title is the link cell's label.
				a += utf8.RuneCountInString(seg[:la])
				seg = seg[la:lb]
			}
			return [2]int{a, a + utf8.RuneCountInString(seg)}
		}
	}
	if k := strings.IndexByte(f, ' '); k > 0 {
		if seg := f[:k]; isTitle(seg) && isChrome(f[k+1:]) {
			if la, lb := linkTitle(seg); lb > la {
				a := utf8.RuneCountInString(seg[:la])
				return [2]int{a, a + utf8.RuneCountInString(seg[la:lb])}
			}
			return [2]int{0, utf8.RuneCountInString(seg)}
		}
	}
	return [2]int{}
}

// footerLine reports a line of a site footer: a footer or credit label
// with its value ("地址:…", "急救电话:…", "审核:某某"), no sentence (a
// semicolon may part two addresses).
func footerLine(f string) bool {
	f = stripBullets(f)
	if containsAnyRune(f, "。!?！？") || runesUpTo(f, 121) > 120 {
		return false
	}
	k := strings.IndexAny(f, ":：")
	if k <= 0 || k > 30 {
		return false
	}
	label := strings.ReplaceAll(f[:k], " ", "")
	return containsExact(footerLabels, label) || containsExact(creditLabels, label) ||
		hanCount(label) == utf8.RuneCountInString(label) && utf8.RuneCountInString(label) <= 8 && anyof.Suffix(label, footerLabelEnds)
}

// isReadMore reports a "查看全文" link line.
func isReadMore(f string) bool {
	t := strings.Trim(f, " >»›【】[]()（）.。…")
	return runesUpTo(t, 9) <= 8 && containsExact(readMore, t)
}

// relatedHead reports the header of a related-articles list.
func relatedHead(f string) bool {
	t := strings.TrimRight(f, " ")
	if !strings.HasSuffix(t, ":") && !strings.HasSuffix(t, "：") && runesUpTo(t, 13) > 12 {
		return false // cheap test first: a header is short or ends in a colon
	}
	return anyof.Contains(f, relatedHeads) && !isHeading(f)
}

// breadcrumb reports whether f is a navigation trail ("当前位置:万佳范文网 >",
// "工作计划 >医院工作计划 >"): short segments between ">" separators.
func breadcrumb(f string) bool {
	seps := strings.Count(f, ">") + strings.Count(f, "»") + strings.Count(f, "›")
	isSep := func(r rune) bool { return r == '>' || r == '»' || r == '›' }
	if seps == 0 && strings.Contains(f, "/") && anyof.Prefix(f, navHome) {
		// "首页 / 新闻中心 / 医院新闻": a slash parts the crumbs after the home link.
		seps = strings.Count(f, "/")
		isSep = func(r rune) bool { return r == '/' }
	}
	if seps == 0 {
		return false
	}
	segs := strings.FieldsFunc(f, isSep)
	for _, s := range segs {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) > 16 || containsAnyRune(s, "。,;!?；，！？") {
			return false
		}
	}
	t := strings.TrimRight(f, " ")
	return strings.HasSuffix(t, ">") || strings.HasSuffix(t, "»") || seps >= 2 ||
		strings.HasPrefix(f, "首页") || strings.HasPrefix(f, "当前位置")
}

// dropChromeLines removes whole chrome lines, the 【大 中 小】 font-size
// picker that scrapers split over lines, and the short navigation crumbs
// ("专题") left below the last chrome line at the end of the page.
func dropChromeLines(c *ctx, ls []line) []line {
	drop := make([]bool, len(ls))
	last, lastKept := -1, -1
	seenBody, related, brk := false, false, false
	for i := range ls {
		l := &ls[i]
		f := c.lineFold(l)
		if related && (!bodyLine(f) || relatedItem.MatchString(f)) {
			drop[i], last = true, i
			continue
		}
		related = false
		switch {
		case !l.cut && i >= len(ls)/2 && relatedHead(f):
			// A related-articles list: the header and the titles below.
			drop[i], related = true, true
		case !l.cut && !seenBody && len(f) <= 240 && collectionTitle.MatchString(f):
			// The page title of a collection, above any body: its
			// counter goes, the title may be the document's own.
			setText(l, trimTitle(c, l.p.Text))
		case !l.cut && !seenBody && titleBesideChrome(f) != [2]int{}:
			// A title glued to a meta or chrome line on one line: the
			// title stays, as the page's headline.
			span := titleBesideChrome(f)
			setText(l, strings.TrimSpace(string([]rune(l.p.Text)[span[0]:span[1]])))
			l.headline = true
		case !l.cut && metaLine(f):
			if a, b := linkTitle(f); b > a && (lastKept < 0 || !similarTitles(c.lineFold(&ls[lastKept]), f[a:b])) {
				// The page prints its title only in the meta row's link
				// cell (移动端:某某工作计划): that title stays.
				rs := []rune(l.p.Text)
				ra := utf8.RuneCountInString(f[:a])
				setText(l, strings.TrimSpace(string(rs[ra:ra+utf8.RuneCountInString(f[a:b])])))
				l.headline = true
				break
			}
			// The line above an article's meta line is its headline.
			drop[i] = true
			if lastKept >= 0 {
				ls[lastKept].headline = true
			}
		case l.cut || chromeLineHits(f, func() int { return c.lineHits(l) }):
			drop[i] = true
		case fold.MayHaveGlosses(f) && glossedChrome(fold.StripGlosses(f)):
			// 字號(hào): a label a pinyin gloss hides from the tables.
			drop[i] = true
		case c.recurring != nil && recurringChrome(c, f, l.p.Text):
			drop[i] = true
		case i >= len(ls)/2 && len(f) <= 60 && onlyWords(f, mediaButtons):
			// 赞 / 在看 / 分享: a social post's buttons below the text.
			drop[i] = true
		case isReadMore(f):
			// Not counted as the page's last chrome: the next excerpt's
			// short title line is no crumb.
			drop[i], brk = true, true
			continue
		case !seenBody && i < headScan && runesUpTo(f, 301) <= 300 && excerptLabels.MatchString(f):
			drop[i] = true
		case bareNumber.MatchString(f) && (!seenBody || i > 0 && bareNumber.MatchString(c.lineFold(&ls[i-1])) ||
			i+1 < len(ls) && bareNumber.MatchString(c.lineFold(&ls[i+1]))):
			drop[i] = true
		}
		if drop[i] {
			last = i
			continue
		}
		l.brk, brk = brk, false
		lastKept = i
		seenBody = seenBody || bodyLine(f)
	}
	// A site footer: label lines at the very end, among the chrome.
	for i := len(ls) - 1; i >= 0; i-- {
		if drop[i] {
			continue
		}
		if !footerLine(c.lineFold(&ls[i])) {
			break
		}
		drop[i] = true
	}
	// Font-size picker: consecutive lines each one of 大/中/小.
	for i := 0; i < len(ls); {
		j := i
		seen := map[string]bool{}
		for j < len(ls) {
			t := strings.Trim(ls[j].p.Text, "【】[] ")
			if t != "大" && t != "中" && t != "小" {
				break
			}
			seen[t] = true
			j++
		}
		if len(seen) >= 2 {
			for k := i; k < j; k++ {
				drop[k] = true
			}
		}
		i = max(j, i+1)
	}
	if last >= 0 && len(ls) >= 4 && last >= len(ls)*3/4 {
		for i := last + 1; i < len(ls); i++ {
			t := ls[i].p.Text
			if utf8.RuneCountInString(t) <= 10 && !ls[i].brk && !strings.ContainsFunc(t, func(r rune) bool { return sentenceEnd.has(r) || unicode.IsDigit(r) }) {
				drop[i] = true
			}
		}
	}
	out := ls[:0]
	for i, l := range ls {
		if !drop[i] {
			out = append(out, l)
		}
	}
	return out
}

// dropRepeated removes short non-heading lines that occur three or more
// times: a page template repeating the collection title between
// paragraphs. Sentences and headings are never dropped, so near-identical
// documents in one file keep their text.
func dropRepeated(c *ctx, ls []line) []line {
	count := map[string]int{}
	key := make([]string, len(ls))
	for i := range ls {
		l := &ls[i]
		f := c.lineFold(l)
		if clausePunct.in(f) || runesUpTo(f, 51) > 50 ||
			isHeading(f) || isPianMarker(f) || l.brk || l.explicit ||
			i > 0 && loneCounter.MatchString(c.lineFold(&ls[i-1])) {
			// A title under a piece counter is that piece's own.
			continue
		}
		key[i] = f
		count[f]++
	}
	// The first copy of a repeated title at the head of the page stays:
	// it may be the document's only title line.
	seen := map[string]bool{}
	out := ls[:0]
	for i, l := range ls {
		k := key[i]
		if k != "" && count[k] >= 3 {
			if i >= headScan || seen[k] || !titleCandidate(k) {
				continue
			}
			seen[k] = true
		}
		out = append(out, l)
	}
	return out
}

func isPianMarker(f string) bool {
	for _, re := range pianMarkers {
		if re.MatchString(f) {
			return true
		}
	}
	return false
}

// lastRuneOf returns the last rune of s as a string, for cheap guards
// before a regexp anchored at the end.
func lastRuneOf(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// cutKnownSite removes a known site's name glued before a title
// ("腾讯文库2024年医院…工作计划范文") when what follows names a document kind.
func cutKnownSite(s, f string) (string, string) {
	for _, w := range knownSites {
		if rest, ok := strings.CutPrefix(f, w); ok && rest != "" && kindWord(rest) {
			return cutRunes(s, f, 0, utf8.RuneCountInString(w))
		}
	}
	return s, f
}
