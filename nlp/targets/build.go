package targets

import (
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/segment"
)

// buildTarget fills the target row around a scanned quantity; q's offsets
// are view offsets, the row's are document offsets.
func buildTarget(v *view, q quantity, opt Options, dk *docKind) doc.Target {
	f := v.f
	cs, ce := clauseStart(f, q.start), clauseEnd(f, q.end)
	t := doc.Target{
		Text:  strings.TrimSpace(v.cut(cs, ce)),
		Value: q.val,
		Unit:  q.unit,
		Start: v.at(q.start),
		End:   v.after(q.end),
	}
	if q.valMax != nil {
		t.ValueMax = doc.FloatPtr(*q.valMax)
	}
	t.Section = sectionPath(v.doc, opt.Sections, t.Start)
	t.Kind = dk.kindOf(v, q, ce, opt.Sections)
	t.Cmp = q.cmp
	if q.tensed != "" {
		// 达到8% is a floor in a plan and the value reached in a report;
		// 控制在12% is a ceiling to keep and the value kept.
		if t.Kind == doc.KindPlan {
			t.Cmp = q.tensed
		} else {
			t.Cmp = "="
		}
	}
	if p, _, ok := findPeriod(f, cs, ce); ok {
		t.Period = doc.StrPtr(p)
	}
	if d := findDeadline(f, cs, ce); d != "" {
		t.Deadline = doc.StrPtr(d)
	}
	t.Metric = metricOf(f, q, cs, ce)
	return t
}

// isBreak reports whether f[k] is one of breaks, ignoring ASCII . , :
// between digits (6.5%, 1,379, 9:30).
func isBreak(f []rune, k int, breaks string) bool {
	r := f[k]
	// No break is a Han character, and most runes are: answer those
	// before searching breaks.
	if isHan(r) || !strings.ContainsRune(breaks, r) {
		return false
	}
	if (r == '.' || r == ',' || r == ':') && k > 0 && k+1 < len(f) && isArabic(f[k-1]) && isArabic(f[k+1]) {
		return false
	}
	return true
}

// clauseStart, clauseEnd and sentenceStart look at most maxClause or
// maxSentence runes away: a flattened page may run thousands of runes
// without a break, and every figure in it would otherwise scan them all.
func clauseStart(f []rune, i int) int {
	for k := i - 1; k >= 0; k-- {
		if i-k > maxClause {
			return k + 1
		}
		if isBreak(f, k, clauseBreaks) {
			return k + 1
		}
	}
	return 0
}

func clauseEnd(f []rune, i int) int {
	for k := i; k < len(f); k++ {
		if k-i >= maxClause || isBreak(f, k, clauseBreaks) {
			return k
		}
	}
	return len(f)
}

func sentenceStart(f []rune, i int) int {
	for k := i - 1; k >= 0; k-- {
		if i-k > maxSentence || isBreak(f, k, sentenceBreaks) {
			return k + 1
		}
	}
	return 0
}

// findPeriod returns the canonical period word found in f[from:to], the
// nearest to the end, and its position.
func findPeriod(f []rune, from, to int) (string, int, bool) {
	best, pos := "", -1
	for k := from; k < to; k++ {
		for _, w := range periodIndex[f[k]] {
			l := len([]rune(w))
			if k+l > to || !hasAt(f, k, w) {
				continue
			}
			// 20XX年度 and 三年内 are dates and deadlines, not periods.
			if k > 0 && (isArabic(f[k-1]) || isCn(f[k-1]) || f[k-1] == 'X' || f[k-1] == 'x') && f[k] == '年' {
				continue
			}
			best, pos = periods[w], k
			k += l - 1
			break
		}
	}
	return best, pos, pos >= 0
}

// periodIndex lists the period words by first rune, longest first.
var periodIndex = byFirstRune(func(yield func(string) bool) {
	for w := range periods {
		if !yield(w) {
			return
		}
	}
})

// findDeadline returns a deadline phrase in the clause: 年底前, 6月中旬,
// 2011年4月-5月, 三年内, 2026年12月31日前.
func findDeadline(f []rune, from, to int) string {
	for k := from; k < to; k++ {
		if !(isArabic(f[k]) || isCnStart(f[k])) || (k > from && (isArabic(f[k-1]) || isCn(f[k-1]))) {
			continue
		}
		if d := dateDeadline(f, k, to); d != "" {
			return d
		}
	}
	for _, w := range deadlineWords {
		if idx := indexRunes(f[from:to], w); idx >= 0 {
			return w
		}
	}
	return ""
}

