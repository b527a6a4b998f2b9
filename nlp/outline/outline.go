// Package outline recovers the heading tree of a Chinese institutional
// document from its numbering (一、 → （一） → 1. → （1） → ①, GB/T 9704-2012
// §7.3.3, plus 第X部分/章/条), checking counter continuity so that body text
// starting with a number does not become a heading.
package outline

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/runecount"
)

// node is a section under construction; children are built as pointers and
// turned into doc.Section values at the end.
type node struct {
	sec    doc.Section
	typ    markerType
	n      int
	parent int // the leading number of a decimal heading ("1" of 1.2)
	// colon: a short title ended by a colon with its body after it
	// (2.健康宣传：全年发放…), the shape of a heading, not of body text.
	colon    bool
	children []*node
}

// frame is one open level of the numbering stack.
type frame struct {
	typ    markerType
	n      int
	parent int
	node   *node
}

// placeMode says where in a line a heading number was found: the checks on
// its counter grow stricter the less a position looks like a heading's.
type placeMode int

const (
	// atLineStart: the number opens a line (or a DOCX paragraph).
	atLineStart placeMode = iota
	// inLine: the number follows a sentence end, a colon, a space or a
	// markdown mark inside a line (a page that lost its line breaks).
	inLine
	// afterComma: the number follows 、 (a list of names whose line break
	// was lost): only the exact next number of an open strong style counts.
	afterComma
	// afterTitle: 一、 glued to a document title that opens the line
	// (…实施方案一、指导思想…): a first heading only.
	afterTitle
)

// parser walks the text line by line, keeping the numbering stack.
type parser struct {
	orig []rune
	// folded holds the folded runes of the current line from line0 when
	// foldedOK; lines are folded lazily, only when a heading may start there.
	folded   []rune
	foldedOK bool
	line0    int
	lineEnd  int
	roots    []*node
	stack    []frame
	last     map[markerType]int // last number seen per style
	// shadow counts, per style, an enumeration inside the current line that
	// restarted at 1 under an open heading of the same style (…问题有：一、
	// 学习不够。二、制度不全。): its later numbers are body text too.
	shadow map[markerType]int
}

// Extract returns the outline tree of text. hints are the container's
// structure hints (DOCX heading styles and list numbering); they may be nil.
func Extract(text string, hints []doc.Hint) []doc.Section {
	// Only lines that may hold a heading are folded, rune by rune (same
	// count, so offsets hold): folding the whole text costs more than the
	// parse itself, and costs no less when handed in folded (the rune
	// conversion of the whole text is as dear as folding these lines).
	buf := runesPool.Get().(*[]rune)
	defer runesPool.Put(buf)
	*buf = runesInto(*buf, text)
	p := &parser{orig: *buf, folded: make([]rune, 0, 256), last: map[markerType]int{}, shadow: map[markerType]int{}}
	hintAt := map[int]doc.Hint{}
	for _, h := range hints {
		hintAt[h.Start] = h
	}
	orig := p.orig
	for ls := 0; ls < len(orig); {
		le := ls
		for le < len(orig) && orig[le] != '\n' {
			le++
		}
		start := ls
		for start < le && isBlank(orig[start]) {
			start++
		}
		h, hinted := hintAt[ls]
		if !hinted {
			h, hinted = hintAt[start]
		}
		if start < le {
			p.line0, p.lineEnd, p.foldedOK = start, le, false
			clear(p.shadow)
			scan := start
			at := skipDecoration(orig, start, le)
			if at < le && (hinted || mayOpenHeading(orig[at]) || labelRunes[fold.Rune(orig[at])]) {
				if end, ok := p.chain(at, h, hinted, atLineStart); ok {
					scan = end
				}
			}
			p.inline(scan, le)
		}
		ls = le + 1
	}
	p.closeFrom(0, len(orig))
	return build(p.roots)
}

// runesPool holds the rune buffers of Extract, which keeps nothing of
// them: a batch converts every document's text, and reusing the buffers
// spares the fresh memory (and its page faults) of one copy per document.
var runesPool = sync.Pool{New: func() any { return new([]rune) }}

