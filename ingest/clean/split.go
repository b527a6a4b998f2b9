package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/internal/anyof"
)

// Splitting. Three layouts of multi-document files are recognised, tried
// in order of the evidence they carry; the first that fires decides:
//  1. a collection page numbering its pieces "标题 篇1" … "标题 篇8";
//  2. a compilation gluing "标题(1)" … "标题(6)" in front of each piece;
//  3. schemes pasted one after another, each title glued to the line or
//     sentence start before its body ("…工作目标。大由卫生院创先争优活动
//     实施方案为认真贯彻…").
// The last is guessed from text alone, so it is conservative: every
// document it cuts off must carry a real body.

// minBodyHan is the least Han text a document cut by rules 2 and 3 must have.
const minBodyHan = 150

// minLastHan is the least for the last piece of a compilation, which a
// scrape often truncates.
const minLastHan = 30

// cut marks where a new document starts inside line l: the title occupies
// runes [at, titleEnd); an optional document number [titleEnd, numEnd);
// the body resumes at body.
type cut struct {
	l, at, titleEnd, numEnd, body int
	title                         string
}

// split marks document starts (line.start/title), cutting lines where a
// title is glued inside them.
func split(c *ctx, ls []line) []line {
	if out, ok := splitPian(c, ls); ok {
		return out
	}
	ls, counted := splitCounted(c, ls)
	if counted {
		return ls
	}
	if splitNotice(c, ls) || splitExcerpts(c, ls) {
		return ls
	}
	if cuts := compilationCuts(c, ls); len(cuts) >= 2 {
		return applyCuts(ls, cuts)
	}
	if cuts := filterCuts(ls, gluedTitleCuts(c, ls)); len(cuts) > 0 {
		return applyCuts(ls, cuts)
	}
	return ls
}

// splitPian applies rule 1: two or more "标题 篇N" lines.
func splitPian(c *ctx, ls []line) ([]line, bool) {
	type hit struct {
		i     int
		title string
	}
	var hits []hit
	for i := range ls {
		l := &ls[i]
		f := c.lineFold(l)
		if !hasPianWord(f, true) {
			continue // every piece marker names 篇 or 范文
		}
		for _, re := range pianMarkers {
			m := re.FindStringSubmatchIndex(f)
			if m == nil {
				continue
			}
			t := re.SubexpIndex("t")
			a := utf8.RuneCountInString(f[:m[2*t]])
			b := a + utf8.RuneCountInString(f[m[2*t]:m[2*t+1]])
			hits = append(hits, hit{i, strings.TrimSpace(string([]rune(l.p.Text)[a:b]))})
			break
		}
	}
	if len(hits) < 2 {
		return ls, false
	}
	for _, h := range hits {
		ls[h.i].start, ls[h.i].title = true, h.title
		setText(&ls[h.i], h.title)
	}
	return ls, true
}

// hasPianWord reports whether f holds 篇, or (withFanwen) 范文, in one
// pass: both end in the byte 0x87, which Chinese text holds far less often
// than their lead bytes.
func hasPianWord(f string, withFanwen bool) bool {
	for i := 0; i < len(f); {
		j := strings.IndexByte(f[i:], 0x87)
		if j < 0 {
			return false
		}
		end := i + j + 1
		if end >= len("篇") && f[end-len("篇"):end] == "篇" ||
			withFanwen && end >= len("范文") && f[end-len("范文"):end] == "范文" {
			return true
		}
		i = end
	}
	return false
}

