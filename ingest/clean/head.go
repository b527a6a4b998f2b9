package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/internal/anyof"
)

// The head of a page is what stands before the document's first body
// line: site names, the page title, meta lines, a blurb, the document's
// own title. The steps here find the title among those lines and drop
// what stands before it, cut site blurbs out of the first and last lines,
// and split a title off the front of a flattened page.

// headScan bounds how many lines the head steps look at: a head is a
// few lines, and a flattened page is one.
const headScan = 12

// blurbScan bounds the sentences of one line tested for a blurb.
const blurbScan = 6

// bodyLine reports whether folded f reads as a line of a document body:
// an outline heading, a salutation ("同志们:", "各区县卫生健康局:"), or
// sentences.
func bodyLine(f string) bool {
	if isHeading(f) {
		return true
	}
	n := runesUpTo(f, 80)
	if n >= 80 {
		return true
	}
	t := strings.TrimRight(f, " ")
	if (strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")) && n <= 60 && hanCount(t) >= 2 {
		return true
	}
	return clausePunct.in(f) && hanCount(f) >= 12
}

// titleCandidate reports whether folded f can be a document's title line:
// not a subtitle ("——某某医院…纪实"), a document number or a phone line.
func titleCandidate(f string) bool {
	return titleLike(f) && !containsAnyRune(f, "，,") && !docNumber.MatchString(f) &&
		!strings.HasPrefix(f, "—") && !strings.HasPrefix(f, "--") && !contactLine.MatchString(f)
}

// headlineMax bounds a news headline that holds a comma.
const headlineMax = 40

// headlineShaped reports whether folded f, standing right above an
// article's meta line, reads as its headline: a title that may part two
// phrases with a comma ("10个关键词,回眸2024年党建工作") but ends no
// sentence.
func headlineShaped(f string) bool {
	return runesUpTo(f, headlineMax+1) <= headlineMax && titleLike(f) && !docNumber.MatchString(f) && !contactLine.MatchString(f)
}

// topHeadline reports a news headline holding a comma on a page's first
// line ("强化党建引领,推动医院高质量发展"): no sentence ends in it, and
// the report's body follows after a blank line or with its lead (3月2日,
// 近日…).
func topHeadline(c *ctx, ls []line) bool {
	if len(ls) < 2 {
		return false
	}
	f := c.lineFold(&ls[0])
	if !containsAnyRune(f, ",，") || !headlineShaped(f) || hanCount(f) < 10 || anyof.Prefix(f, salutations) {
		return false
	}
	next := c.lineFold(&ls[1])
	return bodyLine(next) && (ls[1].gap || newsLead.MatchString(next))
}

// keepBeforeTitle reports whether a line above the chosen title (folded
// f) is the document's rather than the site's: an issuer line, a document
// number, an attachment label, or anything that is neither short nor a
// rewording of the title. Tags, column labels, site names, contact lines
// and the site's own wording of the title go.
func keepBeforeTitle(f, title string) bool {
	switch {
	case docNumber.MatchString(f), attachmentLine.MatchString(f), loneCounter.MatchString(f):
		// A piece counter ("【篇一】") marks where a collection's piece
		// starts; splitting needs it.
		return true
	case similarTitles(f, title), columnLabel.MatchString(f), contactLine.MatchString(f), mottoLine(f):
		return false
	case anyof.Suffix(f, issuerEnds):
		return true
	}
	n := runesUpTo(f, 41)
	return !(n <= 12 && (!kindWord(f) || n <= genericTitleMax) || !titleCandidate(f) && n <= 40)
}

// kindWord reports whether folded f names a kind of document.
func kindWord(f string) bool {
	return anyof.Contains(f, docTypes) || anyof.Contains(f, headKindWords)
}

// trimTitle strips the site decorations around a title: labels and
// counters before it, file extensions, VIP marks, page suffixes,
// compilation counters, 范文 and 精选 after it. A page title that offers
// two wordings side by side ("X工作计划总结 X工作计划") keeps the last.
// The result is never left without four Han characters.
func trimTitle(c *ctx, s string) string {
	if t, ok := c.trimmed[s]; ok {
		return t
	}
	t := glossless(s, func(s string) string { return trimDecor(c, s, titleTails) })
	if c.trimmed == nil {
		c.trimmed = map[string]string{}
	}
	c.trimmed[s] = t
	return t
}