// runesInto is []rune(s) in dst's space when it fits, with the three-byte
// runes of Chinese text decoded inline: the conversion of the whole text
// is a good part of Extract.
func runesInto(dst []rune, s string) []rune {
	out := dst[:0]
	if n := runecount.Of(s); cap(out) >= n {
		out = out[:n]
	} else {
		out = make([]rune, n)
	}
	n := 0
	for i := 0; i < len(s) && n < len(out); n++ {
		c := s[i]
		if c < utf8.RuneSelf {
			out[n] = rune(c)
			i++
			continue
		}
		// Lead bytes E1-EC, EE, EF take any two continuation bytes (no
		// overlong or surrogate forms), as utf8 decodes them.
		if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) {
			if c1, c2 := s[i+1], s[i+2]; c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
				out[n] = rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
				i += 3
				continue
			}
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		out[n] = r
		i += w
	}
	return out
}

// fold folds the current line once.
func (p *parser) fold() {
	if p.foldedOK {
		return
	}
	p.folded = p.folded[:0]
	for _, r := range p.orig[p.line0:p.lineEnd] {
		p.folded = append(p.folded, fold.Rune(r))
	}
	p.foldedOK = true
}

func (p *parser) closeFrom(depth, at int) {
	for i := len(p.stack) - 1; i >= depth; i-- {
		p.stack[i].node.sec.End = at
	}
	p.stack = p.stack[:depth]
}

// chain reads a heading at rune offset at and the first items of sub-lists
// glued after its title ("四、组织实施1.成立…"). It returns the end of the
// last title read, and false when no heading starts at at.
func (p *parser) chain(at int, h doc.Hint, hinted bool, mode placeMode) (end int, ok bool) {
	for at < p.lineEnd {
		p.fold()
		nd, titleEnd, next, found := heading(p.folded[at-p.line0:], p.orig[at:p.lineEnd], at, h, hinted)
		if !found {
			break
		}
		depth, placed := place(p.stack, p.last, nd, hinted && (h.Number != "" || h.Level > 0), mode)
		if !placed {
			break
		}
		p.closeFrom(depth, at)
		nd.sec.Level = depth + 1
		if depth == 0 {
			p.adoptOrphans(nd)
			p.roots = append(p.roots, nd)
		} else {
			par := p.stack[depth-1].node
			par.children = append(par.children, nd)
		}
		p.stack = append(p.stack, frame{typ: nd.typ, n: nd.n, parent: nd.parent, node: nd})
		p.last[nd.typ] = nd.n
		end, ok = at+titleEnd, true
		if next == 0 {
			break
		}
		at += next
		hinted = false
		mode = atLineStart // a glued first item: the usual new-level rule
	}
	return end, ok
}

// inline finds headings inside the line from rune offset from to le: a
// number after a sentence end, colon, space or markdown mark whose counter
// continues the open numbering (…进行。一、明确任务…二、…).
func (p *parser) inline(from, le int) {
	orig := p.orig
	var win [markerWindow]rune
	for i := max(from, p.line0+1); i < le; i++ {
		var mode placeMode
		// Cheap filter first: most runes follow a Han character.
		if r := orig[i-1]; r >= 0x3400 && r < 0xF900 || r == ')' || r == '）' {
			// A title glued to 一、 opens the line: only near its start; a
			// short label after a sentence end may stand before 一、 too.
			if !isCNDigit(orig[i]) {
				continue
			}
			if !(i-p.line0 <= maxDocTitle && docTitleBefore(orig, p.line0, i)) && !labelBeforeFirst(orig, p.line0, i) {
				continue
			}
			mode = afterTitle
		} else {
			if !isBoundary(r) {
				continue
			}
			var ok bool
			mode, ok = boundaryBefore(orig, p.line0, i)
			if !ok || !mayOpenHeading(orig[i]) && !labelRunes[fold.Rune(orig[i])] {
				continue
			}
		}
		// Parse the number on a small folded window before folding the line.
		n := 0
		for k := i; k < le && n < len(win); k++ {
			win[n] = fold.Rune(orig[k])
			n++
		}
		m, ok := parseMarker(win[:n])
		if !ok {
			continue
		}
		if k := p.shadow[m.typ]; k > 0 && m.n == k+1 {
			p.shadow[m.typ] = m.n
			continue
		}
		if m.n == 1 && mode != afterTitle && m.typ != typeDecimal && p.open(m.typ) {
			p.shadow[m.typ] = 1 // a list inside the body, not a new outline
			continue
		}
		// A second item may open a level when its title has a heading's
		// shape (2.健康宣传：…), which only the whole line shows: chain
		// checks that.
		if _, ok := place(p.stack, p.last, &node{typ: m.typ, n: m.n, parent: m.parent}, false, mode); !ok &&
			(m.n != 2 || !colonAhead(orig, i+m.width, le)) {
			continue
		}
		if end, ok := p.chain(i, doc.Hint{}, false, mode); ok && end > i {
			i = end - 1
		}
	}
}

