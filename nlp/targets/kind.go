package targets

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Plan or achieved is read from evidence of falling strength:
//
//  1. a tense or aspect word in the figure's sentence (计划, 将, 力争, 确保, 要;
//     了, 已, 累计, 共计, 现有, 截至), the nearest one winning;
//  2. the heading the figure sits under, from the outline or from heading
//     markers found inside flattened lines (一、2025年工作总结 … 二、2026年工作计划),
//     the nearest heading winning;
//  3. a document that reviews one year and plans the next (…工作总结及2026年
//     工作计划) reports until its plan part begins;
//  4. the document type: summaries, reports and experience material look
//     back, plans, schemes and notices look ahead;
//  5. weak words in the sentence: norms (不少于, 至少), estimates (预计) and
//     comparisons with last year (同比增长);
//  6. for a document of unknown type, a vote of its tense words.

// docKind holds what is known about a document's tense before any figure
// is read; it is built once per document, on the first figure.
type docKind struct {
	docType string
	byType  string // kind given by the document type; "" when the type does not say
	vote    string // kind by the document's own tense words, read when first needed
	f       []rune
	segs    []kindSeg // kinds of the text after heading markers, in text order
	// review is where the plan part of a review-and-plan document begins
	// (-1 when the document is not one).
	review       int
	headingsRead bool
}

// kindSeg: from pos on, the headings above the text give kind; from is
// where the deciding heading stands.
type kindSeg struct {
	pos, from int
	kind      string
}

func newDocKind(f []rune, docType string) *docKind {
	dk := &docKind{docType: docType, review: -1, f: f}
	switch {
	case backwardType(docType):
		dk.byType = doc.KindAchieved
	case forwardType(docType):
		dk.byType = doc.KindPlan
	}
	// What the text says of itself (现将考核情况通报如下) outweighs a type
	// read from a title a site may have made up; a title line tells a
	// document of unknown type (回眸2024年党建工作), and which kind of
	// notice it is (…的通报 reports, …的通知 announces).
	if k := statedKind(f); k != "" {
		dk.byType = k
	} else if dk.byType == "" || docType == doc.TypeNotice {
		if k := titleKind(f); k != "" {
			dk.byType = k
		}
	}
	return dk
}

// statedKind reads the first telling statement of what the text is, near
// its top: 现将全年工作总结如下 looks back, 现制定如下实施方案 and 现将有关
// 事项通知如下 look ahead. "" when none tells (名单如下).
func statedKind(f []rune) string {
	head := f
	if len(head) > maxStatementLook {
		head = head[:maxStatementLook]
	}
	for k := 0; k+1 < len(head); k++ {
		if head[k] != '如' || head[k+1] != '下' {
			continue
		}
		// The word before 如下 first (工作总结如下), then one soon after it
		// (如下实施方案, 如下工作计划).
		for w, kind := range statementWords {
			if l := utf8.RuneCountInString(w); k-l >= 0 && hasAt(head, k-l, w) {
				return kind
			}
		}
		for j := k + 2; j < len(head) && j <= k+2+maxStatementGap; j++ {
			for w, kind := range statementWords {
				if hasAt(head, j, w) {
					return kind
				}
			}
		}
	}
	return ""
}

// titleKind reads the tense of the document's first line when it is
// shaped as a title: short, without a sentence end.
func titleKind(f []rune) string {
	k, e := firstLineStart(f), firstLineEnd(f)
	if e-k > maxTitleLine {
		return ""
	}
	for p := k; p < e; p++ {
		if isBreak(f, p, sentenceBreaks) {
			return ""
		}
	}
	h := string(f[k:e])
	kind := headingKind(h)
	// The type word of a title stands last (…考核情况的通报, …工作的通知).
	last := -1
	for w, wk := range titleTypeKinds {
		if i := strings.LastIndex(h, w); i > last {
			last, kind = i, wk
		}
	}
	return kind
}

// firstLineStart returns where the first non-blank line of f starts.
func firstLineStart(f []rune) int {
	k := 0
	for k < len(f) && (f[k] == '\n' || f[k] == '\r' || isInlineSpace(f[k])) {
		k++
	}
	return k
}

