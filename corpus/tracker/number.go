package tracker

import (
	"math"
	"strconv"
	"strings"

	"github.com/planmine/planmine/doc"
)

// scales are the large-number units readers write, largest first.
var scales = []struct {
	name string
	size float64
}{{"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}}

// unscaled units are shares: 12000% is never 1.2万%.
var unscaled = map[string]bool{"%": true, "‰": true, "个百分点": true}

// Number writes v as Chinese readers write figures: with 万, 亿 or 万亿
// when the figure is round at that scale (2083亿, 4.4万亿, 1100万, 86.3万,
// 1万), as plain digits otherwise (3862, 12345, 98.6), and never with an
// exponent (2.083e+11) or float noise (0.30000000000000004).
func Number(v float64) string {
	return numberAt(v, scaleFor(v))
}

// scaleFor is the largest scale at which |v| is at least one and has at
// most two decimals; 1 when none.
func scaleFor(vs ...float64) float64 {
	for _, s := range scales {
		ok := true
		for _, v := range vs {
			a := math.Abs(v)
			q := a / s.size
			if a < s.size || math.Abs(q-math.Round(q*100)/100) > 1e-12*math.Max(1, q) {
				ok = false
				break
			}
		}
		if ok {
			return s.size
		}
	}
	return 1
}

// numberAt writes v at a scale found by scaleFor.
func numberAt(v, size float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	name := ""
	for _, s := range scales {
		if s.size == size {
			name = s.name
		}
	}
	q := v / size
	digits := 6
	if size > 1 {
		digits = 2
	}
	p := math.Pow(10, float64(digits))
	s := strconv.FormatFloat(math.Round(q*p)/p, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s + name
}

// ValueDisplay is a target's value as a reader writes it, unit included:
// 2083亿元, 1100万人, 3–5名, 95.5%. A range uses one scale for both ends
// (1万–1.5万人次) or plain digits for both (8000–12000人).
func ValueDisplay(t doc.Target) string {
	unit := strings.TrimSpace(t.Unit)
	if t.Cmp == "range" && t.ValueMax != nil {
		size := scaleFor(t.Value, *t.ValueMax)
		if unscaled[unit] {
			size = 1
		}
		return numberAt(t.Value, size) + "–" + numberAt(*t.ValueMax, size) + unit
	}
	if unscaled[unit] {
		return numberAt(t.Value, 1) + unit
	}
	return Number(t.Value) + unit
}

// Display is the comparator in words before ValueDisplay: 不少于4次,
// 约10场, 不超过2名; an exact figure or a range as it is (6名, 3–5名).
func Display(t doc.Target) string {
	return cmpPrefix[t.Cmp] + ValueDisplay(t)
}
