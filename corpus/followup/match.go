package followup

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
)

// OrgKey is the form in which two organisation names are compared:
// script- and width-folded, without spaces or punctuation, abbreviations
// spelled one way (orgAliases), 中共 and 委员会/党委/党支部… dropped
// (orgPrefixes, orgSuffixes). "" for no name or a template name (XX医院).
//
//	中共青松县人民医院委员会 → 青松县人民医院
//	青松縣人民醫院黨委       → 青松县人民医院
func OrgKey(org string) string {
	s := strings.ToLower(compact(fold.Text(org)))
	for _, p := range orgPlaceholders {
		if strings.Contains(s, p) {
			return ""
		}
	}
	for _, a := range orgAliases {
		s = strings.ReplaceAll(s, a[0], a[1])
	}
	for _, p := range orgPrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			s = rest
			break
		}
	}
	for cut := true; cut; {
		cut = false
		for _, suf := range orgSuffixes {
			if rest, ok := strings.CutSuffix(s, suf); ok && utf8.RuneCountInString(rest) >= 2 {
				s, cut = rest, true
				break
			}
		}
	}
	return s
}

// compact drops spaces, punctuation and symbols: only letters and digits
// decide whether two names or metrics are the same.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%' || r == '‰' {
			return r
		}
		return -1
	}, s)
}

// Folder is the folder a document was read from ("" when the source names
// none): for documents that name no organisation it stands in for one
// (松林镇卫生院/2025年计划.docx and 松林镇卫生院/2025年总结.docx).
func Folder(source string) string {
	d := path.Dir(strings.ReplaceAll(source, `\`, "/"))
	if d == "." || d == "/" {
		return ""
	}
	return d
}

// Metric is the form in which two metrics are compared: folded, compacted,
// synonyms rewritten (metricSynonyms) and the words that say when or how
// rather than what dropped (metricLeading, metricTrailing).
//
//	全年开展警示教育 → 警示教育;  患者滿意率 → 患者满意度;  主题党日活动 → 主题党日
func Metric(m string) string {
	s := compact(fold.Text(m))
	for _, syn := range metricSynonyms {
		s = strings.ReplaceAll(s, syn[0], syn[1])
	}
	for cut := true; cut; {
		cut = false
		for _, w := range metricLeading {
			if rest, ok := strings.CutPrefix(s, w); ok && utf8.RuneCountInString(rest) >= minMetricRunes {
				s, cut = rest, true
			}
		}
		for _, w := range metricTrailing {
			if rest, ok := strings.CutSuffix(s, w); ok && utf8.RuneCountInString(rest) >= minMetricRunes {
				s, cut = rest, true
			}
		}
	}
	return s
}

// How two metrics matched, best first.
const (
	MatchSame     = "same"     // equal once normalised
	MatchContains = "contains" // one ends with the other (the same head noun: 体检率 / 老年人健康体检率), or starts it
	MatchSimilar  = "similar"  // the same characters, mostly, in another order (培训支部书记 / 支部书记培训)
)

// matchLevel ranks the Match constants; 0 is no match.
var matchLevel = map[string]int{MatchSame: 3, MatchContains: 2, MatchSimilar: 1}

// MatchMetrics says whether two normalised metrics (see Metric) name the
// same thing, how, and the share of characters they have in common.
// Chinese compounds put the head last, so a metric that ends with the
// other is the same measure said more narrowly; one that starts with a
// longer metric (four characters or more) is that metric with a verb the
// extractor left behind. Metrics that name only a change (genericMetrics)
// match nothing.
//
// Characters rather than segmenter words: gse would have to load its
// dictionary (4–11 s, ~450 MB) before `planmine targets` could print a row.
func MatchMetrics(a, b string) (how string, share float64) {
	return matchSets(a, b, charSet(a), charSet(b))
}

// matchSets is MatchMetrics with the character sets (charSet) of a and b
// given, so that an index can compute them once per metric.
func matchSets(a, b string, sa, sb []rune) (how string, share float64) {
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if na < minMetricRunes || nb < minMetricRunes || genericMetrics[a] || genericMetrics[b] {
		return "", 0
	}
	share = jaccard(sa, sb)
	short := min(na, nb)
	switch {
	case a == b:
		return MatchSame, 1
	case strings.HasSuffix(a, b), strings.HasSuffix(b, a):
		return MatchContains, share
	case short >= minPrefixRunes && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) && !addsChange(a, b):
		return MatchContains, share
	case share >= MinSimilarity:
		return MatchSimilar, share
	}
	return "", share
}

// addsChange reports whether the longer of a and b is the shorter followed
// by a change word (门诊量 / 门诊量增长).
func addsChange(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	rest := strings.TrimPrefix(a, b)
	for _, w := range changeWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// charSet is the sorted distinct characters of s.
func charSet(s string) []rune {
	rs := []rune(s)
	slices.Sort(rs)
	return slices.Compact(rs)
}

// jaccard is |A∩B| / |A∪B| over two sorted character sets.
func jaccard(a, b []rune) float64 {
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - shared
	if union == 0 {
		return 0
	}
	return float64(shared) / float64(union)
}