// splitCounted splits a collection page whose pieces are numbered 1, 2,
// 3 … by a counter alone on its line ("【篇一】", "篇二", "第三篇") or
// after a repeated title ("…工作计划范文一", "…工作计划（二）",
// "…工作计划3"). Every piece must carry a body, the last may be cut short.
// A piece under a lone counter takes the next line as its title when it
// names a document kind, else the page's title.
func splitCounted(c *ctx, ls []line) ([]line, bool) {
	type hit struct {
		i     int
		title string
		lone  bool
	}
	var hits []hit
	next := 1
	for i := range ls {
		f := c.lineFold(&ls[i])
		last, _ := utf8.DecodeLastRuneInString(f)
		if len(f) > 4*counterLineMax || !isCounterRune(last) && !strings.ContainsRune(")）】]:：", last) {
			continue // cheap test first: a counter ends the line
		}
		if m := loneCounter.FindStringSubmatch(f); m != nil {
			if smallNumber(m[1]+m[2]) == next {
				hits, next = append(hits, hit{i: i, lone: true}), next+1
			}
			continue
		}
		m := titledCounter.FindStringSubmatchIndex(f)
		if m == nil || !titleLike(f) {
			continue
		}
		var n string
		if m[4] >= 0 {
			n = f[m[4]:m[5]]
		} else {
			n = f[m[6]:m[7]]
		}
		t := f[m[2]:m[3]]
		if smallNumber(n) != next || !kindEnds(c.fold(trimTitle(c, t))) {
			continue
		}
		a := utf8.RuneCountInString(f[:m[2]])
		b := a + utf8.RuneCountInString(t)
		hits, next = append(hits, hit{i: i, title: strings.TrimSpace(string([]rune(ls[i].p.Text)[a:b]))}), next+1
	}
	if len(hits) == 1 && hits[0].lone {
		// One piece shown: its counter is decoration.
		return append(ls[:hits[0].i], ls[hits[0].i+1:]...), false
	}
	if len(hits) < 2 {
		return ls, false
	}
	for k, h := range hits {
		// The body runs from the line after the counter to the next one.
		from, to := cut{l: h.i + 1}, cut{l: len(ls)}
		if k+1 < len(hits) {
			to = cut{l: hits[k+1].i}
		}
		need := minBodyHan
		if k == len(hits)-1 {
			need = minLastHan
		}
		if hanBetween(ls, from, to) < need {
			return ls, false
		}
	}
	page := ""
	if hits[0].i > 0 {
		page = trimTitle(c, ls[0].p.Text)
	}
	drop := map[int]bool{}
	for _, h := range hits {
		switch {
		case !h.lone:
			ls[h.i].start, ls[h.i].title = true, h.title
			setText(&ls[h.i], h.title)
		case h.i+1 < len(ls) && titleLike(c.lineFold(&ls[h.i+1])) && kindWord(c.lineFold(&ls[h.i+1])):
			ls[h.i+1].start, ls[h.i+1].title = true, ls[h.i+1].p.Text
			drop[h.i] = true
		default:
			ls[h.i].start, ls[h.i].title = true, page
		}
	}
	out := ls[:0]
	for i, l := range ls {
		if !drop[i] {
			out = append(out, l)
		}
	}
	return out, true
}

// smallNumber reads a piece counter (1-99, 一-九十九), or returns -1.
func smallNumber(s string) int {
	if s == "" {
		return -1
	}
	if s[0] >= '0' && s[0] <= '9' {
		return atoiSmall(s)
	}
	n, cur := 0, 0
	for _, r := range s {
		d, ok := hanDigits[r]
		switch {
		case r == '十':
			if cur == 0 {
				cur = 1
			}
			n, cur = n+cur*10, 0
		case ok:
			cur = d
		default:
			return -1
		}
	}
	return n + cur
}

var hanDigits = map[rune]int{'零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func isCounterRune(r rune) bool {
	return r == '篇' || r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十", r)
}

