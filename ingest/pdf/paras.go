package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/planmine/planmine/ingest/raw"
)

// page holds the rebuilt lines of one page, top to bottom.
type page struct {
	num   int
	lines []line
}

// edgeLines is how many lines at the top and bottom of a page are examined
// for running headers, footers and page numbers.
const edgeLines = 3

// dropChrome removes page numbers and running headers/footers: lines at
// the top or bottom of a page that repeat, digits aside, at the same
// height on more than half of the pages.
func dropChrome(pages []page) {
	type key struct {
		text string
		pos  int
	}
	count := map[key]int{}
	keyOf := func(p page, i int) key {
		l := p.lines[i]
		return key{normChrome(l.text), int(math.Round(l.y / 4))}
	}
	if len(pages) >= 3 {
		for _, p := range pages {
			seen := map[key]bool{}
			for i := range p.lines {
				if i >= edgeLines && i < len(p.lines)-edgeLines {
					continue
				}
				k := keyOf(p, i)
				if !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
	}
	for pi := range pages {
		p := &pages[pi]
		n := len(p.lines)
		kept := p.lines[:0:0]
		for i, l := range p.lines {
			edge := i < edgeLines || i >= n-edgeLines
			if edge {
				if isPageNumber(l.text) {
					continue
				}
				if c := count[keyOf(*p, i)]; c >= 2 && c*2 > len(pages) {
					continue
				}
			}
			kept = append(kept, l)
		}
		p.lines = kept
	}
}

// normChrome makes the key under which repeated header/footer lines are
// compared: without spaces and with digits blanked, so "第 3 页" and
// "第 4 页" or a running date match.
func normChrome(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case unicode.IsDigit(r):
			b.WriteByte('#')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// margins estimates the text block's left and right edges over the whole
// document, robust to a few overlong or outdented lines. The right edge
// counts only when at least minFullLines lines reach it: with fewer there
// is no evidence of wrapping (a title page, a short notice), and right is
// +Inf so that no line counts as full.
func margins(pages []page) (left, right float64) {
	var xs0, xs1, sizes []float64
	for _, p := range pages {
		for _, l := range p.lines {
			xs0 = append(xs0, l.x0)
			xs1 = append(xs1, l.x1)
			sizes = append(sizes, l.size)
		}
	}
	if len(xs0) == 0 {
		return 0, math.Inf(1)
	}
	sort.Float64s(xs0)
	sort.Float64s(xs1)
	sort.Float64s(sizes)
	left, right = xs0[len(xs0)*5/100], xs1[len(xs1)*95/100]
	tol := wrapSlack * math.Max(sizes[len(sizes)/2], 1)
	n := 0
	for _, x := range xs1 {
		if x >= right-tol {
			n++
		}
	}
	if n < minFullLines {
		right = math.Inf(1)
	}
	return left, right
}

// wrapSlack is how many characters short of the right edge a wrapped line
// may end: kinsoku moves a character and its trailing 、。 to the next line.
const wrapSlack = 2.5

// minFullLines is how many lines must reach the right edge before the
// document is taken to wrap lines at all.
const minFullLines = 3

// paragraphs re-joins visual lines into paragraphs. A line continues the
// previous one when the previous reached the right margin without ending
// a sentence and the line itself neither starts with an outline marker nor
// is indented. When the document marks paragraphs by first-line indent, a
// full line ending a sentence also continues into an unindented line.
func paragraphs(pages []page) []raw.Para {
	left, right := margins(pages)
	full := func(l line) bool { return l.x1 >= right-wrapSlack*math.Max(l.size, 1) }
	indented := func(l line) bool { return l.x0 > left+0.8*math.Max(l.size, 1) }

	// Does the document indent first lines? Look at lines that follow a
	// short line (paragraph starts) and are not headings.
	var starts, ind int
	for _, p := range pages {
		for i := 1; i < len(p.lines); i++ {
			if !full(p.lines[i-1]) && !isHeading(p.lines[i].text) {
				starts++
				if indented(p.lines[i]) {
					ind++
				}
			}
		}
	}
	indentDoc := starts >= 3 && ind*10 >= starts*7

	var out []raw.Para
	var cur strings.Builder
	curPage := 0
	var prev *line
	flush := func() {
		if t := normSpaces(cur.String()); t != "" {
			out = append(out, raw.Para{Text: t, Page: curPage})
		}
		cur.Reset()
	}
	for _, p := range pages {
		for i := range p.lines {
			l := &p.lines[i]
			join := false
			if prev != nil && !isHeading(l.text) && !indented(*l) {
				switch {
				case full(*prev):
					join = !endsSentence(prev.text) || indentDoc
				case prev.x1+l.lead > right-0.3*math.Max(prev.size, 1) && l.lead > 0:
					// The next line's first word did not fit here.
					join = !endsSentence(prev.text)
				}
			}
			if !join {
				flush()
				curPage = p.num
			} else if isLatin(lastRune(prev.text)) && isLatin(firstRune(l.text)) {
				// An English word wrapped at the line end keeps its space.
				cur.WriteByte(' ')
			}
			cur.WriteString(l.text)
			prev = l
		}
	}
	flush()
	return out
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func isLatin(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }

// isCJK reports whether r is a Han character or CJK/full-width punctuation,
// next to which producers' spaces carry no meaning.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
}

// normSpaces trims the paragraph, collapses runs of white space, and drops
// the spaces producers put next to Han characters ("2023 年" → "2023年",
// "发展党员 2 名" → "发展党员2名", "党 建" → "党建").
func normSpaces(s string) string {
	rs := []rune(strings.TrimFunc(s, unicode.IsSpace))
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !unicode.IsSpace(r) {
			if unicode.IsControl(r) {
				continue
			}
			b.WriteRune(r)
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if !isCJK(rs[i-1]) && !isCJK(rs[j]) {
			b.WriteByte(' ')
		}
		i = j - 1
	}
	return b.String()
}
