// Package schedule reads the phases of an implementation scheme
// ("第一阶段：动员部署（2011年4月-5月）", "（一）准备阶段（3月上旬）") with
// their month spans.
package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/anyof"
)

// Extract returns the phases found in text, in order. year is the
// document's year, used when neither a phase nor the phases before it name
// one; 0 leaves such phases without dates.
func Extract(text string, year int) []doc.Phase {
	return ExtractFolded(text, fold.Text(text), year)
}

// ExtractFolded is Extract for a caller that already holds fold.Text(text)
// (the analysis pipeline folds once for all extractors).
func ExtractFolded(text, foldedText string, year int) []doc.Phase {
	orig := strings.Split(text, "\n")
	folded := strings.Split(foldedText, "\n")
	if len(orig) != len(folded) {
		orig = folded
	}
	st := state{year: year}
	var sc scope
	var out []doc.Phase
	for i, fl := range folded {
		as := anchors(fl)
		if a, ok := sc.step(fl); ok && len(as) == 0 {
			as = []anchor{a}
		}
		if len(as) == 0 {
			continue
		}
		ol := []rune(orig[i]) // only for lines with phases: most have none
		if utf8.RuneCountInString(fl) != len(ol) {
			ol = []rune(fl)
		}
		for _, a := range as {
			out = append(out, st.phase(fl, ol, a))
		}
	}
	return out
}

// scope follows a schedule heading ("四、实施步骤", "时间安排：") and the
// steps numbered under it, which are phases even without the word 阶段:
// "（一）宣传发动（3月）".
type scope struct {
	open     bool
	headRank int // rank of the heading's marker; 0 when unnumbered
	stepKind int // index in markerKinds of the steps' marker; -1 before the first
	seen     int // lines read in the scope without a step yet
}

// step reads one line: it opens or closes the scope and returns the step
// anchor when the line is a step of an open scope.
func (sc *scope) step(fl string) (anchor, bool) {
	if !sc.open && (len(fl) > maxHeadingBytes || !anyof.Contains(fl, scheduleHeadings)) {
		return anchor{}, false // cheap: most lines neither open nor sit in a scope
	}
	kind, width := markerAt(fl)
	rank := 0
	if kind >= 0 {
		rank = markerKinds[kind].rank
	}
	if isScheduleHeading(fl[width:]) {
		*sc = scope{open: true, headRank: rank, stepKind: -1}
		return anchor{}, false
	}
	if !sc.open || strings.TrimSpace(fl) == "" {
		return anchor{}, false
	}
	switch {
	case kind >= 0 && sc.headRank > 0 && rank <= sc.headRank:
		sc.open = false // the next section of the same or a higher level
		return anchor{}, false
	case kind >= 0 && sc.stepKind >= 0 && rank < markerKinds[sc.stepKind].rank:
		sc.open = false
		return anchor{}, false
	}
	if kind < 0 || (sc.stepKind >= 0 && kind != sc.stepKind) {
		if sc.stepKind < 0 {
			sc.seen++
			if sc.seen >= maxScopeLines {
				sc.open = false
			}
		}
		return anchor{}, false
	}
	limit, ok := stepFollows(fl, width)
	if !ok {
		return anchor{}, false
	}
	sc.stepKind = kind
	start := len(fl) - len(strings.TrimLeft(fl, " "))
	return anchor{start: start, end: width, limit: limit, step: true}, true
}