// splitNotice splits a notice that issues a document from the document
// it issues: the notice's title "关于印发X的通知" in the head, its cover
// text (addressees, "现将…印发给你们"), then X's title above X's body.
// When the notice title stands right above X with no cover text, the
// page holds X alone and nothing is split.
func splitNotice(c *ctx, ls []line) bool {
	n, x := -1, ""
	for i := 0; i < len(ls) && i < headScan; i++ {
		f := strings.ReplaceAll(c.lineFold(&ls[i]), " ", "")
		if m := noticeOfIssue.FindStringSubmatch(f); m != nil && titleLike(f) {
			n, x = i, m[1]
			break
		}
	}
	var xs []string
	if n >= 0 {
		// A notice may issue several documents at once ("印发2016年工作总结和
		// 2017年工作要点的通知"): each is attached under its own title.
		xs = append(xs, x)
		if parts := issuedItems.Split(x, -1); len(parts) > 1 {
			for _, p := range parts {
				if hanCount(p) >= 4 && docTypeSuffix(p) != "" {
					xs = append(xs, p)
				}
			}
		}
	}
	// The cover text names what it issues ("现将《X》印发给你们"), also
	// under a notice titled otherwise (关于开展…活动的通知) or untitled.
	for i := max(n+1, 0); i < len(ls) && i < headScan; i++ {
		f := c.lineFold(&ls[i])
		if !strings.Contains(f, "》") || !anyof.Contains(f, coverIssueTriggers) {
			continue
		}
		for _, y := range issuedNames(strings.ReplaceAll(f, " ", "")) {
			if kindEnds(y) {
				xs = append(xs, y)
			}
		}
	}
	// The cover's list of attachments ("附件:1.X" / "2.Y") names them too.
	names, listed := attachmentList(c, ls, max(n+1, 0))
	xs = append(xs, names...)
	if len(xs) == 0 {
		return false
	}
	cover, split := false, false
	for j := n + 1; j+1 < len(ls); j++ {
		f := c.lineFold(&ls[j])
		if listed[j] {
			continue
		}
		g := strings.ReplaceAll(f, " ", "")
		attached := false
		for _, x := range xs {
			attached = attached || g == x || titleCandidate(f) && kindWord(f) && !noticeOfIssue.MatchString(g) && similarTitles(g, x)
		}
		if attached && cover && bodyLine(c.lineFold(&ls[j+1])) {
			ls[0].start = true
			if n >= 0 {
				ls[0].title = ls[n].p.Text
			}
			// An "附件2" label above the title opens the attachment.
			k := j
			if k-1 > 0 && attachmentLabel.MatchString(c.lineFold(&ls[k-1])) {
				k--
			}
			ls[k].start, ls[k].title = true, ls[j].p.Text
			split = true
		}
		cover = cover || bodyLine(f)
	}
	return split
}

// attachmentList returns the document names a notice's cover lists as
// its attachments ("附件:1.X" and the numbered lines after it), and the
// lines of that list, looking at most attachmentScan lines from line i.
func attachmentList(c *ctx, ls []line, i int) ([]string, map[int]bool) {
	var names []string
	var listed map[int]bool
	for end := min(len(ls), i+attachmentScan); i < end; i++ {
		f := c.lineFold(&ls[i])
		if !strings.HasPrefix(f, "附件") {
			continue
		}
		m := attachmentHead.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		if listed == nil {
			listed = map[int]bool{}
		}
		for k := i; k < end; k++ {
			if k > i {
				if m = numberedItem.FindStringSubmatch(c.lineFold(&ls[k])); m == nil {
					break
				}
			}
			name := strings.TrimSpace(m[1])
			if !kindEnds(c.fold(trimTitle(c, name))) {
				break
			}
			names, listed[k] = append(names, strings.ReplaceAll(name, " ", "")), true
		}
	}
	return names, listed
}

// attachmentScan bounds how far into a notice its attachment list is
// looked for.
const attachmentScan = 40

// issuedNames returns the documents a notice's cover sentence issues:
// each 《X》 opened by 现将 or closed, before the sentence ends, by an
// issuing verb and its addressees ("现将《X》印发给你们", "制定了《X》,现
// 印发给你们", "《X》已经…同意,现予印发给各…").
func issuedNames(f string) []string {
	var names, joined []string
	rest := f
	for {
		a := strings.Index(rest, "《")
		if a < 0 {
			return names
		}
		b := strings.Index(rest[a:], "》")
		if b < 0 {
			return names
		}
		x, after := rest[a+len("《"):a+b], rest[a+b+len("》"):]
		n := utf8.RuneCountInString(x)
		ok := n >= 4 && n <= 60 && !strings.Contains(x, "《")
		switch {
		case ok && (strings.HasSuffix(rest[:a], "现将") || issuesAfter(after)):
			// Names joined before it ("《X》和《Y》…印发") are issued too.
			names, joined = append(append(names, joined...), x), nil
		case ok && anyof.Prefix(after, issuedJoins):
			joined = append(joined, x)
		default:
			joined = nil
		}
		rest = rest[a+b:]
	}
}

