package report

import (
	"strings"
	"testing"
	"unicode"
)

// TestWrap checks the line breaker on its own: nothing lost, widths kept,
// the punctuation rules followed.
func TestWrap(t *testing.T) {
	width := func(r rune) float64 {
		if r < 0x2E80 {
			return 0.5
		}
		return 1
	}
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string // nil: only the invariants
	}{
		{"break between Han", "一二三四五六七八九十", 4, []string{"一二三四", "五六七八", "九十"}},
		{"comma hangs", "一二三四，五六", 4, []string{"一二三四，", "五六"}},
		{"two closing marks hang", "一二三四。”五六", 4, []string{"一二三四。”", "五六"}},
		{"opening mark moves down", "一二三《四五》六", 4, []string{"一二三", "《四五》", "六"}},
		{"word kept whole", "一二三planmine", 6, []string{"一二三", "planmine"}},
		{"word longer than a line", "abcdefghijklmnop", 2, []string{"abcd", "efgh", "ijkl", "mnop"}},
		{"newlines end lines", "一二\n\n三", 4, []string{"一二", "", "三"}},
		{"one wide rune per line at least", "一二", 0.5, []string{"一", "二"}},
		{"long real text", strings.Repeat("支部委员会每月召开一次，党员大会（到会率>90%）每季度召开一次；“三会一课”制度落实率100%。", 6), 23, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := wrap(tc.text, tc.width, width)
			if tc.want != nil && strings.Join(lines, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", lines, tc.want)
			}
			if got := strings.Join(lines, "\n"); strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(tc.text, "\n", "") {
				t.Errorf("characters lost or added: %q", got)
			}
			for i, l := range lines {
				w, rs := 0.0, []rune(l)
				for _, r := range rs {
					w += width(r)
				}
				hang := 0.0
				for j := len(rs) - 1; j >= 0 && strings.ContainsRune("，。、；：？！）」』》〉】〕〗”’％‰…—·～,.;:?!)]}%", rs[j]); j-- {
					hang += width(rs[j])
				}
				if w-hang > tc.width && len(rs) > 1 && !isWord(l) {
					t.Errorf("line %d %q is %.1f wide, limit %.1f", i, l, w, tc.width)
				}
				if i > 0 && len(rs) > 0 && strings.ContainsRune("，。、；：？！）」』》", rs[0]) {
					t.Errorf("line %d starts with closing punctuation: %q", i, l)
				}
				if i < len(lines)-1 && len(rs) > 1 && strings.ContainsRune("（「『《“", rs[len(rs)-1]) {
					t.Errorf("line %d ends with opening punctuation: %q", i, l)
				}
			}
		})
	}
}

func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || r >= 0x2E80 {
			return false
		}
	}
	return true
}