// dateDeadline reads [年份年][M月[底|中旬|上旬|下旬|初|末][-N月|D日]][前|内] or N年内 at k.
func dateDeadline(f []rune, k, to int) string {
	j := k
	n, ok := parseNumber(f, j)
	if !ok {
		return ""
	}
	j = n.end
	if j >= to {
		return ""
	}
	hasMonth := false
	switch {
	case f[j] == '年' && n.val >= 1900:
		j++
		if j < to && hasAt(f, j, "底前") || hasAt(f, j, "年底") {
			return string(f[k : j+2])
		}
		if j < to && (f[j] == '底' || f[j] == '末') {
			e := j + 1
			if e < to && f[e] == '前' {
				e++
			}
			return string(f[k:e])
		}
		m, ok := parseNumber(f, j)
		if !ok || m.end >= to || f[m.end] != '月' {
			return ""
		}
		j = m.end + 1
		hasMonth = true
	case f[j] == '月' && n.val >= 1 && n.val <= 12:
		j++
		hasMonth = true
	case (f[j] == '年' || hasAt(f, j, "个月") || f[j] == '天') && n.val < 100:
		e := j + 1
		if hasAt(f, j, "个月") {
			e = j + 2
		}
		if e < to && f[e] == '内' {
			return string(f[k : e+1])
		}
		return ""
	default:
		return ""
	}
	if !hasMonth {
		return ""
	}
	for _, suf := range []string{"中旬", "上旬", "下旬", "底前", "底", "初", "末", "前"} {
		if hasAt(f, j, suf) && j+len([]rune(suf)) <= to {
			return string(f[k : j+len([]rune(suf))])
		}
	}
	// 4月-5月 / 12月31日前.
	if j < to && strings.ContainsRune(dashes, f[j]) {
		if m, ok := parseNumber(f, j+1); ok && m.end < to && f[m.end] == '月' {
			return string(f[k : m.end+1])
		}
	}
	if m, ok := parseNumber(f, j); ok && m.end < to && (f[m.end] == '日' || f[m.end] == '号') {
		e := m.end + 1
		if e < to && f[e] == '前' {
			return string(f[k : e+1])
		}
		return ""
	}
	return ""
}

func indexRunes(f []rune, w string) int {
	wr := []rune(w)
	for i := 0; i+len(wr) <= len(f); i++ {
		if hasAt(f, i, w) {
			return i
		}
	}
	return -1
}

// metricOf names what is counted: the phrase before the number after the
// last stop word (全年计划发展党员2名 → 发展党员), or the object after the
// unit when the phrase before is only a verb (召开1次专题组织生活会).
func metricOf(f []rune, q quantity, cs, ce int) string {
	before := string(f[cs:q.start])
	before = afterLastStop(before)
	before = strings.Trim(before, metricTrim)
	if len([]rune(before)) < 2 {
		after := []rune(strings.TrimLeft(string(f[q.end:ce]), metricTrim))
		// The object ends at 的/和/以 or a quotation.
		for k, r := range after {
			// …or at the next number (1299个重大项目完成投资1.4万亿元 → 重大项目完成投资).
			if strings.ContainsRune("的和以及与,、“”\"(（", r) || isArabic(r) {
				after = after[:k]
				break
			}
		}
		a := strings.Trim(trimLeadingStops(string(after)), metricTrim)
		if len([]rune(a)) >= 2 {
			before = a
		}
	}
	// Still nothing: the thing counted sits in the previous clause of the
	// same sentence (开展党员轮训，每人不少于32学时 → 党员轮训), is the
	// label before a colon (党员人数:50人) or stands before a bracket
	// (事迹材料(2000字左右)).
	if len([]rune(before)) < 2 && cs >= 2 && strings.ContainsRune("，,、:(", f[cs-1]) {
		pr := f[clauseStart(f, cs-1) : cs-1]
		// A list of figures (收入分别增长4.3%、6.1%): the metric stands
		// before the first figure.
		for k, r := range pr {
			if isArabic(r) {
				pr = pr[:k]
				break
			}
		}
		prev := afterLastStop(string(pr))
		if p := strings.Trim(prev, metricTrim); len([]rune(p)) >= 2 {
			before = p
		}
	}
	// The head noun follows the last 的 (群众对医院的有效投诉 → 有效投诉).
	if i := strings.LastIndex(before, "的"); i >= 0 && len([]rune(strings.Trim(before[i+len("的"):], metricTrim))) >= 2 {
		before = before[i+len("的"):]
	}
	return strings.Trim(clip(before, maxMetric), metricTrim)
}

