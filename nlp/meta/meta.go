// Package meta reads a document's header facts — its type, year, issuing
// organisation and signature date — from its title, opening lines and the
// signature block at its end.
package meta

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/anyof"
	"github.com/planmine/planmine/internal/lazyregexp"
)

// Meta is what Extract finds. Zero values mean "not found": Year 0, Org and
// Date "". Date is "YYYY-MM-DD".
type Meta struct {
	DocType string
	Year    int
	Org     string
	Date    string
}

// Limits on where header facts are looked for.
const (
	maxTitleRunes  = 64  // a longer "title" is really the first sentence (关于印发…的通知 reach 60)
	openingRunes   = 300 // opening text searched for the year and type
	signatureLines = 15  // lines from the end searched for the signature
	maxOrgRunes    = 40  // an issuer line longer than this is body text
	headerLines    = 4   // lines from the start searched for a red-head issuer
)

var (
	reYear        = lazyregexp.New(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)
	reYearNian    = lazyregexp.New(`((?:19|20)[0-9]{2})\s*年`)
	reYearHan     = lazyregexp.New(`([一二][〇○О零一二三四五六七八九]{3})\s*年`)
	rePlaceholder = lazyregexp.New(`(?i)(?:20|19)[x×＊*]{2}|[x×]{4}\s*年`)
	reDateCN      = lazyregexp.New(`((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`)
	reDateHan     = lazyregexp.New(`([〇○О零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日`)
	reDateNum     = lazyregexp.New(`((?:19|20)[0-9]{2})[-./]([0-9]{1,2})[-./]([0-9]{1,2})(?:[^0-9]|$)`)
)

