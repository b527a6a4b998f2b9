package search

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/planmine/planmine/ingest/fold"
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
		p, err := parse(tc.q)
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		if strings.Join(p.terms, "|") != strings.Join(tc.terms, "|") {
			t.Errorf("%q: terms %q want %q", tc.q, p.terms, tc.terms)
		}
		var got []string
		for _, f := range p.filters {
			got = append(got, describe(f))
		}
		if strings.Join(got, "|") != strings.Join(tc.filters, "|") {
			t.Errorf("%q: filters %q want %q", tc.q, got, tc.filters)
		}
	}
}

func describe(f filter) string {
	switch f.spec.kind {
	case kindNumber:
		s := f.key + "="
		if f.minIncl {
			s += "["
		} else {
			s += "("
		}
		if f.min != nil {
			s += trimFloat(*f.min)
		}
		s += ","
		if f.max != nil {
			s += trimFloat(*f.max)
		}
		if f.maxIncl || f.max == nil {
			s += "]"
		} else {
			s += ")"
		}
		return s
	case kindBool:
		if f.b {
			return f.key + "=true"
		}
		return f.key + "=false"
	}
	return f.key + "=" + f.value
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func TestParseErrors(t *testing.T) {
	for _, q := range []string{"foo:bar", "year:", "value:>=abc", "value:9..3", "placeholder:maybe", "reuse:高"} {
		_, err := parse(q)
		if !errors.Is(err, ErrSyntax) {
			t.Errorf("%q: want syntax error, got %v", q, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "(") || msg[0] < 0x80 {
			t.Errorf("%q: message not Chinese-first with English: %s", q, msg)
		}
	}
}

func TestHighlightsMapToOriginal(t *testing.T) {
	orig := "本院黨支部嚴格落實「三會一課」制度，ＡＢＣ全年發展黨員３名。"
	folded := fold.Text(orig)
	span := func(s string) [2]int {
		i := strings.Index(folded, s)
		if i < 0 {
			t.Fatalf("%q not in folded", s)
		}
		return [2]int{i, i + len(s)}
	}
	got := highlights(orig, [][2]int{span("三会"), span("会一"), span("一课"), span("发展党员")}, 3)
	if len(got) != 1 {
		t.Fatalf("want one merged snippet, got %q", got)
	}
	for _, want := range []string{"<mark>三會一課</mark>", "<mark>發展黨員</mark>", "ＡＢＣ"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("snippet %q lacks %q", got[0], want)
		}
	}
	long := strings.Repeat("一", 200) + "党委" + strings.Repeat("二", 200) + "党委"
	got = highlights(long, [][2]int{{600, 606}, {1206, 1212}}, 3)
	if len(got) != 2 || !strings.HasPrefix(got[0], "…") || !strings.HasSuffix(got[1], "<mark>党委</mark>") {
		t.Errorf("two distant matches: %q", got)
	}
	if got := highlights("<b>党委</b>", [][2]int{{3, 9}}, 3); len(got) != 1 || got[0] != "&lt;b&gt;<mark>党委</mark>&lt;/b&gt;" {
		t.Errorf("escaping: %q", got)
	}
}

// FuzzParse: the query parser never panics and every filter it returns is
// one of the known fields.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"三会一课", "type:plan year:2026", `org:"某 医院"`, "value:3..5", "“未闭合", "a:b:c", "：：", "value:>=", "\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := parse(q)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("%q: error not ErrSyntax: %v", q, err)
			}
			return
		}
		for _, fl := range p.filters {
			if _, ok := filterFields[fl.key]; !ok {
				t.Fatalf("%q: unknown key %q", q, fl.key)
			}
		}
		_, _ = buildQuery(p, newReuseScores())
	})
}