// glossless applies fn, which returns a part of its argument, to s read
// without the pinyin glosses some sites put after Han characters
// (工作總結(jié)例文 is 工作總結 with a site's 例文): the result is that part
// of s, its glosses kept.
func glossless(s string, fn func(string) string) string {
	if !fold.MayHaveGlosses(s) {
		return fn(s)
	}
	rs := []rune(s)
	g, at := fold.Unglossed(rs)
	gs := string(g)
	out := fn(gs)
	j := strings.Index(gs, out)
	if out == "" || j < 0 {
		return out
	}
	a := utf8.RuneCountInString(gs[:j])
	b := a + utf8.RuneCountInString(out)
	return strings.TrimSpace(string(rs[at[a]:at[b]]))
}

// trimTitleLine is trimTitle for the text of a title line: an article
// counter the site put after the kind word (…工作计划四) is a site's
// numbering of the page, but the line keeps it as written.
func trimTitleLine(c *ctx, s string) string {
	return glossless(s, func(s string) string { return trimDecor(c, s, titleTails[:len(titleTails)-1]) })
}

func trimDecor(c *ctx, s string, tails []*pattern) string {
	t := strings.TrimSpace(strings.TrimLeft(s, bullets+" "))
	f := c.fold(t) // kept the fold of t throughout
	if !mayHaveDecor(f) {
		return t
	}
	for range 4 {
		before := t
		if mayHaveLead(f) {
			if loc := titleLeads.FindStringIndex(f); loc != nil && loc[1] > 0 {
				if rest := string([]rune(t)[utf8.RuneCountInString(f[:loc[1]]):]); hanCount(rest) >= 4 {
					t = strings.TrimSpace(rest)
					f = c.fold(t)
				}
			}
			// 1、2022年…总结: a viewer's page number before a title's year.
			if m := pageNumberBeforeYear.FindStringSubmatchIndex(f); m != nil {
				t = strings.TrimSpace(string([]rune(t)[utf8.RuneCountInString(f[:m[3]]):]))
				f = c.fold(t)
			}
		}
		// Every tail is anchored at the end and shorter than tailWindow
		// runes: matching the end alone is the same match (up to leading
		// spaces, trimmed below) at a fraction of the cost.
		mayTail, off := mayHaveTail(f), tailWindowStart(f)
		for _, re := range tails {
			if !mayTail {
				break
			}
			loc := re.FindStringSubmatchIndex(f[off:])
			if loc == nil {
				continue
			}
			from := off + loc[0]
			if len(loc) > 2 && loc[2] >= 0 {
				from = off + loc[2] // only the group: the counter after a kind word
			}
			if rest := string([]rune(t)[:utf8.RuneCountInString(f[:from])]); hanCount(rest) >= 4 {
				t = strings.TrimSpace(rest)
				f = c.fold(t)
				mayTail, off = mayHaveTail(f), tailWindowStart(f)
			}
		}
		if t == before {
			break
		}
	}
	// A site's 《title》 before the same title: 《某某工作计划》某某工作计划.
	if inner, rest, ok := strings.Cut(strings.TrimPrefix(t, "《"), "》"); ok && strings.HasPrefix(t, "《") &&
		inner != "" && strings.TrimSpace(rest) == inner {
		t = inner
	}
	// Two titles joined by "&" on a document site's page: the first is
	// the document's, the second the next item it offers.
	if containsAnyRune(t, "&＆") {
		if parts := strings.FieldsFunc(t, func(r rune) bool { return r == '&' || r == '＆' }); len(parts) == 2 {
			if a, b := c.fold(parts[0]), c.fold(parts[1]); hanCount(a) >= 4 && docTypeSuffix(strings.TrimSpace(a)) != "" && docTypeSuffix(strings.TrimSpace(b)) != "" {
				t = strings.TrimSpace(parts[0])
			}
		}
	}
	// Two wordings of one title: every part is a title.
	if containsAnyRune(t, " _|｜") {
		if parts := strings.FieldsFunc(t, isWordingSep); len(parts) >= 2 {
			all := true
			for _, p := range parts {
				pf := c.fold(p)
				if hanCount(pf) < 4 || docTypeSuffix(pf) == "" {
					all = false
					break
				}
			}
			if all {
				t = parts[len(parts)-1]
			}
		}
	}
	return t
}

func isWordingSep(r rune) bool { return r == ' ' || r == '_' || r == '|' || r == '｜' }