// Extract reads the header facts of one document from its title and text.
func Extract(title, text string) Meta {
	ft := strings.TrimSpace(fold.Text(title))
	lines := foldedLines(text)
	var m Meta

	opening := openingText(lines)
	// A title without Han text is the file name a reader gave the page,
	// not the document's own title: it says nothing of type or year.
	hasHan := strings.IndexFunc(ft, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	titleOK := ft != "" && hasHan && utf8.RuneCountInString(ft) <= maxTitleRunes && !strings.ContainsAny(ft, "。，；！？")
	if !titleOK && hasHan {
		opening = ft + "\n" + opening
	}
	// Without a title of its own, the head of the first line may be one
	// that a page glued to the body ("2019 医院…计划范文一、…"): it tells the
	// type and year as a title would (not the issuer: it was never read
	// as a title).
	typeTitle, typeTitleOK := ft, titleOK
	if !hasHan {
		if lt := lostTitle(lines); lt != "" {
			typeTitle, typeTitleOK = lt, true
		}
	}

	m.DocType = doc.TypeOther
	sub := subtitle(lines)
	if t := classify(titleHead(typeTitle), typeTitleOK); t != "" {
		m.DocType = t
	} else if t := classify(sub, sub != ""); t != "" {
		m.DocType = t // "——某某医院创建党建品牌纪实" under a headline
	} else if t := classify(wrappedTail(lines), titleOK); t != "" {
		m.DocType = t // "…创先争优活动" / "实施方案": a title wrapped onto two lines
	} else if t := classifyBody(opening); t != "" {
		m.DocType = t
	} else if titleOK && anyof.Contains(ft, headlineVerbs) {
		m.DocType = doc.TypeExperience
	} else if titleOK && orgLine(ft) == ft && !generic(ft) {
		// A page titled by an organisation's name alone presents it.
		m.DocType = doc.TypeExperience
	}
	if m.DocType != doc.TypeNotice && noticeForm(lines, opening) {
		m.DocType = doc.TypeNotice
	}

	sigOrg, sigDate := signature(lines)
	m.Date = sigDate
	m.Org = sigOrg
	if m.Org == "" {
		m.Org = headerOrg(lines)
	}
	if m.Org == "" && titleOK {
		m.Org = titleOrg(ft)
	}

	placeholder := typeTitleOK && rePlaceholder.MatchString(typeTitle)
	switch {
	case placeholder:
		// A template (20XX年…) has no year, whatever its examples say.
	case typeTitleOK && reYear.MatchString(typeTitle):
		m.Year = atoi(reYear.FindStringSubmatch(typeTitle)[1])
	case typeTitleOK && reYearHan.MatchString(typeTitle) && titleHanYear(typeTitle) > 0:
		m.Year = titleHanYear(typeTitle) // 二〇二四年工作计划
	default:
		if m.Year = typedYear(opening, m.DocType); m.Year == 0 {
			m.Year = ownYear(opening)
		}
		if m.Year == 0 && m.Date != "" {
			m.Year = atoi(m.Date[:4])
		}
		if m.Year == 0 {
			m.Year = namedYear(text)
		}
		if m.Year == 0 && !placeholder {
			m.Year = eventYear(text)
		}
	}
	return m
}

// lostTitle returns the head of the first line, before a sentence end or
// the first 一、, when it reads as a title: short, naming a type, citing no
// 《document》 and holding no comma or colon (a sentence or a headline with
// a clause would). "" otherwise.
func lostTitle(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	head := lines[0]
	if i := strings.IndexAny(head, "。；！？;!?"); i >= 0 {
		head = head[:i]
	}
	if i := strings.Index(head, "一、"); i >= 0 {
		head = head[:i]
	}
	head = strings.TrimSpace(head)
	if startsWithMarker(head) {
		return "" // a numbered item, not a title: （一）有年度工作计划
	}
	if n := utf8.RuneCountInString(head); n < 4 || n > maxTitleRunes || strings.ContainsAny(head, "，,：:《") {
		return ""
	}
	if classify(head, true) == "" {
		return ""
	}
	return head
}

// wrappedTail returns the first line when it is short and unpunctuated, the
// tail of a title the page wrapped ("实施方案" under "…创先争优活动"), or "".
func wrappedTail(lines []string) string {
	if len(lines) == 0 || utf8.RuneCountInString(lines[0]) > maxWrappedTail ||
		strings.ContainsAny(lines[0], "。，,；;：:！？!?") {
		return ""
	}
	return lines[0]
}

// startsWithMarker reports a line opening with a list or heading number:
// （一）, (1), 1、, 一、, 2.
func startsWithMarker(s string) bool {
	if strings.HasPrefix(s, "(") || strings.HasPrefix(s, "（") {
		return true
	}
	rest := strings.TrimLeft(s, "0123456789一二三四五六七八九十")
	return rest != s && len(s)-len(rest) <= 6 && (strings.HasPrefix(rest, "、") || strings.HasPrefix(rest, ".") ||
		strings.HasPrefix(rest, ")") || strings.HasPrefix(rest, "．"))
}

// noticeForm reports a notice by its form: a salutation to units among the
// first lines and a phrase that issues or reports to them in the opening.
func noticeForm(lines []string, opening string) bool {
	for i, l := range lines {
		if i >= headerLines+2 {
			break
		}
		if strings.HasPrefix(l, salutationLead) && utf8.RuneCountInString(l) <= maxSalutation &&
			(strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")) {
			return anyof.Contains(opening, issuingWords)
		}
	}
	return false
}

// namedYear finds a year the text names as its own anywhere in it
// ("2021年是不平凡的一年"), or 0.
func namedYear(text string) int {
	for rest := text; ; {
		i := strings.Index(rest, "年是")
		if i < 0 {
			return 0
		}
		if i >= 4 && (i == 4 || rest[i-5] < '0' || rest[i-5] > '9') && isYearDigits(rest[i-4:i]) {
			after := rest[i+len("年是"):]
			if j := strings.IndexFunc(after, func(r rune) bool { return r == '。' || r == '\n' }); j >= 0 {
				after = after[:j]
			}
			if r := []rune(after); len(r) > maxYearIs {
				after = string(r[:maxYearIs])
			}
			if anyof.Contains(after, yearIsWords) {
				return atoi(rest[i-4 : i])
			}
		}
		rest = rest[i+len("年是"):]
	}
}

// isYearDigits reports four ASCII digits of a year 1900–2099.
func isYearDigits(s string) bool {
	if len(s) != 4 || !(s[:2] == "19" || s[:2] == "20") {
		return false
	}
	for i := 2; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ownYear is the first year of the opening that is not a founding date
// (成立于2005年, 始建于1952年, 2005年建院): the year the document is about.
func ownYear(opening string) int {
	for _, loc := range reYearNian.FindAllStringSubmatchIndex(opening, -1) {
		before := opening[max(0, loc[2]-12):loc[2]]
		after := opening[loc[1]:min(len(opening), loc[1]+9)]
		if anyof.Suffix(before, foundingBefore) || anyof.Prefix(after, foundingAfter) {
			continue
		}
		return atoi(opening[loc[2]:loc[3]])
	}
	return 0
}

// docTail reports whether what follows a title's last type word adds no
// type of its own ("…工作总结及2026年工作计划材料": 材料 names the file).
func docTail(rest string) bool {
	rest = strings.TrimSpace(rest)
	for _, w := range typeTails {
		rest = strings.TrimSuffix(rest, w)
	}
	return strings.TrimSpace(rest) == ""
}

// titleHead is the part of a title before a subtitle it carries after a
// colon or dash ("…工作总结暨2026年工作计划：夯实基层医疗网底"), when that part
// names a type; otherwise the whole title.
func titleHead(t string) string {
	i := strings.IndexAny(t, ":：")
	if j := strings.Index(t, "——"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i <= 0 {
		return t
	}
	if head := strings.TrimSpace(t[:i]); classify(head, true) != "" {
		return head
	}
	return t
}

// typedYear returns the first year of the opening that a type word of typ
// follows closely ("2009年工作思路" in a plan), or 0.
func typedYear(opening, typ string) int {
	words := yearTypeWords[typ]
	if len(words) == 0 {
		return 0
	}
	for _, loc := range reYearNian.FindAllStringSubmatchIndex(opening, -1) {
		after := []rune(opening[loc[1]:])
		after = after[:min(len(after), maxYearToTypeWord+4)]
		for _, w := range words {
			if i := strings.Index(string(after), w); i >= 0 && utf8.RuneCountInString(string(after)[:i]) <= maxYearToTypeWord {
				return atoi(opening[loc[2]:loc[3]])
			}
		}
	}
	return 0
}

// classify picks the type announced by the title: the type word ending last,
// the longer one at equal ends ("…工作要点的通知" is a notice). Two types
// joined by a conjunction ("工作总结及2027年工作打算") name the document by
// the first: the second part is an appendix to it.
func classify(title string, ok bool) string {
	if !ok {
		return ""
	}
	type hit struct{ typ, start, end int }
	var hits []hit // at most one per type word, its last occurrence
	for k, w := range typeWords {
		i := strings.LastIndex(title, w.word)
		if i < 0 {
			continue
		}
		hits = append(hits, hit{k, i, i + len(w.word)})
	}
	best := -1
	for i, h := range hits {
		if best < 0 || h.end > hits[best].end ||
			(h.end == hits[best].end && h.end-h.start > hits[best].end-hits[best].start) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	// The nearest type word ending before the winner starts, if a
	// conjunction joins the two.
	prev := -1
	for i, h := range hits {
		if h.end <= hits[best].start && (prev < 0 || h.end > hits[prev].end) {
			prev = i
		}
	}
	if prev >= 0 && typeWords[hits[prev].typ].typ != typeWords[hits[best].typ].typ &&
		docTail(title[hits[best].end:]) &&
		joined(title[hits[prev].end:hits[best].start]) {
		best = prev
	}
	return typeWords[hits[best].typ].typ
}

// joined reports whether the text between two type words is a short
// coordinate phrase opening with a conjunction ("及2027年工作", "和下一步"),
// not a new noun phrase ("暨表彰大会的" before 通知).
func joined(between string) bool {
	between = strings.TrimLeft(between, " ")
	if utf8.RuneCountInString(between) > maxJoined || strings.Contains(between, "的") {
		return false
	}
	for _, c := range typeConjunctions {
		if strings.HasPrefix(between, c) {
			return true
		}
	}
	return false
}

// subtitle returns the subtitle line under a headline title ("——某某医院
// 创建党建品牌纪实") among the first lines, without its dash, or "".
func subtitle(lines []string) string {
	for i, l := range lines {
		if i >= headerLines {
			break
		}
		if t := strings.TrimLeft(l, subtitleDashes); t != l && t != "" &&
			utf8.RuneCountInString(t) <= maxTitleRunes {
			return t
		}
	}
	return ""
}

// classifyBody picks the type of the first announcing phrase in the
// opening: a type word of bodyTypeWords or a verb that sets a year's work
// (研究部署2016年党务工作).
func classifyBody(opening string) string {
	best, at := "", len(opening)+1
	for _, w := range bodyTypeWords {
		// Only a phrase starting before the best so far can win.
		lim := min(len(opening), at-1+len(w.word))
		if i := strings.Index(opening[:lim], w.word); i >= 0 && i < at {
			best, at = w.typ, i
		}
	}
	// A meeting that reviews one year and sets the next (总结2024年工作，
	// 部署2025年任务) is news of a meeting: its verbs name no type.
	verbTyp, verbAt := "", len(opening)+1
	seen := ""
	for _, w := range yearVerbs {
		for from := 0; ; {
			i := strings.Index(opening[from:], w.word)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w.word)
			year, work := yearWorkAfter(opening[from:])
			if !year {
				continue
			}
			if seen != "" && seen != w.typ {
				return best
			}
			seen = w.typ
			if work && i < verbAt {
				verbTyp, verbAt = w.typ, i
			}
		}
	}
	if verbAt < at {
		best = verbTyp
	}
	return best
}

// yearWorkAfter reports whether s opens with a year within maxVerbToYear
// runes, and whether 工作 follows it within maxYearToWork runes
// (…2016年党务工作).
func yearWorkAfter(full string) (year, work bool) {
	s := full
	if len(s) > maxVerbToYear*3+len("2016年") {
		s = s[:maxVerbToYear*3+len("2016年")] // room for the year only
	}
	loc := reYearNian.FindStringIndex(s)
	if loc == nil || utf8.RuneCountInString(s[:loc[0]]) > maxVerbToYear {
		return false, false
	}
	rest := full[loc[1]:]
	if len(rest) > (maxYearToWork+2)*3 {
		rest = rest[:(maxYearToWork+2)*3]
	}
	j := strings.Index(rest, "工作")
	return true, j >= 0 && utf8.RuneCountInString(rest[:j]) <= maxYearToWork
}

// openingText is the first openingRunes runes of the text's lines.
func openingText(lines []string) string {
	var b strings.Builder
	n := 0
	for _, l := range lines {
		if n >= openingRunes {
			break
		}
		b.WriteString(l)
		b.WriteByte('\n')
		n += utf8.RuneCountInString(l)
	}
	return b.String()
}

// signature reads the issuer and date of the signature block: the last short
// date line near the end, and the organisation written before the date on
// that line or on the line(s) just above it.
func signature(lines []string) (org, date string) {
	from := max(0, len(lines)-signatureLines)
	for i := len(lines) - 1; i >= from; i-- {
		l := lines[i]
		if utf8.RuneCountInString(l) > maxOrgRunes+12 {
			continue
		}
		d, at, end := findDate(l)
		if d == "" || strings.TrimFunc(l[end:], isSpaceOrPunct) != "" {
			continue // a date inside a sentence, not a signature
		}
		if before := strings.TrimSpace(l[:at]); before != "" {
			if org = orgLine(before); org == "" {
				continue
			}
		}
		date = d
		for j := i - 1; org == "" && j >= max(0, i-2); j-- {
			org = orgLine(lines[j])
		}
		return org, date
	}
	return "", ""
}

// headerOrg reads the issuer from a document header: a red-head line
// "中共某某委员会文件" or a label "发文机关：某某医院" in the first lines.
func headerOrg(lines []string) string {
	for i, l := range lines {
		if i >= headerLines {
			break
		}
		for _, label := range issuerLabels {
			if rest, ok := strings.CutPrefix(l, label); ok {
				if org := orgLine(strings.TrimLeft(rest, ":： ")); org != "" {
					return org
				}
			}
		}
		if head, ok := strings.CutSuffix(l, "文件"); ok {
			if org := orgLine(head); org != "" {
				return org
			}
		}
	}
	return ""
}

// orgLine returns l as an organisation name when it looks like one: short,
// without sentence punctuation, ending with an organisation suffix. Several
// issuers on one line ("中共XX委员会 XX医院") are kept together.
func orgLine(l string) string {
	l = strings.TrimFunc(l, isSpaceOrPunct)
	if l == "" || utf8.RuneCountInString(l) > maxOrgRunes || strings.ContainsAny(l, "。，,；;：:！？!?") {
		return ""
	}
	if !hasOrgSuffix(l) {
		return ""
	}
	return l
}

func isSpaceOrPunct(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }

// hasOrgSuffix reports whether s ends with an organisation suffix and names
// something before the longest such suffix ("某某医院" yes, bare "医院" no).
func hasOrgSuffix(s string) bool {
	longest := 0
	for _, suf := range orgSuffixes {
		if strings.HasSuffix(s, suf) && len(suf) > longest {
			longest = len(suf)
		}
	}
	return longest > 0 && len(s) > longest
}

// titleOrg returns the organisation a title opens with ("崀山镇卫生院2011年…
// 实施方案" → 崀山镇卫生院): the longest head of the title, before any stop
// word or digit, that ends with an organisation suffix.
func titleOrg(title string) string {
	head := title
	if i := strings.IndexFunc(head, func(r rune) bool { return r >= '0' && r <= '9' }); i >= 0 {
		head = head[:i]
	}
	for _, s := range orgStops {
		if i := strings.Index(head, s); i >= 0 {
			head = head[:i]
		}
	}
	head = head[:ordinalStop(head)]
	for _, v := range verbHeads {
		if strings.HasPrefix(head, v) {
			return ""
		}
	}
	for end := len(head); end > 0; {
		if hasOrgSuffix(head[:end]) && !splitsWord(title, end) {
			if org := strings.TrimSpace(head[:end]); !generic(org) {
				return org
			}
			return ""
		}
		_, w := utf8.DecodeLastRuneInString(head[:end])
		end -= w
	}
	return ""
}

// ordinalStop returns where an ordinal that counts something other than an
// organisation starts in head ("第一季度", "第二批", "第三次"), or len(head):
// "第三人民医院" is a name and stays whole.
func ordinalStop(head string) int {
	for from := 0; ; {
		i := strings.Index(head[from:], "第")
		if i < 0 {
			return len(head)
		}
		i += from
		rest := strings.TrimLeft(head[i+len("第"):], "一二三四五六七八九十百零〇两0123456789")
		for _, u := range ordinalUnits {
			if strings.HasPrefix(rest, u) {
				return i
			}
		}
		from = i + len("第")
	}
}

// generic reports whether org is made of organisation words alone
// ("卫生院党支部", "中心卫生院"): a kind of issuer, not a name.
func generic(org string) bool {
	for org != "" {
		longest := 0
		for _, suf := range orgSuffixes {
			if strings.HasSuffix(org, suf) && len(suf) > longest {
				longest = len(suf)
			}
		}
		if longest == 0 {
			return false
		}
		org = org[:len(org)-longest]
	}
	return true
}

// splitsWord reports whether cutting s at byte end would split a word that
// merely begins like an organisation suffix (党组|织, 部|门, 院|长).
func splitsWord(s string, end int) bool {
	for _, w := range notOrgWords {
		for from := 0; ; {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			i += from
			if i < end && end < i+len(w) {
				return true
			}
			from = i + len(w)
		}
	}
	return false
}

// verbHeads open titles that are about an activity, not issued by someone
// named first ("加强医院党建工作的实施方案").
var verbHeads = []string{"加强", "关于", "深入", "开展", "推进", "做好", "全面", "进一步", "坚持", "强化", "提升", "落实", "贯彻"}

// findDate returns the first date in s as "YYYY-MM-DD" with its byte span.
func findDate(s string) (date string, at, end int) {
	type cand struct {
		y, m, d int
		at, end int
	}
	var found []cand
	if g := reDateCN.FindStringSubmatchIndex(s); g != nil {
		found = append(found, cand{atoi(s[g[2]:g[3]]), atoi(s[g[4]:g[5]]), atoi(s[g[6]:g[7]]), g[0], g[1]})
	}
	if g := reDateHan.FindStringSubmatchIndex(s); g != nil {
		found = append(found, cand{hanYear(s[g[2]:g[3]]), hanNum(s[g[4]:g[5]]), hanNum(s[g[6]:g[7]]), g[0], g[1]})
	}
	if g := reDateNum.FindStringSubmatchIndex(s); g != nil {
		found = append(found, cand{atoi(s[g[2]:g[3]]), atoi(s[g[4]:g[5]]), atoi(s[g[6]:g[7]]), g[0], g[7]})
	}
	best := cand{at: -1}
	for _, c := range found {
		if c.m < 1 || c.m > 12 || c.d < 1 || c.d > 31 || c.y < 1900 {
			continue
		}
		if best.at < 0 || c.at < best.at {
			best = c
		}
	}
	if best.at < 0 {
		return "", 0, 0
	}
	return strconv.Itoa(best.y) + "-" + two(best.m) + "-" + two(best.d), best.at, best.end
}

// titleHanYear reads a year written digit by digit in Chinese numerals
// (二〇二四年), or 0 outside 1900–2099.
func titleHanYear(title string) int {
	g := reYearHan.FindStringSubmatch(title)
	if g == nil {
		return 0
	}
	if y := hanYear(g[1]); y >= 1900 && y < 2100 {
		return y
	}
	return 0
}

// hanYear reads a digit-by-digit Chinese year (二〇二五 → 2025).
func hanYear(s string) int {
	y := 0
	for _, r := range s {
		y = y*10 + cnDateDigits[r]
	}
	return y
}

// hanNum reads 一…三十一 as used for months and days.
func hanNum(s string) int {
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return cnDateDigits[r[0]]
	case len(r) == 2 && r[0] == '十':
		return 10 + cnDateDigits[r[1]]
	case len(r) == 2 && r[1] == '十':
		return cnDateDigits[r[0]] * 10
	case len(r) == 3 && r[1] == '十':
		return cnDateDigits[r[0]]*10 + cnDateDigits[r[2]]
	}
	return 0
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// foldedLines returns the non-empty trimmed lines of text, folded where
// Extract reads them: the opening (header, subtitle, opening text) and the
// signature block. Lines in between are left as written: folding a whole
// long document cost nine tenths of Extract.
func foldedLines(text string) []string {
	lines := splitLines(text)
	n := 0
	for i, l := range lines {
		head := i < headerLines || n < openingRunes
		if head {
			n += utf8.RuneCountInString(l)
		}
		if head || i >= len(lines)-signatureLines {
			lines[i] = strings.TrimSpace(fold.Text(l))
		}
	}
	return lines
}

// splitLines returns the non-empty trimmed lines of s.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// eventYear is the last resort for a document that names its year nowhere
// in its title or opening: the first year the body dates an event by
// (在2008年9月通过考核) or the year of the notice it carries out (按照《关于
// 开展2019年…》), founding dates aside. It reads the text as written (both
// scripts), not folded: the whole text is seldom worth folding; and it
// scans for 年 rather than running a regexp over all of it.
func eventYear(text string) int {
	for from := 0; ; {
		i := strings.Index(text[from:], "年")
		if i < 0 {
			return 0
		}
		i += from
		from = i + len("年")
		// Four digits before 年, spaces between allowed.
		d := strings.TrimRight(text[:i], " ")
		if len(d) < 4 || !isYearDigits(d[len(d)-4:]) || len(d) > 4 && d[len(d)-5] >= '0' && d[len(d)-5] <= '9' {
			continue
		}
		a := len(d) - 4
		if !monthAfter(text[from:]) && !citedBefore(text[:a]) {
			continue
		}
		before := text[max(0, a-12):a]
		after := text[i:min(len(text), i+9)]
		if anyof.Suffix(before, foundingBefore) || anyof.Prefix(after, foundingAfter) {
			continue
		}
		return atoi(d[a:])
	}
}

// monthAfter reports a month right after a year's 年: " 9 月", "12月".
func monthAfter(s string) bool {
	s = strings.TrimLeft(s, " ")
	n := 0
	for n < len(s) && n < 2 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n > 0 && strings.HasPrefix(strings.TrimLeft(s[n:], " "), "月")
}

// citedBefore reports a year inside the title of a notice being carried
// out: 《关于 (or 關於) at most 12 characters before it, with no 》 between.
func citedBefore(s string) bool {
	rs := []rune(s[max(0, len(s)-3*16):])
	for k := len(rs) - 1; k >= 0 && len(rs)-k <= 15; k-- {
		switch rs[k] {
		case '》':
			return false
		case '《':
			rest := string(rs[k+1:])
			return len(rs)-k-3 <= 12 && (strings.HasPrefix(rest, "关于") || strings.HasPrefix(rest, "關於"))
		}
	}
	return false
}
