package clean

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/internal/lazyregexp"
)

// pattern is a regexp with a cheap test in front of it. Most patterns of
// the rule tables are anchored at the text's start or end, and most lines
// start and end with runes no match can: the test reads one rune where the
// regexp machine would be set up for the whole line.
//
// Both are built on first use, not at start: compiling the tables' regexps
// took most of a short command's start-up, and a pattern whose test never
// passes is never compiled (the regexp is an internal/lazyregexp one).
type pattern struct {
	expr string
	pre  sync.Once
	// first (last) holds the runes a match must start (end) with when the
	// pattern is anchored at the text's start (end); nil when the pattern
	// gives no such rule.
	first, last *runeRanges
	// needs holds literals one of which every match contains; nil when
	// the pattern gives no such rule.
	needs []string
	re    *lazyregexp.Regexp
}

// patterns lists every pattern of the tables, for the test that builds
// them all (a bad expression panics on first use).
var patterns []*pattern

func mustPattern(expr string) *pattern {
	p := &pattern{expr: expr, re: lazyregexp.New(expr)}
	patterns = append(patterns, p)
	return p
}

// Regexp returns the compiled regexp.
func (p *pattern) Regexp() *regexp.Regexp { return p.re.Regexp() }

func (p *pattern) String() string { return p.expr }

// prefilter derives the cheap test from the expression.
func (p *pattern) prefilter() {
	re, err := syntax.Parse(p.expr, syntax.Perl)
	if err != nil {
		panic(err)
	}
	if beginsText(re) {
		if set, nullable := edgeRunes(re, false); !nullable && set != nil {
			p.first = set
		}
	}
	if endsText(re) {
		if set, nullable := edgeRunes(re, true); !nullable && set != nil {
			p.last = set
		}
	}
	if n := needs(re); len(n) <= maxNeeds {
		p.needs = n
	}
}

// maxNeeds bounds the literals tried before a pattern: more are slower
// to look for than the regexp is to run.
const maxNeeds = 8

// may reports whether s can hold a match at all.
func (p *pattern) may(s string) bool {
	p.pre.Do(p.prefilter)
	if p.first != nil {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || r != utf8.RuneError && !p.first.has(r) {
			return false
		}
	}
	if p.last != nil {
		r, size := utf8.DecodeLastRuneInString(s)
		if size == 0 || r != utf8.RuneError && !p.last.has(r) {
			return false
		}
	}
	if p.needs != nil {
		for _, n := range p.needs {
			if strings.Contains(s, n) {
				return true
			}
		}
		return false
	}
	return true
}

func (p *pattern) MatchString(s string) bool {
	return p.may(s) && p.Regexp().MatchString(s)
}

func (p *pattern) FindString(s string) string {
	if !p.may(s) {
		return ""
	}
	return p.Regexp().FindString(s)
}

func (p *pattern) FindStringIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	return p.Regexp().FindStringIndex(s)
}

func (p *pattern) FindStringSubmatch(s string) []string {
	if !p.may(s) {
		return nil
	}
	return p.Regexp().FindStringSubmatch(s)
}

func (p *pattern) FindStringSubmatchIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	return p.Regexp().FindStringSubmatchIndex(s)
}

func (p *pattern) FindAllStringIndex(s string, n int) [][]int {
	if !p.may(s) {
		return nil
	}
	return p.Regexp().FindAllStringIndex(s, n)
}

func (p *pattern) ReplaceAllString(s, repl string) string {
	if !p.may(s) {
		return s
	}
	return p.Regexp().ReplaceAllString(s, repl)
}

func (p *pattern) ReplaceAllStringFunc(s string, repl func(string) string) string {
	return p.Regexp().ReplaceAllStringFunc(s, repl)
}

func (p *pattern) SubexpIndex(name string) int { return p.Regexp().SubexpIndex(name) }

func (p *pattern) Split(s string, n int) []string { return p.Regexp().Split(s, n) }

// runeRanges is a set of runes as sorted inclusive ranges.
type runeRanges struct{ lo, hi []rune }

