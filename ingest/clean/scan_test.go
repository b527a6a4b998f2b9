package clean

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
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
		found := x.found(s)
		for k, w := range words {
			if (found != nil && found[k]) != strings.Contains(s, w) {
				t.Fatalf("found(%q)[%q] wrong", s, w)
			}
		}
		if got := x.any(s); got != (want > 0) {
			t.Fatalf("any(%q) = %v", s, got)
		}
	}
}

func TestContainsAnyRune(t *testing.T) {
	for _, s := range []string{"", "abc", "某某。", "a\xe3\x80", "\xe3\xe3\x80\x82", "｜", "x|y", "\xef\xbd", "，", "工作？", "\xef\xbc\x9f", "\xef\xbc"} {
		for _, chars := range []string{"|｜", "。，,;；!?！？", "摄图", "\xe3", "。，,；;！!？?"} {
			if got, want := containsAnyRune(s, chars), strings.ContainsAny(s, chars); got != want && utf8Valid(chars) {
				t.Errorf("containsAnyRune(%q, %q) = %v, want %v", s, chars, got, want)
			}
			if got, want := newRuneSet(chars).in(s), strings.ContainsAny(s, chars); got != want && utf8Valid(chars) {
				t.Errorf("runeSet(%q).in(%q) = %v, want %v", chars, s, got, want)
			}
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestNormalizeAndFoldAsRuneByRune checks the run-copying normalizeText
// and ctx.fold against their rune-by-rune definitions, on random text
// with full-width forms, controls, invisible runes and invalid UTF-8.
func TestNormalizeAndFoldAsRuneByRune(t *testing.T) {
	normalizeRef := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			switch {
			case invisible[r]:
				continue
			case r == '\t' || r == 0x00A0 || r == 0x3000:
				r = ' '
			case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
				continue
			case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
				r -= 0xFEE0
			}
			b.WriteRune(r)
		}
		return trimLostIndent(strings.TrimSpace(b.String()))
	}
	foldRef := func(c *ctx, s string) string {
		var b strings.Builder
		for _, r := range s {
			if c.trad {
				r = fold.Rune(r)
			} else {
				r = fold.Width(r)
			}
			if r < utf8.RuneSelf {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	pieces := []string{"工作", "總結", "ＡＢｃ１２", "！？（）", "\u3000", "\u00a0", "\t", "\u200b", "\ufeff", "\u00ad", "\x01", "\u0085",
		"AbC", "?", " ", "\xe4", "\xb8", "\ufffd", "。", "發展", "１", "ｚ",
		"\uff00", "\uff01", "\uff5e", "\uff5f", "\uff61", "Ｚ", "ｰ", "\u3001", "Z@[", "，"}
	rnd := rand.New(rand.NewSource(3))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rnd.Intn(10); k > 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := normalizeText(s), normalizeRef(s); got != want {
			t.Fatalf("normalizeText(%q) = %q, want %q", s, got, want)
		}
		for _, c := range []*ctx{{}, {trad: true}} {
			if got, want := c.fold(s), foldRef(c, s); got != want {
				t.Fatalf("fold(%q, trad %v) = %q, want %q", s, c.trad, got, want)
			}
		}
	}
}

// foldRef is ctx.fold of a Simplified file by its definition, rune by rune.
func foldRef(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		f := fold.Width(r)
		if f < utf8.RuneSelf {
			f = unicode.ToLower(f)
		}
		b.WriteRune(f)
		i += size
	}
	return b.String()
}

func TestFoldSimplified(t *testing.T) {
	c := &ctx{}
	for _, s := range []string{
		"", "abc", "ABC中文", "一、加强组织建设，提高党员素质；（二）", "ＡＢＣ１２３ｘｙｚ！～",
		"\u3000全角空格\u3000", "\uFF00\uFF5F\uFF65", "é𠀀Ω", "a\xffb", "\xe3\x80", "末尾\xef\xbc",
	} {
		if got, want := c.fold(s), foldRef(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFoldSimplified(f *testing.F) {
	f.Add("ＡＢＣ，中文\u3000x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := (&ctx{}).fold(s), foldRef(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	})
}

// needsNormalizeRef is needsNormalize by its definition: normalizeText
// would change a rune.
func needsNormalizeRef(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if _, changed := normalRune(r); changed {
			return true
		}
	}
	return false
}

func FuzzNeedsNormalize(f *testing.F) {
	for _, s := range []string{"", "中文，句子。", "a\tb", "\u00a0", "\u00ad", "\u200b", "\ufeff", "\u3000", "０９ＡＺａｚ", "\x7f", "\xc2\x85", "\xed\xa0\x80", "末\xe4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := needsNormalize(s), needsNormalizeRef(s); got != want {
			t.Errorf("needsNormalize(%q) = %v, want %v", s, got, want)
		}
	})
}

func FuzzChromeAndPaywall(f *testing.F) {
	for _, w := range chromeWords[:min(8, len(chromeWords))] {
		f.Add(w + "，正文" + paywallTriggerWords[0])
	}
	for _, w := range paywallTriggerWords {
		f.Add("全文" + w)
	}
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n, found := chromeAndPaywall(s)
		if want := chromeHits(s); n != want {
			t.Errorf("chromeAndPaywall(%q) hits = %d, want %d", s, n, want)
		}
		if want := paywallTriggers.found(s); !slices.Equal(found, want) {
			t.Errorf("chromeAndPaywall(%q) found = %v, want %v", s, found, want)
		}
	})
}
