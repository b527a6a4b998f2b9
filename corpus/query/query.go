// Package query is planmine's search language, parsed: free-text terms and
// key:value filters (type:plan 年份：2026 value:3..5 reuse:>=0.5 …), folded
// to Simplified and half-width. Every search backend reads a Query; none
// parses the text itself.
package query

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/planmine/planmine/ingest/fold"
)

// ErrSyntax wraps every query-language error.
var ErrSyntax = errors.New("查询语法错误 (query syntax error)")

// Kind says how a filter value is matched.
type Kind int

const (
	Keyword Kind = iota // exact value (a code such as plan, or a slogan or unit)
	Phrase              // substring of a text field
	Number              // number, comparison or range
	Bool                // true/false
)

// Keys is the query language: `key:value` with these keys, and how each
// value is matched.
var Keys = map[string]Kind{
	"type":        Keyword,
	"year":        Number,
	"org":         Phrase,
	"slogan":      Keyword,
	"unit":        Keyword,
	"kind":        Keyword,
	"value":       Number,
	"reuse":       Number,
	"section":     Phrase,
	"metric":      Phrase,
	"title":       Phrase,
	"source":      Phrase,
	"placeholder": Bool,
	"script":      Keyword,
}

// filterAliases lets users write the key in Chinese (类型:计划) or plural.
var filterAliases = map[string]string{
	"类型": "type", "文种": "type", "年份": "year", "年度": "year", "机构": "org", "单位": "org",
	"口号": "slogan", "提法": "slogan", "计量单位": "unit", "指标类型": "kind", "数值": "value",
	"复用": "reuse", "章节": "section", "指标": "metric", "标题": "title", "来源": "source",
	"占位符": "placeholder", "placeholders": "placeholder", "types": "type", "units": "unit",
}

// valueAliases maps Chinese words for keyword values to the stored codes
// (type:计划 → plan, kind:完成 → achieved).
var valueAliases = map[string]map[string]string{
	"type": {"计划": "plan", "总结": "summary", "方案": "scheme", "实施方案": "scheme", "经验": "experience",
		"经验材料": "experience", "报告": "report", "通知": "notice", "其他": "other"},
	"kind":   {"计划": "plan", "目标": "plan", "完成": "achieved", "实绩": "achieved"},
	"script": {"简体": "simplified", "繁体": "traditional"},
}

// boolWords are the accepted spellings of true/false.
var boolWords = map[string]bool{"true": true, "yes": true, "1": true, "有": true, "是": true,
	"false": false, "no": false, "0": false, "无": false, "否": false}

// Filter is one parsed key:value filter.
type Filter struct {
	Key   string // canonical key (one of Keys)
	Kind  Kind
	Value string // folded; for keywords after aliasing (type:计划 → plan)
	// Number filters: bounds (nil: open) and whether each is included.
	Min, Max         *float64
	MinIncl, MaxIncl bool
	// Bool filters.
	Bool bool
}

// Query is a parsed query: free-text terms (each a phrase that must
// occur) and filters (all must hold).
type Query struct {
	Terms   []string
	Filters []Filter
}

// Parse folds the query (Traditional → Simplified, full-width → half-width,
// so `年份：2026` and `三會一課` work) and splits it into terms and filters.
// Quoted runs ("…", “…”, 「…」) are one term even with spaces inside.
func Parse(q string) (Query, error) {
	var p Query
	for _, tok := range splitQuery(fold.Text(q)) {
		if tok.quoted {
			if tok.text != "" {
				p.Terms = append(p.Terms, tok.text)
			}
			continue
		}
		key, val, ok := strings.Cut(tok.text, ":")
		if !ok || !isKey(key) {
			p.Terms = append(p.Terms, tok.text)
			continue
		}
		f, err := parseFilter(key, val)
		if err != nil {
			return Query{}, err
		}
		p.Filters = append(p.Filters, f)
	}
	return p, nil
}