// adoptOrphans handles a top-level heading that arrives after the text
// opened in a deeper style, when its number shows that earlier top-level
// headings were lost (六、 after （二）…: an excerpt that began inside 五、).
// The deeper sections before it sat under a lost parent: their depth in the
// document's tree is one more than the page shows.
func (p *parser) adoptOrphans(nd *node) {
	r := nd.typ.rank()
	if nd.n <= 1 || r == 0 || p.last[nd.typ] > 0 {
		return
	}
	for k := len(p.roots) - 1; k >= 0; k-- {
		if rk := p.roots[k].typ.rank(); rk == 0 || rk <= r {
			break
		}
		deepen(p.roots[k])
	}
}

// deepen moves a section and its subtree one level down.
func deepen(nd *node) {
	nd.sec.Level++
	for _, c := range nd.children {
		deepen(c)
	}
}

// open reports whether a style is on the numbering stack.
func (p *parser) open(t markerType) bool {
	for _, fr := range p.stack {
		if fr.typ == t {
			return true
		}
	}
	return false
}

// boundaryBefore reports whether the rune offset i, inside a line opening
// at line0, follows a place where a heading may start, and how strictly its
// counter must then be checked. Blanks and markdown marks (**一、…**) are
// looked through.
func boundaryBefore(orig []rune, line0, i int) (placeMode, bool) {
	k := i - 1
	spaced := false
	for k >= line0 && (isBlank(orig[k]) || orig[k] == '*' || orig[k] == '#') {
		spaced = true
		k--
	}
	if k < line0 {
		return inLine, spaced
	}
	r := fold.Width(orig[k])
	switch {
	case sentenceEnds[r] || colons[r] || r == '】':
		return inLine, true
	case closers[r]:
		// 。” or ”： before the number; a closing quote alone ends a phrase.
		if k > line0 && (sentenceEnds[orig[k-1]] || colons[orig[k-1]]) {
			return inLine, true
		}
		return inLine, spaced
	case r == '、':
		if k > line0 && numeralBefore(orig[k-1]) {
			return inLine, false // 一、二、三 is a list of numerals
		}
		return afterComma, true
	}
	return inLine, spaced
}

// docTitleBefore reports whether the line up to i is a document title:
// short, without a sentence end, and ending in a word that ends titles
// (…工作方案, …工作计划, …工作总结).
func docTitleBefore(orig []rune, line0, i int) bool {
	if i-line0 > maxDocTitle || i-line0 < minDocTitle {
		return false
	}
	// A bracketed note after the title: 政府工作报告（摘录）, …方案(试行).
	if r := orig[i-1]; r == ')' || r == '）' {
		k := i - 2
		for k > line0 && orig[k] != '(' && orig[k] != '（' && i-k <= maxTitleNote {
			k--
		}
		if k <= line0 || (orig[k] != '(' && orig[k] != '（') {
			return false
		}
		i = k
	}
	for _, r := range orig[line0:i] {
		if sentenceEnds[r] || colons[r] || r == '，' || r == ',' {
			return false
		}
	}
	title := orig[line0:i]
	for cut := true; cut; {
		cut = false
		for _, w := range titleDecorations {
			if n := len([]rune(w)); len(title) > n && hasRuneSuffix(title, w) {
				title, cut = title[:len(title)-n], true
			}
		}
	}
	for _, w := range docTitleEnds {
		if hasRuneSuffix(title, w) {
			return true
		}
	}
	return false
}

// endsHeadingWord reports whether s ends with a word that ends headings or
// document titles (…工作回顾, …基本情况, …实施方案).
func endsHeadingWord(s []rune) bool {
	for _, list := range [][]string{headingEnds, docTitleEnds} {
		for _, w := range list {
			if hasRuneSuffix(s, w) {
				return true
			}
		}
	}
	return false
}

// hasRuneSuffix reports whether s ends with w.
func hasRuneSuffix(s []rune, w string) bool {
	k := len(s)
	wr := []rune(w)
	if k < len(wr) {
		return false
	}
	return hasRunePrefix(s[k-len(wr):], wr)
}