// issuedJoins join two issued names ("《X》和《Y》").
var issuedJoins = []string{"和《", "及《", "、《", "与《", "以及《"}

// issuesAfter reports whether an issuing verb with its addressees
// (coverIssueTriggers, then 给你们/各/全) follows within a short span,
// before the sentence or another 《title》 begins.
func issuesAfter(s string) bool {
	k := 0
	for i := range s {
		if k++; k > coverIssueSpan {
			return false
		}
		if strings.HasPrefix(s[i:], "。") || strings.HasPrefix(s[i:], "《") {
			return false
		}
		for _, v := range coverIssueVerbs {
			if t, ok := strings.CutPrefix(s[i:], v); ok {
				t = strings.TrimPrefix(t, "给")
				if anyof.Prefix(t, coverIssueTo) {
					return true
				}
			}
		}
	}
	return false
}

// coverIssueTriggers gate the search for issued names; coverIssueVerbs
// and coverIssueTo are the verb and addressees after the name, within
// coverIssueSpan runes.
var (
	coverIssueTriggers = []string{"印发", "下发", "转发", "发给"}
	coverIssueVerbs    = []string{"印发", "下发", "转发", "发"}
	coverIssueTo       = []string{"你们", "各", "全"}
)

const coverIssueSpan = 18

// issuedItems joins the documents one notice issues ("…总结和…要点").
var issuedItems = mustPattern(`》?(?:和|及|与|、|以及)《?`)

