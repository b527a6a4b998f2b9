package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// line is one visual line of a page after the rebuild.
type line struct {
	text   string
	x0, x1 float64 // left and right extent
	y      float64 // baseline, device space (y up)
	size   float64 // dominant font size
	// lead is the width of the line's leading unbreakable chunk ("编.docx(9",
	// "2025", "质、"): when it would not have fitted at the end of the
	// previous line, that line was wrapped, however short it looks.
	lead float64
}

// buildLines groups runs into visual lines: by baseline from the top of
// the page down, then left to right. Runs whose baselines differ by less
// than a fraction of the font size share a line, which absorbs the small
// offsets producers give CJK and Latin fonts on one line.
func buildLines(runs []run) []line {
	if len(runs) == 0 {
		return nil
	}
	rs := make([]run, 0, len(runs))
	for _, r := range runs {
		if math.IsNaN(r.x) || math.IsNaN(r.y) || math.IsInf(r.x, 0) || math.IsInf(r.y, 0) {
			continue
		}
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].y > rs[j].y })
	var lines []line
	var cur []run
	flush := func() {
		if len(cur) > 0 {
			lines = append(lines, joinRuns(cur))
			cur = cur[:0]
		}
	}
	var ly float64
	for _, r := range rs {
		if len(cur) > 0 {
			tol := math.Max(2, 0.3*math.Min(r.size, cur[0].size))
			if math.Abs(r.y-ly) > tol {
				flush()
			}
		}
		if len(cur) == 0 {
			ly = r.y
		}
		cur = append(cur, r)
	}
	flush()
	return lines
}

// joinRuns concatenates the runs of one line left to right. A space is
// inserted only where the gap is wider than about a space and both sides
// are Latin letters or digits: CJK text carries no inter-word spaces, and
// producers split runs at font changes, not at words.
func joinRuns(rs []run) line {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].x < rs[j].x })
	var sb strings.Builder
	l := line{x0: rs[0].x, x1: rs[0].x1, y: rs[0].y}
	sizes := map[float64]int{}
	var prev *run
	var prevLast rune
	for i := range rs {
		r := &rs[i]
		if r.text == "" {
			continue
		}
		if prev != nil {
			gap := r.x - prev.x1
			first := []rune(r.text)[0]
			sp := math.Max(prev.space, 0.15*prev.size) * 0.8
			if gap > sp && isLatinDigit(prevLast) && isLatinDigit(first) {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(r.text)
		rr := []rune(r.text)
		prevLast = rr[len(rr)-1]
		if r.x < l.x0 {
			l.x0 = r.x
		}
		if r.x1 > l.x1 {
			l.x1 = r.x1
		}
		sizes[math.Round(r.size*2)/2] += len(rr)
		prev = r
	}
	best := 0
	for s, n := range sizes {
		if n > best || n == best && s > l.size {
			best, l.size = n, s
		}
	}
	l.text = sb.String()
	l.lead = leadWidth(rs)
	return l
}

// leadWidth estimates the width of the unbreakable chunk a line starts
// with, spreading each run's advance evenly over its characters.
func leadWidth(rs []run) float64 {
	w := 0.0
	var prev rune
	n := 0
	for _, r := range rs {
		rr := []rune(r.text)
		if len(rr) == 0 {
			continue
		}
		cw := (r.x1 - r.x) / float64(len(rr))
		for _, c := range rr {
			if n > 0 && breakBefore(prev, c) {
				return w
			}
			w += cw
			prev = c
			n++
		}
	}
	return w
}

// breakBefore reports a line-break opportunity between a and b, simplified
// from UAX #14 for CJK text: before a Han character or a space, and between
// a Han character and Latin letters or digits; never before closing
// punctuation, which line breaking keeps with what precedes it.
func breakBefore(a, b rune) bool {
	if strings.ContainsRune(noLineStart, b) {
		return false
	}
	if unicode.IsSpace(b) || unicode.IsSpace(a) || unicode.Is(unicode.Han, b) {
		return true
	}
	if unicode.Is(unicode.Han, a) && (unicode.IsLetter(b) || unicode.IsDigit(b)) {
		return true
	}
	return false
}

func isLatinDigit(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