// numeralBefore reports a digit or Chinese numeral.
func numeralBefore(r rune) bool {
	r = fold.Width(r)
	if r >= '0' && r <= '9' {
		return true
	}
	_, ok := cnDigits[r]
	return ok || r == '十'
}

// skipDecoration passes markdown emphasis and heading marks that open a
// line ("**一、指导思想**", "## 二、主要任务").
func skipDecoration(orig []rune, start, le int) int {
	i := start
	for i < le && (orig[i] == '*' || orig[i] == '#') {
		i++
	}
	if i == start {
		return start
	}
	for i < le && isBlank(orig[i]) {
		i++
	}
	return i
}

// heading parses one line (folded and original runes, offset of the first
// non-blank rune) into a section node, or reports that it is no heading.
// titleEnd is where its title ends within the line; next is the offset
// within the line of a glued next-level marker, or 0.
func heading(f, o []rune, at int, h doc.Hint, hinted bool) (nd *node, titleEnd, next int, ok bool) {
	m, ok := parseMarker(f)
	if !ok {
		if !hinted || h.Level <= 0 {
			return nil, 0, 0, false
		}
		// A styled heading without a number: its style level is its type.
		m = marker{typ: markerType("h" + string(rune('0'+min(h.Level, 9)))), n: 0}
	}
	rest := f[m.width:]
	if !hinted && badTitle(rest) {
		return nil, 0, 0, false
	}
	tl, glued := cutTitle(rest)
	title := strings.TrimSpace(string(o[m.width : m.width+tl]))
	if strings.HasPrefix(title, "**") && hasRunePrefix(rest[tl:], []rune("**")) {
		// 1. **加强团支部建设**: markdown bold around the title.
		title = strings.TrimSpace(strings.TrimLeft(title, "*"))
	}
	if title == "" {
		return nil, 0, 0, false
	}
	if glued {
		next = m.width + tl
	}
	nd = &node{typ: m.typ, n: m.n, parent: m.parent, colon: colonTitle(rest, tl)}
	nd.sec = doc.Section{
		Number: m.number,
		Marker: strings.TrimSpace(string(o[:m.width])),
		Title:  title,
		Start:  at,
	}
	return nd, m.width + tl, next, true
}

// colonAhead is a cheap filter before a colon title is parsed: a colon
// within a heading's reach of from, before any sentence end.
func colonAhead(orig []rune, from, le int) bool {
	for k := from; k < le && k-from <= maxColonTitle; k++ {
		r := fold.Width(orig[k])
		if colons[r] {
			return true
		}
		if sentenceEnds[r] {
			return false
		}
	}
	return false
}

// colonTitle reports a title of rest, tl runes long, that a colon ends with
// body text after it, short enough for a heading (妇幼保健宣传：全年…).
func colonTitle(rest []rune, tl int) bool {
	if tl < minColonTitle || tl > maxColonTitle || tl+1 >= len(rest) || !colons[rest[tl]] || isBlank(rest[tl+1]) {
		return false
	}
	for _, r := range rest[:tl] {
		if unicode.IsDigit(r) || r == '，' || r == ',' {
			return false
		}
	}
	return true
}

// badTitle reports a "title" that shows the number was no heading: a list
// of numerals or months (一、二级医院, 2、3月份) or page and file debris
// (1、…撰写人).
func badTitle(rest []rune) bool {
	if len(rest) >= 2 && numeralBefore(rest[0]) && numeralFollowers[rest[1]] {
		return true
	}
	for k, r := range rest[:min(len(rest), maxTitle)] {
		for _, w := range debrisByRune[r] {
			if hasRunePrefix(rest[k:], w) {
				return true
			}
		}
	}
	return false
}