func (x *runeRanges) has(r rune) bool {
	for i, lo := range x.lo {
		if r >= lo && r <= x.hi[i] {
			return true
		}
	}
	return false
}

func (x *runeRanges) add(lo, hi rune) {
	x.lo, x.hi = append(x.lo, lo), append(x.hi, hi)
}

func (x *runeRanges) union(y *runeRanges) {
	x.lo, x.hi = append(x.lo, y.lo...), append(x.hi, y.hi...)
}

// beginsText reports whether every match of re starts at the text's start.
func beginsText(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpCapture:
		return beginsText(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && beginsText(re.Sub[0])
	case syntax.OpAlternate:
		return !slices.ContainsFunc(re.Sub, func(s *syntax.Regexp) bool { return !beginsText(s) })
	}
	return false
}

// endsText reports whether every match of re ends at the text's end.
func endsText(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEndText:
		return true
	case syntax.OpCapture:
		return endsText(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && endsText(re.Sub[len(re.Sub)-1])
	case syntax.OpAlternate:
		return !slices.ContainsFunc(re.Sub, func(s *syntax.Regexp) bool { return !endsText(s) })
	}
	return false
}

// needs returns literals one of which every match of re contains, or nil.
func needs(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		// A class of a few runes is as good as as many literals.
		var ws []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if len(ws)+int(re.Rune[i+1]-re.Rune[i]) >= maxNeeds {
				return nil
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				ws = append(ws, string(r))
			}
		}
		return ws
	case syntax.OpCapture, syntax.OpPlus:
		return needs(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return needs(re.Sub[0])
		}
	case syntax.OpConcat:
		// Any part's literals will do: the fewest, the longest.
		var best []string
		for _, s := range re.Sub {
			n := needs(s)
			if n != nil && (best == nil || len(n) < len(best) || len(n) == len(best) && shortest(n) > shortest(best)) {
				best = n
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			n := needs(s)
			if n == nil {
				return nil
			}
			all = append(all, n...)
		}
		return all
	}
	return nil
}

func shortest(ws []string) int {
	n := -1
	for _, w := range ws {
		if n < 0 || len(w) < n {
			n = len(w)
		}
	}
	return n
}

// edgeRunes returns the runes a match of re can start with (fromEnd: end
// with), nil for any rune, and whether re matches the empty string.
func edgeRunes(re *syntax.Regexp, fromEnd bool) (*runeRanges, bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return &runeRanges{}, false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return &runeRanges{}, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return &runeRanges{}, true
		}
		r := re.Rune[0]
		if fromEnd {
			r = re.Rune[len(re.Rune)-1]
		}
		set := &runeRanges{}
		set.add(r, r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				set.add(f, f)
			}
		}
		return set, false
	case syntax.OpCharClass:
		set := &runeRanges{}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			set.add(re.Rune[i], re.Rune[i+1])
		}
		return set, false
	case syntax.OpCapture:
		return edgeRunes(re.Sub[0], fromEnd)
	case syntax.OpStar, syntax.OpQuest:
		set, _ := edgeRunes(re.Sub[0], fromEnd)
		return set, true
	case syntax.OpPlus:
		return edgeRunes(re.Sub[0], fromEnd)
	case syntax.OpRepeat:
		set, nullable := edgeRunes(re.Sub[0], fromEnd)
		return set, nullable || re.Min == 0
	case syntax.OpConcat:
		set := &runeRanges{}
		subs := slices.Clone(re.Sub)
		if fromEnd {
			slices.Reverse(subs)
		}
		for _, s := range subs {
			ss, nullable := edgeRunes(s, fromEnd)
			if ss == nil {
				return nil, false
			}
			set.union(ss)
			if !nullable {
				return set, false
			}
		}
		return set, true
	case syntax.OpAlternate:
		set, anyNullable := &runeRanges{}, false
		for _, s := range re.Sub {
			ss, nullable := edgeRunes(s, fromEnd)
			if ss == nil {
				return nil, false
			}
			set.union(ss)
			anyNullable = anyNullable || nullable
		}
		return set, anyNullable
	}
	// Any character: no rule.
	return nil, false
}
