package tracker

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FileName is the download name of an export of the rows f selects, made
// on day: 目标台账, then each filter set, in the users' words, then the
// date — 目标台账_计划_2025_20261205.xlsx. ascii is the same name for
// clients that cannot take UTF-8 names (targets_plan_2025_20261205.xlsx);
// free-text filters (org, metric) that are not ASCII are left out of it.
// ext is the extension without its dot.
func FileName(f Filter, ext string, day time.Time) (name, ascii string) {
	zh, en := []string{"目标台账"}, []string{"targets"}
	add := func(z, e string) {
		if z = clean(z); z != "" {
			zh = append(zh, z)
		}
		if e = clean(e); e != "" && isASCII(e) {
			en = append(en, e)
		}
	}
	if f.Kind != "" {
		add(KindLabel(f.Kind), f.Kind)
	}
	if f.Year != 0 {
		add(strconv.Itoa(f.Year), strconv.Itoa(f.Year))
	}
	if f.DocType != "" {
		add(TypeLabel(f.DocType), f.DocType)
	}
	if f.Status != "" {
		add(StatusLabel(f.Status), f.Status)
	}
	if f.Cmp != "" {
		add(CmpLabel(f.Cmp), map[string]string{">=": "ge", "<=": "le", ">": "gt", "<": "lt", "~": "approx", "range": "range", "=": "eq"}[f.Cmp])
	}
	for _, v := range []string{f.Org, f.Metric, f.Unit, f.Period} {
		add(v, v)
	}
	date := day.Format("20060102")
	zh, en = append(zh, date), append(en, date)
	return strings.Join(zh, "_") + "." + ext, strings.Join(en, "_") + "." + ext
}

// clean keeps a filter value safe in a file name on every system: no path
// separators, reserved or control characters, no spaces, at most 20
// characters.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsControl(r):
			return -1
		case unicode.IsSpace(r):
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, ".-")
	if utf8.RuneCountInString(s) > 20 {
		s = string([]rune(s)[:20])
	}
	return s
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
