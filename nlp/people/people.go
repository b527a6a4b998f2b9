// Package people finds the members of leadership groups named in a
// document: "组长：刘国平 副组长：李立明李峰谢力民 成员：何先进、彭湘东…"
// and "成立以张三为组长、李四为副组长的领导小组".
//
// Names glued without separators are split with a surname table and the
// usual name length (two or three characters, four with a compound
// surname); the segmenter's person-name tag breaks near ties.
package people

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/lazyregexp"
	"github.com/planmine/planmine/nlp/segment"
)

var (
	// roleColon finds "组长：" and the spaced form of tables "组  长：".
	roleColon = lazyregexp.New(`(` + spacedAlt(roles) + `)[ \t]*:`)
	// roleWei finds "…为组长" in the 以…为组长 form.
	roleWei = lazyregexp.New(`为(` + strings.Join(roles, "|") + `)`)
	// roleYou finds "组长由院长张三担任" and "…同志兼任": the names between
	// 由 and the verb.
	roleYou = lazyregexp.New(`(` + strings.Join(roles, "|") + `)由([^。:;]{2,40}?)(?:` + strings.Join(takeVerbs, "|") + `)`)
	// roleRen finds "…任组长" / "…任领导小组副组长" in the inline form
	// "院长张三任领导小组组长，李四任副组长" and "由王五书记任组长".
	roleRen = lazyregexp.New(`任(?:` + strings.Join(groupWords, "|") + `)?(` + strings.Join(roles, "|") + `)`)
	// roleList finds "成员包括：" and "成员为": the list follows.
	roleList = lazyregexp.New(`(` + strings.Join(roles, "|") + `)(?:` + strings.Join(listVerbs, "|") + `)[ \t]*:?`)
	// roleChain finds the group roles of a chain (组长张三、副组长李四).
	roleChain = lazyregexp.New(strings.Join(chainRoles, "|"))
	// roleParen finds a role in brackets after a name: 张三（组长）.
	roleParen = lazyregexp.New(`[(（](` + strings.Join(roles, "|") + `)[)）]`)
	// roleTable finds a table row that separates role and names by spaces
	// only: "组　长　陈卫东", "成 员 马丽 王刚".
	roleTable = lazyregexp.New(`^[ \t]*(` + spacedAlt(roles) + `)[ \t]+\S`)
)

