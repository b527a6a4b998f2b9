package tracker

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/ingest/fold"
)

// ErrFilter marks a filter value the tracker cannot read: the API answers
// 400, the CLI exits with a usage error.
var ErrFilter = errors.New("筛选条件无效 (invalid filter)")

// filterError is a bad filter value; its message names the key, the
// value and what is accepted, Chinese first.
type filterError struct{ msg string }

func (e filterError) Error() string        { return e.msg }
func (e filterError) Is(target error) bool { return target == ErrFilter }

func bad(key, value, want string) error {
	return filterError{fmt.Sprintf("筛选条件 %s 无效 (invalid %s) %q：应为 %s", key, key, value, want)}
}

// Filter is what the tracker lists: the store's filter plus the
// follow-up status, which is computed, not stored.
type Filter struct {
	corpus.TargetFilter
	Status string // followup.Met, NotMet, NotReported, Incomparable; "" for all
}

// Keys are the filter names ParseFilter reads: the API's query parameters
// and the CLI's flags of the same names.
var Keys = []string{"metric", "unit", "cmp", "min", "max", "period", "kind", "year", "org", "type", "doc", "status"}

// ParseFilter reads a filter from get (a query parameter or a flag by
// key; "" when absent). It is the one place where users' words become
// codes, for the API and the CLI alike: kind 计划/完成, year 2025年,
// cmp 不少于, type 总结, status 未完成, min 1万 — in either script, the
// codes of SPEC.md too. Paging is the caller's.
func ParseFilter(get func(key string) string) (Filter, error) {
	var f Filter
	val := func(k string) string { return strings.TrimSpace(get(k)) }
	f.Metric, f.Unit, f.Org, f.DocID = val("metric"), val("unit"), val("org"), val("doc")
	f.Period = fold.Text(val("period"))
	var err error
	if v := val("kind"); v != "" {
		if f.Kind, err = code(kinds, "kind", v); err != nil {
			return f, err
		}
	}
	if v := val("cmp"); v != "" {
		if f.Cmp, err = code(cmps, "cmp", v); err != nil {
			return f, err
		}
	}
	if v := val("type"); v != "" {
		if f.DocType, err = code(docTypes, "type", v); err != nil {
			return f, err
		}
	}
	if v := val("status"); v != "" {
		if f.Status, err = code(statuses, "status", v); err != nil {
			return f, err
		}
	}
	if v := val("year"); v != "" {
		if f.Year, err = ParseYear(v); err != nil {
			return f, bad("year", v, "年份，如 2025 或 2025年 (a year such as 2025)")
		}
	}
	for _, k := range []string{"min", "max"} {
		v := val(k)
		if v == "" {
			continue
		}
		n, err := ParseNumber(v)
		if err != nil {
			return f, bad(k, v, "数字，如 5、1.5、1万、2.5亿 (a number)")
		}
		if k == "min" {
			f.Min = &n
		} else {
			f.Max = &n
		}
	}
	return f, nil
}

func code(ws []word, key, v string) (string, error) {
	c, ok := lookup(ws, v)
	if !ok {
		return "", bad(key, v, choices(ws))
	}
	return c, nil
}

// hanDigits are the numerals a year is written with digit by digit (二〇二五年).
var hanDigits = map[rune]rune{'〇': '0', '零': '0', '○': '0', 'Ｏ': '0', '一': '1', '二': '2', '三': '3', '四': '4',
	'五': '5', '六': '6', '七': '7', '八': '8', '九': '9'}

// ParseYear reads 2025, 2025年, 2025年度, ２０２５ or 二〇二五年.
func ParseYear(s string) (int, error) {
	s = strings.TrimSpace(fold.Text(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "度"), "年")
	s = strings.Map(func(r rune) rune {
		if d, ok := hanDigits[r]; ok {
			return d
		}
		return r
	}, s)
	y, err := strconv.Atoi(s)
	if err != nil || y < 1000 || y > 9999 {
		return 0, fmt.Errorf("not a year: %q", s)
	}
	return y, nil
}

// ParseNumber reads a number as readers write it: 5, 1.5, 1,000, ５,
// 1万, 2.5亿, 4.4万亿.
func ParseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(fold.Text(s)), ",", "")
	mult := 1.0
	for _, sc := range scales {
		if rest, ok := strings.CutSuffix(s, sc.name); ok {
			s, mult = rest, sc.size
			break
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("not a finite number: %q", s)
	}
	return v * mult, nil
}