// place decides where a heading goes on the numbering stack and returns the
// depth it takes (0 = top). trusted headings (styled or auto-numbered by the
// container) skip the counter check. last holds the last number each style
// reached; mode says how strictly the counter is checked.
func place(stack []frame, last map[markerType]int, nd *node, trusted bool, mode placeMode) (int, bool) {
	if nd.n == 0 { // styled heading without number: place by its style type
		for d, fr := range stack {
			if fr.typ == nd.typ {
				return d, true
			}
		}
		return len(stack), true
	}
	if nd.typ == typeDecimal {
		return placeDecimal(stack, nd)
	}
	if mode == afterTitle {
		// The first heading of a document whose title opens the line: a
		// new outline (an excerpt may open at 二、), or a new part after an
		// earlier one.
		if !nd.typ.strong() || (len(stack) > 0 && nd.n != 1) {
			return 0, false
		}
		return 0, true
	}
	for d, fr := range stack {
		if fr.typ != nd.typ {
			continue
		}
		switch {
		case trusted, nd.n == fr.n+1:
			return d, true
		case mode == afterComma:
		case nd.typ.strong() && nd.n > fr.n && nd.n <= fr.n+maxGap[mode]:
			return d, true // headings lost, e.g. glued into the line above or hidden by a preview
		case d == 0 && nd.n == 1 && mode == atLineStart:
			return 0, true // a new top-level list (several parts pasted together)
		}
		return 0, false
	}
	if mode == afterComma {
		return 0, false
	}
	// A style shallower in GB/T 9704 order than every open one (二、 after a
	// text that opened at （一）) is the top level the document gains late:
	// it closes the whole stack and becomes a root.
	// Like an excerpt opening at 五、, a strong style may gain its top level
	// at any number at a line start (the text opened inside a lost section).
	if len(stack) > 0 && nd.typ.rank() > 0 && stack[0].typ.rank() > nd.typ.rank() &&
		(trusted || nd.n == 1 || nd.n == last[nd.typ]+1 ||
			(nd.typ.strong() && (nd.n <= 2 || mode == atLineStart))) {
		return 0, true
	}
	// A style not open yet starts a new level under the current one. A new
	// level starts at 1, or carries on the style's count across parents
	// (第X条 run through all chapters; some plans number 1.–9. across (一)(二)).
	// A bracketed number may start at (2) when the first item was lost (glued
	// to the line above or written as 1.): bracketed numbers rarely open body
	// text, nor does a short title a colon ends (2.健康宣传：…). An excerpt
	// of a page may open at any strong number (五、…).
	if trusted || nd.n == 1 || (last[nd.typ] > 0 && nd.n == last[nd.typ]+1) ||
		(len(stack) == 0 && nd.typ.strong() && (nd.n <= 2 || mode == atLineStart)) ||
		(len(stack) == 0 && nd.typ == typeCN && mode == inLine) ||
		(nd.typ.bracketed() && nd.n == 2 && mode == atLineStart) ||
		(nd.colon && nd.n == 2 && mode != afterComma) {
		return len(stack), true
	}
	return 0, false
}

// placeDecimal places a decimal heading (1.2): under the open "1." item
// whose number it carries, starting at 1, or after its previous sibling.
func placeDecimal(stack []frame, nd *node) (int, bool) {
	for d := len(stack) - 1; d >= 0; d-- {
		fr := stack[d]
		switch {
		case fr.typ == typeDecimal && fr.parent == nd.parent:
			return d, nd.n == fr.n+1
		case (fr.typ == typeArabicDot || fr.typ == typeArabicDun) && fr.n == nd.parent:
			return d + 1, nd.n == 1
		}
	}
	return 0, false
}

// asciiStop reports an ASCII full stop used as a sentence end (a copy that
// swapped 。 for "."), as opposed to a decimal point or "1.2" numbering.
func asciiStop(rest []rune, i int) bool {
	if rest[i] != '.' || i == 0 || unicode.IsDigit(rest[i-1]) {
		return false
	}
	return i+1 >= len(rest) || !unicode.IsDigit(rest[i+1])
}

// cutTitle returns how many runes of rest (the line after the marker) form
// the heading title: up to the first sentence end, or, for a title glued to
// its body without punctuation, up to where the body plainly starts. glued
// reports that the title stops at the first marker of a glued sub-list.
// maxTitleScan bounds how far cutTitle reads for a heading title's end.
const maxTitleScan = 400