// firstLineEnd returns where the first non-blank line of f ends.
func firstLineEnd(f []rune) int {
	k := firstLineStart(f)
	for k < len(f) && f[k] != '\n' && f[k] != '\r' {
		k++
	}
	return k
}

// readHeadings finds the in-text headings and the plan part of a
// review-and-plan document, once, when a figure first needs them.
func (dk *docKind) readHeadings() {
	if dk.headingsRead {
		return
	}
	dk.headingsRead = true
	f := dk.f
	dk.segs = headingZones(f)
	if reviewAndPlan(f) {
		dk.review = len(f)
		for _, s := range dk.segs {
			if s.kind == doc.KindPlan {
				dk.review = s.pos
				break
			}
		}
	}
}

// kindOf decides the kind of q, whose clause ends at ce.
func (dk *docKind) kindOf(v *view, q quantity, ce int, secs []doc.Section) string {
	f := v.f
	ss := sentenceStart(f, q.start)
	if k := nearestCue(f, q, ss, ce, planCueSet, achievedCueSet); k != "" {
		return k
	}
	dk.readHeadings()
	// The nearer heading decides: the outline's deepest section holding
	// the figure, or the last heading marker read inside the text. The
	// latter wins when the outline missed headings of a flattened line.
	sk, sAt := sectionKind(v.doc, secs, v.at(q.start))
	zk, zAt := dk.zoneKind(q.start)
	k := sk
	if zAt >= 0 && v.at(zAt) > sAt {
		k = zk
	}
	if k != "" {
		return k
	}
	if dk.review >= 0 {
		if q.start < dk.review {
			return doc.KindAchieved
		}
		return doc.KindPlan
	}
	if dk.byType != "" {
		return dk.byType
	}
	if k := nearestCue(f, q, ss, ce, weakPlanCueSet, weakAchievedCueSet); k != "" {
		return k
	}
	if dk.vote == "" {
		dk.vote = voteKind(dk.f)
	}
	return dk.vote
}

// nearestCue returns the kind of the tense word nearest to q in the
// sentence [ss, ce): plan words from plans, achieved words from achieved.
// Words after the number weigh half, and words further than the cue reach
// do not speak for it (a flattened page may run a sentence over hundreds of
// runes).
func nearestCue(f []rune, q quantity, ss, ce int, plans, achieved cueSet) string {
	best, bestDist := "", 1<<30
	if q.start-ss > maxCueBefore && !leadsList(f, ss, q.start-maxCueBefore) {
		ss = q.start - maxCueBefore
	}
	if ce-q.end > maxCueAfter {
		ce = q.end + maxCueAfter
	}
	scan := func(cues cueSet, kind string) {
		for k := ss; k < ce; k++ {
			for _, c := range cues[f[k]] {
				if !hasAt(f, k, c) || falseCueAt(f, k) || notTenseAt(f, k, c) {
					continue
				}
				d := q.start - k
				if d < 0 {
					if k < q.end {
						continue
					}
					d = (k - q.end) * 2
				}
				if d < bestDist {
					best, bestDist = kind, d
				}
			}
		}
	}
	scan(plans, doc.KindPlan)
	scan(achieved, doc.KindAchieved)
	return best
}

// leadsList reports a colon in f[ss:e]: the words before it lead a list
// (今年发展主要预期目标是：…；…；…) and speak for every item of it.
func leadsList(f []rune, ss, e int) bool {
	for k := ss; k < e; k++ {
		if f[k] == ':' {
			return true
		}
	}
	return false
}

// sectionKind reads the outline headings above document offset pos, the
// deepest telling one first; it returns the kind ("" when none tells) and
// where the deepest section holding pos starts (-1 when none does).
func sectionKind(text *runeText, secs []doc.Section, pos int) (string, int) {
	kind, at := "", -1
	for len(secs) > 0 {
		hit := sectionAt(secs, pos)
		if hit == nil {
			break
		}
		if k := headingKind(headingHead(text, *hit)); k != "" {
			kind = k
		}
		at = hit.Start
		secs = hit.Children
	}
	return kind, at
}

