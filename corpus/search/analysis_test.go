package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

// The analyzers as bleve's own filters build them, and as ours do.
var (
	bleveBigrams = &analysis.DefaultAnalyzer{Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{cjk.NewCJKWidthFilter(), lowercase.NewLowerCaseFilter(), cjk.NewCJKBigramFilter(true)}}
	ourBigrams = &analysis.DefaultAnalyzer{Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{widthLower{}, bigramUnigram{}}}
	bleveTrigrams = &analysis.DefaultAnalyzer{Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{cjk.NewCJKWidthFilter(), lowercase.NewLowerCaseFilter(), cjkTrigrams{}}}
	ourTrigrams = &analysis.DefaultAnalyzer{Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{widthLower{}, cjkTrigrams{}}}
)

// sameTokens reports the first difference between two analyzers' tokens
// for s: term, position, offsets and type.
func sameTokens(a, b analysis.Analyzer, s string) error {
	ta, tb := a.Analyze([]byte(s)), b.Analyze([]byte(s))
	for i := 0; i < max(len(ta), len(tb)); i++ {
		if i >= len(ta) || i >= len(tb) {
			return fmt.Errorf("%d tokens, want %d", len(tb), len(ta))
		}
		x, y := ta[i], tb[i]
		if string(x.Term) != string(y.Term) || x.Position != y.Position || x.Start != y.Start || x.End != y.End || x.Type != y.Type {
			return fmt.Errorf("token %d: %q@%d [%d,%d) %v, want %q@%d [%d,%d) %v", i,
				y.Term, y.Position, y.Start, y.End, y.Type, x.Term, x.Position, x.Start, x.End, x.Type)
		}
	}
	return nil
}

var analysisSamples = []string{
	"", "三", "三会一课", "发展，党员", "发展 党员", "a党b", "5G网络建设", "GDP增长5.5%", "ＧＤＰ增長",
	"ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟ", "ΣΑΣ ΟΔΟΣ", "ȺȾ党", "Ⅷ号〇〇三", "ＡＢＣ　ｄｅｆ", "学习贯彻党的二十大精神。\n\n一、总体要求",
	"日本語のテキストとカタカナ", "한국어 텍스트", "x\u200by党\u3000员", "第1季度、第2季度", "e-mail: a.b@c.cn 1,000.5",
}

// TestWidthLowerBigramSameTokens checks that the index analyzers built from
// our filters give exactly the tokens bleve's filters gave, on samples with
// every script, width and case the filters treat specially, and on every
// text of the shared corpus, as written and folded.
func TestWidthLowerBigramSameTokens(t *testing.T) {
	texts := append([]string(nil), analysisSamples...)
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus"), "*", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no shared corpus texts")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b), fold.Text(string(b)))
	}
	for _, s := range texts {
		if err := sameTokens(bleveBigrams, ourBigrams, s); err != nil {
			t.Errorf("bigrams of %.40q: %v", s, err)
		}
		if err := sameTokens(bleveTrigrams, ourTrigrams, s); err != nil {
			t.Errorf("trigrams of %.40q: %v", s, err)
		}
	}
}

func FuzzWidthLowerBigram(f *testing.F) {
	for _, s := range analysisSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "?")
		}
		if err := sameTokens(bleveBigrams, ourBigrams, s); err != nil {
			t.Errorf("bigrams of %q: %v", s, err)
		}
		if err := sameTokens(bleveTrigrams, ourTrigrams, s); err != nil {
			t.Errorf("trigrams of %q: %v", s, err)
		}
	})
}

// TestWidthLowerRunes checks caselessCJK: both bleve filters leave every
// rune it names as it is.
func TestWidthLowerRunes(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if !caselessCJK(r) {
			continue
		}
		tok := &analysis.Token{Term: []byte(string(r))}
		out := lowercase.NewLowerCaseFilter().Filter(cjk.NewCJKWidthFilter().Filter(analysis.TokenStream{tok}))
		if string(out[0].Term) != string(r) {
			t.Errorf("%U: filters give %q", r, out[0].Term)
		}
	}
}