func cutTitle(rest []rune) (n int, glued bool) {
	// A title ends within a few dozen runes; a flattened page's line can
	// run on for thousands, which are never read.
	if len(rest) > maxTitleScan {
		rest = rest[:maxTitleScan]
	}
	e := len(rest)
	comma := -1
	for i, r := range rest {
		if comma < 0 && i >= minCommaCut && (r == '，' || r == ',') {
			comma = i
		}
		if sentenceEnds[r] || asciiStop(rest, i) {
			e = i
			break
		}
		if colons[r] && i+1 < len(rest) && !isBlank(rest[i+1]) {
			e = i
			break
		}
		if colons[r] && i+1 >= len(rest) {
			e = i
			break
		}
		if r == '*' && i > 0 && i+1 < len(rest) && rest[i+1] == '*' {
			e = i // the end of a markdown bold heading: **一、总体目标**
			break
		}
	}
	if p := gluedMarker(rest, min(e, maxSentenceTitle)); p > 0 {
		return p, true
	}
	if p := spaceCut(rest, e); p > 0 {
		return p, false
	}
	limit := min(e, maxTitle)
	if comma >= 0 && comma < limit {
		limit = comma
	}
	if p := gluedEnd(rest, limit); p > 0 && p < e {
		return p, false
	}
	if e > maxSentenceTitle && comma > 0 && comma < e {
		e = comma
	} else if e > maxSentenceTitle {
		// A title running into a long body with neither punctuation nor a
		// known word between (a page that lost its breaks): keep a heading's
		// length, not the paragraph.
		e = maxSentenceTitle
	}
	for e > 0 && (isBlank(rest[e-1]) || rest[e-1] == '，' || rest[e-1] == ',' || rest[e-1] == '、') {
		e--
	}
	return e, false
}

// spaceCut finds a short title set off from its body by a space on the same
// line ("学习制度 每月学习1次。"): the space ends the title when the text after
// it runs to a sentence end e and reads as a sentence (a number, a comma or a
// body opener in it). Two-phrase headings ("强化政治引领 筑牢思想根基") and
// Latin words in a title ("加强 HIS 建设") keep their spaces. 0 means no cut.
func spaceCut(rest []rune, e int) int {
	if e >= len(rest) {
		return 0 // no sentence end: a heading of phrases, not a heading and body
	}
	for p := minSpaceTitle; p < min(e, maxTitle); p++ {
		if !isBlank(rest[p]) {
			continue
		}
		q := p
		for q < e && isBlank(rest[q]) {
			q++
		}
		if q >= e || rest[p-1] < 0x80 || rest[q] < 0x80 {
			return 0
		}
		after := rest[q:e]
		if sentenceLike(after) {
			return p
		}
		return 0
	}
	return 0
}

// sentenceLike reports whether s reads as body text rather than the second
// phrase of a heading: it holds a number or a comma, or opens like a body.
func sentenceLike(s []rune) bool {
	for _, r := range s {
		if unicode.IsDigit(r) || r == '，' || r == ',' {
			return true
		}
	}
	str := string(s)
	for _, w := range bodyStartsStrong {
		if strings.HasPrefix(str, w) {
			return true
		}
	}
	for _, w := range spaceBodyStarts {
		if strings.HasPrefix(str, w) {
			return true
		}
	}
	return false
}

// gluedMarker finds the first item of a sub-list glued onto a heading
// ("主要标准(一)先进…", "组织实施1.成立…") before limit; 0 means none. Only
// a first item (n = 1) counts, after a non-digit, so "第1、2项" and "1.5倍"
// inside a title do not split it.
func gluedMarker(rest []rune, limit int) int {
	for p := 2; p < limit; p++ {
		prev := rest[p-1]
		if unicode.IsDigit(prev) || prev == '(' || prev == '第' || !mayOpenHeading(rest[p]) {
			continue
		}
		m, ok := parseMarker(rest[p:])
		if !ok || m.n != 1 || m.typ == typeArabicHalf || m.typ.strong() && m.typ != typeCNParen && m.typ != typeCN {
			continue
		}
		// 一、 inside a title is mostly a word (统一、规范); it opens a glued
		// sub-list only after a word that ends a heading (…工作回顾一、…).
		if m.typ == typeCN && !endsHeadingWord(rest[:p]) {
			continue
		}
		return p
	}
	return 0
}

// gluedEnd finds where a title glued to its body ends within rest[:limit]:
// after a heading-ending word that body text follows, else before a strong
// body opener. 0 means no cut.
func gluedEnd(rest []rune, limit int) int {
	// Every cut lies within the first limit runes; search only there (plus
	// room for a body opener starting at limit), not the whole paragraph.
	// Words are looked up by their first rune: one pass over the title
	// instead of one search per table word.
	best := 0
	for i := 0; i < min(len(rest), limit); i++ {
		for _, w := range headingEndsByRune[rest[i]] {
			p := i + len(w)
			if p > limit || p >= len(rest) || (best > 0 && p >= best) || !hasRunePrefix(rest[i:], w) {
				continue
			}
			if bodyFollows(rest[p:]) {
				best = p
			}
		}
	}
	if best > 0 {
		return best
	}
	if len(rest) <= maxTitle {
		return 0
	}
	s := string(rest[:min(len(rest), limit+maxOpener)])
	for _, w := range bodyStartsStrong {
		i := strings.Index(s, w)
		if i < 0 {
			continue
		}
		p := len([]rune(s[:i]))
		if p >= minGlued && p <= limit && (best == 0 || p < best) {
			best = p
		}
	}
	return best
}

