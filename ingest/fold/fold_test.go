package fold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/planmine/planmine/internal/shared"
)

func TestText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"認真落實“三會一課”制度，黨課每季度不少於１次。", "认真落实“三会一课”制度,党课每季度不少于1次。"},
		{"衞生院", "卫生院"},
		{"全年计划发展党员2名", "全年计划发展党员2名"},
		{"（一）加強組織建設", "(一)加强组织建设"},
		{"皇后著作", "皇后著作"},
	}
	for _, c := range cases {
		got := Text(c.in)
		if got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(c.in) {
			t.Errorf("Text(%q) changed length", c.in)
		}
	}
}

func TestScript(t *testing.T) {
	if s := Script("醫院黨小組工作計劃，加強黨的組織建設"); s != Traditional {
		t.Errorf("traditional detected as %s", s)
	}
	if s := Script("医院党小组工作计划，加强党的组织建设"); s != Simplified {
		t.Errorf("simplified detected as %s", s)
	}
}

func TestSeedsKeepLength(t *testing.T) {
	b, err := os.ReadFile("../../../shared/corpus/seeds/000_948abd7a737fa59a.txt")
	if err != nil {
		t.Skip("shared corpus not beside the checkout")
	}
	s := string(b)
	f := Text(s)
	if utf8.RuneCountInString(f) != utf8.RuneCountInString(s) {
		t.Fatalf("length changed: %d -> %d", utf8.RuneCountInString(s), utf8.RuneCountInString(f))
	}
	if Script(s) != Traditional || Script(f) != Simplified {
		t.Fatalf("script of seed 000: %s, folded: %s", Script(s), Script(f))
	}
}

func BenchmarkText(b *testing.B) {
	data, err := os.ReadFile("../../../shared/corpus/seeds/000_948abd7a737fa59a.txt")
	if err != nil {
		b.Skip("shared corpus not beside the checkout")
	}
	Init()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		Text(string(data))
	}
}

// TestRuneTableMatchesPhraseConversion checks the fast path against OpenCC's
// whole-text phrase conversion on the Traditional seed.
func TestRuneTableMatchesPhraseConversion(t *testing.T) {
	b, err := os.ReadFile("../../../shared/corpus/seeds/000_948abd7a737fa59a.txt")
	if err != nil {
		t.Skip("shared corpus not beside the checkout")
	}
	if err := Init(); err != nil {
		t.Fatal(err)
	}
	cc, err := phraseConv()
	if err != nil {
		t.Fatal(err)
	}
	want, err := cc.Convert(string(b))
	if err != nil {
		t.Fatal(err)
	}
	got := Text(string(b))
	wr, gr := []rune(widthOnly(want)), []rune(got)
	if len(wr) != len(gr) {
		t.Fatalf("lengths differ: %d vs %d", len(wr), len(gr))
	}
	diff := 0
	for i := range wr {
		if wr[i] != gr[i] {
			diff++
			if diff < 5 {
				t.Errorf("rune %d: fast %q, OpenCC %q", i, gr[i], wr[i])
			}
		}
	}
}

// countsByRunes is scriptCounts as a plain rune loop over the tables, the
// definition the byte scan must agree with.
func countsByRunes(s string) (nt, ns int) {
	for _, r := range s {
		if _, ok := tab.tradOf(r); ok {
			nt++
		} else if tab.isSimp(r) {
			ns++
		}
	}
	return nt, ns
}

func scriptByRunes(s string) string {
	if Init() != nil {
		return Simplified
	}
	nt, ns := countsByRunes(s)
	if nt >= 3 && nt > 2*ns {
		return Traditional
	}
	return Simplified
}

func TestScriptMatchesRuneLoop(t *testing.T) {
	cases := []string{
		"", "abc", "醫院黨", "醫院黨小組", "醫院黨小組工作计划加强党的组织",
		"醫\xe9院\xed\xa0\x80黨組", "\xe9\xab\xab\xe9醫院黨", "醫院黨\xe9\xab",
		"\xed\x9f\xbf醫院黨", "𠀀醫院黨\U0002A6A5", "ａｂ醫院黨（一）",
	}
	for _, c := range cases {
		if got, want := Script(c), scriptByRunes(c); got != want {
			t.Errorf("Script(%q) = %s, rune loop says %s", c, got, want)
		}
	}
}

// TestScriptCountsCorpus compares the counts on every corpus file, whole
// and cut at arbitrary bytes (broken sequences at both ends).
func TestScriptCountsCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus"), "*", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	if err := Init(); err != nil {
		t.Fatal(err)
	}
	trad := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, c := range []string{s, s[min(1, len(s)):], s[:len(s)/2], s[len(s)/3 : len(s)-len(s)/5]} {
			gt, gs := scriptCounts(c)
			wt, ws := countsByRunes(c)
			if gt != wt || gs != ws {
				t.Fatalf("%s: counts %d/%d, rune loop %d/%d", f, gt, gs, wt, ws)
			}
			// Script counts long texts block by block and may stop early.
			if got, want := Script(c), scriptByRunes(c); got != want {
				t.Fatalf("%s: Script %s, rune loop %s", f, got, want)
			}
		}
		if Script(s) == Traditional {
			trad++
		}
	}
	if trad == 0 {
		t.Errorf("no Traditional file among %d: the comparison saw no Traditional counts", len(files))
	}
	// Texts whose script turns over past the first blocks, with block
	// boundaries falling inside runes.
	simp, tradText := strings.Repeat("医院党小组工作计划。", 700), strings.Repeat("醫院黨小組工作計劃。", 700)
	for _, c := range []string{simp + tradText, tradText + simp, simp[:5000] + tradText + tradText, "x" + tradText[:4100] + simp[:9000], tradText[:2*4096+1] + simp[:4096*5]} {
		if got, want := Script(c), scriptByRunes(c); got != want {
			t.Errorf("Script of a %d-byte mixed text = %s, rune loop says %s", len(c), got, want)
		}
	}
}

func FuzzScript(f *testing.F) {
	f.Add("醫院黨小組工作計劃，加強黨的組織建設")
	f.Add("医院党小组工作计划\xe9\xab醫院黨")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Script(s), scriptByRunes(s); got != want {
			t.Errorf("Script(%q) = %s, rune loop says %s", s, got, want)
		}
	})
}
