package clean

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/internal/anyof"
)

// Page-number debris: a document viewer glued its page numbers to the
// start of each page ("发展\n2、对象"). Real list items look alike, so the
// numbers are removed only when they form one monotone run k, k+1, … over
// the file in which most breaks fall mid-sentence after a long line.
const (
	debrisMinRun      = 3  // numbered lines in the run
	debrisMinBreaks   = 2  // of which break a sentence
	debrisLongLine    = 40 // runes: a page is long, a heading is not
	debrisBreakShare2 = 1  // breaks*2 >= (run-1)*debrisBreakShare2: at least half
)

// endsSentence reports whether s ends a sentence or clause, looking past
// closing quotes and brackets.
func endsSentence(s string) bool {
	t := strings.TrimSpace(s)
	for t != "" {
		r, size := utf8.DecodeLastRuneInString(t)
		if !closers.has(r) {
			return sentenceEnd.has(r)
		}
		t = t[:len(t)-size]
		if p, _ := utf8.DecodeLastRuneInString(t); t != "" && sentenceEnd.has(p) {
			return true
		}
	}
	return false
}

// midSentenceBreak reports whether prev is a long line cut off mid-sentence.
func midSentenceBreak(prev string) bool {
	return utf8.RuneCountInString(prev) >= debrisLongLine && !endsSentence(prev)
}

// joinPageDebris finds the page-number run, strips the numbers and joins
// each page that starts mid-sentence to the line before it.
func joinPageDebris(_ *ctx, ls []line) []line {
	nums := make([]int, len(ls))
	for i, l := range ls {
		nums[i] = -1
		if m := pageNumberPrefix.FindStringSubmatch(l.p.Text); m != nil {
			nums[i], _ = strconv.Atoi(m[1])
		}
	}
	// Longest chain of consecutive numbers in file order: chain[i] is its
	// length ending at i, prev[i] the member before.
	chain := make([]int, len(ls))
	prev := make([]int, len(ls))
	lastWith := map[int]int{} // number -> latest line index carrying it
	best := -1
	for i, n := range nums {
		prev[i] = -1
		if n < 0 {
			continue
		}
		chain[i] = 1
		if j, ok := lastWith[n-1]; ok {
			chain[i], prev[i] = chain[j]+1, j
		}
		lastWith[n] = i
		if best < 0 || chain[i] > chain[best] {
			best = i
		}
	}
	if best < 0 || chain[best] < debrisMinRun {
		return ls
	}
	var members []int
	for i := best; i >= 0; i = prev[i] {
		members = append(members, i)
	}
	breaks := 0
	for _, i := range members {
		if i > 0 && midSentenceBreak(ls[i-1].p.Text) {
			breaks++
		}
	}
	if breaks < debrisMinBreaks || breaks*2 < (len(members)-1)*debrisBreakShare2 {
		return ls
	}
	isMember := map[int]bool{}
	for _, i := range members {
		isMember[i] = true
	}
	out := make([]line, 0, len(ls))
	for i, l := range ls {
		if !isMember[i] {
			out = append(out, l)
			continue
		}
		loc := pageNumberPrefix.FindStringIndex(l.p.Text)
		rest := l.p.Text[loc[1]:]
		if len(out) > 0 && i > 0 && midSentenceBreak(ls[i-1].p.Text) {
			last := &out[len(out)-1]
			setText(last, last.p.Text+rest)
			continue
		}
		setText(&l, rest)
		out = append(out, l)
	}
	return keep(out)
}

// joinBrokenTitles re-joins a title that a page broke over two lines
// ("崀山镇卫生院2011年创先争优活动" / "实施方案", "政府工作报" / "告"): a
// short unpunctuated line followed by a short one that is, ends in or
// completes a document word. The second
// line may be longer at the head of a page, and longer still when the
// first stops mid-phrase ("…关于印发" / "2023年…工作要点的通知").
func joinBrokenTitles(c *ctx, ls []line) []line {
	out := ls[:0]
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		if i+1 < len(ls) {
			a, b := c.lineFold(&l), c.lineFold(&ls[i+1])
			nb := runesUpTo(b, 31)
			short := nb <= 8 || (i < headScan && nb <= 12 && !anyof.Suffix(a, titleOrgWords)) || (nb <= 30 && anyof.Suffix(a, titleJoinOpenEnds))
			if short && runesUpTo(a, 41) <= 40 && !siteName(a) && !mottoLine(a) &&
				!strings.ContainsFunc(a+b, isClausePunct) && !isHeading(a) && !isHeading(b) &&
				!kindEnds(a) && !kindEnds(c.fold(trimTitle(c, l.p.Text))) && (kindEnds(b) || nb <= 2 && kindEnds(a+b)) && hanCount(a) >= 4 {
				setText(&l, l.p.Text+ls[i+1].p.Text)
				i++
			} else if i < headScan && (conjoinedTail(a, b) || len(a) <= 12 && yearOnly.MatchString(a) && titleCandidate(b) &&
				kindEnds(c.fold(trimTitle(c, ls[i+1].p.Text))) && !yearStart.MatchString(b)) {
				setText(&l, l.p.Text+ls[i+1].p.Text)
				i++
			}
		}
		out = append(out, l)
	}
	return out
}

// yearOnly is a year alone on a line above the rest of its title
// ("2024年度" / "某某医院党建工作计划"); yearStart a title that already
// opens with one.
var (
	yearOnly  = mustPattern(`^(?:19|20)\d{2}\s*年度?$`)
	yearStart = mustPattern(`^(?:19|20)\d{2}`)
)

// conjoinedTail reports a title line a that ends in a document word and
// a next line b that joins a second one to it ("某某局2025年工作总结" /
// "及2026年工作计划").
func conjoinedTail(a, b string) bool {
	if !anyof.Prefix(b, titleConjunctions) {
		return false
	}
	nb := runesUpTo(b, 25)
	if nb > 24 || runesUpTo(a, 41) > 40 || !kindEnds(a) ||
		strings.ContainsFunc(a+b, isClausePunct) || isHeading(a) {
		return false
	}
	rest := []rune(b)[1:]
	return hanCount(string(rest)) >= 2 && (kindEnds(string(rest)) || anyof.Suffix(string(rest), titleSecondKinds))
}

// isClausePunct reports runes that end a clause or sentence.
func isClausePunct(r rune) bool {
	return titleForbidden.has(r)
}

// docTypeSuffix returns the document word that folded s ends with, or "".
func docTypeSuffix(f string) string {
	for _, w := range docTypes {
		if strings.HasSuffix(f, w) {
			return w
		}
	}
	return ""
}