// decorFirst and decorLast hold the runes a title decoration can begin
// or end with (标题:, 最新, 第2篇, 【篇一】 / (通用8篇), _第1页, .docx,
// VIP, 范文, 大全, 精选, 合集, 1850字, (完整版), _某某文库, 计划三): a
// title without them at either end, and without a second wording, has
// none.
const (
	decorFirst = "标题名最热第篇【《"
	decorLast  = ")）】篇页pxcfts文全选合集总板|字一二三四五六七八九十库网档家式头尾写法本版例"
)

func mayHaveDecor(f string) bool {
	first, _ := utf8.DecodeRuneInString(f)
	last, _ := utf8.DecodeLastRuneInString(f)
	return strings.ContainsRune(decorFirst, first) || strings.ContainsRune(decorLast, last) ||
		unicode.IsDigit(first) || unicode.IsDigit(last) || containsAnyRune(f, " _|｜&＆")
}

// extendsAtStart reports whether title a is title b with its issuer or
// its year before it ("区卫生局" + "村卫生室建设工作方案", "2023年" +
// "…实施方案"); a site's praise ("优秀…") is no such part.
func extendsAtStart(a, b string) bool {
	a, b = strings.ReplaceAll(a, " ", ""), strings.ReplaceAll(b, " ", "")
	if len(a) <= len(b) || !strings.HasSuffix(a, b) {
		return false
	}
	lead := a[:len(a)-len(b)]
	return yearStart.MatchString(lead) || anyof.Suffix(lead, issuerEnds) || anyof.Contains(lead, titleOrgWords)
}

// similarTitles reports whether a and b are one title in two wordings: the
// shorter is a subsequence of the longer and holds most of it.
func similarTitles(a, b string) bool {
	ra, rb := []rune(strings.ReplaceAll(a, " ", "")), []rune(strings.ReplaceAll(b, " ", ""))
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)*10 < len(ra)*6 {
		return false
	}
	k := 0
	for _, r := range ra {
		if k < len(rb) && rb[k] == r {
			k++
		}
	}
	return k == len(rb)
}

// genericTitleMax is the longest kind phrase read as a site's column
// rather than a document's title when a longer titled line is there.
const genericTitleMax = 6

