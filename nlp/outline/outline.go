// Package outline recovers the heading tree of a Chinese institutional
// document from its numbering (一、 → （一） → 1. → （1） → ①, GB/T 9704-2012
// §7.3.3, plus 第X部分/章/条), checking counter continuity so that body text
// starting with a number does not become a heading.
package outline

import (
	"strings"
	"unicode"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// node is a section under construction; children are built as pointers and
// turned into doc.Section values at the end.
type node struct {
	sec      doc.Section
	typ      markerType
	n        int
	children []*node
}

// frame is one open level of the numbering stack.
type frame struct {
	typ  markerType
	n    int
	node *node
}

// Extract returns the outline tree of text. hints are the container's
// structure hints (DOCX heading styles and list numbering); they may be nil.
func Extract(text string, hints []doc.Hint) []doc.Section {
	orig := []rune(text)
	// Only lines that may open with a number are folded, rune by rune (same
	// count, so offsets hold): folding the whole text costs more than the
	// parse itself, and costs no less when handed in folded (the rune
	// conversion of the whole text is as dear as folding these lines).
	folded := make([]rune, 0, 256)
	hintAt := map[int]doc.Hint{}
	for _, h := range hints {
		hintAt[h.Start] = h
	}

	var (
		roots []*node
		stack []frame
		last  = map[markerType]int{} // last number seen per style
	)
	closeFrom := func(depth, at int) {
		for i := len(stack) - 1; i >= depth; i-- {
			stack[i].node.sec.End = at
		}
		stack = stack[:depth]
	}

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
		if start >= le || (!hinted && !mayOpenHeading(orig[start])) {
			ls = le + 1
			continue
		}
		folded = folded[:0]
		for _, r := range orig[start:le] {
			folded = append(folded, fold.Rune(r))
		}
		line0 := start
		// A line may hold a heading with the first item of the next level
		// glued on ("四、组织实施1.成立…"): parse again from where it starts.
		for start < le {
			nd, next, ok := heading(folded[start-line0:], orig[start:le], start, h, hinted)
			if !ok {
				break
			}
			depth, ok := place(stack, last, nd, hinted && (h.Number != "" || h.Level > 0))
			if !ok {
				break
			}
			closeFrom(depth, start)
			nd.sec.Level = depth + 1
			if depth == 0 {
				roots = append(roots, nd)
			} else {
				p := stack[depth-1].node
				p.children = append(p.children, nd)
			}
			stack = append(stack, frame{typ: nd.typ, n: nd.n, node: nd})
			last[nd.typ] = nd.n
			if next == 0 {
				break
			}
			start += next
			hinted = false
		}
		ls = le + 1
	}
	closeFrom(0, len(orig))
	return build(roots)
}

// heading parses one line (folded and original runes, offset of the first
// non-blank rune) into a section node, or reports that it is no heading.
// next is the offset within the line of a glued next-level marker, or 0.
func heading(f, o []rune, at int, h doc.Hint, hinted bool) (nd *node, next int, ok bool) {
	m, ok := parseMarker(f)
	if !ok {
		if !hinted || h.Level <= 0 {
			return nil, 0, false
		}
		// A styled heading without a number: its style level is its type.
		m = marker{typ: markerType("h" + string(rune('0'+min(h.Level, 9)))), n: 0}
	}
	rest := f[m.width:]
	tl, glued := cutTitle(rest)
	title := strings.TrimSpace(string(o[m.width : m.width+tl]))
	if title == "" {
		return nil, 0, false
	}
	if glued {
		next = m.width + tl
	}
	nd = &node{typ: m.typ, n: m.n}
	nd.sec = doc.Section{
		Number: m.number,
		Marker: strings.TrimSpace(string(o[:m.width])),
		Title:  title,
		Start:  at,
	}
	return nd, next, true
}

// place decides where a heading goes on the numbering stack and returns the
// depth it takes (0 = top). trusted headings (styled or auto-numbered by the
// container) skip the counter check. last holds the last number each style
// reached.
func place(stack []frame, last map[markerType]int, nd *node, trusted bool) (int, bool) {
	if nd.n == 0 { // styled heading without number: place by its style type
		for d, fr := range stack {
			if fr.typ == nd.typ {
				return d, true
			}
		}
		return len(stack), true
	}
	for d, fr := range stack {
		if fr.typ != nd.typ {
			continue
		}
		switch {
		case trusted, nd.n == fr.n+1:
			return d, true
		case nd.typ.strong() && nd.n > fr.n && nd.n <= fr.n+2:
			return d, true // one heading lost, e.g. glued into the line above
		case d == 0 && nd.n == 1:
			return 0, true // a new top-level list (several parts pasted together)
		}
		return 0, false
	}
	// A style shallower in GB/T 9704 order than every open one (二、 after a
	// text that opened at （一）) is the top level the document gains late:
	// it closes the whole stack and becomes a root.
	if len(stack) > 0 && nd.typ.rank() > 0 && stack[0].typ.rank() > nd.typ.rank() &&
		(trusted || nd.n == 1 || nd.n == last[nd.typ]+1 || (nd.typ.strong() && nd.n <= 2)) {
		return 0, true
	}
	// A style not open yet starts a new level under the current one. A new
	// level starts at 1, or carries on the style's count across parents
	// (第X条 run through all chapters; some plans number 1.–9. across (一)(二)).
	// A bracketed number may start at (2) when the first item was lost (glued
	// to the line above or written as 1.): bracketed numbers rarely open body text.
	if trusted || nd.n == 1 || (last[nd.typ] > 0 && nd.n == last[nd.typ]+1) ||
		(len(stack) == 0 && nd.typ.strong() && nd.n <= 2) || (nd.typ.bracketed() && nd.n == 2) {
		return len(stack), true
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
func cutTitle(rest []rune) (n int, glued bool) {
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
	return false
}

// gluedMarker finds the first item of a sub-list glued onto a heading
// ("主要标准(一)先进…", "组织实施1.成立…") before limit; 0 means none. Only
// a first item (n = 1) counts, after a non-digit, so "第1、2项" and "1.5倍"
// inside a title do not split it.
func gluedMarker(rest []rune, limit int) int {
	for p := 2; p < limit; p++ {
		prev := rest[p-1]
		if unicode.IsDigit(prev) || prev == '(' || prev == '第' {
			continue
		}
		m, ok := parseMarker(rest[p:])
		if !ok || m.n != 1 || m.typ == typeCN || m.typ == typeArabicHalf || m.typ.strong() && m.typ != typeCNParen {
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
