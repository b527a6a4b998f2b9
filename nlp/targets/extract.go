// Package targets turns quantitative commitments and reported figures in
// Chinese institutional text into tracker rows: "党课每季度不少于1次" →
// {metric 党课, cmp >=, value 1, unit 次, period 每季度, kind plan}.
//
// The grammar is a small rune-level scanner over folded text (Traditional →
// Simplified, full width → half width, same rune count), because Go's regexp
// has no lookaround and the decisions (is 一 a numeral or part of 一线? is
// 35岁 a qualifier?) need context on both sides. Vocabulary lives in
// tables.go.
package targets

import (
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Options carries what the caller knows about the document.
type Options struct {
	DocType  string        // doc.TypePlan, doc.TypeSummary, … ("" = unknown)
	Sections []doc.Section // outline tree (may be empty); used for kind decisions and Target.Section paths
	Year     int           // document year if known (0 = unknown)
	// Folded is fold.Text(text) when the caller already holds it ("" =
	// fold here); folding is a large share of extraction time.
	Folded string
}

// quantity is one number+unit expression found by the scanner.
type quantity struct {
	start, end int // span in runes, comparator included
	numStart   int // where the first numeral starts
	unitEnd    int // where the unit ends (before any suffix comparator)
	val        float64
	valMax     *float64
	unit       string
	class      unitClass
	cmp        string
	tensed     string // the plan comparator of a tense-dependent word (达到 >=, 控制在 <=); "" otherwise
	cn         bool
	preCmp     bool // the comparator was written before the number
}

// Extract returns the quantitative targets of text, in text order. text is
// the document's clean text in either script; spans are code-point offsets
// into it and Target.Text is cut from it as written.
func Extract(text string, opt Options) []doc.Target {
	folded := opt.Folded
	if folded == "" {
		folded = fold.Text(text)
	}
	// The document is addressed by rune offsets through a cursor rather
	// than converted to runes: a second full conversion cost a fifth of
	// extraction.
	n := utf8.RuneCountInString(text)
	f := []rune(folded)
	if len(f) != n {
		// fold guarantees equal lengths; fall back to width folding only
		// rather than produce misaligned spans.
		f = make([]rune, 0, n)
		for _, r := range text {
			f = append(f, fold.Width(r))
		}
	}
	v := newView(f, newRuneText(text, n))
	f = v.f
	var out []doc.Target
	var prev quantity
	havePrev := false
	var dk *docKind
	for i := 0; i < len(f); {
		r := f[i]
		startable := isArabic(r) || isCnStart(r) || (r == '百' && hasAt(f, i, "百分之")) || (r == '千' && hasAt(f, i, "千分之")) ||
			((r == '百' || r == '千') && (i > 0 && strings.ContainsRune(bareHundredAfter, f[i-1]) ||
				i+1 < len(f) && (f[i+1] == '余' || f[i+1] == '多'))) ||
			(r == '半' && i+1 < len(f))
		if !startable || (i > 0 && (isArabic(f[i-1]) || isCn(f[i-1]) || f[i-1] == '.')) {
			i++
			continue
		}
		q, next, ok := scanQuantity(f, i)
		if next <= i {
			next = i + 1
		}
		if ok {
			if havePrev {
				shareCmp(f, prev, &q)
			}
			if dk == nil {
				dk = newDocKind(f, opt.DocType)
			}
			out = append(out, buildTarget(&v, q, opt, dk))
			prev, havePrev = q, true
		}
		i = next
	}
	return out
}

// scanQuantity parses the quantity whose numeral starts at i. It returns
// where scanning should resume and whether the quantity is a target.
func scanQuantity(f []rune, i int) (quantity, int, bool) {
	q := quantity{start: i, numStart: i}
	var n number
	pct, permille := false, false
	if f[i] == '半' {
		// 不少于半天: half of a time unit, a target only with a comparator.
		u, _, l := matchUnit(f, i+1)
		if l == 0 || !halfUnits[u] {
			return q, i + 1, false
		}
		n = number{val: 0.5, end: i + 1, cn: true, half: true}
	} else if hasAt(f, i, "百分之") || hasAt(f, i, "千分之") {
		m, ok := parseNumber(f, i+3)
		if !ok {
			return q, i + 3, false
		}
		n = m
		n.cn = true
		pct = true
		permille = f[i] == '千'
	} else {
		m, ok := parseNumber(f, i)
		if !ok {
			return q, i + 1, false
		}
		n = m
	}
	j := n.end
	if !numberContextOK(f, i, n) {
		return q, skipRun(f, j), false
	}
	q.val, q.cn = n.val, n.cn
	switch {
	case permille:
		// 千分之五 → 5‰.
		q.unit, q.class = "‰", classPercent
	case pct:
		q.unit, q.class = "%", classPercent
	case hasAt(f, j, "分之"):
		// 四分之三 → 75%.
		m, ok := parseNumber(f, j+2)
		if !ok || n.val == 0 {
			return q, j + 2, false
		}
		q.val = round2(m.val / n.val * 100)
		q.unit, q.class = "%", classPercent
		j = m.end
		pct = true
	case n.cn && !n.mult && n.val >= 1 && n.val <= 9 && j < len(f) && f[j] == '成' && !chengWord(f, j+1):
		// 七成 → 70%.
		q.val = n.val * 10
		q.unit, q.class = "%", classPercent
		j++
		pct = true
	}
	// 200余元, 3000多人: 余/多 between the number and its unit.
	innerCmp := ""
	if !pct && j+1 < len(f) && (f[j] == '余' || f[j] == '多') {
		if m, ok := cnBigUnit[f[j+1]]; ok {
			// 3万多亿元 → more than 3e12 元.
			q.val = roundSig(q.val * m)
			innerCmp = ">"
			j += 2
		} else if _, _, l := matchUnit(f, j+1); l > 0 {
			innerCmp = ">"
			j++
		}
	}
	if !pct {
		if u, c, l := matchUnit(f, j); l > 0 {
			q.unit, q.class = u, c
			j += l
		}
	}
	// 一、二个: two neighbouring Chinese digits joined by 、 are "one or two".
	if q.unit == "" && n.cn && j+1 < len(f) && f[j] == '、' && !openerBefore(f, i) && f[i-1] != '、' {
		if m, ok := parseNumber(f, j+1); ok && m.cn && !m.vague && m.val == n.val+1 && m.val <= 10 {
			if u, c, l := matchUnit(f, m.end); l > 0 && !(m.end+l < len(f) && f[m.end+l] == '、') {
				hi := m.val
				q.unit, q.class = u, c
				q.valMax = &hi
				q.cmp = "range"
				j = m.end + l
			}
		}
	}
	// Range: 8-10人, 6.5%-7%, 二至三次, 1万-5万元.
	if j < len(f) && strings.ContainsRune(dashes, f[j]) && (q.unit == "" || q.class == classPercent) {
		k := j + 1
		if hasAt(f, k, "百分之") {
			k += 3
		}
		if m, ok := parseNumber(f, k); ok && !m.vague && m.val > q.val {
			hi := m.val
			e := m.end
			if q.class == classPercent && !pct && e < len(f) && f[e] == '%' {
				e++
			} else if q.unit == "" {
				if u, c, l := matchUnit(f, e); l > 0 {
					q.unit, q.class = u, c
					e += l
				}
			} else if pct && e < len(f) && f[e] == '%' {
				e++
			}
			if q.unit != "" {
				q.valMax = &hi
				q.cmp = "range"
				j = e
			}
		}
	}
	if q.unit == "" {
		if u := unitBefore(f, i); u != "" && !n.cn {
			q.unit, q.class = u, classPerson
		} else {
			return q, j, false
		}
	}
	q.end = j
	q.unitEnd = j
	// Comparator after the unit: 3篇以上, 5%左右, 35岁以下.
	sufCmp, sufLen := matchSuffixCmp(f, j)
	if sufLen > 0 {
		q.end = j + sufLen
	}
	pre, preStart := matchPrefixCmp(f, i)
	if pre.cmp == "" && q.class == classPercent {
		pre, preStart = baseShareCmp(f, i)
	}
	if !keepByUnit(f, i, q, n, pre, sufCmp, innerCmp) {
		return q, q.end, false
	}
	if q.cmp != "range" {
		q.cmp, q.tensed = combineCmp(pre, sufCmp, innerCmp)
		if pre.cmp != "" && preStart >= 0 && i-preStart <= 6 {
			q.start = preStart
		}
		q.preCmp = pre.cmp != "" && sufCmp == "" && innerCmp == ""
	}
	if q.cmp == "" {
		q.cmp = "="
	}
	return q, q.end, true
}

// numberContextOK rejects numerals that are not quantities by what touches
// them: ordinals (第3), placeholders (20XX), codes and URLs, times (9:30),
// words (统一, 一线 is rejected later for lack of a unit), estimates (三四个).
func numberContextOK(f []rune, i int, n number) bool {
	if i > 0 {
		p := f[i-1]
		if p == '第' || isASCIILetter(p) || p == '/' || p == '_' || p == '#' || p == '@' {
			return false
		}
		// 统一, 进一步; but 每半年上一次党课, 每周一次: after a period the
		// rune is a verb or the period's own.
		if n.cn && strings.ContainsRune(fusedBefore, p) && !periodEndsAt(f, i) && !periodEndsAt(f, i-1) {
			return false
		}
		// 9:30 is a clock time; 党员人数:50人 is a label and its value.
		if p == '.' || p == ':' && i > 1 && isArabic(f[i-2]) {
			return false
		}
	}
	if n.vague {
		return false
	}
	e := n.end
	if e < len(f) {
		r := f[e]
		if isASCIILetter(r) && !asciiUnitAt(f, e) || r == ':' || r == '_' || r == '@' {
			return false
		}
		// 2023/02 and URLs, but not a rate (8.20/10万, 40元/次 has its unit first).
		if r == '/' {
			if u, _, l := matchUnit(f, e); l == 0 || u[0] != '/' {
				return false
			}
		}
		if r == '.' && e+1 < len(f) && isArabic(f[e+1]) {
			return false // 1.2.3 section numbers or versions
		}
	}
	if !n.cn && !n.dec && n.digs >= 7 {
		return false // phone and ID numbers
	}
	return true
}

// asciiUnitAt reports a unit written in Latin letters at e (1000m2) that
// is not the start of a longer word (2024m2x).
func asciiUnitAt(f []rune, e int) bool {
	u, _, l := matchUnit(f, e)
	return l > 0 && isASCIILetter([]rune(u)[0]) && (e+l >= len(f) || !isASCIIAlnum(f[e+l]))
}

// keepByUnit applies the unit-specific rules that separate targets from
// years, ages, enumerations and blocked words.
func keepByUnit(f []rune, i int, q quantity, n number, pre cmpEntry, suf, inner string) bool {
	hasCmp := pre.cmp != "" || suf != "" || inner != "" || q.cmp == "range"
	for _, u := range []string{"", q.unit} {
		for _, w := range classWords[u] {
			if hasAt(f, q.unitEnd, w) {
				return false
			}
		}
	}
	// 1对1帮扶, 一对一: a pairing, not a count of pairs.
	if q.unit == "对" && q.unitEnd < len(f) {
		if _, cn := cnDigit[f[q.unitEnd]]; cn || isArabic(f[q.unitEnd]) {
			return false
		}
	}
	// 考核排名后2位: a rank, whatever its unit.
	if i > 0 && strings.ContainsRune(rankEdges, f[i-1]) && precededBy(f, i-1, rankCues, 4) {
		return false
	}
	if n.half && pre.cmp == "" && suf == "" {
		return false // 安排半天时间: a span of time, not a floor
	}
	if q.cmp == "range" && q.val == 0 {
		return false // 0-36个月儿童: an age band
	}
	if notOurCount(f, i, q, n, pre, suf, inner, hasCmp) {
		return false
	}
	switch q.class {
	case classBlock:
		return false
	case classScore:
		if n.cn && !hasCmp || i > 0 && strings.ContainsRune(clockBefore, f[i-1]) {
			return false
		}
	case classYear:
		if q.val >= 100 || !hasCmp {
			return false
		}
		if precededBy(f, i, yearQualifiers, 1) || precededBy(f, i, lookBack, 0) {
			return false
		}
		if j := q.end; j < len(f) && (f[j] == '度' || f[j] == '内' || f[j] == '前' || f[j] == '后' || f[j] == '来' || f[j] == '间') {
			return false
		}
		if hasAt(f, q.end, "平均") {
			return false // 控制在五年平均水平以下: the baseline, not a span
		}
	case classAge:
		// 35岁以下青年: the age qualifies the people counted next.
		if !precededBy(f, i, ageCues, 3) {
			return false
		}
	case classItem, classTime:
		if n.cn && !hasCmp && !(n.val == 1 && q.class == classItem && providedOne(f, i)) {
			if n.val == 1 || q.class == classItem && !hasPeriodBefore(f, i) && !countsEntity(f, q.unitEnd) {
				return false
			}
		}
	}
	if q.class == classTime {
		if precededBy(f, i, lookBack, 0) {
			return false // 近三个月: the span looked back on
		}
		if precededBy(f, i, residenceCues, 0) {
			return false // 常住6个月以上的居民: who is served
		}
		// 三天内 / 3个月内 is a deadline, not a duration target.
		// 控制在10分钟内 keeps its ceiling: a comparator before the number
		// makes 内 the cap's, not a deadline's.
		if j := q.end; j < len(f) && (f[j] == '内' && pre.cmp == "" || f[j] == '前' || f[j] == '后') {
			return false
		}
	}
	if n.cn {
		e := q.end
		for _, w := range fusedAfter {
			if hasAt(f, e, w) {
				return false
			}
		}
		// 一人一档, 一支部一品牌: a formula repeating 一 (not 一次。一是…).
		if n.val == 1 && e+1 < len(f) && (f[e] == '一' || isHan(f[e]) && f[e+1] == '一') {
			return false
		}
		if n.val == 1 {
			for _, u := range indefiniteOne {
				if q.unit == u {
					return false
				}
			}
		}
		// 一人多岗, 一人双岗: 一 and its counter opening a formula.
		if u := q.unitEnd; n.val == 1 && (q.class == classPerson || q.class == classItem) &&
			u+1 < len(f) && strings.ContainsRune(formulaAfterOne, f[u]) && isHan(f[u+1]) {
			return false
		}
		if inSlogan(f, i) {
			return false
		}
	} else if inSlogan(f, i) && q.class != classPercent {
		return false
	}
	return true
}

// baseShareCmp finds the comparator of a share written against its base:
// 不低于职工总数1%, 不少于党员总数的30%. The comparator stands before the
// base noun and its owner, at most maxOwner runes away.
func baseShareCmp(f []rune, i int) (cmpEntry, int) {
	k := i
	if k > 0 && f[k-1] == '的' {
		k--
	}
	for _, w := range baseNouns {
		l := len([]rune(w))
		if k-l < 0 || !hasAt(f, k-l, w) {
			continue
		}
		for end := k - l; end >= 0 && k-l-end <= maxOwner; end-- {
			if end < k-l && isBreak(f, end, clauseBreaks) {
				break
			}
			for cl := maxCmpLen; cl >= 1; cl-- {
				if st := end - cl; st >= 0 {
					if e, ok := prefixCmp[string(f[st:end])]; ok && !e.tensed && e.cmp != "~" {
						return e, st
					}
				}
			}
		}
	}
	return cmpEntry{}, -1
}

// shareCmp gives q the comparator written before prev when the two numbers
// are joined by a conjunction and q has none of its own: 分别达到1500人和600人
// reads as two floors.
func shareCmp(f []rune, prev quantity, q *quantity) {
	if !prev.preCmp || q.cmp != "=" || prev.cmp == "range" || prev.class != q.class {
		return
	}
	if prev.end+1 != q.start || prev.end >= len(f) || !strings.ContainsRune(distributors, f[prev.end]) {
		return
	}
	q.cmp, q.tensed = prev.cmp, prev.tensed
}

// combineCmp merges the comparators around one number. When two speak
// (低于75%以下) the stricter wins. A tense-dependent word before the number
// (达到, 控制在) yields to any comparator after it (达到95%以上); alone it
// is returned as tensed, for the kind to resolve.
func combineCmp(pre cmpEntry, suf, inner string) (cmp, tensed string) {
	c := pre.cmp
	if pre.tensed {
		c = ""
	}
	for _, s := range []string{inner, suf} {
		if s == "" {
			continue
		}
		switch {
		case c == "" || c == "~":
			c = s
		case (c == "<" && s == "<=") || (c == "<=" && s == "<"):
			c = "<"
		case (c == ">" && s == ">=") || (c == ">=" && s == ">"):
			c = ">"
		}
	}
	if c == "" && pre.tensed {
		return pre.cmp, pre.cmp
	}
	return c, ""
}

// unitBefore finds a unit written before the number (诊疗人次14.9万,
// 门诊人次:3.2万), not across a clause break.
func unitBefore(f []rune, i int) string {
	for _, u := range unitsBefore {
		l := len([]rune(u))
		for gap := 0; gap <= 1; gap++ {
			st := i - gap - l
			if gap == 1 && i > 0 && isBreak(f, i-1, clauseBreaks) && f[i-1] != ':' {
				break
			}
			if st >= 0 && hasAt(f, st, u) {
				return u
			}
		}
	}
	return ""
}

// chengWord reports runes after 成 that make it a verb or noun (一成不变,
// 三成员), not 成 = tenth.
func chengWord(f []rune, i int) bool {
	if i >= len(f) {
		return false
	}
	if _, ok := suffixCmp[string(f[i])]; ok {
		return false
	}
	if hasAt(f, i, "以上") || hasAt(f, i, "左右") || hasAt(f, i, "以下") || f[i] == '的' {
		return false
	}
	return isHan(f[i])
}

func isHan(r rune) bool { return r >= 0x3400 && r <= 0x9FFF }

func isASCIILetter(r rune) bool { return r < 128 && (r|0x20) >= 'a' && (r|0x20) <= 'z' }

// skipRun moves past the rest of a numeral run.
func skipRun(f []rune, j int) int {
	for j < len(f) && (isArabic(f[j]) || isCn(f[j]) || f[j] == '.') {
		j++
	}
	return j
}

// precededBy reports whether one of words ends within gap runes before i.
func precededBy(f []rune, i int, words []string, gap int) bool {
	for g := 0; g <= gap; g++ {
		for _, w := range words {
			l := len([]rune(w))
			st := i - g - l
			if st >= 0 && hasAt(f, st, w) {
				return true
			}
		}
	}
	return false
}

// hasPeriodBefore reports a period word earlier in the same clause.
func hasPeriodBefore(f []rune, i int) bool {
	cs := clauseStart(f, i)
	_, _, ok := findPeriod(f, cs, i)
	return ok
}

// inSlogan reports whether i sits inside a short quotation (“一名党员一堂课”),
// or one the end of the text cuts short.
func inSlogan(f []rune, i int) bool {
	open := -1
	for k := i - 1; k >= 0 && i-k <= maxSloganLen; k-- {
		if strings.ContainsRune(quoteClose, f[k]) && !strings.ContainsRune(quoteOpen, f[k]) {
			return false
		}
		if strings.ContainsRune(quoteOpen, f[k]) {
			open = k
			break
		}
		if isBreak(f, k, sloganBreaks) {
			return false
		}
	}
	if open < 0 {
		return false
	}
	k := i
	for ; k < len(f) && k-open <= maxSloganLen+1; k++ {
		if strings.ContainsRune(quoteClose, f[k]) {
			return true
		}
	}
	// A preview that cuts the page inside the quotation (制定“一人).
	return k == len(f)
}

func round2(v float64) float64 {
	if v < 0 {
		return -round2(-v)
	}
	return float64(int64(v*100+0.5)) / 100
}