// markHead chooses the document's title among the lines before the
// file's first body line and drops the lines before it: the page title
// the site wrote, its meta and column lines. The choice, in order: the
// title row of a government information table; the last line that names
// a document kind and rewords the first such line (the site's page title
// above, the document's own title below); the headline above a meta
// line; a title-shaped line at the top of a page whose body follows.
func markHead(c *ctx, ls []line) []line {
	b := 0
	for b < len(ls) && b < headScan {
		if f := c.lineFold(&ls[b]); bodyLine(f) && !(ls[b].headline && headlineShaped(f)) {
			break
		}
		b++
	}
	if b == 0 && topHeadline(c, ls) {
		ls[0].headline, b = true, 1
	}
	if b == 0 || b == headScan {
		return ls
	}
	var cands, kinds, generic []int
	pick := -1
	for i := 0; i < b; i++ {
		f := c.lineFold(&ls[i])
		if ls[i].explicit {
			pick = i
			break
		}
		if !titleCandidate(f) && !(ls[i].headline && headlineShaped(f)) {
			continue
		}
		cands = append(cands, i)
		switch {
		case !kindWord(f):
		case utf8.RuneCountInString(trimTitle(c, f)) <= genericTitleMax:
			// "工作计划", "党建工作计划": a column of the site more
			// often than a title; a title only when nothing better is.
			generic = append(generic, i)
		default:
			kinds = append(kinds, i)
		}
	}
	if len(kinds) == 0 {
		kinds = generic
	}
	if pick < 0 && len(kinds) > 0 {
		// Of rewordings of the first kind line, or a longer kind line
		// right under it, the one nearest the body is the document's
		// title; the line above is the site's page title or column
		// (控制中心工作计划 right above 疾病控制中心2026年工作方案).
		pick = kinds[0]
		first := c.fold(trimTitle(c, ls[pick].p.Text))
		cur := first
		for _, k := range kinds[1:] {
			next := c.fold(trimTitle(c, ls[k].p.Text))
			// A column label is shorter than the title under it; a
			// longer line above is the document's own title. Of two
			// wordings the later stays, unless it lost the issuer or the
			// year the earlier one opens with.
			if k == pick+1 && utf8.RuneCountInString(next) > utf8.RuneCountInString(first) ||
				similarTitles(first, next) && !extendsAtStart(cur, next) {
				pick, cur = k, next
			}
		}
	}
	if pick < 0 {
		for _, k := range cands {
			if ls[k].headline {
				pick = k
				break
			}
		}
	}
	if pick < 0 && len(cands) > 0 && cands[0] <= 2 && b < len(ls) {
		pick = cands[0]
	}
	if pick < 0 {
		return ls
	}
	if t := trimTitleLine(c, ls[pick].p.Text); t != "" && !isPianMarker(c.lineFold(&ls[pick])) {
		setText(&ls[pick], t)
	}
	ls[pick].headTitle = true
	title := c.fold(trimTitle(c, ls[pick].p.Text))
	out := ls[:0]
	for i, l := range ls {
		if i < pick && !keepBeforeTitle(c.fold(trimTitle(c, l.p.Text)), title) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// cutBlurbs removes a site's blurb from the first lines of a page (before
// its first heading) and from its last two lines, and first splits a
// title off the front of a flattened page ("X工作计划X工作计划-合集根据…",
// "X汇报材料 我院自…"), so that neither the blurb cut nor the title
// choice has to look inside one long line.
func cutBlurbs(c *ctx, ls []line) []line {
	// Only the lines above the first heading, among the first headScan/2,
	// are looked into; they are rebuilt aside and the rest moved up after
	// them in place, rather than every line copied.
	k := 0
	for k < len(ls) && k < headScan/2 && !isHeading(c.lineFold(&ls[k])) {
		k++
	}
	out := make([]line, 0, k+1)
	for _, l := range ls[:k] {
		f := c.lineFold(&l)
		if end, rest, ok := leadingTitleGlossed(c, f); ok {
			rs := []rune(l.p.Text)
			t := l
			t.p = raw.Para{Page: l.p.Page}
			setText(&t, trimTitleLine(c, string(rs[:end])))
			out = append(out, t)
			l.gap = false
			l.p = raw.Para{Page: l.p.Page}
			setText(&l, strings.TrimSpace(string(rs[rest:])))
			f = c.lineFold(&l)
		}
		if a, b, ok := blurbSpan(f, false); ok {
			rs := []rune(l.p.Text)
			setText(&l, strings.TrimSpace(string(rs[:a])+string(rs[b:])))
			if navBar(c.lineFold(&l)) {
				continue // 为您提供优质参考范文! 工作总结 工作计划 …: the bar after the blurb
			}
		}
		if strings.TrimSpace(l.p.Text) != "" {
			out = append(out, l)
		}
	}
	if len(out) <= k {
		n := copy(ls, out)
		if n < k {
			n += copy(ls[n:], ls[k:])
		} else {
			n = len(ls)
		}
		out = ls[:n]
	} else {
		out = append(out, ls[k:]...)
	}
	for i := max(len(out)-2, 0); i < len(out); i++ {
		f := c.lineFold(&out[i])
		if a, b, ok := blurbSpan(f, true); ok {
			rs := []rune(out[i].p.Text)
			setText(&out[i], strings.TrimSpace(string(rs[:a])+string(rs[b:])))
		}
	}
	return keep(out)
}

// sentenceSpans returns the rune spans of the first n sentences of rs
// (fromEnd: of the last n).
func sentenceSpans(rs []rune, n int, fromEnd bool) [][2]int {
	var spans [][2]int
	if !fromEnd {
		start := 0
		for i := 0; i < len(rs) && len(spans) < n; i++ {
			if !isSentenceStop(rs[i]) {
				continue
			}
			j := i + 1
			for j < len(rs) && (closers.has(rs[j]) || isSentenceStop(rs[j])) {
				j++
			}
			spans = append(spans, [2]int{start, j})
			start, i = j, j-1
		}
		if start < len(rs) && len(spans) < n {
			spans = append(spans, [2]int{start, len(rs)})
		}
		return spans
	}
	end := len(rs)
	for i := len(rs) - 1; i >= 0 && len(spans) < n; i-- {
		if i == len(rs)-1 || !isSentenceStop(rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && closers.has(rs[j]) {
			j++
		}
		if j < end {
			spans = append([][2]int{{j, end}}, spans...)
			end = j
		}
	}
	if end > 0 && len(spans) < n {
		spans = append([][2]int{{0, end}}, spans...)
	}
	return spans
}

func isSentenceStop(r rune) bool {
	return r == '。' || r == '!' || r == '?' || r == '！' || r == '？'
}

// blurbScore scores a folded sentence: strong blurb words count 2, weak 1;
// without a strong word it scores 0.
func blurbScore(s string) int {
	strong := blurbStrongWords.count(s)
	if strong == 0 {
		return 0
	}
	return 2*strong + blurbWeakWords.count(s)
}

// blurbStrongWords and blurbWeakWords are blurbStrong and blurbWeak, each
// found in one pass over a sentence.
var (
	blurbStrongWords = newLexicon(blurbStrong)
	blurbWeakWords   = newLexicon(blurbWeak)
)

// blurbSpan finds a blurb in folded line f. At the head of a page
// (fromEnd false) the blurb runs from the line start through the last
// blurb sentence among the first few: the site's lead-in sentences before
// it ("时间就如同白驹过隙…") are the site's too. At the foot it runs from
// the first blurb sentence among the last few to the line end.
func blurbSpan(f string, fromEnd bool) (int, int, bool) {
	// A flattened page is one long line: its first or last few sentences
	// lie within blurbWindow bytes of its start or end.
	off, total := 0, -1
	if len(f) > blurbWindow {
		total = utf8.RuneCountInString(f)
		if fromEnd {
			i := len(f) - blurbWindow
			for i < len(f) && !utf8.RuneStart(f[i]) {
				i++
			}
			off = utf8.RuneCountInString(f[:i])
			f = f[i:]
		} else {
			i := blurbWindow
			for i > 0 && !utf8.RuneStart(f[i]) {
				i--
			}
			f = f[:i]
		}
	}
	a, b, ok := blurbSpanIn(f, fromEnd)
	if ok && fromEnd && total >= 0 {
		return a + off, total, true
	}
	return a, b, ok
}

// blurbWindow bounds, in bytes, the part of a line blurbSpan reads.
const blurbWindow = 1536

func blurbSpanIn(f string, fromEnd bool) (int, int, bool) {
	if !blurbStrongWords.any(f) {
		return 0, 0, false // no sentence of f can score
	}
	rs := []rune(f)
	spans := sentenceSpans(rs, blurbScan, fromEnd)
	if !fromEnd {
		last := -1
		for k, sp := range spans {
			if blurbScore(string(rs[sp[0]:sp[1]])) >= blurbMinScore {
				last = k
			}
		}
		if last < 0 {
			return 0, 0, false
		}
		return 0, spans[last][1], true
	}
	for _, sp := range spans {
		if blurbScore(string(rs[sp[0]:sp[1]])) >= blurbMinScore {
			return sp[0], len(rs), true
		}
	}
	return 0, 0, false
}

// leadingTitleMax bounds a title glued to the front of a flattened page.
const leadingTitleMax = 45

// repeatWindow bounds how far a leading title's repetition is looked for.
const repeatWindow = 600

// trailingYear lets a title end in its year after the kind word
// ("医院党建工作总结2020").
var trailingYear = mustPattern(`\d{4}\s*年?$`)

// titleDup is the decoration between a title and its immediate repeat
// ("X X-合集", "X X范文").
var titleDup = mustPattern(`^[\s\-—_]*(?:合集|精选|范文|大全|集合)?\s*`)

// leadingTitle finds a title glued to the front of long folded line f:
// a prefix that the page repeats further on and that ends in a document
// kind word (site pages print the title again above the text), or a
// first space-separated field that reads as a titled kind. It returns the
// title's end and where the line goes on, past a repeat of the title.
func leadingTitle(c *ctx, f string) (end, rest int, ok bool) {
	// Everything read below lies within leadingScan runes of the start: a
	// flattened page need not be converted whole.
	if runesUpTo(f, 60) < 60 {
		return 0, 0, false
	}
	// A title, and the opening of the body after it, lie within headRunes
	// runes; its repeat and what follows that are read from all of rs,
	// converted when a title is found.
	head := []rune(runePrefix(f, headRunes))
	var rs []rune
	all := func() []rune {
		if rs == nil {
			rs = []rune(runePrefix(f, leadingScan))
		}
		return rs
	}
	lim := min(leadingTitleMax, len(head))
	for k := 0; k < lim; k++ {
		if titleForbidden.has(head[k]) || isSentenceStop(head[k]) {
			lim = k
			break
		}
	}
	win := runePrefix(f, lim+repeatWindow) // string(rs[:lim+repeatWindow]), f being valid UTF-8
	// A prefix repeated further on has its first six runes repeated
	// there too: without them, no prefix is.
	longest := lim
	if lim >= 6 {
		if p := runePrefix(win, 6); !strings.Contains(win[len(p):], p) {
			longest = 0
		}
	}
	for n := longest; n >= 6; n-- {
		p := runePrefix(win, n)
		q := strings.Index(win[len(p):], p)
		if q < 0 || !titleCandidate(p) {
			continue
		}
		t := c.fold(trimTitle(c, p))
		t = trailingYear.ReplaceAllString(t, "")
		if !kindEnds(t) || !titleCandidate(p) || anyof.Prefix(string(all()[n:]), titleContinuations) {
			continue
		}
		rest = n
		if q == 0 || strings.TrimSpace(win[len(p):len(p)+q]) == "" {
			rs := all()
			rest = n + utf8.RuneCountInString(win[len(p):len(p)+q]) + n
			rest += utf8.RuneCountInString(titleDup.FindString(string(rs[rest:min(len(rs), rest+8)])))
		}
		return n, rest, true
	}
	if n := titleBeforeBody(c, head, lim); n > 0 {
		return n, n, true
	}
	sp := strings.IndexByte(f, ' ')
	if sp <= 0 {
		return 0, 0, false
	}
	first := f[:sp]
	n := utf8.RuneCountInString(first)
	if n < 6 || n > leadingTitleMax || !titleCandidate(first) || !kindWord(first) {
		return 0, 0, false
	}
	rest = n
	rs = all()
	for rest < len(rs) && rs[rest] == ' ' {
		rest++
	}
	// The same title again, without its decoration: skip it.
	t := []rune(c.fold(trimTitle(c, first)))
	if len(t) > 0 && strings.HasPrefix(string(rs[rest:]), string(t)) {
		rest += len(t)
	}
	return n, rest, true
}

// titleBeforeBody returns the length of a title that opens folded rs and
// is followed at once by its body's first heading or opening words
// ("…工作计划范文一、指导思想…", "…情况汇报近年来,…"), or 0. The title
// must end in a kind word (its site decoration aside), read as an
// institution's title and not as a sentence's subject.
func titleBeforeBody(c *ctx, rs []rune, lim int) int {
	// A title ends in a kind word, its decoration aside: no prefix
	// shorter than the first kind word's end can be one.
	head := string(rs[:min(lim, len(rs))])
	firstEnd := -1
	for _, k := range titleKindWords {
		if i := strings.Index(head, k); i >= 0 {
			if e := utf8.RuneCountInString(head[:i+len(k)]); firstEnd < 0 || e < firstEnd {
				firstEnd = e
			}
		}
	}
	if firstEnd < 0 {
		return 0
	}
	for n := lim; n >= max(6, firstEnd); n-- {
		if n >= len(rs) || !mayOpenBody(rs[n]) {
			continue // cheap test first: most positions open nothing
		}
		// What follows must open a body, and the prefix, its decoration
		// aside, end in a kind word.
		follow := string(rs[n:min(len(rs), n+12)])
		if !firstHeading.MatchString(follow) && !startsWithLong(follow, bodyStarts) && !yearBodyStart.MatchString(follow) &&
			!anyof.Prefix(follow, salutations) {
			continue
		}
		p := string(rs[:n])
		t := c.fold(trimTitle(c, p))
		w := ""
		for _, k := range titleKindWords {
			if strings.HasSuffix(t, k) {
				w = k
				break
			}
		}
		if w == "" {
			continue
		}
		if !titleCandidate(p) || !titleShaped(t) || anyof.Prefix(t, titleNeverStarts) ||
			anyof.Contains(strings.TrimSuffix(t, w), notTitleWords) {
			return 0
		}
		// "…工作计划一、上半年工作总结1.医改工作": the first heading glued
		// inside the longest candidate ends the title, not its own 1. item.
		for k := 6; k < n-1; k++ {
			if rs[k] == '一' && strings.ContainsRune("、.．", rs[k+1]) && kindEnds(c.fold(trimTitle(c, string(rs[:k])))) {
				return k
			}
		}
		return n
	}
	return 0
}

// mayOpenBody reports whether r can begin firstHeading, a bodyStarts
// word, a salutation or yearBodyStart.
func mayOpenBody(r rune) bool {
	if r == '一' || r == '(' || r == '（' || r == '第' || r >= '0' && r <= '9' {
		return true
	}
	_, ok := bodyStartFirst[r]
	return ok
}

// bodyStartFirst holds the first runes of bodyStarts and salutations.
var bodyStartFirst = func() map[rune]struct{} {
	m := map[rune]struct{}{}
	for _, w := range append(append([]string{}, bodyStarts...), salutations...) {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = struct{}{}
	}
	return m
}()

// kindEnds reports whether folded t ends with a document kind word.
func kindEnds(t string) bool {
	if docTypeSuffix(t) != "" {
		return true
	}
	for _, w := range headKindWords {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	return false
}

// bylineTail is a news credit closing a page: "(文/图 某某)", or a
// parenthesis opened after the last sentence and left unclosed by the
// scrape ("…贡献力量。(某某、医师").
var bylineTail = mustPattern(`(?:[。!?！？][”"]?)\s*([(（](?:[^()（）。!?！？]{1,12}$|(?:文|图|文/图|图/文|供稿|通讯员|记者|撰稿|编辑|审核|作者|来源|摄影)[^()（）]{0,20}[)）]\s*$))`)

// cutByline removes a news credit from the end of the page's last line.
func cutByline(c *ctx, ls []line) []line {
	if len(ls) == 0 {
		return ls
	}
	l := &ls[len(ls)-1]
	f := c.lineFold(l)
	if creditLine.MatchString(f) && len(ls) > 1 {
		return ls[:len(ls)-1]
	}
	m := bylineTail.FindStringSubmatchIndex(f)
	if m == nil {
		return ls
	}
	a := utf8.RuneCountInString(f[:m[2]])
	setText(l, strings.TrimSpace(string([]rune(l.p.Text)[:a])))
	return keep(ls)
}

// tailWindow bounds, in runes, the end of a title that titleTails can
// match: the longest tail ("（通用8篇）", "- 某某资料库") is well within it.
const tailWindow = 40

// tailWindowStart is the byte offset of the last tailWindow runes of f.
func tailWindowStart(f string) int {
	i := len(f)
	for n := 0; n < tailWindow && i > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(f[:i])
		i -= size
	}
	return i
}

// mayHaveLead and mayHaveTail are cheap filters before the titleLeads and
// titleTails regexps: the first (last) rune a decoration can begin (end)
// with. Most title candidates of a page pass neither.
func mayHaveLead(f string) bool {
	r, _ := utf8.DecodeRuneInString(f)
	return strings.ContainsRune(decorFirst, r) || unicode.IsDigit(r) || strings.ContainsRune(cnDigits, r)
}

func mayHaveTail(f string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(f, " \t"))
	return strings.ContainsRune(decorLast, r) || unicode.IsDigit(r) || strings.ContainsRune(":：｜", r)
}

// cnDigits are the Chinese numerals that open a counter lead (二篇:…).
const cnDigits = "一二三四五六七八九十"

// headRunes bounds the runes titleBeforeBody reads: the longest title
// and the opening words after it.
const headRunes = leadingTitleMax + 12

// leadingScan bounds the runes leadingTitle reads: a title, its repeat
// within repeatWindow, and the repeat's decoration.
const leadingScan = 2*leadingTitleMax + repeatWindow + 64

// leadingTitleGlossed is leadingTitle for a line that may carry pinyin
// glosses: read without them, the spans mapped back (a title's last
// character keeps its gloss).
func leadingTitleGlossed(c *ctx, f string) (end, rest int, ok bool) {
	if end, rest, ok = leadingTitle(c, f); ok || !fold.MayHaveGlosses(f) {
		return end, rest, ok
	}
	rs := []rune(f)
	g, at := fold.Unglossed(rs)
	e, r, ok := leadingTitle(c, string(g))
	if !ok {
		return 0, 0, false
	}
	return at[e], at[r], true
}

// pageNumberBeforeYear is a page number glued before a title that opens
// with its year ("1、2022年市计划免疫工作年终总结"); group 1 is the number.
var pageNumberBeforeYear = mustPattern(`^(\d{1,2}\s*、)\s*(?:19|20)\d{2}\s*年`)
