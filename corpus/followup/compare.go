package followup

import (
	"math"
	"strings"

	"github.com/planmine/planmine/ingest/fold"
)

// unitOf looks a unit up in the units table ("" and unknown units: ok false).
func unitOf(u string) (unit, bool) {
	x, ok := units[strings.TrimSpace(fold.Text(u))]
	return x, ok
}

// convert returns the factor that turns a figure in unit from into unit
// to (150 分钟 → 2.5 小时: 1/60), and whether the two compare at all.
// Equal units always compare; listed units compare within their class.
func convert(from, to string) (factor float64, rate, ok bool) {
	uf, okf := unitOf(from)
	ut, okt := unitOf(to)
	if okf && okt {
		if uf.class != ut.class {
			return 0, false, false
		}
		return uf.size / ut.size, ut.rate, true
	}
	if strings.TrimSpace(fold.Text(from)) == strings.TrimSpace(fold.Text(to)) {
		return 1, okt && ut.rate, true
	}
	return 0, false, false
}

// perYear is how many times period p fits in a year: 1 for none (a
// summary counts its year), ok false for a period the table does not know.
func perYear(p *string) (float64, bool) {
	if p == nil || *p == "" {
		return 1, true
	}
	f, ok := periods[strings.TrimSpace(fold.Text(*p))]
	return f, ok
}

// isPerHead reports whether a clause counts per person or per branch.
func isPerHead(clause string) bool {
	c := fold.Text(clause)
	for _, w := range perHead {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// interval is a set of values [lo, hi] with open or closed ends.
type interval struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

// planInterval is what a plan allows. A plain number (cmp "=") is a quota
// to reach, so more is met too — unless less is better, when it is a
// ceiling; "~" allows Tolerance either way, or only on the wrong side
// when the metric says which way is better (see better).
func planInterval(cmp string, v, vmax float64, way int) interval {
	inf := math.Inf(1)
	d := math.Abs(v) * Tolerance
	switch cmp {
	case ">":
		return interval{v, inf, true, false}
	case "<":
		return interval{-inf, v, false, true}
	case "<=":
		return interval{-inf, v, false, false}
	case "~":
		switch way {
		case higher:
			return interval{v - d, inf, false, false}
		case lower:
			return interval{-inf, v + d, false, false}
		}
		return interval{v - d, v + d, false, false}
	case "range":
		return interval{math.Min(v, vmax), math.Max(v, vmax), false, false}
	case "=":
		if way == lower {
			return interval{-inf, v, false, false}
		}
	}
	return interval{v, inf, false, false} // >=, =
}

// better says which way a normalised metric is better: a reduction
// (reductionWords) higher, a harm or cost (lowerIsBetter) lower.
func better(metric string) int {
	for _, w := range reductionWords {
		if strings.Contains(metric, w) {
			return higher
		}
	}
	for _, w := range lowerIsBetter {
		if strings.Contains(metric, w) {
			return lower
		}
	}
	return neutral
}

// achievedInterval is what an achieved figure says: a point for = and ~
// (近5000 is read as 5000), a half-line for 120余 (>120) or 以上 (>=).
func achievedInterval(cmp string, v, vmax float64) interval {
	inf := math.Inf(1)
	switch cmp {
	case ">":
		return interval{v, inf, true, false}
	case ">=":
		return interval{v, inf, false, false}
	case "<":
		return interval{-inf, v, false, true}
	case "<=":
		return interval{-inf, v, false, false}
	case "range":
		return interval{math.Min(v, vmax), math.Max(v, vmax), false, false}
	}
	return interval{v, v, false, false}
}

// eps absorbs float noise from unit and period conversion (0.1×3).
func eps(x float64) float64 { return 1e-9 * math.Max(1, math.Abs(x)) }

// within reports whether every value of a lies in p.
func (a interval) within(p interval) bool {
	loOK := a.lo > p.lo+eps(p.lo) || (math.Abs(a.lo-p.lo) <= eps(p.lo) && (!p.loOpen || a.loOpen))
	hiOK := a.hi < p.hi-eps(p.hi) || (math.Abs(a.hi-p.hi) <= eps(p.hi) && (!p.hiOpen || a.hiOpen))
	if math.IsInf(p.lo, -1) {
		loOK = true
	}
	if math.IsInf(p.hi, 1) {
		hiOK = true
	}
	return loOK && hiOK
}

// disjoint reports whether no value of a lies in p.
func (a interval) disjoint(p interval) bool {
	below := a.hi < p.lo-eps(p.lo) || (math.Abs(a.hi-p.lo) <= eps(p.lo) && (a.hiOpen || p.loOpen))
	above := a.lo > p.hi+eps(p.hi) || (math.Abs(a.lo-p.hi) <= eps(p.hi) && (a.loOpen || p.hiOpen))
	if math.IsInf(p.lo, -1) {
		below = false
	}
	if math.IsInf(p.hi, 1) {
		above = false
	}
	return below || above
}

// above reports whether a lies wholly above p (for the note).
func (a interval) above(p interval) bool {
	return !math.IsInf(p.hi, 1) && a.lo >= p.hi
}

// fig is the part of a target the verdict reads.
type fig struct {
	cmp          string
	value, vmax  float64 // vmax is value unless cmp is "range"
	unit         string
	period       *string
	metricNorm   string
	perHeadCount bool
}

// judge compares an achieved figure with a plan: status and a note that
// says why, Chinese first.
func judge(p, a fig) (status, note string) {
	factor, rate, ok := convert(a.unit, p.unit)
	if !ok {
		return Incomparable, "单位不可比 (units do not compare): " + p.unit + " / " + a.unit
	}
	if p.perHeadCount != a.perHeadCount {
		return Incomparable, "人均与总数不可比 (a per-head figure and a total do not compare)"
	}
	pv, pmax := p.value, p.vmax
	av, amax := a.value*factor, a.vmax*factor
	if !rate {
		fp, okp := perYear(p.period)
		fa, oka := perYear(a.period)
		if !okp || !oka {
			if p.period == nil || a.period == nil || fold.Text(*p.period) != fold.Text(*a.period) {
				return Incomparable, "周期不可比 (periods do not compare)"
			}
			fp, fa = 1, 1
		}
		pv, pmax = pv*fp, pmax*fp
		av, amax = av*fa, amax*fa
	}
	pi := planInterval(p.cmp, pv, pmax, better(p.metricNorm))
	ai := achievedInterval(a.cmp, av, amax)
	switch {
	case ai.within(pi):
		return Met, ""
	case ai.disjoint(pi):
		if ai.above(pi) {
			return NotMet, "高于目标 (above the target)"
		}
		return NotMet, "低于目标 (below the target)"
	}
	return Incomparable, "完成值只给出界限，不能判定 (the achieved figure is only a bound)"
}
