package people

import (
	"sort"
)

// Costs of a name shape: the commonest shape (common surname, three
// characters) costs nothing; rarer shapes cost more, so a glued run is cut
// where the names look most ordinary: 李立明李峰谢力民 → 李立明/李峰/谢力民,
// not 李立/明李峰/谢力民.
const (
	costOtherSurname = 1.5
	costTwoChars     = 0.6
	costCompound3    = 0.3
	costCompound4    = 0.2
	// tieMargin: cuts whose costs differ by less are broken by the segmenter.
	tieMargin = 0.3
	// maxSegs bounds the enumeration on long runs.
	maxSegs = 256
)

type seg struct {
	cuts []int // end offsets of each name within the run
	cost float64
}

// segmentations returns every way to cut r into names, cheapest first.
func segmentations(r []rune) []seg {
	var out []seg
	var walk func(i int, cuts []int, cost float64)
	walk = func(i int, cuts []int, cost float64) {
		if len(out) >= maxSegs {
			return
		}
		if i == len(r) {
			out = append(out, seg{append([]int(nil), cuts...), cost})
			return
		}
		for _, o := range nameShapes(r, i) {
			walk(i+o.n, append(cuts, i+o.n), cost+o.cost)
		}
	}
	walk(0, nil, 0)
	sort.SliceStable(out, func(a, b int) bool { return out[a].cost < out[b].cost })
	return out
}

type shape struct {
	n    int
	cost float64
}

// nameShapes lists the name lengths that can start at r[i].
func nameShapes(r []rune, i int) []shape {
	var out []shape
	if i+2 <= len(r) && surnames().compound[string(r[i:i+2])] {
		if i+3 <= len(r) {
			out = append(out, shape{3, costCompound3})
		}
		if i+4 <= len(r) {
			out = append(out, shape{4, costCompound4})
		}
	}
	tier, ok := surnames().single[r[i]]
	if !ok {
		return out
	}
	base := 0.0
	if tier > 1 {
		base = costOtherSurname
	}
	if i+2 <= len(r) {
		out = append(out, shape{2, base + costTwoChars})
	}
	if i+3 <= len(r) {
		out = append(out, shape{3, base})
	}
	return out
}

// tieBreak picks among near-equal cuts the one whose names the segmenter
// tags as person names (nr) most often; without a segmenter the cheapest.
func tieBreak(r []rune, segs []seg) seg {
	sg, err := segmenter()
	if err != nil || sg == nil {
		return segs[0]
	}
	nr := map[string]bool{}
	for _, t := range sg.Pos(string(r)) {
		if t.Pos == "nr" {
			nr[t.Text] = true
		}
	}
	best, bestScore := segs[0], -1.0
	for _, s := range segs {
		if s.cost-segs[0].cost >= tieMargin {
			break
		}
		score := 0.0
		prev := 0
		for _, c := range s.cuts {
			if nr[string(r[prev:c])] {
				score++
			}
			prev = c
		}
		score -= s.cost
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	return best
}
