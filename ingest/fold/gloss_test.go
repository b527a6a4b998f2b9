package fold

import (
	"math/rand"
	"strings"
	"testing"
)

func TestGlossLen(t *testing.T) {
	for _, c := range []struct {
		text string
		want string // the gloss found after the first Han character, or ""
	}{
		{"設(shè)", "(shè)"},
		{"劃（huà）", "（huà）"},
		{"綠(lǜ)", "(lǜ)"},
		{"項(a)", ""},         // an enumeration, no tone mark
		{"項(xiàng", ""},      // unclosed
		{"項(2026)", ""},      // a number
		{"A(shè)", ""},       // not after a Han character
		{"會(huì)議", "(huì)"}, // followed by more text
	} {
		rs := []rune(c.text)
		got := ""
		if k := GlossLen(rs, 1); k > 0 {
			got = string(rs[1 : 1+k])
		}
		if got != c.want {
			t.Errorf("GlossLen(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestStripGlosses(t *testing.T) {
	for in, want := range map[string]string{
		"字號(hào):":        "字號:",
		"工作計(jì)劃（2026年）": "工作計劃（2026年）",
		"第(1)條":           "第(1)條",
	} {
		if got := StripGlosses(in); got != want {
			t.Errorf("StripGlosses(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMayHaveGlosses(t *testing.T) {
	for s, want := range map[string]bool{
		"建設(shè)26所":      true,
		"計（huà）":          true,
		"第(1)條，共計三項":      false,
		"沒有括號的文字，āáǎà無括號": false,
		"": false,
	} {
		if got := MayHaveGlosses(s); got != want {
			t.Errorf("MayHaveGlosses(%q) = %v, want %v", s, got, want)
		}
	}
}

// mayHaveGlossesByBytes is MayHaveGlosses as a byte loop, the definition
// the search must agree with.
func mayHaveGlossesByBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		var rest string
		switch {
		case s[i] == '(':
			rest = s[i+1:]
		case strings.HasPrefix(s[i:], "（"):
			rest = s[i+len("（"):]
		default:
			continue
		}
		rest = rest[:min(len(rest), 24)]
		if strings.ContainsAny(rest, toneVowels) {
			return true
		}
	}
	return false
}

func TestMayHaveGlossesMatchesByteLoop(t *testing.T) {
	pieces := []string{"(", ")", "（", "）", "shè", "ji", "à", "工作", "，", "\xef", "\xbc", "abcdefghijklmnopqrstuvwxy", "ǖ", "a"}
	rnd := rand.New(rand.NewSource(7))
	seen := 0
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rnd.Intn(10); k > 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		got, want := MayHaveGlosses(s), mayHaveGlossesByBytes(s)
		if got != want {
			t.Fatalf("MayHaveGlosses(%q) = %v, byte loop %v", s, got, want)
		}
		if want {
			seen++
		}
	}
	if seen == 0 {
		t.Error("no string had a gloss")
	}
}
