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

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/segment"
)

var (
	// roleColon finds "组长：" and the spaced form of tables "组  长：".
	roleColon = regexp.MustCompile(`(` + spacedAlt(roles) + `)[ \t]*:`)
	// roleWei finds "…为组长" in the 以…为组长 form.
	roleWei = regexp.MustCompile(`为(` + strings.Join(roles, "|") + `)`)
	// roleYou finds "组长由院长张三担任": the names between 由 and 担任.
	roleYou = regexp.MustCompile(`(` + strings.Join(roles, "|") + `)由([^。:;]{2,40}?)担任`)
	// roleTable finds a table row that separates role and names by spaces
	// only: "组　长　陈卫东", "成 员 马丽 王刚".
	roleTable = regexp.MustCompile(`^[ \t]*(` + spacedAlt(roles) + `)[ \t]+\S`)
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
	orig := []rune(text)
	f := []rune(folded)
	if len(f) != len(orig) {
		f = orig
	}
	p := &parser{f: f, orig: orig, seen: map[doc.Person]bool{}}
	start := 0
	for start <= len(f) {
		end := start
		for end < len(f) && f[end] != '\n' {
			end++
		}
		line := string(f[start:end])
		if hasRoleWord(line) {
			p.line(start, line)
		}
		start = end + 1
	}
	return p.out
}

// hasRoleWord is a cheap filter run on every line before the regexps: every
// role ends in one of 长员任问, and the spaced table form "组  长：" has a colon.
func hasRoleWord(line string) bool {
	if !strings.ContainsAny(line, "长员任问") {
		return false
	}
	if t := strings.TrimLeft(line, " \t"); t != "" && strings.ContainsRune(roleStarts, []rune(t)[0]) && roleTable.MatchString(line) {
		return true
	}
	return strings.Contains(line, ":") || strings.Contains(line, "组长") || strings.Contains(line, "成员") ||
		strings.Contains(line, "组员") || strings.Contains(line, "主任") ||
		strings.Contains(line, "委员") || strings.Contains(line, "联络员") ||
		strings.Contains(line, "顾问") || strings.Contains(line, "秘书长")
}

type parser struct {
	f, orig []rune
	seen    map[doc.Person]bool
	out     []doc.Person
}

func (p *parser) add(role string, s, e int) {
	person := doc.Person{Role: role, Name: string(p.orig[s:e])}
	if !p.seen[person] {
		p.seen[person] = true
		p.out = append(p.out, person)
	}
}

// line handles one line starting at rune offset base.
func (p *parser) line(base int, line string) {
	// Byte offsets from the regexps are turned into rune offsets.
	runeAt := byteToRune(line)
	ms := roleColon.FindAllStringSubmatchIndex(line, -1)
	for k, m := range ms {
		role := strings.Join(strings.Fields(line[m[2]:m[3]]), "")
		cs := base + runeAt[m[1]]
		ce := base + runeAt[len(line)]
		if k+1 < len(ms) {
			ce = base + runeAt[ms[k+1][0]]
		}
		p.content(role, cs, ce)
	}
	if len(ms) == 0 {
		if m := roleTable.FindStringSubmatchIndex(line); m != nil {
			role := strings.Join(strings.Fields(line[m[2]:m[3]]), "")
			p.content(role, base+runeAt[m[3]], base+runeAt[len(line)])
		}
	}
	if strings.Contains(line, "担任") {
		for _, m := range roleYou.FindAllStringSubmatchIndex(line, -1) {
			p.content(line[m[2]:m[3]], base+runeAt[m[4]], base+runeAt[m[5]])
		}
	}
	if !strings.Contains(line, "以") {
		return
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
}

// content parses the names between f[s:e] for role.
func (p *parser) content(role string, s, e int) {
	f := p.f
	for k := s; k < e; k++ {
		if contentEnds[f[k]] || f[k] >= '0' && f[k] <= '9' {
			e = k
			break
		}
	}
	// Split into items, dropping parenthesised notes: 张三（院长）.
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
	for n, it := range items {
		a, b := p.trim(it[0], it[1])
		if a >= b {
			continue
		}
		// A heading glued after the list (闫淑平三、主要内容…): drop the
		// numeral when what follows is not a name.
		if numeralRunes[f[b-1]] && n+1 < len(items) && !p.isNameItem(items[n+1][0], items[n+1][1]) {
			if names := p.names(a, b-1); names != nil {
				for _, nm := range names {
					p.add(role, nm[0], nm[1])
				}
				return
			}
		}
		names := p.names(a, b)
		if names == nil {
			if b-a > 4 && n > 0 {
				return // prose after the list
			}
			continue
		}
		for _, nm := range names {
			p.add(role, nm[0], nm[1])
		}
	}
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