// isKey says whether s can be a filter key: ASCII letters or a known alias.
// Anything else before a colon (目标：…) is ordinary text.
func isKey(s string) bool {
	if _, ok := filterAliases[s]; ok {
		return true
	}
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func parseFilter(key, val string) (Filter, error) {
	if a, ok := filterAliases[key]; ok {
		key = a
	}
	key = strings.ToLower(key)
	kind, ok := Keys[key]
	if !ok {
		return Filter{}, fmt.Errorf("%w: 未知的筛选字段 (unknown filter field) %q", ErrSyntax, key)
	}
	val = strings.Trim(val, `"“”「」『』`)
	if val == "" {
		return Filter{}, fmt.Errorf("%w: 筛选字段缺少值 (filter has no value) %q", ErrSyntax, key)
	}
	f := Filter{Key: key, Kind: kind, Value: val}
	switch kind {
	case Keyword:
		if a, ok := valueAliases[key][val]; ok {
			f.Value = a
		}
		if key == "type" || key == "kind" || key == "script" {
			f.Value = strings.ToLower(f.Value)
		}
	case Bool:
		b, ok := boolWords[strings.ToLower(val)]
		if !ok {
			return Filter{}, fmt.Errorf("%w: %s 只接受 true/false (expects true or false): %q", ErrSyntax, key, val)
		}
		f.Bool = b
	case Number:
		if err := parseNumeric(&f, val); err != nil {
			return Filter{}, err
		}
	}
	return f, nil
}

// parseNumeric reads `5`, `=5`, `>=5`, `>5`, `<=5`, `<5`, `3..5`.
func parseNumeric(f *Filter, val string) error {
	num := func(s string) (*float64, error) {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("%w: 无效的数值 (invalid number) %s:%q", ErrSyntax, f.Key, val)
		}
		return &v, nil
	}
	var err error
	switch {
	case strings.Contains(val, ".."):
		lo, hi, _ := strings.Cut(val, "..")
		if f.Min, err = num(lo); err != nil {
			return err
		}
		if f.Max, err = num(hi); err != nil {
			return err
		}
		if *f.Min > *f.Max {
			return fmt.Errorf("%w: 范围下限大于上限 (range lower bound above upper) %s:%s", ErrSyntax, f.Key, val)
		}
		f.MinIncl, f.MaxIncl = true, true
	case strings.HasPrefix(val, ">="):
		f.Min, err = num(val[2:])
		f.MinIncl = true
	case strings.HasPrefix(val, "<="):
		f.Max, err = num(val[2:])
		f.MaxIncl = true
	case strings.HasPrefix(val, ">"):
		f.Min, err = num(val[1:])
	case strings.HasPrefix(val, "<"):
		f.Max, err = num(val[1:])
	default:
		f.Min, err = num(strings.TrimPrefix(val, "="))
		f.Max, f.MinIncl, f.MaxIncl = f.Min, true, true
	}
	return err
}

type qtoken struct {
	text   string
	quoted bool
}

// quotePairs are the quote marks that group a phrase.
var quotePairs = map[rune]rune{'"': '"', '“': '”', '「': '」', '『': '』'}

// splitQuery splits on white space (including the ideographic space) and
// keeps quoted runs together; a quote inside key:"…" stays part of the token.
func splitQuery(s string) []qtoken {
	var out []qtoken
	var cur []rune
	var closing rune
	inQuote, whole := false, false // whole: the quote opened the token
	flush := func(quoted bool) {
		if len(cur) > 0 || quoted {
			out = append(out, qtoken{text: strings.TrimSpace(string(cur)), quoted: quoted})
		}
		cur = cur[:0]
	}
	for _, r := range s {
		switch {
		case inQuote && r == closing:
			inQuote = false
			flush(whole)
		case inQuote:
			cur = append(cur, r)
		case quotePairs[r] != 0 && (len(cur) == 0 || cur[len(cur)-1] == ':'):
			inQuote, closing, whole = true, quotePairs[r], len(cur) == 0
		case unicode.IsSpace(r):
			flush(false)
		default:
			cur = append(cur, r)
		}
	}
	flush(inQuote && whole)
	var res []qtoken
	for _, t := range out {
		if t.text != "" {
			res = append(res, t)
		}
	}
	return res
}

// Passes says whether v lies in a number filter's range.
func (f Filter) Passes(v float64) bool {
	if f.Min != nil && (v < *f.Min || (v == *f.Min && !f.MinIncl)) {
		return false
	}
	if f.Max != nil && (v > *f.Max || (v == *f.Max && !f.MaxIncl)) {
		return false
	}
	return true
}
