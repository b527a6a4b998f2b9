package targets

import (
	"sort"
	"strconv"
)

// isArabic reports an ASCII digit (full-width digits are folded already).
func isArabic(r rune) bool { return r >= '0' && r <= '9' }

// isCn reports a rune that may be part of a Chinese numeral: a digit of
// cnDigit or a multiplier of cnSmallUnit and cnBigUnit (a switch, because
// the scanner asks for every rune; TestNumeralRunes keeps it in step with
// the tables).
func isCn(r rune) bool {
	switch r {
	case '十', '百', '千', '万', '亿':
		return true
	}
	return isCnStart(r) && r != '十'
}

// isCnStart reports a rune that may open a Chinese numeral (十五 may start
// with 十; 百/千/万 alone may not).
func isCnStart(r rune) bool {
	switch r {
	case '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

// number is one parsed numeral.
type number struct {
	val   float64
	end   int  // rune index after the numeral
	cn    bool // written in Chinese characters
	vague bool // 三四个, 七八人: a span of two digits is an estimate
	mult  bool // a 万/亿 multiplier was applied
	dec   bool // had a decimal point
	digs  int  // Arabic digit count before the point
	half  bool // 半 (半天): one half of the unit that follows
}

// parseNumber parses the numeral starting at f[i], Arabic (1,379 / 6.5 /
// 1.2万 / 1.3万亿) or Chinese (二万, 一万二, 三百零五, 两).
func parseNumber(f []rune, i int) (number, bool) {
	if i >= len(f) {
		return number{}, false
	}
	if isArabic(f[i]) {
		return parseArabic(f, i)
	}
	if isCnStart(f[i]) || f[i] == '百' || f[i] == '千' {
		return parseChinese(f, i)
	}
	return number{}, false
}

func parseArabic(f []rune, i int) (number, bool) {
	j := i
	var v float64
	n := number{}
	for j < len(f) {
		switch {
		case isArabic(f[j]):
			v = v*10 + float64(f[j]-'0')
			n.digs++
			j++
			continue
		case f[j] == ',' && j+3 < len(f) && isArabic(f[j+1]) && isArabic(f[j+2]) &&
			isArabic(f[j+3]) && (j+4 >= len(f) || !isArabic(f[j+4])) && n.digs <= 3:
			// 1,379: a thousands separator only with exactly three digits after.
			j++
			continue
		}
		break
	}
	if j+1 < len(f) && f[j] == '.' && isArabic(f[j+1]) {
		n.dec = true
		j++
		scale := 0.1
		for j < len(f) && isArabic(f[j]) {
			v += float64(f[j]-'0') * scale
			scale /= 10
			j++
		}
	}
	n.val, n.end = v, j
	n.applyMultipliers(f)
	return n, true
}

// applyMultipliers folds 百万/千万/万/亿/万亿 written after an Arabic number.
func (n *number) applyMultipliers(f []rune) {
	j := n.end
	for j < len(f) {
		if m, ok := cnBigUnit[f[j]]; ok {
			n.val *= m
			n.mult = true
			j++
			continue
		}
		if m, ok := cnSmallUnit[f[j]]; ok && j+1 < len(f) {
			if _, big := cnBigUnit[f[j+1]]; big {
				n.val *= m
				j++
				continue
			}
		}
		break
	}
	n.end = j
	if n.mult {
		// 1.39万亿 is 1.39e12, not 1.3900000000000002e12.
		n.val = roundSig(n.val)
	}
}

// roundSig rounds v to 12 significant digits, removing the binary noise
// that decimal multiplication leaves.
func roundSig(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}

func parseChinese(f []rune, i int) (number, bool) {
	var total, section, num float64
	lastUnit := 1.0
	pending := false // a digit waits for its unit
	digitsInRow := 0
	afterZero := false
	j := i
	n := number{cn: true}
	for ; j < len(f); j++ {
		r := f[j]
		if d, ok := cnDigit[r]; ok {
			if pending && d != 0 {
				digitsInRow++
				if digitsInRow >= 1 {
					n.vague = true
				}
			}
			if d == 0 {
				afterZero = true
				pending = false
				continue
			}
			num = d
			pending = true
			continue
		}
		if u, ok := cnSmallUnit[r]; ok {
			if !pending && num == 0 {
				if u != 10 && j != i {
					break
				}
				num = 1
			}
			section += num * u
			num, pending, afterZero, lastUnit = 0, false, false, u
			digitsInRow = 0
			continue
		}
		if u, ok := cnBigUnit[r]; ok {
			if !pending && section == 0 && total == 0 {
				break
			}
			section += num
			if section == 0 {
				total *= u
			} else {
				total += section * u
			}
			section, num, pending, afterZero, lastUnit = 0, 0, false, false, u
			digitsInRow = 0
			n.mult = true
			continue
		}
		break
	}
	if j == i {
		return number{}, false
	}
	if pending && !afterZero && lastUnit >= 10 {
		// 一万二 → 12000, 两千四百五 → 2450: a trailing digit is one rank down.
		num *= lastUnit / 10
	}
	n.val = total + section + num
	n.end = j
	return n, true
}

// hasAt reports whether f holds s at i.
func hasAt(f []rune, i int, s string) bool {
	for _, r := range s {
		if i >= len(f) || f[i] != r {
			return false
		}
		i++
	}
	return true
}

// matchUnit returns the longest unit at f[i] and its length in runes.
func matchUnit(f []rune, i int) (string, unitClass, int) {
	if i >= len(f) {
		return "", 0, 0
	}
	for _, u := range unitIndex[f[i]] {
		if hasAt(f, i, u.word) {
			return u.name, u.class, u.n
		}
	}
	return "", 0, 0
}

// unitEntry is one key of units, indexed by its first rune.
type unitEntry struct {
	word, name string // as written, as reported (unitAlias)
	class      unitClass
	n          int // length in runes
}

// unitIndex lists the units by first rune, longest first, so that the
// scanner tries only the few that can match instead of building a string
// per length.
var unitIndex = func() map[rune][]unitEntry {
	m := map[rune][]unitEntry{}
	for w, c := range units {
		name := w
		if a, ok := unitAlias[w]; ok {
			name = a
		}
		r := []rune(w)
		m[r[0]] = append(m[r[0]], unitEntry{w, name, c, len(r)})
	}
	for _, es := range m {
		sort.Slice(es, func(a, b int) bool {
			if es[a].n != es[b].n {
				return es[a].n > es[b].n
			}
			return es[a].word < es[b].word
		})
	}
	return m
}()

// matchSuffixCmp returns the longest suffix comparator at f[i].
func matchSuffixCmp(f []rune, i int) (string, int) {
	if i >= len(f) {
		return "", 0
	}
	for _, w := range suffixIndex[f[i]] {
		if hasAt(f, i, w) {
			return suffixCmp[w], len([]rune(w))
		}
	}
	return "", 0
}

// suffixIndex lists the suffix comparators by first rune, longest first.
var suffixIndex = byFirstRune(func(yield func(string) bool) {
	for w := range suffixCmp {
		if !yield(w) {
			return
		}
	}
})

// prefixIndex lists the prefix comparators by last rune, longest first:
// they are matched backwards from the number.
var prefixIndex = func() map[rune][]string {
	m := map[rune][]string{}
	for w := range prefixCmp {
		r := []rune(w)
		m[r[len(r)-1]] = append(m[r[len(r)-1]], w)
	}
	for _, ws := range m {
		sortLongestFirst(ws)
	}
	return m
}()

func byFirstRune(words func(yield func(string) bool)) map[rune][]string {
	m := map[rune][]string{}
	for w := range words {
		r := []rune(w)
		m[r[0]] = append(m[r[0]], w)
	}
	for _, ws := range m {
		sortLongestFirst(ws)
	}
	return m
}

func sortLongestFirst(ws []string) {
	sort.Slice(ws, func(a, b int) bool {
		la, lb := len([]rune(ws[a])), len([]rune(ws[b]))
		if la != lb {
			return la > lb
		}
		return ws[a] < ws[b]
	})
}

// matchPrefixCmp finds a comparator ending at most its gap before i,
// without crossing a clause break. It returns the comparator and where it
// starts, or "" and -1.
func matchPrefixCmp(f []rune, i int) (cmpEntry, int) {
	// 达到每人每年700元: a per-head or period phrase may stand between the
	// comparator and its number.
	if j := skipPerPhrases(f, i); j < i {
		if e, st := matchPrefixCmpAt(f, j); st >= 0 {
			return e, st
		}
	}
	return matchPrefixCmpAt(f, i)
}

// skipPerPhrases moves back over per-head and period phrases ending at i.
func skipPerPhrases(f []rune, i int) int {
	for moved := true; moved; {
		moved = false
		for _, w := range perPhrases {
			l := len([]rune(w))
			if i-l >= 0 && hasAt(f, i-l, w) {
				i -= l
				moved = true
				break
			}
		}
	}
	return i
}

func matchPrefixCmpAt(f []rune, i int) (cmpEntry, int) {
	for gap := 0; gap <= 3; gap++ {
		end := i - gap
		if end <= 0 {
			break
		}
		if isBreak(f, end-1, clauseBreaks) && gap > 0 {
			break
		}
		for _, w := range prefixIndex[f[end-1]] {
			st := end - len([]rune(w))
			if e := prefixCmp[w]; st >= 0 && gap <= e.gap && hasAt(f, st, w) {
				return e, st
			}
		}
		if isBreak(f, end-1, clauseBreaks) {
			break
		}
	}
	return cmpEntry{}, -1
}