// headingHead is the folded head of a section's heading as the text
// writes it: from its title to the first clause break, at most
// maxHeadingPhrase runes, because a title may run on into the body
// (2、学习形式多样化利用…平台开展线上学习，…通报一次学习情况) or stop short of the
// heading's last words (医院党建工作任务 | 落实情况).
func headingHead(text *runeText, s doc.Section) string {
	h := s.Title
	if line := text.line(s.Start, maxHeadingLine); line != "" && s.Title != "" {
		if i := strings.Index(line, s.Title); i >= 0 {
			h = line[i:]
		}
	}
	return headingPhrase([]rune(fold.Text(h)), 0)
}

// zoneKind returns the kind the in-text headings give view offset p, and
// where the last heading marker before p stands (-1 when none does).
func (dk *docKind) zoneKind(p int) (string, int) {
	i := sort.Search(len(dk.segs), func(i int) bool { return dk.segs[i].pos > p }) - 1
	if i < 0 {
		return "", -1
	}
	return dk.segs[i].kind, dk.segs[i].pos
}

// zoneEntry is one open heading while reading the text.
type zoneEntry struct {
	level float64
	kind  string
	from  int
}

// headingZones finds heading markers in the folded text, also inside
// flattened lines (…作出安排。一、2025年工作总结(一)基本医疗…), reads the
// tense of each heading, and returns the kind in force after each marker:
// the innermost open heading that tells one. A 一、 heading closes the
// previous 一、 and all below it; a (一) heading closes the previous (一); a
// sentence opening with 下一步/今后 starts a forward part that the next
// heading of its level or above closes.
func headingZones(f []rune) []kindSeg {
	var segs []kindSeg
	var stack []zoneEntry
	// The first line is the document's title, not a part heading: its
	// tense is the document's, read with the type (titleKind).
	title := firstLineStart(f)
	push := func(pos int, e zoneEntry) {
		for len(stack) > 0 && stack[len(stack)-1].level >= e.level {
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, e)
		s := kindSeg{pos: pos, from: -1}
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].kind != "" {
				s.kind, s.from = stack[i].kind, stack[i].from
				break
			}
		}
		segs = append(segs, s)
	}
	for k := 0; k < len(f); k++ {
		r := f[k]
		// Most runes follow a rune that cannot end a sentence: test that
		// first, it is the hot path.
		atOpen := k == 0 || mayOpen(f[k-1]) && openerBefore(f, k)
		switch {
		case atOpen && isCnStart(r):
			n, ok := parseNumber(f, k)
			if !ok || n.end >= len(f) || f[n.end] != '、' || n.val < 1 || n.val > 30 {
				continue
			}
			e := n.end + 1
			push(k, zoneEntry{level: 1, kind: headingKind(headingPhrase(f, e)), from: k})
			k = e - 1
		case atOpen && r == '第':
			n, ok := parseNumber(f, k+1)
			if !ok || !n.cn || !hasAt(f, n.end, "部分") {
				continue
			}
			e := n.end + 2
			push(k, zoneEntry{level: 0.5, kind: headingKind(headingPhrase(f, e)), from: k})
			k = e - 1
		case r == '(' && k+1 < len(f) && isCnStart(f[k+1]):
			n, ok := parseNumber(f, k+1)
			if !ok || n.end >= len(f) || f[n.end] != ')' || n.val < 1 || n.val > 30 {
				continue
			}
			e := n.end + 1
			push(k, zoneEntry{level: 2, kind: headingKind(headingPhrase(f, e)), from: k})
			k = e - 1
		case atOpen:
			if forwardOpener(f, k) {
				level := 0.5
				if len(stack) > 0 {
					level = stack[len(stack)-1].level + 0.5
				}
				push(k, zoneEntry{level: level, kind: doc.KindPlan, from: k})
			} else if k == title {
				continue
			} else if kind, e := shapedHeading(f, k); kind != "" {
				// A part heading without a marker (2026年工作计划：…) stands
				// above the 一、 headings that follow it.
				push(k, zoneEntry{level: 0.5, kind: kind, from: k})
				k = e - 1
			}
		}
	}
	return segs
}

