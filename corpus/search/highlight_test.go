package search

import (
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus/query"
	"github.com/planmine/planmine/ingest/fold"
)

func TestPageHighlights(t *testing.T) {
	tests := []struct {
		name  string
		orig  string
		terms []string // as parse leaves them: folded
		want  []string // each must appear in some snippet
		not   []string // must appear in none
	}{
		{"traditional text, simplified term", "本院黨委嚴格落實三會一課制度，堅持每月開展主題黨日。",
			[]string{"三会一课"}, []string{"<mark>三會一課</mark>"}, nil},
		{"full-width and case folded", "全院推行ＰＤＣＡ循环管理，提升医疗质量。",
			[]string{"pdca"}, []string{"<mark>ＰＤＣＡ</mark>"}, nil},
		{"words in another order", "着力在青年医务人员中发展优秀党员，做好入党积极分子培养。",
			[]string{"党员发展"}, []string{"<mark>党员</mark>", "<mark>发展</mark>"}, nil},
		{"run found: its words alone are not marked", "发展党员工作有序推进。党员队伍持续壮大，发展质量不断提高。",
			[]string{"发展党员"}, []string{"<mark>发展党员</mark>"}, []string{"<mark>发展</mark>质量"}},
		{"two terms", "深入开展医德医风专项整治；加强党风廉政建设。",
			[]string{"医德医风", "廉政"}, []string{"<mark>医德医风</mark>", "<mark>廉政</mark>"}, nil},
		{"markup escaped", "<p>严格执行民主集中制</p>",
			[]string{"民主集中制"}, []string{"&lt;p&gt;", "<mark>民主集中制</mark>"}, []string{"<p>"}},
	}
	for _, tc := range tests {
		got := pageHighlights(tc.orig, patterns(tc.terms), 3)
		all := strings.Join(got, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q lacks %q", tc.name, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(all, w) {
				t.Errorf("%s: %q has %q", tc.name, got, w)
			}
		}
	}
	if got := pageHighlights("本文与查询无关。", patterns([]string{"三会一课"}), 3); got != nil {
		t.Errorf("no match: %q", got)
	}
}

// The scan stops early once the first snippets are settled; what it shows
// must equal cutting snippets from every match in the whole folded text.
func TestPageHighlightsEarlyStopMatchesFullScan(t *testing.T) {
	var b strings.Builder
	paras := []string{"堅持三會一課制度，", "认真落实组织生活会和民主评议党员制度。", "年度内开展主题党日活动十二次，",
		"严格执行三会一课，", "推进清廉医院建设，"}
	for i := 0; i < 300; i++ {
		b.WriteString(paras[(i*7)%len(paras)])
	}
	orig := b.String()
	for _, term := range []string{"三会一课", "党员", "清廉医院", "组织生活"} {
		got := pageHighlights(orig, patterns([]string{term}), 3)
		folded := fold.Text(orig)
		var spans [][2]int
		for at := 0; ; {
			i := strings.Index(folded[at:], term)
			if i < 0 {
				break
			}
			spans = append(spans, [2]int{at + i, at + i + len(term)})
			at += i + len(term)
		}
		want := highlights(orig, spans, 3)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", term, got, want)
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

// FuzzBuildQuery: every query the parser accepts becomes a bleve query
// without a panic.
func FuzzBuildQuery(f *testing.F) {
	for _, s := range []string{"三会一课", "type:plan year:2026", `org:"某 医院"`, "value:3..5", "reuse:>=0.5", "placeholder:true"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := query.Parse(q)
		if err != nil {
			return
		}
		_, _ = buildQuery(p, newReuseScores())
	})
}