// maxMetric is the longest metric kept, in runes.
const maxMetric = 12

// clip keeps the last words of s that fit in max runes, cutting at a word
// boundary found by the segmenter (单位国内生产总值能耗降低 → 国内生产总值能耗降低,
// not 位国内生产总值能耗降低).
func clip(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	seg, err := segment.Default()
	if err != nil {
		return string(r[len(r)-max:])
	}
	words := seg.Cut(s)
	n := 0
	k := len(words)
	for k > 0 && n+len([]rune(words[k-1])) <= max {
		n += len([]rune(words[k-1]))
		k--
	}
	if k == len(words) {
		return string(r[len(r)-max:])
	}
	return strings.Join(words[k:], "")
}

// afterLastStop returns s after the last metric stop word, unless that
// leaves nothing. Stop words are matched as whole words of the segmenter's
// output (or runs of up to three words: 每|季度), so 能 stops 能达到 but not
// 能耗, and 有 stops 有91位 but not 有效.
func afterLastStop(s string) string {
	toks := words(s)
	for {
		cut, n := lastStop(toks)
		if cut < 0 {
			return strings.Join(toks, "")
		}
		rest := strings.Join(toks[cut+n:], "")
		if strings.Trim(rest, metricTrim) == "" {
			// The stop word ends the phrase (满意率达): drop it and look again.
			toks = toks[:cut]
			if strings.Trim(strings.Join(toks, ""), metricTrim) == "" {
				return ""
			}
			continue
		}
		return rest
	}
}

// lastStop finds the last run of 1–3 words that is a stop word.
func lastStop(toks []string) (at, n int) {
	for i := len(toks) - 1; i >= 0; i-- {
		w := ""
		for k := 0; k < 3 && i-k >= 0; k++ {
			w = toks[i-k] + w
			if stopSet[w] {
				return i - k, k + 1
			}
		}
	}
	return -1, 0
}

var stopSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range metricStops {
		m[w] = true
	}
	return m
}()

// words segments a short phrase; without a segmenter every rune is a word.
func words(s string) []string {
	if seg, err := segment.Default(); err == nil {
		return seg.Cut(s)
	}
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// SectionPath returns the headings of text containing rune offset pos,
// each as written up to its title (二、主要任务).
func SectionPath(text string, secs []doc.Section, pos int) []string {
	return sectionPath(newRuneText(text, utf8.RuneCountInString(text)), secs, pos)
}

// sectionPath returns the headings containing rune offset pos.
func sectionPath(doc *runeText, secs []doc.Section, pos int) []string {
	var path []string
	for len(secs) > 0 {
		hit := sectionAt(secs, pos)
		if hit == nil {
			break
		}
		path = append(path, headingText(doc, *hit))
		secs = hit.Children
	}
	return path
}

// sectionAt returns the section of secs holding pos, or nil.
func sectionAt(secs []doc.Section, pos int) *doc.Section {
	var hit *doc.Section
	for i := range secs {
		s := &secs[i]
		if s.Start > pos {
			break
		}
		if s.End > s.Start && pos >= s.End {
			continue
		}
		hit = s
	}
	return hit
}

// maxHeadingLine bounds the heading line read from the text, in runes.
const maxHeadingLine = 200

// headingText is the heading as written (二、主要任务), cut after its title.
func headingText(doc *runeText, s doc.Section) string {
	if line := doc.line(s.Start, maxHeadingLine); line != "" {
		if s.Title != "" {
			if idx := strings.Index(line, s.Title); idx >= 0 {
				return strings.TrimSpace(line[:idx+len(s.Title)])
			}
		}
	}
	if s.Number == "" {
		return s.Title
	}
	return s.Number + "、" + s.Title
}

// trimLeadingStops drops stop words opening s (是党员 → 党员), word by word.
func trimLeadingStops(s string) string {
	toks := words(s)
	for len(toks) > 1 {
		dropped := false
		w := ""
		for k := 0; k < 3 && k < len(toks)-1; k++ {
			w += toks[k]
			if stopSet[w] {
				toks = toks[k+1:]
				dropped = true
				break
			}
		}
		if !dropped {
			break
		}
	}
	return strings.Join(toks, "")
}