// splitExcerpts splits a page listing excerpts of several documents, each
// closed by a "查看全文" link (dropChromeLines marked the line after it):
// a titled line after such a link that a body follows starts a document.
func splitExcerpts(c *ctx, ls []line) bool {
	var starts []int
	for i, l := range ls {
		if !l.brk || i+1 >= len(ls) {
			continue
		}
		f := c.lineFold(&ls[i])
		if titleCandidate(f) && kindWord(f) && bodyLine(c.lineFold(&ls[i+1])) {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return false
	}
	ls[0].start = true
	for _, i := range starts {
		ls[i].start, ls[i].title = true, ls[i].p.Text
	}
	return true
}

// compilationCuts applies rule 2: "(N)" after a title phrase, numbered
// 1, 2, 3 … through the file, each piece long enough to be a document.
func compilationCuts(c *ctx, ls []line) []cut {
	var cuts []cut
	next := 1
	for li := range ls {
		f := c.lineFold(&ls[li])
		var rf, rt []rune // f and the line's text as runes, when needed
		prevByte, prevRune := 0, 0
		for _, m := range compilationMarkers(f) {
			if atoiSmall(f[m[2]:m[3]]) != next {
				continue
			}
			if rf == nil {
				rf, rt = []rune(f), []rune(ls[li].p.Text)
			}
			p := prevRune + utf8.RuneCountInString(f[prevByte:m[0]])
			prevByte, prevRune = m[0], p
			st := p
			for st > 0 && !titleBoundary.has(rf[st-1]) {
				st--
			}
			for st < p && rf[st] == ' ' {
				st++
			}
			t := rf[st:p]
			if len(t) < 6 || len(t) > 40 || hanCount(string(t)) < 4 || isHeading(string(t)) {
				continue
			}
			end := p + utf8.RuneCountInString(f[m[0]:m[1]])
			// The "(N)" is decoration and goes with the title line.
			cuts = append(cuts, cut{l: li, at: st, titleEnd: p, numEnd: p, body: end,
				title: strings.TrimSpace(string(rt[st:p]))})
			next++
		}
	}
	// Every piece must be a document, not a list item; the last may be cut
	// short where the scrape ends.
	for k := range cuts {
		need := minBodyHan
		if k == len(cuts)-1 {
			need = minLastHan
		}
		if hanBetween(ls, cuts[k], cutAfter(cuts, k, ls)) < need {
			return nil
		}
	}
	return cuts
}

func atoiSmall(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// cutAfter returns the cut following cuts[k], or a sentinel at the end.
func cutAfter(cuts []cut, k int, ls []line) cut {
	if k+1 < len(cuts) {
		return cuts[k+1]
	}
	return cut{l: len(ls)}
}

// hanBetween counts the Han body text from a's body to b's start.
func hanBetween(ls []line, a, b cut) int {
	n := 0
	for i := a.l; i < len(ls) && i <= b.l; i++ {
		t := ls[i].p.Text
		from, to := 0, len(t)
		if i == a.l {
			from = runeOffset(t, 0, a.body)
		}
		if i == b.l {
			to = runeOffset(t, 0, b.at)
		}
		if from < to {
			n += hanCount(t[from:to])
		}
	}
	return n
}

// gluedTitleCuts applies rule 3's title test at every line start and after
// every sentence end.
func gluedTitleCuts(c *ctx, ls []line) []cut {
	var cuts []cut
	gaps := 0
	for _, l := range ls {
		gaps += b2i(l.gap)
	}
	spaced := gaps*2 > len(ls)
	for li, l := range ls {
		if l.headTitle || l.explicit {
			// markHead chose this line as the title whole; a document
			// word inside it ("X工作计划总结 X工作计划") is no cut.
			continue
		}
		f := c.lineFold(&ls[li])
		// pos is a byte offset into f: the line start, then each
		// position after a sentence end.
		pos := 0
		for pos >= 0 && pos < len(f) {
			// A line start is a document start only after a finished
			// sentence: hard-wrapped text breaks lines mid-sentence.
			if pos == 0 && li > 0 && !endsSentence(ls[li-1].p.Text) {
				pos = nextSentenceStart(f, pos)
				continue
			}
			k, ok := matchTitle(f, pos, pos == 0)
			if !ok || k.body == len(f) && (!bodyLike(c, ls, li+1) || (spaced && !ls[li+1].gap)) {
				// A title standing alone needs a body after it; in a file
				// that separates paragraphs by blank lines, a next line
				// with no blank before it continues this one.
				pos = nextSentenceStart(f, pos)
				continue
			}
			cuts = append(cuts, runeCut(k, f, li, l.p.Text))
			// The scan goes on at the body, if a sentence starts there.
			if pos = k.body; !afterSentenceStop(f, pos) {
				pos = nextSentenceStart(f, pos)
			}
		}
	}
	return cuts
}

// runeCut turns cut k, found at byte offsets of folded line f, into rune
// offsets into line li with text s, and takes its title from s.
func runeCut(k cut, f string, li int, s string) cut {
	at := utf8.RuneCountInString(f[:k.at])
	r := cut{l: li, at: at,
		titleEnd: at + utf8.RuneCountInString(f[k.at:k.titleEnd]),
		numEnd:   at + utf8.RuneCountInString(f[k.at:k.numEnd]),
		body:     at + utf8.RuneCountInString(f[k.at:k.body])}
	r.title = strings.TrimSpace(string([]rune(s)[r.at:r.titleEnd]))
	return r
}

// nextSentenceStart returns the byte offset in f right after the first
// sentence end (。, ! or ?) at or after byte i, or -1. Each stop is found
// by a vectorised byte search (the full stop by its lead byte, which is
// rare in Chinese text: Han characters lead with E4-E9), window by
// doubling window, so that the work stays in proportion to the distance
// to the stop.
func nextSentenceStart(f string, i int) int {
	for w := 128; i < len(f); w *= 2 {
		end := min(len(f), i+w)
		// A full stop that starts before end lies whole in win.
		win := f[i:min(len(f), end+len("。")-1)]
		k, after := -1, 0
		if j := strings.Index(win, "。"); j >= 0 && i+j < end {
			k, after = j, len("。")
		}
		head := f[i:end]
		if k >= 0 {
			head = head[:k]
		}
		if j := strings.IndexByte(head, '!'); j >= 0 {
			k, after, head = j, 1, head[:j]
		}
		if j := strings.IndexByte(head, '?'); j >= 0 {
			k, after = j, 1
		}
		if k >= 0 {
			return i + k + after
		}
		i = end
	}
	return -1
}

// afterSentenceStop reports whether byte offset i of f follows a sentence
// end (。, ! or ?).
func afterSentenceStop(f string, i int) bool {
	return i > 0 && (f[i-1] == '!' || f[i-1] == '?' || strings.HasSuffix(f[:i], "。"))
}

// bodyLike reports whether line i can open a document body.
func bodyLike(c *ctx, ls []line, i int) bool {
	if i >= len(ls) {
		return false
	}
	f := c.lineFold(&ls[i])
	return hanCount(f) >= 15 || isHeading(f) || docNumber.MatchString(f)
}

// docTypeEnds holds the last runes of docTypes: most positions of a line
// end no document word.
var docTypeEnds = lastRunes(docTypes)

// matchTitle tests for a title starting at byte pos of folded text f. At
// a line start any body may follow; after a sentence end only a body
// opening, a heading or a document number may. The cut it returns holds
// byte offsets into f.
func matchTitle(f string, pos int, lineStart bool) (cut, bool) {
	full := len(f)
	for pos < len(f) && f[pos] == ' ' {
		pos++
	}
	// A title ends in a document word within 45 runes and holds no clause
	// punctuation.
	end := -1
	for i, n := pos, 0; i < len(f) && n < 45; n++ {
		r, size := utf8.DecodeRuneInString(f[i:])
		i += size
		if titleForbidden.has(r) {
			return cut{}, false
		}
		if n+1 < 6 || !docTypeEnds.has(r) {
			continue
		}
		if t := docTypeSuffix(f[pos:i]); t != "" {
			if rest := f[pos : i-len(t)]; rest != "" {
				if b, _ := utf8.DecodeLastRuneInString(rest); coordinators[b] || docWordVerbs[b] {
					return cut{}, false
				}
			}
			end = i
			break
		}
	}
	if end < 0 {
		return cut{}, false
	}
	// Work on a window: a title and its follower are short, and reading
	// the whole paragraph at every sentence end would be quadratic.
	w := f[:runeOffset(f, pos, 120)]
	if isHeading(w[pos:]) {
		return cut{}, false
	}
	for extended := true; extended; {
		extended = false
		for _, t := range docTypes {
			if strings.HasPrefix(w[end:], t) {
				end += len(t)
				extended = true
				break
			}
		}
	}
	end = conjoinedTitleEnd(w, end)
	if anyof.Prefix(w[end:], docWordCompounds) {
		return cut{}, false // 计划生育, 报告会: the word goes on
	}
	t := w[pos:end]
	if hanCount(t) < 5 || anyof.Contains(strings.TrimSuffix(t, docTypeSuffix(t)), notTitleWords) || startsWithLong(t, bodyStarts) || anyof.Prefix(t, titleNeverStarts) {
		return cut{}, false
	}
	if !titleShaped(t) {
		return cut{}, false
	}
	k := cut{at: pos, titleEnd: end, numEnd: end}
	after := end
	hasNum := false
	if m := docNumber.FindStringIndex(w[after:]); m != nil {
		after += m[1]
		k.numEnd, hasNum = after, true
	}
	for after < len(w) && w[after] == ' ' {
		after++
	}
	if strings.HasPrefix(w[after:], t) {
		after += len(t) // the title written twice
	}
	k.body = after
	if after == full {
		return k, lineStart
	}
	if after == len(w) {
		return cut{}, false
	}
	follow := w[after:]
	r, _ := utf8.DecodeRuneInString(follow)
	switch {
	case hasNum, isHeading(follow), anyof.Prefix(follow, bodyStarts), yearBodyStart.MatchString(follow):
		return k, true
	case lineStart && (isHan(r) || unicode.IsLetter(r)) && !anyof.Prefix(follow, titleContinuations):
		return k, true
	}
	return cut{}, false
}

// conjoinedTitleEnd extends a title that ends at byte end of w over a
// second part joined by a conjunction ("…工作总结及 2026 年工作思路"): the
// part must end in a document word within a short span and hold no clause
// punctuation.
func conjoinedTitleEnd(w string, end int) int {
	if end >= len(w) {
		return end
	}
	start := runeOffset(w, end, 1)
	if !anyof.Prefix(w[end:start], titleConjunctions) {
		return end
	}
	for i, n := start, 1; i < len(w) && n < 25; n++ {
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		if titleForbidden.has(r) {
			return end
		}
		s := w[start:i]
		if docTypeSuffix(s) != "" || anyof.Suffix(s, titleSecondKinds) {
			if i < len(w) && anyof.Prefix(w[i:runeOffset(w, i, 2)], docWordCompounds) {
				continue
			}
			return i
		}
	}
	return end
}

// startsWithLong is anyof.Prefix over the words of two or more runes: a
// title may begin with 为 or 在 as a name does, not with 根据 or 按照.
func startsWithLong(s string, words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 2 && strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// filterCuts keeps rule-3 cuts whose documents carry a real body: a cut
// that would leave less than minBodyHan since the previous kept cut is
// dropped (its "title" is then just a line of the previous document).
func filterCuts(ls []line, cuts []cut) []cut {
	var kept []cut
	for _, k := range cuts {
		if len(kept) > 0 && hanBetween(ls, kept[len(kept)-1], k) < minBodyHan {
			continue
		}
		kept = append(kept, k)
	}
	for len(kept) > 0 && hanBetween(ls, kept[len(kept)-1], cut{l: len(ls)}) < minBodyHan {
		kept = kept[:len(kept)-1]
	}
	return kept
}

// applyCuts splits lines at the cuts: text before a cut stays with the
// previous document, the title becomes its own starting line, a document
// number its own line, and the body continues on a line of its own.
func applyCuts(ls []line, cuts []cut) []line {
	byLine := map[int][]cut{}
	for _, k := range cuts {
		byLine[k.l] = append(byLine[k.l], k)
	}
	out := make([]line, 0, len(ls)+2*len(cuts))
	for i, l := range ls {
		ks := byLine[i]
		if len(ks) == 0 {
			out = append(out, l)
			continue
		}
		rs := []rune(l.p.Text)
		pos := 0
		piece := func(a, b int, start bool, title string) {
			t := strings.TrimSpace(string(rs[a:b]))
			if t == "" {
				return
			}
			n := l
			n.start, n.title = start, title
			if !start {
				n.headTitle, n.explicit = false, false
			}
			n.gap = l.gap && a == 0
			if start || b-a < len(rs) {
				// A cut piece is a new paragraph: container hints
				// describing the whole line no longer apply to it.
				n.p = raw.Para{Page: l.p.Page, InTable: l.p.InTable}
				if a == 0 {
					n.p = l.p
				}
			}
			setText(&n, t)
			out = append(out, n)
		}
		for _, k := range ks {
			piece(pos, k.at, false, "")
			piece(k.at, k.titleEnd, true, k.title)
			if k.numEnd > k.titleEnd {
				piece(k.titleEnd, k.numEnd, false, "")
			}
			pos = k.body
		}
		piece(pos, len(rs), false, "")
	}
	return out
}

// assemble groups lines into parts. Lines before the first document start
// are a preamble: a page title with no body is dropped, a real body is
// kept as a document of its own.
func assemble(name string, c *ctx, ls []line) []Part {
	var groups [][]line
	first := 0
	for first < len(ls) && !ls[first].start {
		first++
	}
	start := first
	if pre := ls[:first]; len(pre) > 0 && (first == len(ls) || preambleHasBody(c, pre)) {
		if first < len(ls) && hanCount(linesText(pre)) < minBodyHan {
			// A few sentences before the first title ("各位代表！我代表
			// 国务院…"): too short for a document of their own, they open
			// the first one rather than being lost.
			start = 0
		} else {
			groups = append(groups, pre)
		}
	}
	for i := start; i < len(ls); {
		j := max(i, first) + 1
		for j < len(ls) && !ls[j].start {
			j++
		}
		groups = append(groups, ls[i:j])
		i = j
	}
	parts := make([]Part, 0, len(groups))
	for _, g := range groups {
		p := Part{Title: g[0].title}
		if t := headTitle(g); t != "" && (p.Title == "" || g[headTitleIndex(g)].explicit) {
			p.Title = t
		}
		if p.Title == "" {
			p.Title = firstTitle(c, g)
		}
		if p.Title != "" {
			// The title line loses the site's decorations with the title.
			if g[0].p.Text == p.Title {
				setText(&g[0], trimTitleLine(c, p.Title))
			}
			p.Title = trimTitle(c, p.Title)
		}
		if p.Title == "" {
			p.Title = baseName(name)
		}
		n := len(g)
		for k := 1; k < len(g); k++ {
			if g[k].gap {
				n++
			}
		}
		p.Paras = make([]raw.Para, 0, n)
		for k, l := range g {
			if l.gap && k > 0 {
				p.Paras = append(p.Paras, raw.Para{})
			}
			p.Paras = append(p.Paras, l.p)
		}
		parts = append(parts, p)
	}
	return parts
}

// headTitleIndex returns the index of the line markHead chose as the
// title among the first lines of group g, or -1.
func headTitleIndex(g []line) int {
	for i := 0; i < len(g) && i < headScan; i++ {
		if g[i].headTitle || g[i].explicit {
			return i
		}
	}
	return -1
}

// headTitle returns the text of the line markHead chose, or "".
func headTitle(g []line) string {
	if i := headTitleIndex(g); i >= 0 {
		return g[i].p.Text
	}
	return ""
}

// linesText joins the lines' text.
func linesText(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.p.Text)
	}
	return b.String()
}

// preambleHasBody reports whether lines before the first title hold more
// than page titles.
func preambleHasBody(c *ctx, ls []line) bool {
	n := 0
	for _, l := range ls {
		f := c.fold(l.p.Text)
		if titleLike(f) {
			continue
		}
		n += hanCount(l.p.Text)
		// One finished sentence is text a reader wrote: never dropped.
		if t := strings.TrimRight(strings.TrimSpace(l.p.Text), "”’」』)）\""); hanCount(t) >= minSentenceHan &&
			(strings.HasSuffix(t, "。") || strings.HasSuffix(t, "！") || strings.HasSuffix(t, "？")) {
			return true
		}
	}
	return n >= 60
}

// minSentenceHan is the least Han text of a line before the first title
// that is kept as a document's body because it ends a sentence.
const minSentenceHan = 15

// titleLike reports whether folded f reads as a title line: short, no
// sentence punctuation, no outline number, not a salutation ("各位代表：").
func titleLike(f string) bool {
	n := runesUpTo(f, 61)
	if n < 4 || n > 60 || hanCount(f) < 4 || isHeading(f) {
		return false
	}
	if containsAnyRune(f, "。!?;！？；") {
		return false
	}
	return !strings.HasSuffix(f, ":") && !strings.HasSuffix(f, ",") && !startsWithLong(f, bodyStarts)
}

// firstTitle returns the first title-like line among the first few of a
// document that names a document kind (…工作总结, …报告), or "".
func firstTitle(c *ctx, ls []line) string {
	for i, l := range ls {
		if i >= 5 {
			break
		}
		f := c.fold(l.p.Text)
		if titleLike(f) && anyof.Contains(f, docTypes) {
			return l.p.Text
		}
	}
	return ""
}

// titleShaped reports whether folded t reads as the title of an
// institutional document: it names an issuer or an undertaking
// (卫生院, 支部, 活动, 工作…), and a 的 in it belongs to a 关于… frame or an
// undertaking rather than to a noun phrase in a sentence (1956年的国民经济计划).
func titleShaped(t string) bool {
	org, act := anyof.Contains(t, titleOrgWords), anyof.Contains(t, titleActWords)
	if !org && !act {
		return false
	}
	if strings.Count(t, "、") >= 2 {
		return false // an enumeration inside a sentence
	}
	switch strings.Count(t, "的") {
	case 0:
		return true
	case 1:
		// 关于…的, or …活动的实施方案: the 的 closes the undertaking.
		d := strings.Index(t, "的")
		return strings.Contains(t, "关于") || (act && anyof.Contains(t[:d], titleActWords))
	}
	return false
}
