package search

import (
	"strings"
	"testing"
)

func TestSparseBigrams(t *testing.T) {
	tests := []struct{ in, want string }{
		{"三会一课", "三会|_|一课"},
		{"三會一課", "三會|_|一課"}, // the analyzer does not fold script: parse does
		{"发展党员工作", "发展|_|党员|_|工作"},
		{"廉洁教育覆盖率", "廉洁|_|教育|_|覆盖|盖率"},
		{"党风 廉政", "党风|廉政"},
		{"主题党日 活动", "主题|_|党日|活动"},
		{"医德医风、行风", "医德|_|医风|行风"},
		{"ABC党委", "abc|党委"},
		{"党委", "党委"},
	}
	for _, tc := range tests {
		toks := bigramQueryAnalyzer.Analyze([]byte(tc.in))
		if len(toks) == 0 {
			t.Errorf("%q: no tokens", tc.in)
			continue
		}
		got := sparseBigrams(toks)
		for i, g := range got {
			if g == "" {
				got[i] = "_"
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%q: got %q want %q", tc.in, strings.Join(got, "|"), tc.want)
		}
	}
}