// isScheduleHeading reports whether the text after a line's marker is a
// short heading naming the schedule ("实施步骤", "时间安排:").
func isScheduleHeading(s string) bool {
	s = strings.Trim(s, " :：")
	if s == "" || utf8.RuneCountInString(s) > maxHeading || strings.ContainsAny(s, "，,。；;:(") {
		return false
	}
	for _, w := range scheduleHeadings {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// markerAt returns the kind of the heading number opening fl (an index in
// markerKinds, -1 for none) and the byte offset where its text starts.
func markerAt(fl string) (kind, width int) {
	lead := len(fl) - len(strings.TrimLeft(fl, " "))
	for k, mk := range markerKinds {
		if m := mk.re.FindStringSubmatchIndex(fl[lead:]); m != nil {
			end := m[1]
			if len(m) > 2 && m[3] >= 0 {
				end = m[3]
			}
			w := lead + end
			for w < len(fl) && fl[w] == ' ' {
				w++
			}
			return k, w
		}
	}
	return -1, 0
}

// stepFollows checks that a step's short title is followed by its dates
// or duration, in brackets or after a colon, and returns where the step's
// own text ends: after the bracket, so dates in the body are not taken.
func stepFollows(fl string, at int) (limit int, ok bool) {
	m := reStepTitle.FindStringSubmatchIndex(fl[at:])
	if m == nil {
		return 0, false
	}
	after := at + m[1]
	if fl[after-1] == '(' {
		end := strings.IndexByte(fl[after:], ')')
		if end < 0 || !startsWithWhen(fl[after:after+end]) {
			return 0, false
		}
		return after + end + 1, true
	}
	if !startsWithWhen(strings.TrimLeft(fl[after:], " ")) {
		return 0, false
	}
	return len(fl), true
}

// startsWithWhen reports whether s opens with a date or a duration.
func startsWithWhen(s string) bool {
	s = strings.TrimLeft(s, " ")
	if loc := reDuration.FindStringIndex(s); loc != nil && loc[0] == 0 {
		return true
	}
	_, _, start, _ := findSpan(s)
	return start == 0
}

// anchor is one phase word on a line: byte span of the phase word in the
// folded line, and where the phase's own text ends (the next anchor).
type anchor struct {
	start, end, limit int
	named             bool // "动员部署阶段": the name is the title
	step              bool // "(一)宣传发动(3月)" under a schedule heading
}

// anchors finds the phase words of one folded line.
func anchors(fl string) []anchor {
	if !strings.Contains(fl, phaseWord) {
		return nil // every phase pattern holds 阶段; most lines do not
	}
	var out []anchor
	for _, m := range reOrdinalPhase.FindAllStringIndex(fl, -1) {
		if reAnchorBefore.MatchString(fl[:m[0]]) {
			out = append(out, anchor{start: m[0], end: m[1]})
		}
	}
	if len(out) == 0 {
		if m := reNamedPhase.FindStringSubmatchIndex(fl); m != nil && namedFollows(fl[m[3]:]) {
			out = append(out, anchor{start: m[2], end: m[3], named: true})
		}
	}
	for i := range out {
		out[i].limit = len(fl)
		if i+1 < len(out) {
			out[i].limit = out[i+1].start
		}
	}
	return out
}

// namedFollows accepts "准备阶段" only when dates, a duration or a colon
// follow it, so "在动员部署阶段，要…" stays body text.
func namedFollows(rest string) bool {
	rest = strings.TrimLeft(rest, " (")
	if rest == "" || strings.HasPrefix(rest, ":") {
		return true
	}
	loc := reMonth.FindStringIndex(rest)
	return loc != nil && loc[0] == 0
}

// state carries the year from phase to phase.
type state struct {
	year      int // the document's year, the fallback
	lastYear  int // year of the previous phase's end
	lastMonth int // month of the previous phase's end
}

// phase reads one phase from its anchor.
func (st *state) phase(fl string, ol []rune, a anchor) doc.Phase {
	runeAt := func(b int) int { return utf8.RuneCountInString(fl[:b]) }
	origSpan := func(b0, b1 int) string { return strings.TrimSpace(string(ol[runeAt(b0):runeAt(b1)])) }

	p := doc.Phase{Phase: origSpan(a.start, a.end)}
	rest := fl[a.end:a.limit]
	restAt := a.end

	// Dates: the first month expression close to the phase word.
	from, to, dStart, dEnd := st.dates(rest)

	// The title is cleaned on the folded text, where the filler words and
	// 阶段 have one spelling (為/为, 階段/阶段), and shown as written.
	var tStart, tEnd int // byte span of the title in fl
	if a.named {
		tStart, tEnd = a.start, a.end
	} else {
		tStart, tEnd = titleSpan(rest, dStart, dEnd)
		tStart, tEnd = restAt+tStart, restAt+tEnd
	}
	p.Title = cleanTitle(fl, ol, tStart, tEnd)
	p.From, p.To = from, to
	return p
}

// cleanTitle trims the title span [b0, b1) of the folded line fl of
// separators, a trailing 阶段 and a leading filler word ("为动员部署阶段" →
// 动员部署), deciding on the folded text and returning the runes of the
// original line ol (same rune count) for the part kept.
func cleanTitle(fl string, ol []rune, b0, b1 int) string {
	f := []rune(fl[b0:b1])
	r0 := utf8.RuneCountInString(fl[:b0])
	i, j := 0, len(f)
	trim := func() {
		for i < j && strings.ContainsRune(titleTrim, f[i]) {
			i++
		}
		for j > i && strings.ContainsRune(titleTrim, f[j-1]) {
			j--
		}
	}
	trim()
	if s := string(f[i:j]); strings.HasSuffix(s, phaseWord) && s != phaseWord {
		j -= utf8.RuneCountInString(phaseWord)
		trim()
	}
	for _, w := range titleLeads {
		n := utf8.RuneCountInString(w)
		if strings.HasPrefix(string(f[i:j]), w) && j-i > n {
			i += n
			trim()
			break
		}
	}
	if i >= j || r0+j > len(ol) {
		return ""
	}
	return string(ol[r0+i : r0+j])
}

// titleSpan picks the title of an ordinal phase: the text between the
// phase word and its dates when there is some, else the first clause after
// the dates or duration.
func titleSpan(rest string, dStart, dEnd int) (int, int) {
	lead := skipSeps(rest, 0)
	if dStart >= 0 {
		before := strings.Trim(rest[lead:dStart], " :：,()、")
		if before != "" && utf8.RuneCountInString(before) <= maxTitle {
			end := dStart
			for end > lead && strings.ContainsRune(" (", rune(rest[end-1])) {
				end--
			}
			return lead, end
		}
		if before == "" {
			lead = skipLeads(rest, dEnd)
		}
	}
	// Skip a duration in brackets: "第一阶段(1个月):成立…".
	if lead < len(rest) && rest[lead] == '(' {
		if j := strings.IndexByte(rest[lead:], ')'); j >= 0 {
			lead = skipSeps(rest, lead+j+1)
		}
	}
	end := lead
	n := 0
	for i, r := range rest[lead:] {
		if strings.ContainsRune(titleStops, r) || n >= maxTitle {
			break
		}
		end = lead + i + utf8.RuneLen(r)
		n++
	}
	return lead, end
}

// skipLeads skips separators and filler words ("前，") after a date.
func skipLeads(s string, i int) int {
	for {
		i = skipSeps(s, i)
		moved := false
		for _, w := range titleLeads {
			if strings.HasPrefix(s[i:], w) {
				i += len(w)
				moved = true
				break
			}
		}
		if !moved {
			return i
		}
	}
}

// skipSeps skips separators after a phase word or a date.
func skipSeps(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(" :：,，、)）.。", r) {
			break
		}
		i += w
	}
	return i
}

// dates finds the month span in rest: one point (From = To) or two joined
// by a range separator. It returns "" dates and -1 offsets when none.
func (st *state) dates(rest string) (from, to string, start, end int) {
	p1, p2, start, end := findSpan(rest)
	if p1 == nil || utf8.RuneCountInString(rest[:start]) > 2*maxTitle {
		return "", "", -1, -1
	}
	y1, m1 := st.point(rest, p1, 0, 0)
	if m1 < 1 || m1 > 12 {
		return "", "", -1, -1
	}
	y2, m2 := y1, m1
	if p2 != nil {
		if y, mo := st.point(rest, p2, y1, m1); mo >= 1 && mo <= 12 {
			y2, m2 = y, mo
		}
	}
	if y1 > 0 {
		from = fmt.Sprintf("%04d-%02d", y1, m1)
	}
	if y2 > 0 {
		to = fmt.Sprintf("%04d-%02d", y2, m2)
		st.lastYear, st.lastMonth = y2, m2
	}
	return from, to, start, end
}

// findSpan finds the earliest date span in s, written as month points
// ("2011年4月-5月"), a month range sharing one 月 ("4-5月") or dotted
// dates ("2023.5-2023.6"). Each point is given as index pairs
// [whole, year, month] into s (year -1 when absent); p2 is nil for a
// single point. p1 is nil when s has no date.
func findSpan(s string) (p1, p2 []int, start, end int) {
	start = -1
	better := func(at, e int) bool { return start < 0 || at < start || (at == start && e > end) }

	if m := reMonth.FindStringSubmatchIndex(s); m != nil && better(m[0], m[1]) {
		p1, p2, start, end = m[:6], nil, m[0], m[1]
		if sep := reRangeSep.FindStringIndex(s[end:]); sep != nil {
			off := end + sep[1]
			if n := reMonth.FindStringSubmatchIndex(s[off:]); n != nil && n[0] == 0 {
				p2 = shift(n[:6], off)
				end = p2[1]
			}
		}
	}
	if m := reSharedMonth.FindStringSubmatchIndex(s); m != nil && better(m[0], m[1]) {
		p1 = []int{m[0], m[1], m[2], m[3], m[4], m[5]}
		p2 = []int{m[0], m[1], -1, -1, m[6], m[7]}
		start, end = m[0], m[1]
	}
	if m := reDotted.FindStringSubmatchIndex(s); m != nil && better(m[0], m[1]) {
		p1 = []int{m[0], m[1], m[2], m[3], m[4], m[5]}
		p2 = nil
		if m[8] >= 0 {
			p2 = []int{m[0], m[1], m[6], m[7], m[8], m[9]}
		}
		start, end = m[0], m[1]
	}
	return p1, p2, start, end
}

func shift(m []int, off int) []int {
	out := make([]int, len(m))
	for i, v := range m {
		if v >= 0 {
			v += off
		}
		out[i] = v
	}
	return out
}

// point reads one month expression (submatch indexes m into s). prevY and
// prevM are the range's first point when this is its second, else 0.
func (st *state) point(s string, m []int, prevY, prevM int) (year, month int) {
	month = monthNum(s[m[4]:m[5]])
	var explicit string
	if m[2] >= 0 {
		explicit = s[m[2]:m[3]]
	}
	switch {
	case explicit == "次年":
		// 次年 is the year after the range start, or after the plan's year.
		base := prevY
		if base == 0 {
			base = st.year
		}
		if base == 0 {
			base = st.lastYear
		}
		if base > 0 {
			year = base + 1
		}
	case explicit != "":
		year, _ = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(explicit, "年")))
	case prevY > 0:
		year = prevY
		if month < prevM { // 11月-2月 runs into the next year
			year++
		}
	default:
		year = st.base()
		if year > 0 && st.lastYear == year && month < st.lastMonth {
			year++ // phases run on: 12月 then 1月
		}
	}
	return year, month
}

// base is the year a phase without one inherits.
func (st *state) base() int {
	if st.lastYear > 0 {
		return st.lastYear
	}
	return st.year
}

func monthNum(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return cnMonths[s]
}
