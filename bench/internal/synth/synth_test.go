package synth

import (
	"github.com/planmine/planmine/bench/internal/measure"
	"strings"
	"testing"
	"unicode/utf8"
)

var bases = []string{
	"医院党委2024年工作计划\n一、指导思想\n坚持以人民健康为中心，全年发展党员12名。\n二、主要任务\n各党支部每月开展主题党日活动1次。\n三、保障措施\n县人民医院党委统筹推进。",
	"卫生院2023年工作总结\n一、工作成效\n全年开展义诊30场，服务群众5000人次。\n二、存在问题\n基层人才不足。\n三、下一步打算\n镇卫生院党支部将加强培训。",
}

func TestMutate(t *testing.T) {
	tests := []struct {
		in      string
		gone    []string // must be replaced in some draw
		present []string // must survive every draw
	}{
		{"全年发展党员12名，培训32学时。", []string{"12名", "32学时"}, []string{"全年发展党员", "名，培训", "学时。"}},
		{"县人民医院党委2024年工作计划", []string{"县人民医院党委", "2024年"}, []string{"工作计划"}},
		{"坚持以人民健康为中心，服务群众", nil, []string{"坚持以人民健康为中心，服务群众"}},
		{"由市卫生健康委员会牵头", []string{"市卫生健康委员会"}, []string{"由", "牵头"}},
	}
	for _, tc := range tests {
		outs := map[string]bool{}
		for seed := int64(1); seed <= 5; seed++ {
			g, err := New(bases, seed)
			if err != nil {
				t.Fatal(err)
			}
			got := g.Mutate(tc.in, "市口腔医院党委")
			outs[got] = true
			for _, s := range tc.present {
				if !strings.Contains(got, s) {
					t.Errorf("Mutate(%q) = %q lost %q", tc.in, got, s)
				}
			}
		}
		for _, s := range tc.gone {
			kept := true
			for o := range outs {
				kept = kept && strings.Contains(o, s)
			}
			if kept {
				t.Errorf("Mutate(%q) kept %q in all 5 draws: %v", tc.in, s, outs)
			}
		}
	}
}

func TestDocAndQuery(t *testing.T) {
	g, err := New(bases, 2)
	if err != nil {
		t.Fatal(err)
	}
	d := g.Doc(7, 20, 60)
	if d.ID != "synth-000007" || d.Text == "" || d.Title == "" {
		t.Fatalf("Doc = %+v", d)
	}
	if n := utf8.RuneCountInString(d.Text); n < 20 {
		t.Errorf("Doc has %d runes, want ≥ 20", n)
	}
	q := g.Query(1, d)
	if q.ID != "query-000001" || q.Text == "" {
		t.Fatalf("Query = %+v", q)
	}
	// Every second paragraph is copied, so a good part of the source's
	// Han text reappears in order.
	if a := measure.HanAgreement(q.Text, d.Text); a < 0.3 {
		t.Errorf("Query keeps %.2f of the source's Han text, want ≥ 0.3:\n%s\n---\n%s", a, d.Text, q.Text)
	}
}

func TestNewRejectsEmpty(t *testing.T) {
	if _, err := New([]string{"只有一行"}, 1); err == nil {
		t.Error("New with no usable base: want error")
	}
}

func TestOrgsMatchPattern(t *testing.T) {
	// Every swapped-in name must itself be recognised, or a second
	// mutation would leave it in place and inflate shared text.
	for _, o := range Orgs {
		if !orgPattern.MatchString(o) {
			t.Errorf("orgPattern does not match %q", o)
		}
	}
}
