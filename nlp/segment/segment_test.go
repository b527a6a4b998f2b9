package segment

import "testing"

// Traditional text is segmented after fold.Text, so only Simplified forms
// are listed here.
func TestDomainWordsAreWhole(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ in, word string }{
		{"认真落实三会一课制度，党课每季度不少于1次。", "三会一课"},
		{"开展两学一做学习教育常态化制度化", "两学一做"},
		{"深入开展不忘初心、牢记使命主题教育", "不忘初心"},
		{"每月固定开展主题党日活动", "主题党日"},
	}
	for _, c := range cases {
		toks := s.Cut(c.in)
		found := false
		for _, tk := range toks {
			if tk == c.word {
				found = true
			}
		}
		if !found {
			t.Errorf("Cut(%q) = %v, want whole %q", c.in, toks, c.word)
		}
	}
	if len(DomainWords()) < 20 {
		t.Errorf("domain dictionary has %d words", len(DomainWords()))
	}
}

// BenchmarkLoad opens the compiled dictionary, as a fresh process does.
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Open(compiled); err != nil {
			b.Fatal(err)
		}
	}
}
