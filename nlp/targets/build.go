package targets

import (
	"strings"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/segment"
)

// buildTarget fills the target row around a scanned quantity.
func buildTarget(orig, f []rune, q quantity, opt Options, fallback string) doc.Target {
	cs, ce := clauseStart(f, q.start), clauseEnd(f, q.end)
	t := doc.Target{
		Text:  strings.TrimSpace(string(orig[cs:ce])),
		Value: q.val,
		Unit:  q.unit,
		Start: q.start,
		End:   q.end,
	}
	if q.valMax != nil {
		t.ValueMax = doc.FloatPtr(*q.valMax)
	}
	t.Section = SectionPath(orig, opt.Sections, q.start)
	t.Kind = kindOf(f, q, cs, ce, t.Section, fallback, opt.DocType)
	t.Cmp = q.cmp
	if q.cmp == cmpReach {
		if t.Kind == doc.KindPlan {
			t.Cmp = ">="
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
	if !strings.ContainsRune(breaks, r) {
		return false
	}
	if (r == '.' || r == ',' || r == ':') && k > 0 && k+1 < len(f) && isArabic(f[k-1]) && isArabic(f[k+1]) {
		return false
	}
	return true
}

func clauseStart(f []rune, i int) int {
	for k := i - 1; k >= 0; k-- {
		if isBreak(f, k, clauseBreaks) {
			return k + 1
		}
	}
	return 0
}

func clauseEnd(f []rune, i int) int {
	for k := i; k < len(f); k++ {
		if isBreak(f, k, clauseBreaks) {
			return k
		}
	}
	return len(f)
}

func sentenceStart(f []rune, i int) int {
	for k := i - 1; k >= 0; k-- {
		if isBreak(f, k, sentenceBreaks) {
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
		for l := 4; l >= 2; l-- {
			if k+l > to {
				continue
			}
			p, ok := periods[string(f[k:k+l])]
			if !ok {
				continue
			}
			// 20XX年度 and 三年内 are dates and deadlines, not periods.
			if k > 0 && (isArabic(f[k-1]) || isCn(f[k-1]) || f[k-1] == 'X' || f[k-1] == 'x') && f[k] == '年' {
				continue
			}
			best, pos = p, k
			k += l - 1
			break
		}
	}
	return best, pos, pos >= 0
}

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

// kindOf decides plan vs achieved: tense cues in the sentence first (the
// nearest wins), then the section headings, then fallback (see
// defaultKind).
func kindOf(f []rune, q quantity, cs, ce int, section []string, fallback, docType string) string {
	ss := sentenceStart(f, q.start)
	best, bestDist := "", 1<<30
	scan := func(cues cueSet, kind string) {
		for k := ss; k < ce; k++ {
			for _, c := range cues[f[k]] {
				if !hasAt(f, k, c) || falseCueAt(f, k) {
					continue
				}
				d := q.start - k
				if d < 0 {
					if k < q.end {
						continue
					}
					d = (k - q.end) * 2 // cues after the number weigh less
				}
				if d < bestDist {
					best, bestDist = kind, d
				}
			}
		}
	}
	scan(planCueSet, doc.KindPlan)
	scan(achievedCueSet, doc.KindAchieved)
	if best != "" {
		return best
	}
	for i := len(section) - 1; i >= 0; i-- {
		if k := headingKind(fold.Text(section[i])); k != "" {
			return k
		}
	}
	// 同比增长12%: a comparison with last year reads as a report, unless
	// the document is one that looks ahead (较上年下降20% in a scheme).
	if fallback == doc.KindPlan && !forwardType(docType) {
		scan(comparisonCueSet, doc.KindAchieved)
		if best != "" {
			return best
		}
	}
	return fallback
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
	planCueSet       = newCueSet(planCues)
	achievedCueSet   = newCueSet(achievedCues)
	comparisonCueSet = newCueSet(comparisonCues)
)

// forwardType reports document types that look ahead.
func forwardType(docType string) bool {
	return docType == doc.TypePlan || docType == doc.TypeScheme || docType == doc.TypeNotice
}

// defaultKind is the kind of a figure with no tense cue and no telling
// heading. Summaries, experience material and reports look back; plans,
// schemes and notices look ahead. A document of unknown type is read by its
// own tense words: more look-back cues (近年来, 先后, 以来) than
// forward ones (将, 力争, 计划) make it a report of what was done.
func defaultKind(docType string, f []rune) string {
	switch {
	case docType == doc.TypeSummary || docType == doc.TypeExperience || docType == doc.TypeReport:
		return doc.KindAchieved
	case forwardType(docType):
		return doc.KindPlan
	}
	count := func(cues []string) int {
		n := 0
		for k := range f {
			for _, c := range cues {
				if hasAt(f, k, c) && !falseCueAt(f, k) {
					n++
				}
			}
		}
		return n
	}
	if count(achievedCues) > count(planCues) {
		return doc.KindAchieved
	}
	return doc.KindPlan
}

// headingKind reads the tense of a folded heading. When it holds words of
// both kinds the last one decides, because a Chinese noun phrase puts its
// head last (重点工作完成情况 is a report, 工作回顾及2027年打算 a plan).
func headingKind(h string) string {
	kind, at := "", -1
	for _, c := range []struct {
		words []string
		kind  string
	}{{planSections, doc.KindPlan}, {achievedSections, doc.KindAchieved}} {
		for _, w := range c.words {
			if k := strings.LastIndex(h, w); k > at {
				kind, at = c.kind, k
			}
		}
	}
	return kind
}

// falseCueAt reports a word at or around k that contains a cue without its
// meaning (主要, 将近).
func falseCueAt(f []rune, k int) bool {
	for _, w := range falseCues {
		l := len([]rune(w))
		for st := k - l + 1; st <= k; st++ {
			if st >= 0 && hasAt(f, st, w) {
				return true
			}
		}
	}
	return false
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
	// same sentence (开展党员轮训，每人不少于32学时 → 党员轮训).
	if len([]rune(before)) < 2 && cs >= 2 && strings.ContainsRune("，,、", f[cs-1]) {
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

// SectionPath returns the headings containing rune offset pos of text
// (as runes), each as written up to its title (二、主要任务).
func SectionPath(orig []rune, secs []doc.Section, pos int) []string {
	var path []string
	for len(secs) > 0 {
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
		if hit == nil {
			break
		}
		path = append(path, headingText(orig, *hit))
		secs = hit.Children
	}
	return path
}

// headingText is the heading as written (二、主要任务), cut after its title.
func headingText(orig []rune, s doc.Section) string {
	if s.Start >= 0 && s.Start < len(orig) {
		end := s.Start
		for end < len(orig) && orig[end] != '\n' && end-s.Start < 200 {
			end++
		}
		line := string(orig[s.Start:end])
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