// spacedAlt joins words as a regexp alternation that allows spaces between
// their characters.
func spacedAlt(words []string) string {
	alt := make([]string, len(words))
	for i, w := range words {
		var b strings.Builder
		for k, r := range w {
			if k > 0 {
				b.WriteString(`[ \t]*`)
			}
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		alt[i] = b.String()
	}
	return strings.Join(alt, "|")
}

// maxItem bounds a name item in runes: longer is prose, not a list of names.
const maxItem = 24

// Extract returns the people named in leadership groups, in document order,
// each pair (role, name) once. Names are as written; roles are Simplified.
func Extract(text string) []doc.Person {
	return ExtractFolded(text, fold.Text(text))
}

// ExtractFolded is Extract for a caller that already holds fold.Text(text),
// saving the fold (the larger part of the cost) when several extractors run.
func ExtractFolded(text, folded string) []doc.Person {
	f := []rune(folded)
	if len(f) != utf8.RuneCountInString(text) {
		f = []rune(text)
	}
	// The original runes are only needed to report a name as written.
	p := &parser{f: f, text: text, seen: map[doc.Person]bool{}}
	if drop := mergeDrops(unwrapDrops(f), paddingDrops(f)); len(drop) > 0 {
		p.orig = without([]rune(text), drop)
		p.f = without(f, drop)
		f = p.f
	}
	start := 0
	pending, waited := "", 0 // a role whose names follow on the next lines
	for start <= len(f) {
		end := start
		roleEnd := false // every role ends in 长, 员, 任 or 问
		for end < len(f) && f[end] != '\n' {
			switch f[end] {
			case '长', '员', '任', '问':
				roleEnd = true
			}
			end++
		}
		if pending == "" && !roleEnd {
			start = end + 1 // no role, nothing waiting: the default case below
			continue
		}
		line := string(f[start:end])
		switch {
		case pending != "" && strings.TrimSpace(line) == "":
			// Blank lines between a role and its names keep it waiting.
		case pending != "" && !roleColon.MatchString(line) && p.listLine(pending, start, end):
			waited = 0
		case hasRoleWord(line):
			pending = p.line(start, line)
		default:
			pending = ""
		}
		if pending != "" {
			if waited++; waited > maxListLines {
				pending = ""
			}
		}
		start = end + 1
	}
	return p.out
}

// loneNameNote is what follows a role's colon when the line holds one name
// and a note on it: 陈某某（计生办）.
var loneNameNote = lazyregexp.New(`^[ \t]*\p{Han}{2,4}[ \t]*(?:[(（][^()（）]{1,16}[)）])?[ \t]*$`)

// unwrapDrops finds the line breaks of a hard-wrapped page ("成立了以书记张某某同志\n为
// 组长，…为副组长的领导小组") so that a group read across a break is read
// whole: a line break after a long line that ends inside a sentence (a Han
// character, 、 or a comma) goes, in both texts alike. People carry no
// offsets, so the joined text is only read.
func unwrapDrops(rf []rune) []int {
	var drop []int
	lineStart := 0
	for i, r := range rf {
		if r != '\n' {
			continue
		}
		if i-lineStart >= minWrapRunes && i > 0 && i+1 < len(rf) && isHan(rf[i+1]) &&
			(isHan(rf[i-1]) || rf[i-1] == '、' || rf[i-1] == ',' || rf[i-1] == '，') {
			drop = append(drop, i)
		}
		lineStart = i + 1
	}
	return drop
}

// paddingDrops finds the spaces a table pads a two-character name with
// to the width of three ("姜 潮", "黎　明"): one to two spaces between two
// Han characters that stand alone. Dropped, the name reads whole.
func paddingDrops(rf []rune) []int {
	var drop []int
	for k := 1; k < len(rf); k++ {
		if !isPad(rf[k]) || !isHan(rf[k-1]) || k >= 2 && isHan(rf[k-2]) {
			continue
		}
		j := k
		for j < len(rf) && isPad(rf[j]) && j-k < 2 {
			j++
		}
		if j >= len(rf) || !isHan(rf[j]) || j+1 < len(rf) && isHan(rf[j+1]) {
			continue
		}
		// A page that spaces every character ("负 责 总 指挥 全 面") pads
		// nothing: a single character stands spaced on either side.
		if k >= 3 && isPad(rf[k-2]) && isHan(rf[k-3]) ||
			j+2 < len(rf) && isPad(rf[j+1]) && isHan(rf[j+2]) && (j+3 >= len(rf) || !isHan(rf[j+3])) {
			continue
		}
		for i := k; i < j; i++ {
			drop = append(drop, i)
		}
		k = j
	}
	return drop
}

func isPad(r rune) bool { return r == ' ' || r == '\u3000' }

// mergeDrops merges two ascending index lists.
func mergeDrops(a, b []int) []int {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

// without returns rs less the (ascending) indexes in drop.
func without(rs []rune, drop []int) []rune {
	out := make([]rune, 0, len(rs)-len(drop))
	k := 0
	for i, r := range rs {
		if k < len(drop) && drop[k] == i {
			k++
			continue
		}
		out = append(out, r)
	}
	return out
}

// minWrapRunes is the shortest line whose break inside a sentence is a
// wrap; names listed one per line are shorter.
const minWrapRunes = 20

// hasRoleWord is a cheap filter run on every line before the regexps: every
// role ends in one of 长员任问, and the spaced table form "组  长：" has a colon.
func hasRoleWord(line string) bool {
	if !strings.ContainsAny(line, "长员任问") {
		return false
	}
	if t := strings.TrimLeft(line, " \t"); t != "" && strings.ContainsRune(roleStarts, firstRune(t)) && roleTable.MatchString(line) {
		return true
	}
	return strings.Contains(line, ":") || strings.Contains(line, "组长") || strings.Contains(line, "成员") ||
		strings.Contains(line, "兼任") ||
		strings.Contains(line, "组员") || strings.Contains(line, "主任") ||
		strings.Contains(line, "委员") || strings.Contains(line, "联络员") ||
		strings.Contains(line, "顾问") || strings.Contains(line, "秘书长")
}

// hasListVerb is a cheap filter before roleList: a list verb right after a
// role (every role ends in one of 长员任问).
func hasListVerb(line string) bool {
	for _, v := range listVerbs {
		for rest := line; ; {
			i := strings.Index(rest, v)
			if i < 0 {
				break
			}
			if r, _ := utf8.DecodeLastRuneInString(rest[:i]); strings.ContainsRune(roleEnds, r) {
				return true
			}
			rest = rest[i+len(v):]
		}
	}
	return false
}

// hasRen is a cheap filter before roleRen: 任 followed by the first rune of
// a role or of a group word (任组长, 任副组长, 任领导小组组长).
func hasRen(line string) bool {
	for rest := line; ; {
		i := strings.Index(rest, "任")
		if i < 0 {
			return false
		}
		rest = rest[i+len("任"):]
		if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune(roleStarts, r) || strings.ContainsRune(groupStarts, r) {
			return true
		}
	}
}

type parser struct {
	f    []rune
	text string
	orig []rune // text as runes, made on the first name found
	seen map[doc.Person]bool
	out  []doc.Person
}

func (p *parser) add(role string, s, e int) {
	if a, ok := roleAliases[role]; ok {
		role = a
	}
	if p.orig == nil {
		p.orig = []rune(p.text)
	}
	person := doc.Person{Role: role, Name: string(p.orig[s:e])}
	if !p.seen[person] {
		p.seen[person] = true
		p.out = append(p.out, person)
	}
}

// line handles one line starting at rune offset base. It returns the role
// of a "成员：" that ends the line with nothing after it: its names follow
// one per line (or a few per line) on the next lines.
func (p *parser) line(base int, line string) (pending string) {
	// Byte offsets from the regexps are turned into rune offsets.
	runeAt := byteToRune(line)
	var ms [][]int
	if strings.IndexByte(line, ':') >= 0 || strings.Contains(line, "：") {
		// Most lines hold no colon; the role regexp is costly on long ones.
		ms = roleColon.FindAllStringSubmatchIndex(line, -1)
	}
	for k, m := range ms {
		role := strings.Join(strings.Fields(line[m[2]:m[3]]), "")
		cs := base + runeAt[m[1]]
		ce := base + runeAt[len(line)]
		if k+1 < len(ms) {
			ce = base + runeAt[ms[k+1][0]]
		}
		p.content(role, cs, ce)
		if k+1 == len(ms) && (strings.TrimSpace(line[m[1]:]) == "" || loneNameNote.MatchString(line[m[1]:]) || p.namePost(cs, ce)) {
			// "成员：" alone, or with one name (and a note in brackets, or
			// the member's post): the other members follow one per line.
			pending = role
		}
	}
	if hasListVerb(line) {
		for _, m := range roleList.FindAllStringSubmatchIndex(line, -1) {
			p.content(line[m[2]:m[3]], base+runeAt[m[1]], base+runeAt[len(line)])
		}
	}
	if hasRen(line) {
		p.ren(base, line, runeAt)
	}
	if len(ms) == 0 {
		if m := roleTable.FindStringSubmatchIndex(line); m != nil {
			role := strings.Join(strings.Fields(line[m[2]:m[3]]), "")
			p.content(role, base+runeAt[m[3]], base+runeAt[len(line)])
		}
	}
	if hasParenRole(line) {
		p.parenRoles(base, line, runeAt)
	}
	if len(ms) == 0 && mayChain(line) {
		p.chain(base, line, runeAt)
	}
	if strings.Contains(line, "担任") || strings.Contains(line, "兼任") {
		for _, m := range roleYou.FindAllStringSubmatchIndex(line, -1) {
			p.content(line[m[2]:m[3]], base+runeAt[m[4]], base+runeAt[m[5]])
		}
	}
	if !strings.Contains(line, "以") {
		return pending
	}
	ws := roleWei.FindAllStringSubmatchIndex(line, -1)
	prev := -1
	for _, m := range ws {
		role := line[m[2]:m[3]]
		end := runeAt[m[0]]
		var s int
		if prev < 0 {
			// The list opens after 以, within reach of the first 为.
			yi := strings.LastIndex(line[:m[0]], "以")
			if yi < 0 || end-runeAt[yi] > 40 {
				continue
			}
			s = runeAt[yi] + 1
		} else {
			s = prev
		}
		p.content(role, base+s, base+end)
		prev = runeAt[m[1]]
	}
	return pending
}

// ren reads the inline form "院长张三任领导小组组长，李四任常务副组长，王五、
// 赵六任副组长" and "由王某书记任组长": the names before each 任 back to the
// clause start (or to 由).
func (p *parser) ren(base int, line string, runeAt []int) {
	for _, m := range roleRen.FindAllStringSubmatchIndex(line, -1) {
		end := base + runeAt[m[0]]
		if end > base && takeBeforeRen[p.f[end-1]] {
			end-- // 张三担任组长: the names end before the verb
		} else if end == base || renNotVerb[p.f[end-1]] {
			continue // 主任, 责任, 现任…: 任 is part of a word
		}
		s := end
		for s > base && end-s < maxRenClause && !clauseEnds[p.f[s-1]] {
			s--
		}
		if s > base && !clauseEnds[p.f[s-1]] {
			continue // no clause start within reach: prose, not a list
		}
		for k := end - 1; k >= s; k-- {
			if p.f[k] == '由' {
				s = k + 1
				break
			}
		}
		p.content(line[m[2]:m[3]], s, end)
	}
}

// hasParenRole is a cheap filter before roleParen: an opening bracket
// followed by the first rune of a role (（组长）, (副组长)).
func hasParenRole(line string) bool {
	for rest := line; ; {
		i := strings.IndexAny(rest, "(（")
		if i < 0 {
			return false
		}
		_, w := utf8.DecodeRuneInString(rest[i:])
		rest = rest[i+w:]
		if strings.ContainsRune(roleStarts, firstRune(rest)) {
			return true
		}
	}
}

// parenRoles reads names each followed by its role in brackets: "张三（组长）、
// 李四（副组长）". The name runs back from the bracket to a list separator,
// a colon or the line start.
func (p *parser) parenRoles(base int, line string, runeAt []int) {
	for _, m := range roleParen.FindAllStringSubmatchIndex(line, -1) {
		e := base + runeAt[m[0]]
		s := e
		for s > base && e-s <= maxParenName && !itemSeps[p.f[s-1]] && p.f[s-1] != ':' && p.f[s-1] != '：' {
			s--
		}
		if e-s > maxParenName {
			continue
		}
		a, b := p.trim(s, e)
		if names := p.names(a, b); len(names) == 1 {
			p.add(line[m[2]:m[3]], names[0][0], names[0][1])
		}
	}
}

// mayChain is a cheap filter before roleChain: a chain names at least two
// group roles, and every one holds 组长, 成员 or 组员 (in folded script).
func mayChain(line string) bool {
	n := strings.Count(line, "组长")
	if n == 0 {
		return false // a chain opens with its leader
	}
	return n+strings.Count(line, "成员")+strings.Count(line, "组员") >= minChain
}

// chain reads roles written right before their names in running text, as
// news reports list a group: "第二组组长张三、副组长李四、组员王五和赵六4人
// 来到…". Each pair's names run from its role to the next role, which a 、
// or comma must link to it; at least minChain pairs make a chain.
func (p *parser) chain(base int, line string, runeAt []int) {
	type pair struct {
		role  string
		names [][2]int
	}
	var run []pair
	flush := func() {
		if len(run) >= minChain {
			for _, pr := range run {
				for _, nm := range pr.names {
					p.add(pr.role, nm[0], nm[1])
				}
			}
		}
		run = run[:0]
	}
	ms := roleChain.FindAllStringIndex(line, -1)
	for k, m := range ms {
		s := base + runeAt[m[1]]
		e := base + runeAt[len(line)]
		linked := false
		if k+1 < len(ms) {
			e = base + runeAt[ms[k+1][0]]
			linked = e > s && chainLinks[p.f[e-1]]
		}
		if s >= len(p.f) || !isHan(p.f[s]) {
			flush() // 组长：, 组长由…, 组长、: another form
			continue
		}
		names := p.parse(s, e)
		if len(names) == 0 {
			flush()
			continue
		}
		run = append(run, pair{line[m[0]:m[1]], names})
		if !linked {
			flush()
		}
	}
	flush()
}

// listLine reads a line that follows a "成员：" ending its line: it holds
// only names (each maybe with a note: 周华驹（市政府副秘书长）). It reports
// whether the line was such a list.
func (p *parser) listLine(role string, s, e int) bool {
	var found [][2]int
	strict := false
	for _, it := range p.items(s, e) {
		a, b := p.trim(it[0], it[1])
		if a >= b {
			continue
		}
		if len(found) > 0 && p.names(a, b) == nil && p.isPost(it[0], e) {
			break // 徐玲 省卫生厅规财处处长, 王平 省卫生厅 保健办主任: the post after the name
		}
		if names := p.names(a, b); names != nil {
			found = append(found, names...)
			strict = true
			continue
		}
		if !p.loneName(a, b) {
			return false
		}
		found = append(found, [2]int{a, b})
	}
	if len(found) == 0 || !strict && len(found) > 1 {
		return false
	}
	for _, nm := range found {
		p.add(role, nm[0], nm[1])
	}
	return true
}

// content parses the names between f[s:e] for role.
func (p *parser) content(role string, s, e int) {
	for _, nm := range p.parse(s, e) {
		p.add(role, nm[0], nm[1])
	}
	for _, nm := range p.namePosts(s, e) {
		p.add(role, nm[0], nm[1])
	}
}

// namePosts finds, anywhere in a role's content f[s:e], the names written
// with their post in brackets and a duty after it ("孙桂云(副院长)负责协调…
// 赵庆霞(内科主任)具体负责…"), which the item list stops short of.
func (p *parser) namePosts(s, e int) [][2]int {
	f := p.f
	var out [][2]int
	for k := s + 2; k < e; k++ {
		if f[k] != '(' && f[k] != '（' {
			continue
		}
		c := k + 1
		for c < e && c-k <= maxPostRunes && f[c] != ')' && f[c] != '）' {
			c++
		}
		if c >= e || c-k > maxPostRunes || !p.isPost(k+1, c) {
			continue
		}
		a := k
		for a > s && k-a < 4 && isHan(f[a-1]) {
			a--
		}
		if k-a < 2 || a > s && isHan(f[a-1]) {
			continue // a name stands alone before its post
		}
		if names := p.names(a, k); len(names) == 1 {
			out = append(out, names[0])
		}
	}
	return out
}

// namePost reports whether f[s:e] is one name and the post after it
// ("刘明浩 省卫生厅办公室主任", "李朝明  省政府副秘书长").
func (p *parser) namePost(s, e int) bool {
	items := p.items(s, e)
	if len(items) < 2 {
		return false
	}
	a, b := p.trim(items[0][0], items[0][1])
	if a >= b || len(p.names(a, b)) != 1 {
		return false
	}
	for _, it := range items[1:] {
		if !p.isPost(it[0], it[1]) {
			return false
		}
	}
	return true
}

// maxPostRunes bounds a post in brackets after a name.
const maxPostRunes = 12

// isPost reports whether f[s:e] (spaces aside) is a post: it ends in a
// title word (副院长, 处长, 内科主任, 副省长).
func (p *parser) isPost(s, e int) bool {
	for s < e && isPad(p.f[s]) {
		s++
	}
	for e > s && isPad(p.f[e-1]) {
		e--
	}
	if e-s < 2 {
		return false
	}
	item := string(p.f[s:e])
	for _, list := range [][]string{titles, postEnds} {
		for _, w := range list {
			if w != "同志" && w != "亲自" && strings.HasSuffix(item, w) && utf8.RuneCountInString(item) >= utf8.RuneCountInString(w) {
				return true
			}
		}
	}
	return false
}

// parse returns the spans of the names listed in f[s:e].
func (p *parser) parse(s, e int) (spans [][2]int) {
	f := p.f
	for k := s; k < e; k++ {
		if contentEnds[f[k]] || f[k] >= '0' && f[k] <= '9' {
			e = k
			break
		}
	}
	items := p.items(s, e)
	// Names the surname table cannot cut (那顺布和, 其木格) count only in a
	// list that also holds ordinary names.
	type found struct {
		span [2]int
		lone bool
	}
	var out []found
	strict := false
	defer func() {
		for _, nm := range out {
			if strict || !nm.lone {
				spans = append(spans, nm.span)
			}
		}
	}()
	for n, it := range items {
		a, b := p.trim(it[0], it[1])
		if a >= b {
			continue
		}
		if n > 0 && p.names(a, b) == nil && p.isPost(it[0], it[1]) {
			continue // 李红军 副省长: a post after the name
		}
		// A heading glued after the list (闫淑平三、主要内容…): drop the
		// numeral when what follows is not a name.
		if numeralRunes[f[b-1]] && n+1 < len(items) && !p.isNameItem(items[n+1][0], items[n+1][1]) {
			if names := p.names(a, b-1); names != nil {
				for _, nm := range names {
					out = append(out, found{span: nm})
				}
				strict = true
				return
			}
		}
		names := p.names(a, b)
		if names == nil {
			names = p.joinedNames(a, b)
		}
		if names == nil {
			if p.loneName(a, b) {
				out = append(out, found{span: [2]int{a, b}, lone: true})
				continue
			}
			// The last names run into the prose after them when a page lost
			// its line breaks (…刘洋领导小组下设办公室…): keep the names
			// before the first word that cannot be part of one.
			if c := p.proseStart(a, b); c-a >= 2 {
				if names := p.names(a, c); names != nil {
					strict = true
					for _, nm := range names {
						out = append(out, found{span: nm})
					}
					return
				}
			}
			if b-a > 4 && n > 0 {
				return // prose after the list
			}
			continue
		}
		strict = true
		for _, nm := range names {
			out = append(out, found{span: nm})
		}
	}
	return spans
}

// joinedNames splits f[s:e] at a conjunction that joins two runs of names
// (王五和赵六, 李四及周七), or returns nil.
func (p *parser) joinedNames(s, e int) [][2]int {
	for k := s + 2; k < e-2; k++ {
		if !nameConjunctions[p.f[k]] {
			continue
		}
		left, right := p.names(s, k), p.names(k+1, e)
		if left != nil && right != nil {
			return append(left, right...)
		}
	}
	return nil
}

// proseStart returns where prose begins inside f[s:e]: the first rune that
// never occurs in a name or the first department, title or group word; e
// when there is none.
func (p *parser) proseStart(s, e int) int {
	for k := s; k < e; k++ {
		if neverInName[p.f[k]] {
			return k
		}
		for _, w := range proseWords {
			if k+len(w) <= e && hasAt(p.f, k, w) {
				return k
			}
		}
	}
	return e
}

// items splits f[s:e] into name items at list separators, dropping
// parenthesised notes: 张三（院长）.
func (p *parser) items(s, e int) [][2]int {
	f := p.f
	var items [][2]int
	depth := 0
	is := s
	for k := s; k <= e; k++ {
		if k < e {
			switch f[k] {
			case '(', '（':
				if depth == 0 && k > is {
					items = append(items, [2]int{is, k})
				}
				depth++
				continue
			case ')', '）':
				if depth > 0 {
					depth--
				}
				is = k + 1
				continue
			}
			if depth > 0 || !itemSeps[f[k]] {
				continue
			}
		}
		if depth == 0 && k > is {
			items = append(items, [2]int{is, k})
		}
		is = k + 1
	}
	return items
}

// loneName reports whether f[s:e] may be a single personal name that the
// surname table cannot cut: two to four Han characters, no title, role,
// department or prose word. Callers accept it only next to ordinary names.
func (p *parser) loneName(s, e int) bool {
	if e-s < 2 || e-s > 4 {
		return false
	}
	item := string(p.f[s:e])
	for _, r := range p.f[s:e] {
		if !isHan(r) || neverInLoneName[r] {
			return false
		}
	}
	for _, list := range [][]string{notName, titles, roles, notLoneName} {
		for _, w := range list {
			if strings.Contains(item, w) {
				return false
			}
		}
	}
	return true
}

func (p *parser) isNameItem(s, e int) bool {
	a, b := p.trim(s, e)
	return a < b && b-a <= 4 && p.names(a, b) != nil
}

// trim strips titles, 等 and 同志 from both ends of f[s:e].
func (p *parser) trim(s, e int) (int, int) {
	f := p.f
	for s < e && (f[s] == ' ' || f[s] == ':') {
		s++
	}
	for e > s && (f[e-1] == ' ' || f[e-1] == '等') {
		e--
	}
	for changed := true; changed && s < e; {
		changed = false
		for _, t := range titles {
			tr := []rune(t)
			if e-s > len(tr) && hasAt(f, s, tr) {
				s += len(tr)
				changed = true
				break
			}
			if e-s > len(tr) && hasAt(f, e-len(tr), tr) {
				e -= len(tr)
				changed = true
				break
			}
		}
		for e > s && f[e-1] == '等' {
			e--
			changed = true
		}
	}
	// 医务科科长赵强: a department before the title; the name is what
	// follows the last title word, when that is name-sized.
	for k := e - 2; k > s; k-- {
		for _, t := range titleEnds {
			tr := []rune(t)
			if st := k - len(tr); st >= s && hasAt(f, st, tr) && e-k >= 2 && e-k <= 4 {
				return k, e
			}
		}
	}
	return s, e
}

func hasAt(f []rune, i int, r []rune) bool {
	if i < 0 || i+len(r) > len(f) {
		return false
	}
	for k := range r {
		if f[i+k] != r[k] {
			return false
		}
	}
	return true
}

// names splits f[s:e] into personal names and returns their spans, or nil
// when the item is not a run of names.
func (p *parser) names(s, e int) [][2]int {
	if e-s < 2 || e-s > maxItem {
		return nil
	}
	item := string(p.f[s:e])
	for _, w := range notName {
		if strings.Contains(item, w) {
			return nil
		}
	}
	for _, r := range p.f[s:e] {
		if !isHan(r) || neverInName[r] {
			return nil
		}
	}
	segs := segmentations(p.f[s:e])
	if len(segs) == 0 {
		return nil
	}
	best := segs[0]
	if len(segs) > 1 && segs[1].cost-best.cost < tieMargin {
		best = tieBreak(p.f[s:e], segs)
	}
	out := make([][2]int, 0, len(best.cuts))
	prev := 0
	for _, c := range best.cuts {
		out = append(out, [2]int{s + prev, s + c})
		prev = c
	}
	return out
}

func byteToRune(s string) []int {
	m := make([]int, len(s)+1)
	n := 0
	for i := range s {
		m[i] = n
		n++
	}
	// Fill continuation bytes so any byte offset maps to its rune.
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			last = m[i]
		}
		m[i] = last
	}
	m[len(s)] = n
	return m
}

func isHan(r rune) bool { return r >= 0x3400 && r <= 0x9FFF }

// segmenter is swapped in tests; it returns the segmenter used to break ties.
var segmenter = segment.Default

// firstRune returns the first rune of s without converting the whole line.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
