package clean

import (
	"math/rand"
	"strings"
	"testing"
)

// TestLexicon checks the one-pass word search against strings.Contains
// word by word, on text made of the words' pieces, stray bytes and
// invalid UTF-8.
func TestLexicon(t *testing.T) {
	var triggers []string
	for _, p := range paywallCuts {
		triggers = append(triggers, p.trigger)
	}
	for _, words := range [][]string{append(append([]string{}, chromeWords...), chromePhrases...), triggers, blurbWeak, {"é", "éa", "𠀀", "𠀀本"}} {
		testLexicon(t, words)
	}
}

func testLexicon(t *testing.T, words []string) {
	x := newLexicon(words)
	pieces := []string{"本", "站", "版权", "下载", "文", "库", "icp", "备", "co", "pyright", "，", " ", "a", "\xe4", "\xb8", "\xe4\xb8", "é", "𠀀", "客服", "页", "【", ".jp", "g", "\xa9"}
	rnd := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rnd.Intn(12); k > 0; k-- {
			if rnd.Intn(4) == 0 {
				b.WriteString(words[rnd.Intn(len(words))])
			} else {
				b.WriteString(pieces[rnd.Intn(len(pieces))])
			}
		}
		s := b.String()
		want := 0
		for _, w := range words {
			if strings.Contains(s, w) {
				want++
			}
		}
		if got := x.count(s); got != want {
			t.Fatalf("count(%q) = %d, want %d", s, got, want)
		}
		if got := x.any(s); got != (want > 0) {
			t.Fatalf("any(%q) = %v", s, got)
		}
	}
}

func TestContainsAnyRune(t *testing.T) {
	for _, s := range []string{"", "abc", "某某。", "a\xe3\x80", "\xe3\xe3\x80\x82", "｜", "x|y", "\xef\xbd"} {
		for _, chars := range []string{"|｜", "。，,;；!?！？", "摄图", "\xe3"} {
			if got, want := containsAnyRune(s, chars), strings.ContainsAny(s, chars); got != want && utf8Valid(chars) {
				t.Errorf("containsAnyRune(%q, %q) = %v, want %v", s, chars, got, want)
			}
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