// bodyFollows reports whether s starts like body text: a body opener word,
// or the next numbered item glued on.
func bodyFollows(s []rune) bool {
	if _, ok := parseMarker(s); ok {
		return true
	}
	if len(s) >= 5 && s[4] == '年' && isYear(s[:4]) { // 2026年，我院将…
		return true
	}
	str := string(s[:min(len(s), maxBodyStart)]) // not the whole paragraph
	for _, w := range bodyStarts {
		if strings.HasPrefix(str, w) {
			return true
		}
	}
	return false
}

// hasRunePrefix reports whether s starts with w.
func hasRunePrefix(s, w []rune) bool {
	if len(s) < len(w) {
		return false
	}
	for i, r := range w {
		if s[i] != r {
			return false
		}
	}
	return true
}

// isYear reports whether four runes are a year 1900–2099.
func isYear(r []rune) bool {
	for _, c := range r {
		if c < '0' || c > '9' {
			return false
		}
	}
	return (r[0] == '1' && r[1] == '9') || (r[0] == '2' && r[1] == '0')
}

// mayOpenHeading is a cheap filter on the first rune of a line: only these
// can start a heading number.
func mayOpenHeading(r rune) bool {
	r = fold.Width(r)
	if r == '(' || r == '第' || (r >= '0' && r <= '9') || r == '十' {
		return true
	}
	if _, ok := cnDigits[r]; ok {
		return true
	}
	_, ok := circled[r]
	return ok
}

func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '\ufeff' }

// build turns nodes into sections. Slices are never nil, so a leaf's JSON
// says "children": [] as the API promises.
func build(ns []*node) []doc.Section {
	out := make([]doc.Section, len(ns))
	for i, n := range ns {
		out[i] = n.sec
		out[i].Children = build(n.children)
	}
	return out
}

// Flatten lists the sections in document order (pre-order) with Children
// emptied, for evaluation and flat displays.
func Flatten(secs []doc.Section) []doc.Section {
	var out []doc.Section
	var walk func([]doc.Section)
	walk = func(ss []doc.Section) {
		for _, s := range ss {
			kids := s.Children
			s.Children = []doc.Section{}
			out = append(out, s)
			walk(kids)
		}
	}
	walk(secs)
	return out
}

// Path returns the headings from the root down to the deepest section whose
// span holds pos, each as written ("二、主要任务", "（二）加强组织建设").
// It is nil when pos lies outside every section.
func Path(secs []doc.Section, pos int) []string {
	var out []string
	for {
		found := false
		for _, s := range secs {
			if pos >= s.Start && pos < s.End {
				out = append(out, s.Marker+s.Title)
				secs = s.Children
				found = true
				break
			}
		}
		if !found {
			return out
		}
	}
}

// labelBeforeFirst reports a first heading 一、 at i glued after a short
// label that follows a sentence end ("…建证率为96%。工作成绩一、免疫实施",
// "…。现简要总结一、基本情况"): the label is a lost heading or a lead-in,
// and 一、 opens the outline under it.
func labelBeforeFirst(orig []rune, line0, i int) bool {
	if orig[i] != '一' || i+1 >= len(orig) || orig[i+1] != '、' {
		return false
	}
	k := i - 1
	for k >= line0 && i-k <= maxLabelRunes && unicode.Is(unicode.Han, orig[k]) {
		k--
	}
	n := i - k - 1
	if n < 2 || i-k > maxLabelRunes || !(k < line0 || sentenceEnds[fold.Width(orig[k])]) {
		return false
	}
	// 一 ends many words (质量第一、, 统一、): only a label that ends like a
	// heading or a lead-in counts.
	label := fold.Text(string(orig[k+1 : i]))
	for _, w := range labelEnds {
		if strings.HasSuffix(label, w) {
			return true
		}
	}
	return false
}

// maxLabelRunes bounds the label labelBeforeFirst accepts before 一、.
const maxLabelRunes = 8