// forwardOpener reports a sentence opening with 下一步, 今后, 明年 at k.
func forwardOpener(f []rune, k int) bool {
	for _, w := range forwardOpenerSet[f[k]] {
		if hasAt(f, k, w) {
			return true
		}
	}
	return false
}

// shapedHeading reads a heading written without a marker at the start of
// a sentence (2026年工作计划：1.…, 下半年工作打算\n): a short phrase ending in a
// section word, then a colon, a line end or a list marker. It returns the
// heading's kind and end; a review-and-plan title (…总结及…计划) gives none.
func shapedHeading(f []rune, k int) (string, int) {
	// Most sentences run on to a comma or a full stop: look for the end a
	// heading needs before looking up any word.
	end := -1
	for p := k; p < len(f) && p-k <= maxShapedHeading+1; p++ {
		if r := f[p]; r == '\n' || r == '\r' || r == ':' || r == '(' || isBreak(f, p, clauseBreaks) {
			end = p
			break
		}
	}
	if end < 0 || !headingShapedEnd(f, end) && !(end > k && headingShapedEnd(f, end-1)) {
		return "", 0
	}
	for p := k; p < len(f) && p-k < maxShapedHeading; p++ {
		if p > k && isBreak(f, p, clauseBreaks) {
			return "", 0
		}
		for _, w := range sectionWordSet[f[p]] {
			if !hasAt(f, p, w) {
				continue
			}
			e := p + len([]rune(w))
			if e-k < minShapedHeading || !headingShapedEnd(f, e) {
				continue
			}
			h := string(f[k:e])
			if strings.ContainsAny(h, titleJoiners) && planAndReview(h) {
				return "", 0
			}
			return headingKind(h), e
		}
	}
	return "", 0
}

// headingShapedEnd reports what may follow a heading written without a
// marker: a colon, a line end, the end of the text, or a list marker.
func headingShapedEnd(f []rune, e int) bool {
	for e < len(f) && isInlineSpace(f[e]) {
		e++
	}
	if e >= len(f) {
		return true
	}
	r := f[e]
	if r == ':' || r == '\n' || r == '\r' || r == '(' {
		return true
	}
	// A list marker: 1. 1、 一、 (not 计划2026年…).
	return (isArabic(r) || isCnStart(r)) && e+1 < len(f) && (f[e+1] == '、' || f[e+1] == '.')
}

