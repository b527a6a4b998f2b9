package followup

import (
	"path"
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
	MatchContains = "contains" // one ends with the other: the same head noun (体检率 / 老年人健康体检率)
	MatchSimilar  = "similar"  // most character pairs shared (培训支部书记 / 支部书记培训)
)

// matchLevel ranks the Match constants; 0 is no match.
var matchLevel = map[string]int{MatchSame: 3, MatchContains: 2, MatchSimilar: 1}

// MatchMetrics says whether two normalised metrics (see Metric) name the
// same thing, how, and their character-bigram Dice coefficient. Chinese
// compounds put the head last, so a metric that ends with the other is
// the same measure said more narrowly; a shared prefix is not.
//
// Bigrams rather than segmenter words: gse would have to load its
// dictionary (4–11 s, ~450 MB) before `planmine targets` could print a row.
func MatchMetrics(a, b string) (how string, dice float64) {
	if utf8.RuneCountInString(a) < minMetricRunes || utf8.RuneCountInString(b) < minMetricRunes {
		return "", 0
	}
	dice = bigramDice(a, b)
	switch {
	case a == b:
		return MatchSame, 1
	case strings.HasSuffix(a, b), strings.HasSuffix(b, a):
		return MatchContains, dice
	case dice >= MinSimilarity:
		return MatchSimilar, dice
	}
	return "", dice
}

// bigramDice is 2|A∩B| / (|A|+|B|) over the character-bigram multisets.
func bigramDice(a, b string) float64 {
	ga, gb := bigrams(a), bigrams(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	count := map[[2]rune]int{}
	for _, g := range ga {
		count[g]++
	}
	shared := 0
	for _, g := range gb {
		if count[g] > 0 {
			count[g]--
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(ga)+len(gb))
}

func bigrams(s string) [][2]rune {
	rs := []rune(s)
	if len(rs) < 2 {
		return nil
	}
	out := make([][2]rune, len(rs)-1)
	for i := range out {
		out[i] = [2]rune{rs[i], rs[i+1]}
	}
	return out
}
