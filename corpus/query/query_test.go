package query

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		q       string
		terms   []string
		filters []string // key=value, or key=[min,max] for numbers
	}{
		{"三会一课", []string{"三会一课"}, nil},
		{"三會一課 組織生活", []string{"三会一课", "组织生活"}, nil},
		{"  发展党员\u3000type:plan  ", []string{"发展党员"}, []string{"type=plan"}},
		{"year:2026 org:人民医院", nil, []string{"year=[2026,2026]", "org=人民医院"}},
		{"年份：2026 类型：计划", nil, []string{"year=[2026,2026]", "type=plan"}},
		{"kind:完成 unit:次", nil, []string{"kind=achieved", "unit=次"}},
		{"value:>=5", nil, []string{"value=[5,]"}},
		{"value:<10", nil, []string{"value=(,10)"}},
		{"value:3..5 reuse:>0.5", nil, []string{"value=[3,5]", "reuse=(0.5,]"}},
		{"slogan:三會一課", nil, []string{"slogan=三会一课"}},
		{`"党风 廉政" 建设`, []string{"党风 廉政", "建设"}, nil},
		{"“不忘初心”", []string{"不忘初心"}, nil},
		{`org:"某市 第一人民医院"`, nil, []string{"org=某市 第一人民医院"}},
		{"placeholder:true", nil, []string{"placeholder=true"}},
		{"目标：全年发展党员", []string{"目标:全年发展党员"}, nil}, // a Chinese word before a colon is text
		{"ＴＹＰＥ：ＰＬＡＮ", nil, []string{"type=plan"}},
	}
	for _, tc := range tests {
		p, err := Parse(tc.q)
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		if strings.Join(p.Terms, "|") != strings.Join(tc.terms, "|") {
			t.Errorf("%q: terms %q want %q", tc.q, p.Terms, tc.terms)
		}
		var got []string
		for _, f := range p.Filters {
			got = append(got, describe(f))
		}
		if strings.Join(got, "|") != strings.Join(tc.filters, "|") {
			t.Errorf("%q: filters %q want %q", tc.q, got, tc.filters)
		}
	}
}

func describe(f Filter) string {
	switch f.Kind {
	case Number:
		s := f.Key + "="
		if f.MinIncl {
			s += "["
		} else {
			s += "("
		}
		if f.Min != nil {
			s += trimFloat(*f.Min)
		}
		s += ","
		if f.Max != nil {
			s += trimFloat(*f.Max)
		}
		if f.MaxIncl || f.Max == nil {
			s += "]"
		} else {
			s += ")"
		}
		return s
	case Bool:
		if f.Bool {
			return f.Key + "=true"
		}
		return f.Key + "=false"
	}
	return f.Key + "=" + f.Value
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func TestParseErrors(t *testing.T) {
	for _, q := range []string{"foo:bar", "year:", "value:>=abc", "value:9..3", "placeholder:maybe", "reuse:高"} {
		_, err := Parse(q)
		if !errors.Is(err, ErrSyntax) {
			t.Errorf("%q: want syntax error, got %v", q, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "(") || msg[0] < 0x80 {
			t.Errorf("%q: message not Chinese-first with English: %s", q, msg)
		}
	}
}

// FuzzParse: the query parser never panics and every filter it returns is
// one of the known fields.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"三会一课", "type:plan year:2026", `org:"某 医院"`, "value:3..5", "“未闭合", "a:b:c", "：：", "value:>=", "\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := Parse(q)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("%q: error not ErrSyntax: %v", q, err)
			}
			return
		}
		for _, fl := range p.Filters {
			if _, ok := Keys[fl.Key]; !ok {
				t.Fatalf("%q: unknown key %q", q, fl.Key)
			}
		}
	})
}