// planAndReview reports a heading holding words of both kinds.
func planAndReview(h string) bool {
	has := func(words []string) bool {
		for _, w := range words {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	}
	return has(planSections) && has(achievedSections)
}

// mayOpen reports a rune that may stand before a heading: one of
// headingOpeners, or what openerBefore skips (a switch: asked for every
// rune; TestOpenerRunes keeps it in step with headingOpeners).
func mayOpen(r rune) bool {
	switch r {
	case '\n', '\r', '。', ';', '!', '?', ':', ')', '】', '>', '*', '#':
		return true
	}
	return isInlineSpace(r)
}

// openerBefore reports whether the rune before k ends a line or a
// sentence (spaces and emphasis marks between are skipped), so that k may
// open a heading.
func openerBefore(f []rune, k int) bool {
	j := k - 1
	for j >= 0 && (isInlineSpace(f[j]) || f[j] == '*' || f[j] == '#') {
		j--
	}
	return j < 0 || strings.ContainsRune(headingOpeners, f[j])
}

// headingPhrase is the heading text after a marker at e: up to the first
// clause break, an opening bracket or maxHeadingPhrase runes.
func headingPhrase(f []rune, e int) string {
	k := e
	for k < len(f) && k-e < maxHeadingPhrase && !strings.ContainsRune(headingEnds, f[k]) {
		k++
	}
	return string(f[e:k])
}

// reviewAndPlan reports a document whose title reviews one period and
// plans the next (2025年工作总结及2026年工作计划): a review word, a joining
// word, then a plan word, near the start of the text.
func reviewAndPlan(f []rune) bool {
	head := f
	if len(head) > maxTitleLook {
		head = head[:maxTitleLook]
	}
	for k := range head {
		for _, w := range titleReviewWords {
			if !hasAt(head, k, w) {
				continue
			}
			e := k + len([]rune(w))
			for j := e; j < len(head) && j-e <= maxTitleGap; j++ {
				if strings.ContainsRune(clauseBreaks, head[j]) && head[j] != '、' {
					break
				}
				if !strings.ContainsRune(titleJoiners, head[j]) {
					continue
				}
				for p := j + 1; p < len(head) && p-j <= maxTitleGap; p++ {
					for _, pw := range titlePlanWords {
						if hasAt(head, p, pw) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// cueSet indexes cue words by their first rune, so a sentence is scanned
// once instead of once per cue word.
type cueSet map[rune][]string

func newCueSet(words []string) cueSet {
	m := cueSet{}
	for _, w := range words {
		for _, r := range w {
			m[r] = append(m[r], w)
			break
		}
	}
	return m
}

var (
	planCueSet         = newCueSet(planCues)
	achievedCueSet     = newCueSet(achievedCues)
	weakPlanCueSet     = newCueSet(weakPlanCues)
	weakAchievedCueSet = newCueSet(weakAchievedCues)
	forwardOpenerSet   = newCueSet(forwardOpeners)
	disposalVerbSet    = newCueSet(disposalVerbs)
	areaDivisionSet    = newCueSet(areaDivisions)
	textPartSet        = newCueSet(textParts)
	sectionWordSet     = newCueSet(append(append([]string(nil), planSections...), achievedSections...))
	sectionWordKind    = func() map[string]string {
		m := map[string]string{}
		for _, w := range achievedSections {
			m[w] = doc.KindAchieved
		}
		for _, w := range planSections {
			m[w] = doc.KindPlan
		}
		return m
	}()
)

// forwardType reports document types that look ahead.
func forwardType(docType string) bool {
	return docType == doc.TypePlan || docType == doc.TypeScheme || docType == doc.TypeNotice
}

// backwardType reports document types that look back.
func backwardType(docType string) bool {
	return docType == doc.TypeSummary || docType == doc.TypeExperience || docType == doc.TypeReport
}

// defaultKind is the kind of a figure with no tense cue and no telling
// heading: the document type's, or for a document of unknown type the vote
// of its own tense words.
func defaultKind(docType string, f []rune) string {
	switch {
	case backwardType(docType):
		return doc.KindAchieved
	case forwardType(docType):
		return doc.KindPlan
	}
	return voteKind(f)
}

// voteKind reads a document by its tense words: a news report of an event
// is a report; otherwise more look-back words (近年来, 先后, 以来, 了) than
// forward ones (将, 力争, 计划) make it one.
func voteKind(f []rune) string {
	if eventReport(f) {
		return doc.KindAchieved
	}
	count := func(cues cueSet) int {
		n := 0
		for k, r := range f {
			for _, c := range cues[r] {
				if hasAt(f, k, c) && !falseCueAt(f, k) && !notTenseAt(f, k, c) {
					n++
				}
			}
		}
		return n
	}
	if count(achievedCueSet) > count(planCueSet) {
		return doc.KindAchieved
	}
	return doc.KindPlan
}

// eventReport reports a document that opens as news of an event: a date
// or 近日 at the start of a sentence or clause near the top, followed in the
// same sentence by a verb of holding (3月5日，医院召开…; 近日，…举办…), and
// not announced ahead (定于3月5日召开).
func eventReport(f []rune) bool {
	head := f
	if len(head) > maxEventLook {
		head = head[:maxEventLook]
	}
	for k := 0; k < len(head); k++ {
		if k > 0 && !isBreak(head, k-1, clauseBreaks) && !isInlineSpace(head[k-1]) {
			continue
		}
		e := eventDateEnd(head, k)
		if e < 0 || precededBy(head, k, aheadWords, 0) {
			continue
		}
		for j := e; j < len(head) && j-e <= maxEventGap && !isBreak(head, j, sentenceBreaks); j++ {
			for _, w := range eventVerbs {
				if hasAt(head, j, w) {
					return true
				}
			}
		}
	}
	return false
}

// eventDateEnd returns where a date opening at k ends (3月5日, 2026年2月5日
// 上午, 近日), or -1.
func eventDateEnd(f []rune, k int) int {
	for _, w := range eventDays {
		if hasAt(f, k, w) {
			return k + len([]rune(w))
		}
	}
	n, ok := parseNumber(f, k)
	if !ok || n.end >= len(f) {
		return -1
	}
	j := n.end
	if f[j] == '年' {
		if m, ok := parseNumber(f, j+1); ok && m.end < len(f) && f[m.end] == '月' {
			j = m.end
		} else {
			return -1
		}
	}
	if f[j] != '月' {
		return -1
	}
	d, ok := parseNumber(f, j+1)
	if !ok || d.end >= len(f) || (f[d.end] != '日' && f[d.end] != '号') {
		return -1
	}
	return d.end + 1
}

// headingKind reads the tense of a folded heading. When it holds words of
// both kinds the last one decides, because a Chinese noun phrase puts its
// head last (重点工作完成情况 is a report, 工作回顾及2027年打算 a plan).
func headingKind(h string) string {
	kind := ""
	for p, r := range h {
		for _, w := range sectionWordSet[r] {
			if strings.HasPrefix(h[p:], w) {
				kind = sectionWordKind[w]
				break
			}
		}
	}
	return kind
}

// notTenseAt reports a cue word c at k used in a sense that says nothing of
// tense: 将 marking the object of a disposal verb (将意识形态工作纳入考核,
// but 将纳入考核 is future), a purpose clause (…，确保全年无事故), or a noun
// (纳入学习计划, 工作计划,…).
func notTenseAt(f []rune, k int, c string) bool {
	e := k + utf8.RuneCountInString(c)
	if disposalMarkers[c] {
		if k > 0 && f[k-1] == '已' || k > 1 && f[k-2] == '已' && f[k-1] == '经' {
			return true // 已将经费全部下拨: the object marker after a perfective
		}
		for j := e + 1; j < len(f) && j-e <= maxDisposalObject; j++ {
			if isBreak(f, j, clauseBreaks) {
				break
			}
			for _, w := range disposalVerbSet[f[j]] {
				if hasAt(f, j, w) {
					return true
				}
			}
		}
		return false
	}
	if purposeCues[c] {
		j := k - 1
		for j >= 0 && isInlineSpace(f[j]) {
			j--
		}
		return j >= 0 && isBreak(f, j, clauseBreaks) && f[j] != ':' && !isBreak(f, j, sentenceBreaks)
	}
	if nounCues[c] {
		if e < len(f) && (isBreak(f, e, clauseBreaks) || strings.ContainsRune(nounCueHeads, f[e])) {
			return true
		}
		return precededBy(f, k, nounCueOwners, 0)
	}
	return false
}

// falseCueAt reports a word at or around k that contains a cue without its
// meaning (主要, 将近, 为了).
func falseCueAt(f []rune, k int) bool {
	for _, w := range falseIndex[f[k]] {
		if st := k - w.off; st >= 0 && hasAt(f, st, w.word) {
			return true
		}
	}
	return false
}

// wordAt is a word (a false cue, an idiom) holding a rune at offset off.
type wordAt struct {
	word string
	off  int
}

// falseIndex lists the false cue words by each rune they hold, so that a
// cue is checked against the few words that could cover it.
var falseIndex = func() map[rune][]wordAt {
	m := map[rune][]wordAt{}
	for _, w := range falseCues {
		for off, r := range []rune(w) {
			m[r] = append(m[r], wordAt{w, off})
		}
	}
	return m
}()
